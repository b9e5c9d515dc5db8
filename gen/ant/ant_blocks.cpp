#include "ant/ant_blocks.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/acc_rule.hpp"
#include "core/emit.hpp"
#include "core/template.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_blocks.hpp"
#include "util/bits.hpp"

namespace bf::ant {

namespace ga = golden::ant;
using util::clog2;

namespace {

// The largest |value| any type of an n-bit code decodes to (int, pot, flint; the k_max rule).
uint64_t ant_max_abs(int bits, bool is_signed) {
  uint64_t m = 0;
  for (const auto type : {golden::ant::Type::Int, golden::ant::Type::Pot, golden::ant::Type::Flint}) {
    const golden::ant::Format f{type, bits, is_signed};
    if (golden::ant::valid_format(f)) m = std::max(m, static_cast<uint64_t>(golden::ant::max_abs(f)));
  }
  return m;
}
int flint_exp_bits(int bits) { return clog2(2 * bits - 1); }

// The largest exponent any type of an n-bit code decodes to (golden::ant::max_exp of int, pot and flint).
int ant_max_exp(int bits, bool is_signed) {
  int e = 0;
  for (ga::Type t : {ga::Type::Int, ga::Type::Pot, ga::Type::Flint}) {
    if (ga::valid_format({t, bits, is_signed})) e = std::max(e, ga::max_exp({t, bits, is_signed}));
  }
  return e;
}
}  // namespace

int ant_exp_bits(int bits, bool is_signed) {
  // At least the flint decoder's exp_o, which ant_decoder passes through.
  return std::max(clog2(ant_max_exp(bits, is_signed) + 1), flint_exp_bits(bits));
}

namespace {

ParamDecl signed_decl() {
  return {.name = "signed", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
          "signed codes: sign-magnitude for pot and flint, two's complement for int"};
}

// The magnitude width of a signed (sign-magnitude) or unsigned code.
int mag_bits(int bits, bool is_signed) { return is_signed ? bits - 1 : bits; }

std::vector<Port> flint_decoder_ports(int bits) {
  return {{"code_i", Dir::In, bits, false, "flint code", false},
          {"base_o", Dir::Out, bits + 1, true, "base, two's complement (value = base << exp)", false},
          {"exp_o", Dir::Out, flint_exp_bits(bits), false, "exponent", false}};
}

// The flint decoder RTL of `top` (shared by flint_decoder and ant_decoder's submodule).
SourceFile flint_decoder_file(int bits, bool is_signed, const std::string& top) {
  const int mag = mag_bits(bits, is_signed);
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(flint_decoder_ports(bits)));
  v.nums({{"bits", bits}, {"mag_bits", mag}, {"exp_bits", flint_exp_bits(bits)}, {"lz_bits", std::max(1, clog2(mag))},
          {"base_pad", bits + 1 - mag}});
  v.flag("signed", is_signed);
  return {top + ".sv", render("ant/flint_decoder.sv", v)};
}

Design emit_flint_decoder(const FlintDecoderParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.ports = flint_decoder_ports(p.bits);
  d.latency = 0;
  d.files.push_back(flint_decoder_file(p.bits, p.is_signed, top));
  return d;
}

Design emit_ant_decoder(const AntDecoderParams& p, const std::string& top) {
  return ant_decoder_design(p.bits, p.is_signed, top, ant_exp_bits(p.bits, p.is_signed));
}

}  // namespace

Design ant_decoder_design(int bits, bool is_signed, const std::string& top, int ew) {
  const AntDecoderParams p{bits, is_signed};
  Design d;
  d.top = top;
  d.ports = {{"type_i", Dir::In, 2, false, "code type: 0 int, 1 pot, 2 flint (3 decodes to 0)", false},
             {"code_i", Dir::In, p.bits, false, "code", false},
             {"base_o", Dir::Out, p.bits + 1, true, "base, two's complement (value = base << exp)", false},
             {"exp_o", Dir::Out, ew, false, "exponent", false}};
  d.latency = 0;
  d.files.push_back(flint_decoder_file(p.bits, p.is_signed, top + "_flint"));
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"bits", p.bits}, {"mag_bits", mag_bits(p.bits, p.is_signed)}, {"exp_bits", ew},
          {"flint_exp_bits", flint_exp_bits(p.bits)}});
  v.flag("signed", p.is_signed);
  d.files.push_back({top + ".sv", render("ant/ant_decoder.sv", v)});
  return d;
}

