#include "flow/area.hpp"

#include "flow/adder_cells.hpp"

#include "util/files.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <system_error>

#include "flow/flow_error.hpp"
#include "flow/liberty.hpp"
#include "util/process.hpp"

namespace bf::flow {

namespace fs = std::filesystem;

namespace {

using util::read_text;
using util::write_text;

// Yosys 0.23's `stat -json` writes the instance-count lines of a hierarchy deeper than two levels
// ("   name   count") between the modules and "design" objects, which is not JSON: drop those lines.
std::string strip_hierarchy_lines(const std::string& text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    const auto first = line.find_first_not_of(" \t");
    const bool json_line = first == std::string::npos || line[first] == '"' || line[first] == '{' ||
                           line[first] == '}' || line[first] == ']' || line[first] == '[';
    if (json_line) out += line + "\n";
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

// The yosys lines worth quoting in an error: ERROR lines (and what follows them), else the last lines.
std::string yosys_error_excerpt(const std::string& output) {
  const auto lines = split_lines(output);
  std::string out;
  size_t first_error = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("ERROR") != std::string::npos) {
      first_error = i;
      break;
    }
  }
  size_t begin = first_error;
  if (first_error == lines.size()) begin = lines.size() > 20 ? lines.size() - 20 : 0;
  const size_t end = std::min(lines.size(), begin + 20);
  for (size_t i = begin; i < end; ++i) {
    if (lines[i].empty()) continue;
    out += "\n  " + lines[i];
  }
  return out;
}

// Module / cell-type name as used in reports: yosys' public names lose their leading backslash.
std::string plain_name(const std::string& yosys_name) {
  if (!yosys_name.empty() && yosys_name[0] == '\\') return yosys_name.substr(1);
  return yosys_name;
}

// Escapes a cell type for a yosys select pattern (patmatch treats '\' as an escape and *?[ as wildcards).
std::string select_escape(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '\\' || c == '*' || c == '?' || c == '[') out += '\\';
    out += c;
  }
  return out;
}

bool plain_token(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == ';' || c == '#' || c == '%' || c == '@') {
      return false;
    }
  }
  return true;
}

// The ltp selection: every wire plus the combinational Liberty cells (so sequential cells and submodule
// instances break paths).
std::string ltp_selection(const LibertyLibrary& lib) {
  std::string sel = "w:*";
  for (const auto& [name, cell] : lib.cells) {
    if (cell.sequential || !plain_token(name)) continue;
    sel += " t:" + select_escape(name) + " %u";
  }
  return sel;
}

// Parses the "Longest topological path in <module> (length=<n>):" lines of an ltp output.
std::map<std::string, int> parse_ltp(const std::string& text, const fs::path& file) {
  static const std::string kHead = "Longest topological path in ";
  std::map<std::string, int> out;
  for (const auto& line : split_lines(text)) {
    if (line.find("Detected loop") != std::string::npos) {
      throw FlowError("combinational loop in the synthesized design (" + line + "); see " + file.string());
    }
    if (line.rfind(kHead, 0) != 0) continue;
    const size_t lp = line.rfind(" (length=");
    if (lp == std::string::npos || lp < kHead.size()) continue;
    const std::string module = line.substr(kHead.size(), lp - kHead.size());
    const size_t num = lp + 9;
    const size_t close = line.find(')', num);
    if (close == std::string::npos) continue;
    int length = 0;
    try {
      length = std::stoi(line.substr(num, close - num));
    } catch (const std::exception&) {
      throw FlowError("cannot parse yosys ltp output line '" + line + "' in " + file.string());
    }
    out[plain_name(module)] = std::max(0, length);
  }
  return out;
}

