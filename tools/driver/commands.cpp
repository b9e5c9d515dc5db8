#include "commands.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>

#include <fmt/core.h>

#include "core/config.hpp"
#include "core/emit.hpp"
#include "base/errors.hpp"
#include "flow/area.hpp"
#include "flow/flow_error.hpp"
#include "flow/liberty.hpp"
#include "flow/lint.hpp"
#include "flow/registers.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"
#include "util/process.hpp"
#include "util/tempdir.hpp"

namespace fs = std::filesystem;

namespace bf::cli {

namespace {

constexpr const char* kDefaultLiberty = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

verif::Model load_model(const Generated& g, bool quiet) {
  const verif::ModelBuild b = verif::cached_model(g);
  if (!quiet) {
    if (b.cached) {
      std::printf("model: %s (cached)\n", b.so.parent_path().string().c_str());
    } else {
      std::printf("model: built %s in %.1f s\n", b.so.parent_path().string().c_str(), b.seconds);
    }
  }
  return verif::Model::load(b.so);
}

struct VerifyOutcome {
  verif::VerifyReport report;
  uint64_t seed;
  double seconds;
};

VerifyOutcome verify_generated(const Generated& g, const verif::Model& model, verif::RunOptions opt) {
  const auto t0 = std::chrono::steady_clock::now();
  VerifyOutcome out{verif::run_verify(g, model, opt), opt.seed, 0};
  out.seconds = seconds_since(t0);
  return out;
}

}  // namespace

// Writes the generated RTL into a scratch directory and returns the source paths in compile order.
std::vector<fs::path> write_rtl(const Generated& g, const fs::path& dir) {
  write_files(g.all_files(), dir);
  std::vector<fs::path> files;
  for (const auto& f : g.rtl) files.push_back(dir / f.name);
  return files;
}

// The liberty to size with: --liberty (user input: unreadable or malformed is exit 2) or osu018.
fs::path check_liberty(const std::string& liberty) {
  const fs::path lib = liberty.empty() ? fs::path(kDefaultLiberty) : fs::path(liberty);
  if (!fs::is_regular_file(lib)) {
    throw InputError(lib.string(), "",
                     liberty.empty() ? "the default liberty is missing (Debian package qflow-tech-osu018)"
                                     : "no such liberty file (--liberty)");
  }
  try {
    flow::read_liberty(lib);
  } catch (const flow::FlowError& e) {
    throw InputError(lib.string(), "", std::string("not a usable liberty file: ") + e.what());
  }
  return lib;
}


const verif::Bench& sim_bench(const Generated& g) {
  const verif::Bench* bench = verif::find_bench(g.cfg.block->name());
  if (bench == nullptr) throw ToolError("no simulation support for block " + g.cfg.block->name());
  return *bench;
}

nlohmann::json read_sim_input(const Generated& g, const std::string& input) {
  const verif::Bench& bench = sim_bench(g);
  nlohmann::json in = read_json_file(input);
  bench.check_input(g, in, input);
  return in;
}

uint64_t parse_seed(const std::string& text) {
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw InputError("--seed", "", "must be an integer in [0, 18446744073709551615], got \"" + text + "\"");
  }
  return v;
}

void write_file_check(const std::string& path, const std::string& option) {
  if (path.empty()) return;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent)) {
    throw InputError(path, "", "the directory of " + option + " does not exist");
  }
  if (fs::is_directory(path)) throw InputError(path, "", option + " names a directory, not a file");
}

