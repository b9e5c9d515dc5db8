// Elastic PE of a SPARK array (docs/spark_array.md "Elastic PE"): two operand queues (${depth} slots each, read by the
// core and by the right (A) or lower (B) neighbour, ${opq}), the spark_pe core, and (with result_buffer) the
// result register.
// @if a_signed
// @if b_signed
//   A token {last, long, sign, mag[N-1:0]}, B token {last, long, sign, mag[N-1:0]}.
// @else
//   A token {last, long, sign, mag[N-1:0]}, B token {last, long, mag[N-1:0]}.
// @endif
// @else
// @if b_signed
//   A token {last, long, mag[N-1:0]}, B token {last, long, sign, mag[N-1:0]}.
// @else
//   A token {last, long, mag[N-1:0]}, B token {last, long, mag[N-1:0]}.
// @endif
// @endif
//   The queues store a token without mag[N-1]: every decoded magnitude has mag[N-1] == mag[N/2] (a short one is
//   below 2^(N/2-1), a long one's upper half is {U[0], .., U[0]}), so the bit is restored on the way out.
//   An operand is taken from the left/upper neighbour when its queue has room (or pops this cycle) and the
//   operand on offer to the next PE is gone or is being taken; the core multiplies the queue heads; a job's last
//   pair waits until the previous result was read.
module ${name} #(
  parameter bit FwdA = 1'b1,  // a PE to the right takes this PE's A operands
  parameter bit FwdB = 1'b1   // a PE below takes this PE's B operands
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          a_valid_i,
  input  logic [${oa}-1:0]   a_i,
  output logic          a_accept_o,
  input  logic          a_next_accept_i,
  output logic          a_fwd_valid_o,
  output logic [${oa}-1:0]   a_fwd_o,
  input  logic          b_valid_i,
  input  logic [${ob}-1:0]   b_i,
  output logic          b_accept_o,
  input  logic          b_next_accept_i,
  output logic          b_fwd_valid_o,
  output logic [${ob}-1:0]   b_fwd_o,
  input  logic          res_clear_i,
  output logic          res_full_o,
  output logic [${cw}-1:0]   res_o,
  output logic          err_o     // sticky: a pair whose A and B disagreed on last (their K differ)
);
  localparam int N  = ${bits};
  localparam int OA = ${oa};
  localparam int OB = ${ob};
  localparam int B  = N / 2;
  // ---- operand queues, on tokens without mag[N-1]
  logic            a_head_valid, b_head_valid, pop;
  logic [OA-1:0]   a_head;
  logic [OB-1:0]   b_head;
  logic [OA-2:0]   a_head_n, a_fwd_n;
  logic [OB-2:0]   b_head_n, b_fwd_n;
  ${opq} #(.W(OA - 1), .Fwd(FwdA)) u_a (
    .clk_i, .rst_ni, .valid_i(a_valid_i), .data_i({a_i[OA-1:N], a_i[N-2:0]}), .accept_o(a_accept_o),
    .next_accept_i(a_next_accept_i), .fwd_valid_o(a_fwd_valid_o), .fwd_o(a_fwd_n), .head_valid_o(a_head_valid),
    .head_o(a_head_n), .pop_i(pop)
  );
  ${opq} #(.W(OB - 1), .Fwd(FwdB)) u_b (
    .clk_i, .rst_ni, .valid_i(b_valid_i), .data_i({b_i[OB-1:N], b_i[N-2:0]}), .accept_o(b_accept_o),
    .next_accept_i(b_next_accept_i), .fwd_valid_o(b_fwd_valid_o), .fwd_o(b_fwd_n), .head_valid_o(b_head_valid),
    .head_o(b_head_n), .pop_i(pop)
  );
  assign a_head  = {a_head_n[OA-2:N-1], a_head_n[B], a_head_n[N-2:0]};
  assign a_fwd_o = {a_fwd_n[OA-2:N-1], a_fwd_n[B], a_fwd_n[N-2:0]};
  assign b_head  = {b_head_n[OB-2:N-1], b_head_n[B], b_head_n[N-2:0]};
  assign b_fwd_o = {b_fwd_n[OB-2:N-1], b_fwd_n[B], b_fwd_n[N-2:0]};
  // An unused input bit: mag[N-1], restored from mag[N/2].
  logic unused_msb;
  assign unused_msb = a_i[N-1] ^ b_i[N-1];

  // ---- the MAC on the FIFO heads
  logic          a_last, b_last, core_valid, core_ready, fresh_q, res_full_q, err_q;
  logic          core_out_valid;
  logic [${cw}-1:0]   sum, core_acc;
  assign a_last     = a_head[OA-1];
  assign b_last     = b_head[OB-1];
// @if result_buffer
  assign core_valid = a_head_valid && b_head_valid && !(a_last && res_full_q);
// @else
  // No result register: the accumulator holds the result until its row is read, so the next job's first pair
  // waits for that read (and clear_i is held low meanwhile: an idle cycle with clear_i would zero it).
  assign core_valid = a_head_valid && b_head_valid && !(fresh_q && res_full_q);
// @endif
  assign pop        = core_valid && core_ready;

  ${pe} u_pe (
    .clk_i, .rst_ni,
    .valid_i(core_valid), .ready_o(core_ready),
// @if a_signed
    .a_i(a_head[N-1:0]), .a_long_i(a_head[OA-2]), .a_sign_i(a_head[N]),
// @else
    .a_i(a_head[N-1:0]), .a_long_i(a_head[OA-2]),
// @endif
// @if b_signed
    .b_i(b_head[N-1:0]), .b_long_i(b_head[OB-2]), .b_sign_i(b_head[N]),
// @else
    .b_i(b_head[N-1:0]), .b_long_i(b_head[OB-2]),
// @endif
// @if result_buffer
    .clear_i(fresh_q), .sum_o(sum),
// @else
    .clear_i(fresh_q && !res_full_q), .sum_o(sum),
// @endif
    .out_valid_o(core_out_valid), .acc_o(core_acc)
  );
// @if result_buffer
  // The standalone PE's completion flag and registered sum are not needed here (the result register takes sum).
  logic unused_core;
  assign unused_core = core_out_valid ^ (^core_acc);
// @else
  // The standalone PE's completion flag and combinational sum are not needed here (C is the accumulator).
  logic unused_core;
  assign unused_core = core_out_valid ^ (^sum);
// @endif

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fresh_q    <= 1'b1;
      res_full_q <= 1'b0;
      err_q      <= 1'b0;
    end else begin
      if (pop && a_last != b_last) err_q <= 1'b1;
      if (pop) fresh_q <= a_last;
      if (pop && a_last) begin
        res_full_q <= 1'b1;
      end else if (res_clear_i) begin
        res_full_q <= 1'b0;
      end
    end
  end
// @if result_buffer
  // The result register needs no reset: it is only seen while res_full_q is set (the array gates C with it).
  logic [${cw}-1:0] res_q;
  always_ff @(posedge clk_i) begin
    if (pop && a_last) res_q <= sum;
  end
  assign res_o      = res_q;
// @else
  assign res_o      = core_acc;
// @endif
  assign res_full_o = res_full_q;
  assign err_o      = err_q;
endmodule