std::string fmt_area(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string pad_right(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string pad_left(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Shared yosys front end

std::string yosys_path_arg(const fs::path& path) {
  const std::string s = path.string();
  if (s.find('"') != std::string::npos || s.find('\n') != std::string::npos) {
    throw FlowError("path '" + s + "' cannot be passed to yosys (it contains a quote or a newline)");
  }
  if (plain_token(s)) return s;
  return "\"" + s + "\"";
}

void check_top_name(const std::string& top) {
  bool ok = !top.empty() && (std::isalpha(static_cast<unsigned char>(top[0])) || top[0] == '_');
  for (char c : top) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) ok = false;
  }
  if (!ok) throw FlowError("top module name '" + top + "' is not a plain identifier");
}

std::string yosys_latch_check_command() {
  // proc creates $dlatch / $adlatch / $dlatchsr (and $sr) for incomplete combinational assignments;
  // gate-level variants are listed too in case a source instantiates them.
  return "select -assert-none t:$dlatch t:$adlatch t:$dlatchsr t:$sr t:$_DLATCH* t:$_SR_*";
}

std::string yosys_frontend_script(const std::vector<fs::path>& sv_files, const std::string& top) {
  check_top_name(top);
  if (sv_files.empty()) throw FlowError("no source files given for top '" + top + "'");
  std::string s = "read_verilog -sv";
  for (const auto& f : sv_files) s += " " + yosys_path_arg(fs::absolute(f));
  s += "\n";
  s += "hierarchy -check -top " + top + "\n";
  s += "proc\n";
  s += yosys_latch_check_command() + "\n";
  return s;
}

std::string describe_latches(const std::string& yosys_log) {
  // yosys echoes the failing selection: "ERROR: Assertion failed: selection is not empty: <patterns>".
  static const std::string kSelect = "select -assert-none ";
  const std::string patterns = yosys_latch_check_command().substr(kSelect.size());
  if (yosys_log.find("Assertion failed: selection is not empty: " + patterns) == std::string::npos) return {};
  static const std::string kInferred = "Latch inferred for signal `";
  std::vector<std::string> items;
  std::set<std::string> seen;
  const auto lines = split_lines(yosys_log);
  for (const auto& line : lines) {
    const size_t p = line.find(kInferred);
    if (p == std::string::npos) continue;
    const size_t start = p + kInferred.size();
    const size_t end = line.find('\'', start);
    if (end == std::string::npos) continue;
    std::string full = line.substr(start, end - start);  // e.g. \mod.\sig
    std::string module = full;
    std::string signal;
    size_t dot = full.find(".\\");
    if (dot == std::string::npos) dot = full.find(".$");
    if (dot != std::string::npos) {
      module = full.substr(0, dot);
      signal = plain_name(full.substr(dot + 1));
    }
    module = plain_name(module);
    std::string item = signal.empty() ? "'" + module + "'" : "signal '" + signal + "' in module '" + module + "'";
    // "... from process `\mod.$proc$<file>:<line>$<n>'": keep <file>:<line>.
    const size_t proc = line.find("$proc$", end);
    if (proc != std::string::npos) {
      const size_t src = proc + 6;
      const size_t quote = line.find('\'', src);
      const size_t stop = quote == std::string::npos ? std::string::npos : line.rfind('$', quote);
      if (stop != std::string::npos && stop > src) item += " at " + line.substr(src, stop - src);
    }
    if (seen.insert(item).second) items.push_back(item);
  }
  if (items.empty()) {
    // No proc message (e.g. a latch primitive instantiated by hand): list the selected cells.
    bool in_list = false;
    for (const auto& line : lines) {
      if (line.rfind("Selection contains:", 0) == 0) {
        in_list = true;
        continue;
      }
      if (!in_list) continue;
      if (line.empty() || line.rfind("ERROR", 0) == 0) {
        in_list = false;
        continue;
      }
      const size_t err = line.find("ERROR:");
      const std::string cell = line.substr(0, err);  // yosys -q may glue the next ERROR line on
      if (seen.insert(cell).second) items.push_back("cell '" + cell + "'");
      if (err != std::string::npos) in_list = false;
    }
  }
  std::string out = "inferred latch (the design must not contain latches):";
  if (items.empty()) return out + " see the yosys log";
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? " " : "; ") + items[i];
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// run_area

namespace {

// The files Yosys writes into the work directory.
struct AreaFiles {
  fs::path script, log, stat, ltp_modules, ltp_flat;
  explicit AreaFiles(const fs::path& wd)
      : script(wd / "area.ys"), log(wd / "area.log"), stat(wd / "stat.json"), ltp_modules(wd / "ltp_modules.txt"),
        ltp_flat(wd / "ltp_flat.txt") {}
};

void check_area_inputs(const std::vector<fs::path>& sv_files, const std::string& top) {
  check_top_name(top);
  if (sv_files.empty()) throw FlowError("run_area: no source files given for top '" + top + "'");
  for (const auto& f : sv_files) {
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) throw FlowError("run_area: source file '" + f.string() + "' not found");
  }
}

// ABC's script for a delay target of `ps`: delay-oriented mapping, then fanout repair: buffer trees for nets with
// more than 8 loads, then gates sized up where that meets the target and down where slack allows. `cleanup` drops
// mapped nodes left without fanout, on which `buffer` aborts ("node ... has no fanout": the panacea_pea module).
std::string abc_script(long ps) {
  const std::string d = std::to_string(ps);
  return "+strash;dch;map,-D," + d + ";cleanup;buffer,-N,8;upsize,-D," + d + ";dnsize,-D," + d + ";stime,-p";
}

}  // namespace

