// int_array PE: operand registers that pass right (A) and down (B), a digit multiplier, an accumulator and a
// result register (none with result_buffer false: the accumulator is read). Only the control bits (valid, last,
// first) reset; operands, accumulator and result do not. A MAC takes NA x NB phases (one digit product each); the
// result register takes the sum when the job's last token finishes its final phase (a "step").
module ${name}_pe (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          en_i,     // the array is not stalled
  input  logic          step_i,   // last phase: operands move on, a last token hands over
// @if serial
  input  logic [${iaw}-1:0] ia_i, // A digit of this phase
  input  logic [${ibw}-1:0] ib_i, // B digit of this phase
// @endif
  input  logic [${atw}-1:0] a_i,
  input  logic [${btw}-1:0] b_i,
  input  logic          valid_i,
  input  logic          last_i,
  output logic [${atw}-1:0] a_o,
  output logic [${btw}-1:0] b_o,
  output logic          valid_o,
  output logic          last_o,
// @if !result_buffer
  output logic          first_o,  // the token held is a job's first (its first phase starts the sum from zero)
// @endif
  output logic [${cw}-1:0] res_o
);
  localparam int AW = ${atw};
  localparam int BW = ${btw};
  localparam int CW = ${cw};
  localparam int PW = ${pw};  // the product bits that reach the accumulator (at most CW)

  logic [AW-1:0] a_q;
  logic [BW-1:0] b_q;
  logic          v_q, l_q;
// @if result_buffer
  logic [CW-1:0] acc_q, res_q;
// @else
  logic [CW-1:0] acc_q;
// @endif

// @if ant
  // TypeFusion (ANT): operands are decoded {exp, base}; the product is (base_a * base_b) << (exp_a + exp_b).
  // The shifter is sized to the exponent sums the configured types reach (golden/ant max_exp): at most ${max_shift}.
  localparam int DBW = ${dbw};
  localparam int SHW = ${shw};  // shift amount width
  localparam int SW  = ${sw};   // min(PW + ${max_shift}, CW): the shifted product, sign-extended into CW bits
  logic signed [DBW-1:0] a_base, b_base;
  logic [${daew}-1:0]       a_exp;
  logic [${dbew}-1:0]       b_exp;
  logic signed [PW-1:0]  prod;
  logic [SHW-1:0]        shamt;
  logic signed [SW-1:0]  shifted;
  logic [CW-1:0]         addend, sum;
  assign {a_exp, a_base} = a_q;
  assign {b_exp, b_base} = b_q;
  assign prod    = a_base * b_base;
  assign shamt   = SHW'(a_exp) + SHW'(b_exp);
  assign shifted = SW'(prod) <<< shamt;
  assign addend  = CW'(shifted);
// @else
// @if !booth
  localparam int DA = ${da};  // A digit width
  localparam int DB = ${db};  // B digit width
  // This phase's digits, one bit wider so that both signed and unsigned digits multiply as signed.
  logic [DA:0] a_dig;
  logic [DB:0] b_dig;
// @endif
// @if serial
  localparam int NA = ${na};
  localparam int NB = ${nb};
  logic [NA*DA-1:0] a_pad;
  logic [NB*DB-1:0] b_pad;
// @if a_fill
// @if a_signed
  assign a_pad = {{${a_fill_bits}{a_q[${a_msb}]}}, a_q};
// @else
  assign a_pad = {${a_fill_bits}'b0, a_q};
// @endif
// @else
  assign a_pad = a_q;
// @endif
// @if b_fill
// @if b_signed
  assign b_pad = {{${b_fill_bits}{b_q[${b_msb}]}}, b_q};
// @else
  assign b_pad = {${b_fill_bits}'b0, b_q};
// @endif
// @else
  assign b_pad = b_q;
// @endif
  always_comb begin
    a_dig = '0;
    for (int i = 0; i < NA; i++) begin
      if (ia_i == ${iaw}'(i)) a_dig = {1'b${a_signed} && i == NA - 1 && a_pad[i*DA+DA-1], a_pad[i*DA +: DA]};
    end
    b_dig = '0;
    for (int j = 0; j < NB; j++) begin
      if (ib_i == ${ibw}'(j)) b_dig = {1'b${b_signed} && j == NB - 1 && b_pad[j*DB+DB-1], b_pad[j*DB +: DB]};
    end
  end
// @else
// @if !booth
  assign a_dig = {1'b${a_signed} && a_q[AW-1], a_q};
  assign b_dig = {1'b${b_signed} && b_q[BW-1], b_q};
// @endif
// @endif

  logic signed [PW-1:0] prod;
  logic [CW-1:0]        prod_cw, addend, sum;
// @if booth
${booth_logic}
  logic                 unused_booth;
  assign unused_booth = ^booth_p;  // read whole: the bits above PW, when CW is narrower, are dropped
  assign prod    = PW'(booth_p);
// @else
  assign prod    = $signed(a_dig) * $signed(b_dig);
// @endif
  assign prod_cw = CW'(prod);
// @if serial
  always_comb begin
    addend = prod_cw;
    for (int i = 0; i < NA; i++) begin
      for (int j = 0; j < NB; j++) begin
        if (ia_i == ${iaw}'(i) && ib_i == ${ibw}'(j)) addend = prod_cw << (i * DA + j * DB);
      end
    end
  end
// @else
  assign addend = prod_cw;
// @endif
// @endif
  // The accumulator is a data register (no reset): first_q, a control bit, says it holds nothing yet, so the
  // job's first phase starts the sum from zero.
  logic first_q;
  assign sum = (first_q ? '0 : acc_q) + addend;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= 1'b0;
      l_q     <= 1'b0;
      first_q <= 1'b1;
    end else if (en_i) begin
      if (v_q) first_q <= step_i && l_q;
      if (step_i) begin
        v_q <= valid_i;
        l_q <= last_i;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i) begin
// @if result_buffer
      if (v_q) begin
        if (step_i && l_q) res_q <= sum;
        else acc_q <= sum;
      end
// @else
      if (v_q) acc_q <= sum;  // holds the job's sum after its last phase, until the next job's first phase
// @endif
      if (step_i) begin
        a_q <= a_i;
        b_q <= b_i;
      end
    end
  end

  assign a_o     = a_q;
  assign b_o     = b_q;
  assign valid_o = v_q;
  assign last_o  = l_q;
// @if result_buffer
  assign res_o   = res_q;
// @else
  assign first_o = first_q;
  assign res_o   = acc_q;
// @endif
endmodule
