// The ebsp family's mutants: generated RTL with one deliberate bug each, which its benches must catch
// (verif/rtl_test.cpp runs every family's list).
#include "harness/mutant.hpp"

namespace bf::verif::ebsp {

namespace {

const nlohmann::json kEp53 = {{"block", "ebsp_pe"}, {"params", {{"act_bits", 5}, {"act_pattern", 3}, {"wgt_bits", 5}, {"wgt_pattern", 3}}}};
const nlohmann::json kEp53Split = {
    {"block", "ebsp_pe"},
    {"params", {{"act_bits", 5}, {"act_pattern", 3}, {"wgt_bits", 5}, {"wgt_pattern", 3}, {"presplit", true}}}};
const nlohmann::json kEs53 = {{"block", "ebsp_split"}, {"params", {{"bits", 5}, {"pattern", 3}, {"signed", true}}}};
const nlohmann::json kEa2x3Split = {{"block", "ebsp_array"}, {"params", {{"rows", 2}, {"lanes", 3}, {"presplit", true}}}};
const nlohmann::json kEa3x5 = {{"block", "ebsp_array"}, {"params", {{"rows", 3}, {"lanes", 5}}}};
const Mutant kEbspMutants[] = {
    {"ebsp_pe: one LUT entry wrong ((4+1) x (4+1) stored as 24)", kEp53, "4'd5: entry = 6'd25;", "4'd5: entry = 6'd24;"},
    {"ebsp_pe: weight exponent not added", kEp53, "es1_q  <= ESW'(ea) + ESW'(ew);", "es1_q  <= ESW'(ea);"},
    {"ebsp_pe: weight sign ignored", kEp53, "n1_q   <= neg;", "n1_q   <= 1'b0;"},
    {"ebsp_pe: sign inverted without the carry-in", kEp53, "+ px + CW'(n1_q);", "+ px;"},
    {"ebsp_pe: a zero weight not detected", kEp53, "assign z   = za || zw;", "assign z   = za;"},
    // A control bit that stands in for resetting the accumulator must itself reset (registers start random).
    {"ebsp_pe: empty flag not reset", kEp53, "      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator (data)\n", ""},
    {"mult_pe: empty flag not reset", {{"block", "mult_pe"}, {"params", {{"act_bits", 5}, {"wgt_bits", 5}}}},
     "      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator (data)\n", ""},
    {"ebsp_pe: clear ignored", kEp53, "acc_q <= (c1_q || empty_q ? '0 : acc_q)",
     "acc_q <= (empty_q ? '0 : acc_q)"},
    {"mult_pe: weight sign ignored", {{"block", "mult_pe"}, {"params", {{"act_bits", 5}, {"wgt_bits", 5}}}},
     "p1_q <= wgt_i[MW] ? -(CW'(pmag)) : CW'(pmag);", "p1_q <= CW'(pmag);"},
    {"ebsp_pe presplit: the activation's zero flag ignored", kEp53Split, "assign z   = za || zw;", "assign z   = zw;"},
    {"ebsp_pe presplit: weight sign from the zero flag", kEp53Split, "assign neg = wgt_i[EWW+SW1+1] && !z;",
     "assign neg = wgt_i[EWW+SW1] && !z;"},
    {"ebsp_split: a zero's exponent not cleared", kEs53, "assign ez = zero ? '0 : e;", "assign ez = e;"},
    {"ebsp_split: a negative zero keeps its sign", kEs53, "assign sign = value_i[M] && !zero;",
     "assign sign = value_i[M];"},
    {"ebsp_array presplit: weight sign from the zero flag", kEa2x3Split, "assign s = wgt_i[i*WB + EWW + SW1 + 1];",
     "assign s = wgt_i[i*WB + EWW + SW1];"},
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
