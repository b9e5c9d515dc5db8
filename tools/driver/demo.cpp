// `bitforge docs` and `bitforge demo`.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "core/config.hpp"
#include "core/docs.hpp"
#include "core/emit.hpp"
#include "flow/area.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"
#include "util/tempdir.hpp"

namespace fs = std::filesystem;

namespace bf::cli {

int cmd_docs(const std::string& output) {
  const std::string md = blocks_markdown();
  if (output.empty()) {
    std::cout << md;
    return 0;
  }
  write_file(output, md);
  return 0;
}

namespace {

// The demo's workload: an 8 x 128 . 128 x 32 GEMM with DNN-like values (|Gaussian| activations, Gaussian
// weights, sigma 6, INT8 ranges), from a fixed seed. Box-Muller by hand so every standard library agrees.
nlohmann::json demo_gemm() {
  std::mt19937_64 rng(2026);
  auto normal = [&] {
    const double u1 = (static_cast<double>(rng() >> 11) + 1.0) / 9007199254740993.0;
    const double u2 = static_cast<double>(rng() >> 11) / 9007199254740992.0;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
  };
  const int m = 8, k = 128, n = 32;
  nlohmann::json a = nlohmann::json::array(), b = nlohmann::json::array();
  for (int i = 0; i < m; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (int j = 0; j < k; ++j) row.push_back(std::min<int64_t>(255, std::llround(std::fabs(6.0 * normal()))));
    a.push_back(row);
  }
  for (int i = 0; i < k; ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (int j = 0; j < n; ++j) row.push_back(std::clamp<int64_t>(std::llround(6.0 * normal()), -127, 127));
    b.push_back(row);
  }
  return {{"a", a}, {"b", b}};
}

struct DemoResult {
  bool ok = true;
  nlohmann::json sim;  // the sim output on the demo GEMM
  flow::AreaReport area;
};

DemoResult demo_design(const nlohmann::json& j, const std::string& out_dir, const nlohmann::json& gemm) {
  const fs::path liberty = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
  const Generated g = generate(resolve_config(j, "demo config " + j["name"].get<std::string>()));
  const fs::path dir = fs::path(out_dir) / g.cfg.name;
  const fs::path cfg_file = fs::path(out_dir) / (g.cfg.name + ".json");
  write_files(g.all_files(), dir);
  write_files({{cfg_file.filename().string(), j.dump(2) + "\n"}}, out_dir);
  std::printf("%s  (%s %s)\n", g.cfg.name.c_str(), g.cfg.block->name().c_str(), g.cfg.params_text().c_str());
  std::printf("  gen     %zu files in %s\n", g.all_files().size(), dir.string().c_str());
  std::fflush(stdout);

  DemoResult res;
  const verif::ModelBuild b = verif::cached_model(g);
  const verif::Model model = verif::Model::load(b.so);
  verif::RunOptions opt;
  opt.seed = 1;
  opt.repro = "bitforge verify " + cfg_file.string() + " --seed 1 --trace fail.vcd";
  const auto t0 = std::chrono::steady_clock::now();
  const verif::VerifyReport r = verif::run_verify(g, model, opt);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("  verify  %s (seed 1, %llu cycles, %llu checks, %.2f s; model %s)\n", r.ok ? "PASS" : "FAIL",
              static_cast<unsigned long long>(r.cycles), static_cast<unsigned long long>(r.checks), secs,
              b.cached ? "cached" : "built");
  std::printf("          %s\n", r.summary.c_str());
  if (!r.ok) {
    res.ok = false;
    std::fputs(r.failure_text(opt).c_str(), stdout);
  }
  res.sim = verif::run_sim(g, model, gemm, opt);
  std::printf("  sim     8 x 128 . 128 x 32 GEMM: %s, %llu cycles\n", res.sim.value("golden", "?").c_str(),
              static_cast<unsigned long long>(res.sim.value("cycles", uint64_t{0})));
  if (res.sim.value("golden", "") != "match") res.ok = false;

  util::TempDir tmp("bitforge-demo-area");
  std::vector<fs::path> files;
  for (const auto& f : g.rtl) files.push_back(dir / f.name);
  res.area = flow::run_area(files, g.design.top, liberty, tmp.path());
  std::printf("  area    %.0f um^2 (osu018): %d cells, %.0f sequential + %.0f combinational, logic depth %d\n\n",
              res.area.total_area_um2, res.area.cells, res.area.sequential_area_um2,
              res.area.combinational_area_um2, res.area.logic_depth);
  return res;
}

// Area (with submodules) of the first module whose name contains `part`.
double module_area(const flow::AreaReport& a, const std::string& part) {
  for (const auto& m : a.modules) {
    if (m.name.find(part) != std::string::npos) return m.total_area_um2;
  }
  return 0;
}

}  // namespace

int cmd_demo(const std::string& out_dir) {
  // The flagship: the SPARK variable-speed array, against the integer array with 8-bit PEs and with 4-bit PEs
  // (every MAC at 8 bits in four cycles), on the same GEMM.
  const nlohmann::json base = {{"rows", 8}, {"cols", 8}, {"a_bits", 8}, {"a_signed", false}, {"b_bits", 8}};
  nlohmann::json pe4 = base;
  pe4["pe_bits"] = 4;
  const std::vector<nlohmann::json> configs = {
      {{"block", "spark_array"}, {"name", "spark_os_8x8"}, {"params", {{"rows", 8}, {"cols", 8}}}},
      {{"block", "int_array"}, {"name", "int_os_8x8"}, {"params", base}},
      {{"block", "int_array"}, {"name", "int_os_8x8_pe4"}, {"params", pe4}},
  };
  std::printf("bitforge demo: the SPARK 8 x 8 variable-speed array against the integer array with 8-bit and with "
              "4-bit PEs\n\n");
  write_files({}, out_dir);  // checks the path (exit 2 when bad) and creates the directory
  const nlohmann::json gemm = demo_gemm();
  std::vector<DemoResult> res;
  for (const auto& j : configs) res.push_back(demo_design(j, out_dir, gemm));
  const bool ok = std::all_of(res.begin(), res.end(), [](const DemoResult& r) { return r.ok; });

  const auto& sp = res[0];
  const nlohmann::json& st = sp.sim["stats"];
  const double macs = 8.0 * 128 * 32;
  auto cycles = [](const DemoResult& r) { return static_cast<double>(r.sim.value("cycles", uint64_t{1})); };
  auto per_area = [&](const DemoResult& r) { return macs / cycles(r) / r.area.total_area_um2; };
  const double dec = 8 * module_area(sp.area, "_dec_a") + 8 * module_area(sp.area, "_dec_b");  // R + C of them
  std::printf("summary on the demo GEMM (A long codes %.0f%%, B long codes %.0f%%):\n",
              100 * st.value("a_long_fraction", 0.0), 100 * st.value("b_long_fraction", 0.0));
  std::printf("  spark_os_8x8     %6.0f cycles (work bound %llu, lock-step scheme %llu), %.2f mm^2, "
              "border decoders %.2f%% of it\n",
              cycles(sp), static_cast<unsigned long long>(st.value("work_bound", uint64_t{0})),
              static_cast<unsigned long long>(st.value("lockstep_cycles", uint64_t{0})), sp.area.total_area_um2 / 1e6,
              100 * dec / sp.area.total_area_um2);
  for (size_t i = 1; i < res.size(); ++i) {
    std::printf("  %-16s %6.0f cycles, %.2f mm^2: SPARK is %.2fx its speed, %.2fx its MACs per cycle per um^2\n",
                configs[i]["name"].get<std::string>().c_str(), cycles(res[i]), res[i].area.total_area_um2 / 1e6,
                cycles(res[i]) / cycles(sp), per_area(sp) / per_area(res[i]));
  }
  if (!ok) {
    std::printf("\ndemo FAILED\n");
    return 1;
  }
  std::printf("\ndemo passed: configs and RTL in %s/ (try: bitforge verify %s/spark_os_8x8.json)\n", out_dir.c_str(),
              out_dir.c_str());
  return 0;
}

}  // namespace bf::cli
