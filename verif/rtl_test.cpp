// Cycle-by-cycle verification of every test config's Verilator model (built at build time), and mutants:
// deliberately broken RTL that the same benches must reject with a precise report; and the benches' stream
// helpers (source, sink, watchdog) on their own.
//
// Seed: BITFORGE_SEED in the environment (default 1); it is printed with every result.
// Count: BITFORGE_COUNT overrides each bench's default number of random jobs (the `long` sweep raises it).
// Waveform: BITFORGE_TRACE_DIR=DIR writes DIR/<config>.vcd for each config.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/config.hpp"
#include "core/emit.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"
#include "harness/stream.hpp"
#include "util/files.hpp"
#include "util/tempdir.hpp"

namespace bf::verif {
namespace {

struct TestModel {
  const char* name;
  const char* config;
  const char* model_dir;
};

const TestModel kModels[] = {
#include "test_models.inc"
};

uint64_t seed_from_env() {
  const char* s = std::getenv("BITFORGE_SEED");
  return s && *s ? std::strtoull(s, nullptr, 10) : 1;
}

class Rtl : public ::testing::TestWithParam<TestModel> {};

TEST_P(Rtl, MatchesGoldenCycleByCycle) {
  const TestModel& t = GetParam();
  const Generated g = generate(load_config(t.config));
  const std::filesystem::path dir = t.model_dir;
  ASSERT_EQ(util::read_text(dir / "model.key"), model_key(g)) << "the model in " << t.model_dir
                                                         << " is out of date: rebuild (cmake --build build)";
  const Model model = Model::load(dir / "model.so");
  RunOptions opt;
  opt.seed = seed_from_env();
  if (const char* c = std::getenv("BITFORGE_COUNT"); c && *c) opt.count = std::atoi(c);
  if (const char* td = std::getenv("BITFORGE_TRACE_DIR"); td && *td) {
    opt.trace_path = (std::filesystem::path(td) / (std::string(t.name) + ".vcd")).string();
  }
  opt.repro = "BITFORGE_SEED=" + std::to_string(opt.seed) + " BITFORGE_TRACE_DIR=. build/verif/rtl_tests --gtest_filter='*" +
              t.name + "*'   (or: build/bin/bitforge verify " + t.config + " --seed " + std::to_string(opt.seed) +
              " --trace fail.vcd)";
  const VerifyReport r = run_verify(g, model, opt);
  std::printf("[ %s ] seed %llu: %s; %llu cycles, %llu checks\n", t.name, static_cast<unsigned long long>(opt.seed),
              r.summary.c_str(), static_cast<unsigned long long>(r.cycles),
              static_cast<unsigned long long>(r.checks));
  EXPECT_TRUE(r.ok) << r.failure_text(opt);
  EXPECT_GT(r.checks, 0u);
  EXPECT_GT(r.items, 0u);
}

INSTANTIATE_TEST_SUITE_P(TestConfigs, Rtl, ::testing::ValuesIn(kModels),
                         [](const ::testing::TestParamInfo<TestModel>& i) { return std::string(i.param.name); });

// A mutant: the generated RTL with one deliberate bug, which verification must catch.
struct Mutant {
  const char* what;
  nlohmann::json config;
  const char* from;  // text in the generated RTL
  const char* to;    // its broken replacement
};

class Mutants : public ::testing::TestWithParam<Mutant> {};

TEST_P(Mutants, AreCaughtWithAPreciseReport) {
  const Mutant& m = GetParam();
  Generated g = generate(resolve_config(m.config, "mutant"));
  int sites = 0;
  for (auto& f : g.rtl) {
    const auto pos = f.text.find(m.from);
    if (pos == std::string::npos) continue;
    sites += 1 + (f.text.find(m.from, pos + 1) != std::string::npos ? 1 : 0);
    f.text.replace(pos, std::string(m.from).size(), m.to);
  }
  ASSERT_EQ(sites, 1) << "the mutation site must occur exactly once in the generated RTL: " << m.from;
  util::TempDir tmp("bitforge-mutant");
  const ModelBuild b = build_model(g, tmp.path() / "model");
  RunOptions opt;
  opt.seed = seed_from_env();
  opt.repro = "reproduce-command";
  const VerifyReport r = run_verify(g, Model::load(b.so), opt);
  ASSERT_FALSE(r.ok) << m.what << ": the broken RTL passed verification";
  ASSERT_TRUE(r.mismatch.has_value());
  const std::string text_report = r.failure_text(opt);
  EXPECT_NE(text_report.find("MISMATCH at cycle "), std::string::npos) << text_report;
  EXPECT_NE(text_report.find("expected: "), std::string::npos) << text_report;
  EXPECT_NE(text_report.find("actual:   "), std::string::npos) << text_report;
  EXPECT_NE(text_report.find("seed:     " + std::to_string(opt.seed)), std::string::npos) << text_report;
  EXPECT_NE(text_report.find("reproduce: reproduce-command"), std::string::npos) << text_report;
  EXPECT_NE(r.mismatch->expected, r.mismatch->actual);
  std::printf("[ mutant: %s ] caught: %s", m.what, text_report.c_str());
}

const Mutant kMutants[] = {
    {"encoder: lower half rule inverted", {{"block", "spark_encoder"}, {"params", {{"bits", 8}}}},
     "if (hi[B-1] == hi[0]) begin", "if (hi[B-1] != hi[0]) begin"},
    {"encoder: saturation of -2^N dropped", {{"block", "spark_encoder"}, {"params", {{"bits", 6}, {"signed", true}}}},
     "abs_value[N] ? {N{1'b1}} : abs_value[N-1:0]", "abs_value[N-1:0]"},
    {"encoder: output register not reset",
     {{"block", "spark_encoder"}, {"params", {{"bits", 8}, {"pipeline", 1}}}},
     "valid_q <= 1'b0;", "valid_q <= 1'b1;"},
    {"decoder: ready ignores back-pressure", {{"block", "spark_decoder"}, {"params", {{"bits", 8}}}},
     "assign unit_ready_o = !valid_q || take_i;", "assign unit_ready_o = 1'b1;"},
    {"decoder: restored upper half uses U[B-1]", {{"block", "spark_decoder"}, {"params", {{"bits", 10}}}},
     "upper_q   <= {unit_i[0], unit_i[B-2:1], unit_i[0]};", "upper_q   <= unit_i[B-1:0];"},
    {"decoder: pending upper half not reset", {{"block", "spark_decoder"}, {"params", {{"bits", 8}}}},
     "rst_ni) begin\n      pending_q <= 1'b0;\n", "rst_ni) begin\n"},
    {"decoder: reset made synchronous", {{"block", "spark_decoder"}, {"params", {{"bits", 12}, {"signed", true}}}},
     "always_ff @(posedge clk_i or negedge rst_ni)", "always_ff @(posedge clk_i)"},
    {"encoder: reset made synchronous", {{"block", "spark_encoder"}, {"params", {{"bits", 8}, {"pipeline", 1}}}},
     "always_ff @(posedge clk_i or negedge rst_ni)", "always_ff @(posedge clk_i)"},
    {"encoder: code register not reset",
     {{"block", "spark_encoder"}, {"params", {{"bits", 10}, {"signed", true}, {"pipeline", 1}}}},
     "      code_q  <= '0;\n", ""},
    {"decoder: sign taken from nowhere", {{"block", "spark_decoder"}, {"params", {{"bits", 8}, {"signed", true}}}},
     "sign_q  <= unit_i[B];", "sign_q  <= 1'b0;"},
};

INSTANTIATE_TEST_SUITE_P(Spark, Mutants, ::testing::ValuesIn(kMutants));

const nlohmann::json kIa4x4 = {{"block", "int_array"}, {"params", {{"rows", 4}, {"cols", 4}}}};
const nlohmann::json kIa3x3Pe4 = {{"block", "int_array"}, {"params", {{"rows", 3}, {"cols", 3}, {"pe_bits", 4}}}};
const Mutant kArrayMutants[] = {
    {"int_array: no gap between jobs' last beats", kIa4x4, "assign gap_ok = gap_q == GW'(C);",
     "assign gap_ok = 1'b1;"},
    {"int_array: no stall on an unread row", kIa4x4, "if (full_q[r] && pe_v[r*C] && pe_l[r*C]) stall = step;",
     "if (1'b0) stall = step;"},
    {"int_array: row skew one stage too deep", kIa4x4, ".Depth(r), .Width(AT + 2)", ".Depth(r + 1), .Width(AT + 2)"},
    {"int_array: top A digit taken as unsigned", kIa3x3Pe4, "1'b1 && i == NA - 1", "1'b0 && i == NA - 1"},
    {"int_array: c_last on row 0", kIa4x4, "assign c_last_o = ptr_q == PTRW'(R - 1);",
     "assign c_last_o = ptr_q == PTRW'(0);"},
    {"int_array: no limit on jobs waiting for C (deadlocks a tall array)",
     {{"block", "int_array"}, {"params", {{"rows", 8}, {"cols", 2}}}}, "(gap_ok && jobs_q != 2'd2)", "gap_ok"},
    {"int_array: accumulator kept across jobs", kIa3x3Pe4, "res_q <= sum;\n          acc_q <= '0;", "res_q <= sum;"},
};
INSTANTIATE_TEST_SUITE_P(Gemm, Mutants, ::testing::ValuesIn(kArrayMutants));

const Mutant kAntMutants[] = {
    {"flint_decoder: exponent k instead of 2k", {{"block", "flint_decoder"}, {"params", {{"bits", 5}}}},
     "exp_val = EW'({lz, 1'b0});", "exp_val = EW'(lz);"},
    {"flint_decoder: 100...0 decodes to 2^(2M-3)", {{"block", "flint_decoder"}, {"params", {{"bits", 6}, {"signed", true}}}},
     "exp_val = EW'(2 * M - 2);", "exp_val = EW'(2 * M - 3);"},
    {"ant_decoder: pot exponent off by one", {{"block", "ant_decoder"}, {"params", {{"bits", 4}}}},
     "exp_o  = EW'(pot_mag - 1'b1);", "exp_o  = EW'(pot_mag);"},
    {"ant_decoder: signed int zero-extended", {{"block", "ant_decoder"}, {"params", {{"bits", 4}, {"signed", true}}}},
     "base_o = BW'($signed(code_i));", "base_o = $signed({1'b0, code_i});"},
    {"ant_pe: exponents not added", {{"block", "ant_pe"}, {"params", {{"bits", 4}}}},
     "assign shamt  = {1'b0, a_exp_i} + {1'b0, b_exp_i};", "assign shamt  = {1'b0, a_exp_i};"},
    {"ant_pe: clear ignored", {{"block", "ant_pe"}, {"params", {{"bits", 4}, {"signed", true}}}},
     "(clear_i ? '0 : acc_q)", "acc_q"},
    {"ant_array: B exponent dropped in the PE", {{"block", "ant_array"}, {"params", {{"rows", 2}, {"cols", 4}}}},
     "<< ({1'b0, a_exp} + {1'b0, b_exp});", "<< {1'b0, a_exp};"},
    {"ant_array: B decoded with A's type", {{"block", "ant_array"}, {"params", {{"rows", 2}, {"cols", 2}}}},
     ".type_i(b_type_i)", ".type_i(a_type_i)"},
    {"ant_array: 8-bit mode high A nibble weighted 2^3",
     {{"block", "ant_array"}, {"params", {{"rows", 2}, {"cols", 2}, {"a_signed", true}}}},
     "assign a_int8 = {3'(4),", "assign a_int8 = {3'(3),"},
    {"ant_array: 8-bit mode group sum misses a PE", {{"block", "ant_array"}, {"params", {{"rows", 4}, {"cols", 4}}}},
     " +\n                         pe_res[((r+1)*C+2*j)*CW +: CW] +", " +"},
    {"flint_encoder: ties toward the smaller value",
     {{"block", "flint_encoder"}, {"params", {{"bits", 4}, {"signed", true}, {"in_bits", 8}}}},
     "if (x2 >= 11'sd10) code_o", "if (x2 > 11'sd10) code_o"},
};
INSTANTIATE_TEST_SUITE_P(Ant, Mutants, ::testing::ValuesIn(kAntMutants));

const nlohmann::json kSpPe8 = {{"block", "spark_pe"}, {"params", {{"bits", 8}}}};
const nlohmann::json kSa3x3 = {{"block", "spark_array"}, {"params", {{"rows", 3}, {"cols", 3}}}};
const nlohmann::json kSa2x2Oe = {{"block", "spark_array"}, {"params", {{"rows", 2}, {"cols", 2}, {"output_encoder", true}}}};
const nlohmann::json kSpOe = {{"block", "spark_out_encoder"}, {"params", {{"cols", 3}}}};
const Mutant kSparkAccelMutants[] = {
    {"spark_pe: long x long in 3 cycles", kSpPe8, "{a_long_i && b_long_i, a_long_i || b_long_i}",
     "{a_long_i && b_long_i, a_long_i ^ b_long_i}"},
    {"spark_pe: high x high product shifted by B only", kSpPe8, "2'b11:   wide = PW'(sprod) <<< (2 * B);",
     "2'b11:   wide = PW'(sprod) <<< B;"},
    {"spark_pe: signs ignored", {{"block", "spark_pe"}, {"params", {{"bits", 6}, {"a_signed", true}}}},
     "assign neg     = a_sign_i ^ b_sign_i;", "assign neg     = 1'b0;"},
    {"spark_array: a FIFO refuses a push while it pops", kSa3x3, "assign room = cnt_q != DW'(D) || pop_i;",
     "assign room = cnt_q != DW'(D);"},
    {"spark_array: a job's last pair overwrites an unread result", kSa3x3,
     " && !(a_last && res_full_q);", ";"},
    {"spark_array: accumulator carried into the next job", kSa3x3, "if (pop) fresh_q <= a_last;",
     "if (pop) fresh_q <= 1'b0;"},
    {"spark_array: a forward register never empties", kSa3x3,
     "end else if (next_accept_i) begin\n        v_q <= 1'b0;", "end else if (next_accept_i) begin\n        v_q <= 1'b1;"},
    {"spark_array: reading a C row clears row 0", kSa3x3, "assign row_clear[r] = take && ptr_q == PTRW'(r);",
     "assign row_clear[r] = take && ptr_q == PTRW'(0);"},
    {"spark_array: unit_job_last on every row", kSa2x2Oe, "assign unit_job_last_o = unit_last_o && row_last_q;",
     "assign unit_job_last_o = unit_last_o;"},
    {"spark_out_encoder: round half down", kSpOe, "QW'(1) << (rq_shift_i - 6'd1);",
     "(QW'(1) << (rq_shift_i - 6'd1)) - QW'(1);"},
    {"spark_out_encoder: no clamp at the top", kSpOe, "if (shifted > QW'(255)) begin", "if (1'b0) begin"},
};
INSTANTIATE_TEST_SUITE_P(SparkAccel, Mutants, ::testing::ValuesIn(kSparkAccelMutants));

const nlohmann::json kEp53 = {{"block", "ebsp_pe"}, {"params", {{"act_bits", 5}, {"act_pattern", 3}, {"wgt_bits", 5}, {"wgt_pattern", 3}}}};
const nlohmann::json kEa3x5 = {{"block", "ebsp_array"}, {"params", {{"rows", 3}, {"lanes", 5}}}};
const Mutant kEbspMutants[] = {
    {"ebsp_pe: one LUT entry wrong ((4+1) x (4+1) stored as 24)", kEp53, "4'd5: entry = 6'd25;", "4'd5: entry = 6'd24;"},
    {"ebsp_pe: weight exponent not added", kEp53, "es2_q  <= ESW'(ea1_q) + ESW'(ew1_q);", "es2_q  <= ESW'(ea1_q);"},
    {"ebsp_pe: weight sign ignored", kEp53, "p3_q   <= z2_q ? '0 : s2_q ? -(CW'(pmag)) : CW'(pmag);",
     "p3_q   <= z2_q ? '0 : CW'(pmag);"},
    {"ebsp_pe: a zero weight not detected", kEp53, "z1_q   <= za || zw;", "z1_q   <= za;"},
    {"ebsp_pe: clear ignored", kEp53, "acc_q <= (c3_q ? '0 : acc_q) + p3_q;", "acc_q <= acc_q + p3_q;"},
    {"mult_pe: weight sign ignored", {{"block", "mult_pe"}, {"params", {{"act_bits", 5}, {"wgt_bits", 5}}}},
     "p1_q <= wgt_i[MW] ? -(CW'(pmag)) : CW'(pmag);", "p1_q <= CW'(pmag);"},
    {"ebsp_array: pipeline runs on while a result waits", kEa3x5,
     "assign en         = !(out_valid_q && !out_ready_i);", "assign en         = 1'b1;"},
    {"ebsp_array: accumulator carried into the next job", kEa3x5, "if (v4_q) first_q <= l4_q;",
     "if (v4_q) first_q <= 1'b0;"},
    {"ebsp_array: weights paired with the wrong activation lane", kEa3x5, "localparam int LANE = i % L;",
     "localparam int LANE = (i + 1) % L;"},
};
INSTANTIATE_TEST_SUITE_P(Ebsp, Mutants, ::testing::ValuesIn(kEbspMutants));

const nlohmann::json kPea = {{"block", "panacea_pea"}, {"params", {{"kmax", 12}}}};
const nlohmann::json kPeaDtp = {{"block", "panacea_pea"}, {"params", {{"kmax", 8}, {"dtp", true}}}};
const nlohmann::json kPeaDyn = {{"block", "panacea_pea"}, {"params", {{"kmax", 8}, {"dtp", true}, {"dyn_items", 4}}}};
const Mutant kPanaceaMutants[] = {
    {"panacea_opc: activation slice taken as signed", {{"block", "panacea_opc"}, {"params", {{"v", 2}}}},
     "assign x_s  = $signed({1'b0, x_i[j*4 +: 4]});", "assign x_s  = $signed({x_i[j*4+3], x_i[j*4 +: 4]});"},
    {"panacea_core: a PEA hands over its result before the others have theirs",
     {{"block", "panacea_core"}, {"params", {{"peas", 2}, {"kmax", 8}}}}, ".y_ready_i(y_ready_i && y_all)",
     ".y_ready_i(y_ready_i)"},
    {"panacea_pea: no compensation", kPea, "(CW'(r_q) << (4 + 32'(t_q)));", "CW'(0);"},
    {"panacea_pea: HO x HO product on either flag", kPea, "c == KW ? dw[m] : dw[m] && dx[m]);",
     "c == KW ? dw[m] : dw[m] || dx[m]);"},
    {"panacea_pea: RLE index ignored", kPea, "assign wh_at         = wpos_q + PB'(wh_data_i[l*HW +: B]);",
     "assign wh_at         = wpos_q;"},
    {"panacea_pea: static step skips an item", kPea, "fs_q <= fs_q + ns;", "fs_q <= fs_q + ns + QB'(st_work);"},
    {"panacea_pea: compensator ignores the HO weight slice", kPea, "wv = dw[m] ? PSW'", "wv = 1'b0 ? PSW'"},
    {"panacea_pea: flags not cleared between tiles", kPea, "else if (take_tile) wflag_q <= '0;",
     "else if (take_tile) wflag_q <= wflag_q;"},
    {"panacea_pea dtp: borrowed slots ignore the dynamic step", kPeaDtp,
     "nd = QB'((CB'(DWO) - used) >> (KW - 1));", "nd = QB'(CB'(DWO) >> (KW - 1));"},
    {"panacea_pea dtp: borrowed slots take items from the front", kPeaDtp, "assign u        = fe_q - QB'(n - S + 1);",
     "assign u        = fs_q + QB'(n);"},
    {"panacea_pea dtp: dynamic products always into lane 0", kPeaDtp, "if (pres[m*NC + c] && dlane[m] == 1'(l))",
     "if (pres[m*NC + c] && 1'(0) == 1'(l))"},
    {"panacea_pea dtp: compensation into the other lane", kPeaDtp, "if (dtake[m] && dx[m] && dlane[m] == 1'(l)) begin",
     "if (dtake[m] && dx[m] && !dlane[m] == 1'(l)) begin"},
    {"panacea_pea dtp: lane boundary of the static queue one item late", kPeaDtp,
     "assign ln         = L > 1 && u >= QB'(k_q);", "assign ln         = L > 1 && u > QB'(k_q);"},
    {"panacea_pea dyn_items: items packed beyond the DWOs", kPeaDyn, "cum + n <= CB'(DWO);", "1'b1;"},
    {"panacea_pea dyn_items: a slot taken when the one before it is not", kPeaDyn,
     "(m == 0 || dtake[m > 0 ? m - 1 : 0])", "1'b1"},
    {"panacea_pea dyn_items: qd moves past the first item only", kPeaDyn, "qnext = dq[m*QB +: QB] + 1'b1;",
     "qnext = m == 0 ? dq[m*QB +: QB] + 1'b1 : qnext;"},
    {"panacea_pea dyn_items: only the first item compensated", kPeaDyn,
     "if (dtake[m] && dx[m] && dlane[m] == 1'(l)) begin", "if (m == 0 && dtake[m] && dx[m] && dlane[m] == 1'(l)) begin"},
};
INSTANTIATE_TEST_SUITE_P(Panacea, Mutants, ::testing::ValuesIn(kPanaceaMutants));

// ---------------------------------------------------------------------------------------------- streams
// The stream helpers of verif/harness/stream.hpp on a DUT without ports (only the cycle count matters).

class NoPortsDut : public Dut {
 public:
  const std::vector<DutPort>& ports() const override { return ports_; }
  void set(size_t, const uint32_t*) override {}
  void get(size_t, uint32_t*) const override {}
  void eval() override {}
  bool open_trace(const std::string&) override { return false; }
  void dump(uint64_t) override {}
  void close_trace() override {}

