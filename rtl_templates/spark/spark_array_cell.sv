// Elastic PE of a SPARK array (docs/spark_array.md "Elastic PE"): operand FIFOs of depth ${depth} in front of the
// spark_pe core, forward registers towards the right (A) and lower (B) neighbours, and the result register.
//   A token {last, long,${a_sign_field} mag[N-1:0]}, B token {long,${b_sign_field} mag[N-1:0]}.
//   An operand is taken from the left/upper neighbour when the FIFO has room (or pops this cycle) and the
//   forward register is empty or is being taken by the next PE; it enters the FIFO and the forward register.
//   The core multiplies the FIFO heads; a job's last pair waits until the previous result was read.
module ${name} #(
  parameter bit FwdA = 1'b1,  // a PE to the right takes this PE's A operands
  parameter bit FwdB = 1'b1   // a PE below takes this PE's B operands
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          a_valid_i,
  input  logic [${oa}-1:0]   a_i,
  output logic          a_accept_o,
  input  logic          a_next_accept_i,
  output logic          a_fwd_valid_o,
  output logic [${oa}-1:0]   a_fwd_o,
  input  logic          b_valid_i,
  input  logic [${ob}-1:0]   b_i,
  output logic          b_accept_o,
  input  logic          b_next_accept_i,
  output logic          b_fwd_valid_o,
  output logic [${ob}-1:0]   b_fwd_o,
  input  logic          res_clear_i,
  output logic          res_full_o,
  output logic [${cw}-1:0]   res_o
);
  localparam int N  = ${bits};
  localparam int OA = ${oa};
  localparam int OB = ${ob};
  localparam int D  = ${depth};
  localparam int DW = ${dw};  // count width: 0..D

  // ---- operand FIFOs: shift registers, entry 0 is the head (entries are not reset: count says what is valid)
  logic [D*OA-1:0]     a_mem_q;
  logic [D*OB-1:0]     b_mem_q;
  logic [(D+1)*OA-1:0] a_ext;
  logic [(D+1)*OB-1:0] b_ext;
  logic [DW-1:0]       a_cnt_q, b_cnt_q, a_wr, b_wr;
  logic                pop, a_room, b_room;
  assign a_ext  = {OA'(0), a_mem_q};
  assign b_ext  = {OB'(0), b_mem_q};
  assign a_wr   = a_cnt_q - DW'(pop);
  assign b_wr   = b_cnt_q - DW'(pop);
  assign a_room = a_cnt_q != DW'(D) || pop;
  assign b_room = b_cnt_q != DW'(D) || pop;

  always_ff @(posedge clk_i) begin
    for (int i = 0; i < D; i++) begin
      if (a_accept_o && a_wr == DW'(i)) begin
        a_mem_q[i*OA +: OA] <= a_i;
      end else if (pop) begin
        a_mem_q[i*OA +: OA] <= a_ext[(i+1)*OA +: OA];
      end
      if (b_accept_o && b_wr == DW'(i)) begin
        b_mem_q[i*OB +: OB] <= b_i;
      end else if (pop) begin
        b_mem_q[i*OB +: OB] <= b_ext[(i+1)*OB +: OB];
      end
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_cnt_q <= '0;
      b_cnt_q <= '0;
    end else begin
      a_cnt_q <= a_cnt_q + DW'(a_accept_o) - DW'(pop);
      b_cnt_q <= b_cnt_q + DW'(b_accept_o) - DW'(pop);
    end
  end

  // ---- forward registers (absent at the right / bottom edge)
  if (FwdA) begin : g_fwd_a
    logic          v_q;
    logic [OA-1:0] d_q;
    assign a_accept_o = a_valid_i && a_room && (!v_q || a_next_accept_i);
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        v_q <= 1'b0;
      end else if (a_accept_o) begin
        v_q <= 1'b1;
      end else if (a_next_accept_i) begin
        v_q <= 1'b0;
      end
    end
    always_ff @(posedge clk_i) begin
      if (a_accept_o) d_q <= a_i;
    end
    assign a_fwd_valid_o = v_q;
    assign a_fwd_o       = d_q;
  end else begin : g_edge_a
    logic unused_next;
    assign unused_next   = a_next_accept_i;
    assign a_accept_o    = a_valid_i && a_room;
    assign a_fwd_valid_o = 1'b0;
    assign a_fwd_o       = '0;
  end
  if (FwdB) begin : g_fwd_b
    logic          v_q;
    logic [OB-1:0] d_q;
    assign b_accept_o = b_valid_i && b_room && (!v_q || b_next_accept_i);
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        v_q <= 1'b0;
      end else if (b_accept_o) begin
        v_q <= 1'b1;
      end else if (b_next_accept_i) begin
        v_q <= 1'b0;
      end
    end
    always_ff @(posedge clk_i) begin
      if (b_accept_o) d_q <= b_i;
    end
    assign b_fwd_valid_o = v_q;
    assign b_fwd_o       = d_q;
  end else begin : g_edge_b
    logic unused_next;
    assign unused_next   = b_next_accept_i;
    assign b_accept_o    = b_valid_i && b_room;
    assign b_fwd_valid_o = 1'b0;
    assign b_fwd_o       = '0;
  end

  // ---- the MAC on the FIFO heads
  logic [OA-1:0] a_head;
  logic [OB-1:0] b_head;
  logic          a_last, core_valid, core_ready, fresh_q, res_full_q;
  logic          core_out_valid;
  logic [${cw}-1:0]   sum, res_q, core_acc;
  assign a_head     = a_mem_q[OA-1:0];
  assign b_head     = b_mem_q[OB-1:0];
  assign a_last     = a_head[OA-1];
  assign core_valid = a_cnt_q != '0 && b_cnt_q != '0 && !(a_last && res_full_q);
  assign pop        = core_valid && core_ready;

  ${pe} u_pe (
    .clk_i, .rst_ni,
    .valid_i(core_valid), .ready_o(core_ready),
    .a_i(a_head[N-1:0]), .a_long_i(a_head[OA-2]),${a_sign_conn}
    .b_i(b_head[N-1:0]), .b_long_i(b_head[OB-1]),${b_sign_conn}
    .clear_i(fresh_q), .sum_o(sum),
    .out_valid_o(core_out_valid), .acc_o(core_acc)
  );
  // The standalone PE's completion flag and registered sum are not needed here (the result register takes sum).
  logic unused_core;
  assign unused_core = core_out_valid ^ (^core_acc);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fresh_q    <= 1'b1;
      res_full_q <= 1'b0;
    end else begin
      if (pop) fresh_q <= a_last;
      if (pop && a_last) begin
        res_full_q <= 1'b1;
      end else if (res_clear_i) begin
        res_full_q <= 1'b0;
      end
    end
  end
  // The result register needs no reset: it is only seen while res_full_q is set (the array gates C with it).
  always_ff @(posedge clk_i) begin
    if (pop && a_last) res_q <= sum;
  end
  assign res_full_o = res_full_q;
  assign res_o      = res_q;
endmodule
