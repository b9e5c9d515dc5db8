// A block's test bench: random verification against its cycle model, and `sim` on a user's data.
// Each family registers its benches in verif/<family>/; run_verify and run_sim are the one entry point
// used by `bitforge verify`, `bitforge sim` and the GoogleTest suites.
#pragma once

#include <functional>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "base/json_io.hpp"
#include "core/emit.hpp"
#include "harness.hpp"
#include "model.hpp"

namespace bf::verif {

struct Bench {
  std::string block;
  int default_count = 100;  // random jobs when RunOptions::count is 0
  // Drives `sim` (already reset) and fills sim.report(); stops at the first mismatch.
  std::function<void(const Generated& g, Sim& sim, std::mt19937_64& rng, int count)> verify;
  // Throws InputError (naming `where` and the JSON path) when `input` is not valid for this block.
  std::function<void(const Generated& g, const nlohmann::json& input, const std::string& where)> check_input;
  // Runs the user's data; returns the block's result object with "cycles", "golden" and "stats". May be empty.
  std::function<nlohmann::json(const Generated& g, Sim& sim, const nlohmann::json& input)> sim;
};

// A bench over the block's own parameter struct P (the one its declaration binds): the config is typed here,
// once, so the bench reads the same P as the emitter and never the untyped resolved values. `sim` may be null.
template <class P>
struct TypedBench {
  int default_count = 100;
  void (*verify)(const P& p, Sim& sim, std::mt19937_64& rng, int count) = nullptr;
  void (*check_input)(const P& p, const nlohmann::json& input, const std::string& where) = nullptr;
  nlohmann::json (*sim)(const P& p, Sim& sim, const nlohmann::json& input) = nullptr;
};

template <class P>
Bench typed_bench(const TypedBlock<P>& block, const TypedBench<P>& b) {
  Bench out{block.name(), b.default_count, {}, {}, {}};
  out.verify = [&block, f = b.verify](const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
    f(block.typed(g.cfg), s, rng, count);
  };
  out.check_input = [&block, f = b.check_input](const Generated& g, const nlohmann::json& in, const std::string& w) {
    f(block.typed(g.cfg), in, w);
  };
  if (b.sim != nullptr) {
    out.sim = [&block, f = b.sim](const Generated& g, Sim& s, const nlohmann::json& in) {
      return f(block.typed(g.cfg), s, in);
    };
  }
  return out;
}

const Bench* find_bench(const std::string& block);

VerifyReport run_verify(const Generated& g, const Model& model, const RunOptions& opt);
// `report`, when given, receives the run's report: the clock cycles simulated and the operations counted.
nlohmann::json run_sim(const Generated& g, const Model& model, const nlohmann::json& input, const RunOptions& opt,
                       VerifyReport* report = nullptr);

}  // namespace bf::verif
