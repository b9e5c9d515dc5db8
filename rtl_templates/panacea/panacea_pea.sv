// Panacea processing-element array (paper 003, Sec. III-D; docs/panacea.md "panacea_pea" and "Double-tile
// processing" state the cycle contract this RTL follows): L = ${lanes} v x v block(s) of Y = W . X_t from the memory
// images of L weight row blocks (lanes, the weight sub-tiles) and one activation column block (v = ${v},
// k_w = ${kw}, b = ${b}, K <= ${kmax}).
//   LOAD: the index decoders turn the HO RLE entries into a presence flag per k (W: nonzero HO vector stored,
//         X: HO vector other than r stored); the dense LO slices are stored per k.
//   COMPUTE: static workload operators (SWOs) take ${s} LO x LO items (one lane's k_w products of one k) per cycle
//         from the front of the static queue; dynamic ones (DWOs) take the HO products of the next ${dyn_items} (k, lane)
//         item(s) with a stored HO vector, as many as fit; with double-tile processing the spare DWOs take LO x LO
//         items from the back of the queue. The shift-and-accumulate units add the products to the lanes' partial sums; the compensators sum
//         W[i][k] over the k whose X HO vector is stored.
//   OUT:  y = psum + (r << (4 + t)) x (rowsum - partial), exactly W . X_t, for every lane.
// Each part is a module of its own (so `bitforge area` measures each): the index decoders (_idec), the buffers
// (_xbuf, _wbuf), the dynamic and static schedulers (_dsched, _ssched), the OPCs (_opc), the shift-and-accumulate
// units (_sacc) and the compensators (_comp); this module keeps the control, the buffers' read ports (without dtp the
// static ones read aligned rows) and the DWOs' operand crossbar (none with one dynamic item and no dtp).
module ${name} (
${ports}
);
  localparam int L    = ${lanes};  // weight lanes: 1 + dtp
  localparam int V    = ${v};
  localparam int B    = ${b};      // RLE index bits
  localparam int KW   = ${kw};     // weight LO slices (k_w)
  localparam int KMAX = ${kmax};
  localparam int KB   = ${kb};     // clog2(KMAX + 1)
  localparam int CW   = ${cw};
  localparam int PSW  = ${psw};    // a signed sum of up to KMAX weights
// @if wlo
  localparam int S    = ${s};      // SWO items per cycle: floor(swo / k_w)
// @endif
  localparam int VW   = 4 * V;     // one slice vector
  localparam int HW   = B + VW;    // one HO entry word
  localparam int QN   = L * KMAX;  // dynamic items (k, l) at q = k*L + l; static items (l, k) at u = l*K + k
  localparam int QB   = ${qb};     // clog2(QN + 1 + S + the borrowed slots): item numbers and slot offsets

  typedef enum logic [1:0] {Idle, Load, Compute, Out} state_e;
  state_e state_q;
  logic   take_tile, computing;
  assign take_tile    = state_q == Idle && tile_valid_i;
  assign computing    = state_q == Compute;
  assign tile_ready_o = state_q == Idle;

  // ---- shared tile registers and the X buffer (one entry per k)
  logic [KB-1:0]      k_q, xhn_q;
  logic [1:0]         t_q;
  logic [3:0]         r_q;
  logic [KMAX-1:0]    xflag;
  logic [KMAX*VW-1:0] xhv, xlo;

  // ---- per-lane W buffers, gathered here by item q = k*L + l
  logic [QN-1:0]         wflag;
  logic [QN*VW-1:0]      whv;
// @if wlo
  logic [QN*KW*VW-1:0]   wlo;
// @endif
  logic [L*V*PSW-1:0]    rowsum;
  logic [L-1:0]          w_done;

  // ---- X loading
  logic [KB-1:0] xh_cnt_q, xl_cnt_q;
  logic          xh_take, xl_take, load_done;
  assign xh_ready_o = state_q == Load && xh_cnt_q != xhn_q;
  assign xl_ready_o = state_q == Load && xl_cnt_q != k_q;
  assign xh_take    = xh_valid_i && xh_ready_o;
  assign xl_take    = xl_valid_i && xl_ready_o;
  assign load_done  = &w_done && xh_cnt_q == xhn_q && xl_cnt_q == k_q;
// @if shared_x
  // The X buffer is the core's, shared by its PEAs (they take every tile and every X word on the same cycles, so
  // their own buffers would hold the same words): its flags, HO vectors and LO words come in; this PEA only counts
  // the X words.
  assign xflag = xflag_i;
  assign xhv   = xhv_i;
  assign xlo   = xlo_i;
