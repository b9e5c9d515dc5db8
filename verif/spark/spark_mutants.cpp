// The spark family's mutants: generated RTL with one deliberate bug each, which its benches must catch
// (verif/rtl_test.cpp runs every family's list).
#include "harness/mutant.hpp"

namespace bf::verif::spark {

namespace {

const Mutant kCodecMutants[] = {
    {"encoder: lower half rule inverted", {{"block", "spark_encoder"}, {"params", {{"bits", 8}}}},
     "if (hi[B-1] == hi[0]) begin", "if (hi[B-1] != hi[0]) begin"},
    {"encoder: saturation of -2^N dropped", {{"block", "spark_encoder"}, {"params", {{"bits", 6}, {"signed", true}}}},
     "abs_value[N] ? {N{1'b1}} : abs_value[N-1:0]", "abs_value[N-1:0]"},
    {"encoder: output register not reset",
     {{"block", "spark_encoder"}, {"params", {{"bits", 8}, {"pipeline", 1}}}},
     "valid_q <= 1'b0;", "valid_q <= 1'b1;"},
    {"decoder: ready ignores back-pressure", {{"block", "spark_decoder"}, {"params", {{"bits", 8}}}},
     "assign unit_ready_o = !valid_q || take_i;", "assign unit_ready_o = 1'b1;"},
    {"decoder: restored upper half uses U[B-1]", {{"block", "spark_decoder"}, {"params", {{"bits", 10}}}},
     "upper_q <= {unit_i[0], unit_i[B-2:1], unit_i[0]};", "upper_q <= unit_i[B-1:0];"},
    {"decoder: pending upper half not reset", {{"block", "spark_decoder"}, {"params", {{"bits", 8}}}},
     "rst_ni) begin\n      pending_q <= 1'b0;\n", "rst_ni) begin\n"},
    {"decoder: reset made synchronous", {{"block", "spark_decoder"}, {"params", {{"bits", 12}, {"signed", true}}}},
     "always_ff @(posedge clk_i or negedge rst_ni)", "always_ff @(posedge clk_i)"},
    {"encoder: reset made synchronous", {{"block", "spark_encoder"}, {"params", {{"bits", 8}, {"pipeline", 1}}}},
     "always_ff @(posedge clk_i or negedge rst_ni)", "always_ff @(posedge clk_i)"},
    {"decoder: sign taken from nowhere", {{"block", "spark_decoder"}, {"params", {{"bits", 8}, {"signed", true}}}},
     "sign_q <= unit_i[B];", "sign_q <= 1'b0;"},
};

const nlohmann::json kSpPe8 = {{"block", "spark_pe"}, {"params", {{"bits", 8}}}};
const nlohmann::json kSa3x3 = {{"block", "spark_array"}, {"params", {{"rows", 3}, {"cols", 3}}}};
const nlohmann::json kSa3x3NoBuf = {{"block", "spark_array"}, {"params", {{"rows", 3}, {"cols", 3}, {"result_buffer", false}}}};
const nlohmann::json kSa3x3Skid = {{"block", "spark_array"}, {"params", {{"rows", 3}, {"cols", 3}, {"skid", true}}}};
const nlohmann::json kSa3x3Ls = {{"block", "spark_array"}, {"params", {{"rows", 3}, {"cols", 3}, {"lockstep", true}}}};
const nlohmann::json kSa2x2Oe = {{"block", "spark_array"}, {"params", {{"rows", 2}, {"cols", 2}, {"output_encoder", true}}}};
const nlohmann::json kSpOe = {{"block", "spark_out_encoder"}, {"params", {{"cols", 3}}}};
const Mutant kSparkAccelMutants[] = {
    {"spark_pe: long x long in 3 cycles", kSpPe8, "{a_long_i && b_long_i, a_long_i || b_long_i}",
     "{a_long_i && b_long_i, a_long_i ^ b_long_i}"},
    {"spark_pe: high x high product shifted by B only", kSpPe8, "2'b11:   wide = PW'(prod) << (2 * B);",
     "2'b11:   wide = PW'(prod) << B;"},
    {"spark_pe: signs ignored", {{"block", "spark_pe"}, {"params", {{"bits", 6}, {"a_signed", true}}}},
     "assign neg     = a_sign_i ^ b_sign_i;", "assign neg     = 1'b0;"},
    {"spark_array: a FIFO refuses a push while it pops", kSa3x3, "assign room = cnt_q != DW'(D) || pop_i;",
     "assign room = cnt_q != DW'(D);"},
    {"spark_array: a job's last pair overwrites an unread result", kSa3x3,
     " && !(a_last && res_full_q);", ";"},
    {"spark_array: accumulator carried into the next job", kSa3x3, "if (pop) fresh_q <= a_last;",
     "if (pop) fresh_q <= 1'b0;"},
    {"spark_array: a forward register never empties", kSa3x3,
     "end else if (next_accept_i) begin\n        v_q <= 1'b0;", "end else if (next_accept_i) begin\n        v_q <= 1'b1;"},
    {"spark_array: an idle cycle adds the head pair's half product", kSa3x3,
     "assign a_half = !valid_i ? '0 : ia ? a_i[N-1:B] : a_i[B-1:0];", "assign a_half = ia ? a_i[N-1:B] : a_i[B-1:0];"},
    {"spark_array: a queue offers the slot it writes next, not the one it wrote", kSa3x3,
     "assign offer  = wr_q == '0 ? PW'(S - 1) : wr_q - 1'b1;", "assign offer  = wr_q;"},
    {"spark_array: mag[N-1] restored from mag[N/2-1]", kSa3x3,
     "assign a_head  = {a_head_n[OA-2:N-1], a_head_n[B], a_head_n[N-2:0]};",
     "assign a_head  = {a_head_n[OA-2:N-1], a_head_n[B-1], a_head_n[N-2:0]};"},
    {"spark_array without result registers: the next job starts before the row was read", kSa3x3NoBuf,
     "assign core_valid = a_head_valid && b_head_valid && !(fresh_q && res_full_q);",
     "assign core_valid = a_head_valid && b_head_valid && !(a_last && res_full_q);"},
    {"spark_array without result registers: the held result is cleared while it waits", kSa3x3NoBuf,
     ".clear_i(fresh_q && !res_full_q), .sum_o(sum),", ".clear_i(fresh_q), .sum_o(sum),"},
    {"spark_array with skid: a PE offers the newest waiting operand, not the oldest", kSa3x3Skid,
     "assign offer  = pend == 2'd2 ? prev2 : prev1;", "assign offer  = prev1;"},
    {"spark_array with skid: a PE accepts only when nothing waits for the next PE", kSa3x3Skid,
     "assign accept_o = valid_i && room && pend_q != 2'd2;", "assign accept_o = valid_i && room && pend_q == 2'd0;"},
    {"spark_array lock-step: a step with a long x long pair ends after 2 cycles", kSa3x3Ls,
     "assign step  = (|n4) ? ph_q == 2'd3 :", "assign step  = (|n4) ? ph_q == 2'd1 :"},
    {"spark_array lock-step: a PE keeps multiplying after its own pair", kSa3x3Ls,
     "assign core_valid = en_i && v_q && in_pair;", "assign core_valid = en_i && v_q;"},
    {"spark_array lock-step: no stall for an unread row", kSa3x3Ls,
     "assign en    = !(|(full_q & pend_last));", "assign en    = 1'b1;"},
    {"spark_array: reading a C row clears row 0", kSa3x3, "assign row_clear[r] = take && ptr_q == PTRW'(r);",
     "assign row_clear[r] = take && ptr_q == PTRW'(0);"},
    {"spark_array: unit_job_last on every row", kSa2x2Oe, "assign unit_job_last_o = unit_last_o && row_last_q;",
     "assign unit_job_last_o = unit_last_o;"},
    {"spark_out_encoder: round half down", kSpOe, "QW'(1) << (rq_shift_i - 6'd1);",
     "(QW'(1) << (rq_shift_i - 6'd1)) - QW'(1);"},
    {"spark_out_encoder: no clamp at the top", kSpOe, "if (shifted > QW'(255)) begin", "if (1'b0) begin"},
};

}  // namespace

std::vector<Mutant> mutants() {
  std::vector<Mutant> v;
  for (const Mutant& m : kCodecMutants) v.push_back(m);
  for (const Mutant& m : kSparkAccelMutants) v.push_back(m);
  return v;
}

}  // namespace bf::verif::spark
