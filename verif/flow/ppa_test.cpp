// The ppa flow on designs whose answer is known: OpenSTA's delay grows with an adder's width; power follows the
// measured activity (none: leakage only; twice the toggles: twice the dynamic power); a register bank toggling
// every cycle costs the switching energy a hand calculation from the Liberty pin capacitances gives; and the
// post-synthesis check catches a netlist with two output bits swapped.
#include <gtest/gtest.h>

#include <fstream>

#include "core/config.hpp"
#include "core/emit.hpp"
#include "flow/area.hpp"
#include "flow/liberty.hpp"
#include "flow/netlist.hpp"
#include "flow/ppa.hpp"
#include "flow/sta.hpp"
#include "harness/netlist_sim.hpp"
#include "util/files.hpp"
#include "util/tempdir.hpp"

namespace fs = std::filesystem;
using namespace bf::flow;

namespace {

const fs::path kLiberty = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";

const char* kAdder = R"(module adder #(parameter int W = 4) (
  input  logic [W-1:0] a_i,
  input  logic [W-1:0] b_i,
  output logic [W:0]   y_o
);
  assign y_o = a_i + b_i;
endmodule
)";

// N flip-flops whose D is the inverse of their Q: every Q toggles on every clock edge.
const char* kToggleBank = R"(module tbank #(parameter int N = 8) (
  input  logic         clk_i,
  output logic [N-1:0] q_o
);
  logic [N-1:0] q;
  always_ff @(posedge clk_i) q <= ~q;
  assign q_o = q;
endmodule
)";

// A design synthesized with its netlist written, in its own work directory.
struct Mapped {
  bf::util::TempDir tmp{"bf-ppa-test"};
  StaDesign sta;
  Netlist netlist;
  AreaReport area;

  Mapped(const std::string& top, const std::string& text, bool clocked) {
    const fs::path src = tmp.path() / (top + ".sv");
    bf::util::write_text(src, text);
    area = run_area({src}, top, kLiberty, tmp.path() / "synth", {.clock_ns = 10.0, .write_netlist = true});
    sta = {kLiberty, tmp.path() / "synth" / "net.v", top, clocked, false};
    netlist = read_netlist(tmp.path() / "synth" / "net.json", top);
  }
};

std::string adder(int w) {
  std::string t = kAdder;
  t.replace(t.find("W = 4"), 5, "W = " + std::to_string(w));
  return t;
}

// Every cell's output toggling `a` times per cycle.
std::map<std::string, double> all_toggling(const Netlist& n, double a) {
  std::map<std::string, double> t;
  for (const auto& c : n.cells) t[c.name] = a;
  return t;
}

TEST(PpaTiming, DelayGrowsWithTheAdderWidth) {
  const Mapped narrow("adder", adder(4), false), wide("adder", adder(24), false);
  const TimingReport tn = run_sta_timing(narrow.sta, 50.0, narrow.tmp.path() / "sta");
  const TimingReport tw = run_sta_timing(wide.sta, 50.0, wide.tmp.path() / "sta");
  std::printf("[ adder ] 4 bits: %.3f ns over %d cells; 24 bits: %.3f ns over %d cells\n", tn.critical_path_ns,
              tn.path_cells, tw.critical_path_ns, tw.path_cells);
  EXPECT_GT(tn.critical_path_ns, 0.1);
  EXPECT_GT(tw.critical_path_ns, 2.0 * tn.critical_path_ns);
  EXPECT_GT(tw.path_cells, tn.path_cells);
  EXPECT_NEAR(tw.critical_path_ns, 50.0 - tw.slack_ns, 1e-9);
  EXPECT_NEAR(tw.fmax_mhz, 1000.0 / tw.critical_path_ns, 1e-9);
}

TEST(PpaPower, InputsThatNeverChangeCostLeakageOnly) {
  const Mapped m("adder", adder(8), false);
  const InstancePowerTables t = run_sta_power(m.sta, 10.0, m.tmp.path() / "sta");
  const PowerReport idle = combine_power(t, all_toggling(m.netlist, 0.0), 10.0, 100, "none");
  EXPECT_EQ(idle.internal_mw, 0.0);
  EXPECT_EQ(idle.switching_mw, 0.0);
  EXPECT_GT(idle.leakage_mw, 0.0);
  EXPECT_EQ(idle.total_mw, idle.leakage_mw);
}

TEST(PpaPower, TwiceTheTogglesTwiceTheDynamicPower) {
  const Mapped m("adder", adder(8), false);
  const InstancePowerTables t = run_sta_power(m.sta, 10.0, m.tmp.path() / "sta");
  const PowerReport once = combine_power(t, all_toggling(m.netlist, 0.25), 10.0, 100, "a");
  const PowerReport twice = combine_power(t, all_toggling(m.netlist, 0.5), 10.0, 100, "2a");
  EXPECT_GT(once.switching_mw, 0.0);
  EXPECT_NEAR(twice.switching_mw, 2 * once.switching_mw, 1e-9 * once.switching_mw);
  EXPECT_NEAR(twice.internal_mw, 2 * once.internal_mw, 1e-9 * once.internal_mw);
  EXPECT_EQ(twice.leakage_mw, once.leakage_mw);
}

