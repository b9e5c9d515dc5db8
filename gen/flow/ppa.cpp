#include "flow/ppa.hpp"

#include <cstdio>

#include "flow/flow_error.hpp"

namespace bf::flow {

PowerReport combine_power(const InstancePowerTables& t, const std::map<std::string, double>& transitions,
                          double clock_ns, uint64_t cycles, std::string activity) {
  PowerReport p;
  p.clock_ns = clock_ns;
  p.cycles = cycles;
  p.activity = std::move(activity);
  double internal = 0, switching = 0, leakage = 0;
  for (const auto& [name, idle] : t.idle) {
    const auto act = t.active.find(name);
    const auto tr = transitions.find(name);
    if (!transitions.empty() && tr == transitions.end()) {  // a name mismatch would silently idle the instance
      throw FlowError("OpenSTA's power report names instance '" + name + "', which the simulated netlist lacks");
    }
    const double a = tr == transitions.end() ? 0.0 : tr->second;
    const InstancePower& on = act == t.active.end() ? idle : act->second;
    internal += idle.internal_w + (on.internal_w - idle.internal_w) * a;
    switching += idle.switching_w + (on.switching_w - idle.switching_w) * a;
    leakage += idle.leakage_w;
  }
  p.internal_mw = internal * 1e3;
  p.switching_mw = switching * 1e3;
  p.leakage_mw = leakage * 1e3;
  p.total_mw = p.internal_mw + p.switching_mw + p.leakage_mw;
  return p;
}

EnergyReport energy(const PowerReport& p, double area_um2, uint64_t ops, std::string op) {
  EnergyReport e;
  e.op = std::move(op);
  e.ops = ops;
  const double seconds = static_cast<double>(p.cycles) * p.clock_ns * 1e-9;
  if (ops == 0 || seconds <= 0) return e;
  const double joules = p.total_mw * 1e-3 * seconds;
  e.pj_per_op = joules / static_cast<double>(ops) * 1e12;
  e.ops_per_s = static_cast<double>(ops) / seconds;
  e.ops_per_s_per_mm2 = area_um2 > 0 ? e.ops_per_s / (area_um2 * 1e-6) : 0;
  e.ops_per_j = joules > 0 ? static_cast<double>(ops) / joules : 0;
  return e;
}

nlohmann::json PpaReport::to_json() const {
  nlohmann::json j;
  j["top"] = area.top;
  j["liberty"] = area.liberty;
  j["mapping"] = mapping;
  j["area"] = area.to_json();
  j["timing"] = {{"clock_ns", timing.clock_ns},     {"critical_path_ns", timing.critical_path_ns},
                 {"fmax_mhz", timing.fmax_mhz},     {"slack_ns", timing.slack_ns},
                 {"startpoint", timing.startpoint}, {"endpoint", timing.endpoint},
                 {"path_cells", timing.path_cells}};
  j["power"] = {{"clock_ns", power.clock_ns},       {"activity", power.activity},
                {"cycles", power.cycles},           {"internal_mw", power.internal_mw},
                {"switching_mw", power.switching_mw}, {"leakage_mw", power.leakage_mw},
                {"total_mw", power.total_mw}};
  j["energy"] = {{"op", energy.op},
                 {"ops", energy.ops},
                 {"pj_per_op", energy.pj_per_op},
                 {"ops_per_s", energy.ops_per_s},
                 {"ops_per_s_per_mm2", energy.ops_per_s_per_mm2},
                 {"ops_per_j", energy.ops_per_j}};
  j["postsynth"] = postsynth;
  nlohmann::json steps = nlohmann::json::object();
  for (const auto& [step, s] : step_seconds) steps[step] = s;
  j["steps_s"] = steps;
  return j;
}

std::string PpaReport::to_table() const {
  char buf[8192];
  std::snprintf(buf, sizeof buf,
                "PPA report: top %s, liberty %s\n"
                "  mapping                     %s\n"
                "  area (um^2)                 %14.2f  (%d cells)\n"
                "  critical path (ns)          %14.3f  (%d cells, %s -> %s)\n"
                "  Fmax (MHz)                  %14.1f\n"
                "  clock (ns)                  %14.3f  (slack %.3f ns)\n"
                "  power (mW) at the clock     %14.4f  (internal %.4f, switching %.4f, leakage %.6f)\n"
                "  activity                    %s, %llu cycles\n"
                "  energy (pJ per op)          %14.4f  (op: %s; %llu ops)\n"
                "  throughput (ops/s)          %14.4g  (%.4g ops/s/mm^2, %.4g ops/J)\n"
                "  post-synthesis check        %s\n",
                area.top.c_str(), area.liberty.c_str(), mapping.c_str(), area.total_area_um2, area.cells, timing.critical_path_ns,
                timing.path_cells, timing.startpoint.c_str(), timing.endpoint.c_str(), timing.fmax_mhz,
                timing.clock_ns, timing.slack_ns, power.total_mw, power.internal_mw, power.switching_mw,
                power.leakage_mw, power.activity.c_str(), static_cast<unsigned long long>(power.cycles),
                energy.pj_per_op, energy.op.c_str(), static_cast<unsigned long long>(energy.ops), energy.ops_per_s,
                energy.ops_per_s_per_mm2, energy.ops_per_j,
                postsynth == "mismatch" ? "MISMATCH" : postsynth == "not_run" ? "not run (nothing simulated)" : "match");
  std::string s = buf;
  s += "  steps (s):";
  for (const auto& [step, sec] : step_seconds) {
    std::snprintf(buf, sizeof buf, " %s %.1f", step.c_str(), sec);
    s += buf;
  }
  return s + "\n";
}

}  // namespace bf::flow
