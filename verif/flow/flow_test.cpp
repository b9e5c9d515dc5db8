// Tests of gen/flow: the Liberty reader, the yosys area / depth report and the three-tool lint.
// Small hand-written SystemVerilog designs are written to a temporary directory; the tools really run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "flow/area.hpp"
#include "flow/flow_error.hpp"
#include "flow/liberty.hpp"
#include "flow/lint.hpp"
#include "flow/registers.hpp"
#include "util/files.hpp"
#include "util/tempdir.hpp"

namespace fs = std::filesystem;
using bf::flow::AreaReport;
using bf::flow::FlowError;
using bf::flow::LintResult;

namespace {

const fs::path kLiberty = "/usr/share/qflow/tech/osu018/osu018_stdcells.lib";

// Facts read by eye from osu018_stdcells.lib (qflow-tech-osu018).
constexpr double kInvx1Area = 16;
constexpr double kNand2x1Area = 24;
constexpr double kDffsrArea = 176;
constexpr double kDffposx1Area = 96;

fs::path base_dir() {
  static const fs::path dir = [] {
    std::string templ = (fs::temp_directory_path() / "bf_flow_test_XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) std::abort();
    return fs::path(templ);
  }();
  return dir;
}

class CleanupEnv : public ::testing::Environment {
 public:
  void TearDown() override {
    if (std::getenv("BF_KEEP_TMP") == nullptr) {
      std::error_code ec;
      fs::remove_all(base_dir(), ec);
    }
  }
};
const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new CleanupEnv);

// Writes `text` to <base>/<dir>/<name> and returns the path.
fs::path write_sv(const std::string& dir, const std::string& name, const std::string& text) {
  const fs::path d = base_dir() / dir;
  fs::create_directories(d);
  const fs::path p = d / name;
  std::ofstream(p) << text;
  return p;
}

fs::path work(const std::string& name) { return base_dir() / name / "work"; }

const char* kRegAdd = R"(module regadd #(parameter int W = 8) (
  input  logic         clk,
  input  logic         rst_n,
  input  logic [W-1:0] a,
  input  logic [W-1:0] b,
  output logic [W-1:0] q
);
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) q <= '0;
    else        q <= a + b;
  end
endmodule
)";

const char* kComb = R"(module comb (
  input  logic [3:0] a,
  input  logic [3:0] b,
  output logic [3:0] y
);
  assign y = (a & b) ^ {b[2:0], a[3]};
endmodule
)";

const char* kMix = R"(module mix (
  input  logic [3:0] a,
  input  logic [3:0] b,
  output logic [3:0] y
);
  assign y = a ^ (b & {a[0], a[3:1]});
endmodule
)";

const char* kPair = R"(module pair (
  input  logic       clk,
  input  logic       rst_n,
  input  logic [3:0] a,
  input  logic [3:0] b,
  output logic [3:0] y
);
  logic [3:0] y0;
  logic [3:0] y1;
  mix u0 (.a(a),  .b(b), .y(y0));
  mix u1 (.a(y0), .b(a), .y(y1));
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) y <= '0;
    else        y <= y1 + b;
  end
endmodule
)";

const char* kLatch = R"(module latchy (
  input  logic en,
  input  logic d,
  output logic q
);
  always @* begin
    if (en) q = d;
  end
endmodule
)";

const char* kWidth = R"(module widthy (
  input  logic [7:0] a,
  input  logic [7:0] b,
  output logic [3:0] y
);
  assign y = a + b;
endmodule
)";

const char* kSyntax = R"(module broken (
  input  logic a,
  output logic y
);
  assign y = a +;
endmodule
)";

const LintResult& find_tool(const std::vector<LintResult>& results, const std::string& tool) {
  for (const auto& r : results) {
    if (r.tool == tool) return r;
  }
  throw std::runtime_error("no lint result for " + tool);
}

const bf::flow::ModuleArea& find_module(const AreaReport& r, const std::string& name) {
  for (const auto& m : r.modules) {
    if (m.name == name) return m;
  }
  throw std::runtime_error("no module " + name);
}

std::string throw_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const FlowError& e) {
    return e.what();
  }
  return "<no FlowError thrown>";
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Liberty reader

