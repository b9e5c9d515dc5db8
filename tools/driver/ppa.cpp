// bitforge ppa: area, timing (OpenSTA) and power from the switching activity of the mapped netlist simulated on a
// workload, energy per operation, and the post-synthesis check (interfaces.md; docs/ppa.md).
#include <charconv>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "base/errors.hpp"
#include "ppa.hpp"
#include "core/config.hpp"
#include "core/emit.hpp"
#include "flow/netlist.hpp"
#include "flow/ppa.hpp"
#include "harness/netlist_sim.hpp"
#include "harness/bench.hpp"
#include "util/files.hpp"
#include "util/tempdir.hpp"

namespace bf::cli {

namespace fs = std::filesystem;

namespace {

// ABC's delay target when no clock is given; the clock is then the critical path found on that netlist.
constexpr double kDefaultTargetNs = 10.0;
// Transitions per cycle of every net in a vectorless estimate (OpenSTA's default input activity).
constexpr double kVectorlessRate = 0.1;

std::optional<double> parse_clock(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v > 0) || v > 1e6) {
    throw InputError("--clock-ns", "", "must be a period in ns, a number in (0, 1000000], got \"" + text + "\"");
  }
  return v;
}

// --keep-dir: a directory that does not exist yet or is empty (nothing of an earlier run is mixed in); missing
// parents are created (as gen -o does), but the nearest existing one must be a directory.
void check_keep_dir(const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec))) {
    throw InputError("--keep-dir", "", "must name a directory that does not exist or is empty: " + dir);
  }
  checked_output_dir(fs::absolute(dir));
}

}  // namespace

namespace {

flow::StaDesign sta_design(const Generated& g, const fs::path& lib, const fs::path& synth) {
  return {lib, synth / "net.v", g.design.top, g.design.port("clk_i") != nullptr, g.design.port("rst_ni") != nullptr};
}

}  // namespace

flow::PpaReport ppa_netlist(const Generated& g, const fs::path& lib, const flow::LibertyLibrary& library,
                            const PpaArgs& a, const fs::path& work, PpaSteps& steps) {
  const std::optional<double> clock = parse_clock(a.clock_ns);
  flow::PpaReport r;
  const flow::MapOptions map{.clock_ns = clock.value_or(kDefaultTargetNs), .write_netlist = true,
                             .timing_driven = !a.plain_map, .flatten = !a.keep_hierarchy,
                             .adder_cells = a.adder_cells};
  r.mapping = map.to_string();
  const fs::path synth = work / "synth";
  r.area = steps.run("synthesis", [&] { return flow::run_area(write_rtl(g, work / "rtl"), g.design.top, library,
                                                               lib, synth, map); });
  r.timing = steps.run("sta_timing", [&] { return flow::run_sta_timing(sta_design(g, lib, synth), map.clock_ns,
                                                                       work / "sta"); });
  if (!clock) {  // power at Fmax
    r.timing.clock_ns = r.timing.critical_path_ns;
    r.timing.slack_ns = 0;
  }
  return r;
}

void ppa_workload(const Generated& g, const fs::path& lib, const flow::LibertyLibrary& library, const PpaArgs& a,
                  const nlohmann::json* in, const fs::path& synth, const fs::path& sta, flow::PpaReport& r,
                  PpaSteps& steps) {
  const flow::Netlist n = flow::read_netlist(synth / "net.json", g.design.top);
  const verif::NetlistRun w = steps.run("netlist_simulation", [&] {
    if (a.vectorless) return verif::vectorless_run(n, kVectorlessRate, "--vectorless");
    return verif::simulate_or_estimate(g, n, library, in, a.input, kVectorlessRate);
  });
  const auto tables = steps.run("sta_power", [&] {
    return flow::run_sta_power(sta_design(g, lib, synth), r.timing.clock_ns, sta);
  });
  r.power = flow::combine_power(tables, verif::transitions_per_cycle(n, w), r.timing.clock_ns, w.cycles, w.activity);
  r.energy = flow::energy(r.power, r.area.total_area_um2, w.ops, w.op);
  r.postsynth = !w.simulated ? "not_run" : w.match ? "match" : "mismatch";
  if (r.postsynth == "mismatch") std::fputs(w.failure.c_str(), stderr);
}

namespace {

// The whole flow (the checks of cmd_ppa already made); nothing written outside a temporary or a.keep_dir.
flow::PpaReport run_ppa(const Generated& g, const fs::path& lib, const PpaArgs& a, const nlohmann::json* in) {
  util::TempDir tmp("bitforge-ppa");
  // Absolute: Yosys and OpenSTA run inside its subdirectories (a relative --keep-dir once lost OpenSTA the netlist).
  const fs::path work = fs::absolute(a.keep_dir.empty() ? tmp.path() : fs::path(a.keep_dir));
  fs::create_directories(work);
  PpaSteps steps;
  const flow::LibertyLibrary library = flow::read_liberty(lib);
  flow::PpaReport r = ppa_netlist(g, lib, library, a, work, steps);
  ppa_workload(g, lib, library, a, in, work / "synth", work / "sta", r, steps);
  r.step_seconds = steps.seconds();
  return r;
}

}  // namespace

int cmd_ppa(const PpaArgs& a) {
  const Generated g = generate(load_config(a.config));
  const fs::path lib = check_liberty(a.liberty);
  parse_clock(a.clock_ns);
  if (a.vectorless && !a.input.empty()) {
    throw InputError("--vectorless", "", "cannot be combined with --input: a vectorless estimate runs no workload");
  }
  sim_bench(g);  // the netlist is simulated on the block's bench
  const nlohmann::json in = a.input.empty() ? nlohmann::json() : read_sim_input(g, a.input);
  write_file_check(a.json_out, "--json");
  check_keep_dir(a.keep_dir);
  const flow::PpaReport r = run_ppa(g, lib, a, a.input.empty() ? nullptr : &in);
  std::cout << r.to_table();
  if (!a.json_out.empty()) write_file(a.json_out, r.to_json().dump(2) + "\n");
  return r.postsynth == "mismatch" ? 1 : 0;
}

}  // namespace bf::cli
