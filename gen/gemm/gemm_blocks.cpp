#include "gemm/gemm_blocks.hpp"

#include <algorithm>

#include "core/acc_rule.hpp"
#include "core/emit.hpp"
#include "core/template.hpp"
#include "gemm/gemm.hpp"
#include "util/bits.hpp"

namespace bf::gemm {

namespace {

// {max |a|, max |b|} of integer operands (the k_max rule, core/acc_rule.hpp).
template <class P>
std::pair<uint64_t, uint64_t> int_max_abs(const P& p) {
  return {golden::gemm::max_abs_int(p.a_bits, p.a_signed), golden::gemm::max_abs_int(p.b_bits, p.b_signed)};
}

int clog2_at_least_1(int n) { return std::max(util::clog2(n), 1); }

// The operands of rtl_templates/gemm/booth_logic.sv for an exact product of two integer ports: signed as they are,
// unsigned with a 0 on top; b then sign-extended to an even width (the recoding reads it two bits a digit).
struct BoothOperands {
  int aw = 0, bw = 0;
  std::string a, b;  // Verilog expressions
  std::string a1;    // A sign-extended to the product width aw + bw
};

BoothOperands booth_operands(const std::string& a, int a_bits, bool a_signed, const std::string& b, int b_bits,
                             bool b_signed) {
  BoothOperands o;
  o.aw = a_bits + (a_signed ? 0 : 1);
  o.a = a_signed ? a : "{1'b0, " + a + "}";
  const int bw = b_bits + (b_signed ? 0 : 1);
  o.bw = bw + bw % 2;
  const int ext = o.aw + o.bw - a_bits;  // the bits above A in the product width
  o.a1 = a_signed ? "{{" + std::to_string(ext) + "{" + a + "[" + std::to_string(a_bits - 1) + "]}}, " + a + "}"
                  : "{" + std::to_string(ext) + "'b0, " + a + "}";
  std::string top = b_signed ? b + "[" + std::to_string(b_bits - 1) + "]" : "1'b0";
  if (o.bw == b_bits) {
    o.b = b;
  } else if (o.bw == b_bits + 1) {
    o.b = "{" + top + ", " + b + "}";
  } else {  // unsigned of even width: its 0 on top makes it odd, so two 0 bits
    o.b = "{2'b00, " + b + "}";
  }
  return o;
}

// The Booth multiplier's logic (rtl_templates/gemm/booth_logic.sv) for a template's ${booth_logic}, declaring the
// product `out` (aw + bw bits, signed).
std::string booth_logic(const BoothOperands& o, const std::string& out) {
  TemplateVars v;
  v.nums({{"booth_aw", o.aw}, {"booth_bw", o.bw}}).str("booth_a", o.a).str("booth_b", o.b).str("booth_a1", o.a1);
  v.str("booth_p", out);
  std::string text = render("gemm/booth_logic.sv", v);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Each MAC takes several phases on a narrower multiplier (never with ANT codes: their PEs are 4-bit).
bool is_serial(const OsArraySpec& spec) { return !spec.ant && spec.shape.phases() > 1; }

// The operand values that the array and the PE templates share: the widths of A and B inside the array (decoded
// {exp, base} with ANT codes) and, for integer operands, the digits per operand and the phase counter widths.
void operand_vars(TemplateVars& v, const OsArraySpec& spec) {
  const golden::gemm::IntArrayShape& s = spec.shape;
  if (spec.ant) {
    v.nums({{"atw", spec.dec_base_bits + spec.dec_a_exp_bits}, {"btw", spec.dec_base_bits + spec.dec_b_exp_bits}});
    v.nums({{"dbw", spec.dec_base_bits}, {"daew", spec.dec_a_exp_bits}, {"dbew", spec.dec_b_exp_bits}});
  } else {
    v.nums({{"atw", s.a_bits}, {"btw", s.b_bits}, {"na", s.na()}, {"nb", s.nb()},
            {"iaw", clog2_at_least_1(s.na())}, {"ibw", clog2_at_least_1(s.nb())}});
  }
}

// The values and flags of rtl_templates/gemm/int_array_pe.sv.
TemplateVars pe_vars(const OsArraySpec& spec, const std::string& top) {
  const golden::gemm::IntArrayShape& s = spec.shape;
  // Integer operands are extended by these bits to whole digits (NA x DA bits).
  const int a_fill = spec.ant ? 0 : s.na() * s.da() - s.a_bits;
  const int b_fill = spec.ant ? 0 : s.nb() * s.db() - s.b_bits;
  TemplateVars v;
  v.str("name", top).num("cw", s.acc_bits);
  v.flag("ant", spec.ant).flag("serial", is_serial(spec)).flag("result_buffer", s.result_buffer);
  v.flag("booth", s.booth);
  // The product's width: the digits' (one bit wider each), or the Booth multiplier's exact one.
  int product_bits = s.da() + s.db() + 2;
  if (s.booth) {
    const BoothOperands bo = booth_operands("a_q", s.a_bits, s.a_signed, "b_q", s.b_bits, s.b_signed);
    v.str("booth_logic", booth_logic(bo, "booth_p"));
    product_bits = bo.aw + bo.bw;
  }
  v.flag("a_signed", s.a_signed).flag("b_signed", s.b_signed).flag("a_fill", a_fill > 0).flag("b_fill", b_fill > 0);
  operand_vars(v, spec);
  if (spec.ant) {
    const int pw = std::min(2 * spec.dec_base_bits, s.acc_bits);
    v.nums({{"pw", pw}, {"max_shift", spec.max_shift}, {"shw", clog2_at_least_1(spec.max_shift + 1)},
            {"sw", std::min(pw + spec.max_shift, s.acc_bits)}});
  } else {
    v.nums({{"da", s.da()}, {"db", s.db()}, {"pw", std::min(product_bits, s.acc_bits)}});
    v.nums({{"a_fill_bits", a_fill}, {"b_fill_bits", b_fill}, {"a_msb", s.a_bits - 1}, {"b_msb", s.b_bits - 1}});
    v.nums({{"a_signed", s.a_signed ? 1 : 0}, {"b_signed", s.b_signed ? 1 : 0}});
  }
  return v;
}

// The values and flags of rtl_templates/gemm/int_array.sv.
TemplateVars array_vars(const OsArraySpec& spec, const std::string& top, const std::vector<Port>& ports) {
  const golden::gemm::IntArrayShape& s = spec.shape;
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(ports));
  v.nums({{"rows", s.rows}, {"cols", s.cols}, {"aw", s.a_bits}, {"bw", s.b_bits}, {"cw", s.acc_bits}});
  v.nums({{"ptrw", clog2_at_least_1(s.rows)}, {"gapw", clog2_at_least_1(s.cols + 1)}});
  v.nums({{"a_signed", s.a_signed ? 1 : 0}, {"b_signed", s.b_signed ? 1 : 0}});
  v.flag("serial", is_serial(spec)).flag("ant", spec.ant).flag("int8", spec.int8);
  v.flag("result_buffer", s.result_buffer);
  operand_vars(v, spec);
  return v;
}

Design emit_int_array(const IntArrayParams& p, const std::string& top) {
  OsArraySpec spec;
  spec.shape = p;
  return emit_os_array(spec, top);
}

}  // namespace

Design emit_os_array(const OsArraySpec& spec, const std::string& top) {
  const golden::gemm::IntArrayShape& s = spec.shape;
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = array_ports(s.rows, s.cols, s.a_bits, s.b_bits, s.acc_bits,
                        spec.ant ? "codes" : std::string(s.a_signed ? "two's complement" : "unsigned") + " A values",
                        spec.ant ? "codes" : std::string(s.b_signed ? "two's complement" : "unsigned") + " B values");
  d.ports.insert(d.ports.end(), spec.extra_ports.begin(), spec.extra_ports.end());
  d.initiation_interval = s.phases();  // one beat of every stream per MAC time
  d.files = spec.extra_files;
  d.files.push_back({top + "_skew.sv", render("gemm/int_array_skew.sv", TemplateVars().str("name", top))});
  d.files.push_back({top + "_pe.sv", render("gemm/int_array_pe.sv", pe_vars(spec, top))});
  d.files.push_back({top + ".sv", render("gemm/int_array.sv", array_vars(spec, top, d.ports))});
  return d;
}

std::vector<Port> array_ports(int rows, int cols, int aw, int bw, int cw, const std::string& a_doc,
                              const std::string& b_doc) {
  std::vector<Port> ports = clock_ports();
  const std::vector<Port> streams = {
      {"a_valid_i", Dir::In, rows, false, "A row streams: valid, lane r = row r", true},
      {"a_data_i", Dir::In, rows * aw, false, "A row streams: lane r at [r*AW +: AW], " + a_doc, true},
      {"a_last_i", Dir::In, rows, false, "A row streams: last beat of the job", true},
      {"a_ready_o", Dir::Out, rows, false, "A row streams: ready", true},
      {"b_valid_i", Dir::In, cols, false, "B column streams: valid, lane c = column c", true},
      {"b_data_i", Dir::In, cols * bw, false, "B column streams: lane c at [c*BW +: BW], " + b_doc, true},
      {"b_last_i", Dir::In, cols, false, "B column streams: last beat of the job", true},
      {"b_ready_o", Dir::Out, cols, false, "B column streams: ready", true},
      {"c_valid_o", Dir::Out, 1, false, "C rows: valid", false},
      qualified({"c_data_o", Dir::Out, cols * cw, false,
                 "C rows: column c at [c*CW +: CW], CW-bit two's complement, wrapping", true},
                "c_valid_o"),
      {"c_last_o", Dir::Out, 1, false, "C rows: the job's last row (R-1)", false},
      {"c_ready_i", Dir::In, 1, false, "C rows: ready", false},
      {"err_o", Dir::Out, 1, false,
       "status, sticky until reset: the A and B streams disagreed on a job's K (last on some but not all)", false},
  };
  ports.insert(ports.end(), streams.begin(), streams.end());
  return ports;
}

const TypedBlock<IntArrayParams>& int_array_block() {
  static const TypedBlock<IntArrayParams> block({
      "int_array",
      "gemm",
      "output-stationary integer systolic array, C = A . B; pe_bits below the operand width makes each MAC "
      "take several cycles on a smaller multiplier (the BitFusion-style temporal baseline)",
      {{{.name = "rows", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "array rows R (rows of A and C)"}, &IntArrayParams::rows},
       {{.name = "cols", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "array columns C (columns of B and C)"}, &IntArrayParams::cols},
       {{.name = "a_bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 16, .doc = "A operand width AW"}, &IntArrayParams::a_bits},
       {{.name = "b_bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 16, .doc = "B operand width BW"}, &IntArrayParams::b_bits},
       {{.name = "a_signed", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc = "A is two's complement (else unsigned)"}, &IntArrayParams::a_signed},
       {{.name = "b_signed", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc = "B is two's complement (else unsigned)"}, &IntArrayParams::b_signed},
       {{.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 8, .max = 64, .doc = "accumulator and C width CW (two's complement, wraps)"},
        &IntArrayParams::acc_bits},
       {{.name = "pe_bits", .kind = ParamKind::Int, .def = 0, .min = 0, .max = 16, .doc =
         "multiplier width per PE; 0 = the widest operand (one MAC per cycle); smaller values split operands "
         "into digits and take ceil(AW/pe_bits) x ceil(BW/pe_bits) cycles per MAC"},
        &IntArrayParams::pe_bits},
       {k_max_decl(), &IntArrayParams::k_max},
       {{.name = "result_buffer", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc =
         "each PE has a result register, so a job accumulates while the previous job's C drains; false: C is "
         "read from the accumulators (a smaller PE), and a job's first beat waits C + 1 steps after the previous "
         "job's last one (and a row's PEs for that row's C to be read)"},
        &IntArrayParams::result_buffer},
       {{.name = "booth", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
         "the PE's multiplier by radix-4 Booth recoding of B (smaller than Yosys's array multiplier; one-cycle "
         "PEs only: pe_bits 0 or at least both operand widths)"},
        &IntArrayParams::booth}},
      [](const IntArrayParams& p) -> std::optional<ParamProblem> {
        if (p.pe_bits == 1) return ParamProblem{"pe_bits", "must be 0 or an integer in [2, 16], got 1"};
        if (p.booth && p.phases() > 1) {
          return ParamProblem{"booth", "needs one-cycle PEs (pe_bits 0 or at least both operand widths), got pe_bits " +
                                           std::to_string(p.pe_bits)};
        }
        const int widest = std::max(p.a_bits, p.b_bits);
        if (p.acc_bits <= widest) {
          return ParamProblem{"acc_bits", "must be wider than the widest operand (" + std::to_string(widest) +
                                              " bits), got " + std::to_string(p.acc_bits)};
        }
        return std::nullopt;
      },
      emit_int_array,
      acc_bits_from_k_max<IntArrayParams>(int_max_abs<IntArrayParams>),
  });
  return block;
}

namespace {

// An operand as a signed factor of the exact product: signed as it is, unsigned with a zero bit on top.
std::string signed_operand(const std::string& port, bool is_signed) {
  return is_signed ? "$signed(" + port + ")" : "$signed({1'b0, " + port + "})";
}

Design emit_int_mac(const IntMacParams& p, const std::string& top) {
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = clock_ports();
  d.ports.push_back({"in_valid_i", Dir::In, 1, false, "the operands are valid: accumulate their product"});
  d.ports.push_back({"a_i", Dir::In, p.a_bits, p.a_signed, p.a_signed ? "A, two's complement" : "A, unsigned"});
  d.ports.push_back({"b_i", Dir::In, p.b_bits, p.b_signed, p.b_signed ? "B, two's complement" : "B, unsigned"});
  d.ports.push_back({"clear_i", Dir::In, 1, false, "start a new sum with this product"});
  d.ports.push_back({"out_valid_o", Dir::Out, 1, false, "acc_o holds the sum including an input (2 cycles after it)"});
  d.ports.push_back(qualified({"acc_o", Dir::Out, p.acc_bits, false, "accumulator, two's complement, wrapping"},
                              "out_valid_o"));
  d.latency = 2;
  d.initiation_interval = 1;
  const bool any_signed = p.a_signed || p.b_signed;
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"cw", p.acc_bits}, {"pw", std::min(p.a_bits + p.b_bits, p.acc_bits)}});  // no product bit the sum drops
  v.str("psign", any_signed ? "signed " : "");
  v.str("a_op", any_signed ? signed_operand("a_i", p.a_signed) : "a_i");
  v.str("b_op", any_signed ? signed_operand("b_i", p.b_signed) : "b_i");
  v.flag("booth", p.booth);
  if (p.booth) {
    v.str("booth_logic",
          booth_logic(booth_operands("a_i", p.a_bits, p.a_signed, "b_i", p.b_bits, p.b_signed), "booth_p"));
  }
  d.files.push_back({top + ".sv", render("gemm/int_mac.sv", v)});
  return d;
}

}  // namespace

const TypedBlock<IntMacParams>& int_mac_block() {
  static const TypedBlock<IntMacParams> block({
      "int_mac",
      "gemm",
      "the conventional MAC (one multiplier, a product register and an accumulator, nothing else): the lean "
      "reference that int_array's PE is measured against (docs/benchmarks.md)",
      {{{.name = "a_bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 16, .doc = "A operand width"}, &IntMacParams::a_bits},
       {{.name = "b_bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 16, .doc = "B operand width"}, &IntMacParams::b_bits},
       {{.name = "a_signed", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc = "A is two's complement (else unsigned)"}, &IntMacParams::a_signed},
       {{.name = "b_signed", .kind = ParamKind::Bool, .def = 1, .min = 0, .max = 1, .doc = "B is two's complement (else unsigned)"}, &IntMacParams::b_signed},
       {{.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 4, .max = 64, .doc = "accumulator width (two's complement, wraps)"},
        &IntMacParams::acc_bits},
       {k_max_decl(), &IntMacParams::k_max},
       {{.name = "booth", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
         "the multiplier by radix-4 Booth recoding of B (as int_array's `booth`)"},
        &IntMacParams::booth}},
      nullptr,
      emit_int_mac,
      acc_bits_from_k_max<IntMacParams>(int_max_abs<IntMacParams>),
  });
  return block;
}

std::vector<const Block*> blocks() { return {&int_array_block(), &int_mac_block()}; }

}  // namespace bf::gemm
