#include "flow/sta.hpp"

#include <cmath>
#include <regex>
#include <set>
#include <sstream>

#include "flow/flow_error.hpp"
#include "util/files.hpp"
#include "util/process.hpp"

namespace bf::flow {

namespace fs = std::filesystem;

namespace {

// A path as a braced Tcl word; OpenSTA reads it literally.
std::string tcl_path(const fs::path& p) {
  const std::string s = fs::absolute(p).string();
  if (s.find_first_of("{}\\\n") != std::string::npos) {
    throw FlowError("OpenSTA cannot take the path '" + s + "' (braces, backslashes and newlines are not allowed)");
  }
  return "{" + s + "}";
}

std::string fmt_ns(double v) {
  std::ostringstream o;
  o.precision(6);
  o << v;
  return o.str();
}

// Reads the design and sets the constraints of the header comment in sta.hpp.
std::string setup_script(const StaDesign& d, double clock_ns) {
  std::string s = "read_liberty " + tcl_path(d.liberty) + "\nread_verilog " + tcl_path(d.netlist) + "\n";
  s += "link_design " + d.top + "\n";
  if (d.has_clock) {
    s += "create_clock -name clk -period " + fmt_ns(clock_ns) + " [get_ports clk_i]\n";
    s += "set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports clk_i]]\n";
  } else {
    s += "create_clock -name clk -period " + fmt_ns(clock_ns) + "\n";
    s += "set_input_delay 0 -clock clk [all_inputs]\n";
  }
  s += "set_output_delay 0 -clock clk [all_outputs]\n";
  if (d.has_reset) s += "set_false_path -from [get_ports rst_ni]\n";
  return s;
}

// Runs `sta` on `script` (written to workdir/name); OpenSTA exits 0 even after errors, so its output is searched.
void run_sta(const std::string& script, const fs::path& workdir, const std::string& name) {
  fs::create_directories(workdir);
  const fs::path file = workdir / name;
  util::write_text(file, script + "exit\n");
  const auto r = util::run_process({"sta", "-no_init", "-no_splash", "-exit", file.string()}, workdir);
  util::write_text(workdir / (name + ".log"), r.output);
  std::string errors;
  std::istringstream in(r.output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Error", 0) == 0 && errors.size() < 2000) errors += "\n  " + line;
  }
  if (r.exit_code != 0 || !errors.empty()) {
    throw FlowError("OpenSTA failed on " + file.string() + " (exit " + std::to_string(r.exit_code) + ")" +
                    (errors.empty() ? "\n" + r.output.substr(0, 2000) : errors));
  }
}

// OpenSTA prints a backslash inside an escaped Verilog name doubled (acc_q[27]\\DFFSR); Yosys's JSON has it once.
std::string unescape(const std::string& name) {
  std::string s;
  for (size_t i = 0; i < name.size(); ++i) {
    s += name[i];
    if (name[i] == '\\' && i + 1 < name.size() && name[i + 1] == '\\') ++i;
  }
  return s;
}

TimingReport parse_timing(const std::string& text, double clock_ns, const fs::path& file) {
  TimingReport t;
  t.clock_ns = clock_ns;
  std::smatch m;
  static const std::regex start(R"(Startpoint: (\S+)(.*))"), end(R"(Endpoint: (\S+)(.*))");
  static const std::regex pin(R"(^\s*-?[0-9.]+\s+-?[0-9.]+ [\^v] (\S+)/\S+ \((\S+)\))");
  static const std::regex slack(R"(^\s*(-?[0-9.]+)\s+slack \((MET|VIOLATED)\))");
  std::set<std::string> cells;
  bool have_slack = false;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, m, start)) t.startpoint = unescape(m[1].str()) + m[2].str();
    if (std::regex_search(line, m, end)) t.endpoint = unescape(m[1].str()) + m[2].str();
    if (std::regex_search(line, m, pin)) cells.insert(m[1].str());
    if (std::regex_search(line, m, slack)) {
      t.slack_ns = std::stod(m[1].str());
      have_slack = true;
    }
  }
  if (!have_slack) throw FlowError("OpenSTA reported no constrained path in " + file.string());
  t.path_cells = static_cast<int>(cells.size());
  t.critical_path_ns = clock_ns - t.slack_ns;
  t.fmax_mhz = t.critical_path_ns > 0 ? 1000.0 / t.critical_path_ns : 0;
  return t;
}

// report_power -instances: "internal switching leakage total name" per instance after a header.
std::map<std::string, InstancePower> parse_instance_power(const fs::path& file) {
  std::map<std::string, InstancePower> out;
  std::istringstream in(util::read_text(file));
  static const std::regex row(R"(^\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s+([-+0-9.eE]+)\s+[-+0-9.eE]+\s+(\S+)\s*$)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (!std::regex_match(line, m, row)) continue;
    out[unescape(m[4].str())] = {std::stod(m[1].str()), std::stod(m[2].str()), std::stod(m[3].str())};
  }
  if (out.empty()) throw FlowError("OpenSTA reported no instance power in " + file.string());
  return out;
}

}  // namespace

TimingReport run_sta_timing(const StaDesign& d, double clock_ns, const fs::path& workdir) {
  std::string s = setup_script(d, clock_ns);
  s += "report_checks -path_delay max -format full -digits 4 > timing.txt\n";
  run_sta(s, workdir, "timing.tcl");
  const fs::path report = workdir / "timing.txt";
  return parse_timing(util::read_text(report), clock_ns, report);
}

InstancePowerTables run_sta_power(const StaDesign& d, double clock_ns, const fs::path& workdir) {
  std::string s = setup_script(d, clock_ns);
  s += "set_power_activity -global -activity 0 -duty 0.5\n";
  s += "report_power -instances [get_cells *] -digits 9 > power_idle.txt\n";
  s += "set_power_activity -global -activity 1 -duty 0.5\n";
  s += "report_power -instances [get_cells *] -digits 9 > power_active.txt\n";
  run_sta(s, workdir, "power.tcl");
  return {parse_instance_power(workdir / "power_idle.txt"), parse_instance_power(workdir / "power_active.txt")};
}

}  // namespace bf::flow
