#include "ebsp/ebsp_blocks.hpp"

#include <algorithm>

#include "core/acc_rule.hpp"
#include "core/emit.hpp"
#include "core/template.hpp"
#include "ebsp/cycle.hpp"
#include "ebsp/ebsp.hpp"
#include "util/bits.hpp"

namespace bf::ebsp {

namespace ge = golden::ebsp;

namespace {

int at_least_1(int n) { return std::max(n, 1); }

// The widths of the LUT datapath for activation (ma magnitude bits, pattern sa) x weight (mw, sw).
struct Datapath {
  int ma, sa, mw, sw, cw;
  int eaw() const { return at_least_1(util::clog2(ma)); }  // e_a in [0, ma - 1]
  int eww() const { return at_least_1(util::clog2(mw)); }
  int esum_max() const { return (ma - 1) + (mw - 1); }
  int esw() const { return at_least_1(util::clog2(esum_max() + 1)); }
  int maw() const { return at_least_1(sa - 1); }  // mantissa fields (a constant 0 bit for a pattern of length 1)
  int mww() const { return at_least_1(sw - 1); }
  int pw() const { return ma + mw; }              // product magnitude bits
  int drop() const { return (sa - 1) + (sw - 1); }
  int entw() const { return sa + sw; }
  int ww() const { return entw() + esum_max(); }  // entry << (e_a + e_w)
};

// The steering logic for one operand (leading-one detector + mantissa multiplexer).
SourceFile steer_file(int mag, int len, const std::string& top) {
  TemplateVars v;
  v.str("name", top);
  v.nums({{"mag", mag}, {"len", len}, {"lzw", at_least_1(util::clog2(mag))}, {"ew", at_least_1(util::clog2(mag))},
          {"mw", at_least_1(len - 1)}, {"norm_low_hi", mag - 1 - len}});
  v.flag("mant", len >= 2).flag("norm_low", len < mag);
  return {top + ".sv", render("ebsp/ebsp_steer.sv", v)};
}

// The LUT (contents from golden/ebsp); the shifter is in the PE or array.
SourceFile lut_file(const Datapath& dp, const std::string& top) {
  const std::vector<uint32_t> entries = ge::lut(dp.sa, dp.sw);
  const int iw = dp.maw() + dp.mww();
  std::string cases;
  for (uint32_t ia = 0; ia < (1u << (dp.sa - 1)); ++ia) {
    for (uint32_t iw_ = 0; iw_ < (1u << (dp.sw - 1)); ++iw_) {
      const uint32_t golden_index = (ia << (dp.sw - 1)) | iw_;
      const uint32_t hw_index = (ia << dp.mww()) | iw_;
      cases += "      " + std::to_string(iw) + "'d" + std::to_string(hw_index) + ": entry = " +
               std::to_string(dp.entw()) + "'d" + std::to_string(entries.at(golden_index)) + ";\n";
    }
  }
  cases.pop_back();  // the template supplies the line break
  TemplateVars v;
  v.str("name", top).str("cases", cases).num("entries", entries.size());
  v.nums({{"iw", iw}, {"entw", dp.entw()}});
  return {top + ".sv", render("ebsp/ebsp_lut.sv", v)};
}

// The datapath widths that ebsp_pe and ebsp_array share.
void datapath_vars(TemplateVars& v, const Datapath& dp) {
  v.nums({{"eaw", dp.eaw()}, {"eww", dp.eww()}, {"esw", dp.esw()}, {"maw", dp.maw()}, {"mww", dp.mww()},
          {"pw", dp.pw()}, {"cw", dp.cw}, {"entw", dp.entw()}, {"ww", dp.ww()}, {"drop", dp.drop()}});
  v.flag("narrow", dp.cw < dp.pw());  // the accumulator keeps the product's low CW bits
  v.flag("drop", dp.drop() > 0);
}

std::vector<SourceFile> datapath_files(const Datapath& dp, const std::string& top) {
  return {steer_file(dp.ma, dp.sa, top + "_steer_a"), steer_file(dp.mw, dp.sw, top + "_steer_w"),
          lut_file(dp, top + "_lut")};
}

std::vector<Port> pe_ports(int act_bits, int wgt_bits, int acc_bits, bool presplit = false) {
  std::vector<Port> ports = clock_ports();
  ports.push_back({"in_valid_i", Dir::In, 1, false, "the operands are valid: accumulate their product"});
  if (presplit) {
    ports.push_back({"act_i", Dir::In, act_bits, false, "activation, pre-split {zero, e, m} (ebsp_split)"});
    ports.push_back({"wgt_i", Dir::In, wgt_bits, false, "weight, pre-split {sign, zero, e, m} (ebsp_split)"});
  } else {
    ports.push_back({"act_i", Dir::In, act_bits, false, "activation, unsigned"});
    ports.push_back({"wgt_i", Dir::In, wgt_bits, false, "weight, sign-magnitude (sign in the MSB)"});
  }
  ports.push_back({"clear_i", Dir::In, 1, false, "start a new sum with this product"});
  ports.push_back({"out_valid_o", Dir::Out, 1, false, "acc_o holds the sum including an input (fixed latency)"});
  ports.push_back(qualified({"acc_o", Dir::Out, acc_bits, false, "accumulator, two's complement, wrapping"},
                            "out_valid_o"));
  return ports;
}

// The design both PEs share: clocked, one operand pair per cycle, a fixed latency.
Design pe_design(const std::string& top, int act_bits, int wgt_bits, int acc_bits, int latency, bool presplit = false) {
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = pe_ports(act_bits, wgt_bits, acc_bits, presplit);
  d.latency = latency;
  d.initiation_interval = 1;
  return d;
}

Design emit_ebsp_pe(const PeParams& p, const std::string& top) {
  const ge::PeShape sh = p.shape();
  const int act_port = p.presplit ? ge::split_layout(sh.act).bits : p.act_bits;
  const int wgt_port = p.presplit ? ge::split_layout(sh.wgt).bits : p.wgt_bits;
  Design d = pe_design(top, act_port, wgt_port, p.acc_bits, golden::ebsp::EbspPeCycleModel::latency, p.presplit);
  const Datapath dp{p.act_bits, p.act_pattern, p.wgt_bits - 1, p.wgt_pattern, p.acc_bits};
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"ma", dp.ma}, {"mw", dp.mw}, {"sa", dp.sa}, {"sw", dp.sw}});
  v.flag("presplit", p.presplit).flag("mant_a", dp.sa > 1).flag("mant_w", dp.sw > 1);
  datapath_vars(v, dp);
  if (p.presplit) {
    d.files = {lut_file(dp, top + "_lut")};
  } else {
    d.files = datapath_files(dp, top);
  }
  d.files.push_back({top + ".sv", render("ebsp/ebsp_pe.sv", v)});
  return d;
}

