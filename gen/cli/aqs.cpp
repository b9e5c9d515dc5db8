// `bitforge aqs`: Panacea's AQS-GEMM on the user's own integers (golden/panacea), with the Table I workloads:
// the exact product Y = W . X_t, how many 4b x 4b multiplications it executed and skipped, the compensation
// work, and the multiplications, additions and memory traffic of a dense bit-slice GEMM and of zero-only
// skipping on the same data. The input format is `sim`'s for panacea_pea and panacea_core, plus k_w, v, rle_bits.
#include <iostream>

#include "cli/commands.hpp"
#include "core/errors.hpp"
#include "core/json_io.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_bench.hpp"
#include "harness/bench.hpp"
#include "panacea/panacea.hpp"
#include "panacea/panacea_bench.hpp"

namespace bf::cli {

namespace gp = bf::golden::panacea;
namespace gg = bf::golden::gemm;

namespace {

// An optional integer member in [lo, hi] (InputError naming the member's path otherwise).
int64_t read_int(const nlohmann::json& in, const std::string& key, int64_t lo, int64_t hi, int64_t dflt,
                 const std::string& where) {
  return in.contains(key) ? verif::int_value(in[key], lo, hi, where, "/" + key) : dflt;
}

nlohmann::json row_json(const gp::WorkloadRow& r) {
  return {{"slice_mults", r.slice_mults}, {"comp_mults", r.comp_mults}, {"adds", r.adds},
          {"ema_slices", r.ema_slices}, {"ema_index_bits", r.ema_index_bits}, {"ema_bits", r.ema_bits()}};
}

}  // namespace

int cmd_aqs(const std::string& input, const std::string& output) {
  const nlohmann::json in = read_json_file(input);
  gp::Config cfg;
  cfg.k_w = static_cast<int>(read_int(in, "k_w", 0, 2, 1, input));
  cfg.v = static_cast<int>(read_int(in, "v", 1, 12, 4, input));
  cfg.rle_bits = static_cast<int>(read_int(in, "rle_bits", 1, 16, 4, input));
  const verif::panacea::AqsInput a = verif::panacea::read_aqs_input(in, cfg.k_w, input, {"k_w", "v", "rle_bits"});
  cfg.z = a.z;
  cfg.t = a.t;
  const gg::Matrix& w = a.w;
  const gg::Matrix& x = a.x;
  if (w.rows % cfg.v != 0) {
    throw InputError(input, "/w", "must have a multiple of v = " + std::to_string(cfg.v) + " rows, has " +
                                      std::to_string(w.rows) + " (pad with zero rows)");
  }
  if (x.cols % cfg.v != 0) {
    throw InputError(input, "/x/0", "must have a multiple of v = " + std::to_string(cfg.v) + " columns, has " +
                                        std::to_string(x.cols) + " (pad with the zero point)");
  }
  write_file_check(output, "--output");

  const gp::GemmResult r = gp::aqs_gemm(w, x, cfg);
  const gp::Workload wl = gp::workload(w, x, cfg);
  const bool match = r.y == gg::gemm(w, gp::truncate_acts(x, cfg.t), 64);
  const auto& c = r.counters;
  nlohmann::json out = {
      {"y", verif::gemm::matrix_json(r.y)},
      {"golden", match ? "match" : "mismatch"},
      {"counters",
       {{"mults", c.mults}, {"static_products", c.static_products}, {"dynamic_products", c.dynamic_products},
        {"skipped_by_w", c.skipped_by_w}, {"skipped_by_x", c.skipped_by_x}, {"comp_adds", c.comp_adds},
        {"comp_mults", c.comp_mults}}},
      {"workload", {{"dense", row_json(wl.dense)}, {"zero_skip", row_json(wl.zero_skip)}, {"panacea", row_json(wl.panacea)}}},
      {"stats",
       {{"r", gp::frequent_ho(cfg.z, cfg.t)},
        {"mults_vs_dense", static_cast<double>(wl.panacea.slice_mults) / static_cast<double>(wl.dense.slice_mults)},
        {"mults_vs_zero_skip",
         wl.zero_skip.slice_mults ? static_cast<double>(wl.panacea.slice_mults) / static_cast<double>(wl.zero_skip.slice_mults)
                                  : 0.0},
        {"ema_bits_vs_dense", static_cast<double>(wl.panacea.ema_bits()) / static_cast<double>(wl.dense.ema_bits())}}}};
  const std::string text = out.dump(2) + "\n";
  if (output.empty()) {
    std::cout << text;
  } else {
    write_file(output, text);
    std::printf("aqs: %s, %llu of %llu dense 4b x 4b multiplications (%.1f%%) -> %s\n", match ? "golden match" : "MISMATCH",
                static_cast<unsigned long long>(wl.panacea.slice_mults),
                static_cast<unsigned long long>(wl.dense.slice_mults),
                100.0 * static_cast<double>(wl.panacea.slice_mults) / static_cast<double>(wl.dense.slice_mults),
                output.c_str());
  }
  return match ? 0 : 1;
}

}  // namespace bf::cli
