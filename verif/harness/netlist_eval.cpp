#include "harness/netlist_eval.hpp"

#include <array>
#include <map>
#include <random>

#include "flow/cell_logic.hpp"
#include "flow/flow_error.hpp"

namespace bf::verif {

namespace {

using flow::CellLogic;

// One output of one cell: its table over up to six signals.
struct Gate {
  uint64_t table = 0;
  std::array<int, flow::kMaxCellVariables> in{};
  int n = 0;
  int out = 0;
  const std::string* cell = nullptr;  // instance name, for messages
};

// One flip-flop or latch: its inputs and the signals holding its state variable and the complement.
struct StateElement {
  const CellLogic* logic = nullptr;
  std::array<int, flow::kMaxCellVariables> in{};
  int n = 0;
  int q = 0, qn = 0;
  bool clock_was = false;
};

// A design port on the netlist's signals (the probe port: the nets).
struct PortMap {
  bool input = true;
  std::vector<int> bits;
};

inline unsigned row(const std::vector<uint8_t>& v, const std::array<int, flow::kMaxCellVariables>& in, int n) {
  unsigned r = 0;
  for (int k = 0; k < n; ++k) r |= static_cast<unsigned>(v[static_cast<size_t>(in[static_cast<size_t>(k)])]) << k;
  return r;
}

// The gate over only the variables its table depends on (a flip-flop's Q depends on its state, not on its D: the
// feedback through D is no combinational loop).
Gate on_support(const Gate& g) {
  Gate out = g;
  out.n = 0;
  std::array<unsigned, flow::kMaxCellVariables> kept{};
  for (int k = 0; k < g.n; ++k) {
    bool depends = false;
    for (unsigned r = 0; r < (1u << g.n) && !depends; ++r) {
      depends = flow::table_row(g.table, r) != flow::table_row(g.table, r ^ (1u << k));
    }
    if (!depends) continue;
    kept[static_cast<size_t>(out.n)] = static_cast<unsigned>(k);
    out.in[static_cast<size_t>(out.n++)] = g.in[static_cast<size_t>(k)];
  }
  out.table = 0;
  for (unsigned r = 0; r < (1u << out.n); ++r) {
    unsigned full = 0;
    for (int k = 0; k < out.n; ++k) full |= ((r >> k) & 1u) << kept[static_cast<size_t>(k)];
    if (flow::table_row(g.table, full)) out.table |= uint64_t{1} << r;
  }
  return out;
}

class NetlistDut final : public Dut {
 public:
  NetlistDut(const flow::Netlist& n, const flow::LibertyLibrary& lib, const Design& design, uint64_t seed) {
    values_.assign(static_cast<size_t>(n.max_bit) + 1, 0);
    values_[flow::kConst1] = 1;
    std::vector<Gate> gates;
    for (const auto& c : n.cells) add_cell(c, lib, gates);
    order(std::move(gates));
    map_ports(n, design);
    std::mt19937_64 rng(seed);
    for (auto& s : state_) {
      values_[static_cast<size_t>(s.q)] = static_cast<uint8_t>(rng() & 1u);
      values_[static_cast<size_t>(s.qn)] = values_[static_cast<size_t>(s.q)] ^ 1u;
    }
  }

  const std::vector<DutPort>& ports() const override { return ports_; }

  void set(size_t port, const uint32_t* words) override {
    const auto& bits = maps_[port].bits;
    for (size_t i = 0; i < bits.size(); ++i) {
      if (bits[i] > flow::kConst1) values_[static_cast<size_t>(bits[i])] = (words[i / 32] >> (i % 32)) & 1u;
    }
  }

  void get(size_t port, uint32_t* words) const override {
    const auto& bits = maps_[port].bits;
    for (size_t w = 0; w < (bits.size() + 31) / 32; ++w) words[w] = 0;
    for (size_t i = 0; i < bits.size(); ++i) {
      words[i / 32] |= static_cast<uint32_t>(values_[static_cast<size_t>(bits[i])]) << (i % 32);
    }
  }

  void eval() override {
    for (int pass = 0; pass < kMaxPasses; ++pass) {
      settle();
      if (!update_state()) return;
    }
    throw NetlistModelError("netlist simulation: the state still changes after " + std::to_string(kMaxPasses) +
                    " passes in one evaluation (a loop through a latch or a clock?)");
  }

  bool open_trace(const std::string&) override { return false; }
  void dump(uint64_t) override {}
  void close_trace() override {}

 private:
  static constexpr int kMaxPasses = 64;

  const CellLogic& logic(const std::string& type, const flow::LibertyLibrary& lib) {
    auto it = logic_.find(type);
    if (it != logic_.end()) return it->second;
    const flow::LibertyCell* cell = lib.find(type);
    if (cell == nullptr) {
      throw NetlistModelError("the netlist uses cell " + type + ", which " + lib.path.string() + " lacks");
    }
    try {
      return logic_.emplace(type, flow::cell_logic(*cell)).first->second;
    } catch (const flow::FlowError& e) {
      throw NetlistModelError(e.what());
    }
  }

  int new_signal() {
    values_.push_back(0);
    return static_cast<int>(values_.size() - 1);
  }

