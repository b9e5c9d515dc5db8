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
module ${name} (
${ports}
);
  localparam int L    = ${lanes};  // weight lanes: 1 + dtp
  localparam int V    = ${v};
  localparam int B    = ${b};      // RLE index bits
  localparam int KW   = ${kw};     // weight LO slices (k_w)
  localparam int KMAX = ${kmax};
  localparam int KB   = ${kb};     // clog2(KMAX + 1)
  localparam int PB   = ${pb};     // HO positions: K + an index, KB + 1 bits
  localparam int CW   = ${cw};
  localparam int PSW  = ${psw};    // a signed sum of up to KMAX weights
// @if wlo
  localparam int S    = ${s};      // SWO items per cycle: floor(swo / k_w)
// @endif
  localparam int VW   = 4 * V;     // one slice vector
  localparam int HW   = B + VW;    // one HO entry word
  localparam int QN   = L * KMAX;  // dynamic items (k, l) at q = k*L + l; static items (l, k) at u = l*K + k
  localparam int QB   = ${qb};     // clog2(QN + 1 + S + the borrowed slots): item numbers and slot offsets
  localparam int YW   = V * V * CW;

  typedef enum logic [1:0] {Idle, Load, Compute, Out} state_e;
  state_e state_q;
  logic   take_tile;
  assign take_tile    = state_q == Idle && tile_valid_i;
  assign tile_ready_o = state_q == Idle;

  // ---- shared tile registers and X buffers (one entry per k)
  logic [KB-1:0]      k_q, xhn_q;
  logic [1:0]         t_q;
  logic [3:0]         r_q;
  logic [KMAX-1:0]    xflag_q;
  logic [KMAX*VW-1:0] xhv_q, xlo_q;

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
  logic [PB-1:0] xpos_q, xh_at;
  logic          xh_take, xl_take, load_done;
  assign xh_ready_o = state_q == Load && xh_cnt_q != xhn_q;
  assign xl_ready_o = state_q == Load && xl_cnt_q != k_q;
  assign xh_take    = xh_valid_i && xh_ready_o;
  assign xl_take    = xl_valid_i && xl_ready_o;
  assign xh_at      = xpos_q + PB'(xh_data_i[B-1:0]);
  assign load_done  = &w_done && xh_cnt_q == xhn_q && xl_cnt_q == k_q;

  // ---- W loading, one lane (weight sub-tile) each
  for (genvar l = 0; l < L; l++) begin : g_lane
    logic [KB-1:0]         whn_q, wh_cnt_q;
    logic [PB-1:0]         wpos_q, wh_at;
    logic [KMAX-1:0]       wflag_q;
    logic [KMAX*VW-1:0]    whv_q;
    logic [V*PSW-1:0]      rowsum_q;
    logic                  wh_take;
    assign wh_ready_o[l] = state_q == Load && wh_cnt_q != whn_q;
    assign wh_take       = wh_valid_i[l] && wh_ready_o[l];
    assign wh_at         = wpos_q + PB'(wh_data_i[l*HW +: B]);
// @if wlo
    logic [KB-1:0]         wl_cnt_q;
    logic [KMAX*KW*VW-1:0] wlo_q;
    logic                  wl_take;
    assign wl_ready_o[l] = state_q == Load && wl_cnt_q != k_q;
    assign wl_take       = wl_valid_i[l] && wl_ready_o[l];
    assign w_done[l]     = wh_cnt_q == whn_q && wl_cnt_q == k_q;
// @else
    assign w_done[l]     = wh_cnt_q == whn_q;
// @endif
    assign rowsum[l*V*PSW +: V*PSW] = rowsum_q;
    for (genvar k = 0; k < KMAX; k++) begin : g_k
      assign wflag[k*L + l]            = wflag_q[k];
      assign whv[(k*L + l)*VW +: VW]   = whv_q[k*VW +: VW];
// @if wlo
      assign wlo[(k*L + l)*KW*VW +: KW*VW] = wlo_q[k*KW*VW +: KW*VW];
