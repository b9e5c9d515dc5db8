// The netlist evaluator of `ppa` (harness/netlist_eval.hpp) against answers known without it: Liberty expression
// precedence; every osu018 logic cell's table against the cell's Boolean definition written out here; flip-flop,
// clear/preset and latch behaviour as the Liberty ff/latch groups define it; a mapped 6-bit adder exhaustively
// against a + b; and the netlists it must refuse.
#include <gtest/gtest.h>

#include <functional>

#include "base/errors.hpp"
#include "core/design.hpp"
#include "flow/area.hpp"
#include "flow/cell_logic.hpp"
#include "flow/flow_error.hpp"
#include "flow/liberty.hpp"
#include "flow/netlist.hpp"
#include "harness/netlist_eval.hpp"
#include "util/files.hpp"
#include "util/tempdir.hpp"

namespace fs = std::filesystem;
using namespace bf::flow;

namespace {

const fs::path kLiberty = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";

const LibertyLibrary& osu018() {
  static const LibertyLibrary lib = read_liberty(kLiberty);
  return lib;
}

// The truth table of f over n variables (variable i is bit i of the row).
uint64_t table_of(int n, const std::function<bool(unsigned)>& f) {
  uint64_t t = 0;
  for (unsigned r = 0; r < (1u << n); ++r) {
    if (f(r)) t |= uint64_t{1} << r;
  }
  return t;
}

bool bit(unsigned r, int i) { return ((r >> i) & 1u) != 0; }

TEST(CellLogic, LibertyExpressionPrecedence) {
  const std::vector<std::string> v = {"A", "B", "C"};
  const auto a = [](unsigned r) { return bit(r, 0); };
  const auto b = [](unsigned r) { return bit(r, 1); };
  const auto c = [](unsigned r) { return bit(r, 2); };
  EXPECT_EQ(expression_table("A B+C", v, "t"), table_of(3, [&](unsigned r) { return (a(r) && b(r)) || c(r); }));
  EXPECT_EQ(expression_table("A+B C", v, "t"), table_of(3, [&](unsigned r) { return a(r) || (b(r) && c(r)); }));
  EXPECT_EQ(expression_table("A^B C", v, "t"), table_of(3, [&](unsigned r) { return (a(r) != b(r)) && c(r); }));
  EXPECT_EQ(expression_table("A&B|C'", v, "t"), table_of(3, [&](unsigned r) { return (a(r) && b(r)) || !c(r); }));
  EXPECT_EQ(expression_table("!(A*B)", v, "t"), table_of(3, [&](unsigned r) { return !(a(r) && b(r)); }));
  EXPECT_EQ(expression_table("!A !B", v, "t"), table_of(3, [&](unsigned r) { return !a(r) && !b(r); }));
  EXPECT_EQ(expression_table("1", v, "t"), table_of(3, [](unsigned) { return true; }));
  EXPECT_THROW(expression_table("A+", v, "t"), FlowError);
  EXPECT_THROW(expression_table("(A B", v, "t"), FlowError);
  EXPECT_THROW(expression_table("A D", v, "t"), FlowError);
}

// Each logic cell of osu018 (pins in file order: A, B, C, D, S ...) against its definition.
TEST(CellLogic, EveryOsu018LogicCellMatchesItsDefinition) {
  using F = std::function<bool(unsigned)>;
  const auto A = [](unsigned r) { return bit(r, 0); };
  const auto B = [](unsigned r) { return bit(r, 1); };
  const auto C = [](unsigned r) { return bit(r, 2); };
  const auto D = [](unsigned r) { return bit(r, 3); };
  const std::map<std::string, F> def = {
      {"AND2X1", [&](unsigned r) { return A(r) && B(r); }},
      {"AOI21X1", [&](unsigned r) { return !((A(r) && B(r)) || C(r)); }},
      {"AOI22X1", [&](unsigned r) { return !((A(r) && B(r)) || (C(r) && D(r))); }},
      {"BUFX2", A},
      {"INVX1", [&](unsigned r) { return !A(r); }},
      {"NAND2X1", [&](unsigned r) { return !(A(r) && B(r)); }},
      {"NAND3X1", [&](unsigned r) { return !(A(r) && B(r) && C(r)); }},
      {"NOR2X1", [&](unsigned r) { return !(A(r) || B(r)); }},
      {"NOR3X1", [&](unsigned r) { return !(A(r) || B(r) || C(r)); }},
      {"OAI21X1", [&](unsigned r) { return !((A(r) || B(r)) && C(r)); }},
      {"OAI22X1", [&](unsigned r) { return !((A(r) || B(r)) && (C(r) || D(r))); }},
      {"OR2X1", [&](unsigned r) { return A(r) || B(r); }},
      {"XNOR2X1", [&](unsigned r) { return A(r) == B(r); }},
      {"XOR2X1", [&](unsigned r) { return A(r) != B(r); }},
  };
  for (const auto& [name, f] : def) {
    const CellLogic l = cell_logic(*osu018().find(name));
    ASSERT_EQ(l.outputs.size(), 1u) << name;
    EXPECT_EQ(l.outputs[0].table, table_of(static_cast<int>(l.inputs.size()), f)) << name;
  }
  // The two-output adders and the inverting mux, by pin name.
  const CellLogic fa = cell_logic(*osu018().find("FAX1"));
  ASSERT_EQ(fa.inputs, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(fa.outputs.size(), 2u);
  for (const auto& o : fa.outputs) {
    const F sum = [&](unsigned r) { return (A(r) + B(r) + C(r)) % 2 == 1; };
    const F carry = [&](unsigned r) { return A(r) + B(r) + C(r) >= 2; };
    EXPECT_EQ(o.table, table_of(3, o.pin == "YS" ? sum : carry)) << "FAX1 " << o.pin;
  }
  const CellLogic mux = cell_logic(*osu018().find("MUX2X1"));
  const auto pin = [&](const std::string& p, unsigned r) {
    for (size_t i = 0; i < mux.inputs.size(); ++i) {
      if (mux.inputs[i] == p) return bit(r, static_cast<int>(i));
    }
    ADD_FAILURE() << "MUX2X1 has no pin " << p;
    return false;
  };
  EXPECT_EQ(mux.outputs.at(0).table, table_of(3, [&](unsigned r) { return !(pin("S", r) ? pin("A", r) : pin("B", r)); }));
  EXPECT_THROW(cell_logic(*osu018().find("TBUFX1")), FlowError);  // three-state: refused, not guessed
}

// A netlist built by hand: cells of osu018 between named one-bit ports.
struct Hand {
  Netlist n;
  bf::Design d;
  int next = 2;

  int port(const std::string& name, bool input) {
    n.ports.push_back({name, input, {next}});
    d.ports.push_back(bf::Port{name, input ? bf::Dir::In : bf::Dir::Out, 1, false, "", false});
    n.max_bit = next;
    return next++;
  }
  void cell(const std::string& type, std::vector<NetlistPin> pins) {
    n.cells.push_back({"c_" + std::to_string(n.cells.size()), type, {}, std::move(pins)});
  }
  std::unique_ptr<bf::verif::Dut> dut(uint64_t seed = 1) { return bf::verif::netlist_dut(n, osu018(), d, seed); }
};

struct Drive {
  bf::verif::Dut& dut;
  void set(size_t port, uint32_t v) { dut.set(port, &v); }
  uint32_t get(size_t port) {
    uint32_t v = 0;
    dut.get(port, &v);
    return v;
  }
};

TEST(NetlistEval, FlipFlopsClearPresetAndLatchFollowTheirLibertyGroups) {
  Hand h;
  const int d = h.port("d", true), clk = h.port("clk", true), r = h.port("r", true), s = h.port("s", true);
  const int qp = h.port("qp", false), qn = h.port("qn", false), qsr = h.port("qsr", false), ql = h.port("ql", false);
  h.cell("DFFPOSX1", {{"D", false, d}, {"CLK", false, clk}, {"Q", true, qp}});
  h.cell("DFFNEGX1", {{"D", false, d}, {"CLK", false, clk}, {"Q", true, qn}});
  h.cell("DFFSR", {{"D", false, d}, {"CLK", false, clk}, {"R", false, r}, {"S", false, s}, {"Q", true, qsr}});
  h.cell("LATCH", {{"D", false, d}, {"CLK", false, clk}, {"Q", true, ql}});
  auto dut = h.dut();
  Drive io{*dut};
  const size_t D = 0, CLK = 1, R = 2, S = 3, QP = 4, QN = 5, QSR = 6, QL = 7;
  // Clear (R low) holds Q at 0 at once, with no clock edge; preset (S low) at 1; both: 0 (clear_preset_var1 L).
  io.set(CLK, 0), io.set(R, 0), io.set(S, 1), io.set(D, 1), dut->eval();
  EXPECT_EQ(io.get(QSR), 0u);
  io.set(R, 1), io.set(S, 0), dut->eval();
  EXPECT_EQ(io.get(QSR), 1u);
  io.set(R, 0), dut->eval();
  EXPECT_EQ(io.get(QSR), 0u);
  io.set(R, 1), io.set(S, 1), dut->eval();
  EXPECT_EQ(io.get(QSR), 0u);  // released: holds until a clock edge
  io.set(D, 0), io.set(CLK, 1), dut->eval();  // rising edge with D = 0; the latch opens
  EXPECT_EQ(io.get(QP), 0u);
  EXPECT_EQ(io.get(QSR), 0u);
  EXPECT_EQ(io.get(QL), 0u);
  io.set(D, 1), dut->eval();  // D changes while CLK stays high: no edge for the flip-flops, the latch follows
  EXPECT_EQ(io.get(QP), 0u);
  EXPECT_EQ(io.get(QSR), 0u);
  EXPECT_EQ(io.get(QL), 1u);
  io.set(CLK, 0), dut->eval();  // falling edge: the negative-edge flip-flop takes D = 1, the latch holds
  EXPECT_EQ(io.get(QN), 1u);
  EXPECT_EQ(io.get(QP), 0u);
  io.set(D, 0), dut->eval();
  EXPECT_EQ(io.get(QL), 1u);
  EXPECT_EQ(io.get(QN), 1u);
  io.set(D, 1), io.set(CLK, 1), dut->eval();  // rising edge with D = 1
  EXPECT_EQ(io.get(QP), 1u);
  EXPECT_EQ(io.get(QSR), 1u);
  EXPECT_EQ(io.get(QN), 1u);
}

TEST(NetlistEval, FlipFlopsStartFromTheSeedsRandomValues) {
  Hand h;
  const int clk = h.port("clk", true);
  std::vector<int> q;
  for (int i = 0; i < 32; ++i) {
    q.push_back(h.port("q" + std::to_string(i), false));
    h.cell("DFFPOSX1", {{"D", false, q.back()}, {"CLK", false, clk}, {"Q", true, q.back()}});
  }
  auto state = [&](uint64_t seed) {
    auto dut = h.dut(seed);
    Drive io{*dut};
    io.set(0, 0);
    dut->eval();
    uint32_t v = 0;
    for (size_t i = 0; i < 32; ++i) v |= io.get(i + 1) << i;
    return v;
  };
  EXPECT_EQ(state(7), state(7));
  EXPECT_NE(state(7), state(8));
  EXPECT_NE(state(7), 0u);
  EXPECT_NE(state(7), ~0u);
}

TEST(NetlistEval, RefusesLoopsTwoDriversAndUnknownCells) {
  Hand loop;
  const int a = loop.port("a", true), y = loop.port("y", false);
  loop.cell("NAND2X1", {{"A", false, a}, {"B", false, y}, {"Y", true, y}});
  EXPECT_THROW(loop.dut(), bf::verif::NetlistModelError);
  Hand two;
  const int b = two.port("b", true), z = two.port("z", false);
  two.cell("INVX1", {{"A", false, b}, {"Y", true, z}});
  two.cell("BUFX2", {{"A", false, b}, {"Y", true, z}});
  EXPECT_THROW(two.dut(), bf::verif::NetlistModelError);
  Hand unknown;
  const int c = unknown.port("c", true), w = unknown.port("w", false);
  unknown.cell("NOSUCHCELL", {{"A", false, c}, {"Y", true, w}});
  EXPECT_THROW(unknown.dut(), bf::verif::NetlistModelError);
  Hand tristate;
  const int e = tristate.port("e", true), t = tristate.port("t", false);
  tristate.cell("TBUFX1", {{"A", false, e}, {"EN", false, e}, {"Y", true, t}});
  EXPECT_THROW(tristate.dut(), bf::verif::NetlistModelError);
}

// A 6-bit a + b - c mapped by ABC, or onto the library's adder cells (MapOptions::adder_cells), checked on every
// input of the evaluator: 18 bits, so a and b exhaustively for each of 8 values of c (the extremes among them).
void check_mapped_adder(bool adder_cells) {
  bf::util::TempDir tmp("bf-neteval");
  const fs::path src = tmp.path() / "add6.sv";
  bf::util::write_text(src, "module add6(input logic [5:0] a_i, b_i, c_i, output logic [7:0] y_o);\n"
                            "  assign y_o = a_i + b_i - c_i;\nendmodule\n");
  const AreaReport r = run_area({src}, "add6", kLiberty, tmp.path() / "synth",
                                {.clock_ns = 2.0, .write_netlist = true, .adder_cells = adder_cells});
  EXPECT_EQ(r.cells_by_type.count("FAX1") > 0, adder_cells);
  const Netlist n = read_netlist(tmp.path() / "synth" / "net.json", "add6");
  bf::Design d;
  d.top = "add6";
  d.ports = {{"a_i", bf::Dir::In, 6, false, "", false}, {"b_i", bf::Dir::In, 6, false, "", false},
             {"c_i", bf::Dir::In, 6, false, "", false}, {"y_o", bf::Dir::Out, 8, false, "", false}};
  auto dut = bf::verif::netlist_dut(n, osu018(), d, 1);
  Drive io{*dut};
  for (const uint32_t c : {0u, 1u, 2u, 17u, 31u, 32u, 62u, 63u}) {
    for (uint32_t a = 0; a < 64; ++a) {
      for (uint32_t b = 0; b < 64; ++b) {
        io.set(0, a), io.set(1, b), io.set(2, c), dut->eval();
        ASSERT_EQ(io.get(3), (a + b - c) & 0xFFu) << "a " << a << " b " << b << " c " << c;
      }
    }
  }
}

TEST(NetlistEval, MappedAdderIsExact) { check_mapped_adder(false); }

TEST(NetlistEval, AdderCellsMappingIsExact) { check_mapped_adder(true); }

}  // namespace
