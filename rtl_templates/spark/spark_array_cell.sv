// Elastic PE of a SPARK array (docs/spark_array.md "Elastic PE"): two operand queues (a FIFO of depth ${depth} and a
// forward register towards the right (A) or lower (B) neighbour, ${opq}), the spark_pe core, and the result
// register.
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
//   An operand is taken from the left/upper neighbour when the FIFO has room (or pops this cycle) and the
//   forward register is empty or is being taken by the next PE; it enters the FIFO and the forward register.
//   The core multiplies the FIFO heads; a job's last pair waits until the previous result was read.
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
  // ---- operand queues: FIFO + forward register each
  logic          a_head_valid, b_head_valid, pop;
  logic [OA-1:0] a_head;
  logic [OB-1:0] b_head;
  ${opq} #(.W(OA), .Fwd(FwdA)) u_a (
    .clk_i, .rst_ni, .valid_i(a_valid_i), .data_i(a_i), .accept_o(a_accept_o), .next_accept_i(a_next_accept_i),
    .fwd_valid_o(a_fwd_valid_o), .fwd_o(a_fwd_o), .head_valid_o(a_head_valid), .head_o(a_head), .pop_i(pop)
  );
  ${opq} #(.W(OB), .Fwd(FwdB)) u_b (
    .clk_i, .rst_ni, .valid_i(b_valid_i), .data_i(b_i), .accept_o(b_accept_o), .next_accept_i(b_next_accept_i),
    .fwd_valid_o(b_fwd_valid_o), .fwd_o(b_fwd_o), .head_valid_o(b_head_valid), .head_o(b_head), .pop_i(pop)
  );

  // ---- the MAC on the FIFO heads
  logic          a_last, b_last, core_valid, core_ready, fresh_q, res_full_q, err_q;
  logic          core_out_valid;
  logic [${cw}-1:0]   sum, res_q, core_acc;
  assign a_last     = a_head[OA-1];
  assign b_last     = b_head[OB-1];
  assign core_valid = a_head_valid && b_head_valid && !(a_last && res_full_q);
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
    .clear_i(fresh_q), .sum_o(sum),
    .out_valid_o(core_out_valid), .acc_o(core_acc)
  );
  // The standalone PE's completion flag and registered sum are not needed here (the result register takes sum).
  logic unused_core;
  assign unused_core = core_out_valid ^ (^core_acc);

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
  // The result register needs no reset: it is only seen while res_full_q is set (the array gates C with it).
  always_ff @(posedge clk_i) begin
    if (pop && a_last) res_q <= sum;
  end
  assign res_full_o = res_full_q;
  assign err_o      = err_q;
  assign res_o      = res_q;
endmodule
