// The gemm family's mutants: generated RTL with one deliberate bug each, which its benches must catch
// (verif/rtl_test.cpp runs every family's list).
#include "harness/mutant.hpp"

namespace bf::verif::gemm {

namespace {

const nlohmann::json kIa4x4 = {{"block", "int_array"}, {"params", {{"rows", 4}, {"cols", 4}}}};
const nlohmann::json kIa3x3Pe4 = {{"block", "int_array"}, {"params", {{"rows", 3}, {"cols", 3}, {"pe_bits", 4}}}};
const nlohmann::json kIaNoBuf = {{"block", "int_array"}, {"params", {{"rows", 8}, {"cols", 2}, {"result_buffer", false}}}};
const Mutant kArrayMutants[] = {
    {"int_array: no gap between jobs' last beats", kIa4x4, "assign gap_ok = gap_q == GW'(C);",
     "assign gap_ok = 1'b1;"},
    {"int_array: no stall on an unread row", kIa4x4, "if (full_q[r] && pe_v[r*C] && pe_l[r*C]) stall = step;",
     "if (1'b0) stall = step;"},
    {"int_array: row skew one stage too deep", kIa4x4, ".Depth(r), .Width(AT))", ".Depth(r + 1), .Width(AT))"},
    {"int_array: top A digit taken as unsigned", kIa3x3Pe4, "1'b1 && i == NA - 1", "1'b0 && i == NA - 1"},
    {"int_array: c_last on row 0", kIa4x4, "assign c_last_o = ptr_q == PTRW'(R - 1);",
     "assign c_last_o = ptr_q == PTRW'(0);"},
    {"int_array: no limit on jobs waiting for C (deadlocks a tall array)",
     {{"block", "int_array"}, {"params", {{"rows", 8}, {"cols", 2}}}}, "(gap_ok && jobs_q != 2'd2)", "gap_ok"},
    {"int_array no result registers: a first beat without the gap", kIaNoBuf,
     "(!between_q || (gap_ok && jobs_q != 2'd2))", "(!between_q || jobs_q != 2'd2)"},
    {"int_array no result registers: a first token does not wait for its row to be read", kIaNoBuf,
     "if (full_q[r] && pe_v[r*C] && pe_first[r*C]) stall = 1'b1;", "if (1'b0) stall = 1'b1;"},
    {"int_array no result registers: first beats while two jobs wait for C (deadlocks a tall array)", kIaNoBuf,
     "(!between_q || (gap_ok && jobs_q != 2'd2))", "(!between_q || gap_ok)"},
    {"int_array: accumulator kept across jobs", kIa3x3Pe4, "if (v_q) first_q <= step_i && l_q;",
     "if (v_q) first_q <= 1'b0;"},
    // Control registers must reset: models start from random register values, so a missing reset shows.
    {"int_array: the PE's first-phase flag not reset", kIa4x4, "      first_q <= 1'b1;\n    end else", "    end else"},
    {"int_array: the PE's valid not reset", kIa4x4, "      v_q     <= 1'b0;\n", ""},
    {"int_array: the row skew's valid and last not reset", kIa4x4, ".Width(2), .Reset(1'b1)", ".Width(2), .Reset(1'b0)"},
    {"booth multiplier: digit 011 taken as +a instead of +2a", {{"block", "int_mac"}, {"params", {{"booth", true}}}},
     "3'b011:         pp = booth_a2;", "3'b011:         pp = booth_a1;"},
    {"booth multiplier: the top digit dropped",
     {{"block", "int_array"}, {"params", {{"rows", 2}, {"cols", 2}, {"booth", true}}}}, "g < 8 / 2; g++",
     "g < 8 / 2 - 1; g++"},
    {"int_mac: clear ignored", {{"block", "int_mac"}, {"params", {{"a_bits", 5}, {"b_bits", 4}}}},
     "(c1_q || empty_q ? '0 : acc_q)", "(empty_q ? '0 : acc_q)"},
    {"int_mac: empty flag not reset", {{"block", "int_mac"}, {"params", {{"a_bits", 5}, {"b_bits", 4}}}},
     "      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator\n", ""},
    {"int_mac: unsigned B taken as signed",
     {{"block", "int_mac"}, {"params", {{"a_bits", 4}, {"b_bits", 4}, {"b_signed", false}}}}, "$signed({1'b0, b_i})",
     "$signed(b_i)"},
};

}  // namespace

std::vector<Mutant> mutants() {
  std::vector<Mutant> v;
  for (const Mutant& m : kArrayMutants) v.push_back(m);
  return v;
}

}  // namespace bf::verif::gemm
