// EBSP PE (paper 001, Fig. 2 and the execution flow of Fig. 3a; docs/ebsp.md): no multiplier. For each valid
// input, acc = (clear_i ? 0 : acc) + act x wgt, both truncated to their bit-sparsity patterns (activation: ${ma}
// bits, pattern ${sa}; weight: sign + ${mw} magnitude bits, pattern ${sw}), in ${cw}-bit two's complement.
// Four register stages: steering (LOD + mantissa mux), exponent add, LUT and shift, accumulate;
// out_valid_o reports the new sum 4 cycles after the input, one input per cycle.
module ${name} (
${ports}
);
  localparam int MW  = ${mw};   // weight magnitude bits
  localparam int EAW = ${eaw};
  localparam int EWW = ${eww};
  localparam int ESW = ${esw};
  localparam int MAW = ${maw};  // mantissa bits (at least 1; constant 0 for a pattern of length 1)
  localparam int MWW = ${mww};
  localparam int PW  = ${pw};   // product magnitude bits
  localparam int CW  = ${cw};

  // ---- stage 1: steering
  logic           za, zw;
  logic [EAW-1:0] ea;
  logic [EWW-1:0] ew;
  logic [MAW-1:0] ma;
  logic [MWW-1:0] mw;
  ${name}_steer_a u_steer_a (.mag_i(act_i), .zero_o(za), .e_o(ea), .m_o(ma));
  ${name}_steer_w u_steer_w (.mag_i(wgt_i[MW-1:0]), .zero_o(zw), .e_o(ew), .m_o(mw));

  logic           v1_q, c1_q, z1_q, s1_q;
  logic [EAW-1:0] ea1_q;
  logic [EWW-1:0] ew1_q;
  logic [MAW-1:0] ma1_q;
  logic [MWW-1:0] mw1_q;
  // ---- stage 2: exponent add and LUT index
  logic               v2_q, c2_q, z2_q, s2_q;
  logic [ESW-1:0]     es2_q;
  logic [MAW+MWW-1:0] idx2_q;
  // ---- stage 3: LUT and shift
  logic          v3_q, c3_q;
  logic [PW-1:0] pmag;
  logic [CW-1:0] p3_q;
  ${name}_lut u_lut (.idx_i(idx2_q), .e_i(es2_q), .mag_o(pmag));
  // ---- stage 4: accumulate
  logic          v4_q, empty_q;
  logic [CW-1:0] acc_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v1_q  <= 1'b0;
      v2_q  <= 1'b0;
      v3_q  <= 1'b0;
      v4_q    <= 1'b0;
      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator (data)
    end else begin
      v1_q <= in_valid_i;
      v2_q <= v1_q;
      v3_q <= v2_q;
      v4_q <= v3_q;
      if (v3_q) empty_q <= 1'b0;
    end
  end
  // Pipeline data and the accumulator: not reset (only read under a valid bit).
  always_ff @(posedge clk_i) begin
    if (v3_q) acc_q <= (c3_q || empty_q ? '0 : acc_q) + p3_q;
    c1_q   <= clear_i;
    z1_q   <= za || zw;
    s1_q   <= wgt_i[MW];
    ea1_q  <= ea;
    ew1_q  <= ew;
    ma1_q  <= ma;
    mw1_q  <= mw;
    c2_q   <= c1_q;
    z2_q   <= z1_q;
    s2_q   <= s1_q;
    es2_q  <= ESW'(ea1_q) + ESW'(ew1_q);
    idx2_q <= {ma1_q, mw1_q};
    c3_q   <= c2_q;
// @if narrow
    p3_q   <= z2_q ? '0 : s2_q ? -(pmag[CW-1:0]) : pmag[CW-1:0];
// @else
    p3_q   <= z2_q ? '0 : s2_q ? -(CW'(pmag)) : CW'(pmag);
// @endif
  end
// @if narrow
  // An accumulator narrower than the product keeps its low CW bits (all arithmetic is modulo 2^CW).
  logic unused_p;
  assign unused_p = ^pmag[$bits(pmag)-1:CW];
// @endif
  assign out_valid_o = v4_q;
  assign acc_o       = acc_q;
endmodule