 private:
  std::vector<DutPort> ports_;
};

struct NoPortsSim {
  Design design = [] {
    Design d;
    d.top = "no_ports";
    return d;
  }();
  Sim sim{std::make_unique<NoPortsDut>(), design, RunOptions{}};
};

TEST(Streams, SourceHoldsValidOnItsBeatUntilReady) {
  NoPortsSim t;
  Watchdog dog(t.sim, 100);
  Source src(dog, 2, Stalls(0.5));
  std::mt19937_64 rng(3);
  while (!src.offer(&rng)) t.sim.tick();  // random gap
  for (int i = 0; i < 5; ++i) {
    const std::mt19937_64 before = rng;
    EXPECT_TRUE(src.offer(&rng));  // held, without drawing
    EXPECT_EQ(rng, before);
    EXPECT_EQ(src.next(), 0u);
    EXPECT_FALSE(src.handshake(false));
  }
  EXPECT_TRUE(src.handshake(true));
  EXPECT_FALSE(src.valid());
  EXPECT_EQ(src.next(), 1u);
  EXPECT_TRUE(src.offer(nullptr));  // without rng: at once
  EXPECT_TRUE(src.handshake(true));
  EXPECT_TRUE(src.done());
  EXPECT_FALSE(src.offer(nullptr));
  EXPECT_FALSE(src.handshake(true));
}

TEST(Streams, SinkTakesOnlyWhenReadyAndDropsReadyInBursts) {
  NoPortsSim t;
  Watchdog dog(t.sim, 100);
  std::mt19937_64 rng(5);
  Sink never(dog, Stalls(0.0));
  EXPECT_FALSE(never.ready(&rng));
  EXPECT_FALSE(never.take(true));
  EXPECT_TRUE(never.ready(nullptr));  // without rng: always ready
  EXPECT_FALSE(never.take(false));
  EXPECT_TRUE(never.take(true));
  EXPECT_EQ(never.taken(), 1u);
  Sink always(dog), bursty(dog);
  bursty.set_stalls(Stalls(1.0), true);
  int lows = 0, bursts = 0;
  bool was_low = false;
  for (int i = 0; i < 20000; ++i) {
    EXPECT_TRUE(always.ready(&rng));
    const bool low = !bursty.ready(&rng);
    lows += low;
    bursts += low && !was_low;
    was_low = low;
  }
  // A burst starts with probability 1/16 outside one and lasts 1 to 64 cycles (about 32).
  EXPECT_GT(bursts, 100);
  EXPECT_GT(lows, 20 * bursts);
}

TEST(Streams, WatchdogFailsAfterTheIdleLimitCountedFromTheLastMove) {
  NoPortsSim t;
  Watchdog dog(t.sim, 5);
  Source src(dog, 10);
  uint64_t fired = 0;
  for (int i = 0; i < 100; ++i) {
    if (dog.stuck("y_valid_o", "the result", [] { return std::string("tile 0"); })) {
      fired = t.sim.cycle();
      break;
    }
    if (t.sim.cycle() == 3) {  // one beat moves at cycle 3: the count restarts there
      src.offer(nullptr);
      src.handshake(true);
    }
    t.sim.tick();
  }
  EXPECT_EQ(fired, 9u);
  ASSERT_TRUE(t.sim.failed());
  const Mismatch& m = *t.sim.report().mismatch;
  EXPECT_EQ(m.cycle, 9u);
  EXPECT_EQ(m.port, "y_valid_o");
  EXPECT_EQ(m.expected, "the result");
  EXPECT_EQ(m.actual, "none (no progress)");
  EXPECT_EQ(m.context, "tile 0; no beat moved on any stream since cycle 3 (idle limit 5 cycles)");
}

}  // namespace
}  // namespace bf::verif
