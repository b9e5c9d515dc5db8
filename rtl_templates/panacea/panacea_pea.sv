// Panacea processing-element array (paper 003, Sec. III-D; docs/panacea.md "panacea_pea" states the cycle
// contract this RTL follows): one v x v block of Y = W . X_t from the memory images of a weight row block and an
// activation column block (v = ${v}, k_w = ${kw}, b = ${b}, K <= ${kmax}).
//   LOAD: the index decoder turns the HO RLE entries into a presence flag per k (W: nonzero HO vector stored,
//         X: HO vector other than r stored); the dense LO slices are stored per k.
//   COMPUTE: static workload operators (SWOs) take the LO x LO outer products of ${s} k per cycle; dynamic ones
//         (DWOs) take the HO products of the next k with a stored HO vector; the shift-and-accumulate unit adds
//         them to the partial sums; the compensator sums W[i][k] over the k whose X HO vector is stored.
//   OUT:  y = psum + (r << (4 + t)) x (rowsum - partial), exactly W . X_t.
module ${name} (
${ports}
);
  localparam int V    = ${v};
  localparam int B    = ${b};    // RLE index bits
  localparam int KW   = ${kw};   // weight LO slices (k_w)
  localparam int KMAX = ${kmax};
  localparam int KB   = ${kb};   // clog2(KMAX + 1)
  localparam int PB   = ${pb};   // HO positions: K + an index, KB + 1 bits
  localparam int CW   = ${cw};
  localparam int PSW  = ${psw};  // a signed sum of up to KMAX weights
  localparam int S    = ${s};    // k per static step: floor(swo / k_w)
  localparam int VW   = 4 * V;   // one slice vector

  typedef enum logic [1:0] {Idle, Load, Compute, Out} state_e;
  state_e state_q;

  // ---- tile registers
  logic [KB-1:0]     k_q, whn_q, xhn_q;
  logic [1:0]        t_q;
  logic [3:0]        r_q;
  logic [V*PSW-1:0]  rowsum_q;

  // ---- buffers, one entry per k (flags cleared when a tile is taken; vectors written before they are read)
  logic [KMAX-1:0]      wflag_q, xflag_q;
  logic [KMAX*VW-1:0]   whv_q, xhv_q, xlo_q;
// @if wlo
  logic [KMAX*KW*VW-1:0] wlo_q;
// @endif

  // ---- load counters and HO positions
  logic [KB-1:0] wh_cnt_q, wl_cnt_q, xh_cnt_q, xl_cnt_q;
  logic [PB-1:0] wpos_q, xpos_q;
  logic          load_done;
  logic          wh_take, wl_take, xh_take, xl_take;
  logic [PB-1:0] wh_at, xh_at;

  assign tile_ready_o = state_q == Idle;
  assign wh_ready_o   = state_q == Load && wh_cnt_q != whn_q;
  assign xh_ready_o   = state_q == Load && xh_cnt_q != xhn_q;
  assign xl_ready_o   = state_q == Load && xl_cnt_q != k_q;
// @if wlo
  assign wl_ready_o   = state_q == Load && wl_cnt_q != k_q;
  assign wl_take      = wl_valid_i && wl_ready_o;
// @else
  assign wl_take      = 1'b0;
// @endif
  assign wh_take      = wh_valid_i && wh_ready_o;
  assign xh_take      = xh_valid_i && xh_ready_o;
  assign xl_take      = xl_valid_i && xl_ready_o;
  assign wh_at        = wpos_q + PB'(wh_data_i[B-1:0]);
  assign xh_at        = xpos_q + PB'(xh_data_i[B-1:0]);
  assign load_done    = wh_cnt_q == whn_q && xh_cnt_q == xhn_q && xl_cnt_q == k_q
// @if wlo
                        && wl_cnt_q == k_q
// @endif
                        ;

  // ---- compute: static step (k = ks .. ks + S - 1) and dynamic step (the first k >= kd with a flag)
  localparam int SB = ${sb};  // clog2(KMAX + S + 1): ks may pass K by up to S - 1
  logic [SB-1:0] ks_q;
  logic [KB-1:0] kd_q, kdyn;
  logic          st_work, dy_found, dy_w, dy_x;
  assign st_work = ${st_work};
  // The dynamic step's k: the first one at or after kd with a flag, and its vectors (a priority multiplexer).
  logic [VW-1:0] d_wh, d_xh, d_xl;
