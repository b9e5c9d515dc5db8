// EBSP array (docs/ebsp.md "ebsp_array"): ${rows} rows of ${lanes}-lane dot-product units built from the LUT PE
// datapath; the ${lanes} activations of a beat are broadcast to every row (their steering logic is shared), each
// row multiplies them with its own ${lanes} weights, sums them in an adder tree and accumulates over the job's beats.
// Five stages: steering, exponent add, LUT and shift, adder tree, accumulate. The whole pipeline holds while a
// result waits to be read (en), so none is lost; in_ready_o = en. With pre-split operands (presplit) stage 1
// registers the fields as they come: no steering logic.
module ${name} (
${ports}
);
  localparam int R   = ${rows};
  localparam int L   = ${lanes};
  localparam int AB  = ${ab};   // a lane's activation port bits (unsigned, or pre-split {zero, e, m})
  localparam int WB  = ${wb};   // a lane's weight port bits (sign-magnitude, or pre-split {sign, zero, e, m})
  localparam int EAW = ${eaw};
  localparam int EWW = ${eww};
  localparam int ESW = ${esw};
  localparam int MAW = ${maw};
  localparam int MWW = ${mww};
  localparam int ENW = ${entw}; // LUT entry bits
  localparam int WW  = ${ww};   // entry << (e_a + e_w)
  localparam int DR  = ${drop}; // (s_a - 1) + (s_w - 1): the bits the product drops (0 for conforming operands)
  localparam int PW  = ${pw};
  localparam int CW  = ${cw};
  localparam int SPW = ${spw};  // a product, signed: PW + 1 bits (CW when that is narrower)
  localparam int TW  = ${tw};   // a row's sum of L products, signed: SPW + ceil(log2 L) bits (CW when narrower)

  logic en, fire;
  logic out_valid_q;
  assign en         = !(out_valid_q && !out_ready_i);
  assign fire       = in_valid_i && en;
  assign in_ready_o = en;

  // ---- stage 1: steering (activations once per lane, weights per row and lane)
  logic           v1_q, l1_q;
  logic [L-1:0]   za1_q;
  logic [L*EAW-1:0] ea1_q;
  logic [L*MAW-1:0] ma1_q;
// @if presplit
  localparam int SA1 = ${sa} - 1;  // mantissa field bits
  localparam int SW1 = ${sw} - 1;
// @endif
  for (genvar l = 0; l < L; l++) begin : g_act
    logic           z;
    logic [EAW-1:0] e;
    logic [MAW-1:0] m;
// @if presplit
    assign z = act_i[l*AB + EAW + SA1];
    assign e = act_i[l*AB + SA1 +: EAW];
// @if mant_a
    assign m = act_i[l*AB +: SA1];
// @else
    assign m = '0;  // pattern length 1: no mantissa field
// @endif
// @else
    ${name}_steer_a u_steer (.mag_i(act_i[l*AB +: AB]), .zero_o(z), .e_o(e), .m_o(m));
// @endif
    always_ff @(posedge clk_i) begin
      if (en) begin
        za1_q[l]             <= z;
        ea1_q[l*EAW +: EAW] <= e;
        ma1_q[l*MAW +: MAW] <= m;
      end
    end
  end
  logic [R*L-1:0]     zw1_q, s1_q;
  logic [R*L*EWW-1:0] ew1_q;
  logic [R*L*MWW-1:0] mw1_q;
  for (genvar i = 0; i < R * L; i++) begin : g_wgt
    logic           z, s;
    logic [EWW-1:0] e;
    logic [MWW-1:0] m;
// @if presplit
    assign s = wgt_i[i*WB + EWW + SW1 + 1];
    assign z = wgt_i[i*WB + EWW + SW1];
    assign e = wgt_i[i*WB + SW1 +: EWW];
// @if mant_w
    assign m = wgt_i[i*WB +: SW1];
// @else
    assign m = '0;
// @endif
// @else
    localparam int MW = WB - 1;  // magnitude bits
    assign s = wgt_i[i*WB + MW];
    ${name}_steer_w u_steer (.mag_i(wgt_i[i*WB +: MW]), .zero_o(z), .e_o(e), .m_o(m));
