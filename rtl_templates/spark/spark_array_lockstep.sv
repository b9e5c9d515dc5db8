// SPARK array, lock-step: ${rows} x ${cols} output-stationary systolic array of mixed-precision PEs computing
// C = A . B with the paper's synchronization (000, Sec. IV Fig. 9c; docs/spark_array.md "Lock-step
// synchronization" states the timing this RTL follows cycle by cycle).
//   A: one SPARK unit stream per row, B one per column, decoded on the borders; a beat (one decoded value of
//   every row and every column) enters at once, is skewed (row r by r steps, column c by c) and moves one PE on
//   per step. A step lasts as long as the slowest pair in the whole array needs (1, 2 or 4 cycles): every PE
//   waits for it, and the step's end reaches every register of the array in the same cycle.
// @if oenc
//   C: one row per beat from the PEs' result registers, rows 0..R-1, c_last_o on row R-1, requantized and SPARK-encoded into one unit stream (unit_*).
// @else
//   C: one row per beat from the PEs' result registers, rows 0..R-1, c_last_o on row R-1.
// @endif
module ${name} (
${ports}
);
  localparam int R    = ${rows};
  localparam int C    = ${cols};
  localparam int N    = ${bits};
  localparam int CW   = ${cw};
  localparam int UA   = ${ua};  // A unit width
  localparam int UB   = ${ub};
  localparam int OA   = ${oa};  // decoded A token {last, long, [sign,] mag}
  localparam int OB   = ${ob};  // decoded B token {last, long, [sign,] mag}
  localparam int AT   = OA - 1;  // A in the array: {last, long, [sign,] mag[N-2:0]}
  localparam int BT   = OB - 2;  // B in the array: {long, [sign,] mag[N-2:0]}
  localparam int PTRW = ${ptrw};
  localparam int GW   = ${gapw};

  // ---- border decoders: all of them hand over a value at once (fire)
  logic            fire;
  logic [R-1:0]    dec_a_valid, dec_a_last;
  logic [R*OA-1:0] dec_a_tok;
  logic [C-1:0]    dec_b_valid, dec_b_last;
  logic [C*OB-1:0] dec_b_tok;
  for (genvar r = 0; r < R; r++) begin : g_dec_a
    ${name}_dec_a u_dec (
      .clk_i, .rst_ni,
      .unit_valid_i(a_valid_i[r]), .unit_i(a_data_i[r*UA +: UA]), .last_i(a_last_i[r]),
      .unit_ready_o(a_ready_o[r]),
      .tok_valid_o(dec_a_valid[r]), .tok_o(dec_a_tok[r*OA +: OA]), .take_i(fire)
    );
    assign dec_a_last[r] = dec_a_tok[r*OA+OA-1];
  end
  for (genvar c = 0; c < C; c++) begin : g_dec_b
    ${name}_dec_b u_dec (
      .clk_i, .rst_ni,
      .unit_valid_i(b_valid_i[c]), .unit_i(b_data_i[c*UB +: UB]), .last_i(b_last_i[c]),
      .unit_ready_o(b_ready_o[c]),
      .tok_valid_o(dec_b_valid[c]), .tok_o(dec_b_tok[c*OB +: OB]), .take_i(fire)
    );
    assign dec_b_last[c] = dec_b_tok[c*OB+OB-1];
  end

  // ---- the step: phase counter, the slowest pair, stalls
  logic           en, step, shift, job_last, gap_ok, take, c_valid, c_last, c_ready;
  logic [1:0]     ph_q, jobs_q;
  logic [GW-1:0]  gap_q;
  logic [R*C-1:0] n2, n4;
  logic [R-1:0]   pend_last, done_row, full_q;
  assign step  = (|n4) ? ph_q == 2'd3 : (|n2) ? ph_q == 2'd1 : ph_q == 2'd0;
  // A row's first PE may not finish the next job's last pair while the row's results are unread.
  assign en    = !(|(full_q & pend_last));
  assign shift = en && step;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ph_q <= '0;
    end else if (en) begin
      ph_q <= step ? 2'd0 : ph_q + 2'd1;
    end
  end

  // A job's last beat enters C + 1 or more steps after the previous job's (gap_q counts steps, saturating at C),
  // so a row's results are all written before the next job's last pair reaches the row's first PE, and only while
  // at most one earlier job still has C rows to deliver (jobs_q): a stall then only waits for complete rows.
  assign job_last = &dec_a_last && &dec_b_last;
  assign gap_ok   = gap_q == GW'(C);
  assign fire     = shift && &dec_a_valid && &dec_b_valid && (!job_last || (gap_ok && jobs_q != 2'd2));
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gap_q <= GW'(C);
    end else if (fire && job_last) begin
      gap_q <= '0;
    end else if (shift && !gap_ok) begin
      gap_q <= gap_q + 1'b1;
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      jobs_q <= '0;
    end else if (fire && job_last && !(take && c_last)) begin
      jobs_q <= jobs_q + 1'b1;
    end else if (take && c_last && !(fire && job_last)) begin
      jobs_q <= jobs_q - 1'b1;
    end
  end
  // A K mismatch: a beat with last on some streams but not all. The job goes on (it ends where every stream
  // carries last); err_o tells the system, sticky until reset.
  logic err_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      err_q <= 1'b0;
    end else if (fire && (|dec_a_last || |dec_b_last) && !job_last) begin
      err_q <= 1'b1;
    end
  end
  assign err_o = err_q;

  // ---- skew: row r's tokens wait r steps, column c's c steps
  logic [R-1:0]    edge_v;
  logic [R*AT-1:0] edge_a;
  logic [C*BT-1:0] edge_b;
  for (genvar r = 0; r < R; r++) begin : g_skew_a
    logic [AT-1:0] tok;
    assign tok = {dec_a_tok[r*OA+N +: OA-N], dec_a_tok[r*OA +: N-1]};
    if (r == 0) begin : g_direct
      assign edge_v[0]       = fire;
      assign edge_a[0 +: AT] = tok;
    end else begin : g_regs
      ${name}_skew #(.Depth(r), .Width(1), .Reset(1'b1)) u_v (
        .clk_i, .rst_ni, .shift_i(shift), .d_i(fire), .q_o(edge_v[r])
      );
      ${name}_skew #(.Depth(r), .Width(AT), .Reset(1'b0)) u_d (
        .clk_i, .rst_ni, .shift_i(shift), .d_i(tok), .q_o(edge_a[r*AT +: AT])
      );
    end
  end
  for (genvar c = 0; c < C; c++) begin : g_skew_b
    logic [BT-1:0] tok;
    assign tok = {dec_b_tok[c*OB+N +: OB-N-1], dec_b_tok[c*OB +: N-1]};
    if (c == 0) begin : g_direct
      assign edge_b[0 +: BT] = tok;
    end else begin : g_regs
      ${name}_skew #(.Depth(c), .Width(BT), .Reset(1'b0)) u_d (
        .clk_i, .rst_ni, .shift_i(shift), .d_i(tok), .q_o(edge_b[c*BT +: BT])
      );
    end
  end
  // The decoded tokens' mag[N-1] (== mag[N/2]) and B's last (A's decides) do not enter the array.
  logic unused_tok;
  always_comb begin
    unused_tok = 1'b0;
    for (int r = 0; r < R; r++) unused_tok = unused_tok ^ dec_a_tok[r*OA+N-1];
    for (int c = 0; c < C; c++) unused_tok = unused_tok ^ dec_b_tok[c*OB+N-1];
  end

  // ---- PE grid (flattened: PE (r, c) is index r * C + c)
  logic [R*C-1:0]    pe_v, pe_pend, pe_done;
  logic [R*C*AT-1:0] pe_a;
  logic [R*C*BT-1:0] pe_b;
  logic [R*C*CW-1:0] res;
  for (genvar r = 0; r < R; r++) begin : g_r
    for (genvar c = 0; c < C; c++) begin : g_c
      localparam int I = r * C + c;
      logic          a_v;
      logic [AT-1:0] a_d;
      logic [BT-1:0] b_d;
      if (c == 0) begin : g_left
        assign a_v = edge_v[r];
        assign a_d = edge_a[r*AT +: AT];
      end else begin : g_inner_a
        assign a_v = pe_v[I-1];
        assign a_d = pe_a[(I-1)*AT +: AT];
      end
      if (r == 0) begin : g_top
        assign b_d = edge_b[c*BT +: BT];
      end else begin : g_inner_b
        assign b_d = pe_b[(I-C)*BT +: BT];
      end
      ${name}_lcell u_cell (
        .clk_i, .rst_ni, .en_i(en), .shift_i(shift), .ph_i(ph_q),
        .a_v_i(a_v), .a_i(a_d), .b_i(b_d),
        .a_v_o(pe_v[I]), .a_o(pe_a[I*AT +: AT]), .b_o(pe_b[I*BT +: BT]),
        .n2_o(n2[I]), .n4_o(n4[I]), .pend_last_o(pe_pend[I]), .done_last_o(pe_done[I]),
        .res_o(res[I*CW +: CW])
      );
    end
    assign pend_last[r] = pe_pend[r*C];
    assign done_row[r]  = pe_done[r*C+C-1];
  end
  // Operands leaving the right and bottom edges, and the other PEs' completion flags, are not used.
  logic unused_grid;
  always_comb begin
    unused_grid = 1'b0;
    for (int r = 0; r < R; r++) begin
      unused_grid = unused_grid ^ pe_v[r*C+C-1] ^ (^pe_a[(r*C+C-1)*AT +: AT]) ^ (^pe_pend[r*C +: C]) ^
                    (^pe_done[r*C +: C]);
    end
    for (int c = 0; c < C; c++) unused_grid = unused_grid ^ (^pe_b[((R-1)*C+c)*BT +: BT]);
  end

  // ---- C rows in order: row ptr_q is valid once its last PE finished the job's last pair
  logic [C*CW-1:0] c_data;
  logic [PTRW-1:0] ptr_q;
  always_comb begin
    c_valid = 1'b0;
    c_data  = '0;
    for (int r = 0; r < R; r++) begin
      if (ptr_q == PTRW'(r)) begin
        c_valid = full_q[r];
        c_data  = res[r*C*CW +: C*CW];
      end
    end
  end
  assign c_last = ptr_q == PTRW'(R - 1);
  assign take   = c_valid && c_ready;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ptr_q  <= '0;
      full_q <= '0;
    end else begin
      for (int r = 0; r < R; r++) begin
        if (done_row[r]) begin
          full_q[r] <= 1'b1;
        end else if (take && ptr_q == PTRW'(r)) begin
          full_q[r] <= 1'b0;
        end
      end
      if (take) ptr_q <= c_last ? '0 : ptr_q + 1'b1;
    end
  end

// @if oenc
  // Requantize and SPARK-encode the C rows into one unit stream for the next layer (paper Fig. 6).
  ${name}_oenc u_oenc (
    .clk_i, .rst_ni,
    .c_valid_i(c_valid), .c_data_i(c_data), .c_last_i(c_last), .c_ready_o(c_ready),
    .rq_mult_i, .rq_shift_i,
    .unit_valid_o, .unit_o, .unit_last_o, .unit_job_last_o, .unit_ready_i
  );
// @else
  assign c_valid_o = c_valid;
  assign c_data_o  = c_data;
  assign c_last_o  = c_last;
  assign c_ready   = c_ready_i;
// @endif
endmodule