namespace {

Design emit_flint_encoder(const FlintEncoderParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.ports = {{"value_i", Dir::In, p.in_bits, p.is_signed,
              p.is_signed ? "value, two's complement" : "value, unsigned", false},
             {"code_o", Dir::Out, p.bits, false, "flint code of the nearest value (ties up, saturating)", false}};
  d.latency = 0;
  const int m = mag_bits(p.bits, p.is_signed);
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  // |value_i| fits in in_bits bits (signed: 2^(W-1) read unsigned); bit 2M-2 holds the top grid value.
  v.nums({{"in_bits", p.in_bits}, {"mag_bits", m}, {"ext_bits", std::max(p.in_bits, 2 * m - 1)},
          {"band_bits", std::max(1, clog2(m - 1))}});
  v.flag("signed", p.is_signed);
  d.files.push_back({top + ".sv", render("ant/flint_encoder.sv", v)});
  return d;
}

Design emit_ant_pe(const AntPeParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = true;
  const int bw = p.bits + 1, ew = ant_exp_bits(p.bits, p.is_signed);
  d.ports = clock_ports();
  d.ports.insert(d.ports.end(), {
             {"in_valid_i", Dir::In, 1, false, "the operands are valid: accumulate", false},
             {"clear_i", Dir::In, 1, false, "start a new sum with this product", false},
             {"a_base_i", Dir::In, bw, true, "A base (ant_decoder base_o)", false},
             {"a_exp_i", Dir::In, ew, false, "A exponent (ant_decoder exp_o)", false},
             {"b_base_i", Dir::In, bw, true, "B base", false},
             {"b_exp_i", Dir::In, ew, false, "B exponent", false},
             {"out_valid_o", Dir::Out, 1, false, "acc_o holds the sum including the last valid input", false},
             qualified({"acc_o", Dir::Out, p.acc_bits, false, "accumulator, two's complement, wrapping", false},
                       "out_valid_o")});
  d.latency = 1;
  d.initiation_interval = 1;
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  const int pw = std::min(2 * bw, p.acc_bits), max_shift = 2 * ant_max_exp(p.bits, p.is_signed);
  v.nums({{"base_bits", bw}, {"acc_bits", p.acc_bits}, {"prod_bits", pw}});
  v.nums({{"max_shift", max_shift}, {"shift_bits", std::max(1, clog2(max_shift + 1))},
          {"shifted_bits", std::min(pw + max_shift, p.acc_bits)}});
  d.files.push_back({top + ".sv", render("ant/ant_pe.sv", v)});
  return d;
}

Design emit_ant_array(const AntArrayParams& p, const std::string& top) {
  gemm::OsArraySpec spec;
  spec.shape = {p.rows, p.cols, p.bits, p.bits, p.a_signed, p.b_signed, p.acc_bits, 0};
  spec.shape.result_buffer = p.result_buffer;
  spec.ant = true;
  spec.dec_base_bits = p.bits + 1;
  spec.dec_a_exp_bits = ant_exp_bits(p.bits, p.a_signed);  // holds 4, 8-bit mode's high nibble, at bits 4
  spec.dec_b_exp_bits = ant_exp_bits(p.bits, p.b_signed);
  // The shifter covers the exponent sums the configured types reach (8-bit mode: 4 + 4).
  spec.max_shift = std::max(ant_max_exp(p.bits, p.a_signed) + ant_max_exp(p.bits, p.b_signed), p.int8_mode ? 8 : 0);
  spec.int8 = p.int8_mode;
  spec.extra_ports = {{"a_type_i", Dir::In, 2, false, "A code type for the job: 0 int, 1 pot, 2 flint", false},
                      {"b_type_i", Dir::In, 2 * p.cols, false,
                       "B code type per column for the job (per output channel): column c's at [2c +: 2], 0 int, "
                       "1 pot, 2 flint",
                       false}};
  if (p.int8_mode) {
    spec.extra_ports.push_back({"mode_i", Dir::In, 1, false,
                                "1: 8-bit int job (lanes 2i, 2i+1 hold the low and high nibble of row/column i; "
                                "C leaves as R/2 rows of C/2 values); held for the whole job",
                                false});
  }
  for (const auto& [side, is_signed] : {std::pair{"a", p.a_signed}, std::pair{"b", p.b_signed}}) {
    const Design dec = ant_decoder_design(p.bits, is_signed, top + "_dec_" + side, ant_exp_bits(p.bits, is_signed));
    spec.extra_files.insert(spec.extra_files.end(), dec.files.begin(), dec.files.end());
  }
  return gemm::emit_os_array(spec, top);
}

}  // namespace

