// Panacea PEA shift-and-accumulate units (paper 003, Sec. III-D; docs/panacea.md "panacea_pea"): the products of a
// cycle into one element of a lane are summed exactly in AW bits at their fixed slice offsets, shifted once by the
// DBS shift t and added to the element's partial sum psum (cleared when a tile is taken, mod 2^CW). The result is
// y = psum + comp of the element's row (the compensator's), read from the registers while the PEA is in OUT.
module ${name} (
${ports}
);
  localparam int L    = ${lanes};
  localparam int V    = ${v};
  localparam int KW   = ${kw};
  localparam int CW   = ${cw};
  localparam int M    = ${dyn_items};
// @if wlo
  localparam int S    = ${s};
// @endif
// @if borrow
  localparam int NDWO = ${ndwo};
  localparam int NB   = ${nb};
// @endif
  localparam int NC   = KW + 2;
  localparam int CB   = 8;
  localparam int YW   = V * V * CW;
  // AW = min(CW, 12 + 3 k_w + clog2(products per element and cycle)).
  localparam int AW   = ${aw};
  // Sign-extends an 8-bit product to AW bits and shifts it left by a fixed offset.
  function automatic logic [AW-1:0] placed(input logic [7:0] p, input int sh);
    placed = AW'($signed(p)) << sh;
  endfunction

  logic [L*YW-1:0] step_sum, psum_q;
  logic [AW-1:0]   acc;
  always_comb begin
    step_sum = '0;
    acc      = '0;
    for (int l = 0; l < L; l++) begin
      for (int i = 0; i < V; i++) begin
        for (int j = 0; j < V; j++) begin
          acc = '0;
          for (int m = 0; m < M; m++) begin
            for (int c = 0; c < NC; c++) begin
              if (pres_i[m*NC + c] && dlane_i[m] == 1'(l))
                acc = acc + placed(p_dwo_i[(pdwo_i[(m*NC + c)*CB +: CB]*V*V + i*V+j)*8 +: 8],
                                   c < KW ? 3 * c + 4 : c == KW ? 3 * KW : 3 * KW + 4);
            end
          end
// @if wlo
          for (int n = 0; n < S; n++) begin
            for (int jj = 0; jj < KW; jj++) begin
              if (it_on_i[n] && it_lane_i[n] == 1'(l))
                acc = acc + placed(p_st_i[((n*KW+jj)*V*V + i*V+j)*8 +: 8], 3 * jj);
            end
          end
// @endif
// @if borrow
          for (int d = 0; d < NB; d++) begin
            for (int jj = 0; jj < KW; jj++) begin
              if (it_on_i[S + d] && it_lane_i[S + d] == 1'(l))
                acc = acc + placed(p_dwo_i[((NDWO - (d + 1) * KW + jj)*V*V + i*V+j)*8 +: 8], 3 * jj);
            end
          end
// @endif
          step_sum[(l*V*V + i*V+j)*CW +: CW] = CW'($signed(acc)) << t_i;
        end
      end
    end
  end

  // Data registers: not reset (cleared when a tile is taken).
  always_ff @(posedge clk_i) begin
    if (clear_i) psum_q <= '0;
    else if (en_i) begin
      for (int e = 0; e < L * V * V; e++) psum_q[e*CW +: CW] <= psum_q[e*CW +: CW] + step_sum[e*CW +: CW];
    end
  end

  for (genvar e = 0; e < L * V * V; e++) begin : g_y
    assign y_o[e*CW +: CW] = psum_q[e*CW +: CW] + comp_i[(e / V)*CW +: CW];  // row (l, i) of element e
  end
endmodule
