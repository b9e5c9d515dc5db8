// Operand queue of a SPARK array PE (docs/spark_array.md "Elastic PE"): ${slots} slots that serve two readers, this
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
// @if skid
  localparam int S  = ${slots};  // slots: D, and at least 2 (two operands may wait for the next PE)
// @else
  localparam int S  = D;  // slots
// @endif

// @if skid
  // Ring of S slots: rd_q is the head, wr_q the next slot written; the operand on offer is the oldest of the pend
  // operands written last.
// @else
  // Ring of S slots: rd_q is the head, wr_q the next slot written; the operand on offer is the last one written.
// @endif
  logic [S*W-1:0] mem_q;
  logic [PW-1:0]  rd_q, wr_q, offer;
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < S; i++) begin
      if (accept_o && wr_q == PW'(i)) mem_q[i*W +: W] <= data_i;
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_q <= '0;
      wr_q <= '0;
    end else begin
      if (pop_i) rd_q <= rd_q == PW'(S - 1) ? '0 : rd_q + 1'b1;
      if (accept_o) wr_q <= wr_q == PW'(S - 1) ? '0 : wr_q + 1'b1;
    end
  end
// @if skid
  logic [1:0]    pend;  // operands on offer: 0..2 (g_fwd), 0 on the edge
  logic [PW-1:0] prev1, prev2;
  assign prev1  = wr_q == '0 ? PW'(S - 1) : wr_q - 1'b1;
  assign prev2  = prev1 == '0 ? PW'(S - 1) : prev1 - 1'b1;
  assign offer  = pend == 2'd2 ? prev2 : prev1;
// @else
  assign offer  = wr_q == '0 ? PW'(S - 1) : wr_q - 1'b1;
// @endif
  assign head_o = mem_q[rd_q*W +: W];
  assign fwd_o  = mem_q[offer*W +: W];
// @endif

// @if skid
  if (Fwd) begin : g_fwd
    // Up to two operands wait for the next PE, so accepting does not look at its accept (no chain).
    logic [1:0] pend_q;
    assign accept_o = valid_i && room && pend_q != 2'd2;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        pend_q <= '0;
      end else begin
        pend_q <= pend_q + 2'(accept_o) - 2'(next_accept_i);
      end
    end
    assign pend        = pend_q;
    assign fwd_valid_o = pend_q != '0;
  end else begin : g_edge
    logic unused_next;
    assign unused_next = next_accept_i;
    assign pend        = '0;
    assign accept_o    = valid_i && room;
    assign fwd_valid_o = 1'b0;
  end
// @else
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
// @endif
endmodule