std::string MapOptions::to_string() const {
  const std::string how = timing_driven ? "timing-driven (abc -D " + std::to_string(std::lround(clock_ns * 1000)) +
                                              " ps, inputs driven by a small inverter, buffer -N 8, upsize, dnsize)"
                                        : "plain (abc -liberty, no fanout repair)";
  return (flatten ? "flattened, " : "per module, ") + how + (adder_cells ? ", adder cells (one per bit, ripple carry)" : "");
}

namespace {

constexpr const char* kAdderMapFile = "adder_map.v";
constexpr const char* kAbcConstraintsFile = "abc.constr";

// ABC's view of what drives its inputs and loads its outputs. Its inputs are mostly flip-flop outputs: without a
// driving cell ABC takes them as ideal and leaves a flip-flop driving hundreds of loads unbuffered (an ebsp_array
// register with 251 loads took 7.9 ns). The smallest inverter stands for a flip-flop's output stage; the load is
// the data pin of the smallest flip-flop.
std::string abc_constraints(const LibertyLibrary& lib) {
  const LibertyCell* inv = nullptr;
  const LibertyCell* ff = nullptr;
  double load = 0;
  for (const auto& [name, c] : lib.cells) {
    if (c.sequential && c.state.size() == 1 && c.state[0].kind == "ff" && (ff == nullptr || c.area < ff->area)) {
      const auto d = c.state[0].attrs.find("next_state");
      for (const auto& p : c.pins) {
        if (d != c.state[0].attrs.end() && p.name == d->second && p.direction == "input") {
          ff = &c;
          load = p.capacitance;
        }
      }
    }
    if (c.sequential || c.pins.size() != 2) continue;
    const bool is_inv = c.pins[0].direction == "input" && c.pins[1].direction == "output" &&
                        (c.pins[1].function == "!" + c.pins[0].name || c.pins[1].function == "(!" + c.pins[0].name + ")");
    if (is_inv && (inv == nullptr || c.area < inv->area)) inv = &c;
  }
  if (inv == nullptr || ff == nullptr) return {};  // ABC's defaults
  return "set_driving_cell " + inv->name + "\nset_load " + std::to_string(load) + "\n";
}

// The flattened netlist as OpenSTA and the netlist simulation read it: no undriven bits, one-bit internal nets,
// a buffer in place of every net-to-net assignment, short generated names for every internal net (n_<i>) and
// combinational cell (c_<i>), RTL-derived names for the flip-flops, written as gate-level Verilog and Yosys JSON.
std::string netlist_script(const LibertyLibrary& lib) {
  const LibertyBuffer buf = lib.smallest_buffer();
  std::string s = "setundef -zero\nsplitnets\nopt_clean -purge\n";
  s += "insbuf -buf " + buf.cell + " " + buf.in + " " + buf.out + "\n";
  // Flip-flops and latches keep a name from the signal they drive (g_r[1].g_c[2].u_pe.acc_q[27]\DFFSR), so timing
  // paths read as RTL; every other cell and net gets a short generated one.
  std::string seq;
  for (const auto& [name, c] : lib.cells) {
    if (c.sequential) seq += seq.empty() ? "t:" + name : " t:" + name + " %u";
  }
  const std::string others = seq.empty() ? "c:*" : "c:* " + seq + " %d";
  if (!seq.empty()) s += "rename -wire " + seq + "\n";
  s += "rename -hide w:* " + others + "\nrename -enumerate -pattern n_% w:*\n";
  s += "rename -enumerate -pattern c_% " + others + "\n";
  s += "write_verilog -noattr -noexpr -nohex -nodec net.v\nwrite_json net.json\n";
  return s;
}

// Synthesis onto the liberty, then cell statistics and the logic depth per module and flattened.
std::string area_script(const std::vector<fs::path>& sv_files, const std::string& top, const LibertyLibrary& lib,
                        const fs::path& liberty, const MapOptions& map, bool have_constraints) {
  const std::string L = yosys_path_arg(fs::absolute(liberty));
  const std::string sel = ltp_selection(lib);
  std::string s = "# bitforge area flow (generated)\n";
  s += yosys_frontend_script(sv_files, top);
  const std::string synth = "synth -top " + top + (map.flatten ? " -flatten" : "");
  // Liberty cells as blackboxes: gives ltp the cells' port directions (stat ignores blackboxes).
  const std::string read_cells = "read_liberty -lib " + L + "\n";
  if (map.adder_cells) {  // the word-level adders onto the library's adder cells before the generic techmap
    s += synth + " -run :fine\nmaccmap\ntechmap -map " + std::string(kAdderMapFile) + "\n" + read_cells;
    s += synth + " -run fine:\n";
  } else {
    s += synth + "\n";
  }
  s += "dfflibmap -liberty " + L + "\n";
  const long ps = std::lround(map.clock_ns * 1000);
  const std::string constr = have_constraints ? " -constr " + std::string(kAbcConstraintsFile) : "";
  s += map.timing_driven ? "abc -D " + std::to_string(ps) + constr + " -liberty " + L + " -script " + abc_script(ps) + "\n"
                          : "abc -liberty " + L + "\n";
  s += "opt_clean\n";
  s += "tee -o stat.json stat -json\n";
  if (!map.adder_cells) s += read_cells;
  s += "tee -o ltp_modules.txt ltp -noff " + sel + "\n";
  s += "flatten\n";
  s += "tee -o ltp_flat.txt ltp -noff " + sel + "\n";
  if (map.write_netlist) s += netlist_script(lib);
  return s;
}

void run_yosys_area(const AreaFiles& f, const fs::path& wd, const std::string& top) {
  const std::vector<std::string> argv = {"yosys", "-q", "-l", f.log.string(), "-s", f.script.string()};
  const auto res = util::run_process(argv, wd);
  if (res.exit_code != 0) {
    const std::string latch = describe_latches(read_text(f.log) + "\n" + res.output);
    if (!latch.empty()) throw FlowError("top '" + top + "': " + latch);
    throw FlowError("yosys failed (exit code " + std::to_string(res.exit_code) + ") synthesizing '" + top +
                    "'; log: " + f.log.string() + yosys_error_excerpt(res.output));
  }
}

// stat -json: module -> cell type -> count.
std::map<std::string, std::map<std::string, int>> read_cell_counts(const fs::path& stat_file, const std::string& top) {
  nlohmann::json stat;
  try {
    stat = nlohmann::json::parse(strip_hierarchy_lines(read_text(stat_file)));
  } catch (const std::exception& e) {
    throw FlowError("cannot parse yosys stat output '" + stat_file.string() + "': " + e.what());
  }
  if (!stat.contains("modules") || !stat["modules"].is_object()) {
    throw FlowError("yosys stat output '" + stat_file.string() + "' has no modules");
  }
  std::map<std::string, std::map<std::string, int>> raw;
  for (const auto& [yname, m] : stat["modules"].items()) {
    auto& types = raw[plain_name(yname)];
    if (m.contains("num_cells_by_type")) {
      for (const auto& [type, n] : m["num_cells_by_type"].items()) types[plain_name(type)] += n.get<int>();
    }
  }
  if (!raw.count(top)) throw FlowError("top module '" + top + "' missing from the yosys statistics");
  return raw;
}

// Each module's own cells priced from the liberty (submodule instances are not its own).
std::map<std::string, ModuleArea> own_areas(const std::map<std::string, std::map<std::string, int>>& raw,
                                            const LibertyLibrary& lib, const fs::path& liberty,
                                            const std::map<std::string, int>& depth_by_module) {
  std::map<std::string, ModuleArea> mods;
  for (const auto& [name, types] : raw) {
    ModuleArea m;
    m.name = name;
    m.cells_by_type = types;
    for (const auto& [type, n] : types) {
      if (raw.count(type)) continue;  // a submodule instance
      const LibertyCell* cell = lib.find(type);
      if (cell == nullptr) {
        throw FlowError("unmapped cell type '" + type + "' (" + std::to_string(n) + "x) in module '" + name +
                        "': neither a cell of Liberty '" + liberty.string() + "' nor a module of the design");
      }
      const double a = cell->area * n;
      (cell->sequential ? m.sequential_area_um2 : m.combinational_area_um2) += a;
      m.cells += n;
    }
    m.area_um2 = m.sequential_area_um2 + m.combinational_area_um2;
    const auto d = depth_by_module.find(name);
    m.logic_depth = d == depth_by_module.end() ? 0 : d->second;
    mods[name] = std::move(m);
  }
  return mods;
}

// A module's areas and leaf cells including its submodules (memoized; yosys hierarchies are acyclic).
struct Totals {
  double seq = 0, comb = 0;
  std::map<std::string, int> leaf;
};

class HierarchyTotals {
 public:
  explicit HierarchyTotals(const std::map<std::string, ModuleArea>& mods) : mods_(mods) {}
  const Totals& of(const std::string& name) {
    if (auto it = memo_.find(name); it != memo_.end()) return it->second;
    if (!busy_.insert(name).second) throw FlowError("recursive module hierarchy at '" + name + "'");
    Totals t;
    const ModuleArea& m = mods_.at(name);
    t.seq = m.sequential_area_um2;
    t.comb = m.combinational_area_um2;
    for (const auto& [type, n] : m.cells_by_type) {
      if (!mods_.count(type)) {
        t.leaf[type] += n;
        continue;
      }
      const Totals& sub = of(type);
      t.seq += n * sub.seq;
      t.comb += n * sub.comb;
      for (const auto& [lt, ln] : sub.leaf) t.leaf[lt] += n * ln;
    }
    busy_.erase(name);
    return memo_.emplace(name, std::move(t)).first->second;
  }

