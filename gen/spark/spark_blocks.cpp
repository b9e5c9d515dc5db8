#include "spark/spark_blocks.hpp"

#include <algorithm>

#include "core/acc_rule.hpp"
#include "core/emit.hpp"
#include "core/template.hpp"
#include "gemm/gemm_blocks.hpp"
#include "util/bits.hpp"

namespace bf::spark {

namespace {

ParamDecl bits_decl() {
  return {.name = "bits", .kind = ParamKind::Int, .def = 8, .min = 6, .max = 16, .multiple_of = 2, .doc = "value width N; units are N/2 bits (plus a sign bit when signed)"};
}
ParamDecl signed_decl() {
  return {.name = "signed", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
          "sign-magnitude values: the magnitude is SPARK-coded and every unit carries the sign"};
}

int value_width(int bits, bool is_signed) { return is_signed ? bits + 1 : bits; }
int unit_width(int bits, bool is_signed) { return bits / 2 + (is_signed ? 1 : 0); }

TemplateVars common_vars(int bits, bool is_signed, const std::string& top, const std::vector<Port>& ports) {
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(ports)).num("bits", bits).flag("signed", is_signed);
  return v;
}

Design emit_encoder(const EncoderParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = p.pipeline == 1;
  if (d.clocked) {
    d.ports = clock_ports();
    d.ports.push_back({"valid_i", Dir::In, 1, false, "value_i is valid (only carried to valid_o)"});
  }
  d.ports.push_back({"value_i", Dir::In, value_width(p.bits, p.is_signed), p.is_signed,
                     p.is_signed ? "value, two's complement; magnitude 2^N saturates to 2^N-1" : "value, unsigned"});
  if (d.clocked) d.ports.push_back({"valid_o", Dir::Out, 1, false, "valid_i delayed by one cycle"});
  const std::string valid = d.clocked ? "valid_o" : "";  // the pipelined encoder's outputs are data under valid_o
  d.ports.push_back(qualified({"code_o", Dir::Out, p.bits, false,
                               "long code {upper, lower}, or the short unit in the low N/2 bits with zeros above"},
                              valid));
  d.ports.push_back(qualified({"long_o", Dir::Out, 1, false, "1 when the code is long (two units)"}, valid));
  if (p.is_signed) {
    d.ports.push_back(qualified({"sign_o", Dir::Out, 1, false, "sign of the value (1: negative)"}, valid));
  }
  d.latency = p.pipeline;
  d.initiation_interval = 1;
  TemplateVars v = common_vars(p.bits, p.is_signed, top, d.ports);
  v.flag("pipeline", d.clocked);
  d.files.push_back({top + ".sv", render("spark/spark_encoder.sv", v)});
  return d;
}

// The decoder core's token: {last (spark_array only), long, sign (signed only), mag[N-1:0]}.
int token_width(int bits, bool is_signed, bool with_last) {
  return bits + 1 + (with_last ? 1 : 0) + (is_signed ? 1 : 0);
}

// The decoder core (rtl_templates/spark/spark_decoder_core.sv): spark_decoder's state and output register, and
// the border decoders of spark_array (both with `last`: the cells check that A's and B's agree).
SourceFile decoder_core_file(int bits, bool is_signed, bool with_last, const std::string& top) {
  TemplateVars v;
  v.str("name", top);
  v.nums({{"bits", bits}, {"uw", unit_width(bits, is_signed)}, {"tw", token_width(bits, is_signed, with_last)}});
  v.flag("last", with_last).flag("signed", is_signed);
  return {top + ".sv", render("spark/spark_decoder_core.sv", v)};
}

Design emit_decoder(const DecoderParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = clock_ports();
  const int unit_bits = p.bits / 2;
  d.ports.push_back({"unit_valid_i", Dir::In, 1, false, "unit stream: valid"});
  d.ports.push_back({"unit_i", Dir::In, unit_bits, false, "unit stream: the N/2-bit unit"});
  if (p.is_signed) {
    d.ports.push_back({"unit_sign_i", Dir::In, 1, false, "unit stream: sign; the unit completing a value gives its sign"});
  }
  d.ports.push_back({"unit_ready_o", Dir::Out, 1, false, "unit stream: ready"});
  d.ports.push_back({"value_valid_o", Dir::Out, 1, false, "value stream: valid"});
  d.ports.push_back(qualified({"value_o", Dir::Out, value_width(p.bits, p.is_signed), p.is_signed,
                               p.is_signed ? "value stream: decoded value, two's complement" : "value stream: decoded value"},
                              "value_valid_o"));
  d.ports.push_back(qualified({"value_long_o", Dir::Out, 1, false, "value stream: 1 when the value came from a long code"},
                              "value_valid_o"));
  d.ports.push_back({"value_ready_i", Dir::In, 1, false, "value stream: ready"});
  d.latency = 1;  // a value leaves one cycle after the unit that completes it is accepted
  d.initiation_interval = 1;
  d.files.push_back(decoder_core_file(p.bits, p.is_signed, false, top + "_core"));
  TemplateVars v = common_vars(p.bits, p.is_signed, top, d.ports);
  v.num("tw", token_width(p.bits, p.is_signed, false));
  d.files.push_back({top + ".sv", render("spark/spark_decoder.sv", v)});
  return d;
}


std::vector<Port> pe_ports(const PeParams& p) {
  std::vector<Port> ports = clock_ports();
  ports.push_back({"valid_i", Dir::In, 1, false, "the operand pair is valid (held until consumed)"});
  ports.push_back({"ready_o", Dir::Out, 1, false, "this cycle is the pair's last sub-step: consumed if valid_i"});
  ports.push_back({"a_i", Dir::In, p.bits, false, "A magnitude (decoded SPARK value)"});
  ports.push_back({"a_long_i", Dir::In, 1, false, "A came from a long code (else only a_i[N/2-1:0] is used)"});
  if (p.a_signed) ports.push_back({"a_sign_i", Dir::In, 1, false, "A sign (sign-magnitude)"});
  ports.push_back({"b_i", Dir::In, p.bits, false, "B magnitude (decoded SPARK value)"});
  ports.push_back({"b_long_i", Dir::In, 1, false, "B came from a long code"});
  if (p.b_signed) ports.push_back({"b_sign_i", Dir::In, 1, false, "B sign (sign-magnitude)"});
  ports.push_back({"clear_i", Dir::In, 1, false, "start a new sum with this pair"});
  ports.push_back({"sum_o", Dir::Out, p.acc_bits, false,
                   "the accumulator after this cycle's sub-step (combinational), two's complement"});
  ports.push_back({"out_valid_o", Dir::Out, 1, false, "a pair was consumed on the previous cycle"});
  ports.push_back(qualified({"acc_o", Dir::Out, p.acc_bits, false, "accumulator, two's complement, wrapping"},
                            "out_valid_o"));
  return ports;
}

// acc_reset: the standalone PE starts its accumulator from zero after reset (an empty flag: acc_o is a port); inside
// spark_array the first pair after reset has clear_i high.
Design emit_pe_design(const PeParams& p, const std::string& top, bool acc_reset) {
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = pe_ports(p);
  d.latency = 1;  // the sum of a consumed pair is on acc_o, with out_valid_o, one cycle later
  // No fixed initiation interval: a pair takes 1, 2 or 4 cycles.
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"bits", p.bits}, {"half", p.bits / 2}, {"cw", p.acc_bits}, {"pw", std::max(p.acc_bits, 2 * p.bits)}});
  v.flag("a_signed", p.a_signed).flag("b_signed", p.b_signed);
  v.flag("narrow", p.acc_bits < 2 * p.bits).flag("acc_reset", acc_reset);
  d.files.push_back({top + ".sv", render("spark/spark_pe.sv", v)});
  return d;
}