TEST(Liberty, Osu018KnownFacts) {
  const auto lib = bf::flow::read_liberty(kLiberty);
  EXPECT_EQ(lib.name, "osu018_stdcells");
  EXPECT_EQ(lib.cells.size(), 32u);
  ASSERT_NE(lib.find("INVX1"), nullptr);
  EXPECT_DOUBLE_EQ(lib.find("INVX1")->area, kInvx1Area);
  EXPECT_FALSE(lib.find("INVX1")->sequential);
  ASSERT_NE(lib.find("NAND2X1"), nullptr);
  EXPECT_DOUBLE_EQ(lib.find("NAND2X1")->area, kNand2x1Area);
  EXPECT_FALSE(lib.find("NAND2X1")->sequential);
  ASSERT_NE(lib.find("DFFSR"), nullptr);
  EXPECT_DOUBLE_EQ(lib.find("DFFSR")->area, kDffsrArea);
  EXPECT_TRUE(lib.find("DFFSR")->sequential);
  ASSERT_NE(lib.find("DFFPOSX1"), nullptr);
  EXPECT_DOUBLE_EQ(lib.find("DFFPOSX1")->area, kDffposx1Area);
  EXPECT_TRUE(lib.find("DFFPOSX1")->sequential);
  ASSERT_NE(lib.find("LATCH"), nullptr);
  EXPECT_TRUE(lib.find("LATCH")->sequential);  // a latch group
  EXPECT_EQ(lib.find("NOSUCHCELL"), nullptr);
}

TEST(Liberty, SyntaxVariants) {
  const std::string text = R"LIB(/* a header
  comment with cell (FAKE) { area : 1000; } inside */
library ( "demo" ) {
  // a line comment: cell (FAKE2) { area : 5; }
  time_unit : "1ns" ;
  capacitive_load_unit (1, pf);
  cell ( "A1" ) { area : 1.5e1
     pin (Y) { direction : output; function : "(A \
        & B)"; area : 99; }
  }
  cell(FF1){area:3;ff("IQ","IQN"){next_state:"D";clocked_on:"CLK";}}
  cell (L1) { area : \
     7.25 ; latch (Q, QN) { enable : "G" ; } }
  cell (NOAREA) { pin(A) { direction : input ; } }
  cell (NOSEMI) {
    area : 12
    pin(A) { direction : input }
  }
  cell (NEXTLINE) { area :
    4 ; }
}
)LIB";
  const auto lib = bf::flow::parse_liberty(text, "demo.lib");
  EXPECT_EQ(lib.name, "demo");
  ASSERT_EQ(lib.cells.size(), 6u);
  EXPECT_DOUBLE_EQ(lib.find("A1")->area, 15);  // the pin's "area" does not count
  EXPECT_FALSE(lib.find("A1")->sequential);
  EXPECT_DOUBLE_EQ(lib.find("FF1")->area, 3);
  EXPECT_TRUE(lib.find("FF1")->sequential);
  EXPECT_DOUBLE_EQ(lib.find("L1")->area, 7.25);
  EXPECT_TRUE(lib.find("L1")->sequential);
  EXPECT_DOUBLE_EQ(lib.find("NOAREA")->area, 0);
  EXPECT_FALSE(lib.find("NOAREA")->sequential);
  EXPECT_DOUBLE_EQ(lib.find("NOSEMI")->area, 12);
  EXPECT_DOUBLE_EQ(lib.find("NEXTLINE")->area, 4);
}

