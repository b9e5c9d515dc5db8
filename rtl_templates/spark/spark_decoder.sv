// SPARK decoder (formats.md "SPARK", Decode): one unit per cycle in, one value per cycle out.
// State: pending_q (an upper half is waiting) and upper_q, the restored upper half
// H' = {U[0], U[B-2:1], U[0]} of the pending long code. The value register is the only output stage:
// a unit is accepted when that register is empty or is being emptied this cycle.
module ${name} (
${ports}
);
  localparam int N = ${bits};
  localparam int B = N / 2;

  logic         pending_q;
  logic [B-1:0] upper_q;
  logic         out_valid_q;
  logic [N-1:0] out_mag_q;
  logic         out_long_q;
// @if signed
  logic         out_sign_q;
// @endif

  logic accept, completes;
  assign unit_ready_o = !out_valid_q || value_ready_i;
  assign accept       = unit_valid_i && unit_ready_o;
  // A unit completes a value unless it is the upper unit of a long code.
  assign completes    = accept && (pending_q || !unit_i[B-1]);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pending_q   <= 1'b0;
      upper_q     <= '0;
      out_valid_q <= 1'b0;
      out_mag_q   <= '0;
      out_long_q  <= 1'b0;
// @if signed
      out_sign_q  <= 1'b0;
// @endif
    end else begin
      if (accept && !pending_q && unit_i[B-1]) begin
        pending_q <= 1'b1;
        upper_q   <= {unit_i[0], unit_i[B-2:1], unit_i[0]};
      end else if (accept) begin
        pending_q <= 1'b0;
      end
      if (completes) begin
        out_valid_q <= 1'b1;
        out_mag_q   <= pending_q ? {upper_q, unit_i} : {{B{1'b0}}, unit_i};
        out_long_q  <= pending_q;
// @if signed
        out_sign_q  <= unit_sign_i;
// @endif
      end else if (value_ready_i) begin
        out_valid_q <= 1'b0;
      end
    end
  end

  assign value_valid_o = out_valid_q;
  assign value_long_o  = out_long_q;
// @if signed
  // Sign-magnitude to two's complement; a negative zero becomes 0.
  assign value_o = out_sign_q ? -$signed({1'b0, out_mag_q}) : $signed({1'b0, out_mag_q});
// @else
  assign value_o = out_mag_q;
// @endif
endmodule