int cmd_list(bool json) {
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Block* b : all_blocks()) {
      nlohmann::json params = nlohmann::json::array();
      for (const auto& p : b->params()) {
        nlohmann::json j = {{"name", p.name}, {"type", p.type_name()}, {"doc", p.doc}};
        if (p.kind == ParamKind::Bool) {
          j["default"] = p.def != 0;
        } else {
          j["default"] = p.def;
          j["min"] = p.min;
          j["max"] = p.max;
          if (p.multiple_of > 1) j["multiple_of"] = p.multiple_of;
        }
        j["range"] = p.range_text();
        params.push_back(j);
      }
      out.push_back({{"block", b->name()}, {"family", b->family()}, {"doc", b->doc()}, {"params", params}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const Block* b : all_blocks()) {
    std::cout << b->name() << "  (" << b->family() << ")  " << b->doc() << "\n";
    for (const auto& p : b->params()) {
      std::cout << fmt::format("    {:<10} {:<5} default {:<6} {:<16} {}\n", p.name, p.type_name(),
                               p.value_text(p.def), p.range_text(), p.doc);
    }
  }
  return 0;
}

int cmd_gen(const std::string& config, const std::string& out_dir) {
  const Generated g = generate(load_config(config));
  write_files(g.all_files(), out_dir);
  std::printf("%s: wrote %zu files to %s (config_hash %s)\n", g.cfg.name.c_str(), g.all_files().size(),
              out_dir.c_str(), g.cfg.hash().c_str());
  return 0;
}

int cmd_verify(const std::string& config, const std::string& seed_text, int count, const std::string& trace) {
  const Generated g = generate(load_config(config));
  write_file_check(trace, "--trace");
  const uint64_t s = seed_text.empty() ? std::random_device{}() % 1000000000u : parse_seed(seed_text);
  std::printf("verify %s (%s %s), seed %llu\n", g.cfg.name.c_str(), g.cfg.block->name().c_str(),
              g.cfg.params_text().c_str(), static_cast<unsigned long long>(s));
  std::fflush(stdout);
  const verif::Model model = load_model(g, false);
  verif::RunOptions opt;
  opt.seed = s;
  opt.count = count;
  opt.trace_path = trace;
  std::vector<std::string> repro = {"bitforge", "verify", config, "--seed", std::to_string(s)};
  if (count > 0) {
    repro.push_back("--count");
    repro.push_back(std::to_string(count));
  }
  repro.push_back("--trace");
  repro.push_back(trace.empty() ? "fail.vcd" : trace);
  opt.repro = util::shell_join(repro);
  const VerifyOutcome r = verify_generated(g, model, opt);
  if (!r.report.ok) {
    std::fputs(r.report.failure_text(opt).c_str(), stdout);
    std::printf("FAIL %s\n", g.cfg.name.c_str());
    return 1;
  }
  std::printf("PASS %s: %s\n", g.cfg.name.c_str(), r.report.summary.c_str());
  std::printf("     %llu cycles, %llu port checks, %.2f s\n", static_cast<unsigned long long>(r.report.cycles),
              static_cast<unsigned long long>(r.report.checks), r.seconds);
  if (!trace.empty()) std::printf("     waveform: %s\n", trace.c_str());
  return 0;
}

int cmd_sim(const std::string& config, const std::string& input, const std::string& output,
            const std::string& trace) {
  const Generated g = generate(load_config(config));
  const nlohmann::json in = read_sim_input(g, input);
  write_file_check(output, "--output");
  write_file_check(trace, "--trace");
  const verif::Model model = load_model(g, true);
  verif::RunOptions opt;
  opt.trace_path = trace;
  nlohmann::json out = verif::run_sim(g, model, in, opt);
  const std::string text = out.dump(2) + "\n";
  if (output.empty()) {
    std::cout << text;
  } else {
    write_file(output, text);
    std::printf("%s: golden %s, %llu cycles -> %s\n", g.cfg.name.c_str(), out["golden"].get<std::string>().c_str(),
                static_cast<unsigned long long>(out["cycles"].get<uint64_t>()), output.c_str());
  }
  return out["golden"] == "match" ? 0 : 1;
}

int cmd_area(const std::string& config, const std::string& liberty, const std::string& json_out,
             const flow::MapOptions& map) {
  const Generated g = generate(load_config(config));
  const fs::path lib = check_liberty(liberty);
  write_file_check(json_out, "--json");
  util::TempDir tmp("bitforge-area");
  const auto files = write_rtl(g, tmp.path() / "rtl");
  const flow::AreaReport r = flow::run_area(files, g.design.top, lib, tmp.path(), map);
  std::cout << r.to_table();
  if (!json_out.empty()) write_file(json_out, r.to_json().dump(2) + "\n");
  return 0;
}

int cmd_lint(const std::string& config, bool full_synth, bool registers) {
  const Generated g = generate(load_config(config));
  util::TempDir tmp("bitforge-lint");
  const auto files = write_rtl(g, tmp.path() / "rtl");
  int failed = 0;
  for (const auto& r : flow::run_lint(files, g.design.top, tmp.path(), full_synth)) {
    std::printf("%-9s %s  %s\n", r.tool.c_str(), r.ok ? "ok  " : "FAIL", r.command.c_str());
    if (!r.ok) {
      ++failed;
      std::fputs(r.log.c_str(), stdout);
    }
  }
  if (registers && failed == 0) {
    std::printf("registers (Yosys after proc), per module:\n%s",
                flow::registers_table(flow::list_registers(files, g.design.top, tmp.path() / "registers")).c_str());
  }
  std::printf("%s %s\n", failed ? "FAIL" : "PASS", g.cfg.name.c_str());
  return failed ? 1 : 0;
}

int cmd_model(const std::string& config, const std::string& out_dir, bool trace) {
  const Generated g = generate(load_config(config));
  const verif::ModelBuild b = verif::build_model(g, out_dir, verif::ModelOptions{.trace = trace});
  std::printf("%s: model %s (%s)\n", g.cfg.name.c_str(), b.so.string().c_str(),
              b.cached ? "up to date" : fmt::format("built in {:.1f} s", b.seconds).c_str());
  return 0;
}

}  // namespace bf::cli
