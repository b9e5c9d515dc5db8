// A minimal Liberty (.lib) reader: the cells of a library with their area and whether they hold state.
//
// Only what the flows need is kept: for every `cell (NAME) { ... }` group its `area` attribute, whether it
// contains an `ff (...)`, `latch (...)`, `ff_bank (...)` or `latch_bank (...)` group (a sequential cell), and
// its pins with their direction, function, three_state and capacitance, its state groups' attributes; and the library's nominal voltage. The reader understands the Liberty group / attribute syntax generically, so it is
// robust to comments (/* */ and //), quoted names, line continuations and free whitespace.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bf::flow {

struct LibertyPin {
  std::string name;
  std::string direction;  // "input", "output", "inout" or "internal" (empty when absent)
  std::string function;   // the output function as written, without quotes (empty when absent)
  double capacitance = 0; // the pin's `capacitance` (in the library's capacitive_load_unit)
  std::string three_state;  // the output's `three_state` enable condition (empty for a plain output)
};

// A cell's `ff`, `latch`, `ff_bank` or `latch_bank` group: its state variables and its simple attributes
// (next_state, clocked_on, data_in, enable, clear, preset, clear_preset_var1/2) as written, without quotes.
struct LibertyStateGroup {
  std::string kind;               // "ff", "latch", "ff_bank" or "latch_bank"
  std::vector<std::string> vars;  // the group's arguments: the state variable and its complement
  std::map<std::string, std::string> attrs;
};

struct LibertyCell {
  std::string name;
  double area = 0;          // the cell's `area` attribute (0 when absent)
  bool sequential = false;  // contains an ff / latch (or ff_bank / latch_bank) group
  std::vector<LibertyPin> pins;  // in the order of the file
  std::vector<LibertyStateGroup> state;  // its ff / latch groups
};

// A buffer of the library: the cell and its input and output pin.
struct LibertyBuffer {
  std::string cell, in, out;
};

struct LibertyLibrary {
  std::string name;                           // from `library (NAME)`, empty if absent
  std::filesystem::path path;                 // the file it was read from (empty for parse_liberty)
  std::map<std::string, LibertyCell> cells;   // by cell name
  double nom_voltage = 0;                     // `nom_voltage` (0 when absent)

  // The cell named `cell`, or nullptr.
  const LibertyCell* find(const std::string& cell) const;
  // The smallest combinational cell with one input and one output whose function is that input; throws
  // FlowError when the library has none.
  LibertyBuffer smallest_buffer() const;
};

// Reads and parses a Liberty file. Throws FlowError when the file cannot be read, is malformed
// (unbalanced groups, an unterminated comment or string) or defines no cell.
LibertyLibrary read_liberty(const std::filesystem::path& path);

// Parses Liberty text; `origin` names it in error messages. Throws FlowError on malformed text
// (but accepts text without cells).
LibertyLibrary parse_liberty(std::string_view text, const std::string& origin = "<liberty>");

}  // namespace bf::flow
