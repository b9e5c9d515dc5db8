// Area / logic-depth report of a design synthesized by yosys onto a Liberty standard-cell library.
//
// run_area() writes a yosys script into a work directory, runs it (read, elaborate, reject latches,
// synthesize keeping the hierarchy, map flip-flops and logic onto the Liberty cells), then reads the
// per-module cell counts (stat -json) and longest combinational paths (ltp) and prices every cell with
// the areas of the Liberty file.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flow/liberty.hpp"

namespace bf::flow {

struct ModuleArea {
  std::string name;                        // module name as yosys reports it (no leading backslash)
  double area_um2 = 0;                     // own leaf cells only
  double sequential_area_um2 = 0;          // own sequential cells (Liberty ff / latch cells)
  double combinational_area_um2 = 0;       // own combinational cells
  int cells = 0;                           // own leaf cells (submodule instances excluded)
  std::map<std::string, int> cells_by_type;  // own cells; submodule instances appear under the module name
  int logic_depth = 0;                     // longest path through own combinational cells (FFs and submodules break paths)
  double total_area_um2 = 0;               // own area plus all instantiated submodules, recursively
};

struct AreaReport {
  std::string top;
  std::string liberty;                     // the Liberty file used
  double total_area_um2 = 0;               // whole hierarchy
  double sequential_area_um2 = 0;
  double combinational_area_um2 = 0;
  int cells = 0;                           // leaf cells, whole hierarchy
  int logic_depth = 0;                     // longest combinational path (in cells) of the flattened design
  std::map<std::string, int> cells_by_type;  // leaf cells, whole hierarchy
  std::vector<ModuleArea> modules;         // every module of the synthesized hierarchy, top first then by name

  // {"top","liberty","total_area_um2","sequential_area_um2","combinational_area_um2","cells","logic_depth",
  //  "cells_by_type":{...},"modules":{"<module>":{"area_um2","total_area_um2","sequential_area_um2",
  //  "combinational_area_um2","cells","cells_by_type","logic_depth"}}}
  nlohmann::json to_json() const;
  // A readable fixed-width text table (totals, per module, cells by type); deterministic.
  std::string to_table() const;
};

// How the design is mapped onto the library. ABC maps for delay with the clock period as its target and then
// repairs fanout (buffer, upsize, dnsize), as a careful engineer would before reading any timing; `area` and
// `ppa` share this flow, so at the same clock target they report one and the same netlist.
struct MapOptions {
  double clock_ns = 10.0;      // ABC's delay target (the clock period aimed at)
  bool write_netlist = false;  // also write the flattened netlist: net.v (for OpenSTA) and net.json (Yosys JSON)
  bool timing_driven = true;   // false: plain `abc -liberty` (area-oriented, no fanout repair), for comparison
  bool flatten = false;        // map the flattened design (one module) instead of each module on its own
  bool adder_cells = false;    // full and half adders found by Yosys's extract_fa onto the library's adder cells

  std::string to_string() const;  // e.g. "flattened, timing-driven (abc -D 10000 ps, buffer -N 8, upsize, dnsize)"
};

// Synthesizes `top` from `sv_files` onto `liberty` in `workdir` (created if needed; files written there:
// area.ys, area.log, stat.json, ltp_modules.txt, ltp_flat.txt, and net.v / net.json when asked) and
// returns the report.
// Throws FlowError: unreadable Liberty, missing source, yosys failure (the message carries yosys' errors),
// an inferred latch (the message says "latch" and names module and signal), a combinational loop, or a
// cell that is neither a Liberty cell nor a module of the design (unmapped cell).
AreaReport run_area(const std::vector<std::filesystem::path>& sv_files, const std::string& top,
                    const std::filesystem::path& liberty, const std::filesystem::path& workdir,
                    const MapOptions& map = {});
// The same with the library already read from `liberty` (callers that also need it read it once).
AreaReport run_area(const std::vector<std::filesystem::path>& sv_files, const std::string& top,
                    const LibertyLibrary& lib, const std::filesystem::path& liberty,
                    const std::filesystem::path& workdir, const MapOptions& map = {});

// ---- Helpers shared by run_area and run_lint (one yosys front end, one latch check) ----

// One path as a yosys script argument (quoted when needed). Throws FlowError for a path yosys cannot take
// (a double quote or a newline in it).
std::string yosys_path_arg(const std::filesystem::path& path);

// Throws FlowError unless `top` is a plain (System)Verilog identifier.
void check_top_name(const std::string& top);

// The yosys command that fails when `proc` inferred a latch (any latch cell type, word-level or gate-level).
std::string yosys_latch_check_command();

// The yosys script lines that read the sources, elaborate `top`, run proc and reject latches:
//   read_verilog -sv <files>; hierarchy -check -top <top>; proc; <latch check>
std::string yosys_frontend_script(const std::vector<std::filesystem::path>& sv_files, const std::string& top);

// If a yosys log (full -l log or console output) shows that the latch check fired, a one-line description
// starting with "inferred latch" naming module(s) and signal(s); otherwise empty.
std::string describe_latches(const std::string& yosys_log);

}  // namespace bf::flow
