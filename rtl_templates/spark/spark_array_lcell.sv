// Lock-step PE of a SPARK array (docs/spark_array.md "Lock-step synchronization", the paper's Fig. 9c): operand
// registers that move one PE on at every step (A right with its valid bit, B down), the spark_pe core, and the
// result register. A step lasts as long as the slowest pair in the array (1, 2 or 4 cycles); this PE multiplies
// during the first n phases of the step (n = 1, 2 or 4 for its own pair) and waits out the rest.
//   A inside the array: {last, long, [sign,] mag[N-2:0]}; B: {long, [sign,] mag[N-2:0]} (mag[N-1] == mag[N/2] in
//   every decoded value, restored here).
module ${name} (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          en_i,     // the array is not stalled
  input  logic          shift_i,  // en_i && the step ends: operands move one PE on
  input  logic [1:0]    ph_i,     // phase within the step
  input  logic          a_v_i,
  input  logic [${at}-1:0]   a_i,
  input  logic [${bt}-1:0]   b_i,
  output logic          a_v_o,
  output logic [${at}-1:0]   a_o,
  output logic [${bt}-1:0]   b_o,
  output logic          n2_o,         // this PE's pair needs 2 or more cycles
  output logic          n4_o,         // this PE's pair needs 4 cycles
  output logic          pend_last_o,  // holds a job's last pair, not finished yet
  output logic          done_last_o,  // finishes a job's last pair this cycle
  output logic [${cw}-1:0]   res_o
);
  localparam int N  = ${bits};
  localparam int AT = ${at};
  localparam int BT = ${bt};
  localparam int B  = N / 2;

  // ---- operand registers: valid is control (reset), the operands are data
  logic          v_q;
  logic [AT-1:0] a_q;
  logic [BT-1:0] b_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q <= 1'b0;
    end else if (shift_i) begin
      v_q <= a_v_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (shift_i) begin
      a_q <= a_i;
      b_q <= b_i;
    end
  end
  assign a_v_o = v_q;
  assign a_o   = a_q;
  assign b_o   = b_q;

  // ---- this PE's share of the step: phases 0 .. n-1
  logic a_last, a_long, b_long, in_pair;
  assign a_last  = a_q[AT-1];
  assign a_long  = a_q[AT-2];
  assign b_long  = b_q[BT-1];
  assign in_pair = (a_long && b_long) || (!ph_i[1] && (a_long || b_long || !ph_i[0]));
  assign n2_o    = v_q && (a_long || b_long);
  assign n4_o    = v_q && a_long && b_long;

  logic          core_valid, core_ready, pop, fresh_q, core_out_valid;
  logic [${cw}-1:0]   sum, core_acc;
  assign core_valid = en_i && v_q && in_pair;
  assign pop        = core_valid && core_ready;
  ${pe} u_pe (
    .clk_i, .rst_ni,
    .valid_i(core_valid), .ready_o(core_ready),
// @if a_signed
    .a_i({a_q[B], a_q[N-2:0]}), .a_long_i(a_long), .a_sign_i(a_q[N-1]),
// @else
    .a_i({a_q[B], a_q[N-2:0]}), .a_long_i(a_long),
// @endif
// @if b_signed
    .b_i({b_q[B], b_q[N-2:0]}), .b_long_i(b_long), .b_sign_i(b_q[N-1]),
// @else
    .b_i({b_q[B], b_q[N-2:0]}), .b_long_i(b_long),
// @endif
    .clear_i(fresh_q), .sum_o(sum),
    .out_valid_o(core_out_valid), .acc_o(core_acc)
  );
  // The standalone PE's completion flag and registered sum are not needed here (the result register takes sum).
  logic unused_core;
  assign unused_core = core_out_valid ^ (^core_acc);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fresh_q <= 1'b1;
    end else if (pop) begin
      fresh_q <= a_last;
    end
  end
  assign pend_last_o = v_q && a_last && in_pair;
  assign done_last_o = pop && a_last;

  // The result register needs no reset: its row is only read once its flag is set (the array keeps the flags).
  logic [${cw}-1:0] res_q;
  always_ff @(posedge clk_i) begin
    if (pop && a_last) res_q <= sum;
  end
  assign res_o = res_q;
endmodule
