// Operand queue of a SPARK array PE (docs/spark_array.md "Elastic PE"): ${depth} slots that serve two readers, this
// PE's core (the head, oldest first) and, unless the PE is on the array's edge, the next PE (the newest operand
// until that PE takes it). A slot is written when an operand is accepted and is free again once the core has
// popped it and it is no longer the operand on offer to the next PE; slots are data (not reset), the pointers and
// the count are control. An operand is taken when the core's queue has room (or pops this cycle) and the operand on
// offer is gone or is being taken by the next PE.
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

  logic [DW-1:0] cnt_q;
  logic          room;
  assign room = cnt_q != DW'(D) || pop_i;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      cnt_q <= cnt_q + DW'(accept_o) - DW'(pop_i);
    end
  end
  assign head_valid_o = cnt_q != '0;

// @if single
  // One slot: it holds the head and the operand on offer alike.
  logic [W-1:0] mem_q;
  always_ff @(posedge clk_i) begin
    if (accept_o) mem_q <= data_i;
  end
  assign head_o = mem_q;
  assign fwd_o  = mem_q;
// @else
  localparam int PW = ${pw};  // slot index width

  // Ring of D slots: rd_q is the head, wr_q the next slot written; the operand on offer is the last one written.
  logic [D*W-1:0] mem_q;
  logic [PW-1:0]  rd_q, wr_q, offer;
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < D; i++) begin
      if (accept_o && wr_q == PW'(i)) mem_q[i*W +: W] <= data_i;
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_q <= '0;
      wr_q <= '0;
    end else begin
      if (pop_i) rd_q <= rd_q == PW'(D - 1) ? '0 : rd_q + 1'b1;
      if (accept_o) wr_q <= wr_q == PW'(D - 1) ? '0 : wr_q + 1'b1;
    end
  end
  assign offer  = wr_q == '0 ? PW'(D - 1) : wr_q - 1'b1;
  assign head_o = mem_q[rd_q*W +: W];
  assign fwd_o  = mem_q[offer*W +: W];
// @endif

  if (Fwd) begin : g_fwd
    logic v_q;
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
    assign fwd_valid_o = v_q;
  end else begin : g_edge
    logic unused_next;
    assign unused_next = next_accept_i;
    assign accept_o    = valid_i && room;
    assign fwd_valid_o = 1'b0;
  end
endmodule
