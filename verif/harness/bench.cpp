#include "bench.hpp"

#include "core/errors.hpp"
#include "core/json_io.hpp"
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

const nlohmann::json& require_member(const nlohmann::json& obj, const std::string& key, const std::string& where,
                                     const std::string& path) {
  if (!obj.is_object()) throw InputError(where, path.empty() ? "/" : path, "must be a JSON object");
  if (!obj.contains(key)) throw InputError(where, path + "/" + key, "missing");
  return obj.at(key);
}

void allow_only(const nlohmann::json& obj, const std::vector<std::string>& keys, const std::string& where,
                const std::string& path) {
  if (!obj.is_object()) throw InputError(where, path.empty() ? "/" : path, "must be a JSON object");
  for (const auto& [k, v] : obj.items()) {
    bool ok = false;
    for (const auto& a : keys) ok = ok || a == k;
    if (!ok) {
      std::string list;
      for (const auto& a : keys) list += (list.empty() ? "" : ", ") + a;
      throw InputError(where, path + "/" + k, "unknown key (allowed: " + list + ")");
    }
  }
}

int64_t int_value(const nlohmann::json& v, int64_t lo, int64_t hi, const std::string& where, const std::string& path) {
  const bool is_int = v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX);
  if (!is_int || v.get<int64_t>() < lo || v.get<int64_t>() > hi) {
    throw InputError(where, path,
                     "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                         describe_json(v));
  }
  return v.get<int64_t>();
}

std::vector<int64_t> int_array(const nlohmann::json& arr, int64_t lo, int64_t hi, const std::string& where,
                               const std::string& path) {
  if (!arr.is_array()) throw InputError(where, path, "must be an array of integers");
  std::vector<int64_t> out;
  out.reserve(arr.size());
  for (size_t i = 0; i < arr.size(); ++i) out.push_back(int_value(arr[i], lo, hi, where, path + "/" + std::to_string(i)));
  return out;
}

}  // namespace bf::verif
