// Static timing and power of a mapped netlist with OpenSTA (Debian's `sta`).
//
// Constraints (the convention every `ppa` figure uses): one ideal clock on clk_i with the given period (a virtual
// clock of that period for a block without clk_i, so that its input-to-output delay is what is measured); every
// other input arrives at the clock edge and every output is due at the next one (input and output delays 0);
// rst_ni is a false path (it is asynchronous and quasi-static). The critical path is then period - worst slack:
// register to register including the setup time, input to register, register to output, input to output.
//
// Power: this OpenSTA (2.0.17, Debian 0~20191111) takes activities only on input ports and globally
// (`set_power_activity -pins` has no effect), so the measured activities are applied per instance instead:
// OpenSTA reports every instance's power at global activity 0 (clock pins only) and 1 (one transition per cycle
// on every pin), each from the Liberty tables at the instance's own load and slew, and run_sta_power's caller
// scales the difference by the instance's measured output transitions (flow/ppa.hpp).
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace bf::flow {

struct StaDesign {
  std::filesystem::path liberty;
  std::filesystem::path netlist;  // gate-level Verilog (MapOptions::write_netlist's net.v)
  std::string top;
  bool has_clock = true;   // a clk_i port
  bool has_reset = false;  // an rst_ni port
};

struct TimingReport {
  double clock_ns = 0;          // the period the constraints used
  double critical_path_ns = 0;  // clock_ns - slack_ns
  double fmax_mhz = 0;          // 1000 / critical_path_ns
  double slack_ns = 0;
  std::string startpoint, endpoint;  // instance (or port) names as OpenSTA reports them, with their cell type
  int path_cells = 0;                // cells on the critical path, the start and end flip-flops included
};

struct InstancePower {
  double internal_w = 0, switching_w = 0, leakage_w = 0;
};

// Each instance's power at the clock period `clock_ns`, at global activity 0 and 1 (see above).
struct InstancePowerTables {
  std::map<std::string, InstancePower> idle, active;
};

// Throws FlowError when OpenSTA cannot run or reports an error (its messages are quoted).
TimingReport run_sta_timing(const StaDesign& d, double clock_ns, const std::filesystem::path& workdir);
InstancePowerTables run_sta_power(const StaDesign& d, double clock_ns, const std::filesystem::path& workdir);

}  // namespace bf::flow
