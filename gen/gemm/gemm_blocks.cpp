#include "gemm/gemm_blocks.hpp"

#include <algorithm>

#include "core/emit.hpp"
#include "core/template.hpp"
#include "util/bits.hpp"

namespace bf::gemm {

namespace {

int clog2_at_least_1(int n) { return std::max(util::clog2(n), 1); }

std::string bits_text(int n) { return std::to_string(n); }

// The values and flags of rtl_templates/gemm/int_array_pe.sv.
TemplateVars pe_vars(const OsArraySpec& spec, const std::string& top) {
  const golden::gemm::IntArrayShape& s = spec.shape;
  TemplateVars v;
  const bool serial = !spec.ant && s.phases() > 1;
  v.text["name"] = top;
  v.text["cw"] = bits_text(s.acc_bits);
  v.flags["serial"] = serial;
  v.flags["ant"] = spec.ant;
  v.flags["a_signed"] = s.a_signed;
  v.flags["b_signed"] = s.b_signed;
  // Operands are extended to whole digits (NA x DA bits) when their width is not a multiple of the digit width.
  v.flags["a_fill"] = !spec.ant && s.na() * s.da() > s.a_bits;
  v.flags["b_fill"] = !spec.ant && s.nb() * s.db() > s.b_bits;
  if (spec.ant) {
    const int tw = spec.dec_base_bits + spec.dec_exp_bits;
    v.text["atw"] = v.text["btw"] = bits_text(tw);
    v.text["dbw"] = bits_text(spec.dec_base_bits);
    v.text["dew"] = bits_text(spec.dec_exp_bits);
    v.text["pw"] = bits_text(std::min(2 * spec.dec_base_bits, s.acc_bits));
  } else {
    v.text["atw"] = bits_text(s.a_bits);
    v.text["btw"] = bits_text(s.b_bits);
    v.text["da"] = bits_text(s.da());
    v.text["db"] = bits_text(s.db());
    v.text["na"] = bits_text(s.na());
    v.text["nb"] = bits_text(s.nb());
    v.text["iaw"] = bits_text(clog2_at_least_1(s.na()));
    v.text["ibw"] = bits_text(clog2_at_least_1(s.nb()));
    v.text["pw"] = bits_text(std::min(s.da() + s.db() + 2, s.acc_bits));
    v.text["a_fill_bits"] = bits_text(s.na() * s.da() - s.a_bits);
    v.text["b_fill_bits"] = bits_text(s.nb() * s.db() - s.b_bits);
    v.text["a_msb"] = bits_text(s.a_bits - 1);
    v.text["b_msb"] = bits_text(s.b_bits - 1);
    v.text["a_signed"] = bits_text(s.a_signed);
    v.text["b_signed"] = bits_text(s.b_signed);
  }
  return v;
}

// The values and flags of rtl_templates/gemm/int_array.sv.
TemplateVars array_vars(const OsArraySpec& spec, const std::string& top, const std::vector<Port>& ports) {
  const golden::gemm::IntArrayShape& s = spec.shape;
  TemplateVars v;
  const bool serial = !spec.ant && s.phases() > 1;
  v.text["name"] = top;
  v.text["ports"] = verilog_port_list(ports);
  v.text["rows"] = bits_text(s.rows);
  v.text["cols"] = bits_text(s.cols);
  v.text["aw"] = bits_text(s.a_bits);
  v.text["bw"] = bits_text(s.b_bits);
  v.text["cw"] = bits_text(s.acc_bits);
  v.text["ptrw"] = bits_text(clog2_at_least_1(s.rows));
  v.text["gapw"] = bits_text(clog2_at_least_1(s.cols + 1));
  v.flags["serial"] = serial;
  v.flags["ant"] = spec.ant;
  v.flags["int8"] = spec.int8;
  v.text["a_signed"] = bits_text(s.a_signed);
  v.text["b_signed"] = bits_text(s.b_signed);
  if (spec.ant) {
    const int tw = spec.dec_base_bits + spec.dec_exp_bits;
    v.text["atw"] = v.text["btw"] = bits_text(tw);
    v.text["dbw"] = bits_text(spec.dec_base_bits);
    v.text["dew"] = bits_text(spec.dec_exp_bits);
  } else {
    v.text["atw"] = bits_text(s.a_bits);
    v.text["btw"] = bits_text(s.b_bits);
    v.text["na"] = bits_text(s.na());
    v.text["nb"] = bits_text(s.nb());
    v.text["iaw"] = bits_text(clog2_at_least_1(s.na()));
    v.text["ibw"] = bits_text(clog2_at_least_1(s.nb()));
  }
  return v;
}

Design emit_int_array(const IntArrayParams& p, const std::string& top) {
  OsArraySpec spec;
  spec.shape = p.shape();
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
  TemplateVars skew;
  skew.text["name"] = top;
  d.files.push_back({top + "_skew.sv", render("gemm/int_array_skew.sv", skew)});
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
      {"c_data_o", Dir::Out, cols * cw, false,
       "C rows: column c at [c*CW +: CW], CW-bit two's complement, wrapping", true},
      {"c_last_o", Dir::Out, 1, false, "C rows: the job's last row (R-1)", false},
      {"c_ready_i", Dir::In, 1, false, "C rows: ready", false},
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
      {{{"rows", ParamKind::Int, 8, 1, 32, 1, "array rows R (rows of A and C)"}, &IntArrayParams::rows},
       {{"cols", ParamKind::Int, 8, 1, 32, 1, "array columns C (columns of B and C)"}, &IntArrayParams::cols},
       {{"a_bits", ParamKind::Int, 8, 2, 16, 1, "A operand width AW"}, &IntArrayParams::a_bits},
       {{"b_bits", ParamKind::Int, 8, 2, 16, 1, "B operand width BW"}, &IntArrayParams::b_bits},
       {{"a_signed", ParamKind::Bool, 1, 0, 1, 1, "A is two's complement (else unsigned)"}, &IntArrayParams::a_signed},
       {{"b_signed", ParamKind::Bool, 1, 0, 1, 1, "B is two's complement (else unsigned)"}, &IntArrayParams::b_signed},
       {{"acc_bits", ParamKind::Int, 32, 8, 64, 1, "accumulator and C width CW (two's complement, wraps)"},
        &IntArrayParams::acc_bits},
       {{"pe_bits", ParamKind::Int, 0, 0, 16, 1,
         "multiplier width per PE; 0 = the widest operand (one MAC per cycle); smaller values split operands "
         "into digits and take ceil(AW/pe_bits) x ceil(BW/pe_bits) cycles per MAC"},
        &IntArrayParams::pe_bits}},
      [](const IntArrayParams& p) -> std::optional<ParamProblem> {
        if (p.pe_bits == 1) return ParamProblem{"pe_bits", "must be 0 or an integer in [2, 16], got 1"};
        const int widest = std::max(p.a_bits, p.b_bits);
        if (p.acc_bits <= widest) {
          return ParamProblem{"acc_bits", "must be wider than the widest operand (" + std::to_string(widest) +
                                              " bits), got " + std::to_string(p.acc_bits)};
        }
        return std::nullopt;
      },
      emit_int_array,
  });
  return block;
}

std::vector<const Block*> blocks() { return {&int_array_block()}; }

}  // namespace bf::gemm
