// The post-synthesis run of `ppa`: the mapped netlist simulated at zero delay (netlist_eval.hpp) on a workload
// (the block's verify stimulus or a sim input) through the block's own bench, every net a cell drives sampled
// twice per cycle.
// The bench compares the netlist's outputs with the golden cycle model, which the RTL matches cycle for cycle,
// so a match here is the post-synthesis check.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/emit.hpp"
#include "flow/liberty.hpp"
#include "flow/netlist.hpp"

namespace bf::verif {

struct NetlistRun {
  bool simulated = true;  // false: a vectorless estimate (no workload ran, no post-synthesis check)
  bool match = false;
  std::string failure;  // the mismatch report when !match
  uint64_t cycles = 0;
  uint64_t ops = 0;     // the bench's operations, else the cycles
  std::string op;       // what one operation is
  std::string activity; // which workload
  std::vector<uint64_t> toggles;  // per Netlist::nets bit
};

// Runs the workload on the netlist `n` of `g`'s top, its cells from `lib`: `input` (a sim input, already checked)
// or, when null, the verify stimulus with `seed`. Throws NetlistModelError when the netlist cannot be simulated
// (netlist_eval.hpp), ToolError on other failures.
NetlistRun simulate_netlist(const Generated& g, const flow::Netlist& n, const flow::LibertyLibrary& lib,
                            const nlohmann::json* input, const std::string& input_name, uint64_t seed = 1);

// The fallback when the netlist cannot be simulated: every net `rate` transitions per cycle (the same rate for
// all, as OpenSTA's vectorless default of 0.1 for its inputs), over a nominal 1000 cycles; `why` says why.
NetlistRun vectorless_run(const flow::Netlist& n, double rate, const std::string& why);

// simulate_netlist, or, when the evaluator cannot model the netlist (NetlistModelError), vectorless_run at `rate`
// with the reason in its activity (and a note on stderr).
NetlistRun simulate_or_estimate(const Generated& g, const flow::Netlist& n, const flow::LibertyLibrary& lib,
                                const nlohmann::json* input, const std::string& input_name, double rate);

// Each cell's output transitions per cycle (the mean over its outputs).
std::map<std::string, double> transitions_per_cycle(const flow::Netlist& n, const NetlistRun& run);

}  // namespace bf::verif
