// The `ppa` report: area, timing and power of one mapped netlist, and energy per operation on a workload
// (interfaces.md, "ppa --json").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flow/area.hpp"
#include "flow/sta.hpp"

namespace bf::flow {

struct PowerReport {
  double clock_ns = 0;
  std::string activity;  // how the activity was obtained
  uint64_t cycles = 0;   // clock cycles of the workload
  double internal_mw = 0, switching_mw = 0, leakage_mw = 0, total_mw = 0;
};

struct EnergyReport {
  std::string op;  // what one operation is
  uint64_t ops = 0;
  double pj_per_op = 0, ops_per_s = 0, ops_per_s_per_mm2 = 0, ops_per_j = 0;
};

// Power at `clock_ns` from OpenSTA's per-instance tables and each instance's measured output transitions per
// cycle (the mean over its outputs; an instance missing from a non-empty `transitions` throws FlowError: a name
// that does not match would otherwise count as idle):
//   P(instance) = P_idle + (P_active - P_idle) * transitions,
// exact for switching power (linear in the output's activity) and for the clock pins (in P_idle); internal
// power is charged per output transition, as the Liberty tables of a single-output cell are.
PowerReport combine_power(const InstancePowerTables& t, const std::map<std::string, double>& transitions,
                          double clock_ns, uint64_t cycles, std::string activity);

// Energy per operation = total power x cycles x clock / ops; throughput at that clock.
EnergyReport energy(const PowerReport& p, double area_um2, uint64_t ops, std::string op);

struct PpaReport {
  std::string mapping;  // how the netlist was mapped (MapOptions)
  AreaReport area;
  TimingReport timing;
  PowerReport power;
  EnergyReport energy;
  // The post-synthesis check: "match", "mismatch", or "not_run" with a vectorless activity (nothing simulated).
  std::string postsynth = "not_run";
  std::vector<std::pair<std::string, double>> step_seconds;  // time of each step, in order

  nlohmann::json to_json() const;  // interfaces.md's keys, plus "mapping" and "steps_s"
  std::string to_table() const;
};

}  // namespace bf::flow
