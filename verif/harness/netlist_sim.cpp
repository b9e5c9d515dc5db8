#include "harness/netlist_sim.hpp"

#include <pthread.h>

#include <exception>
#include <optional>
#include <thread>

#include "base/errors.hpp"
#include "harness/activity.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"

namespace bf::verif {

namespace fs = std::filesystem;

namespace {

// Runs f() on a thread with a 2 GiB stack (reserved, touched only as used).
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

NetlistRun run(const Generated& net, const Model& model, const nlohmann::json* input, const std::string& input_name,
               uint64_t seed) {
  const size_t probe = net.design.ports.size() - 1;
  ToggleCounter counter(probe, net.design.ports.back().width);
  RunOptions opt = input ? user_data_run() : RunOptions{};
  opt.seed = seed;
  opt.on_sample = [&](const Sim& s) { counter.sample(s); };
  NetlistRun w;
  if (input) {
    const nlohmann::json out = run_sim(net, model, *input, opt);
    w.match = out.at("golden") == "match";
    if (!w.match && out.contains("mismatch")) w.failure = out["mismatch"].get<std::string>();
    w.cycles = out.at("cycles").get<uint64_t>();
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

Generated netlist_design(const Generated& g, const flow::Netlist& n, const std::string& netlist_verilog,
                         const std::string& cell_models) {
  Generated s = g;
  s.rtl = {{"netlist.v", flow::probe_netlist(netlist_verilog, n)}, {"cells.v", cell_models}};
  s.design.ports.push_back(Port{.name = flow::kProbePort, .dir = Dir::Out, .width = static_cast<int>(n.nets.size()),
                                .is_signed = false, .doc = "every net a cell drives", .lanes = false});
  return s;
}

NetlistRun simulate_netlist(const Generated& net, const fs::path& model_dir, const nlohmann::json* input,
                            const std::string& input_name, uint64_t seed) {
  const int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const Model model = Model::load(build_model(net, model_dir, {.trace = false, .optimize = false, .jobs = jobs}).so);
  return on_big_stack([&] { return run(net, model, input, input_name, seed); });
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