 private:
  const std::map<std::string, ModuleArea>& mods_;
  std::map<std::string, Totals> memo_;
  std::set<std::string> busy_;
};

AreaReport assemble_report(std::map<std::string, ModuleArea> mods, const std::string& top, const fs::path& liberty,
                           const std::map<std::string, int>& flat_depth) {
  AreaReport r;
  r.top = top;
  r.liberty = liberty.string();
  HierarchyTotals totals(mods);
  for (auto& [name, m] : mods) m.total_area_um2 = totals.of(name).seq + totals.of(name).comb;
  const Totals& tt = totals.of(top);
  r.sequential_area_um2 = tt.seq;
  r.combinational_area_um2 = tt.comb;
  r.total_area_um2 = tt.seq + tt.comb;
  r.cells_by_type = tt.leaf;
  for (const auto& [type, n] : tt.leaf) r.cells += n;
  const auto fd = flat_depth.find(top);
  r.logic_depth = fd == flat_depth.end() ? 0 : fd->second;
  r.modules.push_back(mods.at(top));
  for (const auto& [name, m] : mods) {
    if (name != top) r.modules.push_back(m);
  }
  return r;
}

}  // namespace

AreaReport run_area(const std::vector<fs::path>& sv_files, const std::string& top, const fs::path& liberty,
                    const fs::path& workdir, const MapOptions& map) {
  return run_area(sv_files, top, read_liberty(liberty), liberty, workdir, map);
}

