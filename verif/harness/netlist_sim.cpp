#include "harness/netlist_sim.hpp"

#include <cmath>
#include <cstdio>

#include "harness/activity.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"
#include "harness/netlist_eval.hpp"

namespace bf::verif {

namespace {

NetlistRun run(const Generated& net, const Model& model, const nlohmann::json* input, const std::string& input_name,
               uint64_t seed) {
  const size_t probe = net.design.ports.size() - 1;
  ToggleCounter counter(probe, net.design.ports.back().width);
  RunOptions opt = input ? user_data_run() : RunOptions{};
  opt.seed = seed;
  opt.on_sample = [&](const Sim& s) { counter.sample(s); };
  NetlistRun w;
  if (input) {
    VerifyReport r;
    const nlohmann::json out = run_sim(net, model, *input, opt, &r);
    w.match = out.at("golden") == "match";
    if (!w.match && out.contains("mismatch")) w.failure = out["mismatch"].get<std::string>();
    w.cycles = r.cycles;  // every cycle simulated (the toggles count them all), not the result's "cycles"
    w.ops = r.ops;
    w.op = r.op;
    w.activity = "measured on the sim input " + input_name;
  } else {
    opt.repro = "bitforge verify CONFIG --seed " + std::to_string(seed) + " (RTL), bitforge ppa CONFIG (netlist)";
    const VerifyReport r = run_verify(net, model, opt);
    w.match = r.ok;
    if (!r.ok) w.failure = r.failure_text(opt);
    w.cycles = r.cycles;
    w.ops = r.ops;
    w.op = r.op;
    w.activity = "measured on the verify stimulus (seed " + std::to_string(seed) + "): " + r.summary;
  }
  if (w.ops == 0) {
    w.ops = w.cycles;
    w.op = "clock cycle (this workload counts no other operation)";
  }
  w.toggles = counter.toggles();
  return w;
}

}  // namespace

NetlistRun simulate_netlist(const Generated& g, const flow::Netlist& n, const flow::LibertyLibrary& lib,
                            const nlohmann::json* input, const std::string& input_name, uint64_t seed) {
  Generated net = g;
  net.design.ports.push_back(Port{.name = flow::kProbePort, .dir = Dir::Out, .width = static_cast<int>(n.nets.size()),
                                  .is_signed = false, .doc = "every net a cell drives", .lanes = false});
  const Model model = Model::of([&](uint64_t s) { return netlist_dut(n, lib, g.design, s); });
  return run(net, model, input, input_name, seed);
}

NetlistRun simulate_or_estimate(const Generated& g, const flow::Netlist& n, const flow::LibertyLibrary& lib,
                                const nlohmann::json* input, const std::string& input_name, double rate) {
  try {
    return simulate_netlist(g, n, lib, input, input_name);
  } catch (const NetlistModelError& e) {
    std::fprintf(stderr, "ppa: the netlist cannot be simulated (%s); power is a vectorless estimate\n", e.what());
    return vectorless_run(n, rate, std::string("the netlist cannot be simulated: ") + e.what());
  }
}

NetlistRun vectorless_run(const flow::Netlist& n, double rate, const std::string& why) {
  constexpr uint64_t kCycles = 1000;
  NetlistRun w;
  w.simulated = false;
  w.cycles = kCycles;
  w.ops = kCycles;
  w.op = "clock cycle (no workload ran)";
  w.activity = "vectorless (" + why + "): every net " + std::to_string(rate).substr(0, 4) + " transitions per cycle";
  w.toggles.assign(n.nets.size(), static_cast<uint64_t>(std::llround(rate * kCycles)));
  return w;
}

std::map<std::string, double> transitions_per_cycle(const flow::Netlist& n, const NetlistRun& r) {
  std::map<std::string, double> t;
  if (r.cycles == 0) return t;
  for (const auto& c : n.cells) {
    if (c.outputs.empty()) continue;
    double sum = 0;
    for (const size_t bit : c.outputs) sum += static_cast<double>(r.toggles.at(bit));
    t[c.name] = sum / static_cast<double>(c.outputs.size()) / static_cast<double>(r.cycles);
  }
  return t;
}

}  // namespace bf::verif
