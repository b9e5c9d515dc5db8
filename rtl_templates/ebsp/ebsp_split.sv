// EBSP pre-split encoder (docs/ebsp.md "Pre-split operands"; golden split_fields): a ${mag}-bit magnitude
// truncated to a pattern of length ${len}, as the fields ebsp_pe takes with presplit: {sign (signed only), zero,
// e (${ew} bits), m (${len} - 1 bits)}. A zero (a negative zero too) is {0, 1, 0, 0}. Combinational.
module ${name} (
${ports}
);
  localparam int M = ${mag};

  logic           zero;
  logic [${ew}-1:0] e, ez;
// @if mant
  logic [${len}-2:0] m;
// @else
  logic           m;  // constant 0: a pattern of length 1 has no mantissa field
// @endif
  ${name}_steer u_steer (.mag_i(value_i[M-1:0]), .zero_o(zero), .e_o(e), .m_o(m));
  assign ez = zero ? '0 : e;  // the leading-one detector's e of 0 is M - 1
// @if signed
  logic sign;
  assign sign = value_i[M] && !zero;
// @if mant
  assign fields_o = {sign, zero, ez, m};
// @else
  assign fields_o = {sign, zero, ez};
// @endif
// @else
// @if mant
  assign fields_o = {zero, ez, m};
// @else
  assign fields_o = {zero, ez};
// @endif
// @endif
// @if !mant
  logic unused_m;
  assign unused_m = m;
// @endif
endmodule
