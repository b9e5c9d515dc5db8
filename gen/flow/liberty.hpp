// A minimal Liberty (.lib) reader: the cells of a library with their area and whether they hold state.
//
// Only what the area report needs is kept: for every `cell (NAME) { ... }` group its `area` attribute and
// whether it contains an `ff (...)`, `latch (...)`, `ff_bank (...)` or `latch_bank (...)` group (a
// sequential cell). The reader understands the Liberty group / attribute syntax generically, so it is
// robust to comments (/* */ and //), quoted names, line continuations and free whitespace.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace bf::flow {

struct LibertyCell {
  std::string name;
  double area = 0;          // the cell's `area` attribute (0 when absent)
  bool sequential = false;  // contains an ff / latch (or ff_bank / latch_bank) group
};

struct LibertyLibrary {
  std::string name;                           // from `library (NAME)`, empty if absent
  std::filesystem::path path;                 // the file it was read from (empty for parse_liberty)
  std::map<std::string, LibertyCell> cells;   // by cell name

  // The cell named `cell`, or nullptr.
  const LibertyCell* find(const std::string& cell) const;
};

// Reads and parses a Liberty file. Throws FlowError when the file cannot be read, is malformed
// (unbalanced groups, an unterminated comment or string) or defines no cell.
LibertyLibrary read_liberty(const std::filesystem::path& path);

// Parses Liberty text; `origin` names it in error messages. Throws FlowError on malformed text
// (but accepts text without cells).
LibertyLibrary parse_liberty(std::string_view text, const std::string& origin = "<liberty>");

}  // namespace bf::flow
