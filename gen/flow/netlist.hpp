// The mapped, flattened netlist (MapOptions::write_netlist) read back from Yosys's JSON: its ports, its cells and
// the signal on every pin, and the bits the cells drive (the nets whose toggles `ppa` counts).
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

// The name of the extra output port of the simulated netlist (netlist_eval.hpp): bit i is Netlist::nets[i].
inline constexpr const char* kProbePort = "bf_probe_o";

}  // namespace bf::flow
