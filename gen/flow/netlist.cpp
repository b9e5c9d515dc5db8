#include "flow/netlist.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "flow/flow_error.hpp"
#include "util/files.hpp"

namespace bf::flow {

namespace fs = std::filesystem;

namespace {

// Yosys bit id -> a Verilog expression for it: a port bit where the bit is a port's, else the net's name.
std::map<int, std::string> bit_names(const nlohmann::json& module) {
  std::map<int, std::string> names;
  for (const bool ports_first : {true, false}) {
    for (const auto& [name, net] : module.at("netnames").items()) {
      if (module.at("ports").contains(name) != ports_first) continue;
      const auto& bits = net.at("bits");
      for (size_t i = 0; i < bits.size(); ++i) {
        if (!bits[i].is_number_integer()) continue;  // a constant
        const std::string expr = bits.size() == 1 ? name : name + "[" + std::to_string(i) + "]";
        names.emplace(bits[i].get<int>(), expr);
      }
    }
  }
  return names;
}

int signal(const nlohmann::json& bit) { return bit.is_number_integer() ? bit.get<int>() : bit == "1" ? kConst1 : kConst0; }

std::vector<NetlistPort> read_ports(const nlohmann::json& module) {
  std::vector<NetlistPort> ports;
  for (const auto& [name, port] : module.at("ports").items()) {
    NetlistPort p{name, port.at("direction") == "input", {}};
    for (const auto& bit : port.at("bits")) p.bits.push_back(signal(bit));
    ports.push_back(std::move(p));
  }
  return ports;
}

}  // namespace

Netlist read_netlist(const fs::path& json, const std::string& top) {
  const nlohmann::json j = nlohmann::json::parse(util::read_text(json));
  if (!j.contains("modules") || !j["modules"].contains(top)) {
    throw FlowError("the netlist " + json.string() + " has no module '" + top + "'");
  }
  const nlohmann::json& m = j["modules"][top];
  const std::map<int, std::string> names = bit_names(m);
  Netlist n;
  n.top = top;
  std::map<int, size_t> index;
  for (const auto& [cname, cell] : m.at("cells").items()) {
    NetlistCell c{cname, cell.at("type").get<std::string>(), {}, {}};
    for (const auto& [pin, dir] : cell.at("port_directions").items()) {
      const bool output = dir == "output";
      for (const auto& bit : cell.at("connections").at(pin)) {
        c.pins.push_back(NetlistPin{pin, output, signal(bit)});
        n.max_bit = std::max(n.max_bit, c.pins.back().bit);
        if (!output || !bit.is_number_integer() || !names.count(bit.get<int>())) continue;
        const auto [it, added] = index.emplace(bit.get<int>(), n.nets.size());
        if (added) {
          n.nets.push_back(names.at(bit.get<int>()));
          n.net_bits.push_back(bit.get<int>());
        }
        c.outputs.push_back(it->second);
      }
    }
    n.cells.push_back(std::move(c));
  }
  n.ports = read_ports(m);
  for (const auto& p : n.ports) {
    for (const int b : p.bits) n.max_bit = std::max(n.max_bit, b);
  }
  if (n.nets.empty()) throw FlowError("the netlist " + json.string() + " has no cell driving a net");
  return n;
}

}  // namespace bf::flow
