// The ant family's mutants: generated RTL with one deliberate bug each, which its benches must catch
// (verif/rtl_test.cpp runs every family's list).
#include "harness/mutant.hpp"

namespace bf::verif::ant {

namespace {

const Mutant kAntMutants[] = {
    {"flint_decoder: exponent k instead of 2k", {{"block", "flint_decoder"}, {"params", {{"bits", 5}}}},
     "exp_val = EW'({lz, 1'b0});", "exp_val = EW'(lz);"},
    {"flint_decoder: 100...0 decodes to 2^(2M-3)", {{"block", "flint_decoder"}, {"params", {{"bits", 6}, {"signed", true}}}},
     "exp_val = EW'(2 * M - 2);", "exp_val = EW'(2 * M - 3);"},
    {"ant_decoder: pot exponent off by one", {{"block", "ant_decoder"}, {"params", {{"bits", 4}}}},
     "exp_o  = EW'(pot_mag - 1'b1);", "exp_o  = EW'(pot_mag);"},
    {"ant_decoder: signed int zero-extended", {{"block", "ant_decoder"}, {"params", {{"bits", 4}, {"signed", true}}}},
     "base_o = BW'($signed(code_i));", "base_o = $signed({1'b0, code_i});"},
    {"ant_pe: exponents not added", {{"block", "ant_pe"}, {"params", {{"bits", 4}}}},
     "assign shamt   = SHW'(a_exp_i) + SHW'(b_exp_i);", "assign shamt   = SHW'(a_exp_i);"},
    {"ant_pe: empty flag not reset", {{"block", "ant_pe"}, {"params", {{"bits", 4}}}}, "      empty_q <= 1'b1;\n", ""},
    {"ant_pe: clear ignored", {{"block", "ant_pe"}, {"params", {{"bits", 4}, {"signed", true}}}},
     "(clear_i || empty_q ? '0 : acc_q)", "(empty_q ? '0 : acc_q)"},
    {"ant_array: B exponent dropped in the PE", {{"block", "ant_array"}, {"params", {{"rows", 2}, {"cols", 4}}}},
     "assign shamt   = SHW'(a_exp) + SHW'(b_exp);", "assign shamt   = SHW'(a_exp);"},
    {"ant_array: B decoded with A's type", {{"block", "ant_array"}, {"params", {{"rows", 2}, {"cols", 2}}}},
     "{b_type_i[c*2 +: 2], b_data_i[c*BW +: BW]}", "{a_type_i, b_data_i[c*BW +: BW]}"},
    {"ant_array: every B column decoded with column 0's type",
     {{"block", "ant_array"}, {"params", {{"rows", 2}, {"cols", 3}, {"int8_mode", false}}}},
     "assign b_key = {b_type_i[c*2 +: 2], b_data_i[c*BW +: BW]};", "assign b_key = {b_type_i[1:0], b_data_i[c*BW +: BW]};"},
    {"ant_array: A decoded with the type at the skew's entry, not the one its code entered with",
     {{"block", "ant_array"}, {"params", {{"rows", 4}, {"cols", 4}}}},
     ".type_i(a_key_pe[AW +: 2])", ".type_i(a_type_i)"},
    {"ant_array: 8-bit mode high A nibble weighted 2^3",
     {{"block", "ant_array"}, {"params", {{"rows", 2}, {"cols", 2}, {"a_signed", true}}}},
     "assign a_int8 = {3'(4),", "assign a_int8 = {3'(3),"},
    {"ant_array: 8-bit mode group sum misses a PE", {{"block", "ant_array"}, {"params", {{"rows", 4}, {"cols", 4}}}},
     " +\n                         pe_res[((r+1)*C+2*j)*CW +: CW] +", " +"},
    {"flint_encoder: ties toward the smaller value",
     {{"block", "flint_encoder"}, {"params", {{"bits", 4}, {"signed", true}, {"in_bits", 8}}}},
     "assign up    = t[0] && (!neg || below != '0);", "assign up    = t[0] && below != '0;"},
    {"flint_encoder: a carry out of a band not moved to the next band",
     {{"block", "flint_encoder"}, {"params", {{"bits", 5}, {"in_bits", 10}}}},
     "    else if (rr == top) cmag = {1'b1, rr_sh};\n", ""},
};

}  // namespace

std::vector<Mutant> mutants() {
  std::vector<Mutant> v;
  for (const Mutant& m : kAntMutants) v.push_back(m);
  return v;
}

}  // namespace bf::verif::ant
