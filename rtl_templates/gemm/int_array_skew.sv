// int_array skew: a Depth-stage shift register that advances at every enabled step, delaying row r of A
// (or column c of B) by r (c) steps so that A[r][k] and B[k][c] meet in PE (r, c). Reset = 1 for the control
// bits (valid, last), which reset; data bits (Reset = 0) do not.
module ${name}_skew #(
  parameter int Depth = 1,
  parameter int Width = 1,
  parameter bit Reset = 1'b0
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             shift_i,
  input  logic [Width-1:0] d_i,
  output logic [Width-1:0] q_o
);
  localparam int TotalW = Depth * Width;
  // Stage Depth-1 holds the newest entry, stage 0 the oldest (the output).
  logic [TotalW-1:0] sr_q;
  if (Reset) begin : g_reset
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        sr_q <= '0;
      end else if (shift_i) begin
        sr_q <= TotalW'({d_i, sr_q} >> Width);
      end
    end
  end else begin : g_data
    logic unused_rst;
    assign unused_rst = rst_ni;
    always_ff @(posedge clk_i) begin
      if (shift_i) sr_q <= TotalW'({d_i, sr_q} >> Width);
    end
  end
  assign q_o = sr_q[Width-1:0];
endmodule
