// EBSP steering logic (paper 001, Fig. 2; docs/ebsp.md): a leading-one detector and a mantissa multiplexer.
// For a ${mag}-bit magnitude and a pattern of length ${len}: e = floor(log2 mag_i), m = the ${len} - 1 bits after
// the leading one (zero-padded below bit 0), zero = (mag_i == 0). Bits below the pattern are never looked at, so
// a value that does not conform is truncated to it. Combinational.
module ${name} (
  input  logic [${mag}-1:0] mag_i,
  output logic          zero_o,
  output logic [${ew}-1:0] e_o,
  output logic [${mw}-1:0] m_o
);
  localparam int M  = ${mag};
  localparam int LZ = ${lzw};

  logic [LZ-1:0] lz;
  logic [M-1:0]  norm;
  always_comb begin
    lz = '0;
    for (int i = 0; i < M; i++) begin
      if (mag_i[i]) lz = LZ'(M - 1 - i);  // the highest set bit wins (it is visited last)
    end
  end
  assign norm   = mag_i << lz;  // the leading one at bit M-1
  assign zero_o = mag_i == '0;
  assign e_o    = ${ew}'(M - 1) - ${ew}'(lz);
// @if mant
  assign m_o    = norm[M-2 -: ${mw}];
// @if norm_low
  logic unused_norm;
  assign unused_norm = ^norm[M-1] ^ (^norm[${norm_low_hi}:0]);
// @else
  logic unused_norm;
  assign unused_norm = norm[M-1];
// @endif
// @else
  // Pattern length 1: no mantissa bits (the value is a power of two); m_o is a constant 0.
  assign m_o    = '0;
  logic unused_norm;
  assign unused_norm = ^norm;
// @endif
endmodule
