// SPARK output encoder (paper 000, Fig. 6; docs/spark_array.md "spark_out_encoder"): takes C rows of ${cols}
// ${cw}-bit values, requantizes each value, clamp((c x rq_mult_i + round) >>> rq_shift_i) with round half up,
// and SPARK-encodes it into one unit stream, columns in order, the upper (or only) unit first.
// unit_last_o marks a row's final unit, unit_job_last_o the final unit of a row that came with c_last_i.
module ${name} (
${ports}
);
  localparam int C    = ${cols};
  localparam int CW   = ${cw};
  localparam int N    = ${bits};
  localparam int B    = N / 2;
  localparam int VW   = ${vw};    // encoder input: N bits unsigned, N+1 bits two's complement when signed
  localparam int QW   = ${qw};    // requantize arithmetic: CW + 17-bit product, the rounding term up to 2^62
  localparam int COLW = ${colw};

  // ---- the row register
  logic            row_valid_q, row_last_q, half_q;
  logic [C*CW-1:0] row_q;
  logic [COLW-1:0] col_q;
  logic            take, final_unit, row_done;

  // ---- requantize the current column
  logic signed [CW-1:0] cval;
  always_comb begin
    cval = '0;
    for (int c = 0; c < C; c++) begin
      if (col_q == COLW'(c)) cval = row_q[c*CW +: CW];
    end
  end
  logic signed [QW-1:0] prod, rnd, shifted;
  logic [VW-1:0]        value;
  assign prod    = QW'(cval) * $signed({{(QW-16){1'b0}}, rq_mult_i});
  assign rnd     = rq_shift_i == '0 ? '0 : QW'(1) << (rq_shift_i - 6'd1);
  assign shifted = (prod + rnd) >>> rq_shift_i;
  always_comb begin
    if (shifted > QW'(${vmax})) begin
      value = VW'(QW'(${vmax}));
    end else if (shifted < QW'(${vmin})) begin
      value = VW'(QW'(${vmin}));
    end else begin
      value = shifted[VW-1:0];
    end
  end

  // ---- SPARK encoder and the unit of this cycle
  logic [N-1:0] code;
  logic         is_long;
  logic [B-1:0] payload;
// @if signed
  logic         sign;
  ${name}_enc u_enc (.value_i(value), .code_o(code), .long_o(is_long), .sign_o(sign));
  assign unit_o = {sign, payload};
// @else
  ${name}_enc u_enc (.value_i(value), .code_o(code), .long_o(is_long));
  assign unit_o = payload;
// @endif
  assign payload         = (is_long && !half_q) ? code[N-1:B] : code[B-1:0];
  assign final_unit      = !is_long || half_q;
  assign unit_valid_o    = row_valid_q;
  // last is control, defined on every cycle: low while no row is held (is_long then reads a stale row).
  assign unit_last_o     = row_valid_q && final_unit && col_q == COLW'(C - 1);
  assign unit_job_last_o = unit_last_o && row_last_q;
  assign take            = row_valid_q && unit_ready_i;
  assign row_done        = take && unit_last_o;
  assign c_ready_o       = !row_valid_q || row_done;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_valid_q <= 1'b0;
      row_last_q  <= 1'b0;
      col_q       <= '0;
      half_q      <= 1'b0;
    end else begin
      if (c_valid_i && c_ready_o) begin
        row_valid_q <= 1'b1;
        row_last_q  <= c_last_i;
      end else if (row_done) begin
        row_valid_q <= 1'b0;
      end
      if (take) begin
        if (!final_unit) begin
          half_q <= 1'b1;
        end else begin
          half_q <= 1'b0;
          col_q  <= col_q == COLW'(C - 1) ? '0 : col_q + 1'b1;
        end
      end
    end
  end
  // The row itself: a data register, no reset (read only while row_valid_q is high).
  always_ff @(posedge clk_i) begin
    if (c_valid_i && c_ready_o) row_q <= c_data_i;
  end
endmodule
