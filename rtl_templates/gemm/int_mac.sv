// int_mac: the conventional MAC, the lean reference for int_array's PE (written from the description of the
// baseline of Camus et al.'s precision-scalable MAC benchmark, IEEE JETCAS 2019: one full-width multiplier, a
// product register and an accumulator, nothing else). For each valid input, acc = (clear_i ? 0 : acc) +
// a_i x b_i, in ${cw}-bit two's complement (wrapping); out_valid_o reports the new sum 2 cycles after the input.
// Control (valid_q, the empty flag) resets; the product register and the accumulator (data) do not.
module ${name} (
${ports}
);
  localparam int CW = ${cw};
  localparam int PW = ${pw};  // the product bits the accumulator keeps: min(a_bits + b_bits, CW)

  logic              v1_q, v2_q, c1_q, empty_q;
  logic ${psign}[PW-1:0] prod_q;
  logic [CW-1:0]     acc_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v1_q    <= 1'b0;
      v2_q    <= 1'b0;
      empty_q <= 1'b1;  // no input accumulated yet: stands in for resetting the accumulator
    end else begin
      v1_q <= in_valid_i;
      v2_q <= v1_q;
      if (v1_q) empty_q <= 1'b0;
    end
  end
// @if booth
${booth_logic}
  logic unused_booth;
  assign unused_booth = ^booth_p;  // the bits above PW: redundant sign bits, or dropped by a narrow accumulator
// @endif
  always_ff @(posedge clk_i) begin
    c1_q   <= clear_i;
// @if booth
    prod_q <= PW'(booth_p);
// @else
    prod_q <= PW'(${a_op} * ${b_op});
// @endif
    if (v1_q) acc_q <= (c1_q || empty_q ? '0 : acc_q) + CW'(prod_q);
  end
  assign out_valid_o = v2_q;
  assign acc_o       = acc_q;
endmodule
