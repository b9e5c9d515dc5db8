#include "bench.hpp"

#include "base/errors.hpp"
#include "ant/ant_bench.hpp"
#include "ebsp/ebsp_bench.hpp"
#include "panacea/panacea_bench.hpp"
#include "gemm/gemm_bench.hpp"
#include "spark/spark_bench.hpp"

namespace bf::verif {

const Bench* find_bench(const std::string& block) {
  static const std::vector<Bench> benches = [] {
    std::vector<Bench> v;
    for (const auto& b : spark::benches()) v.push_back(b);
    for (const auto& b : gemm::benches()) v.push_back(b);
    for (const auto& b : ant::benches()) v.push_back(b);
    for (const auto& b : ebsp::benches()) v.push_back(b);
    for (const auto& b : panacea::benches()) v.push_back(b);
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

nlohmann::json run_sim(const Generated& g, const Model& model, const nlohmann::json& input, const RunOptions& opt) {
  const Bench& bench = bench_or_throw(g);
  Sim sim(model.create(opt.seed), g.design, opt);
  sim.reset();
  return bench.sim(g, sim, input);
}

}  // namespace bf::verif
