// A block's test bench: random verification against its cycle model, and `sim` on a user's data.
// Each family registers its benches in verif/<family>/; run_verify and run_sim are the one entry point
// used by `bitforge verify`, `bitforge sim` and the GoogleTest suites.
#pragma once

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
  void (*verify)(const Generated& g, Sim& sim, std::mt19937_64& rng, int count) = nullptr;
  // Throws InputError (naming `where` and the JSON path) when `input` is not valid for this block.
  void (*check_input)(const Generated& g, const nlohmann::json& input, const std::string& where) = nullptr;
  // Runs the user's data; returns the block's result object with "cycles", "golden" and "stats".
  nlohmann::json (*sim)(const Generated& g, Sim& sim, const nlohmann::json& input) = nullptr;
};

const Bench* find_bench(const std::string& block);

VerifyReport run_verify(const Generated& g, const Model& model, const RunOptions& opt);
nlohmann::json run_sim(const Generated& g, const Model& model, const nlohmann::json& input, const RunOptions& opt);

}  // namespace bf::verif