Design emit_split(const SplitParams& p, const std::string& top) {
  const ge::Pattern pat = p.pattern_of();
  const ge::SplitLayout l = ge::split_layout(pat);
  const int mag = ge::magnitude_bits(pat);
  Design d;
  d.top = top;
  d.clocked = false;
  d.ports = {{"value_i", Dir::In, p.bits, false,
              p.is_signed ? "the integer, sign-magnitude (sign in the MSB)" : "the integer, unsigned"},
             {"fields_o", Dir::Out, l.bits, false,
              p.is_signed ? "{sign, zero, e, m} of the value truncated to the pattern" :
                            "{zero, e, m} of the value truncated to the pattern"}};
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"mag", mag}, {"len", p.pattern}, {"ew", l.e_bits}});
  v.flag("signed", p.is_signed).flag("mant", p.pattern > 1);
  d.files = {steer_file(mag, p.pattern, top + "_steer"), {top + ".sv", render("ebsp/ebsp_split.sv", v)}};
  return d;
}

Design emit_mult_pe(const MultPeParams& p, const std::string& top) {
  Design d = pe_design(top, p.act_bits, p.wgt_bits, p.acc_bits, golden::ebsp::MultPeCycleModel::latency);
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"ab", p.act_bits}, {"mw", p.wgt_bits - 1}, {"cw", p.acc_bits}});
  v.flag("narrow", p.acc_bits < p.act_bits + p.wgt_bits - 1);
  d.files.push_back({top + ".sv", render("ebsp/mult_pe.sv", v)});
  return d;
}