// @if wlo
  logic [KW*VW-1:0] d_wl;
// @endif
  always_comb begin
    dy_found = 1'b0;
    dy_w     = 1'b0;
    dy_x     = 1'b0;
    kdyn     = '0;
    d_wh     = '0;
    d_xh     = '0;
    d_xl     = '0;
// @if wlo
    d_wl     = '0;
// @endif
    for (int k = KMAX - 1; k >= 0; k--) begin
      if (KB'(k) >= kd_q && (wflag_q[k] || xflag_q[k])) begin
        dy_found = 1'b1;
        dy_w     = wflag_q[k];
        dy_x     = xflag_q[k];
        kdyn     = KB'(k);
        d_wh     = whv_q[k*VW +: VW];
        d_xh     = xhv_q[k*VW +: VW];
        d_xl     = xlo_q[k*VW +: VW];
// @if wlo
        d_wl     = wlo_q[k*KW*VW +: KW*VW];
// @endif
      end
    end
  end

  // Products of the cycle, each a slice outer product shifted into place and sign-extended to CW bits.
  logic [V*V*CW-1:0] step_sum;
  logic [V*PSW-1:0]  comp_add;

  // Dynamic workload operators: HO_w x LO_x, HO_w x HO_x, and LO_w j x HO_x for every j.
  logic [V*V*8-1:0] p_wh_xl, p_wh_xh;
  ${name}_opc u_dwo_hl (.w_i(d_wh), .x_i(d_xl), .p_o(p_wh_xl));
  ${name}_opc u_dwo_hh (.w_i(d_wh), .x_i(d_xh), .p_o(p_wh_xh));
// @if wlo
  logic [KW*V*V*8-1:0] p_wl_xh;
  for (genvar j = 0; j < KW; j++) begin : g_dwo_lh
    ${name}_opc u_dwo (.w_i(d_wl[j*VW +: VW]), .x_i(d_xh), .p_o(p_wl_xh[j*V*V*8 +: V*V*8]));
  end
  // Static workload operators: LO_w j x LO_x for S consecutive k.
  logic [S*KW*V*V*8-1:0] p_st;
  logic [S-1:0]          st_on;
  for (genvar s = 0; s < S; s++) begin : g_swo
    logic [SB-1:0] k;
    assign k        = ks_q + SB'(s);
    assign st_on[s] = st_work && k < SB'(k_q);
    logic [KB-1:0] kk;
    assign kk = st_on[s] ? k[KB-1:0] : '0;
    for (genvar j = 0; j < KW; j++) begin : g_plane
      ${name}_opc u_swo (.w_i(wlo_q[(kk*KW+j)*VW +: VW]), .x_i(xlo_q[kk*VW +: VW]),
                         .p_o(p_st[(s*KW+j)*V*V*8 +: V*V*8]));
    end
  end
// @endif

  // Sign-extends an 8-bit product to CW bits and shifts it left.
  function automatic logic [CW-1:0] placed(input logic [7:0] p, input int sh);
    placed = CW'($signed(p)) << sh;
  endfunction

  logic [CW-1:0]  acc;
  logic [PSW-1:0] wv;
  always_comb begin
    step_sum = '0;
    comp_add = '0;
    acc      = '0;
    wv       = '0;
    for (int i = 0; i < V; i++) begin
      for (int j = 0; j < V; j++) begin
        acc = '0;
        if (dy_w) acc = acc + placed(p_wh_xl[(i*V+j)*8 +: 8], 3 * KW + 32'(t_q));
        if (dy_w && dy_x) acc = acc + placed(p_wh_xh[(i*V+j)*8 +: 8], 3 * KW + 4 + 32'(t_q));
// @if wlo
        for (int jj = 0; jj < KW; jj++) begin
          if (dy_x) acc = acc + placed(p_wl_xh[(jj*V*V + i*V+j)*8 +: 8], 3 * jj + 4 + 32'(t_q));
        end
        for (int s = 0; s < S; s++) begin
          for (int jj = 0; jj < KW; jj++) begin
            if (st_on[s]) acc = acc + placed(p_st[((s*KW+jj)*V*V + i*V+j)*8 +: 8], 3 * jj + 32'(t_q));
          end
        end
// @endif
        step_sum[(i*V+j)*CW +: CW] = acc;
      end
      // Compensator: W[i][k] rebuilt from the slices of the dynamic step's k.
      if (dy_x) begin
        wv = dy_w ? PSW'($signed(d_wh[i*4 +: 4])) << (3 * KW) : '0;
// @if wlo
        for (int jj = 0; jj < KW; jj++) wv = wv + (PSW'($signed(d_wl[jj*VW + i*4 +: 4])) << (3 * jj));
// @endif
        comp_add[i*PSW +: PSW] = wv;
      end
    end
  end

  // ---- partial sums, compensation partial sums, the result
  logic [V*V*CW-1:0] psum_q, y_q;
  logic [V*PSW-1:0]  partial_q;
  logic [V*V*CW-1:0] y_next;
  logic [CW-1:0] comp;
  always_comb begin
    comp   = '0;
    y_next = '0;
    for (int i = 0; i < V; i++) begin
      comp = (CW'($signed(rowsum_q[i*PSW +: PSW])) - CW'($signed(partial_q[i*PSW +: PSW]))) * (CW'(r_q) << (4 + 32'(t_q)));
      for (int j = 0; j < V; j++) y_next[(i*V+j)*CW +: CW] = psum_q[(i*V+j)*CW +: CW] + comp;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      wflag_q <= '0;
      xflag_q <= '0;
    end else begin
      unique case (state_q)
        Idle: if (tile_valid_i) begin
          state_q <= Load;
          wflag_q <= '0;
          xflag_q <= '0;
        end
        Load: begin
          if (load_done) state_q <= Compute;
          for (int k = 0; k < KMAX; k++) begin
            if (wh_take && wh_at == PB'(k)) wflag_q[k] <= 1'b1;
            if (xh_take && xh_at == PB'(k)) xflag_q[k] <= 1'b1;
          end
        end
        Compute: if (!st_work && !dy_found) state_q <= Out;
        default: if (y_ready_i) state_q <= Idle;  // Out
      endcase
    end
  end

  // Data registers: not reset (written before they are read in every tile).
  always_ff @(posedge clk_i) begin
    if (state_q == Idle && tile_valid_i) begin
      k_q       <= k_i;
      whn_q     <= wh_n_i;
      xhn_q     <= xh_n_i;
      t_q       <= t_i;
      r_q       <= r_i;
      rowsum_q  <= rowsum_i;
      wh_cnt_q  <= '0;
      wl_cnt_q  <= '0;
      xh_cnt_q  <= '0;
      xl_cnt_q  <= '0;
      wpos_q    <= '0;
      xpos_q    <= '0;
      ks_q      <= '0;
      kd_q      <= '0;
      psum_q    <= '0;
      partial_q <= '0;
    end
    if (wh_take) begin
      wh_cnt_q <= wh_cnt_q + 1'b1;
      wpos_q   <= wh_at + 1'b1;
    end
    if (xh_take) begin
      xh_cnt_q <= xh_cnt_q + 1'b1;
      xpos_q   <= xh_at + 1'b1;
    end
    if (xl_take) xl_cnt_q <= xl_cnt_q + 1'b1;
    if (wl_take) wl_cnt_q <= wl_cnt_q + 1'b1;
    for (int k = 0; k < KMAX; k++) begin
      if (wh_take && wh_at == PB'(k)) whv_q[k*VW +: VW] <= wh_data_i[B +: VW];
      if (xh_take && xh_at == PB'(k)) xhv_q[k*VW +: VW] <= xh_data_i[B +: VW];
      if (xl_take && xl_cnt_q == KB'(k)) xlo_q[k*VW +: VW] <= xl_data_i;
// @if wlo
      if (wl_take && wl_cnt_q == KB'(k)) wlo_q[k*KW*VW +: KW*VW] <= wl_data_i;
// @endif
    end
    if (state_q == Compute) begin
      for (int e = 0; e < V * V; e++) psum_q[e*CW +: CW] <= psum_q[e*CW +: CW] + step_sum[e*CW +: CW];
      for (int i = 0; i < V; i++) partial_q[i*PSW +: PSW] <= partial_q[i*PSW +: PSW] + comp_add[i*PSW +: PSW];
      if (st_work) ks_q <= ks_q + SB'(S);
      if (dy_found) kd_q <= kdyn + 1'b1;
      if (!st_work && !dy_found) y_q <= y_next;
    end
  end

  assign y_valid_o = state_q == Out;
  assign y_data_o  = state_q == Out ? y_q : '0;
endmodule