Design emit_pe(const PeParams& p, const std::string& top) { return emit_pe_design(p, top, true); }

std::vector<Port> out_encoder_stream_ports(int bits, bool is_signed) {
  return {{"rq_mult_i", Dir::In, 16, false, "requantize multiplier m (unsigned), held while rows are encoded"},
          {"rq_shift_i", Dir::In, 6, false, "requantize shift s: (c x m + 2^(s-1)) >>> s, then clamp"},
          {"unit_valid_o", Dir::Out, 1, false, "unit stream: valid"},
          qualified({"unit_o", Dir::Out, unit_width(bits, is_signed), false,
                     is_signed ? "unit stream: the unit, sign in the MSB" : "unit stream: the unit"},
                    "unit_valid_o"),
          {"unit_last_o", Dir::Out, 1, false, "unit stream: final unit of a C row"},
          {"unit_job_last_o", Dir::Out, 1, false, "unit stream: final unit of a job's last C row"},
          {"unit_ready_i", Dir::In, 1, false, "unit stream: ready"}};
}

Design emit_out_encoder(const OutEncoderParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = clock_ports();
  d.ports.push_back({"c_valid_i", Dir::In, 1, false, "C rows: valid"});
  d.ports.push_back({"c_data_i", Dir::In, p.cols * p.acc_bits, false,
                     "C rows: column c at [c*CW +: CW], two's complement", true});
  d.ports.push_back({"c_last_i", Dir::In, 1, false, "C rows: the job's last row"});
  d.ports.push_back({"c_ready_o", Dir::Out, 1, false, "C rows: ready"});
  const auto stream = out_encoder_stream_ports(p.bits, p.is_signed);
  d.ports.insert(d.ports.end(), stream.begin(), stream.end());
  const int64_t vmax = (int64_t{1} << p.bits) - 1;
  const int64_t vmin = p.is_signed ? -(int64_t{1} << p.bits) : 0;
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"cols", p.cols}, {"cw", p.acc_bits}, {"bits", p.bits}, {"vw", value_width(p.bits, p.is_signed)},
          {"qw", std::max(p.acc_bits + 18, 65)}, {"colw", std::max(util::clog2(p.cols), 1)}, {"vmax", vmax},
          {"vmin", vmin}});
  v.flag("signed", p.is_signed);
  d.files = emit_encoder({p.bits, p.is_signed, 0}, top + "_enc").files;
  d.files.push_back({top + ".sv", render("spark/spark_out_encoder.sv", v)});
  return d;
}

