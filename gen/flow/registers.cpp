#include "flow/registers.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "flow/area.hpp"
#include "flow/flow_error.hpp"
#include "util/files.hpp"
#include "util/process.hpp"

namespace bf::flow {

namespace fs = std::filesystem;

namespace {

// Yosys's flip-flop cell types, and which of them reset (or set) their state.
const std::map<std::string, bool>& flop_types() {
  static const std::map<std::string, bool> t = {
      {"$dff", false},    {"$dffe", false},    {"$adff", true},   {"$adffe", true},   {"$sdff", true},
      {"$sdffe", true},   {"$sdffce", true},   {"$dffsr", true},  {"$dffsre", true},  {"$aldff", true},
      {"$aldffe", true},
  };
  return t;
}

// Bit id -> the first public (not hidden) signal name holding it; internal signals before ports (a register
// `acc_q` that drives the output `acc_o` is named acc_q).
std::map<int, std::string> public_names(const nlohmann::json& module) {
  std::map<int, std::string> names;
  for (const bool ports : {false, true}) {
    for (const auto& [name, net] : module.at("netnames").items()) {
      if (net.value("hide_name", 0) != 0 || module.at("ports").contains(name) != ports) continue;
      for (const auto& b : net.at("bits")) {
        if (b.is_number_integer()) names.emplace(b.get<int>(), name);
      }
    }
  }
  return names;
}

std::vector<Register> module_registers(const std::string& module, const nlohmann::json& m) {
  const std::map<int, std::string> names = public_names(m);
  std::map<std::string, Register> by_name;
  for (const auto& [cname, cell] : m.at("cells").items()) {
    const auto type = flop_types().find(cell.at("type").get<std::string>());
    if (type == flop_types().end()) continue;
    for (const auto& b : cell.at("connections").at("Q")) {
      const auto n = b.is_number_integer() ? names.find(b.get<int>()) : names.end();
      const std::string name = n == names.end() ? "(unnamed)" : n->second;
      Register& r = by_name.try_emplace(name + (type->second ? "/r" : "/n"), Register{module, name, 0, type->second})
                        .first->second;
      ++r.bits;
    }
  }
  std::vector<Register> out;
  for (auto& [key, r] : by_name) out.push_back(std::move(r));
  return out;
}

}  // namespace

std::vector<Register> list_registers(const std::vector<fs::path>& sv_files, const std::string& top,
                                     const fs::path& workdir) {
  fs::create_directories(workdir);
  const fs::path json = fs::absolute(workdir) / "registers.json";
  const std::string script = yosys_frontend_script(sv_files, top) + "opt_clean\nwrite_json " + yosys_path_arg(json) + "\n";
  util::write_text(workdir / "registers.ys", script);
  const auto r = util::run_process({"yosys", "-q", "-s", (fs::absolute(workdir) / "registers.ys").string()}, workdir);
  if (r.exit_code != 0) throw FlowError("yosys could not elaborate '" + top + "': " + r.output.substr(0, 2000));
  const nlohmann::json j = nlohmann::json::parse(util::read_text(json));
  std::vector<Register> regs;
  for (const auto& [module, m] : j.at("modules").items()) {
    for (auto& reg : module_registers(module, m)) regs.push_back(std::move(reg));
  }
  return regs;
}

std::string registers_table(const std::vector<Register>& regs) {
  std::map<std::string, std::pair<std::string, std::string>> lines;  // module -> (reset, no reset)
  std::map<std::string, std::pair<int, int>> bits;
  for (const auto& r : regs) {
    auto& [with, without] = lines[r.module];
    (r.reset ? with : without) += " " + r.name + "[" + std::to_string(r.bits) + "]";
    (r.reset ? bits[r.module].first : bits[r.module].second) += r.bits;
  }
  std::string s;
  for (const auto& [module, l] : lines) {
    s += module + ": " + std::to_string(bits[module].first) + " bits reset:" + (l.first.empty() ? " -" : l.first) +
         "; " + std::to_string(bits[module].second) + " bits not reset:" + (l.second.empty() ? " -" : l.second) + "\n";
  }
  return s;
}

}  // namespace bf::flow
