// ANT PE: the int-based TypeFusion MAC (paper 002, Sec. V). Operands arrive decoded as (base, exp), value =
// base << exp, from a flint/pot/int decoder; the PE multiplies the bases, adds the exponents, shifts the
// product and accumulates: for each valid input, acc = (clear_i ? 0 : acc) + (a_base * b_base) << (a_exp + b_exp),
// in ${acc_bits}-bit two's complement (wrapping). out_valid_o reports the new sum one cycle later.
module ${name} (
${ports}
);
  localparam int CW = ${acc_bits};
  localparam int PW = ${prod_bits};  // min(2 x ${base_bits}-bit bases, CW): the product bits that reach the accumulator
  // The shifter is sized to the exponent sums the decoders' types reach (golden/ant max_exp): at most ${max_shift}
  // (exponents beyond a type's max_exp are no decoder output).
  localparam int SHW = ${shift_bits};
  localparam int SW  = ${shifted_bits};  // min(PW + ${max_shift}, CW): the shifted product, sign-extended into CW bits

  logic signed [PW-1:0] prod;
  logic [SHW-1:0]       shamt;
  logic signed [SW-1:0] shifted;
  logic [CW-1:0]        addend, acc_q;
  logic                 valid_q, empty_q;

  assign prod    = a_base_i * b_base_i;
  assign shamt   = SHW'(a_exp_i) + SHW'(b_exp_i);
  assign shifted = SW'(prod) <<< shamt;
  assign addend  = CW'(shifted);

  // Control resets: valid_q, and empty_q (no input yet), which stands in for resetting the accumulator (data).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      empty_q <= 1'b1;
    end else begin
      valid_q <= in_valid_i;
      if (in_valid_i) empty_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (in_valid_i) acc_q <= (clear_i || empty_q ? '0 : acc_q) + addend;
  end

  assign out_valid_o = valid_q;
  assign acc_o       = acc_q;
endmodule
