// ANT decoder (formats.md "ANT"): a code of the type chosen at run time becomes (base, exp), value = base << exp.
//   type_i 0 int:   (c, 0), two's complement when signed
//   type_i 1 pot:   0 -> (0, 0), else (1, c - 1); signed: sign-magnitude over the (N-1)-bit type
//   type_i 2 flint: the flint decoder ${name}_flint
//   type_i 3:       (0, 0) (reserved)
module ${name} (
${ports}
);
  localparam int N  = ${bits};
  localparam int M  = ${mag_bits};  // magnitude width of pot (N-1 when signed)
  localparam int BW = N + 1;
  localparam int EW = ${exp_bits};

  logic signed [BW-1:0] flint_base;
  logic [${flint_exp_bits}-1:0] flint_exp;
  ${name}_flint u_flint (.code_i(code_i), .base_o(flint_base), .exp_o(flint_exp));

  logic [M-1:0] pot_mag;
  logic         pot_neg;
// @if signed
  assign pot_mag = code_i[M-1:0];
  assign pot_neg = code_i[N-1];
// @else
  assign pot_mag = code_i;
  assign pot_neg = 1'b0;
// @endif

  always_comb begin
    unique case (type_i)
      2'd0: begin
// @if signed
        base_o = BW'($signed(code_i));
// @else
        base_o = $signed({1'b0, code_i});
// @endif
        exp_o  = '0;
      end
      2'd1: begin
        if (pot_mag == '0) begin
          base_o = '0;
          exp_o  = '0;
        end else begin
          base_o = pot_neg ? -(BW'(1)) : BW'(1);
          exp_o  = EW'(pot_mag - 1'b1);
        end
      end
      2'd2: begin
        base_o = flint_base;
        exp_o  = EW'(flint_exp);
      end
      default: begin
        base_o = '0;
        exp_o  = '0;
      end
    endcase
  end
endmodule
