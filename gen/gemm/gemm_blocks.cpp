#include "gemm/gemm_blocks.hpp"

#include <algorithm>

#include "core/emit.hpp"
#include "core/template.hpp"

namespace bf::gemm {

namespace {

int clog2_at_least_1(int n) {
  int b = 0;
  while ((1 << b) < n) ++b;
  return std::max(b, 1);
}

std::string bits_text(int n) { return std::to_string(n); }

// `v` (w bits) sign- or zero-extended to `to` bits, as a Verilog expression.
std::string extend(const std::string& v, int w, int to, bool is_signed) {
  if (to == w) return v;
  const std::string fill = is_signed ? "{" + std::to_string(to - w) + "{" + v + "[" + std::to_string(w - 1) + "]}}"
                                     : std::to_string(to - w) + "'b0";
  return "{" + fill + ", " + v + "}";
}

Design emit_int_array(const IntArrayParams& p, const std::string& top) {
  const golden::gemm::IntArrayShape s = p.shape();
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = array_ports(p.rows, p.cols, p.a_bits, p.b_bits, p.acc_bits,
                        std::string(p.a_signed ? "two's complement" : "unsigned") + " A values",
                        std::string(p.b_signed ? "two's complement" : "unsigned") + " B values");
  d.initiation_interval = s.phases();  // one beat of every stream per MAC time

  TemplateVars v;
  const bool serial = s.phases() > 1;
  v.text["name"] = top;
  v.text["ports"] = verilog_port_list(d.ports);
  v.text["rows"] = bits_text(p.rows);
  v.text["cols"] = bits_text(p.cols);
  v.text["aw"] = bits_text(p.a_bits);
  v.text["bw"] = bits_text(p.b_bits);
  v.text["cw"] = bits_text(p.acc_bits);
  v.text["ptrw"] = bits_text(clog2_at_least_1(p.rows));
  v.text["da"] = bits_text(s.da());
  v.text["db"] = bits_text(s.db());
  v.text["na"] = bits_text(s.na());
  v.text["nb"] = bits_text(s.nb());
  v.text["iaw"] = bits_text(clog2_at_least_1(s.na()));
  v.text["ibw"] = bits_text(clog2_at_least_1(s.nb()));
  v.text["pw"] = bits_text(std::min(s.da() + s.db() + 2, p.acc_bits));
  v.text["a_pad"] = extend("a_q", p.a_bits, s.na() * s.da(), p.a_signed);
  v.text["b_pad"] = extend("b_q", p.b_bits, s.nb() * s.db(), p.b_signed);
  v.text["a_top_signed"] = p.a_signed ? "1'b1" : "1'b0";
  v.text["b_top_signed"] = p.b_signed ? "1'b1" : "1'b0";
  v.flags["serial"] = serial;
  v.text["gapw"] = bits_text(clog2_at_least_1(p.cols + 1));
  d.files.push_back({top + "_skew.sv", render("gemm/int_array_skew.sv", v)});
  d.files.push_back({top + "_pe.sv", render("gemm/int_array_pe.sv", v)});
  d.files.push_back({top + ".sv", render("gemm/int_array.sv", v)});
  return d;
}

}  // namespace

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
