#include "data/net_designs.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ant/ant.hpp"
#include "ant/ant_gemm.hpp"
#include "data/gemm_io.hpp"
#include "data/net_panacea.hpp"
#include "ebsp/cycle.hpp"
#include "gemm/gemm.hpp"
#include "gemm/int_array.hpp"
#include "spark/array.hpp"
#include "spark/spark.hpp"

namespace bf::data {

namespace gg = golden::gemm;
namespace gs = golden::spark;
namespace ga = golden::ant;
namespace ge = golden::ebsp;

namespace {

constexpr int kRows = 8, kCols = 8, kAccBits = 32;
constexpr size_t kSparkSample = 32;
// The arrays the designs run on: the shapes the cycle models take, and (design_config) the block configs of the
// same arrays for the RTL. Every array is built lean (docs/evaluate.md, "Hardware"): no result registers, C read
// from the accumulators. ANT's cycles are int_array's with 4-bit operands (one beat per step).
constexpr gg::IntArrayShape kAntCycles{.rows = kRows, .cols = kCols, .a_bits = 4, .b_bits = 4, .a_signed = false,
                                       .b_signed = false, .acc_bits = kAccBits, .result_buffer = false};
constexpr gg::IntArrayShape int8_shape(bool a_signed) {
  return {.rows = kRows, .cols = kCols, .a_bits = 8, .b_bits = 8, .a_signed = a_signed, .b_signed = true,
          .acc_bits = kAccBits, .result_buffer = false, .booth = true};
}
gs::ArrayShape spark_shape(bool a_signed) {
  return {.rows = kRows, .cols = kCols, .bits = 8, .a_signed = a_signed, .b_signed = true, .acc_bits = kAccBits,
          .fifo_depth = 2, .result_buffer = false};
}
const ge::ArrayShape kEbspShape{kRows, kCols, {8, 4, false}, {8, 4, true}, kAccBits};

int64_t round_code(double v, int64_t lo, int64_t hi) {
  return std::clamp(static_cast<int64_t>(std::round(v)), lo, hi);
}

// The real value of a code: A's one scale, B's one per output channel.
struct Scales {
  double a_scale = 1;
  std::vector<double> b_scale;
};

// INT8 codes of one convolution: A = the patch matrix (M x K), B = the kernel (K x N), with their scales.
struct Int8Gemm : Scales {
  gg::Matrix a, b;
  bool a_signed = false;
};

Int8Gemm quantize_int8(const Conv& k, const FeatureMap& in, const Patches& p) {
  Int8Gemm q;
  double lo = 0, hi = 0;
  for (double v : in.v) {
    lo = std::min(lo, v);
    hi = std::max(hi, std::abs(v));
  }
  q.a_signed = lo < 0;
  const double a_max = q.a_signed ? 127 : 255;
  q.a_scale = hi > 0 ? hi / a_max : 1;
  const int m = p.out_h * p.out_w;
  q.a = gg::Matrix(m, p.k);
  for (size_t i = 0; i < p.v.size(); ++i) {
    q.a.v[i] = round_code(p.v[i] / q.a_scale, q.a_signed ? -127 : 0, static_cast<int64_t>(a_max));
  }
  q.b = gg::Matrix(p.k, k.cout);
  q.b_scale.assign(size_t(k.cout), 1);
  for (int co = 0; co < k.cout; ++co) {
    const std::vector<double> col = k.column(co);
    double w = 0;
    for (double v : col) w = std::max(w, std::abs(v));
    const double s = w > 0 ? w / 127 : 1;
    q.b_scale[size_t(co)] = s;
    for (int i = 0; i < p.k; ++i) q.b.at(i, co) = round_code(col[size_t(i)] / s, -127, 127);
  }
  return q;
}

// acc x a_scale x b_scale[co] + bias, ReLU when the layer has it, as an out_h x out_w x N map.
FeatureMap dequantize(const Conv& k, const Patches& p, const Scales& q, const gg::Matrix& acc) {
  FeatureMap out(p.out_h, p.out_w, k.cout);
  for (int r = 0; r < acc.rows; ++r) {
    for (int co = 0; co < k.cout; ++co) {
      const double y = static_cast<double>(acc.at(r, co)) * q.a_scale * q.b_scale[size_t(co)] + k.bias[size_t(co)];
      out.v[size_t(r) * size_t(k.cout) + size_t(co)] = k.relu ? std::max(0.0, y) : y;
    }
  }
  return out;
}

// The spot tile of an A . B array: A's first kRows rows, B's first kCols columns, the layer's result there; and
// its jobs on the 8 x 8 array (for its cycles).
struct ArrayTile {
  SpotTile spot;
  std::vector<gg::Job> jobs;
};
ArrayTile array_tile(const gg::Matrix& a, const gg::Matrix& b, const gg::Matrix& acc) {
  const gg::Matrix ta = corner(a, kRows, a.cols), tb = corner(b, b.rows, kCols);
  return {{{{"a", matrix_json(ta)}, {"b", matrix_json(tb)}}, corner(acc, kRows, kCols), 0},
          gg::tile(ta, tb, kRows, kCols).jobs};
}

// Mean SPARK bits per value of the codes (units per value x unit width).
double spark_bits(const gs::Format& f, const std::vector<int64_t>& codes) {
  if (codes.empty()) return 0;
  uint64_t units = 0;
  for (int64_t v : codes) units += static_cast<uint64_t>(gs::encode(f, v).num_units());
  return static_cast<double>(units) * f.unit_width() / static_cast<double>(codes.size());
}

// ANT (4-bit codes): a type per output channel for the weights and one per tensor for the input, each chosen by
// the paper's Algorithm 2 (golden::ant::select_type: int, flint or PoT, the alpha search by MSE, as `bitforge
// quantize` does); the GEMM is golden::ant::typed_gemm, ant_array's reference. Its array takes one 4-bit beat per
// step like int_array, so its cycles are int_array's model with 4-bit operands (timing does not depend on values).
FeatureMap run_ant(const Conv& k, const FeatureMap& in, const Patches& p, bool cycles, ConvReport& rep) {
  constexpr int kBits = 4;
  const bool a_signed = std::any_of(in.v.begin(), in.v.end(), [](double v) { return v < 0; });
  const ga::TypeChoice a = ga::select_type(in.v, kBits, a_signed).chosen;
  gg::Matrix ac(p.out_h * p.out_w, p.k), bc(p.k, k.cout);
  for (size_t i = 0; i < p.v.size(); ++i) ac.v[i] = ga::quantize_real(a.format, p.v[i], a.scale);
  std::vector<ga::Type> b_types;
  Scales sc{a.scale, {}};
  for (int co = 0; co < k.cout; ++co) {
    const std::vector<double> col = k.column(co);
    const ga::TypeChoice b = ga::select_type(col, kBits, true).chosen;
    b_types.push_back(b.format.type);
    sc.b_scale.push_back(b.scale);
    for (int i = 0; i < p.k; ++i) bc.at(i, co) = ga::quantize_real(b.format, col[size_t(i)], b.scale);
  }
  rep.act_signed = a_signed;
  rep.weight_bits = rep.act_bits = kBits;
  if (cycles) {
    const gg::Tiling t = gg::tile(ac, bc, kRows, kCols);
    rep.cycles = gg::full_rate_cycles(kAntCycles, t.jobs);
    rep.jobs = rep.cycle_jobs = t.jobs.size();
  }
  const gg::Matrix acc = ga::typed_gemm(ac, a.format.type, a_signed, bc, b_types, true, kBits, kAccBits);
  if (cycles) {
    const ArrayTile tile = array_tile(ac, bc, acc);
    rep.spot = tile.spot;
    rep.spot.input["a_type"] = ga::type_name(a.format.type);
    for (int co = 0; co < std::min(k.cout, kCols); ++co) {
      rep.spot.input["b_type"].push_back(ga::type_name(b_types[size_t(co)]));
    }
    rep.spot.cycles = gg::full_rate_cycles(kAntCycles, tile.jobs);
  }
  return dequantize(k, p, sc, acc);
}

// EBSP (ebsp_array 8 rows x 8 lanes, patterns of length 4 on 8-bit activations and sign-magnitude weights): the
// INT8 codes, each rounded to the nearest value with at most 4 significant bits (its leading one and 3 bits after
// it: the pattern; golden::ebsp::pattern_value in nearest mode): offline for the weights, and in the producing
// layer's requantization for the activations, so the PE's truncation keeps them as they are (truncating instead,
// as the PE does to any other code, lost 6.5 dB against the photo on default-model). The GEMM is
// golden::ebsp::ebsp_gemm, ebsp_array's reference. The array's activations are unsigned: an input with negative
// values runs as two unsigned GEMMs, of its positive and of its negated negative part (same scale), subtracted,
// at twice the cycles. Cycles: one beat (8 activations of one output pixel, 8 output channels' weights) per cycle,
// jobs back to back, nothing stalls while the output is read at once (docs/ebsp.md): M x ceil(N / 8) jobs of
// ceil(K / 8) beats, plus the 5-cycle latency.
uint64_t ebsp_tile_cycles(int m, int n, int k) {
  return uint64_t(m) * uint64_t((n + kRows - 1) / kRows) * uint64_t((k + kCols - 1) / kCols) +
         uint64_t(ge::EbspArrayCycleModel::latency);
}

FeatureMap run_ebsp(const Conv& k, const FeatureMap& in, const Patches& p, bool cycles, ConvReport& rep) {
  const ge::ArrayShape& s = kEbspShape;
  Int8Gemm q = quantize_int8(k, in, p);
  for (auto& v : q.b.v) v = ge::pattern_value(s.wgt, v, true);
  for (auto& v : q.a.v) v = (v < 0 ? -1 : 1) * ge::pattern_value(s.act, std::abs(v), true);
  rep.act_signed = q.a_signed;
  rep.weight_bits = rep.act_bits = 8;
  gg::Matrix acc;
  if (!q.a_signed) {
    acc = ge::ebsp_gemm(s, q.a, q.b);
  } else {
    // Codes of |x| at the signed scale (max |x| / 127) fit 0..127; split by sign.
    gg::Matrix pos = q.a, neg = q.a;
    for (size_t i = 0; i < q.a.v.size(); ++i) {
      pos.v[i] = std::max<int64_t>(q.a.v[i], 0);
      neg.v[i] = std::max<int64_t>(-q.a.v[i], 0);
    }
    acc = ge::ebsp_gemm(s, pos, q.b);
    if (cycles) rep.spot = array_tile(pos, q.b, acc).spot;  // the positive pass
    const gg::Matrix minus = ge::ebsp_gemm(s, neg, q.b);
    for (size_t i = 0; i < acc.v.size(); ++i) acc.v[i] = gg::wrap(acc.v[i] - minus.v[i], kAccBits);
  }
  if (cycles) {
    const uint64_t jobs = uint64_t(rep.m) * uint64_t((rep.n + kRows - 1) / kRows);
    rep.cycles = (ebsp_tile_cycles(rep.m, rep.n, rep.k) - uint64_t(ge::EbspArrayCycleModel::latency)) *
                     (q.a_signed ? 2 : 1) + uint64_t(ge::EbspArrayCycleModel::latency);
    rep.jobs = rep.cycle_jobs = jobs * (q.a_signed ? 2 : 1);
    rep.hw_ops = rep.macs * (q.a_signed ? 2 : 1);
    if (!q.a_signed) rep.spot = array_tile(q.a, q.b, acc).spot;
    rep.spot.cycles = ebsp_tile_cycles(rep.spot.c.rows, rep.spot.c.cols, rep.k);
  }
  return dequantize(k, p, q, acc);
}

// SPARK (8-bit values, A unsigned or sign-magnitude, B sign-magnitude): codes chosen for the format. The format
// rounds many 8-bit values (16..31 decode to 15, 127 to 111: formats.md), so max-scaled INT8 codes lose much;
// instead each tensor (the input, per tensor) and each weight column (per output channel) takes the scale, among
// max |x| / c for code maxima c = 15 .. 255, whose decoded codes (spark_value(code) x scale) are nearest to the
// values in mean square. Codes: unsigned 0..255, or signed magnitudes up to 255 (sign-magnitude units).
class SparkCodes {
 public:
  explicit SparkCodes(const gs::Format& f) : f_(f), lo_(f.is_signed ? -255 : 0) {
    for (int64_t c = lo_; c <= 255; ++c) table_.push_back(static_cast<double>(gs::spark_value(f, c)));
  }
  int64_t code(double v, double scale) const { return round_code(v / scale, lo_, 255); }
  // The best scale for x (1 when x is all 0).
  double scale(const std::vector<double>& x) const {
    double hi = 0;
    for (double v : x) hi = std::max(hi, std::abs(v));
    if (hi == 0) return 1;
    double best = hi / 255, best_err = -1;
    for (int c = 15; c <= 255; ++c) {
      const double s = hi / c;
      double err = 0;
      for (double v : x) {
        const double d = table_[size_t(code(v, s) - lo_)] * s - v;
        err += d * d;
      }
      if (best_err < 0 || err < best_err) {
        best = s;
        best_err = err;
      }
    }
    return best;
  }

