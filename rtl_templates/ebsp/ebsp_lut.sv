// EBSP look-up table (paper 001, Fig. 2; docs/ebsp.md): ${entries} entries of mantissa products
// entry[m_a][m_w] = (2^(s_a-1) + m_a) x (2^(s_w-1) + m_w), written by the generator from golden/ebsp. The shifter
// that scales an entry by 2^(e_a + e_w) is in the PE or array. Combinational.
module ${name} (
  input  logic [${iw}-1:0] idx_i,  // {m_a, m_w}
  output logic [${entw}-1:0] entry_o
);
  logic [${entw}-1:0] entry;
  always_comb begin
    case (idx_i)
${cases}
      default: entry = '0;
    endcase
  end
  assign entry_o = entry;
endmodule