TEST(Liberty, Errors) {
  const std::string missing = throw_message([] { bf::flow::read_liberty(base_dir() / "no_such.lib"); });
  EXPECT_NE(missing.find("cannot read Liberty file"), std::string::npos) << missing;
  EXPECT_NE(missing.find("no_such.lib"), std::string::npos) << missing;
  const std::string dir = throw_message([] { bf::flow::read_liberty(base_dir()); });
  EXPECT_NE(dir.find("cannot read Liberty file"), std::string::npos) << dir;
  const std::string unbalanced =
      throw_message([] { bf::flow::parse_liberty("library (x) {\n cell (A) { area : 1;\n", "x.lib"); });
  EXPECT_NE(unbalanced.find("x.lib"), std::string::npos) << unbalanced;
  EXPECT_NE(unbalanced.find("missing '}'"), std::string::npos) << unbalanced;
  const std::string comment = throw_message([] { bf::flow::parse_liberty("library (x) { /* \n", "x.lib"); });
  EXPECT_NE(comment.find("unterminated comment"), std::string::npos) << comment;
  const fs::path empty = write_sv("lib_err", "empty.lib", "library (empty) { time_unit : \"1ns\"; }\n");
  const std::string no_cells = throw_message([&] { bf::flow::read_liberty(empty); });
  EXPECT_NE(no_cells.find("defines no cell"), std::string::npos) << no_cells;
  // FlowError is a std::runtime_error.
  EXPECT_THROW(bf::flow::read_liberty(base_dir() / "no_such.lib"), std::runtime_error);
}

// ---------------------------------------------------------------------------------------------------------
// Area

TEST(Area, RegisterPlusAdder) {
  const auto src = write_sv("regadd", "regadd.sv", kRegAdd);
  const AreaReport r = bf::flow::run_area({src}, "regadd", kLiberty, work("regadd"));
  EXPECT_EQ(r.top, "regadd");
  EXPECT_EQ(r.liberty, kLiberty.string());
  ASSERT_EQ(r.modules.size(), 1u);
  EXPECT_EQ(r.modules[0].name, "regadd");
  // Async active-low reset flops map to DFFSR, one per bit.
  ASSERT_TRUE(r.cells_by_type.count("DFFSR"));
  EXPECT_EQ(r.cells_by_type.at("DFFSR"), 8);
  EXPECT_DOUBLE_EQ(r.sequential_area_um2, 8 * kDffsrArea);
  EXPECT_GT(r.combinational_area_um2, 0);
  EXPECT_DOUBLE_EQ(r.total_area_um2, r.sequential_area_um2 + r.combinational_area_um2);
  EXPECT_GT(r.logic_depth, 0);
  int cells = 0;
  for (const auto& [type, n] : r.cells_by_type) cells += n;
  EXPECT_EQ(r.cells, cells);
  const auto& m = r.modules[0];
  EXPECT_DOUBLE_EQ(m.area_um2, r.total_area_um2);
  EXPECT_DOUBLE_EQ(m.total_area_um2, r.total_area_um2);
  EXPECT_EQ(m.cells, r.cells);
  EXPECT_EQ(m.logic_depth, r.logic_depth);  // a single module: flattened == own
  EXPECT_TRUE(fs::exists(work("regadd") / "area.ys"));
  EXPECT_TRUE(fs::exists(work("regadd") / "stat.json"));

  // Deterministic: a second run in another directory gives the same JSON and table.
  const AreaReport again = bf::flow::run_area({src}, "regadd", kLiberty, work("regadd2"));
  EXPECT_EQ(again.to_json().dump(), r.to_json().dump());
  EXPECT_EQ(again.to_table(), r.to_table());
  const std::string table = r.to_table();
  EXPECT_NE(table.find("regadd"), std::string::npos);
  EXPECT_NE(table.find("DFFSR"), std::string::npos);
}

TEST(Area, PureCombinational) {
  const auto src = write_sv("comb", "comb.sv", kComb);
  const AreaReport r = bf::flow::run_area({src}, "comb", kLiberty, work("comb"));
  EXPECT_DOUBLE_EQ(r.sequential_area_um2, 0);
  EXPECT_GT(r.combinational_area_um2, 0);
  EXPECT_DOUBLE_EQ(r.total_area_um2, r.combinational_area_um2);
  EXPECT_GT(r.cells, 0);
  EXPECT_GT(r.logic_depth, 0);
  EXPECT_FALSE(r.cells_by_type.count("DFFSR"));
  EXPECT_FALSE(r.cells_by_type.count("DFFPOSX1"));
}