Design emit_ebsp_array(const ArrayParams& p, const std::string& top) {
  const ge::ArrayShape sh = p.shape();
  const int ab = p.presplit ? ge::split_layout(sh.act).bits : p.act_bits;  // a lane's port bits
  const int wb = p.presplit ? ge::split_layout(sh.wgt).bits : p.wgt_bits;
  const std::string a_fmt = p.presplit ? "pre-split {zero, e, m}" : "unsigned";
  const std::string w_fmt = p.presplit ? "pre-split {sign, zero, e, m}" : "sign-magnitude";
  Design d;
  d.top = top;
  d.clocked = true;
  d.ports = clock_ports();
  const std::vector<Port> ports = {
      {"in_valid_i", Dir::In, 1, false, "beat stream: valid", false},
      {"act_i", Dir::In, p.lanes * ab, false,
       "beat stream: L activations (lane l at [l*AB +: AB], " + a_fmt + "), broadcast to every row", true},
      {"wgt_i", Dir::In, p.rows * p.lanes * wb, false,
       "beat stream: row r, lane l weight at [(r*L+l)*WB +: WB], " + w_fmt, true},
      {"in_last_i", Dir::In, 1, false, "beat stream: the job's final beat", false},
      {"in_ready_o", Dir::Out, 1, false, "beat stream: ready", false},
      {"out_valid_o", Dir::Out, 1, false, "results: valid", false},
      qualified({"out_data_o", Dir::Out, p.rows * p.acc_bits, false,
                 "results: row r's dot product at [r*CW +: CW], two's complement, wrapping", true},
                "out_valid_o"),
      {"out_ready_i", Dir::In, 1, false, "results: ready", false},
  };
  d.ports.insert(d.ports.end(), ports.begin(), ports.end());
  d.initiation_interval = 1;  // one beat per cycle; a job's result 5 cycles after its last beat
  const Datapath dp{p.act_bits, p.act_pattern, p.wgt_bits - 1, p.wgt_pattern, p.acc_bits};
  TemplateVars v;
  v.str("name", top).str("ports", verilog_port_list(d.ports));
  v.nums({{"rows", p.rows}, {"lanes", p.lanes}, {"ab", ab}, {"wb", wb}, {"sa", dp.sa}, {"sw", dp.sw}});
  v.flag("presplit", p.presplit).flag("mant_a", dp.sa > 1).flag("mant_w", dp.sw > 1);
  datapath_vars(v, dp);
  // Products and row sums no wider than they can be (exact), the accumulator CW bits (wrapping).
  const int spw = std::min(dp.pw() + 1, dp.cw);
  const int tw = std::min(spw + util::clog2(p.lanes), dp.cw);
  v.nums({{"spw", spw}, {"tw", tw}});
  v.flag("tree_ext", tw > spw).flag("acc_ext", dp.cw > tw);
  d.files = p.presplit ? std::vector<SourceFile>{lut_file(dp, top + "_lut")} : datapath_files(dp, top);
  d.files.push_back({top + ".sv", render("ebsp/ebsp_array.sv", v)});
  return d;
}