// The operand tokens inside spark_array: the decoder cores' tokens, A's with `last`.
int a_token_width(const ArrayParams& p) { return token_width(p.bits, p.a_signed, true); }
int b_token_width(const ArrayParams& p) { return token_width(p.bits, p.b_signed, true); }

// The elastic PE of spark_array (rtl_templates/spark/spark_array_cell.sv) and its operand queue.
std::vector<SourceFile> array_cell_files(const ArrayParams& p, const std::string& top) {
  TemplateVars opq;
  opq.str("name", top + "_opq").nums({{"depth", p.fifo_depth}, {"dw", util::clog2(p.fifo_depth + 1)}});
  const int slots = p.skid ? std::max(p.fifo_depth, 2) : p.fifo_depth;
  opq.num("pw", std::max(util::clog2(slots), 1)).num("slots", slots).flag("single", slots == 1).flag("skid", p.skid);
  TemplateVars cell;
  cell.str("name", top + "_cell").str("opq", top + "_opq").str("pe", top + "_pe");
  cell.nums({{"bits", p.bits}, {"oa", a_token_width(p)}, {"ob", b_token_width(p)}, {"cw", p.acc_bits},
             {"depth", p.fifo_depth}});
  cell.flag("a_signed", p.a_signed).flag("b_signed", p.b_signed).flag("result_buffer", p.result_buffer);
  return {{top + "_opq.sv", render("spark/spark_array_opq.sv", opq)},
          {top + "_cell.sv", render("spark/spark_array_cell.sv", cell)}};
}

// The lock-step array's PE (rtl_templates/spark/spark_array_lcell.sv) and the skew registers it shares with
// int_array (rtl_templates/gemm/int_array_skew.sv: a generic shift register of steps).
std::vector<SourceFile> lockstep_files(const ArrayParams& p, const std::string& top) {
  TemplateVars cell;
  cell.str("name", top + "_lcell").str("pe", top + "_pe");
  // In the array A keeps {last, long, [sign,] mag[N-2:0]}, B {long, [sign,] mag[N-2:0]}.
  cell.nums({{"bits", p.bits}, {"at", a_token_width(p) - 1}, {"bt", b_token_width(p) - 2}, {"cw", p.acc_bits}});
  cell.flag("a_signed", p.a_signed).flag("b_signed", p.b_signed);
  return {{top + "_lcell.sv", render("spark/spark_array_lcell.sv", cell)},
          {top + "_skew.sv", render("gemm/int_array_skew.sv", TemplateVars().str("name", top))}};
}

