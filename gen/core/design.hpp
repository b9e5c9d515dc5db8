// What a block's emitter returns: typed ports, the source files and the timing facts of one configured block.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bf {

enum class Dir { In, Out };

struct Port {
  std::string name;
  Dir dir = Dir::In;
  int width = 1;
  bool is_signed = false;  // two's complement unless the doc says otherwise
  std::string doc;
  bool lanes = false;      // a vector of lanes: always declared with a range, even when 1 bit wide
  // A data output that means something only while this 1-bit port (its valid) is high; empty: defined on every
  // cycle (control outputs, combinational blocks). Benches compare it only while the valid is high.
  std::string valid = {};
};

// A data output qualified by `valid` (the port list, the manifest and docs/blocks.md show it).
inline Port qualified(Port p, std::string valid) {
  p.valid = std::move(valid);
  return p;
}

// clk_i and rst_ni (lowRISC style: rising edge, asynchronous active-low reset), first in every clocked block.
inline std::vector<Port> clock_ports() {
  return {{"clk_i", Dir::In, 1, false, "clock, rising edge", false},
          {"rst_ni", Dir::In, 1, false, "asynchronous reset, active low", false}};
}

struct SourceFile {
  std::string name;  // file name inside the output directory, e.g. "spark_dec8.sv"
  std::string body;  // Verilog text without the generated header
};

struct Design {
  std::string top;                  // top module name (= the config's `name`)
  std::vector<Port> ports;          // the top module's ports in declaration order
  std::vector<SourceFile> files;    // compile order; the top module's file last
  bool clocked = false;             // has clk_i / rst_ni
  std::optional<int> latency;       // cycles from input to output where fixed
  std::optional<int> initiation_interval;

  const Port* port(const std::string& name) const {
    for (const auto& p : ports) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
};

}  // namespace bf