TEST(Area, HierarchyKeptAndSummed) {
  const auto mix = write_sv("pair", "mix.sv", kMix);
  const auto pair = write_sv("pair", "pair.sv", kPair);
  const AreaReport r = bf::flow::run_area({mix, pair}, "pair", kLiberty, work("pair"));
  ASSERT_EQ(r.modules.size(), 2u);
  EXPECT_EQ(r.modules[0].name, "pair");  // top first
  EXPECT_EQ(r.modules[1].name, "mix");
  const auto& top = find_module(r, "pair");
  const auto& sub = find_module(r, "mix");
  // Submodule instances are listed by module name but are not cells and carry no own area.
  ASSERT_TRUE(top.cells_by_type.count("mix"));
  EXPECT_EQ(top.cells_by_type.at("mix"), 2);
  int own = 0;
  for (const auto& [type, n] : top.cells_by_type) own += type == "mix" ? 0 : n;
  EXPECT_EQ(top.cells, own);
  EXPECT_GT(sub.area_um2, 0);
  EXPECT_DOUBLE_EQ(sub.total_area_um2, sub.area_um2);
  EXPECT_DOUBLE_EQ(top.total_area_um2, top.area_um2 + 2 * sub.total_area_um2);
  EXPECT_DOUBLE_EQ(r.total_area_um2, top.total_area_um2);
  EXPECT_DOUBLE_EQ(r.sequential_area_um2, 4 * kDffsrArea);
  EXPECT_DOUBLE_EQ(r.total_area_um2, r.sequential_area_um2 + r.combinational_area_um2);
  EXPECT_EQ(r.cells, top.cells + 2 * sub.cells);
  EXPECT_FALSE(r.cells_by_type.count("mix"));  // whole-hierarchy counts are leaf cells
  // The two chained instances lie on one path of the flattened design.
  EXPECT_GT(sub.logic_depth, 0);
  EXPECT_GT(top.logic_depth, 0);
  EXPECT_GE(r.logic_depth, 2 * sub.logic_depth);
  EXPECT_GT(r.logic_depth, top.logic_depth);

  const auto j = r.to_json();
  for (const char* key : {"top", "liberty", "total_area_um2", "sequential_area_um2", "combinational_area_um2",
                          "cells", "logic_depth", "cells_by_type", "modules"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  ASSERT_TRUE(j["modules"].contains("pair"));
  ASSERT_TRUE(j["modules"].contains("mix"));
  for (const char* key : {"area_um2", "total_area_um2", "sequential_area_um2", "combinational_area_um2", "cells",
                          "cells_by_type", "logic_depth"}) {
    EXPECT_TRUE(j["modules"]["mix"].contains(key)) << key;
  }
  EXPECT_EQ(j["modules"]["pair"]["cells_by_type"]["mix"], 2);
  EXPECT_EQ(j["cells_by_type"]["DFFSR"], 4);
  EXPECT_EQ(j["top"], "pair");

  // The hierarchical design is clean for all three lint tools.
  const auto lint = bf::flow::run_lint({mix, pair}, "pair", work("pair_lint"));
  ASSERT_EQ(lint.size(), 3u);
  for (const auto& l : lint) EXPECT_TRUE(l.ok) << l.tool << ": " << l.command << "\n" << l.log;
}

// Three levels (quad -> pair -> mix): Yosys 0.23 then writes instance-count lines into `stat -json`, which
// run_area must tolerate, and the totals still add up level by level.
TEST(Area, ThreeLevelHierarchy) {
  const char* kQuad = R"(module quad (
  input  logic       clk,
  input  logic       rst_n,
  input  logic [3:0] a,
  input  logic [3:0] b,
  output logic [3:0] y
);
  logic [3:0] y0;
  pair u0 (.clk(clk), .rst_n(rst_n), .a(a), .b(b), .y(y0));
  pair u1 (.clk(clk), .rst_n(rst_n), .a(y0), .b(b), .y(y));
endmodule
)";
  const auto mix = write_sv("quad", "mix.sv", kMix);
  const auto pair = write_sv("quad", "pair.sv", kPair);
  const auto quad = write_sv("quad", "quad.sv", kQuad);
  const AreaReport r = bf::flow::run_area({mix, pair, quad}, "quad", kLiberty, work("quad"));
  ASSERT_EQ(r.modules.size(), 3u);
  const auto& top = find_module(r, "quad");
  const auto& mid = find_module(r, "pair");
  EXPECT_DOUBLE_EQ(top.total_area_um2, top.area_um2 + 2 * mid.total_area_um2);
  EXPECT_DOUBLE_EQ(r.total_area_um2, top.total_area_um2);
  EXPECT_DOUBLE_EQ(r.sequential_area_um2, 8 * kDffsrArea);
}

