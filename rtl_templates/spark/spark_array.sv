// SPARK array: ${rows} x ${cols} output-stationary array of elastic mixed-precision PEs computing C = A . B
// (paper 000, Sec. IV; docs/spark_array.md states the timing this RTL follows cycle by cycle).
//   A: one SPARK unit stream per row (A[r][0..K-1] encoded, last on the row's final unit), decoded on the
//   left border; B: one unit stream per column, decoded on the top border. Rows and columns run independently:
//   each PE multiplies at the speed its operands need (1, 2 or 4 cycles) and only holds its neighbours back
//   when its ${depth}-entry operand FIFOs are full.
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
  localparam int CW   = ${cw};
  localparam int UA   = ${ua};  // A unit width
  localparam int UB   = ${ub};
  localparam int OA   = ${oa};  // A operand token {last, long, [sign,] mag}
  localparam int OB   = ${ob};  // B operand token {last, long, [sign,] mag}
  localparam int PTRW = ${ptrw};

  // ---- border decoders
  logic [R-1:0]    dec_a_valid, dec_a_take;
  logic [R*OA-1:0] dec_a_tok;
  logic [C-1:0]    dec_b_valid, dec_b_take;
  logic [C*OB-1:0] dec_b_tok;
  for (genvar r = 0; r < R; r++) begin : g_dec_a
    ${name}_dec_a u_dec (
      .clk_i, .rst_ni,
      .unit_valid_i(a_valid_i[r]), .unit_i(a_data_i[r*UA +: UA]), .last_i(a_last_i[r]),
      .unit_ready_o(a_ready_o[r]),
      .tok_valid_o(dec_a_valid[r]), .tok_o(dec_a_tok[r*OA +: OA]), .take_i(dec_a_take[r])
    );
  end
  for (genvar c = 0; c < C; c++) begin : g_dec_b
    ${name}_dec_b u_dec (
      .clk_i, .rst_ni,
      .unit_valid_i(b_valid_i[c]), .unit_i(b_data_i[c*UB +: UB]), .last_i(b_last_i[c]),
      .unit_ready_o(b_ready_o[c]),
      .tok_valid_o(dec_b_valid[c]), .tok_o(dec_b_tok[c*OB +: OB]), .take_i(dec_b_take[c])
    );
  end
  // A job ends at a pair of last operands. A PE that pairs a last A with a B that is not (or the reverse) sets
  // its sticky error bit: A's and B's K differ. err_o reports it (until reset) instead of leaving it to a hang.
  logic [R*C-1:0] cell_err;
  assign err_o = |cell_err;

  // ---- PE grid (flattened: PE (r, c) is index r * C + c)
  logic [R*C-1:0]    a_acc, b_acc, a_fv, b_fv, full;
  logic [R*C*OA-1:0] a_fd;
  logic [R*C*OB-1:0] b_fd;
  logic [R*C*CW-1:0] res;
  logic [R-1:0]      row_clear;
  for (genvar r = 0; r < R; r++) begin : g_r
    for (genvar c = 0; c < C; c++) begin : g_c
      localparam int I = r * C + c;
      logic          a_v, b_v, a_next, b_next;
      logic [OA-1:0] a_d;
      logic [OB-1:0] b_d;
      if (c == 0) begin : g_left
        assign a_v           = dec_a_valid[r];
        assign a_d           = dec_a_tok[r*OA +: OA];
        assign dec_a_take[r] = a_acc[I];
      end else begin : g_inner_a
        assign a_v = a_fv[I-1];
        assign a_d = a_fd[(I-1)*OA +: OA];
      end
      if (r == 0) begin : g_top
        assign b_v           = dec_b_valid[c];
        assign b_d           = dec_b_tok[c*OB +: OB];
        assign dec_b_take[c] = b_acc[I];
      end else begin : g_inner_b
        assign b_v = b_fv[I-C];
        assign b_d = b_fd[(I-C)*OB +: OB];
      end
      if (c < C - 1) begin : g_next_a
        assign a_next = a_acc[I+1];
      end else begin : g_last_a
        assign a_next = 1'b0;
      end
      if (r < R - 1) begin : g_next_b
        assign b_next = b_acc[I+C];
      end else begin : g_last_b
        assign b_next = 1'b0;
      end
      ${name}_cell #(.FwdA(c < C - 1), .FwdB(r < R - 1)) u_cell (
        .clk_i, .rst_ni,
        .a_valid_i(a_v), .a_i(a_d), .a_accept_o(a_acc[I]), .a_next_accept_i(a_next),
        .a_fwd_valid_o(a_fv[I]), .a_fwd_o(a_fd[I*OA +: OA]),
        .b_valid_i(b_v), .b_i(b_d), .b_accept_o(b_acc[I]), .b_next_accept_i(b_next),
        .b_fwd_valid_o(b_fv[I]), .b_fwd_o(b_fd[I*OB +: OB]),
        .res_clear_i(row_clear[r]), .res_full_o(full[I]), .res_o(res[I*CW +: CW]), .err_o(cell_err[I])
      );
    end
  end

  // The forward registers of the right and bottom edges do not exist (their outputs are constant 0).
  logic unused_edge;
  always_comb begin
    unused_edge = 1'b0;
    for (int r = 0; r < R; r++) begin
      unused_edge = unused_edge ^ a_fv[r*C+C-1] ^ (^a_fd[(r*C+C-1)*OA +: OA]);
    end
    for (int c = 0; c < C; c++) begin
      unused_edge = unused_edge ^ b_fv[(R-1)*C+c] ^ (^b_fd[((R-1)*C+c)*OB +: OB]);
    end
  end

  // ---- C rows in order: row ptr_q is valid once all its PEs hold a result
  logic            c_valid, c_last, c_ready, take;
  logic [C*CW-1:0] c_data;
  logic [PTRW-1:0] ptr_q;
  always_comb begin
    c_valid = 1'b0;
    c_data  = '0;
    for (int r = 0; r < R; r++) begin
      if (ptr_q == PTRW'(r)) begin
        c_valid = &full[r*C +: C];
        c_data  = res[r*C*CW +: C*CW];
      end
    end
  end
  assign c_last = ptr_q == PTRW'(R - 1);
  assign take   = c_valid && c_ready;
  for (genvar r = 0; r < R; r++) begin : g_clear
    assign row_clear[r] = take && ptr_q == PTRW'(r);
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ptr_q <= '0;
    end else if (take) begin
      ptr_q <= c_last ? '0 : ptr_q + 1'b1;
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