// @endif
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) wflag_q <= '0;
      else if (take_tile) wflag_q <= '0;
      else if (state_q == Load) begin
        for (int k = 0; k < KMAX; k++) if (wh_take && wh_at == PB'(k)) wflag_q[k] <= 1'b1;
      end
    end
    // Data registers: not reset (written before they are read in every tile).
    always_ff @(posedge clk_i) begin
      if (take_tile) begin
        whn_q    <= wh_n_i[l*KB +: KB];
        rowsum_q <= rowsum_i[l*V*PSW +: V*PSW];
        wh_cnt_q <= '0;
        wpos_q   <= '0;
// @if wlo
        wl_cnt_q <= '0;
// @endif
      end
      if (wh_take) begin
        wh_cnt_q <= wh_cnt_q + 1'b1;
        wpos_q   <= wh_at + 1'b1;
      end
      for (int k = 0; k < KMAX; k++) begin
        if (wh_take && wh_at == PB'(k)) whv_q[k*VW +: VW] <= wh_data_i[l*HW + B +: VW];
// @if wlo
        if (wl_take && wl_cnt_q == KB'(k)) wlo_q[k*KW*VW +: KW*VW] <= wl_data_i[l*KW*VW +: KW*VW];
// @endif
      end
// @if wlo
      if (wl_take) wl_cnt_q <= wl_cnt_q + 1'b1;
// @endif
    end
  end

  // ---- dynamic step: item slots m < M take the first M items q >= qd with a W flag, or an X flag at k_w > 0 (chained priority
  //      encoders on the flags); slot m is taken when every slot before it is and the DWOs they need (n) fit in
  //      DWO. A taken slot's products use DWOs off[m] .. off[m] + n[m] - 1.
  localparam int M    = ${dyn_items};  // dyn_items
  localparam int DWO  = ${dwo};
  localparam int CB   = 8;             // DWO counts (at most 16 items x 4 products)
  logic [QB-1:0]   qd_q;
  logic [M*QB-1:0] dq;     // slot m's item
  logic [M-1:0]    dfound, dtake, dw, dx, dlane;
  logic [M*CB-1:0] doff;   // its first DWO
// @if borrow
  logic [CB-1:0]   used;   // DWOs used by the taken slots (U)
// @endif
  logic [QB-1:0]   qnext;  // qd after the step
  logic            dy_found;
  always_comb begin
    logic [QN-1:0] pend, first;
    logic [CB-1:0] cum, n;
    // At k_w = 0 an X flag alone is no item (no LO_w slice to multiply, no compensation without the W flag).
    for (int q = 0; q < QN; q++) pend[q] = QB'(q) >= qd_q && (wflag[q] || (KW > 0 && xflag_q[q / L]));
    dq     = '0;
    dfound = '0;
    dtake  = '0;
    dw     = '0;
    dx     = '0;
    dlane  = '0;
    doff   = '0;
    cum    = '0;
    n      = '0;
    qnext  = qd_q;
    for (int m = 0; m < M; m++) begin
      first = pend & ~(pend - 1'b1);  // the lowest pending item, one-hot
      pend  = pend & ~first;
      for (int q = 0; q < QN; q++) begin
        if (first[q]) begin
          dfound[m]      = 1'b1;
          dq[m*QB +: QB] = QB'(q);
          dw[m]          = wflag[q];
          dx[m]          = xflag_q[q / L];
          dlane[m]       = L > 1 && q % L == 1;
        end
      end
      n = (dx[m] ? CB'(KW) : '0) + CB'(dw[m]) + CB'(dw[m] && dx[m]);
      dtake[m] = dfound[m] && (m == 0 || dtake[m > 0 ? m - 1 : 0]) && cum + n <= CB'(DWO);
      doff[m*CB +: CB] = cum;
      if (dtake[m]) begin
        cum   = cum + n;
        qnext = dq[m*QB +: QB] + 1'b1;
      end
    end
// @if borrow
    used = cum;
// @endif
  end
  assign dy_found = dtake[0];

  // Slot m's vectors, read by index.
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
    assign d_xh[m*VW +: VW] = xhv_q[k*VW +: VW];
    assign d_xl[m*VW +: VW] = xlo_q[k*VW +: VW];
// @if wlo
    assign d_wl[m*KW*VW +: KW*VW] = wlo[q*KW*VW +: KW*VW];
// @endif
  end

  // Product c of slot m (c < k_w: LO_w c x HO_x; k_w: HO_w x LO_x; k_w + 1: HO_w x HO_x), at e = m*NC + c: whether
  // it is executed, and its DWO.
  localparam int NC = KW + 2;
  logic [M*NC-1:0]    pres;
  logic [M*NC*CB-1:0] pdwo;
  always_comb begin
    for (int m = 0; m < M; m++) begin
      for (int c = 0; c < NC; c++) begin
        pres[m*NC + c]         = dtake[m] && (c < KW ? dx[m] : c == KW ? dw[m] : dw[m] && dx[m]);
        pdwo[(m*NC + c)*CB +: CB] = doff[m*CB +: CB] + (c < KW ? CB'(c) : (dx[m] ? CB'(KW) : '0) + CB'(c - KW));
      end
    end
  end

  // The products of one cycle into one element are summed exactly in AW bits at their fixed slice offsets (the DBS
  // shift t is applied once, to the sum): AW = min(CW, 12 + 3 k_w + clog2(products per element and cycle)).
  localparam int AW = ${aw};
  // Sign-extends an 8-bit product to AW bits and shifts it left by a fixed offset.
  function automatic logic [AW-1:0] placed(input logic [7:0] p, input int sh);
    placed = AW'($signed(p)) << sh;
  endfunction

  // Products of the cycle per lane, and the compensators' additions per lane.
  logic [L*YW-1:0]    step_sum;
  logic [L*V*PSW-1:0] comp_add;
  logic               st_work;
// @if wlo
  // ---- static items: u = l*K + k, those left are [fs, fe); front slot n < S (an SWO group) takes u = fs + n,
  //      borrowed slot d (dtp: spare DWOs) takes u = fe - 1 - d
  logic [QB-1:0] fs_q, fe_q;
  assign st_work = state_q == Compute && fs_q < fe_q;
// @if borrow
  localparam int NB = ${nb};  // borrowed slots: floor(dwo / k_w)
  localparam int NI = S + NB;
// @else
  localparam int NI = S;
// @endif
  logic [QB-1:0]       ns, nd, left;
  logic [NI-1:0]       it_on;    // item slot active
  logic [NI-1:0]       it_lane;  // its lane
  logic [NI*KW*VW-1:0] it_w;     // its W LO planes
  logic [NI*VW-1:0]    it_x;     // its X LO vector
  assign left = fe_q - fs_q;
  assign ns   = st_work ? (left < QB'(S) ? left : QB'(S)) : '0;
// @if borrow
  always_comb begin
    nd = '0;
    if (st_work) nd = QB'((CB'(DWO) - used) >> (KW - 1));  // floor((dwo - U) / k_w), k_w in {1, 2}
    if (nd > left - ns) nd = left - ns;
  end
// @else
  assign nd = '0;
// @endif
  for (genvar n = 0; n < NI; n++) begin : g_item
    logic [QB-1:0] u, uk, q;
    logic          ln;
    if (n < S) begin : g_front
      assign it_on[n] = QB'(n) < ns;
      assign u        = fs_q + QB'(n);
    end else begin : g_back
      assign it_on[n] = QB'(n - S) < nd;
      assign u        = fe_q - QB'(n - S + 1);
    end
    assign ln         = L > 1 && u >= QB'(k_q);
    assign uk         = it_on[n] ? u - (ln ? QB'(k_q) : '0) : '0;
    assign q          = (uk << (L - 1)) | QB'(ln);
    assign it_lane[n] = ln;
    assign it_w[n*KW*VW +: KW*VW] = wlo[q*KW*VW +: KW*VW];
    assign it_x[n*VW +: VW]       = xlo_q[uk*VW +: VW];
  end

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
    logic [VW-1:0] wi, xi, bw, bx;  // inputs; those of the borrowed slot it serves
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
    ${name}_opc u_dwo (.w_i(wi), .x_i(xi), .p_o(p_dwo[o*V*V*8 +: V*V*8]));
  end

  logic [AW-1:0]  acc;
  logic [PSW-1:0] wv;
  always_comb begin
    step_sum = '0;
    comp_add = '0;
    acc      = '0;
    wv       = '0;
    for (int l = 0; l < L; l++) begin
      for (int i = 0; i < V; i++) begin
        for (int j = 0; j < V; j++) begin
          acc = '0;
          for (int m = 0; m < M; m++) begin
            for (int c = 0; c < KW + 2; c++) begin
              if (pres[m*NC + c] && dlane[m] == 1'(l))
                acc = acc + placed(p_dwo[(pdwo[(m*NC + c)*CB +: CB]*V*V + i*V+j)*8 +: 8],
                                   c < KW ? 3 * c + 4 : c == KW ? 3 * KW : 3 * KW + 4);
            end
          end
// @if wlo
          for (int n = 0; n < S; n++) begin
            for (int jj = 0; jj < KW; jj++) begin
              if (it_on[n] && it_lane[n] == 1'(l))
                acc = acc + placed(p_st[((n*KW+jj)*V*V + i*V+j)*8 +: 8], 3 * jj);
            end
          end
// @endif
// @if borrow
          for (int d = 0; d < NB; d++) begin
            for (int jj = 0; jj < KW; jj++) begin
              if (it_on[S + d] && it_lane[S + d] == 1'(l))
                acc = acc + placed(p_dwo[((NDWO - (d + 1) * KW + jj)*V*V + i*V+j)*8 +: 8], 3 * jj);
            end
          end
// @endif
          step_sum[(l*V*V + i*V+j)*CW +: CW] = CW'($signed(acc)) << t_q;
        end
        // Compensator of lane l: W[i][k] rebuilt from the slices of each taken item of the lane with an X flag.
        for (int m = 0; m < M; m++) begin
          if (dtake[m] && dx[m] && dlane[m] == 1'(l)) begin
            wv = dw[m] ? PSW'($signed(d_wh[m*VW + i*4 +: 4])) << (3 * KW) : '0;
// @if wlo
            for (int jj = 0; jj < KW; jj++) wv = wv + (PSW'($signed(d_wl[(m*KW + jj)*VW + i*4 +: 4])) << (3 * jj));
// @endif
            comp_add[(l*V + i)*PSW +: PSW] = comp_add[(l*V + i)*PSW +: PSW] + wv;
          end
        end
      end
    end
  end

  // ---- partial sums, compensation partial sums, the result
  logic [L*YW-1:0]    psum_q, y_q, y_next;
  logic [L*V*PSW-1:0] partial_q;
  logic [CW-1:0]      comp;
  always_comb begin
    comp   = '0;
    y_next = '0;
    for (int l = 0; l < L; l++) begin
      for (int i = 0; i < V; i++) begin
        comp = (CW'($signed(rowsum[(l*V + i)*PSW +: PSW])) - CW'($signed(partial_q[(l*V + i)*PSW +: PSW]))) *
               (CW'(r_q) << (4 + 32'(t_q)));
        for (int j = 0; j < V; j++)
          y_next[(l*V*V + i*V+j)*CW +: CW] = psum_q[(l*V*V + i*V+j)*CW +: CW] + comp;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      xflag_q <= '0;
    end else begin
      unique case (state_q)
        Idle: if (tile_valid_i) begin
          state_q <= Load;
          xflag_q <= '0;
        end
        Load: begin
          if (load_done) state_q <= Compute;
          for (int k = 0; k < KMAX; k++) if (xh_take && xh_at == PB'(k)) xflag_q[k] <= 1'b1;
        end
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
      xpos_q    <= '0;
// @if wlo
      fs_q      <= '0;
// @if dtp
      fe_q      <= QB'(k_i) << 1;
// @else
      fe_q      <= QB'(k_i);
// @endif
// @endif
      qd_q      <= '0;
      psum_q    <= '0;
      partial_q <= '0;
    end
    if (xh_take) begin
      xh_cnt_q <= xh_cnt_q + 1'b1;
      xpos_q   <= xh_at + 1'b1;
    end
    if (xl_take) xl_cnt_q <= xl_cnt_q + 1'b1;
    for (int k = 0; k < KMAX; k++) begin
      if (xh_take && xh_at == PB'(k)) xhv_q[k*VW +: VW] <= xh_data_i[B +: VW];
      if (xl_take && xl_cnt_q == KB'(k)) xlo_q[k*VW +: VW] <= xl_data_i;
    end
    if (state_q == Compute) begin
      for (int e = 0; e < L * V * V; e++) psum_q[e*CW +: CW] <= psum_q[e*CW +: CW] + step_sum[e*CW +: CW];
      for (int i = 0; i < L * V; i++) partial_q[i*PSW +: PSW] <= partial_q[i*PSW +: PSW] + comp_add[i*PSW +: PSW];
// @if wlo
      fs_q <= fs_q + ns;
      fe_q <= fe_q - nd;
// @endif
      qd_q <= qnext;
      if (!st_work && !dy_found) y_q <= y_next;
    end
  end

  assign y_valid_o = state_q == Out;
  assign y_data_o  = y_q;  // data, not reset: read while y_valid_o is high
endmodule