Design emit_array(const ArrayParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = true;
  const int ua = unit_width(p.bits, p.a_signed), ub = unit_width(p.bits, p.b_signed);
  d.ports = gemm::array_ports(p.rows, p.cols, ua, ub, p.acc_bits,
                              std::string("SPARK units of A") + (p.a_signed ? " (sign in the MSB)" : ""),
                              std::string("SPARK units of B") + (p.b_signed ? " (sign in the MSB)" : ""));
  if (p.output_encoder) {
    std::erase_if(d.ports, [](const Port& port) { return port.name.starts_with("c_"); });
    const auto stream = out_encoder_stream_ports(p.bits, p.a_signed);
    d.ports.insert(d.ports.end(), stream.begin(), stream.end());
  }
  // Variable speed: no fixed latency or initiation interval.

  const PeParams pe{p.bits, p.a_signed, p.b_signed, p.acc_bits};
  d.files = emit_pe_design(pe, top + "_pe", false).files;
  d.files.push_back(decoder_core_file(p.bits, p.a_signed, true, top + "_dec_a"));
  d.files.push_back(decoder_core_file(p.bits, p.b_signed, true, top + "_dec_b"));
  const std::vector<SourceFile> cell = p.lockstep ? lockstep_files(p, top) : array_cell_files(p, top);
  d.files.insert(d.files.end(), cell.begin(), cell.end());
  if (p.output_encoder) {
    const Design enc = emit_out_encoder({p.cols, p.bits, p.a_signed, p.acc_bits}, top + "_oenc");
    d.files.insert(d.files.end(), enc.files.begin(), enc.files.end());
  }

  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"rows", p.rows}, {"cols", p.cols}, {"cw", p.acc_bits}, {"ua", ua}, {"ub", ub}, {"oa", a_token_width(p)},
          {"ob", b_token_width(p)}, {"ptrw", std::max(util::clog2(p.rows), 1)}});
  v.flag("oenc", p.output_encoder);
  if (p.lockstep) {
    v.num("bits", p.bits).num("gapw", std::max(util::clog2(p.cols + 1), 1));
    d.files.push_back({top + ".sv", render("spark/spark_array_lockstep.sv", v)});
  } else {
    v.num("depth", p.fifo_depth);
    d.files.push_back({top + ".sv", render("spark/spark_array.sv", v)});
  }
  return d;
}

std::optional<ParamProblem> check_acc(int acc_bits, int bits) {
  if (acc_bits < bits + 1) {
    return ParamProblem{"acc_bits", "must be at least bits + 1 (" + std::to_string(bits + 1) + "), got " +
                                        std::to_string(acc_bits)};
  }
  return std::nullopt;
}

std::optional<ParamProblem> check_array(const ArrayParams& p) {
  if (p.lockstep && !p.result_buffer) {
    return ParamProblem{"result_buffer", "must be true with lockstep (the lock-step array has result registers)"};
  }
  if (p.lockstep && p.skid) {
    return ParamProblem{"skid", "must be false with lockstep (the lock-step array has no operand queues)"};
  }
  return check_acc(p.acc_bits, p.bits);
}

// {max |a|, max |b|} for the k_max rule: a decoded SPARK value's magnitude is below 2^N either way.
template <class P>
std::pair<uint64_t, uint64_t> spark_max_abs(const P& p) {
  const uint64_t m = (uint64_t{1} << p.bits) - 1;
  return {m, m};
}

ParamDecl acc_decl() {
  return {.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 8, .max = 64, .doc = "accumulator and C width CW (two's complement, wraps)"};
}
ParamDecl a_signed_decl() {
  return {.name = "a_signed", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc = "A is sign-magnitude (every unit carries the sign), else unsigned"};
}
ParamDecl b_signed_decl() {
  return {.name = "b_signed", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc = "B is sign-magnitude (every unit carries the sign), else unsigned"};
}

}  // namespace

const TypedBlock<EncoderParams>& encoder_block() {
  static const TypedBlock<EncoderParams> block({
      "spark_encoder",
      "spark",
      "SPARK encoder: a value to its 4/8-bit style short or long code (combinational or one register stage)",
      {{bits_decl(), &EncoderParams::bits},
       {signed_decl(), &EncoderParams::is_signed},
       {{.name = "pipeline", .kind = ParamKind::Int, .def = 0, .min = 0, .max = 1, .doc = "0: combinational; 1: registered outputs with valid_i/valid_o"},
        &EncoderParams::pipeline}},
      {},
      emit_encoder,
  });
  return block;
}

