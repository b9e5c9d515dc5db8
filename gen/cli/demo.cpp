// `bitforge docs` and `bitforge demo`.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
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

int cmd_demo(const std::string& out_dir) {
  // Until the SPARK array exists: its N = 8 codec and the 8 x 8 integer baseline array.
  const std::vector<nlohmann::json> configs = {
      {{"block", "spark_encoder"}, {"name", "spark_enc8"}, {"params", {{"bits", 8}}}},
      {{"block", "spark_decoder"}, {"name", "spark_dec8"}, {"params", {{"bits", 8}}}},
      {{"block", "int_array"}, {"name", "int_os_8x8"}, {"params", {{"rows", 8}, {"cols", 8}}}},
  };
  const fs::path liberty = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";
  std::printf("bitforge demo: the SPARK codec (N = 8) and the 8 x 8 integer systolic array\n\n");
  write_files({}, out_dir);  // checks the path (exit 2 when bad) and creates the directory
  int failures = 0;
  for (const auto& j : configs) {
    const Generated g = generate(resolve_config(j, "demo config " + j["name"].get<std::string>()));
    const fs::path dir = fs::path(out_dir) / g.cfg.name;
    const fs::path cfg_file = fs::path(out_dir) / (g.cfg.name + ".json");
    write_files(g.all_files(), dir);
    write_files({{cfg_file.filename().string(), j.dump(2) + "\n"}}, out_dir);
    std::printf("%s  (%s %s)\n", g.cfg.name.c_str(), g.cfg.block->name().c_str(), g.cfg.params_text().c_str());
    std::printf("  gen     %zu files in %s\n", g.all_files().size(), dir.string().c_str());
    std::fflush(stdout);

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
      ++failures;
      std::fputs(r.failure_text(opt).c_str(), stdout);
    }
    util::TempDir tmp("bitforge-demo-area");
    std::vector<fs::path> files;
    for (const auto& f : g.rtl) files.push_back(dir / f.name);
    const flow::AreaReport a = flow::run_area(files, g.design.top, liberty, tmp.path());
    std::printf("  area    %.1f um^2 (osu018): %d cells, %.1f sequential + %.1f combinational, logic depth %d\n\n",
                a.total_area_um2, a.cells, a.sequential_area_um2, a.combinational_area_um2, a.logic_depth);
  }
  if (failures) {
    std::printf("demo FAILED\n");
  } else {
    std::printf("demo passed: configs and RTL in %s/ (try: bitforge verify %s/spark_dec8.json)\n", out_dir.c_str(),
                out_dir.c_str());
  }
  return failures ? 1 : 0;
}

}  // namespace bf::cli
