// Panacea PEA RLE index decoder (paper 003, Sec. III-D; docs/panacea.md "panacea_pea"), one per HO stream: an HO
// entry {index, slices} taken at position p belongs to k = p + index (one-hot on we_o); p moves to k + 1.
module ${name} (
${ports}
);
  localparam int KMAX = ${kmax};
  localparam int PB   = ${pb};  // positions: K + an index
  logic [PB-1:0] pos_q, at;
  assign at = pos_q + PB'(idx_i);
  // Data register: not reset (cleared when a tile is taken).
  always_ff @(posedge clk_i) begin
    if (clear_i) pos_q <= '0;
    else if (take_i) pos_q <= at + 1'b1;
  end
  for (genvar k = 0; k < KMAX; k++) begin : g_k
    assign we_o[k] = take_i && at == PB'(k);
  end
endmodule