TEST(Area, LatchIsRejected) {
  const auto src = write_sv("latch", "latchy.sv", kLatch);
  const std::string msg = throw_message([&] { bf::flow::run_area({src}, "latchy", kLiberty, work("latch")); });
  EXPECT_NE(msg.find("latch"), std::string::npos) << msg;
  EXPECT_NE(msg.find("latchy"), std::string::npos) << msg;    // the module
  EXPECT_NE(msg.find("'q'"), std::string::npos) << msg;       // the signal
  EXPECT_NE(msg.find("latchy.sv:"), std::string::npos) << msg;  // where
}

TEST(Area, UnmappedCellIsAnError) {
  // A blackbox submodule is neither a Liberty cell nor a synthesized module.
  const auto src = write_sv("bbox", "bbox.sv", R"(
(* blackbox *) module opaque (input logic a, output logic y);
endmodule
module bbox (input logic a, input logic b, output logic y);
  logic t;
  opaque u (.a(a & b), .y(t));
  assign y = ~t;
endmodule
)");
  const std::string msg = throw_message([&] { bf::flow::run_area({src}, "bbox", kLiberty, work("bbox")); });
  EXPECT_NE(msg.find("unmapped cell type 'opaque'"), std::string::npos) << msg;
}

TEST(Area, BadInputs) {
  const auto src = write_sv("bad_inputs", "comb.sv", kComb);
  EXPECT_THROW(bf::flow::run_area({src}, "comb", base_dir() / "missing.lib", work("bad_inputs")), FlowError);
  EXPECT_THROW(bf::flow::run_area({base_dir() / "missing.sv"}, "comb", kLiberty, work("bad_inputs")), FlowError);
  EXPECT_THROW(bf::flow::run_area({src}, "comb; flatten", kLiberty, work("bad_inputs")), FlowError);
  const std::string msg = throw_message([&] { bf::flow::run_area({src}, "nosuchtop", kLiberty, work("bad_inputs")); });
  EXPECT_NE(msg.find("yosys failed"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nosuchtop"), std::string::npos) << msg;
}

// ---------------------------------------------------------------------------------------------------------
// Lint

TEST(Lint, CleanDesignPassesAllTools) {
  const auto src = write_sv("lint_clean", "regadd.sv", kRegAdd);
  const auto results = bf::flow::run_lint({src}, "regadd", work("lint_clean"));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].tool, "verilator");
  EXPECT_EQ(results[1].tool, "iverilog");
  EXPECT_EQ(results[2].tool, "yosys");
  for (const auto& r : results) {
    EXPECT_TRUE(r.ok) << r.tool << ": " << r.command << "\n" << r.log;
    EXPECT_NE(r.command.find(r.tool), std::string::npos);
  }
  EXPECT_NE(results[0].command.find("-Wall"), std::string::npos);
  EXPECT_TRUE(fs::exists(work("lint_clean") / "iv.out"));
}

TEST(Lint, LatchFailsYosys) {
  const auto src = write_sv("lint_latch", "latchy.sv", kLatch);
  const auto results = bf::flow::run_lint({src}, "latchy", work("lint_latch"));
  const auto& y = find_tool(results, "yosys");
  EXPECT_FALSE(y.ok);
  EXPECT_NE(y.log.find("inferred latch"), std::string::npos) << y.log;
  EXPECT_NE(y.log.find("'q'"), std::string::npos) << y.log;
  EXPECT_TRUE(find_tool(results, "iverilog").ok) << find_tool(results, "iverilog").log;
  EXPECT_FALSE(find_tool(results, "verilator").ok);  // -Wall: LATCH warning
}

// Two drivers on one net: elaborates, but Yosys' `check -assert` rejects it.
const char* const kTwoDrivers = R"(module twodrv (
  input  logic a_i,
  input  logic b_i,
  output logic y_o
);
  assign y_o = a_i;
  assign y_o = b_i;
endmodule
)";