// @else
  logic [KMAX-1:0] xwe;
  ${name}_idec u_xidec (.clk_i, .clear_i(take_tile), .take_i(xh_take), .idx_i(xh_data_i[B-1:0]), .we_o(xwe));
  ${name}_xbuf u_xbuf (
    .clk_i, .rst_ni, .clear_i(take_tile), .we_i(xwe), .hv_i(xh_data_i[B +: VW]), .lo_we_i(xl_take), .lo_at_i(xl_cnt_q),
    .lo_i(xl_data_i), .flag_o(xflag), .hv_o(xhv), .lo_o(xlo)
  );
// @endif

  // ---- W loading, one lane (weight sub-tile) each
  for (genvar l = 0; l < L; l++) begin : g_lane
    logic [KB-1:0]         whn_q, wh_cnt_q;
    logic [KMAX-1:0]       wflag_l, wwe;
    logic [KMAX*VW-1:0]    whv_l;
    logic [V*PSW-1:0]      rowsum_q;
    logic                  wh_take;
    assign wh_ready_o[l] = state_q == Load && wh_cnt_q != whn_q;
    assign wh_take       = wh_valid_i[l] && wh_ready_o[l];
    ${name}_idec u_widec (.clk_i, .clear_i(take_tile), .take_i(wh_take), .idx_i(wh_data_i[l*HW +: B]), .we_o(wwe));
// @if wlo
    logic [KB-1:0]         wl_cnt_q;
    logic [KMAX*KW*VW-1:0] wlo_l;
    logic                  wl_take;
    assign wl_ready_o[l] = state_q == Load && wl_cnt_q != k_q;
    assign wl_take       = wl_valid_i[l] && wl_ready_o[l];
    assign w_done[l]     = wh_cnt_q == whn_q && wl_cnt_q == k_q;
    ${name}_wbuf u_wbuf (
      .clk_i, .rst_ni, .clear_i(take_tile), .we_i(wwe), .hv_i(wh_data_i[l*HW + B +: VW]), .lo_we_i(wl_take),
      .lo_at_i(wl_cnt_q), .lo_i(wl_data_i[l*KW*VW +: KW*VW]), .flag_o(wflag_l), .hv_o(whv_l), .lo_o(wlo_l)
    );
// @else
    assign w_done[l]     = wh_cnt_q == whn_q;
    ${name}_wbuf u_wbuf (
      .clk_i, .rst_ni, .clear_i(take_tile), .we_i(wwe), .hv_i(wh_data_i[l*HW + B +: VW]), .flag_o(wflag_l),
      .hv_o(whv_l)
    );
// @endif
    assign rowsum[l*V*PSW +: V*PSW] = rowsum_q;
    for (genvar k = 0; k < KMAX; k++) begin : g_k
      assign wflag[k*L + l]            = wflag_l[k];
      assign whv[(k*L + l)*VW +: VW]   = whv_l[k*VW +: VW];
// @if wlo
      assign wlo[(k*L + l)*KW*VW +: KW*VW] = wlo_l[k*KW*VW +: KW*VW];
// @endif
    end

    // Data registers: not reset (written before they are read in every tile).
    always_ff @(posedge clk_i) begin
      if (take_tile) begin
        whn_q    <= wh_n_i[l*KB +: KB];
        rowsum_q <= rowsum_i[l*V*PSW +: V*PSW];
        wh_cnt_q <= '0;
// @if wlo
        wl_cnt_q <= '0;
// @endif
      end
      if (wh_take) wh_cnt_q <= wh_cnt_q + 1'b1;
// @if wlo
      if (wl_take) wl_cnt_q <= wl_cnt_q + 1'b1;
// @endif
    end
  end

  // ---- dynamic step (scheduler _dsched): slot m < M's item dq[m], whether taken, its flags and lane; product c of
  //      slot m at e = m*NC + c: whether executed (pres) and its DWO (pdwo)
  localparam int M    = ${dyn_items};  // dyn_items
  localparam int CB   = 8;             // DWO counts (at most 16 items x 4 products)
  localparam int NC   = KW + 2;
  logic [M*QB-1:0]    dq;
  logic [M-1:0]       dtake, dw, dx, dlane;
  logic [M*NC-1:0]    pres;
  logic [M*NC*CB-1:0] pdwo;
// @if fixed
  logic               unused_pdwo;  // one item per cycle: DWO c computes product c
  assign unused_pdwo = ^pdwo;
// @endif
  logic               dy_found;
// @if borrow
  logic [CB-1:0]      used;   // DWOs used by the taken slots (U)
// @endif
  ${name}_dsched u_dsched (
    .clk_i, .clear_i(take_tile), .en_i(computing), .wflag_i(wflag), .xflag_i(xflag), .dq_o(dq), .dtake_o(dtake),
    .dw_o(dw), .dx_o(dx), .dlane_o(dlane), .pres_o(pres), .pdwo_o(pdwo),
// @if borrow
    .used_o(used),
// @endif
    .found_o(dy_found)
  );

  // Slot m's vectors, read by index (the buffers' dynamic read ports).
  logic [M*VW-1:0] d_wh, d_xh, d_xl;
