// flint decoder, the int-based decoding of ANT (formats.md "ANT"): a code becomes (base, exp), value = base << exp.
// Unsigned code c of M bits, r = c[M-2:0]:
//   MSB 0:            (c, 0)
//   MSB 1, r != 0:    (r << 1, 2k), k = leading zeros of r in M-1 bits
//   c = 100...0:      (1, 2M-2)
// Signed: sign-magnitude, the magnitude decoded as the (N-1)-bit unsigned type; negative zero gives 0.
module ${name} (
${ports}
);
// @if signed
  localparam int N   = ${bits};      // code width
// @endif
  localparam int M   = ${mag_bits};  // width of the unsigned code that is decoded
  localparam int EW  = ${exp_bits};
  localparam int LZW = ${lz_bits};

  logic [M-1:0]   c;
  logic [M-2:0]   r;
  logic [LZW-1:0] lz;
  logic           seen;
  logic [M-1:0]   mag;
  logic [EW-1:0]  exp_val;
// @if signed
  assign c = code_i[M-1:0];
// @else
  assign c = code_i;
// @endif
  assign r = c[M-2:0];

  // Leading zeros of r (M-1 bits); only used when r != 0.
  always_comb begin
    lz   = '0;
    seen = 1'b0;
    for (int i = M - 2; i >= 0; i--) begin
      if (r[i]) seen = 1'b1;
      else if (!seen) lz = lz + 1'b1;
    end
  end

  always_comb begin
    if (!c[M-1]) begin
      mag     = c;
      exp_val = '0;
    end else if (r != '0) begin
      mag     = {r, 1'b0};
      exp_val = EW'({lz, 1'b0});
    end else begin
      mag     = M'(1);
      exp_val = EW'(2 * M - 2);
    end
  end

// @if signed
  assign base_o = code_i[N-1] ? -$signed({${base_pad}'b0, mag}) : $signed({${base_pad}'b0, mag});
// @else
  assign base_o = {${base_pad}'b0, mag};
// @endif
  assign exp_o  = exp_val;
endmodule
