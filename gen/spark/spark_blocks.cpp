#include "spark/spark_blocks.hpp"

#include "core/emit.hpp"
#include "core/template.hpp"

namespace bf::spark {

namespace {

ParamDecl bits_decl() {
  return {"bits", ParamKind::Int, 8, 6, 16, 2, "value width N; units are N/2 bits (plus a sign bit when signed)"};
}
ParamDecl signed_decl() {
  return {"signed", ParamKind::Bool, 0, 0, 1, 1,
          "sign-magnitude values: the magnitude is SPARK-coded and every unit carries the sign"};
}

int value_width(int bits, bool is_signed) { return is_signed ? bits + 1 : bits; }

TemplateVars common_vars(int bits, bool is_signed, const std::string& top, const std::vector<Port>& ports) {
  TemplateVars v;
  v.text["name"] = top;
  v.text["ports"] = verilog_port_list(ports);
  v.text["bits"] = std::to_string(bits);
  v.flags["signed"] = is_signed;
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
  d.ports.push_back({"code_o", Dir::Out, p.bits, false,
                     "long code {upper, lower}, or the short unit in the low N/2 bits with zeros above"});
  d.ports.push_back({"long_o", Dir::Out, 1, false, "1 when the code is long (two units)"});
  if (p.is_signed) d.ports.push_back({"sign_o", Dir::Out, 1, false, "sign of the value (1: negative)"});
  d.latency = p.pipeline;
  d.initiation_interval = 1;
  TemplateVars v = common_vars(p.bits, p.is_signed, top, d.ports);
  v.flags["pipeline"] = d.clocked;
  d.files.push_back({top + ".sv", render("spark/spark_encoder.sv", v)});
  return d;
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
  d.ports.push_back({"value_o", Dir::Out, value_width(p.bits, p.is_signed), p.is_signed,
                     p.is_signed ? "value stream: decoded value, two's complement" : "value stream: decoded value"});
  d.ports.push_back({"value_long_o", Dir::Out, 1, false, "value stream: 1 when the value came from a long code"});
  d.ports.push_back({"value_ready_i", Dir::In, 1, false, "value stream: ready"});
  d.latency = 1;  // a value leaves one cycle after the unit that completes it is accepted
  d.initiation_interval = 1;
  d.files.push_back({top + ".sv", render("spark/spark_decoder.sv", common_vars(p.bits, p.is_signed, top, d.ports))});
  return d;
}

}  // namespace

const TypedBlock<EncoderParams>& encoder_block() {
  static const TypedBlock<EncoderParams> block({
      "spark_encoder",
      "spark",
      "SPARK encoder: a value to its 4/8-bit style short or long code (combinational or one register stage)",
      {{bits_decl(), &EncoderParams::bits},
       {signed_decl(), &EncoderParams::is_signed},
       {{"pipeline", ParamKind::Int, 0, 0, 1, 1, "0: combinational; 1: registered outputs with valid_i/valid_o"},
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

std::vector<const Block*> blocks() { return {&encoder_block(), &decoder_block()}; }

}  // namespace bf::spark
