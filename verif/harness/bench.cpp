#include "bench.hpp"

#include "base/errors.hpp"

// Every family's benches (verif/<family>/), declared here from the one list of families.
#define BF_FAMILY(f) \
  namespace bf::verif::f { \
  std::vector<Bench> benches(); \
  }
#include "core/families.def"
#undef BF_FAMILY

namespace bf::verif {

const Bench* find_bench(const std::string& block) {
  static const std::vector<Bench> benches = [] {
    std::vector<Bench> v;
#define BF_FAMILY(f) \
  for (const auto& b : f::benches()) v.push_back(b);
#include "core/families.def"
#undef BF_FAMILY
    return v;
  }();
  for (const auto& b : benches) {
    if (b.block == block) return &b;
  }
  return nullptr;
}

namespace {
const Bench& bench_or_throw(const Generated& g) {
  const Bench* b = find_bench(g.cfg.block->name());
  if (b == nullptr) throw ToolError("no test bench for block " + g.cfg.block->name());
  return *b;
}
}  // namespace

VerifyReport run_verify(const Generated& g, const Model& model, const RunOptions& opt) {
  const Bench& bench = bench_or_throw(g);
  Sim sim(model.create(opt.seed), g.design, opt);
  std::mt19937_64 rng(opt.seed);
  sim.reset();
  bench.verify(g, sim, rng, opt.count > 0 ? opt.count : bench.default_count);
  return sim.report();
}

nlohmann::json run_sim(const Generated& g, const Model& model, const nlohmann::json& input, const RunOptions& opt,
                       VerifyReport* report) {
  const Bench& bench = bench_or_throw(g);
  Sim sim(model.create(opt.seed), g.design, opt);
  sim.reset();
  nlohmann::json out = bench.sim(g, sim, input);
  if (report != nullptr) *report = sim.report();
  return out;
}

}  // namespace bf::verif