ParamDecl act_bits_decl() { return {.name = "act_bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 12, .doc = "activation width m_a (unsigned)"}; }
ParamDecl wgt_bits_decl() {
  return {.name = "wgt_bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 12, .doc = "weight width m_w: sign + m_w - 1 magnitude bits"};
}
ParamDecl act_pattern_decl() {
  return {.name = "act_pattern", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 12, .doc =
          "activation pattern length s_a: the leading one and s_a - 1 bits after it (at most act_bits)"};
}
ParamDecl wgt_pattern_decl() {
  return {.name = "wgt_pattern", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 11, .doc =
          "weight pattern length s_w (at most wgt_bits - 1); the LUT has 2^((s_a-1)+(s_w-1)) entries"};
}
// {max |act|, max |wgt|} for the k_max rule: unsigned activations, sign-magnitude weights (patterns only
// truncate, so the full widths bound them).
template <class P>
std::pair<uint64_t, uint64_t> ebsp_max_abs(const P& p) {
  return {(uint64_t{1} << p.act_bits) - 1, (uint64_t{1} << (p.wgt_bits - 1)) - 1};
}

ParamDecl acc_decl() { return {.name = "acc_bits", .kind = ParamKind::Int, .def = 32, .min = 8, .max = 48, .doc = "accumulator width (two's complement, wraps)"}; }

std::optional<ParamProblem> check_patterns(int act_bits, int act_pattern, int wgt_bits, int wgt_pattern) {
  if (act_pattern > act_bits) {
    return ParamProblem{"act_pattern", "must be at most act_bits (" + std::to_string(act_bits) + "), got " +
                                           std::to_string(act_pattern)};
  }
  if (wgt_pattern > wgt_bits - 1) {
    return ParamProblem{"wgt_pattern", "must be at most wgt_bits - 1 (" + std::to_string(wgt_bits - 1) + "), got " +
                                           std::to_string(wgt_pattern)};
  }
  // The LUT is a case statement of 2^((s_a-1)+(s_w-1)) entries: 4096 (the paper's length 7 x 7) at most.
  if ((act_pattern - 1) + (wgt_pattern - 1) > kMaxLutIndexBits) {
    return ParamProblem{"wgt_pattern", "act_pattern + wgt_pattern must be at most " +
                                           std::to_string(kMaxLutIndexBits + 2) + " (a LUT of at most " +
                                           std::to_string(1 << kMaxLutIndexBits) + " entries), got " +
                                           std::to_string(act_pattern + wgt_pattern)};
  }
  return std::nullopt;
}

}  // namespace

const TypedBlock<PeParams>& ebsp_pe_block() {
  static const TypedBlock<PeParams> block({
      "ebsp_pe",
      "ebsp",
      "EBSP LUT-based PE: leading-one detectors and mantissa multiplexers, a LUT of mantissa products, an exponent "
      "adder and a shifter instead of a multiplier; accumulates, latency " +
          std::to_string(golden::ebsp::EbspPeCycleModel::latency),
      {{act_bits_decl(), &PeParams::act_bits},
       {act_pattern_decl(), &PeParams::act_pattern},
       {wgt_bits_decl(), &PeParams::wgt_bits},
       {wgt_pattern_decl(), &PeParams::wgt_pattern},
       {acc_decl(), &PeParams::acc_bits},
       {k_max_decl(), &PeParams::k_max},
       {{.name = "presplit", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
             "operands stored pre-split (the paper's format): act_i {zero, e, m}, wgt_i {sign, zero, e, m} as "
             "ebsp_split makes them; no leading-one detectors"},
        &PeParams::presplit}},
      [](const PeParams& p) { return check_patterns(p.act_bits, p.act_pattern, p.wgt_bits, p.wgt_pattern); },
      emit_ebsp_pe,
      acc_bits_from_k_max<PeParams>(ebsp_max_abs<PeParams>),
  });
  return block;
}

const TypedBlock<MultPeParams>& mult_pe_block() {
  static const TypedBlock<MultPeParams> block({
      "mult_pe",
      "ebsp",
      "multiplier PE, the baseline of ebsp_pe: same ports and accumulator, an exact multiplier, latency " +
          std::to_string(golden::ebsp::MultPeCycleModel::latency),
      {{act_bits_decl(), &MultPeParams::act_bits},
       {wgt_bits_decl(), &MultPeParams::wgt_bits},
       {acc_decl(), &MultPeParams::acc_bits},
       {k_max_decl(), &MultPeParams::k_max}},
      {},
      emit_mult_pe,
      acc_bits_from_k_max<MultPeParams>(ebsp_max_abs<MultPeParams>),
  });
  return block;
}

const TypedBlock<SplitParams>& ebsp_split_block() {
  static const TypedBlock<SplitParams> block({
      "ebsp_split",
      "ebsp",
      "EBSP pre-split encoder: an integer to the fields ebsp_pe takes with presplit ({sign,} zero, e, m of the "
      "value truncated to its pattern); a leading-one detector and a mantissa multiplexer; combinational",
      {{{.name = "bits", .kind = ParamKind::Int, .def = 8, .min = 2, .max = 12, .doc =
             "integer width (signed: sign + bits - 1 magnitude bits)"}, &SplitParams::bits},
       {{.name = "pattern", .kind = ParamKind::Int, .def = 4, .min = 1, .max = 12, .doc =
             "pattern length s (at most the magnitude bits)"}, &SplitParams::pattern},
       {{.name = "signed", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
             "sign-magnitude (a weight) instead of unsigned (an activation)"}, &SplitParams::is_signed}},
      [](const SplitParams& p) -> std::optional<ParamProblem> {
        const int mag = p.is_signed ? p.bits - 1 : p.bits;
        if (p.pattern > mag) {
          return ParamProblem{"pattern", "must be at most the magnitude bits (" + std::to_string(mag) + "), got " +
                                             std::to_string(p.pattern)};
        }
        return std::nullopt;
      },
      emit_split,
  });
  return block;
}

const TypedBlock<ArrayParams>& ebsp_array_block() {
  static const TypedBlock<ArrayParams> block({
      "ebsp_array",
      "ebsp",
      "EBSP dot-product array: rows of L-lane LUT-PE dot products with broadcast activations, adder trees and "
      "accumulators; one beat per cycle",
      {{{.name = "rows", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "rows R (output channels computed at once)"}, &ArrayParams::rows},
       {{.name = "lanes", .kind = ParamKind::Int, .def = 8, .min = 1, .max = 32, .doc = "lanes L (products per row per beat)"}, &ArrayParams::lanes},
       {act_bits_decl(), &ArrayParams::act_bits},
       {act_pattern_decl(), &ArrayParams::act_pattern},
       {wgt_bits_decl(), &ArrayParams::wgt_bits},
       {wgt_pattern_decl(), &ArrayParams::wgt_pattern},
       {acc_decl(), &ArrayParams::acc_bits},
       {k_max_decl(), &ArrayParams::k_max},
       {{.name = "presplit", .kind = ParamKind::Bool, .def = 0, .min = 0, .max = 1, .doc =
             "operands stored pre-split, as for ebsp_pe: no steering logic in the array (ebsp_split encodes them "
             "once, where they are stored)"},
        &ArrayParams::presplit}},
      [](const ArrayParams& p) { return check_patterns(p.act_bits, p.act_pattern, p.wgt_bits, p.wgt_pattern); },
      emit_ebsp_array,
      acc_bits_from_k_max<ArrayParams>(ebsp_max_abs<ArrayParams>),
  });
  return block;
}

std::vector<const Block*> blocks() {
  return {&ebsp_pe_block(), &mult_pe_block(), &ebsp_split_block(), &ebsp_array_block()};
}

}  // namespace bf::ebsp
