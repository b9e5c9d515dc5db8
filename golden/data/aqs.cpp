#include "data/aqs.hpp"

#include "base/errors.hpp"
#include "base/json_io.hpp"
#include "data/gemm_io.hpp"

namespace bf::data {

namespace gp = bf::golden::panacea;
namespace gg = bf::golden::gemm;

AqsInput read_aqs_input(const nlohmann::json& in, int k_w, const std::string& where,
                        const std::vector<std::string>& extra) {
  if (!in.is_object()) throw InputError(where, "", "must be an object with \"w\", \"x\" and \"zero_point\"");
  std::vector<std::string> keys = {"w", "x", "zero_point", "dbs_type"};
  keys.insert(keys.end(), extra.begin(), extra.end());
  allow_only(in, keys, where, "");
  auto one_int = [&](const char* key, int64_t lo, int64_t hi) {
    return int_value(require_member(in, key, where, ""), lo, hi, where, std::string("/") + key);
  };
  AqsInput c;
  c.z = static_cast<int>(one_int("zero_point", 0, 255));
  c.t = in.contains("dbs_type") ? static_cast<int>(one_int("dbs_type", 1, 3)) - 1 : 0;
  c.w = read_matrix(require_member(in, "w", where, ""), gp::weight_min(k_w), gp::weight_max(k_w), where, "/w");
  c.x = read_matrix(require_member(in, "x", where, ""), 0, 255, where, "/x");
  if (c.x.rows != c.w.cols) {
    throw InputError(where, "/x", "must have " + std::to_string(c.w.cols) + " rows (the columns of w), has " +
                                      std::to_string(c.x.rows));
  }
  return c;
}

namespace {

// An optional integer member in [lo, hi] (InputError naming the member's path otherwise).
int64_t optional_int(const nlohmann::json& in, const std::string& key, int64_t lo, int64_t hi, int64_t dflt,
                     const std::string& where) {
  return in.contains(key) ? int_value(in[key], lo, hi, where, "/" + key) : dflt;
}

nlohmann::json row_json(const gp::WorkloadRow& r) {
  return {{"slice_mults", r.slice_mults}, {"comp_mults", r.comp_mults}, {"adds", r.adds},
          {"ema_slices", r.ema_slices}, {"ema_index_bits", r.ema_index_bits}, {"ema_bits", r.ema_bits()}};
}

double ratio(uint64_t a, uint64_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

}  // namespace

AqsProblem read_aqs_problem(const nlohmann::json& in, const std::string& where) {
  AqsProblem p;
  p.cfg.k_w = static_cast<int>(optional_int(in, "k_w", 0, 2, 1, where));
  p.cfg.v = static_cast<int>(optional_int(in, "v", 1, 12, 4, where));
  p.cfg.rle_bits = static_cast<int>(optional_int(in, "rle_bits", 1, 16, 4, where));
  AqsInput a = read_aqs_input(in, p.cfg.k_w, where, {"k_w", "v", "rle_bits"});
  p.cfg.z = a.z;
  p.cfg.t = a.t;
  p.w = std::move(a.w);
  p.x = std::move(a.x);
  if (p.w.rows % p.cfg.v != 0) {
    throw InputError(where, "/w", "must have a multiple of v = " + std::to_string(p.cfg.v) + " rows, has " +
                                      std::to_string(p.w.rows) + " (pad with zero rows)");
  }
  if (p.x.cols % p.cfg.v != 0) {
    throw InputError(where, "/x/0", "must have a multiple of v = " + std::to_string(p.cfg.v) + " columns, has " +
                                        std::to_string(p.x.cols) + " (pad with the zero point)");
  }
  return p;
}

AqsReport aqs_report(const AqsProblem& p) {
  const gp::GemmResult r = gp::aqs_gemm(p.w, p.x, p.cfg);
  const gp::Workload wl = gp::workload(p.w, p.x, p.cfg);
  AqsReport rep;
  rep.match = r.y == gg::gemm(p.w, gp::truncate_acts(p.x, p.cfg.t), 64);
  rep.panacea_mults = wl.panacea.slice_mults;
  rep.dense_mults = wl.dense.slice_mults;
  const auto& c = r.counters;
  rep.result = {
      {"y", matrix_json(r.y)},
      {"golden", rep.match ? "match" : "mismatch"},
      {"counters",
       {{"mults", c.mults}, {"static_products", c.static_products}, {"dynamic_products", c.dynamic_products},
        {"skipped_by_w", c.skipped_by_w}, {"skipped_by_x", c.skipped_by_x}, {"comp_adds", c.comp_adds},
        {"comp_mults", c.comp_mults}}},
      {"workload", {{"dense", row_json(wl.dense)}, {"zero_skip", row_json(wl.zero_skip)}, {"panacea", row_json(wl.panacea)}}},
      {"stats",
       {{"r", gp::frequent_ho(p.cfg.z, p.cfg.t)},
        {"mults_vs_dense", ratio(wl.panacea.slice_mults, wl.dense.slice_mults)},
        {"mults_vs_zero_skip", ratio(wl.panacea.slice_mults, wl.zero_skip.slice_mults)},
        {"ema_bits_vs_dense", ratio(wl.panacea.ema_bits(), wl.dense.ema_bits())}}}};
  return rep;
}

}  // namespace bf::data
