// flint encoder (formats.md "ANT", Quantize): value_i becomes the code whose value is nearest; an exact tie goes
// to the larger value; values beyond the grid saturate to its extreme codes. The ${points} grid values and the
// doubled midpoints between neighbours come from the golden model (golden/ant): with x2 = 2 x value_i, the
// code is that of the largest grid value whose lower midpoint x2 reaches.
module ${name} (
${ports}
);
  localparam int CW = ${cmp_bits};  // compare width: holds 2 x value_i (${in_bits} bits) and every doubled midpoint

  logic signed [CW-1:0] x2;
// @if signed
  assign x2 = CW'($signed({value_i, 1'b0}));
// @else
  assign x2 = $signed(CW'({value_i, 1'b0}));
// @endif

  always_comb begin
    code_o = ${code_width}'d${first_code};  // grid value ${first_value}
${thresholds}
  end
endmodule
