// bitforge ppa: area, timing (OpenSTA) and power from the switching activity of the mapped netlist simulated on a
// workload, energy per operation, and the post-synthesis check (interfaces.md; docs/ppa.md).
#include <pthread.h>

#include <charconv>
#include <exception>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "base/errors.hpp"
#include "base/json_io.hpp"
#include "commands.hpp"
#include "core/config.hpp"
#include "core/emit.hpp"
#include "flow/netlist.hpp"
#include "flow/ppa.hpp"
#include "harness/activity.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"
#include "util/files.hpp"
#include "util/tempdir.hpp"

namespace bf::cli {

namespace fs = std::filesystem;

namespace {

// ABC's delay target when no clock is given; the clock is then the critical path found on that netlist.
constexpr double kDefaultTargetNs = 10.0;

std::optional<double> parse_clock(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v > 0) || v > 1e6) {
    throw InputError("--clock-ns", "", "must be a period in ns, a number in (0, 1000000], got \"" + text + "\"");
  }
  return v;
}

class Steps {
 public:
  template <class F>
  auto run(const std::string& name, F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    auto result = f();
    seconds_.emplace_back(name, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    std::fprintf(stderr, "ppa: %s %.1f s\n", name.c_str(), seconds_.back().second);
    return result;
  }
  const std::vector<std::pair<std::string, double>>& seconds() const { return seconds_; }

 private:
  std::vector<std::pair<std::string, double>> seconds_;
};

// The workload's outcome on the netlist: whether it matched, cycles, operations, and toggles per probed net.
struct Workload {
  bool match = false;
  uint64_t cycles = 0, ops = 0;
  std::string op, activity;
  std::vector<uint64_t> toggles;
};

// The netlist as a simulable design: the probed netlist and the library's cells, the design's ports plus the probe.
Generated netlist_design(const Generated& g, const flow::Netlist& n, const fs::path& synth_dir, const fs::path& lib) {
  Generated s = g;
  s.rtl = {{"netlist.v", flow::probe_netlist(util::read_text(synth_dir / "net.v"), n)},
           {"cells.v", flow::liberty_cell_models(lib, synth_dir)}};
  s.design.ports.push_back(Port{.name = flow::kProbePort, .dir = Dir::Out, .width = static_cast<int>(n.nets.size()),
                                .is_signed = false, .doc = "every net a cell drives", .lanes = false});
  return s;
}

Workload run_workload(const Generated& net, const fs::path& model_dir, const nlohmann::json* input,
                      const std::string& input_name) {
  const verif::Model model = verif::Model::load(verif::build_model(net, model_dir, {.trace = false, .optimize = false}).so);
  const size_t probe = net.design.ports.size() - 1;
  verif::ToggleCounter counter(probe, net.design.ports.back().width);
  verif::RunOptions opt = input ? verif::user_data_run() : verif::RunOptions{};
  opt.on_sample = [&](const verif::Sim& s) { counter.sample(s); };
  Workload w;
  if (input) {
    const nlohmann::json out = verif::run_sim(net, model, *input, opt);
    w.match = out.at("golden") == "match";
    w.cycles = out.at("cycles").get<uint64_t>();
    w.activity = "measured on the sim input " + input_name;
  } else {
    opt.repro = "bitforge verify CONFIG --seed 1";
    const verif::VerifyReport r = verif::run_verify(net, model, opt);
    w.match = r.ok;
    w.cycles = r.cycles;
    w.ops = r.ops;
    w.op = r.op;
    w.activity = "measured on the verify stimulus (seed 1): " + r.summary;
    if (!r.ok) std::fputs(r.failure_text(opt).c_str(), stderr);
  }
  if (w.ops == 0) {
    w.ops = w.cycles;
    w.op = "clock cycle (this workload counts no other operation)";
  }
  w.toggles = counter.toggles();
  return w;
}

// Runs f() on a thread with a 2 GiB stack (reserved, touched only as used): Verilator's evaluation function of a
// flattened netlist built at -O0 keeps every temporary on the stack, 17 MB for a 4 x 4 int_array.
template <class F>
auto on_big_stack(F&& f) {
  using R = decltype(f());
  struct Job {
    F* f;
    std::optional<R> result;
    std::exception_ptr error;
  } job{&f, std::nullopt, nullptr};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, size_t{2} << 30);
  pthread_t th;
  const auto body = [](void* p) -> void* {
    auto* j = static_cast<Job*>(p);
    try {
      j->result.emplace((*j->f)());
    } catch (...) {
      j->error = std::current_exception();
    }
    return nullptr;
  };
  const int rc = pthread_create(&th, &attr, body, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) throw ToolError("cannot start the netlist simulation thread (pthread_create: " + std::to_string(rc) + ")");
  pthread_join(th, nullptr);
  if (job.error) std::rethrow_exception(job.error);
  return std::move(*job.result);
}