AreaReport run_area(const std::vector<fs::path>& sv_files, const std::string& top, const LibertyLibrary& lib,
                    const fs::path& liberty, const fs::path& workdir, const MapOptions& map) {
  if (!(map.clock_ns > 0) || map.clock_ns > 1e6) {
    throw FlowError("the clock target must be a positive period in ns, got " + std::to_string(map.clock_ns));
  }
  check_area_inputs(sv_files, top);
  std::error_code ec;
  fs::create_directories(workdir, ec);
  if (ec) throw FlowError("cannot create work directory '" + workdir.string() + "': " + ec.message());
  const fs::path wd = fs::absolute(workdir);
  const AreaFiles f(wd);
  for (const auto& p : {f.log, f.stat, f.ltp_modules, f.ltp_flat}) fs::remove(p, ec);
  if (map.adder_cells) write_text(wd / kAdderMapFile, adder_techmap(lib));
  const std::string constraints = map.timing_driven ? abc_constraints(lib) : "";
  if (!constraints.empty()) write_text(wd / kAbcConstraintsFile, constraints);
  write_text(f.script, area_script(sv_files, top, lib, liberty, map, !constraints.empty()));
  run_yosys_area(f, wd, top);
  const auto raw = read_cell_counts(f.stat, top);
  const auto depth_by_module = parse_ltp(read_text(f.ltp_modules), f.ltp_modules);
  const auto flat_depth = parse_ltp(read_text(f.ltp_flat), f.ltp_flat);
  return assemble_report(own_areas(raw, lib, liberty, depth_by_module), top, liberty, flat_depth);
}

