// Panacea PEA dynamic-step scheduler (paper 003, Sec. III-D; docs/panacea.md "panacea_pea", "Double-tile
// processing"): item slots m < M take the first M items q >= qd with a W flag, or an X flag at k_w > 0 (chained
// priority encoders on the flags); slot m is taken when every slot before it is and the DWOs they need (n) fit in
// DWO. A taken slot's products use DWOs off[m] .. off[m] + n[m] - 1; qd moves past the last taken item.
module ${name} (
${ports}
);
  localparam int L    = ${lanes};
  localparam int KW   = ${kw};
  localparam int KMAX = ${kmax};
  localparam int QN   = L * KMAX;
  localparam int QB   = ${qb};
  localparam int M    = ${dyn_items};
  localparam int DWO  = ${dwo};
  localparam int CB   = 8;        // DWO counts (at most 16 items x 4 products)
  localparam int NC   = KW + 2;   // products of an item
  logic [QB-1:0]   qd_q;
  logic [M*QB-1:0] dq;     // slot m's item
  logic [M-1:0]    dfound, dtake, dw, dx, dlane;
  logic [M*CB-1:0] doff;   // its first DWO
  logic [CB-1:0]   used;   // DWOs used by the taken slots (U)
  logic [QB-1:0]   qnext;  // qd after the step
  always_comb begin
    logic [QN-1:0] pend, first;
    logic [CB-1:0] cum, n;
    // At k_w = 0 an X flag alone is no item (no LO_w slice to multiply, no compensation without the W flag).
    for (int q = 0; q < QN; q++) pend[q] = QB'(q) >= qd_q && (wflag_i[q] || (KW > 0 && xflag_i[q / L]));
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
          dw[m]          = wflag_i[q];
          dx[m]          = xflag_i[q / L];
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
    used = cum;
  end

  // Product c of slot m (c < k_w: LO_w c x HO_x; k_w: HO_w x LO_x; k_w + 1: HO_w x HO_x), at e = m*NC + c: whether
  // it is executed, and its DWO.
  always_comb begin
    for (int m = 0; m < M; m++) begin
      for (int c = 0; c < NC; c++) begin
        pres_o[m*NC + c]         = dtake[m] && (c < KW ? dx[m] : c == KW ? dw[m] : dw[m] && dx[m]);
        pdwo_o[(m*NC + c)*CB +: CB] = doff[m*CB +: CB] + (c < KW ? CB'(c) : (dx[m] ? CB'(KW) : '0) + CB'(c - KW));
      end
    end
  end

  // Data register: not reset (cleared when a tile is taken).
  always_ff @(posedge clk_i) begin
    if (clear_i) qd_q <= '0;
    else if (en_i) qd_q <= qnext;
  end

  assign dq_o    = dq;
  assign dtake_o = dtake;
  assign dw_o    = dw;
  assign dx_o    = dx;
  assign dlane_o = dlane;
  assign found_o = dtake[0];
// @if borrow
  assign used_o  = used;
// @else
  logic unused_used;
  assign unused_used = ^used;
// @endif
endmodule
