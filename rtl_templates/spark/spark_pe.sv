// SPARK mixed-precision PE (paper 000, Fig. 8; docs/spark_array.md "spark_pe"): one ${half}-bit unsigned
// multiplier, a shifter and a ${cw}-bit accumulator. A decoded operand is sign-magnitude with halves
// lo = mag[B-1:0] and hi = mag[N-1:B]; a short operand (long = 0) only uses lo. A pair takes
// (1 + a_long) x (1 + b_long) cycles, one half product per cycle in the order (lo,lo), (lo,hi), (hi,lo), (hi,hi):
// sub-step s multiplies halves ia = s / nb and ib = s % nb, shifted by (ia + ib) x B.
//   sum_o  = base +/- partial (a negative one as ~partial + 1, the 1 carried in), base = (clear_i && first sub-step) ? 0 : acc   (combinational)
//   ready_o: this cycle is the pair's last sub-step (the pair is consumed when valid_i is also high)
//   out_valid_o / acc_o: a pair completed on the previous cycle / the accumulator.
module ${name} (
${ports}
);
  localparam int N  = ${bits};
  localparam int B  = N / 2;
  localparam int CW = ${cw};
  localparam int PW = ${pw};  // max(CW, 2N): the shifted product before it is cut to the accumulator

  logic [1:0]    sub_q, sub_last;
  logic          ia, ib;
  logic [B-1:0]  a_half, b_half;
  logic [N-1:0]  prod;
  logic [PW-1:0] wide;
  logic [CW-1:0] base, partial, acc_q;
  logic          neg, out_valid_q;

  // Sub-steps: nb = 1 + b_long_i; ia = s / nb, ib = s % nb.
  assign sub_last = {a_long_i && b_long_i, a_long_i || b_long_i};  // n - 1 for n = 1, 2, 4
  assign ib       = b_long_i ? sub_q[0] : 1'b0;
  assign ia       = b_long_i ? sub_q[1] : sub_q[0];
  assign ready_o  = sub_q == sub_last;

// @if acc_reset
  assign a_half = ia ? a_i[N-1:B] : a_i[B-1:0];
// @else
  // Inside spark_array sum_o is read only on a valid cycle, so an idle cycle adds 0 and the accumulator needs no
  // load enable: the half product is 0, and a negative 0 is ~0 + 1 = 0. (An idle cycle with clear_i zeroes acc_q,
  // which only happens before a pair whose first sub-step zeroes it anyway.)
  assign a_half = !valid_i ? '0 : ia ? a_i[N-1:B] : a_i[B-1:0];
// @endif
  assign b_half = ib ? b_i[N-1:B] : b_i[B-1:0];
  assign prod   = a_half * b_half;
  always_comb begin
    case ({ia, ib})
      2'b00:   wide = PW'(prod);
      2'b11:   wide = PW'(prod) << (2 * B);
      default: wide = PW'(prod) << B;
    endcase
  end
  // A negative partial is ~wide + 1 (mod 2^CW): the inversion here, the + 1 as the adder's carry-in.
  assign partial = wide[CW-1:0] ^ {CW{neg}};
// @if narrow
  // An accumulator narrower than the product keeps the low CW bits (all arithmetic is modulo 2^CW).
  logic unused_wide;
  assign unused_wide = ^wide[PW-1:CW];
// @endif
// @if a_signed
// @if b_signed
  assign neg     = a_sign_i ^ b_sign_i;
// @else
  assign neg     = a_sign_i;
// @endif
// @else
// @if b_signed
  assign neg     = b_sign_i;
// @else
  assign neg     = 1'b0;
// @endif
// @endif
// @if acc_reset
  // empty_q (control, reset): no sub-step accumulated yet; stands in for resetting the accumulator (data).
  logic empty_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      empty_q <= 1'b1;
    end else if (valid_i) begin
      empty_q <= 1'b0;
    end
  end
  assign base    = ((clear_i && sub_q == 2'd0) || empty_q) ? '0 : acc_q;
// @else
  assign base    = (clear_i && sub_q == 2'd0) ? '0 : acc_q;
// @endif
  assign sum_o   = base + partial + CW'(neg);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sub_q       <= '0;
      out_valid_q <= 1'b0;
    end else begin
      out_valid_q <= valid_i && ready_o;
      if (valid_i) sub_q <= ready_o ? 2'd0 : sub_q + 2'd1;
    end
  end
  // The accumulator is data (no reset). Inside spark_array the first pair after reset has clear_i high; the
  // standalone PE starts from zero through empty_q.
  always_ff @(posedge clk_i) begin
// @if acc_reset
    if (valid_i) acc_q <= sum_o;
// @else
    acc_q <= sum_o;
// @endif
  end
  assign out_valid_o = out_valid_q;
  assign acc_o       = acc_q;
endmodule