// Switching power by hand: each net's load is the sum of the Liberty capacitances of the input pins it drives
// (osu018 has no wire-load model); a net toggling a times per cycle at period T costs 0.5 C V^2 a / T.
double hand_switching_mw(const Mapped& m, const LibertyLibrary& lib, double clock_ns) {
  const nlohmann::json j = nlohmann::json::parse(bf::util::read_text(m.tmp.path() / "synth" / "net.json"));
  double cap_pf = 0;
  for (const auto& [name, cell] : j["modules"]["tbank"]["cells"].items()) {
    const LibertyCell* lc = lib.find(cell["type"].get<std::string>());
    for (const auto& [pin, dir] : cell["port_directions"].items()) {
      if (dir != "input" || pin == "CLK") continue;  // the clock net is the clock's, not the bank's
      for (const auto& p : lc->pins) {
        if (p.name == pin) cap_pf += p.capacitance;
      }
    }
  }
  const double v = lib.nom_voltage;
  return 0.5 * cap_pf * 1e-12 * v * v / (clock_ns * 1e-9) * 1e3;
}

TEST(PpaPower, ToggleBankSwitchingMatchesTheLibertyByHand) {
  const Mapped m("tbank", kToggleBank, true);
  const LibertyLibrary lib = read_liberty(kLiberty);
  ASSERT_GT(lib.nom_voltage, 0);
  const InstancePowerTables t = run_sta_power(m.sta, 10.0, m.tmp.path() / "sta");
  const PowerReport p = combine_power(t, all_toggling(m.netlist, 1.0), 10.0, 100, "every cycle");
  const double hand = hand_switching_mw(m, lib, 10.0);
  std::printf("[ tbank ] switching %.6f mW (OpenSTA, scaled) vs %.6f mW by hand; internal %.6f mW\n",
              p.switching_mw, hand, p.internal_mw);
  EXPECT_GT(hand, 0);
  EXPECT_NEAR(p.switching_mw, hand, 0.02 * hand);
  EXPECT_GT(p.internal_mw, 0);
}

// The netlist with bits 0 and 1 of output port `port` swapped (a wiring mistake at the outputs).
Netlist swap_output_bits(Netlist n, const std::string& port) {
  for (auto& p : n.ports) {
    if (p.name == port) std::swap(p.bits.at(0), p.bits.at(1));
  }
  return n;
}

TEST(PpaPostSynthesis, MatchesAndCatchesSwappedOutputBits) {
  const bf::Generated g = bf::generate(bf::resolve_config(
      {{"block", "spark_decoder"}, {"name", "dec8"}, {"params", {{"bits", 8}}}}, "test"));
  bf::util::TempDir tmp("bf-ppa-post");
  bf::write_files(g.all_files(), tmp.path() / "rtl");
  std::vector<fs::path> files;
  for (const auto& f : g.rtl) files.push_back(tmp.path() / "rtl" / f.name);
  run_area(files, g.design.top, kLiberty, tmp.path() / "synth", {.clock_ns = 10.0, .write_netlist = true});
  const Netlist n = read_netlist(tmp.path() / "synth" / "net.json", g.design.top);
  const LibertyLibrary lib = read_liberty(kLiberty);

  const bf::verif::NetlistRun clean = bf::verif::simulate_netlist(g, n, lib, nullptr, "");
  EXPECT_TRUE(clean.match) << clean.failure;
  EXPECT_GT(clean.cycles, 0u);

  const Netlist broken = swap_output_bits(n, "value_o");
  ASSERT_NE(broken.ports, n.ports) << "value_o not found in the netlist";
  const bf::verif::NetlistRun bad = bf::verif::simulate_netlist(g, broken, lib, nullptr, "");
  EXPECT_FALSE(bad.match);
  EXPECT_NE(bad.failure.find("MISMATCH at cycle "), std::string::npos) << bad.failure;
}

// A netlist the evaluator cannot model (a three-state cell) falls back to the vectorless estimate, which says why
// and runs no check.
TEST(PpaPostSynthesis, UnsimulableNetlistFallsBackToVectorless) {
  const bf::Generated g = bf::generate(bf::resolve_config(
      {{"block", "spark_decoder"}, {"name", "dec8"}, {"params", {{"bits", 8}}}}, "test"));
  Netlist n;
  n.top = "dec8";
  n.nets = {"y"};
  n.net_bits = {3};
  n.max_bit = 3;
  n.cells.push_back({"c_0", "TBUFX1", {0}, {{"A", false, 2}, {"EN", false, 2}, {"Y", true, 3}}});
  const bf::verif::NetlistRun r = bf::verif::simulate_or_estimate(g, n, read_liberty(kLiberty), nullptr, "", 0.25);
  EXPECT_FALSE(r.simulated);
  EXPECT_NE(r.activity.find("vectorless (the netlist cannot be simulated"), std::string::npos) << r.activity;
  EXPECT_NE(r.activity.find("three-state"), std::string::npos) << r.activity;
  ASSERT_EQ(r.toggles.size(), 1u);
  EXPECT_EQ(static_cast<double>(r.toggles[0]) / static_cast<double>(r.cycles), 0.25);
}

}  // namespace
