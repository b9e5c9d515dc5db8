// flint encoder (formats.md "ANT", Quantize): value_i becomes the code whose value is nearest; an exact tie goes
// to the larger value; values beyond the grid saturate to its extreme codes. Built from the grid's structure
// (golden/ant decode): for the M-bit unsigned flint, magnitudes below 2^(M-1) are codes as they are; band j
// (0 <= j <= M-2) holds [2^(M-1+j), 2^(M+j)) in steps of 2^(2j+1), code {1, r} with r = x >> (2j+1), whose
// leading one is bit M-2-j; 2^(2M-2) is code 100..0. So: a leading-one (leading-zero) count of the band bits
// gives j, a shift by 2j and one rounding add give r; a carry out of the band is the next band's first code,
// r >> 2. Signed codes are sign-magnitude: a negative value rounds its magnitude with ties down (toward +inf).
module ${name} (
${ports}
);
  localparam int M  = ${mag_bits};   // magnitude width of the code
  localparam int X  = ${ext_bits};   // |value_i|, zero-extended to hold bit 2M-2 (the top grid value)
  localparam int JW = ${band_bits};  // band index width

  logic [X-1:0] mag;
  logic         neg;
// @if signed
  logic [${in_bits}-1:0] abs_v;
  assign neg   = value_i[${in_bits}-1];
  assign abs_v = neg ? -value_i : value_i;  // -(-2^(W-1)) is 2^(W-1) read unsigned
  assign mag   = X'(abs_v);
// @else
  assign neg = 1'b0;
  assign mag = X'(value_i);
// @endif

  // The band: the leading one among bits M-1 .. 2M-3 (none: an exact int code); any bit from 2M-2 up saturates.
  logic [M-2:0]  hi;
  logic [JW-1:0] j;
  logic          sat;
  assign hi  = mag[2*M-3:M-1];
  assign sat = |mag[X-1:2*M-2];
  always_comb begin
    j = '0;
    for (int i = 0; i < M - 1; i++) begin
      if (hi[i]) j = JW'(i);
    end
  end

  // The rounding step: t = mag >> 2j, r = t >> 1, the half bit t[0], the sticky bits below it.
  logic [M-1:0] t, rr, top;
  logic [X-1:0] below;
  logic [M-2:0] rr_sh;
  logic         up;
  assign t     = M'(mag >> {j, 1'b0});  // r < 2^(M-1-j): t fits in M bits
  assign below = mag & ~({X{1'b1}} << {j, 1'b0});
  assign up    = t[0] && (!neg || below != '0);
  assign rr    = {1'b0, t[M-1:1]} + M'(up);
  assign top   = M'(1) << (M - 1 - 32'(j));  // a carry out of band j ...
  assign rr_sh = (M-1)'(rr >> 2);             // ... is band j + 1's first code (100..0 past the last band)

  logic [M-1:0] cmag;
  always_comb begin
    if (sat) cmag = {1'b1, {(M-1){1'b0}}};
    else if (hi == '0) cmag = mag[M-1:0];
    else if (rr == top) cmag = {1'b1, rr_sh};
    else cmag = {1'b1, rr[M-2:0]};
  end
// @if signed
  assign code_o = {neg, cmag};
// @else
  assign code_o = cmag;
// @endif
endmodule
