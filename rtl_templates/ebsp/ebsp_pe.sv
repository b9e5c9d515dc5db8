// EBSP PE (paper 001, Fig. 2 and the text of Fig. 3a; docs/ebsp.md): no multiplier. For each valid input,
// acc = (clear_i ? 0 : acc) + act x wgt, both truncated to their bit-sparsity patterns (activation: ${ma} bits,
// pattern ${sa}; weight: sign + ${mw} magnitude bits, pattern ${sw}), in ${cw}-bit two's complement.
// Two register stages: (1) steering, then the LUT read and the exponent add side by side; (2) the shift, the
// sign by XOR and carry-in, the accumulate. out_valid_o reports the new sum 2 cycles after the input, one input
// per cycle.
module ${name} (
${ports}
);
  localparam int EAW = ${eaw};
  localparam int EWW = ${eww};
  localparam int ESW = ${esw};
  localparam int MAW = ${maw};  // mantissa bits (at least 1; constant 0 for a pattern of length 1)
  localparam int MWW = ${mww};
  localparam int ENW = ${entw}; // LUT entry bits
  localparam int WW  = ${ww};   // entry << (e_a + e_w)
  localparam int DR  = ${drop}; // (s_a - 1) + (s_w - 1): the bits the product drops (0 for conforming operands)
  localparam int PW  = ${pw};   // product magnitude bits
  localparam int CW  = ${cw};

  // ---- stage 1: steering, then the LUT read and the exponent add side by side
  logic           za, zw, z, neg;
  logic [EAW-1:0] ea;
  logic [EWW-1:0] ew;
  logic [MAW-1:0] ma;
  logic [MWW-1:0] mw;
  logic [ENW-1:0] entry;
// @if presplit
  // Pre-split operands (docs/ebsp.md "Pre-split operands"): act_i = {zero, e, m}, wgt_i = {sign, zero, e, m};
  // no leading-one detectors. A set zero flag makes the other fields don't-cares.
  localparam int SA1 = ${sa} - 1;  // mantissa field bits
  localparam int SW1 = ${sw} - 1;
  assign za = act_i[EAW+SA1];
  assign ea = act_i[SA1 +: EAW];
  assign zw = wgt_i[EWW+SW1];
  assign ew = wgt_i[SW1 +: EWW];
// @if mant_a
  assign ma = act_i[SA1-1:0];
// @else
  assign ma = '0;  // pattern length 1: no mantissa field
// @endif
// @if mant_w
  assign mw = wgt_i[SW1-1:0];
// @else
  assign mw = '0;
// @endif
  assign neg = wgt_i[EWW+SW1+1] && !z;  // a zero product is never negated (nor is a negative zero)
// @else
  localparam int MW = ${mw};  // weight magnitude bits
  ${name}_steer_a u_steer_a (.mag_i(act_i), .zero_o(za), .e_o(ea), .m_o(ma));
  ${name}_steer_w u_steer_w (.mag_i(wgt_i[MW-1:0]), .zero_o(zw), .e_o(ew), .m_o(mw));
  assign neg = wgt_i[MW] && !z;  // a zero product is never negated (nor is a negative zero)
// @endif
  ${name}_lut u_lut (.idx_i({ma, mw}), .entry_o(entry));
  assign z   = za || zw;

  logic           v1_q, c1_q, n1_q;
  logic [ESW-1:0] es1_q;
  logic [ENW-1:0] ent1_q;  // 0 for a zero operand: the LUT has no zero entry
  // ---- stage 2: shift, sign by XOR and carry-in, accumulate
  logic [WW-1:0] wide;
  logic [PW-1:0] pmag;
  logic [CW-1:0] px;
  logic          v2_q, empty_q;
  logic [CW-1:0] acc_q;
  assign wide = WW'(ent1_q) << es1_q;
  assign pmag = wide[WW-1:DR];
// @if narrow
  assign px   = pmag[CW-1:0] ^ {CW{n1_q}};  // -p = ~p + 1: the + 1 is the accumulator's carry-in
// @else
  assign px   = CW'(pmag) ^ {CW{n1_q}};  // -p = ~p + 1: the + 1 is the accumulator's carry-in
// @endif

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
  // Pipeline data and the accumulator: not reset (only read under a valid bit).
  always_ff @(posedge clk_i) begin
    if (v1_q) acc_q <= (c1_q || empty_q ? '0 : acc_q) + px + CW'(n1_q);
    c1_q   <= clear_i;
    n1_q   <= neg;
    es1_q  <= ESW'(ea) + ESW'(ew);
    ent1_q <= z ? '0 : entry;
  end
// @if drop
  logic unused_low;
  assign unused_low = ^wide[DR-1:0];
// @endif
// @if narrow
  // An accumulator narrower than the product keeps its low CW bits (all arithmetic is modulo 2^CW).
  logic unused_p;
  assign unused_p = ^pmag[PW-1:CW];
// @endif
  assign out_valid_o = v2_q;
  assign acc_o       = acc_q;
endmodule
