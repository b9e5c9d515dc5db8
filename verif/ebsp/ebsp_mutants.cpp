// The ebsp family's mutants: generated RTL with one deliberate bug each, which its benches must catch
// (verif/rtl_test.cpp runs every family's list).
#include "harness/mutant.hpp"

namespace bf::verif::ebsp {

namespace {

const nlohmann::json kEp53 = {{"block", "ebsp_pe"}, {"params", {{"act_bits", 5}, {"act_pattern", 3}, {"wgt_bits", 5}, {"wgt_pattern", 3}}}};
const nlohmann::json kEa3x5 = {{"block", "ebsp_array"}, {"params", {{"rows", 3}, {"lanes", 5}}}};
const Mutant kEbspMutants[] = {
    {"ebsp_pe: one LUT entry wrong ((4+1) x (4+1) stored as 24)", kEp53, "4'd5: entry = 6'd25;", "4'd5: entry = 6'd24;"},
    {"ebsp_pe: weight exponent not added", kEp53, "es2_q  <= ESW'(ea1_q) + ESW'(ew1_q);", "es2_q  <= ESW'(ea1_q);"},
    {"ebsp_pe: weight sign ignored", kEp53, "p3_q   <= z2_q ? '0 : s2_q ? -(CW'(pmag)) : CW'(pmag);",
     "p3_q   <= z2_q ? '0 : CW'(pmag);"},
    {"ebsp_pe: a zero weight not detected", kEp53, "z1_q   <= za || zw;", "z1_q   <= za;"},
    // A control bit that stands in for resetting the accumulator must itself reset (registers start random).
    {"ebsp_pe: empty flag not reset", kEp53, "      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator (data)\n", ""},
    {"mult_pe: empty flag not reset", {{"block", "mult_pe"}, {"params", {{"act_bits", 5}, {"wgt_bits", 5}}}},
     "      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator (data)\n", ""},
    {"ebsp_pe: clear ignored", kEp53, "acc_q <= (c3_q || empty_q ? '0 : acc_q) + p3_q;",
     "acc_q <= (empty_q ? '0 : acc_q) + p3_q;"},
    {"mult_pe: weight sign ignored", {{"block", "mult_pe"}, {"params", {{"act_bits", 5}, {"wgt_bits", 5}}}},
     "p1_q <= wgt_i[MW] ? -(CW'(pmag)) : CW'(pmag);", "p1_q <= CW'(pmag);"},
    {"ebsp_array: pipeline runs on while a result waits", kEa3x5,
     "assign en         = !(out_valid_q && !out_ready_i);", "assign en         = 1'b1;"},
    {"ebsp_array: accumulator carried into the next job", kEa3x5, "if (v4_q) first_q <= l4_q;",
     "if (v4_q) first_q <= 1'b0;"},
    {"ebsp_array: weights paired with the wrong activation lane", kEa3x5, "localparam int LANE = i % L;",
     "localparam int LANE = (i + 1) % L;"},
};

}  // namespace

std::vector<Mutant> mutants() {
  std::vector<Mutant> v;
  for (const Mutant& m : kEbspMutants) v.push_back(m);
  return v;
}

}  // namespace bf::verif::ebsp
