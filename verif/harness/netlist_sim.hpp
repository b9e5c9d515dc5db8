// The post-synthesis run of `ppa`: the mapped netlist simulated at zero delay on a workload (the block's verify
// stimulus or a sim input) through the block's own bench, every net a cell drives probed twice per cycle.
// The bench compares the netlist's outputs with the golden cycle model, which the RTL matches cycle for cycle,
// so a match here is the post-synthesis check.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/emit.hpp"
#include "flow/netlist.hpp"

namespace bf::verif {

struct NetlistRun {
  bool match = false;
  std::string failure;  // the mismatch report when !match
  uint64_t cycles = 0;
  uint64_t ops = 0;     // the bench's operations, else the cycles
  std::string op;       // what one operation is
  std::string activity; // which workload
  std::vector<uint64_t> toggles;  // per Netlist::nets bit
};

// `g` with the netlist in place of its RTL: the probed netlist (flow::probe_netlist of `netlist_verilog`) and the
// library's cell models, and the design's ports plus the probe port.
Generated netlist_design(const Generated& g, const flow::Netlist& n, const std::string& netlist_verilog,
                         const std::string& cell_models);

// Builds the netlist's model into `model_dir` (no trace, -O0) and runs the workload on it: `input` (a sim input,
// already checked) or, when null, the verify stimulus with `seed`. Runs on a thread with a large stack: the
// evaluation function of a flattened netlist at -O0 keeps every temporary on the stack.
NetlistRun simulate_netlist(const Generated& net, const std::filesystem::path& model_dir,
                            const nlohmann::json* input, const std::string& input_name, uint64_t seed = 1);

// Each cell's output transitions per cycle (the mean over its outputs).
std::map<std::string, double> transitions_per_cycle(const flow::Netlist& n, const NetlistRun& run);

}  // namespace bf::verif
