// A mapped netlist as a Dut, evaluated directly from its Liberty cells: no Verilog, no compiler.
//
// Zero delay, two values. Each cell output is a 64-row truth table (flow::cell_logic); the combinational outputs
// are evaluated in topological order. eval() settles the logic, then updates every flip-flop whose clock rose
// since the last eval (and every latch whose enable is high, and every asynchronous clear or preset), all at
// once from the settled values, and settles again until nothing changes. Flip-flops start from random values
// drawn from the seed (as Verilator's --x-initial unique does for the RTL), so a missing reset still shows.
// The ports are the design's, plus one output bit per Netlist::nets entry (flow::kProbePort) for the activity.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "core/emit.hpp"
#include "dut.hpp"
#include "flow/liberty.hpp"
#include "flow/netlist.hpp"

namespace bf::verif {

// What the evaluator cannot simulate: a cell the library lacks or whose behaviour it does not model (three-state
// outputs, bank groups), a combinational loop, a bit with two drivers.
class NetlistModelError : public ToolError {
 public:
  using ToolError::ToolError;
};

// Throws NetlistModelError (above), or ToolError when the netlist lacks one of `design`'s ports (or has it at
// another width or direction).
std::unique_ptr<Dut> netlist_dut(const flow::Netlist& n, const flow::LibertyLibrary& lib, const Design& design,
                                 uint64_t seed);

}  // namespace bf::verif