const TypedBlock<AntArrayParams>& ant_array_block() {
  static const TypedBlock<AntArrayParams> block({
      "ant_array",
      "ant",
      "ANT output-stationary systolic array: int/pot/flint codes skewed, decoded at the array edge (R + C decoders), "
      "TypeFusion PEs; per job one A type (a_type_i) and a type per B column (b_type_i)",
      {{{.name = "rows", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "array rows R"}, &AntArrayParams::rows},
       {{.name = "cols", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "array columns C"}, &AntArrayParams::cols},
       {{.name = "bits", .kind = ParamKind::Int, .def = 4, .min = 3, .max = 4, .doc = "code width n (pot is defined for 3 and 4 bits)"}, &AntArrayParams::bits},
       {{.name = "a_signed", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc = "A codes signed (sign-magnitude pot/flint, two's complement int)"},
        &AntArrayParams::a_signed},
       {{.name = "b_signed", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc = "B codes signed"}, &AntArrayParams::b_signed},
       {{.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 8, .max = 64, .doc = "accumulator and C width (two's complement, wraps)"},
        &AntArrayParams::acc_bits},
       {{.name = "int8_mode", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc =
         "add mode_i: exact 8-bit int x 8-bit int jobs on 2 x 2 groups of 4-bit PEs (needs bits 4, even rows and cols)"},
        &AntArrayParams::int8_mode},
       {k_max_decl(), &AntArrayParams::k_max},
       {{.name = "result_buffer", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc =
         "each PE has a result register (as int_array's); false: C is read from the accumulators, a smaller PE, "
         "and a job's first beat waits C + 1 steps after the previous job's last one (needs int8_mode false)"},
        &AntArrayParams::result_buffer}},
      [](const AntArrayParams& p) -> std::optional<ParamProblem> {
        if (p.int8_mode && (p.bits != 4 || p.rows % 2 || p.cols % 2)) {
          return ParamProblem{"int8_mode", "needs bits 4 and an even number of rows and columns (set it to false)"};
        }
        if (p.int8_mode && !p.result_buffer) {
          return ParamProblem{"result_buffer", "false needs int8_mode false (8-bit group sums are read from result "
                                               "registers)"};
        }
        return std::nullopt;
      },
      emit_ant_array,
      acc_bits_from_k_max<AntArrayParams>([](const AntArrayParams& p) {
        // 8-bit mode's operands are 8-bit ints; its group sums wrap like the PEs' (modulo 2^CW), so the bound
        // on the true sum is what counts.
        const auto int8 = [&](bool s) { return p.int8_mode ? golden::gemm::max_abs_int(8, s) : 0; };
        return std::pair{std::max(ant_max_abs(p.bits, p.a_signed), int8(p.a_signed)),
                         std::max(ant_max_abs(p.bits, p.b_signed), int8(p.b_signed))};
      }),
  });
  return block;
}

const TypedBlock<AntPeParams>& ant_pe_block() {
  static const TypedBlock<AntPeParams> block({
      "ant_pe",
      "ant",
      "ANT TypeFusion PE: (base, exp) operands from the ANT decoders, base product, exponent add, shift, "
      "accumulate (one MAC per cycle, latency 1)",
      {{{.name = "bits", .kind = ParamKind::Int, .def = 4, .min = 3, .max = 8, .doc = "code width n of the decoded operands (bases are n+1 bits)"},
        &AntPeParams::bits},
       {signed_decl(), &AntPeParams::is_signed},
       {{.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 8, .max = 64, .doc = "accumulator width (two's complement, wraps)"},
        &AntPeParams::acc_bits},
       {k_max_decl(), &AntPeParams::k_max}},
      [](const AntPeParams& p) -> std::optional<ParamProblem> {
        if (p.acc_bits < p.bits + 1) {
          return ParamProblem{"acc_bits", "must be at least the base width bits + 1 (" + std::to_string(p.bits + 1) +
                                              "), got " + std::to_string(p.acc_bits)};
        }
        return std::nullopt;
      },
      emit_ant_pe,
      acc_bits_from_k_max<AntPeParams>([](const AntPeParams& p) {
        const uint64_t m = ant_max_abs(p.bits, p.is_signed);
        return std::pair{m, m};
      }),
  });
  return block;
}

const TypedBlock<FlintDecoderParams>& flint_decoder_block() {
  static const TypedBlock<FlintDecoderParams> block({
      "flint_decoder",
      "ant",
      "ANT flint decoder: a flint code to (base, exp) with value = base << exp (combinational)",
      {{{.name = "bits", .kind = ParamKind::Int, .def = 4, .min = 3, .max = 8, .doc = "code width n"}, &FlintDecoderParams::bits},
       {signed_decl(), &FlintDecoderParams::is_signed}},
      {},
      emit_flint_decoder,
  });
  return block;
}

const TypedBlock<AntDecoderParams>& ant_decoder_block() {
  static const TypedBlock<AntDecoderParams> block({
      "ant_decoder",
      "ant",
      "ANT decoder: an int, pot or flint code (type chosen at run time) to (base, exp) (combinational)",
      {{{.name = "bits", .kind = ParamKind::Int, .def = 4, .min = 3, .max = 4, .doc = "code width n (pot is defined for 3 and 4 bits)"}, &AntDecoderParams::bits},
       {signed_decl(), &AntDecoderParams::is_signed}},
      {},
      emit_ant_decoder,
  });
  return block;
}

const TypedBlock<FlintEncoderParams>& flint_encoder_block() {
  static const TypedBlock<FlintEncoderParams> block({
      "flint_encoder",
      "ant",
      "ANT flint encoder: an integer to the nearest flint code, ties toward +infinity, saturating (combinational)",
      {{{.name = "bits", .kind = ParamKind::Int, .def = 4, .min = 3, .max = 8, .doc = "code width n"}, &FlintEncoderParams::bits},
       {signed_decl(), &FlintEncoderParams::is_signed},
       {{.name = "in_bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 16, .doc = "input width W"}, &FlintEncoderParams::in_bits}},
      {},
      emit_flint_encoder,
  });
  return block;
}

std::vector<const Block*> blocks() {
  return {&flint_decoder_block(), &ant_decoder_block(), &flint_encoder_block(), &ant_pe_block(), &ant_array_block()};
}

}  // namespace bf::ant
