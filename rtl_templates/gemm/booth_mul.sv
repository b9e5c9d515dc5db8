// ${name}_booth: a signed AW x BW multiplier with radix-4 Booth recoding of b (BW even): BW / 2 partial
// products, each 0, +-a or +-2a from three bits of b, shifted by two bits each and summed. p_o = a_i * b_i
// exactly. Unsigned operands come in with a 0 on top, and an odd-width b sign-extended by one bit.
module ${name}_booth #(
  parameter int AW = 8,
  parameter int BW = 8
) (
  input  logic signed [AW-1:0]    a_i,
  input  logic signed [BW-1:0]    b_i,
  output logic signed [AW+BW-1:0] p_o
);
  localparam int PW = AW + BW;
  logic [BW:0]   bx;  // b with a 0 below its LSB: digit g reads bits 2g + 1, 2g, 2g - 1 of b
  logic [PW-1:0] a1, a2;
  assign bx = {b_i, 1'b0};
  assign a1 = {{BW{a_i[AW-1]}}, a_i};
  assign a2 = a1 << 1;
  always_comb begin
    logic [PW-1:0] pp;
    p_o = '0;
    for (int g = 0; g < BW / 2; g++) begin
      unique case (bx[2*g +: 3])
        3'b001, 3'b010: pp = a1;
        3'b011:         pp = a2;
        3'b100:         pp = -a2;
        3'b101, 3'b110: pp = -a1;
        default:        pp = '0;
      endcase
      p_o = p_o + (pp << (2 * g));
    end
  end
endmodule