// @if wlo
  logic [M*KW*VW-1:0] d_wl;
// @endif
  for (genvar m = 0; m < M; m++) begin : g_dslot
    logic [QB-1:0] q;
    logic [KB-1:0] k;
    assign q = dq[m*QB +: QB];
    assign k = KB'(q >> (L - 1));
    assign d_wh[m*VW +: VW] = whv[q*VW +: VW];
    assign d_xh[m*VW +: VW] = xhv[k*VW +: VW];
    assign d_xl[m*VW +: VW] = xlo[k*VW +: VW];
// @if wlo
    assign d_wl[m*KW*VW +: KW*VW] = wlo[q*KW*VW +: KW*VW];
// @endif
  end

  logic st_work;
// @if wlo
  // ---- static items (scheduler _ssched): front slot n < S (an SWO group) and, with dtp, the borrowed slots (spare
  //      DWOs) from the back; slot n's item is (lane it_lane[n], k it_k[n] or, without dtp, row * S + n) when
  //      it_on[n]
// @if borrow
  localparam int NB = ${nb};  // borrowed slots: floor(dwo / k_w)
  localparam int NI = S + NB;
// @else
  localparam int NI = S;
// @endif
  logic [NI-1:0]       it_on, it_lane;
  logic [NI*KW*VW-1:0] it_w;     // its W LO planes
  logic [NI*VW-1:0]    it_x;     // its X LO vector
