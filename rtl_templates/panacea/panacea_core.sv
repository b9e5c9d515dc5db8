// Panacea AQS-GEMM core (paper 003, Sec. III-D; docs/panacea.md "panacea_core"): ${peas} PEAs, each with its own
// ${lanes} weight row block(s) (W HO RLE entries, W LO slices, rowsum, wh_n; PEA p's lane l at lane p*L + l),
// sharing one activation column block: the X streams and the tile fields k, xh_n, t, r are broadcast. A tile is
// taken when every PEA is idle; an X word moves when every PEA takes it; the result (P*L blocks of v x v) leaves
// when every PEA has it. The PEAs share one activation buffer (with its RLE index decoder), written here.
module ${name} (
${ports}
);
  localparam int P   = ${peas};
  localparam int L   = ${lanes};   // weight lanes per PEA: 1 + dtp
  localparam int V   = ${v};
  localparam int KB  = ${kb};
  localparam int HW  = ${hw};    // HO entry word bits
  localparam int PSW = ${psw};
  localparam int YW  = L * V * V * ${cw};  // one PEA's result
  localparam int B    = ${b};      // RLE index bits
  localparam int KMAX = ${kmax};
  localparam int VW   = 4 * V;     // one slice vector
// @if wlo
  localparam int WLW = ${wlw};   // one W LO beat
// @endif

  logic [P-1:0] tile_rdy, xh_rdy, xl_rdy, y_vld;
  logic         tile_all, xh_all, xl_all, y_all;
  assign tile_all     = &tile_rdy;
  assign xh_all       = &xh_rdy;
  assign xl_all       = &xl_rdy;
  assign y_all        = &y_vld;
  assign tile_ready_o = tile_all;
  assign xh_ready_o   = xh_all;
  assign xl_ready_o   = xl_all;
  assign y_valid_o    = y_all;

  // ---- the activation buffer, one per core: every PEA takes each tile and each X word on the same cycle
  logic               take_tile, xh_take, xl_take;
  logic [KB-1:0]      xl_cnt_q;
  logic [KMAX-1:0]    xwe, xflag;
  logic [KMAX*VW-1:0] xhv, xlo;
  assign take_tile = tile_valid_i && tile_all;
  assign xh_take   = xh_valid_i && xh_all;
  assign xl_take   = xl_valid_i && xl_all;
  ${name}_pea_idec u_xidec (.clk_i, .clear_i(take_tile), .take_i(xh_take), .idx_i(xh_data_i[B-1:0]), .we_o(xwe));
  ${name}_pea_xbuf u_xbuf (
    .clk_i, .rst_ni, .clear_i(take_tile), .we_i(xwe), .hv_i(xh_data_i[B +: VW]), .lo_we_i(xl_take), .lo_at_i(xl_cnt_q),
    .lo_i(xl_data_i), .flag_o(xflag), .hv_o(xhv), .lo_o(xlo)
  );
  // Data register: not reset (cleared when a tile is taken).
  always_ff @(posedge clk_i) begin
    if (take_tile) xl_cnt_q <= '0;
    else if (xl_take) xl_cnt_q <= xl_cnt_q + 1'b1;
  end

  for (genvar p = 0; p < P; p++) begin : g_pea
    logic [YW-1:0] y;
    ${name}_pea u_pea (
      .clk_i, .rst_ni,
      .tile_valid_i(tile_valid_i && tile_all), .tile_ready_o(tile_rdy[p]),
      .k_i, .wh_n_i(wh_n_i[p*L*KB +: L*KB]), .xh_n_i, .t_i, .r_i, .rowsum_i(rowsum_i[p*L*V*PSW +: L*V*PSW]),
      .wh_valid_i(wh_valid_i[p*L +: L]), .wh_data_i(wh_data_i[p*L*HW +: L*HW]), .wh_ready_o(wh_ready_o[p*L +: L]),
// @if wlo
      .wl_valid_i(wl_valid_i[p*L +: L]), .wl_data_i(wl_data_i[p*L*WLW +: L*WLW]), .wl_ready_o(wl_ready_o[p*L +: L]),
// @endif
      .xh_valid_i(xh_valid_i && xh_all), .xh_ready_o(xh_rdy[p]), .xl_valid_i(xl_valid_i && xl_all),
      .xl_ready_o(xl_rdy[p]), .xflag_i(xflag), .xhv_i(xhv), .xlo_i(xlo),
      .y_valid_o(y_vld[p]), .y_data_o(y), .y_ready_i(y_ready_i && y_all)
    );
    assign y_data_o[p*YW +: YW] = y;  // read while y_valid_o is high
  end
endmodule