 private:
  gs::Format f_;
  int64_t lo_;
  std::vector<double> table_;  // spark_value of each code lo_ .. 255
};

// The cycles of SPARK's elastic array: its model is about 20 times slower than int_array's, so at most
// kSparkSample tiles, evenly spread over the layer's, run back to back, scaled to all of them.
void spark_cycles(const gs::ArrayShape& s, const gg::Matrix& a, const gg::Matrix& b, ConvReport& rep) {
  const gg::Tiling t = gg::tile(a, b, kRows, kCols);
  std::vector<gg::Job> sample;
  const size_t j = t.jobs.size(), n = std::min(j, kSparkSample);
  for (size_t i = 0; i < n; ++i) sample.push_back(t.jobs[i * j / n]);
  rep.cycle_jobs = n;
  rep.jobs = j;
  rep.cycles = static_cast<uint64_t>(std::llround(static_cast<double>(gs::full_rate_cycles(s, sample)) *
                                                  static_cast<double>(j) / static_cast<double>(n)));
}

// The GEMM is golden::spark::spark_gemm, spark_array's reference.
FeatureMap run_spark(const Conv& k, const FeatureMap& in, const Patches& p, bool cycles, ConvReport& rep) {
  const bool a_signed = std::any_of(in.v.begin(), in.v.end(), [](double v) { return v < 0; });
  const gs::ArrayShape s = spark_shape(a_signed);
  const SparkCodes ca(s.a_format()), cb(s.b_format());
  Scales sc{ca.scale(in.v), {}};
  gg::Matrix a(p.out_h * p.out_w, p.k), b(p.k, k.cout);
  for (size_t i = 0; i < p.v.size(); ++i) a.v[i] = ca.code(p.v[i], sc.a_scale);
  for (int co = 0; co < k.cout; ++co) {
    const std::vector<double> col = k.column(co);
    sc.b_scale.push_back(cb.scale(col));
    for (int i = 0; i < p.k; ++i) b.at(i, co) = cb.code(col[size_t(i)], sc.b_scale.back());
  }
  std::vector<int64_t> fm;
  for (double v : in.v) fm.push_back(ca.code(v, sc.a_scale));
  rep.act_signed = a_signed;
  rep.weight_bits = spark_bits(s.b_format(), b.v);
  rep.act_bits = spark_bits(s.a_format(), fm);
  if (cycles) spark_cycles(s, a, b, rep);
  const gg::Matrix acc = gs::spark_gemm(s, a, b);
  if (cycles) {
    const ArrayTile tile = array_tile(a, b, acc);
    rep.spot = tile.spot;
    rep.spot.cycles = gs::full_rate_cycles(s, tile.jobs);
  }
  return dequantize(k, p, sc, acc);
}

// INT8: the GEMM is golden::gemm::gemm, int_array's reference; cycles from int_array's model at full rate.
FeatureMap run_int8(const Conv& k, const FeatureMap& in, const Patches& p, bool cycles, ConvReport& rep) {
  const Int8Gemm q = quantize_int8(k, in, p);
  rep.act_signed = q.a_signed;
  rep.weight_bits = rep.act_bits = 8;
  const gg::IntArrayShape s = int8_shape(q.a_signed);
  const gg::Matrix acc = gg::gemm(q.a, q.b, kAccBits);
  if (cycles) {
    const gg::Tiling t = gg::tile(q.a, q.b, kRows, kCols);
    rep.cycles = gg::full_rate_cycles(s, t.jobs);
    rep.jobs = rep.cycle_jobs = t.jobs.size();
    const ArrayTile tile = array_tile(q.a, q.b, acc);
    rep.spot = tile.spot;
    rep.spot.cycles = gg::full_rate_cycles(s, tile.jobs);
  }
  return dequantize(k, p, q, acc);
}

FeatureMap run_conv(const Network& net, const Layer& l, const FeatureMap& in, Design d, bool cycles, ConvReport& rep) {
  const Conv& k = l.conv;
  const Patches p = im2col(k, in);
  rep.name = l.name;
  rep.m = p.out_h * p.out_w;
  rep.k = p.k;
  rep.n = k.cout;
  rep.macs = uint64_t(rep.m) * uint64_t(rep.k) * uint64_t(rep.n);
  rep.hw_ops = rep.macs;
  rep.weight_values = k.kernel.size();
  rep.act_values = in.v.size();
  switch (d) {
    case Design::Float:
      return apply_layer(net, l, {&in});
    case Design::Int8:
      return run_int8(k, in, p, cycles, rep);
    case Design::Spark:
      return run_spark(k, in, p, cycles, rep);
    case Design::Ant:
      return run_ant(k, in, p, cycles, rep);
    case Design::Ebsp:
      return run_ebsp(k, in, p, cycles, rep);
    case Design::Panacea:
      break;
  }
  PanaceaLayer r = run_panacea(PanaceaCore{}, k, in, p, cycles);
  rep.act_signed = false;  // asymmetric: the zero point carries the sign
  rep.weight_bits = r.weight_bits;
  rep.act_bits = r.act_bits;
  rep.cycles = r.cycles;
  rep.jobs = rep.cycle_jobs = cycles ? r.tiles : 0;
  rep.spot = std::move(r.spot);
  rep.hw_ops = r.mults;
  return std::move(r.out);
}

}  // namespace

nlohmann::json design_config(Design d, bool a_signed) {
  using nlohmann::json;
  const std::string sign = a_signed ? "s" : "u";
  auto config = [](const char* block, const std::string& name, json params) {
    return json{{"block", block}, {"name", name}, {"params", std::move(params)}};
  };
  switch (d) {
    case Design::Float:
      return nullptr;
    case Design::Int8: {
      const gg::IntArrayShape s = int8_shape(a_signed);
      return config("int_array", "ev_int8_" + sign,
                    {{"rows", s.rows}, {"cols", s.cols}, {"a_bits", s.a_bits}, {"b_bits", s.b_bits},
                     {"a_signed", s.a_signed}, {"b_signed", s.b_signed}, {"acc_bits", s.acc_bits},
                     {"booth", s.booth}, {"result_buffer", s.result_buffer}});
    }
    case Design::Spark: {
      const gs::ArrayShape s = spark_shape(a_signed);
      return config("spark_array", "ev_spark_" + sign,
                    {{"rows", s.rows}, {"cols", s.cols}, {"bits", s.bits}, {"a_signed", s.a_signed},
                     {"b_signed", s.b_signed}, {"acc_bits", s.acc_bits}, {"fifo_depth", s.fifo_depth},
                     {"result_buffer", s.result_buffer}});
    }
    case Design::Ant:
      return config("ant_array", "ev_ant_" + sign,
                    {{"rows", kAntCycles.rows}, {"cols", kAntCycles.cols}, {"bits", kAntCycles.a_bits},
                     {"a_signed", a_signed}, {"b_signed", true}, {"acc_bits", kAntCycles.acc_bits},
                     {"int8_mode", false}, {"result_buffer", kAntCycles.result_buffer}});
    case Design::Ebsp: {
      const ge::ArrayShape& s = kEbspShape;
      return config("ebsp_array", "ev_ebsp",
                    {{"rows", s.rows}, {"lanes", s.lanes}, {"act_bits", s.act.bits}, {"act_pattern", s.act.length},
                     {"wgt_bits", s.wgt.bits}, {"wgt_pattern", s.wgt.length}, {"acc_bits", s.acc_bits}});
    }
    case Design::Panacea: {
      const PanaceaCore c{};
      return config("panacea_core", "ev_panacea",
                    {{"peas", c.peas}, {"v", c.v}, {"dwo", c.dwo}, {"swo", c.swo}, {"k_w", c.k_w}, {"kmax", c.kmax},
                     {"rle_bits", c.rle_bits}});
    }
  }
  return nullptr;
}

std::string design_name(Design d) {
  switch (d) {
    case Design::Float:
      return "float";
    case Design::Int8:
      return "int8";
    case Design::Spark:
      return "spark";
    case Design::Ant:
      return "ant";
    case Design::Ebsp:
      return "ebsp";
    case Design::Panacea:
      return "panacea";
  }
  return "?";
}

DesignRun run_design(const Network& net, const FeatureMap& input, Design d, bool cycles,
                     const std::function<void(const ConvReport&)>& on_conv) {
  DesignRun run;
  run.design = d;
  run.layers = run_network(net, input, [&](const Layer& l, const FeatureMap& in) {
    run.convs.emplace_back();
    run.convs.back().layer = static_cast<size_t>(&l - net.layers.data());
    FeatureMap y = run_conv(net, l, in, d, cycles, run.convs.back());
    if (on_conv) on_conv(run.convs.back());
    return y;
  });
  run.output = run.layers[net.output];
  return run;
}

}  // namespace bf::data
