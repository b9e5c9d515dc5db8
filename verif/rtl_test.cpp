// Cycle-by-cycle verification of every test config's Verilator model (built at build time), and mutants:
// deliberately broken RTL that the same benches must reject with a precise report; and the benches' stream
// helpers (source, sink, watchdog) on their own.
//
// Seed: BITFORGE_SEED in the environment (default 1); it is printed with every result.
// Count: BITFORGE_COUNT overrides each bench's default number of random jobs (the `long` sweep raises it).
// Waveform: BITFORGE_TRACE_DIR=DIR writes DIR/<config>.vcd for each config.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/config.hpp"
#include "core/emit.hpp"
#include "harness/bench.hpp"
#include "harness/mutant.hpp"
#include "harness/lanes.hpp"
#include "harness/model.hpp"
#include "harness/stream.hpp"
#include "util/files.hpp"
#include "util/tempdir.hpp"

// Every family's mutants (verif/<family>/<family>_mutants.cpp), declared from the one list of families.
#define BF_FAMILY(f) \
  namespace bf::verif::f { \
  std::vector<Mutant> mutants(); \
  }
#include "core/families.def"
#undef BF_FAMILY

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

// The models of these tests have no waveform code: it more than doubles a model's build time (pc_p2: 9.1 s with,
// 3.9 s without). The test configs' models are built so at build time (`bitforge model --no-trace`); with
// BITFORGE_TRACE_DIR a traced model is built beside one when asked. -O0 was tried for the mutants: it builds no
// faster than -O1 runs their benches.
constexpr ModelOptions kUntracedModel{.trace = false};

class Rtl : public ::testing::TestWithParam<TestModel> {};

