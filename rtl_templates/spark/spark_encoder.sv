// SPARK encoder (formats.md "SPARK", Encode). A value v with halves H = v >> B and L = v mod 2^B becomes
//   short code: v itself, when v < 2^(B-1) (the unit's MSB is 0);
//   long code:  upper = {1, H[B-2:1], H[B-1]}, lower = L when H[B-1] == H[0],
//               all ones when H[0] = 1 and H[B-1] = 0, all zeros when H[0] = 0 and H[B-1] = 1.
module ${name} (
${ports}
);
  localparam int N = ${bits};
  localparam int B = N / 2;

  logic [N-1:0] mag;  // the magnitude that is coded
// @if signed
  // Sign-magnitude: |value_i|; the magnitude 2^N (value_i = -2^N) saturates to 2^N - 1.
  logic         neg;
  logic [N:0]   abs_value;
  assign neg       = value_i[N];
  assign abs_value = neg ? (~value_i + 1'b1) : value_i;
  assign mag       = abs_value[N] ? {N{1'b1}} : abs_value[N-1:0];
// @else
  assign mag = value_i;
// @endif

  logic [B-1:0] hi, lo, upper, lower;
  logic         is_long;
  logic [N-1:0] code;
  assign hi      = mag[N-1:B];
  assign lo      = mag[B-1:0];
  assign is_long = |mag[N-1:B-1];
  assign upper   = {1'b1, hi[B-2:1], hi[B-1]};
  always_comb begin
    if (hi[B-1] == hi[0]) begin
      lower = lo;
    end else if (hi[0]) begin
      lower = {B{1'b1}};
    end else begin
      lower = {B{1'b0}};
    end
  end
  assign code = is_long ? {upper, lower} : {{B{1'b0}}, lo};

// @if pipeline
  logic [N-1:0] code_q;
  logic         long_q, valid_q;
// @if signed
  logic         sign_q;
// @endif
  // valid_q resets (control); the code register does not (data, read while valid_o is high).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else begin
      valid_q <= valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    code_q <= code;
    long_q <= is_long;
// @if signed
    sign_q <= neg;
// @endif
  end
  assign valid_o = valid_q;
  assign code_o  = code_q;
  assign long_o  = long_q;
// @if signed
  assign sign_o  = sign_q;
// @endif
// @else
  assign code_o = code;
  assign long_o = is_long;
// @if signed
  assign sign_o = neg;
// @endif
// @endif
endmodule
