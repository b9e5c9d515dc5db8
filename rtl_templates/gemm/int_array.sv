// int_array: ${rows} x ${cols} output-stationary systolic array computing C = A . B (golden/gemm/int_array.hpp
// states the timing this RTL follows cycle by cycle).
//   A: one valid/ready stream per row (A[r][0..K-1], last on the final beat); B: one per column.
//   All streams advance together: a beat of every row and column is taken at once, at a step.
//   C: one row per beat from the result registers, rows 0..R-1, c_last_o on row R-1. The next job's
//   operands enter while the previous job's C drains; the array stalls only when a PE would overwrite a
//   result row that has not been read. Without result registers (result_buffer false) C is read from the
//   accumulators, and a job's first beat waits until the previous job's rows are complete.
module ${name} (
${ports}
);
  localparam int R  = ${rows};
  localparam int C  = ${cols};
  localparam int AW = ${aw};
  localparam int BW = ${bw};
  localparam int CW = ${cw};
  localparam int PTRW = ${ptrw};
  localparam int AT = ${atw};  // width of an A operand inside the array (decoded {exp, base} with ANT codes)
  localparam int BT = ${btw};

  // ---- phases of a MAC and the global enable
  logic       step, stall, en, fire, all_valid;
  logic       gap_ok, job_last, take;
  logic [1:0] jobs_q;
// @if int8
  logic       int8_head;  // the job whose C leaves next was run in 8-bit mode
