// SPARK decoder (formats.md "SPARK", Decode): one unit per cycle in, one value per cycle out, latency 1.
// The decoder core (${name}_core) holds the state and the output register; this wrapper turns its
// sign-magnitude token into the value port (two's complement when signed; a negative zero becomes 0).
module ${name} (
${ports}
);
  localparam int N = ${bits};

  logic [${tw}-1:0] tok;
  ${name}_core u_core (
    .clk_i, .rst_ni,
// @if signed
    .unit_valid_i, .unit_i({unit_sign_i, unit_i}), .unit_ready_o,
// @else
    .unit_valid_i, .unit_i, .unit_ready_o,
// @endif
    .tok_valid_o(value_valid_o), .tok_o(tok), .take_i(value_ready_i)
  );

  assign value_long_o = tok[${tw} - 1];
// @if signed
  assign value_o = tok[N] ? -$signed({1'b0, tok[N-1:0]}) : $signed({1'b0, tok[N-1:0]});
// @else
  assign value_o = tok[N-1:0];
// @endif
endmodule