TEST(Lint, MultipleDriversFailYosysCheck) {
  const auto src = write_sv("lint_twodrv", "twodrv.sv", kTwoDrivers);
  const auto results = bf::flow::run_lint({src}, "twodrv", work("lint_twodrv"));
  const auto& y = find_tool(results, "yosys");
  EXPECT_FALSE(y.ok) << y.log;
  EXPECT_NE(y.log.find("multiple conflicting drivers"), std::string::npos) << y.log;
}

TEST(Lint, GenericSynthesisOnlyWhenAsked) {
  const auto src = write_sv("lint_synth", "regadd.sv", kRegAdd);
  for (const bool full : {false, true}) {
    const auto results = bf::flow::run_lint({src}, "regadd", work("lint_synth"), full);
    EXPECT_TRUE(find_tool(results, "yosys").ok) << find_tool(results, "yosys").log;
    std::ifstream in(work("lint_synth") / "lint.ys");
    const std::string script((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(script.find("check -assert"), std::string::npos) << script;
    EXPECT_EQ(script.find("synth -noshare -top regadd") != std::string::npos, full) << script;
  }
}

TEST(Lint, VerilatorWarningFailsOnlyVerilator) {
  const auto src = write_sv("lint_width", "widthy.sv", kWidth);
  const auto results = bf::flow::run_lint({src}, "widthy", work("lint_width"));
  const auto& v = find_tool(results, "verilator");
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.log.find("%Warning-WIDTH"), std::string::npos) << v.log;
  EXPECT_TRUE(find_tool(results, "iverilog").ok) << find_tool(results, "iverilog").log;
  EXPECT_TRUE(find_tool(results, "yosys").ok) << find_tool(results, "yosys").log;
}

TEST(Lint, SyntaxErrorFailsAllWithoutThrowing) {
  const auto src = write_sv("lint_syntax", "broken.sv", kSyntax);
  std::vector<LintResult> results;
  ASSERT_NO_THROW(results = bf::flow::run_lint({src}, "broken", work("lint_syntax")));
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) {
    EXPECT_FALSE(r.ok) << r.tool;
    EXPECT_FALSE(r.log.empty()) << r.tool;
  }
  // run_area reports the same error as a FlowError, not as a latch.
  const std::string msg = throw_message([&] { bf::flow::run_area({src}, "broken", kLiberty, work("area_syntax")); });
  EXPECT_NE(msg.find("yosys failed"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("latch"), std::string::npos) << msg;
}

TEST(Lint, MissingFileFailsWithoutThrowing) {
  std::vector<LintResult> results;
  ASSERT_NO_THROW(results = bf::flow::run_lint({base_dir() / "nope.sv"}, "nope", work("lint_missing")));
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) EXPECT_FALSE(r.ok) << r.tool;
}

namespace {

// list_registers on a module with one register of each kind: `state_q` resets, `data_q` does not.
TEST(Registers, ListsEachRegisterWithAndWithoutReset) {
  bf::util::TempDir tmp("bf-regs");
  const auto src = tmp.path() / "regs.sv";
  bf::util::write_text(src, R"(module regs (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       en_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o,
  output logic [1:0] s_o
);
  logic [1:0] state_q;
  logic [7:0] data_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) state_q <= '0;
    else         state_q <= state_q + {1'b0, en_i};
  end
  always_ff @(posedge clk_i) if (en_i) data_q <= d_i;
  assign q_o = data_q;
  assign s_o = state_q;
endmodule
)");
  const auto regs = bf::flow::list_registers({src}, "regs", tmp.path() / "w");
  ASSERT_EQ(regs.size(), 2u);
  for (const auto& r : regs) {
    EXPECT_EQ(r.module, "regs");
    if (r.reset) {
      EXPECT_EQ(r.bits, 2);
      EXPECT_EQ(r.name, "state_q");
    } else {
      EXPECT_EQ(r.bits, 8);
      EXPECT_EQ(r.name, "data_q");
    }
  }
  const std::string t = bf::flow::registers_table(regs);
  EXPECT_NE(t.find("regs: 2 bits reset:"), std::string::npos) << t;
  EXPECT_NE(t.find("; 8 bits not reset:"), std::string::npos) << t;
}

}  // namespace