// @endif
    always_ff @(posedge clk_i) begin
      if (en) begin
        zw1_q[i]             <= z;
        s1_q[i]              <= s;
        ew1_q[i*EWW +: EWW] <= e;
        mw1_q[i*MWW +: MWW] <= m;
      end
    end
  end

  // ---- stage 2: exponent add and LUT index; stage 3: LUT and shift (per row and lane)
  logic                   v2_q, l2_q, v3_q, l3_q;
  logic [R*L*SPW-1:0]     p3_q;
  for (genvar i = 0; i < R * L; i++) begin : g_mul
    localparam int LANE = i % L;
    logic               z2_q, s2_q;
    logic [ESW-1:0]     es2_q;
    logic [MAW+MWW-1:0] idx2_q;
    logic [ENW-1:0]     entry;
    logic [WW-1:0]      wide;
    logic [PW-1:0]      pmag;
    always_ff @(posedge clk_i) begin
      if (en) begin
        z2_q   <= za1_q[LANE] || zw1_q[i];
        s2_q   <= s1_q[i];
        es2_q  <= ESW'(ea1_q[LANE*EAW +: EAW]) + ESW'(ew1_q[i*EWW +: EWW]);
        idx2_q <= {ma1_q[LANE*MAW +: MAW], mw1_q[i*MWW +: MWW]};
      end
    end
    ${name}_lut u_lut (.idx_i(idx2_q), .entry_o(entry));
    assign wide = WW'(entry) << es2_q;
    assign pmag = wide[WW-1:DR];
    always_ff @(posedge clk_i) begin
// @if narrow
      if (en) p3_q[i*SPW +: SPW] <= z2_q ? '0 : s2_q ? -(pmag[SPW-1:0]) : pmag[SPW-1:0];
// @else
      if (en) p3_q[i*SPW +: SPW] <= z2_q ? '0 : s2_q ? -(SPW'(pmag)) : SPW'(pmag);
// @endif
    end
// @if drop
    logic unused_low;
    assign unused_low = ^wide[DR-1:0];
// @endif
// @if narrow
    logic unused_p;
    assign unused_p = ^pmag[PW-1:SPW];
// @endif
  end

  // ---- stage 4: adder tree per row (TW bits: exact); stage 5: accumulate (CW bits)
  logic            v4_q, l4_q, first_q;
  logic [R*TW-1:0] t4_q;
  logic [R*CW-1:0] acc_q, out_q;
  for (genvar r = 0; r < R; r++) begin : g_row
    logic [TW-1:0] tree;
    logic [CW-1:0] tx, sum;
    always_comb begin
      tree = '0;
      for (int l = 0; l < L; l++) begin
// @if tree_ext
        tree = tree + {{(TW-SPW){p3_q[(r*L+l)*SPW + SPW-1]}}, p3_q[(r*L+l)*SPW +: SPW]};  // sign-extended
// @else
        tree = tree + p3_q[(r*L+l)*SPW +: SPW];
// @endif
      end
    end
// @if acc_ext
    assign tx  = {{(CW-TW){t4_q[r*TW + TW-1]}}, t4_q[r*TW +: TW]};  // sign-extended
// @else
    assign tx  = t4_q[r*TW +: TW];
// @endif
    assign sum = (first_q ? '0 : acc_q[r*CW +: CW]) + tx;
    always_ff @(posedge clk_i) begin
      if (en) t4_q[r*TW +: TW] <= tree;
      if (en && v4_q) begin
        if (l4_q) out_q[r*CW +: CW] <= sum;
        else acc_q[r*CW +: CW] <= sum;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      {v1_q, v2_q, v3_q, v4_q} <= '0;
      {l1_q, l2_q, l3_q, l4_q} <= '0;
      first_q     <= 1'b1;
      out_valid_q <= 1'b0;
    end else begin
      if (en) begin
        v1_q <= fire;
        l1_q <= in_last_i;
        v2_q <= v1_q;
        l2_q <= l1_q;
        v3_q <= v2_q;
        l3_q <= l2_q;
        v4_q <= v3_q;
        l4_q <= l3_q;
        if (v4_q) first_q <= l4_q;
      end
      if (en && v4_q && l4_q) begin
        out_valid_q <= 1'b1;
      end else if (out_ready_i) begin
        out_valid_q <= 1'b0;
      end
    end
  end
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;  // data, not reset: read while out_valid_o is high
endmodule
