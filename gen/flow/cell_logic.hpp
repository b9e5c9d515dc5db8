// A Liberty cell's Boolean behaviour as truth tables, for the zero-delay netlist simulation of `ppa`.
//
// Every output `function`, and an ff's next_state / clocked_on / clear / preset (a latch's data_in / enable), is
// compiled to a 64-bit truth table over the cell's input pins (variable i is the i-th input pin in file order)
// and, for an output of a sequential cell, its state variable and that variable's complement after them. Row r
// of a table is bit r; variable i is bit i of r. Liberty expression syntax: `!x` and `x'` invert, `^` is XOR,
// `&`, `*` and juxtaposition are AND, `+` and `|` are OR (in that order of precedence), parentheses, 0 and 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flow/liberty.hpp"

namespace bf::flow {

inline constexpr int kMaxCellVariables = 6;  // a 64-row table

struct CellOutput {
  std::string pin;
  uint64_t table = 0;  // over the inputs, then (sequential cells) the state variable and its complement
};

struct CellLogic {
  enum class Kind { Combinational, FlipFlop, Latch };
  std::string cell;
  Kind kind = Kind::Combinational;
  std::vector<std::string> inputs;  // the input pins, in file order
  std::vector<CellOutput> outputs;
  // Sequential cells, over the inputs: the value stored (next_state / data_in), when (clocked_on, edge-triggered
  // on its rise / enable, level), and the asynchronous clear and preset (0 when absent).
  uint64_t data = 0, clock = 0, clear = 0, preset = 0;
  // The state when clear and preset both hold (clear_preset_var1): 'L' 0, 'H' 1, 'N' unchanged, 'T' toggled,
  // 'X' taken as 0.
  char clear_and_preset = 'L';
};

// Evaluates `expr` over `vars` as a truth table (variable i is bit i of a row). Throws FlowError naming `where`
// on a syntax error or an unknown name.
uint64_t expression_table(const std::string& expr, const std::vector<std::string>& vars, const std::string& where);

// The cell's logic. Throws FlowError for what the simulation does not model: three-state outputs, bank groups,
// more than one state group, more than kMaxCellVariables variables, an output without a function.
CellLogic cell_logic(const LibertyCell& cell);

// Row `r` of `table`.
inline bool table_row(uint64_t table, unsigned r) { return ((table >> r) & 1u) != 0; }

}  // namespace bf::flow