// Each instance's output transitions per cycle (the mean over its outputs).
std::map<std::string, double> transitions(const flow::Netlist& n, const Workload& w) {
  std::map<std::string, double> t;
  if (w.cycles == 0) return t;
  for (const auto& c : n.cells) {
    if (c.outputs.empty()) continue;
    double sum = 0;
    for (const size_t bit : c.outputs) sum += static_cast<double>(w.toggles[bit]);
    t[c.name] = sum / static_cast<double>(c.outputs.size()) / static_cast<double>(w.cycles);
  }
  return t;
}

}  // namespace

int cmd_ppa(const std::string& config, const std::string& input, const std::string& clock_ns,
            const std::string& liberty, const std::string& json_out) {
  const Generated g = generate(load_config(config));
  const fs::path lib = check_liberty(liberty);
  const std::optional<double> clock = parse_clock(clock_ns);
  const verif::Bench* bench = verif::find_bench(g.cfg.block->name());
  if (bench == nullptr) throw ToolError("no simulation support for block " + g.cfg.block->name());
  nlohmann::json in;
  if (!input.empty()) {
    in = read_json_file(input);
    bench->check_input(g, in, input);
  }
  write_file_check(json_out, "--json");
  util::TempDir tmp("bitforge-ppa");
  const fs::path synth = tmp.path() / "synth", sta = tmp.path() / "sta";
  Steps steps;
  flow::PpaReport r;
  const flow::MapOptions map{clock.value_or(kDefaultTargetNs), true};
  r.area = steps.run("synthesis", [&] { return flow::run_area(write_rtl(g, tmp.path() / "rtl"), g.design.top, lib,
                                                               synth, map); });
  const flow::StaDesign d{lib, synth / "net.v", g.design.top, g.design.port("clk_i") != nullptr,
                          g.design.port("rst_ni") != nullptr};
  r.timing = steps.run("sta_timing", [&] { return flow::run_sta_timing(d, map.clock_ns, sta); });
  if (!clock) {  // power at Fmax
    r.timing.clock_ns = r.timing.critical_path_ns;
    r.timing.slack_ns = 0;
  }
  const flow::Netlist n = flow::read_netlist(synth / "net.json", g.design.top);
  const Workload w = steps.run("netlist_simulation", [&] {
    const Generated net = netlist_design(g, n, synth, lib);
    return on_big_stack([&] { return run_workload(net, tmp.path() / "model", input.empty() ? nullptr : &in, input); });
  });
  const auto tables = steps.run("sta_power", [&] { return flow::run_sta_power(d, r.timing.clock_ns, sta); });
  r.power = flow::combine_power(tables, transitions(n, w), r.timing.clock_ns, w.cycles, w.activity);
  r.energy = flow::energy(r.power, r.area.total_area_um2, w.ops, w.op);
  r.postsynth_match = w.match;
  r.step_seconds = steps.seconds();
  std::cout << r.to_table();
  if (!json_out.empty()) write_file(json_out, r.to_json().dump(2) + "\n");
  return w.match ? 0 : 1;
}

}  // namespace bf::cli
