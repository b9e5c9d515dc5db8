// Panacea PEA operand buffer (paper 003, Sec. III-D; docs/panacea.md "panacea_pea"), one per operand stream pair
// (the X tile, each weight lane): per k a presence flag and the HO vector (written where the index decoder points),
// and the dense LO word (written at the LO count). Read through the PEA's read ports.
module ${name} (
${ports}
);
  localparam int KMAX = ${kmax};
  localparam int HW   = ${hw};  // HO vector
// @if lo
  localparam int KB   = ${kb};
  localparam int LW   = ${lw};  // LO word
  logic [KMAX*LW-1:0] lo_q;
  assign lo_o = lo_q;
// @endif
  logic [KMAX-1:0]    flag_q;
  logic [KMAX*HW-1:0] hv_q;
  assign hv_o = hv_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) flag_q <= '0;
    else if (clear_i) flag_q <= '0;
    else flag_q <= flag_q | we_i;
  end
  assign flag_o = flag_q;
  // Data registers: not reset (written before they are read in every tile).
  always_ff @(posedge clk_i) begin
    for (int k = 0; k < KMAX; k++) begin
      if (we_i[k]) hv_q[k*HW +: HW] <= hv_i;
// @if lo
      if (lo_we_i && lo_at_i == KB'(k)) lo_q[k*LW +: LW] <= lo_i;
// @endif
    end
  end
endmodule
