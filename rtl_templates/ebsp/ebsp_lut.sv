// EBSP arithmetic logic (paper 001, Fig. 2; docs/ebsp.md): a ${entries}-entry look-up table of mantissa products
// entry[m_a][m_w] = (2^(s_a-1) + m_a) x (2^(s_w-1) + m_w), written by the generator from golden/ebsp, and a barrel
// shifter: mag_o = (entry << e_i) >> ${drop}. The right shift by a constant drops bits that are 0 for truncated
// operands. Combinational.
module ${name} (
  input  logic [${iw}-1:0] idx_i,  // {m_a, m_w}
  input  logic [${esw}-1:0] e_i,   // e_a + e_w
  output logic [${pw}-1:0] mag_o
);
  logic [${entw}-1:0] entry;
  logic [${ww}-1:0]   wide;
  always_comb begin
    unique case (idx_i)
${cases}
      default: entry = '0;
    endcase
  end
  assign wide  = ${ww}'(entry) << e_i;
  assign mag_o = wide[${ww}-1:${drop}];
// @if drop
  logic unused_low;
  assign unused_low = ^wide[${drop_hi}:0];
// @endif
endmodule