  void add_cell(const flow::NetlistCell& c, const flow::LibertyLibrary& lib, std::vector<Gate>& gates) {
    const CellLogic& l = logic(c.type, lib);
    auto pin = [&](const std::string& name) {
      for (const auto& p : c.pins) {
        if (p.name == name) return p.bit;
      }
      throw NetlistModelError("netlist cell " + c.name + " (" + c.type + ") has no connection on pin " + name);
    };
    Gate g{.table = 0, .in = {}, .n = static_cast<int>(l.inputs.size()), .out = 0, .cell = &c.name};
    for (size_t i = 0; i < l.inputs.size(); ++i) g.in[i] = pin(l.inputs[i]);
    if (l.kind != CellLogic::Kind::Combinational) {
      StateElement s{.logic = &l, .in = g.in, .n = g.n, .q = new_signal(), .qn = new_signal(), .clock_was = false};
      g.in[static_cast<size_t>(g.n++)] = s.q;
      g.in[static_cast<size_t>(g.n++)] = s.qn;
      state_.push_back(s);
    }
    for (const auto& o : l.outputs) {
      Gate out = g;
      out.table = o.table;
      out.out = pin(o.pin);
      if (out.out > flow::kConst1) gates.push_back(on_support(out));
    }
  }

  // Topological order of the gates (Kahn); throws on a loop or a bit with two drivers.
  void order(std::vector<Gate> gates) {
    std::vector<int> driver(values_.size(), -1);
    for (size_t i = 0; i < gates.size(); ++i) {
      int& d = driver[static_cast<size_t>(gates[i].out)];
      if (d >= 0) throw NetlistModelError("netlist: cells " + *gates[static_cast<size_t>(d)].cell + " and " +
                                  *gates[i].cell + " drive the same bit");
      d = static_cast<int>(i);
    }
    std::vector<std::vector<int>> fanout(gates.size());
    std::vector<int> pending(gates.size(), 0);
    std::vector<int> ready;
    for (size_t i = 0; i < gates.size(); ++i) {
      for (int k = 0; k < gates[i].n; ++k) {
        const int d = driver[static_cast<size_t>(gates[i].in[static_cast<size_t>(k)])];
        if (d < 0) continue;
        fanout[static_cast<size_t>(d)].push_back(static_cast<int>(i));
        ++pending[i];
      }
      if (pending[i] == 0) ready.push_back(static_cast<int>(i));
    }
    gates_.reserve(gates.size());
    while (!ready.empty()) {
      const int g = ready.back();
      ready.pop_back();
      gates_.push_back(gates[static_cast<size_t>(g)]);
      for (const int f : fanout[static_cast<size_t>(g)]) {
        if (--pending[static_cast<size_t>(f)] == 0) ready.push_back(f);
      }
    }
    if (gates_.size() != gates.size()) {
      for (size_t i = 0; i < gates.size(); ++i) {
        if (pending[i] > 0) throw NetlistModelError("netlist: a combinational loop runs through cell " + *gates[i].cell);
      }
    }
  }

  void map_ports(const flow::Netlist& n, const Design& design) {
    for (const Port& p : design.ports) {
      const flow::NetlistPort* np = nullptr;
      for (const auto& q : n.ports) {
        if (q.name == p.name) np = &q;
      }
      if (np == nullptr || static_cast<int>(np->bits.size()) != p.width || np->input != (p.dir == Dir::In)) {
        throw ToolError("the netlist of " + n.top + " lacks port " + p.name + " as the design declares it");
      }
      ports_.push_back(DutPort{p.name, np->input, p.width});
      maps_.push_back(PortMap{np->input, np->bits});
    }
    ports_.push_back(DutPort{flow::kProbePort, false, static_cast<int>(n.net_bits.size())});
    maps_.push_back(PortMap{false, n.net_bits});
  }

  void settle() {
    for (const Gate& g : gates_) {
      values_[static_cast<size_t>(g.out)] = static_cast<uint8_t>((g.table >> row(values_, g.in, g.n)) & 1u);
    }
  }

  // The next value of each state element from the settled signals; applies them all; true if any changed.
  bool update_state() {
    next_.clear();
    for (auto& s : state_) {
      const CellLogic& l = *s.logic;
      const unsigned r = row(values_, s.in, s.n);
      const bool q = values_[static_cast<size_t>(s.q)] != 0;
      const bool clock = flow::table_row(l.clock, r);
      const bool clear = flow::table_row(l.clear, r), preset = flow::table_row(l.preset, r);
      bool next = q;
      if (clear && preset) {
        next = l.clear_and_preset == 'H' ? true : l.clear_and_preset == 'N' ? q : l.clear_and_preset == 'T' ? !q
                                                                                                            : false;
      } else if (clear || preset) {
        next = preset;
      } else if (l.kind == CellLogic::Kind::Latch ? clock : clock && !s.clock_was) {
        next = flow::table_row(l.data, r);
      }
      s.clock_was = clock;
      next_.push_back(next);
    }
    bool changed = false;
    for (size_t i = 0; i < state_.size(); ++i) {
      uint8_t& q = values_[static_cast<size_t>(state_[i].q)];
      if (q == static_cast<uint8_t>(next_[i])) continue;
      changed = true;
      q = static_cast<uint8_t>(next_[i]);
      values_[static_cast<size_t>(state_[i].qn)] = q ^ 1u;
    }
    return changed;
  }

  std::map<std::string, CellLogic> logic_;  // node-based: StateElement points into it
  std::vector<uint8_t> values_;             // every signal: 0, 1, the netlist's bits, then the state variables
  std::vector<Gate> gates_;                 // in evaluation order
  std::vector<StateElement> state_;
  std::vector<bool> next_;
  std::vector<DutPort> ports_;
  std::vector<PortMap> maps_;
};

}  // namespace

std::unique_ptr<Dut> netlist_dut(const flow::Netlist& n, const flow::LibertyLibrary& lib, const Design& design,
                                 uint64_t seed) {
  return std::make_unique<NetlistDut>(n, lib, design, seed);
}

}  // namespace bf::verif