// @if aligned
  // The buffers' static read ports: without dtp slot n reads k = row * S + n (the front of the static queue moves
  // by S items per cycle), so its port selects among the NR entries n, S + n, 2S + n, .. of the LO words (an
  // aligned row read: NR = ceil(kmax / S) inputs instead of kmax).
  localparam int NR = ${nr};
  localparam int RB = ${rb};
  logic [RB-1:0] st_row;
  ${name}_ssched u_ssched (
    .clk_i, .clear_i(take_tile), .en_i(computing), .k_new_i(k_i), .k_i(k_q), .work_o(st_work), .on_o(it_on),
    .lane_o(it_lane), .row_o(st_row)
  );
  for (genvar n = 0; n < S; n++) begin : g_item
    logic [NR*KW*VW-1:0] row_w;  // the entries of slot n's column, row r at [r*KW*VW +: KW*VW]
    logic [NR*VW-1:0]    row_x;
    for (genvar r = 0; r < NR; r++) begin : g_row
      if (r * S + n < KMAX) begin : g_in
        assign row_w[r*KW*VW +: KW*VW] = wlo[(r*S + n)*KW*VW +: KW*VW];
        assign row_x[r*VW +: VW]       = xlo[(r*S + n)*VW +: VW];
      end else begin : g_out
        assign row_w[r*KW*VW +: KW*VW] = '0;
        assign row_x[r*VW +: VW]       = '0;
      end
    end
    always_comb begin
      it_w[n*KW*VW +: KW*VW] = '0;
      it_x[n*VW +: VW]       = '0;
      for (int r = 0; r < NR; r++) begin
        if (st_row == RB'(r)) begin
          it_w[n*KW*VW +: KW*VW] = row_w[r*KW*VW +: KW*VW];
          it_x[n*VW +: VW]       = row_x[r*VW +: VW];
        end
      end
    end
  end
// @else
  logic [NI*QB-1:0]    it_k;
  ${name}_ssched u_ssched (
    .clk_i, .clear_i(take_tile), .en_i(computing), .k_new_i(k_i), .k_i(k_q),
// @if borrow
    .used_i(used),
// @endif
    .work_o(st_work), .on_o(it_on), .lane_o(it_lane), .k_o(it_k)
  );
  // The buffers' static read ports (random: with dtp the lanes' items and the borrowed slots' are at any k).
  for (genvar n = 0; n < NI; n++) begin : g_item
    logic [QB-1:0] uk, q;
    assign uk = it_k[n*QB +: QB];
    assign q  = (uk << (L - 1)) | QB'(it_lane[n]);
    assign it_w[n*KW*VW +: KW*VW] = wlo[q*KW*VW +: KW*VW];
    assign it_x[n*VW +: VW]       = xlo[uk*VW +: VW];
  end
// @endif

  // SWOs: k_w outer products per front slot.
  logic [S*KW*V*V*8-1:0] p_st;
  for (genvar n = 0; n < S; n++) begin : g_swo
    for (genvar j = 0; j < KW; j++) begin : g_plane
      ${name}_opc u_swo (.w_i(it_w[(n*KW+j)*VW +: VW]), .x_i(it_x[n*VW +: VW]), .p_o(p_st[(n*KW+j)*V*V*8 +: V*V*8]));
    end
  end
// @else
  assign st_work = 1'b0;
// @endif

  // ---- the DWO pool (docs/panacea.md): the dynamic products of the cycle take DWOs 0 .. U - 1 in slot order;
  //      with dtp, borrowed slot d takes DWOs NDWO - (d + 1) k_w .. NDWO - d k_w - 1 (never the same ones)
  localparam int NDWO = ${ndwo};
  logic [NDWO*V*V*8-1:0] p_dwo;
  for (genvar o = 0; o < NDWO; o++) begin : g_dwo
    logic [VW-1:0] wi, xi;  // inputs
// @if fixed
    // One dynamic item per cycle and no borrowed slots: DWO o computes the item's product o (no crossbar).
    always_comb begin
      wi = '0;
      xi = '0;
      if (pres[o]) begin
// @if wlo
        wi = o < KW ? d_wl[(o < KW ? o : 0)*VW +: VW] : d_wh;
// @else
        wi = d_wh;
// @endif
        xi = o == KW ? d_xl : d_xh;
      end
    end
// @else
    logic [VW-1:0] bw, bx;  // those of the borrowed slot it serves
    logic          bon;
// @if borrow
    if (o >= NDWO - NB * KW) begin : g_borrow
      localparam int D = (NDWO - 1 - o) / KW;       // the borrowed slot
      localparam int J = o - (NDWO - (D + 1) * KW);  // its plane
      assign bon = it_on[S + D];
      assign bw  = it_w[((S + D)*KW + J)*VW +: VW];
      assign bx  = it_x[(S + D)*VW +: VW];
    end else begin : g_no_borrow
      assign bon = 1'b0;
      assign bw  = '0;
      assign bx  = '0;
    end
// @else
    assign bon = 1'b0;
    assign bw  = '0;
    assign bx  = '0;
// @endif
    always_comb begin
      wi = bon ? bw : '0;
      xi = bon ? bx : '0;
      for (int m = 0; m < M; m++) begin
        for (int c = 0; c < NC; c++) begin
          if (pres[m*NC + c] && pdwo[(m*NC + c)*CB +: CB] == CB'(o)) begin
// @if wlo
            wi = c < KW ? d_wl[(m*KW + (c < KW ? c : 0))*VW +: VW] : d_wh[m*VW +: VW];
// @else
            wi = d_wh[m*VW +: VW];
// @endif
            xi = c == KW ? d_xl[m*VW +: VW] : d_xh[m*VW +: VW];
          end
        end
      end
    end
// @endif
    ${name}_opc u_dwo (.w_i(wi), .x_i(xi), .p_o(p_dwo[o*V*V*8 +: V*V*8]));
  end

  // ---- shift-and-accumulate units and compensators (their own modules, so that `bitforge area` measures each)
  logic [L*V*CW-1:0] comp;  // per row: ((rowsum - partial) x r) << (4 + t)
  ${name}_sacc u_sacc (
    .clk_i, .clear_i(take_tile), .en_i(computing), .t_i(t_q), .pres_i(pres),
// @if !fixed
    .pdwo_i(pdwo),
// @endif
    .dlane_i(dlane), .p_dwo_i(p_dwo),
// @if wlo
    .p_st_i(p_st), .it_on_i(it_on), .it_lane_i(it_lane),
// @endif
    .comp_i(comp), .y_o(y_data_o)  // y_data_o: read while y_valid_o is high
  );
  ${name}_comp u_comp (
    .clk_i, .clear_i(take_tile), .en_i(computing), .dtake_i(dtake), .dx_i(dx), .dw_i(dw),
    .dlane_i(dlane), .wh_i(d_wh),
// @if wlo
    .wl_i(d_wl),
// @endif
    .rowsum_i(rowsum), .r_i(r_q), .t_i(t_q), .comp_o(comp)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
    end else begin
      unique case (state_q)
        Idle: if (tile_valid_i) state_q <= Load;
        Load: if (load_done) state_q <= Compute;
        Compute: if (!st_work && !dy_found) state_q <= Out;
        default: if (y_ready_i) state_q <= Idle;  // Out
      endcase
    end
  end

  // Data registers: not reset (written before they are read in every tile).
  always_ff @(posedge clk_i) begin
    if (take_tile) begin
      k_q       <= k_i;
      xhn_q     <= xh_n_i;
      t_q       <= t_i;
      r_q       <= r_i;
      xh_cnt_q  <= '0;
      xl_cnt_q  <= '0;
    end
    if (xh_take) xh_cnt_q <= xh_cnt_q + 1'b1;
    if (xl_take) xl_cnt_q <= xl_cnt_q + 1'b1;
  end

  assign y_valid_o = state_q == Out;
endmodule