TEST_P(Rtl, MatchesGoldenCycleByCycle) {
  const TestModel& t = GetParam();
  const Generated g = generate(load_config(t.config));
  const std::filesystem::path dir = t.model_dir;
  ASSERT_EQ(util::read_text(dir / "model.key"), model_key(g, kUntracedModel))
      << "the model in " << t.model_dir << " is out of date: rebuild (cmake --build build)";
  RunOptions opt;
  opt.seed = seed_from_env();
  if (const char* c = std::getenv("BITFORGE_COUNT"); c && *c) opt.count = std::atoi(c);
  std::filesystem::path so = dir / "model.so";
  if (const char* td = std::getenv("BITFORGE_TRACE_DIR"); td && *td) {
    opt.trace_path = (std::filesystem::path(td) / (std::string(t.name) + ".vcd")).string();
    so = build_model(g, dir / "traced").so;  // the build-time model has no waveform code: a traced one, kept
  }
  const Model model = Model::load(so);
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
  const ModelBuild b = build_model(g, tmp.path() / "model", kUntracedModel);
  RunOptions opt;
  opt.repro = "reproduce-command";
  const Model model = Model::load(b.so);
  // Registers start from random values drawn from the seed: a control register that misses its reset shows on
  // some seeds only (a one-bit flag starts right half the time), so up to 8 consecutive seeds are tried.
  VerifyReport r;
  for (uint64_t k = 0; k < 8 && r.ok; ++k) {
    opt.seed = seed_from_env() + k;
    r = run_verify(g, model, opt);
  }
  ASSERT_FALSE(r.ok) << m.what << ": the broken RTL passed verification on 8 seeds from " << seed_from_env();
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

// A mutant's test name: its description in lower case, every run of other characters an underscore
// ("panacea_pea: no compensation" -> panacea_pea_no_compensation), so that ctest and --gtest_filter can name it.
std::string mutant_name(const ::testing::TestParamInfo<Mutant>& i) {
  std::string name;
  for (const char* c = i.param.what; *c; ++c) {
    const unsigned char u = static_cast<unsigned char>(*c);
    if (std::isalnum(u)) {
      name += static_cast<char>(std::tolower(u));
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

#define BF_FAMILY(f) INSTANTIATE_TEST_SUITE_P(f, Mutants, ::testing::ValuesIn(f::mutants()), mutant_name);
#include "core/families.def"
#undef BF_FAMILY

// The k_max rule in RTL: int_array 2 x 2 with k_max 4 gets an 18-bit accumulator (8 + 8 + 2). K = 4 products of
// the most negative operands, 4 x 16384 = 65536, are exact; K = 8 give 2^17, which wraps to -2^17 (documented).
TEST(KMax, IntArrayIsExactAtKMaxAndWrapsBeyond) {
  const Generated g = generate(resolve_config(
      {{"block", "int_array"}, {"name", "ia_kmax"}, {"params", {{"rows", 2}, {"cols", 2}, {"k_max", 4}}}}, "kmax"));
  ASSERT_EQ(g.design.port("c_data_o")->width, 2 * 18);
  util::TempDir tmp("bitforge-kmax");
  const Model model = Model::load(build_model(g, tmp.path() / "model", kUntracedModel).so);
  const auto run = [&](int k) {
    const nlohmann::json in = {{"a", std::vector<std::vector<int>>(2, std::vector<int>(size_t(k), -128))},
                               {"b", std::vector<std::vector<int>>(size_t(k), std::vector<int>(2, -128))}};
    return run_sim(g, model, in, user_data_run());
  };
  const nlohmann::json at_k_max = run(4), beyond = run(8);
  EXPECT_EQ(at_k_max["c"], nlohmann::json::parse("[[65536, 65536], [65536, 65536]]"));
  EXPECT_EQ(beyond["c"], nlohmann::json::parse("[[-131072, -131072], [-131072, -131072]]"));
  EXPECT_EQ(at_k_max["golden"], "match");
  EXPECT_EQ(beyond["golden"], "match");
}

// A K mismatch never hangs an array silently: err_o (sticky) reports it. Every A row streams ka values of 1 and
// every B column kb values of 1, at full speed from the first cycle after reset (one unit per value: 1 is a short
// SPARK code), C always ready. Returns the first cycle err_o is 1 (counted from that first cycle), or -1 within
// `limit` cycles; fails the test if err_o ever falls again.
int first_error_cycle(const nlohmann::json& config, int ka, int kb, int limit) {
  const Generated g = generate(resolve_config(config, "kmismatch"));
  util::TempDir tmp("bitforge-kmismatch");
  const Model model = Model::load(build_model(g, tmp.path() / "model", kUntracedModel).so);
  Sim s(model.create(1), g.design, RunOptions{});
  s.reset();
  const int rows = static_cast<int>(config["params"]["rows"]), cols = static_cast<int>(config["params"]["cols"]);
  std::vector<int> sent_a(static_cast<size_t>(rows)), sent_b(static_cast<size_t>(cols));
  int first = -1;
  for (int cycle = 0; cycle < limit; ++cycle) {
    std::vector<int64_t> av, al, ad, bv, bl, bd;
    for (int r = 0; r < rows; ++r) {
      av.push_back(sent_a[size_t(r)] < ka);
      al.push_back(sent_a[size_t(r)] == ka - 1);
      ad.push_back(1);
    }
    for (int c = 0; c < cols; ++c) {
      bv.push_back(sent_b[size_t(c)] < kb);
      bl.push_back(sent_b[size_t(c)] == kb - 1);
      bd.push_back(1);
    }
    s.set_words(s.port("a_valid_i"), pack_lanes(av, 1));
    s.set_words(s.port("a_last_i"), pack_lanes(al, 1));
    s.set_words(s.port("a_data_i"), pack_lanes(ad, s.width(s.port("a_data_i")) / rows));
    s.set_words(s.port("b_valid_i"), pack_lanes(bv, 1));
    s.set_words(s.port("b_last_i"), pack_lanes(bl, 1));
    s.set_words(s.port("b_data_i"), pack_lanes(bd, s.width(s.port("b_data_i")) / cols));
    s.set(s.port("c_ready_i"), 1);
    s.eval();
    const bool err = s.get(s.port("err_o")) != 0;
    if (err && first < 0) first = cycle;
    EXPECT_TRUE(err || first < 0) << "err_o fell at cycle " << cycle;
    const auto ar = unpack_lanes(s.get_words(s.port("a_ready_o")), 1, size_t(rows), false);
    const auto br = unpack_lanes(s.get_words(s.port("b_ready_o")), 1, size_t(cols), false);
    for (int r = 0; r < rows; ++r) sent_a[size_t(r)] += av[size_t(r)] && ar[size_t(r)];
    for (int c = 0; c < cols; ++c) sent_b[size_t(c)] += bv[size_t(c)] && br[size_t(c)];
    s.tick();
  }
  return first;
}

TEST(KMismatch, IntArrayReportsItOnTheBeatWhereTheLastsDisagree) {
  const nlohmann::json cfg = {{"block", "int_array"}, {"params", {{"rows", 2}, {"cols", 3}}}};
  // Lock-step: beat i is taken at cycle i; the beat with last on some streams only is beat min(ka, kb) - 1, and
  // err_o shows on the next cycle.
  EXPECT_EQ(first_error_cycle(cfg, 5, 3, 40), 3);  // B shorter: B's last on beat 2
  EXPECT_EQ(first_error_cycle(cfg, 2, 6, 40), 2);  // A shorter
  EXPECT_EQ(first_error_cycle(cfg, 4, 4, 40), -1);
}

TEST(KMismatch, SparkArrayReportsItInsteadOfHanging) {
  const nlohmann::json cfg = {
      {"block", "spark_array"}, {"params", {{"rows", 2}, {"cols", 2}, {"a_signed", false}, {"b_signed", false}}}};
  // B shorter: before the fix PE (0, 0) waited for a fourth B operand that never came, and nothing said so.
  const int b_short = first_error_cycle(cfg, 4, 3, 60);
  EXPECT_GE(b_short, 3);  // decoder, FIFO, then three pops before the mismatched pair: never before cycle 3
  EXPECT_LE(b_short, 12);
  const int a_short = first_error_cycle(cfg, 2, 5, 60);
  EXPECT_GE(a_short, 2);
  EXPECT_LE(a_short, 12);
  EXPECT_EQ(first_error_cycle(cfg, 3, 3, 60), -1);
}

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

// A DUT of two outputs whose values the test sets: valid_o and data_o, data_o qualified by valid_o.
class TwoOutputsDut : public Dut {
 public:
  const std::vector<DutPort>& ports() const override { return ports_; }
  void set(size_t, const uint32_t*) override {}
  void get(size_t p, uint32_t* w) const override { w[0] = p == 0 ? valid : data; }
  void eval() override {}
  bool open_trace(const std::string&) override { return false; }
  void dump(uint64_t) override {}
  void close_trace() override {}
  uint32_t valid = 0, data = 0;

 private:
  std::vector<DutPort> ports_ = {{"valid_o", false, 1}, {"data_o", false, 8}};
};

TEST(Harness, ComparesAQualifiedDataOutputOnlyWhileItsValidIsHigh) {
  Design d;
  d.top = "two_outputs";
  d.ports = {{"valid_o", Dir::Out, 1, false, "", false}, qualified({"data_o", Dir::Out, 8, false, "", false}, "valid_o")};
  auto dut = std::make_unique<TwoOutputsDut>();
  TwoOutputsDut* raw = dut.get();
  Sim sim(std::move(dut), d, RunOptions{});
  raw->data = 99;
  EXPECT_TRUE(sim.expect(1, 5));  // valid low: unspecified, not compared
  EXPECT_EQ(sim.report().checks, 0u);
  EXPECT_TRUE(sim.expect(0, 0));  // the valid itself is always compared
  EXPECT_FALSE(sim.expect(0, 1));
  raw->valid = 1;
  EXPECT_TRUE(sim.expect(1, 99));
  EXPECT_FALSE(sim.expect_lanes(1, {5}, 8, false));
  EXPECT_EQ(sim.report().checks, 4u);
  // A qualifier that is not a 1-bit port is refused when the Sim is built.
  d.ports[1].valid = "data_o";
  d.ports[0].valid = "";
  EXPECT_THROW(Sim(std::make_unique<TwoOutputsDut>(), d, RunOptions{}), std::logic_error);
}

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