// ---------------------------------------------------------------------------------------------------------
// Report output

nlohmann::json AreaReport::to_json() const {
  nlohmann::json j;
  j["top"] = top;
  j["liberty"] = liberty;
  j["total_area_um2"] = total_area_um2;
  j["sequential_area_um2"] = sequential_area_um2;
  j["combinational_area_um2"] = combinational_area_um2;
  j["cells"] = cells;
  j["logic_depth"] = logic_depth;
  j["cells_by_type"] = nlohmann::json::object();
  for (const auto& [type, n] : cells_by_type) j["cells_by_type"][type] = n;
  j["modules"] = nlohmann::json::object();
  for (const auto& m : modules) {
    nlohmann::json mj;
    mj["area_um2"] = m.area_um2;
    mj["total_area_um2"] = m.total_area_um2;
    mj["sequential_area_um2"] = m.sequential_area_um2;
    mj["combinational_area_um2"] = m.combinational_area_um2;
    mj["cells"] = m.cells;
    mj["cells_by_type"] = nlohmann::json::object();
    for (const auto& [type, n] : m.cells_by_type) mj["cells_by_type"][type] = n;
    mj["logic_depth"] = m.logic_depth;
    j["modules"][m.name] = std::move(mj);
  }
  return j;
}

std::string AreaReport::to_table() const {
  std::ostringstream o;
  o << "Area report: top " << top << ", liberty " << liberty << "\n";
  o << "  total area (um^2)          " << pad_left(fmt_area(total_area_um2), 12) << "\n";
  o << "  sequential area (um^2)     " << pad_left(fmt_area(sequential_area_um2), 12) << "\n";
  o << "  combinational area (um^2)  " << pad_left(fmt_area(combinational_area_um2), 12) << "\n";
  o << "  leaf cells                 " << pad_left(std::to_string(cells), 12) << "\n";
  o << "  logic depth (flattened)    " << pad_left(std::to_string(logic_depth), 12) << "\n";

  size_t w = 6;
  for (const auto& m : modules) w = std::max(w, m.name.size());
  o << "\n"
    << pad_right("module", w) << "  " << pad_left("own area", 12) << "  " << pad_left("total area", 12) << "  "
    << pad_left("seq area", 12) << "  " << pad_left("comb area", 12) << "  " << pad_left("cells", 7) << "  "
    << pad_left("depth", 5) << "\n";
  o << std::string(w + 2 + 12 + 2 + 12 + 2 + 12 + 2 + 12 + 2 + 7 + 2 + 5, '-') << "\n";
  for (const auto& m : modules) {
    o << pad_right(m.name, w) << "  " << pad_left(fmt_area(m.area_um2), 12) << "  "
      << pad_left(fmt_area(m.total_area_um2), 12) << "  " << pad_left(fmt_area(m.sequential_area_um2), 12) << "  "
      << pad_left(fmt_area(m.combinational_area_um2), 12) << "  " << pad_left(std::to_string(m.cells), 7) << "  "
      << pad_left(std::to_string(m.logic_depth), 5) << "\n";
  }

  size_t tw = 9;
  for (const auto& [type, n] : cells_by_type) tw = std::max(tw, type.size());
  o << "\n" << pad_right("cell type", tw) << "  " << pad_left("count", 7) << "\n";
  o << std::string(tw + 2 + 7, '-') << "\n";
  for (const auto& [type, n] : cells_by_type) o << pad_right(type, tw) << "  " << pad_left(std::to_string(n), 7) << "\n";
  return o.str();
}

}  // namespace bf::flow
