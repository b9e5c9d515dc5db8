// Panacea PEA static-work scheduler (paper 003, Sec. III-D; docs/panacea.md "panacea_pea", "Double-tile
// processing"): static items u = l*K + k, those left are [fs, fe); front slot n < S (an SWO group) takes u = fs + n,
// borrowed slot d (dtp: spare DWOs) takes u = fe - 1 - d. Slot n's item is lane lane_o[n], k k_o[n] when on_o[n].
// Without dtp (one lane), fs moves by S items per cycle until the queue's last step, so slot n's k is
// row_o * S + n: the PEA reads it from aligned rows (row_o counts the steps; no k_o).
module ${name} (
${ports}
);
  localparam int L    = ${lanes};
  localparam int QB   = ${qb};
  localparam int S    = ${s};
// @if aligned
  localparam int RB   = ${rb};
// @endif
// @if borrow
  localparam int KW   = ${kw};
  localparam int DWO  = ${dwo};
  localparam int CB   = 8;
  localparam int NB   = ${nb};  // borrowed slots: floor(dwo / k_w)
  localparam int NI   = S + NB;
// @else
  localparam int NI   = S;
// @endif
  logic [QB-1:0] fs_q, fe_q, ns, nd, left;
  logic          st_work;
  assign st_work = en_i && fs_q < fe_q;
  assign left    = fe_q - fs_q;
  assign ns      = st_work ? (left < QB'(S) ? left : QB'(S)) : '0;
// @if borrow
  always_comb begin
    nd = '0;
    if (st_work) nd = QB'((CB'(DWO) - used_i) >> (KW - 1));  // floor((dwo - U) / k_w), k_w in {1, 2}
    if (nd > left - ns) nd = left - ns;
  end
// @else
  assign nd = '0;
// @endif
  for (genvar n = 0; n < NI; n++) begin : g_item
    logic [QB-1:0] u;
    logic          ln;
    if (n < S) begin : g_front
      assign on_o[n] = QB'(n) < ns;
      assign u       = fs_q + QB'(n);
    end else begin : g_back
      assign on_o[n] = QB'(n - S) < nd;
      assign u       = fe_q - QB'(n - S + 1);
    end
    assign ln              = L > 1 && u >= QB'(k_i);
    assign lane_o[n]       = ln;
// @if !aligned
    assign k_o[n*QB +: QB] = on_o[n] ? u - (ln ? QB'(k_i) : '0) : '0;
// @endif
  end
// @if aligned
  logic [RB-1:0] row_q;  // fs_q / S
  always_ff @(posedge clk_i) begin
    if (clear_i) row_q <= '0;
    else if (st_work) row_q <= row_q + 1'b1;
  end
  assign row_o = row_q;
// @endif

  // Data registers: not reset (set when a tile is taken).
  always_ff @(posedge clk_i) begin
    if (clear_i) begin
      fs_q <= '0;
// @if dtp
      fe_q <= QB'(k_new_i) << 1;
// @else
      fe_q <= QB'(k_new_i);
// @endif
    end else if (en_i) begin
      fs_q <= fs_q + ns;
      fe_q <= fe_q - nd;
    end
  end
  assign work_o = st_work;
endmodule
