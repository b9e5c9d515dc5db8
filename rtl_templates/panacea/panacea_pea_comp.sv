// Panacea PEA compensators (paper 003, Sec. III-D; docs/panacea.md "panacea_pea"), one per weight lane: each cycle
// W[i][k] is rebuilt from the slices of every taken dynamic item of the lane with an X flag and added to partial[i]
// (cleared when a tile is taken). The compensation of row i is ((rowsum[i] - partial[i]) x r) << (4 + t), mod
// 2^CW: the difference has PSW + 1 bits and r is unsigned, so the multiply is (PSW + 1) x 5 bits.
module ${name} (
${ports}
);
  localparam int L    = ${lanes};
  localparam int V    = ${v};
  localparam int KW   = ${kw};
  localparam int CW   = ${cw};
  localparam int PSW  = ${psw};
  localparam int M    = ${dyn_items};
  localparam int VW   = 4 * V;
  localparam int DW   = PSW + 1;  // rowsum - partial
  localparam int PW   = PSW + 6 < CW ? PSW + 6 : CW;  // its product with r (5 bits signed), mod 2^CW

  logic [L*V*PSW-1:0] comp_add, partial_q;
  logic [PSW-1:0]     wv;
  always_comb begin
    comp_add = '0;
    wv       = '0;
    for (int l = 0; l < L; l++) begin
      for (int i = 0; i < V; i++) begin
        for (int m = 0; m < M; m++) begin
          if (dtake_i[m] && dx_i[m] && dlane_i[m] == 1'(l)) begin
            wv = dw_i[m] ? PSW'($signed(wh_i[m*VW + i*4 +: 4])) << (3 * KW) : '0;
// @if wlo
            for (int jj = 0; jj < KW; jj++) wv = wv + (PSW'($signed(wl_i[(m*KW + jj)*VW + i*4 +: 4])) << (3 * jj));
// @endif
            comp_add[(l*V + i)*PSW +: PSW] = comp_add[(l*V + i)*PSW +: PSW] + wv;
          end
        end
      end
    end
  end

  // Data registers: not reset (cleared when a tile is taken).
  always_ff @(posedge clk_i) begin
    if (clear_i) partial_q <= '0;
    else if (en_i) begin
      for (int i = 0; i < L * V; i++) partial_q[i*PSW +: PSW] <= partial_q[i*PSW +: PSW] + comp_add[i*PSW +: PSW];
    end
  end

  for (genvar i = 0; i < L * V; i++) begin : g_row
    logic signed [DW-1:0] diff;
    logic signed [PW-1:0] prod;
    assign diff = DW'($signed(rowsum_i[i*PSW +: PSW])) - DW'($signed(partial_q[i*PSW +: PSW]));
    assign prod = PW'(diff) * PW'($signed({1'b0, r_i}));
    assign comp_o[i*CW +: CW] = CW'(prod) << (4 + 32'(t_i));
  end
endmodule