// @endif
// @if serial
  localparam int NA = ${na};
  localparam int NB = ${nb};
  logic [${iaw}-1:0] ia_q;
  logic [${ibw}-1:0] ib_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ia_q <= '0;
      ib_q <= '0;
    end else if (en) begin
      if (ib_q == ${ibw}'(NB - 1)) begin
        ib_q <= '0;
        ia_q <= ia_q == ${iaw}'(NA - 1) ? '0 : ia_q + 1'b1;
      end else begin
        ib_q <= ib_q + 1'b1;
      end
    end
  end
  assign step = ia_q == ${iaw}'(NA - 1) && ib_q == ${ibw}'(NB - 1);
// @else
  assign step = 1'b1;
// @endif

  // A job ends at the beat on which every A row and every B column stream carries last.
  assign job_last = &a_last_i && &b_last_i;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      jobs_q <= '0;
    end else if (fire && job_last && !(take && c_last_o)) begin
      jobs_q <= jobs_q + 1'b1;
    end else if (take && c_last_o && !(fire && job_last)) begin
      jobs_q <= jobs_q - 1'b1;
    end
  end
// @if int8
  // The mode of each job still to deliver C (at most two): mode_q[0] is the head's.
  logic [1:0] mode_q;
  logic       push, pop;
  assign push      = fire && job_last;
  assign pop       = take && c_last_o;
  assign int8_head = mode_q[0] && jobs_q != 2'd0;  // no job to deliver: rows as they are
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mode_q <= '0;
    end else if (push && pop) begin
      mode_q[0] <= jobs_q == 2'd1 ? mode_i : mode_q[1];
      mode_q[1] <= mode_i;
    end else if (push) begin
      if (jobs_q == 2'd0) mode_q[0] <= mode_i;
      else mode_q[1] <= mode_i;
    end else if (pop) begin
      mode_q[0] <= mode_q[1];
    end
  end
// @endif
  localparam int GW = ${gapw};
  logic [GW-1:0] gap_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gap_q <= GW'(C);
    end else if (fire && job_last) begin
      gap_q <= '0;
    end else if (en && step && gap_q != GW'(C)) begin
      gap_q <= gap_q + 1'b1;
    end
  end
  assign gap_ok = gap_q == GW'(C);

  // ---- PE grid wiring (flattened: PE (r, c) is index r * C + c)
  logic [R*C*AT-1:0] pe_a;
  logic [R*C*BT-1:0] pe_b;
  logic [R*C-1:0]    pe_v, pe_l;
// @if !result_buffer
  logic [R*C-1:0]    pe_first;  // read at the rows' first PEs only
  logic              unused_first;
  assign unused_first = ^pe_first;
// @endif
  logic [R*C*CW-1:0] pe_res;
  logic [R*(AT+2)-1:0] row_in;  // {last, valid, data} entering PE (r, 0)
  logic [C*BT-1:0]     col_in;  // data entering PE (0, c)

  // A job's last beat enters (1) at least C + 1 steps after the previous job's, so that a row's results are
  // all written, and read when C is taken at full speed, before the next job's first PE of that row hands
  // over (gap_q counts steps, saturating at C); and (2) only while at most one earlier job still has C rows
  // to deliver (jobs_q), so a stall only ever waits for rows that are complete: no deadlock.
  // A K mismatch: a beat taken with last on some streams but not all. The job goes on (it ends where every
  // stream carries last); err_o tells the system, sticky until reset, so a mismatch is reported, not waited on.
  logic err_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      err_q <= 1'b0;
    end else if (fire && (|a_last_i || |b_last_i) && !job_last) begin
      err_q <= 1'b1;
    end
  end
  assign err_o = err_q;

  assign all_valid = &a_valid_i && &b_valid_i;
// @if result_buffer
  assign fire      = step && en && all_valid && (!job_last || (gap_ok && jobs_q != 2'd2));
// @else
  // A job's first beat (the first after a last) enters C + 1 or more steps after the previous job's last beat,
  // and only while no job before the previous one has C rows to deliver (jobs_q < 2): the rows a stall then
  // waits for are the previous job's, complete by then, and read first: no deadlock.
  logic between_q;  // the last beat taken was a job's last (or none was taken yet)
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      between_q <= 1'b1;
    end else if (fire) begin
      between_q <= job_last;
    end
  end
  assign fire      = step && en && all_valid && (!between_q || (gap_ok && jobs_q != 2'd2));
// @endif
  assign a_ready_o = {R{fire}};
  assign b_ready_o = {C{fire}};

// @if ant
  // ANT: the skew carries each lane's code with its type ({type, code}, 2 + AW bits; type 3 marks an 8-bit mode
  // nibble); the boundary decoder sits after it, at the array's edge right before the first PE of its row or
  // column (R + C decoders), so a code is decoded with the type it entered with. A has one type (a_type_i),
  // column c of B its own (b_type_i[2c +: 2]).
  for (genvar r = 0; r < R; r++) begin : g_row_skew
    logic [AW+1:0] a_key, a_key_pe;  // {type, code} entering the skew / leaving it at the array's edge
// @if int8
    // 8-bit mode travels as type 3; the reserved type 3 itself decodes to 0, so code 0 of int goes instead.
    assign a_key = mode_i ? {2'd3, a_data_i[r*AW +: AW]} :
                   a_type_i == 2'd3 ? '0 : {a_type_i, a_data_i[r*AW +: AW]};
// @else
    assign a_key = {a_type_i, a_data_i[r*AW +: AW]};
// @endif
    if (r == 0) begin : g_direct
      assign a_key_pe = a_key;
      assign row_in[AT +: 2] = {job_last, fire};
    end else begin : g_skew
      // {last, valid} reset (control); the code does not (data).
      ${name}_skew #(.Depth(r), .Width(2), .Reset(1'b1)) u_skew_ctl (
        .clk_i, .rst_ni, .shift_i(en && step), .d_i({job_last, fire}), .q_o(row_in[r*(AT+2)+AT +: 2])
      );
      ${name}_skew #(.Depth(r), .Width(AW+2)) u_skew (
        .clk_i, .rst_ni, .shift_i(en && step), .d_i(a_key), .q_o(a_key_pe)
      );
    end
    logic signed [${dbw}-1:0] a_base;
    logic [${daew}-1:0]       a_exp;
    ${name}_dec_a u_dec (.type_i(a_key_pe[AW +: 2]), .code_i(a_key_pe[AW-1:0]), .base_o(a_base), .exp_o(a_exp));
// @if int8
    // 8-bit mode: lane 2i carries the low nibble of A row i (unsigned, exp 0), lane 2i+1 the high one
    // (signed when A is, exp 4); the 2 x 2 PE group of a result then sums the four partial products.
    logic [AT-1:0] a_int8;
    if (r % 2 == 1) begin : g_hi
      assign a_int8 = {${daew}'(4), 1'b${a_signed} && a_key_pe[AW-1], a_key_pe[AW-1:0]};
    end else begin : g_lo
      assign a_int8 = {${daew}'(0), 1'b0, a_key_pe[AW-1:0]};
    end
    assign row_in[r*(AT+2) +: AT] = a_key_pe[AW +: 2] == 2'd3 ? a_int8 : {a_exp, a_base};
// @else
    assign row_in[r*(AT+2) +: AT] = {a_exp, a_base};
// @endif
  end
  for (genvar c = 0; c < C; c++) begin : g_col_skew
    logic [BW+1:0] b_key, b_key_pe;
// @if int8
    assign b_key = mode_i ? {2'd3, b_data_i[c*BW +: BW]} :
                   b_type_i[c*2 +: 2] == 2'd3 ? '0 : {b_type_i[c*2 +: 2], b_data_i[c*BW +: BW]};
// @else
    assign b_key = {b_type_i[c*2 +: 2], b_data_i[c*BW +: BW]};
// @endif
    if (c == 0) begin : g_direct
      assign b_key_pe = b_key;
    end else begin : g_skew
      ${name}_skew #(.Depth(c), .Width(BW+2)) u_skew (
        .clk_i, .rst_ni, .shift_i(en && step), .d_i(b_key), .q_o(b_key_pe)
      );
    end
    logic signed [${dbw}-1:0] b_base;
    logic [${dbew}-1:0]       b_exp;
    ${name}_dec_b u_dec (.type_i(b_key_pe[BW +: 2]), .code_i(b_key_pe[BW-1:0]), .base_o(b_base), .exp_o(b_exp));
// @if int8
    logic [BT-1:0] b_int8;
    if (c % 2 == 1) begin : g_hi
      assign b_int8 = {${dbew}'(4), 1'b${b_signed} && b_key_pe[BW-1], b_key_pe[BW-1:0]};
    end else begin : g_lo
      assign b_int8 = {${dbew}'(0), 1'b0, b_key_pe[BW-1:0]};
    end
    assign col_in[c*BT +: BT] = b_key_pe[BW +: 2] == 2'd3 ? b_int8 : {b_exp, b_base};
// @else
    assign col_in[c*BT +: BT] = {b_exp, b_base};
// @endif
  end
// @else
  for (genvar r = 0; r < R; r++) begin : g_row_skew
    logic [AT-1:0] a_op;
    assign a_op = a_data_i[r*AW +: AW];
    if (r == 0) begin : g_direct
      assign row_in[0 +: AT+2] = {job_last, fire, a_op};
    end else begin : g_skew
      // {last, valid} reset (control); the operand does not (data).
      ${name}_skew #(.Depth(r), .Width(2), .Reset(1'b1)) u_skew_ctl (
        .clk_i, .rst_ni, .shift_i(en && step), .d_i({job_last, fire}), .q_o(row_in[r*(AT+2)+AT +: 2])
      );
      ${name}_skew #(.Depth(r), .Width(AT)) u_skew (
        .clk_i, .rst_ni, .shift_i(en && step), .d_i(a_op), .q_o(row_in[r*(AT+2) +: AT])
      );
    end
  end
  for (genvar c = 0; c < C; c++) begin : g_col_skew
    logic [BT-1:0] b_op;
    assign b_op = b_data_i[c*BW +: BW];
    if (c == 0) begin : g_direct
      assign col_in[0 +: BT] = b_op;
    end else begin : g_skew
      ${name}_skew #(.Depth(c), .Width(BT)) u_skew (
        .clk_i, .rst_ni, .shift_i(en && step), .d_i(b_op), .q_o(col_in[c*BT +: BT])
      );
    end
  end
// @endif

  for (genvar r = 0; r < R; r++) begin : g_r
    for (genvar c = 0; c < C; c++) begin : g_c
      localparam int I = r * C + c;
      logic [AT-1:0] a_in;
      logic [BT-1:0] b_in;
      logic          v_in, l_in;
      if (c == 0) begin : g_left
        assign {l_in, v_in, a_in} = row_in[r*(AT+2) +: AT+2];
      end else begin : g_inner
        assign a_in = pe_a[(I-1)*AT +: AT];
        assign v_in = pe_v[I-1];
        assign l_in = pe_l[I-1];
      end
      if (r == 0) begin : g_top
        assign b_in = col_in[c*BT +: BT];
      end else begin : g_below
        assign b_in = pe_b[(I-C)*BT +: BT];
      end
      ${name}_pe u_pe (
        .clk_i, .rst_ni, .en_i(en), .step_i(step),
// @if serial
        .ia_i(ia_q), .ib_i(ib_q),
// @endif
        .a_i(a_in), .b_i(b_in), .valid_i(v_in), .last_i(l_in),
        .a_o(pe_a[I*AT +: AT]), .b_o(pe_b[I*BT +: BT]), .valid_o(pe_v[I]), .last_o(pe_l[I]),
// @if !result_buffer
        .first_o(pe_first[I]),
// @endif
        .res_o(pe_res[I*CW +: CW])
      );
    end
  end

  // The operands leaving the right and bottom edges are not needed (lowRISC's unused_ idiom).
  logic [R*AT+C*BT-1:0] edge_out;
  for (genvar r = 0; r < R; r++) begin : g_right_edge
    assign edge_out[r*AT +: AT] = pe_a[(r*C+C-1)*AT +: AT];
  end
  for (genvar c = 0; c < C; c++) begin : g_bottom_edge
    assign edge_out[R*AT + c*BT +: BT] = pe_b[((R-1)*C+c)*BT +: BT];
  end
  logic unused_edge;
  assign unused_edge = ^edge_out;

  // ---- result rows: full_q[r] = row r holds a result not yet read
  logic [R-1:0]    full_q;
  logic [PTRW-1:0] ptr_q;

// @if result_buffer
  // Stall at a step when the first PE of a row holds the next job's last token while the row still holds an
  // unread result (the other PEs of the row follow it, so they never need to be checked).
  always_comb begin
    stall = 1'b0;
    for (int r = 0; r < R; r++) begin
      if (full_q[r] && pe_v[r*C] && pe_l[r*C]) stall = step;
    end
  end
// @else
  // No result registers: a row's C is its PEs' accumulators. Stall (on any phase) while the first PE of a row
  // holds the next job's first token, whose first phase would overwrite the sum, and the row is still unread.
  // The first beat's C + 1 step gap (fire) makes the row complete by then: the stall only waits for a read.
  always_comb begin
    stall = 1'b0;
    for (int r = 0; r < R; r++) begin
      if (full_q[r] && pe_v[r*C] && pe_first[r*C]) stall = 1'b1;
    end
  end
// @endif
  assign en = !stall;

// @if int8
  // 8-bit mode: the job at the head of the C side (int8_head) leaves as R/2 rows of C/2 values, each the sum
  // of a 2 x 2 PE group (rows 2i, 2i+1; columns 2j, 2j+1), read once both physical rows are complete.
  logic [C/2*CW-1:0] group_sum;
  always_comb begin
    group_sum = '0;
    for (int r = 0; r < R; r += 2) begin
      if (ptr_q == PTRW'(r)) begin
        for (int j = 0; j < C / 2; j++) begin
          group_sum[j*CW +: CW] = pe_res[(r*C+2*j)*CW +: CW] + pe_res[(r*C+2*j+1)*CW +: CW] +
                         pe_res[((r+1)*C+2*j)*CW +: CW] + pe_res[((r+1)*C+2*j+1)*CW +: CW];
        end
      end
    end
  end
// @endif
  always_comb begin
    c_valid_o = 1'b0;
    c_data_o  = '0;
    for (int r = 0; r < R; r++) begin
      if (ptr_q == PTRW'(r)) begin
        c_valid_o = full_q[r];
        c_data_o  = pe_res[r*C*CW +: C*CW];
// @if int8
        if (int8_head) begin
          c_valid_o = full_q[r] && (r % 2 == 0) && full_q[(r+1)%R];
          c_data_o  = '0;
          c_data_o[C/2*CW-1:0] = group_sum;
        end
// @endif
      end
    end
  end
// @if int8
  assign c_last_o = ptr_q == PTRW'(int8_head ? R - 2 : R - 1);
// @else
  assign c_last_o = ptr_q == PTRW'(R - 1);
// @endif
  assign take     = c_valid_o && c_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q <= '0;
      ptr_q  <= '0;
    end else begin
      for (int r = 0; r < R; r++) begin
        if (en && step && pe_v[r*C+C-1] && pe_l[r*C+C-1]) begin
          full_q[r] <= 1'b1;
// @if int8
        end else if (take && (ptr_q == PTRW'(r) || (int8_head && r % 2 == 1 && ptr_q == PTRW'(r - 1)))) begin
// @else
        end else if (take && (ptr_q == PTRW'(r) || (1'b0 && r % 2 == 1 && ptr_q == PTRW'(r - 1)))) begin
// @endif
          full_q[r] <= 1'b0;
        end
      end
// @if int8
      if (take) ptr_q <= c_last_o ? '0 : ptr_q + PTRW'(int8_head ? 2 : 1);
// @else
      if (take) ptr_q <= c_last_o ? '0 : ptr_q + 1'b1;
// @endif
    end
  end
endmodule
