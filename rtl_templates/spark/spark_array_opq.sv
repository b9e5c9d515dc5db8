// Operand queue of a SPARK array PE (docs/spark_array.md "Elastic PE"): a shift-register FIFO of ${depth} entries
// (entry 0 is the head; entries are not reset, the count says which are valid) and, unless the PE is on the
// array's edge, a forward register towards the next PE. An operand is taken when the FIFO has room (or pops
// this cycle) and the forward register is empty or is being taken by the next PE; it enters both.
module ${name} #(
  parameter int W   = 8,    // operand token width
  parameter bit Fwd = 1'b1  // a next PE takes this PE's operands
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         valid_i,
  input  logic [W-1:0] data_i,
  output logic         accept_o,
  input  logic         next_accept_i,
  output logic         fwd_valid_o,
  output logic [W-1:0] fwd_o,
  output logic         head_valid_o,
  output logic [W-1:0] head_o,
  input  logic         pop_i
);
  localparam int D  = ${depth};
  localparam int DW = ${dw};  // count width: 0..D

  logic [D*W-1:0]     mem_q;
  logic [(D+1)*W-1:0] ext;
  logic [DW-1:0]      cnt_q, wr;
  logic               room;
  assign ext  = {W'(0), mem_q};
  assign wr   = cnt_q - DW'(pop_i);
  assign room = cnt_q != DW'(D) || pop_i;

  always_ff @(posedge clk_i) begin
    for (int i = 0; i < D; i++) begin
      if (accept_o && wr == DW'(i)) begin
        mem_q[i*W +: W] <= data_i;
      end else if (pop_i) begin
        mem_q[i*W +: W] <= ext[(i+1)*W +: W];
      end
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      cnt_q <= cnt_q + DW'(accept_o) - DW'(pop_i);
    end
  end
  assign head_valid_o = cnt_q != '0;
  assign head_o       = mem_q[W-1:0];

  if (Fwd) begin : g_fwd
    logic         v_q;
    logic [W-1:0] d_q;
    assign accept_o = valid_i && room && (!v_q || next_accept_i);
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        v_q <= 1'b0;
      end else if (accept_o) begin
        v_q <= 1'b1;
      end else if (next_accept_i) begin
        v_q <= 1'b0;
      end
    end
    always_ff @(posedge clk_i) begin
      if (accept_o) d_q <= data_i;
    end
    assign fwd_valid_o = v_q;
    assign fwd_o       = d_q;
  end else begin : g_edge
    logic unused_next;
    assign unused_next = next_accept_i;
    assign accept_o    = valid_i && room;
    assign fwd_valid_o = 1'b0;
    assign fwd_o       = '0;
  end
endmodule
