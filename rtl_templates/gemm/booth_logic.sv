  // Radix-4 Booth multiplier, written inline so that synthesis sees it with the adder it feeds:
  // ${booth_p} = ${booth_a} x ${booth_b}, signed ${booth_aw} x ${booth_bw} bits (B sign-extended to an even width).
  // Each digit g reads three bits of B (2g + 1, 2g, 2g - 1; a 0 below the LSB) and adds 0, +-A or +-2A, shifted
  // by 2g.
  localparam int BOOTH_PW = ${booth_aw} + ${booth_bw};
  logic signed [BOOTH_PW-1:0] ${booth_p};
  logic [${booth_bw}:0] booth_bx;
  logic [BOOTH_PW-1:0] booth_a1, booth_a2;
  assign booth_bx = {${booth_b}, 1'b0};
  assign booth_a1 = ${booth_a1};  // A sign-extended
  assign booth_a2 = booth_a1 << 1;
  always_comb begin
    logic [BOOTH_PW-1:0] pp;
    ${booth_p} = '0;
    for (int g = 0; g < ${booth_bw} / 2; g++) begin
      case (booth_bx[2*g +: 3])  // (no `unique`: Icarus would print a note per instance)
        3'b001, 3'b010: pp = booth_a1;
        3'b011:         pp = booth_a2;
        3'b100:         pp = -booth_a2;
        3'b101, 3'b110: pp = -booth_a1;
        default:        pp = '0;
      endcase
      ${booth_p} = ${booth_p} + (pp << (2 * g));
    end
  end