const TypedBlock<DecoderParams>& decoder_block() {
  static const TypedBlock<DecoderParams> block({
      "spark_decoder",
      "spark",
      "SPARK decoder: a valid/ready stream of units to a valid/ready stream of values, one unit per cycle",
      {{bits_decl(), &DecoderParams::bits}, {signed_decl(), &DecoderParams::is_signed}},
      {},
      emit_decoder,
  });
  return block;
}

const TypedBlock<PeParams>& pe_block() {
  static const TypedBlock<PeParams> block({
      "spark_pe",
      "spark",
      "SPARK mixed-precision PE: an N/2-bit multiplier, shifter and accumulator; short x short in 1 cycle, "
      "long x short in 2, long x long in 4",
      {{bits_decl(), &PeParams::bits},
       {a_signed_decl(), &PeParams::a_signed},
       {b_signed_decl(), &PeParams::b_signed},
       {acc_decl(), &PeParams::acc_bits},
       {k_max_decl(), &PeParams::k_max}},
      [](const PeParams& p) { return check_acc(p.acc_bits, p.bits); },
      emit_pe,
      acc_bits_from_k_max<PeParams>(spark_max_abs<PeParams>),
  });
  return block;
}

const TypedBlock<ArrayParams>& array_block() {
  static const TypedBlock<ArrayParams> block({
      "spark_array",
      "spark",
      "SPARK variable-speed output-stationary array: SPARK unit streams decoded on the borders (R + C "
      "decoders), elastic mixed-precision PEs; optional requantizing output encoder",
      {{{.name = "rows", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "array rows R (rows of A and C)"}, &ArrayParams::rows},
       {{.name = "cols", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "array columns C (columns of B and C)"}, &ArrayParams::cols},
       {bits_decl(), &ArrayParams::bits},
       {a_signed_decl(), &ArrayParams::a_signed},
       {b_signed_decl(), &ArrayParams::b_signed},
       {acc_decl(), &ArrayParams::acc_bits},
       {{.name = "fifo_depth", .kind = ParamKind::Int, .def = 2, .min = 1, .max = 16, .doc =
         "operand FIFO entries per PE and side: how far a PE may run ahead of a slower neighbour"},
        &ArrayParams::fifo_depth},
       {{.name = "result_buffer", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc =
         "a result register per PE, so the next job runs while C is read; false: C is read from the "
         "accumulators and a PE starts its next job only once its row was read"},
        &ArrayParams::result_buffer},
       {{.name = "skid", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
         "two operands may wait for the next PE, so a PE accepts without the neighbour's accept: no "
         "combinational accept chain along rows and columns (for wide arrays; cycles change only under back-pressure)"},
        &ArrayParams::skid},
       {{.name = "lockstep", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
         "the paper's synchronization (Fig. 9c): a systolic array whose every step lasts as long as its slowest "
         "pair, with no operand FIFOs (fifo_depth does not apply; needs result_buffer, not skid)"},
        &ArrayParams::lockstep},
       {{.name = "output_encoder", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
         "replace the C port by a requantizing SPARK encoder (rq_mult_i, rq_shift_i, unit_* stream)"},
        &ArrayParams::output_encoder},
       {k_max_decl(), &ArrayParams::k_max}},
      check_array,
      emit_array,
      acc_bits_from_k_max<ArrayParams>(spark_max_abs<ArrayParams>),
  });
  return block;
}

const TypedBlock<OutEncoderParams>& out_encoder_block() {
  static const TypedBlock<OutEncoderParams> block({
      "spark_out_encoder",
      "spark",
      "SPARK output encoder: C rows requantized (multiply, shift, round half up, clamp) and SPARK-encoded "
      "into one unit stream, one unit per cycle",
      {{{.name = "cols", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "values per C row"}, &OutEncoderParams::cols},
       {bits_decl(), &OutEncoderParams::bits},
       {signed_decl(), &OutEncoderParams::is_signed},
       {acc_decl(), &OutEncoderParams::acc_bits}},
      [](const OutEncoderParams& p) { return check_acc(p.acc_bits, p.bits); },
      emit_out_encoder,
  });
  return block;
}

std::vector<const Block*> blocks() {
  return {&encoder_block(), &decoder_block(), &pe_block(), &array_block(), &out_encoder_block()};
}

}  // namespace bf::spark
