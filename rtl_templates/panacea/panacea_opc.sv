// Panacea outer-product calculator (paper 003, Sec. III-D; docs/panacea.md): ${v} x ${v} multipliers of a signed
// 4-bit weight slice (two's complement, [-8, 7]) by an unsigned 4-bit activation slice ([0, 15]).
// p_o lane i*V + j = w_i lane i x x_i lane j, 8-bit two's complement ([-120, 105]). Combinational.
module ${name} (
${ports}
);
  localparam int V = ${v};
  for (genvar i = 0; i < V; i++) begin : g_w
    for (genvar j = 0; j < V; j++) begin : g_x
      logic signed [4:0] x_s;
      logic signed [8:0] prod;
      assign x_s  = $signed({1'b0, x_i[j*4 +: 4]});
      assign prod = $signed(w_i[i*4 +: 4]) * x_s;
      assign p_o[(i*V+j)*8 +: 8] = prod[7:0];
      logic unused_top;
      assign unused_top = prod[8];
    end
  end
endmodule
