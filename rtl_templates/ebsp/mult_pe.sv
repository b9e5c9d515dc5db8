// Multiplier PE (docs/ebsp.md "mult_pe"): the baseline of ebsp_pe, with the same ports and accumulator and an
// exact ${ab} x ${mw}-bit multiplier instead of the LUT path. For each valid input, acc = (clear_i ? 0 : acc) +
// act x wgt (weight sign-magnitude, sign in the MSB), in ${cw}-bit two's complement. Two register stages
// (multiply, accumulate): out_valid_o reports the new sum 2 cycles after the input.
module ${name} (
${ports}
);
  localparam int AB = ${ab};
  localparam int MW = ${mw};
  localparam int CW = ${cw};

  logic [AB+MW-1:0] pmag;
  logic             v1_q, c1_q, v2_q, empty_q;
  logic [CW-1:0]    p1_q, acc_q;
  assign pmag = act_i * wgt_i[MW-1:0];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v1_q    <= 1'b0;
      v2_q    <= 1'b0;
      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator (data)
    end else begin
      v1_q <= in_valid_i;
      v2_q <= v1_q;
      if (v1_q) empty_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (v1_q) acc_q <= (c1_q || empty_q ? '0 : acc_q) + p1_q;
    c1_q <= clear_i;
// @if narrow
    p1_q <= wgt_i[MW] ? -(pmag[CW-1:0]) : pmag[CW-1:0];
// @else
    p1_q <= wgt_i[MW] ? -(CW'(pmag)) : CW'(pmag);
// @endif
  end
// @if narrow
  // An accumulator narrower than the product keeps its low CW bits (all arithmetic is modulo 2^CW).
  logic unused_p;
  assign unused_p = ^pmag[$bits(pmag)-1:CW];
// @endif
  assign out_valid_o = v2_q;
  assign acc_o       = acc_q;
endmodule
