// Panacea PEA shift-and-accumulate units (paper 003, Sec. III-D; docs/panacea.md "panacea_pea"): the products of a
// cycle into one element of a lane are summed exactly in AW bits at their fixed slice offsets (a carry-save tree
// and one adder), shifted once by the DBS shift t and added to the element's partial sum psum (cleared when a tile
// is taken, mod 2^CW). The result is y = psum + comp of the element's row (the compensator's), read from the registers while the PEA is in OUT.
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
// @if !fixed
  localparam int CB   = 8;
// @endif
  localparam int YW   = V * V * CW;
  // AW = min(CW, 12 + 3 k_w + clog2(products per element and cycle)).
  localparam int AW   = ${aw};
  // Sign-extends an 8-bit product to AW bits and shifts it left by a fixed offset.
  function automatic logic [AW-1:0] placed(input logic [7:0] p, input int sh);
    placed = AW'($signed(p)) << sh;
  endfunction

  // Per element e = (l*V + i)*V + j: the cycle's products into it, each placed at its slice offset (0 when not
  // executed), term x at tm[x*AW +: AW] (the dynamic products first, x = m*NC + c, then the static ones); a
  // carry-save tree (rows of 3:2 compressors, exact mod 2^AW) reduces them to a sum and a carry vector, one
  // carry-propagate adder adds those two (acc), and acc is shifted once by t.
  localparam int NT   = ${nt};
  logic [L*YW-1:0] step_sum, psum_q;
  for (genvar e = 0; e < L * V * V; e++) begin : g_csa
    localparam int LN = e / (V * V);  // lane
    localparam int IJ = e % (V * V);  // i*V + j
    logic [NT*AW-1:0] tm;
    logic [AW-1:0]    acc;
    always_comb begin
      tm = '0;
      for (int m = 0; m < M; m++) begin
        for (int c = 0; c < NC; c++) begin
          if (pres_i[m*NC + c] && dlane_i[m] == 1'(LN))
// @if fixed
            tm[(m*NC + c)*AW +: AW] = placed(p_dwo_i[(c*V*V + IJ)*8 +: 8],  // one item: DWO c has product c
// @else
            tm[(m*NC + c)*AW +: AW] = placed(p_dwo_i[(pdwo_i[(m*NC + c)*CB +: CB]*V*V + IJ)*8 +: 8],
// @endif
                                             c < KW ? 3 * c + 4 : c == KW ? 3 * KW : 3 * KW + 4);
        end
      end
// @if wlo
      for (int n = 0; n < S; n++) begin
        for (int jj = 0; jj < KW; jj++) begin
          if (it_on_i[n] && it_lane_i[n] == 1'(LN))
            tm[(M*NC + n*KW + jj)*AW +: AW] = placed(p_st_i[((n*KW+jj)*V*V + IJ)*8 +: 8], 3 * jj);
        end
      end
// @endif
// @if borrow
      for (int d = 0; d < NB; d++) begin
        for (int jj = 0; jj < KW; jj++) begin
          if (it_on_i[S + d] && it_lane_i[S + d] == 1'(LN))
            tm[(M*NC + S*KW + d*KW + jj)*AW +: AW] = placed(p_dwo_i[((NDWO - (d + 1) * KW + jj)*V*V + IJ)*8 +: 8],
                                                           3 * jj);
        end
      end
// @endif
    end
${csa}
    assign step_sum[e*CW +: CW] = CW'($signed(acc)) << t_i;
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
