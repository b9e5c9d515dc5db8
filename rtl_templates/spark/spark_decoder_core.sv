// SPARK decoder core (formats.md "SPARK", Decode), shared by spark_decoder and the border decoders of
// spark_array (docs/spark_array.md): one unit per cycle in, one output register holding the sign-magnitude
// @if last
// @if signed
// token {last_q, long_q, sign_q, mag_q}, latency 1. State: pending_q (an upper half is waiting) and upper_q, the restored
// @else
// token {last_q, long_q, mag_q}, latency 1. State: pending_q (an upper half is waiting) and upper_q, the restored
// @endif
// @else
// @if signed
// token {long_q, sign_q, mag_q}, latency 1. State: pending_q (an upper half is waiting) and upper_q, the restored
// @else
// token {long_q, mag_q}, latency 1. State: pending_q (an upper half is waiting) and upper_q, the restored
// @endif
// @endif
// upper half H' = {U[0], U[B-2:1], U[0]} of the pending long code. A unit is accepted when the output register
// is empty or is being emptied (take_i) this cycle; the unit that completes a value gives its sign.
module ${name} (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            unit_valid_i,
  input  logic [${uw}-1:0]     unit_i,
// @if last
  input  logic            last_i,
// @endif
  output logic            unit_ready_o,
  output logic            tok_valid_o,
  output logic [${tw}-1:0]    tok_o,
  input  logic            take_i
);
  localparam int N = ${bits};
  localparam int B = N / 2;

  logic         pending_q, valid_q, long_q;
  logic [B-1:0] upper_q;
  logic [N-1:0] mag_q;
  logic         accept, completes;
// @if signed
  logic         sign_q;
// @endif
// @if last
  logic         last_q;
// @endif

  assign unit_ready_o = !valid_q || take_i;
  assign accept       = unit_valid_i && unit_ready_o;
  assign completes    = accept && (pending_q || !unit_i[B-1]);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pending_q <= 1'b0;
      valid_q   <= 1'b0;
// @if last
      last_q    <= 1'b0;
// @endif
    end else begin
      if (accept && !pending_q && unit_i[B-1]) begin
        pending_q <= 1'b1;
      end else if (accept) begin
        pending_q <= 1'b0;
      end
      if (completes) begin
        valid_q <= 1'b1;
// @if last
        last_q  <= last_i;
// @endif
      end else if (take_i) begin
        valid_q <= 1'b0;
      end
    end
  end
  // The value itself: data registers, no reset (read only while tok_valid_o is high; upper_q while pending_q is).
  always_ff @(posedge clk_i) begin
    if (accept && !pending_q && unit_i[B-1]) upper_q <= {unit_i[0], unit_i[B-2:1], unit_i[0]};
    if (completes) begin
      long_q <= pending_q;
      mag_q  <= pending_q ? {upper_q, unit_i[B-1:0]} : {{B{1'b0}}, unit_i[B-1:0]};
// @if signed
      sign_q <= unit_i[B];  // the unit that completes the value gives the sign
// @endif
    end
  end

  assign tok_valid_o = valid_q;
// @if last
// @if signed
  assign tok_o       = {last_q, long_q, sign_q, mag_q};
// @else
  assign tok_o       = {last_q, long_q, mag_q};
// @endif
// @else
// @if signed
  assign tok_o       = {long_q, sign_q, mag_q};
// @else
  assign tok_o       = {long_q, mag_q};
// @endif
// @endif
endmodule
