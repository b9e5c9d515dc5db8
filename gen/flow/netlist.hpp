// The mapped, flattened netlist (MapOptions::write_netlist) as the activity count sees it, and the same netlist
// made simulable: every cell's output bits brought out on one extra output port, and the library's cells as
// Verilog modules (Yosys `read_liberty` without -lib turns each cell's Liberty function into a module).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bf::flow {

// A signal of the netlist: Yosys's bit id (2 and up), or kConst0 / kConst1 for a constant ('x' and 'z' read as 0).
inline constexpr int kConst0 = 0, kConst1 = 1;

struct NetlistPin {
  std::string name;
  bool output = false;
  int bit = kConst0;
};

struct NetlistCell {
  std::string name;              // instance name (c_<i>)
  std::string type;              // Liberty cell
  std::vector<size_t> outputs;   // indices into Netlist::nets of the bits it drives
  std::vector<NetlistPin> pins;  // every pin and the signal on it
};

struct NetlistPort {
  std::string name;
  bool input = true;
  std::vector<int> bits;  // least significant first
  bool operator==(const NetlistPort&) const = default;
};

struct Netlist {
  std::string top;
  std::vector<std::string> nets;  // every bit a cell drives, as a Verilog expression (n_12, c_data_o[3])
  std::vector<int> net_bits;      // the signal of each of `nets`
  std::vector<NetlistCell> cells;
  std::vector<NetlistPort> ports;
  int max_bit = kConst1;          // the largest signal id
};

// Reads Yosys's JSON of the flattened netlist (net.json). Throws FlowError if `top` is missing from it.
Netlist read_netlist(const std::filesystem::path& json, const std::string& top);

// The name of the extra output port: bit i is Netlist::nets[i].
inline constexpr const char* kProbePort = "bf_probe_o";

// net.v with kProbePort added to `top`. Throws FlowError if the text is not Yosys's gate-level Verilog of `top`.
std::string probe_netlist(const std::string& netlist_verilog, const Netlist& n);

// The Liberty file's cells as simulable Verilog modules (runs Yosys in `workdir`).
std::string liberty_cell_models(const std::filesystem::path& liberty, const std::filesystem::path& workdir);

}  // namespace bf::flow
