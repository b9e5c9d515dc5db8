// Cycle-by-cycle verification of every test config's Verilator model (built at build time), and mutants:
// deliberately broken RTL that the same benches must reject with a precise report.
//
// Seed: BITFORGE_SEED in the environment (default 1); it is printed with every result.
// Count: BITFORGE_COUNT overrides each bench's default number of random jobs (the `long` sweep raises it).
// Waveform: BITFORGE_TRACE_DIR=DIR writes DIR/<config>.vcd for each config.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/config.hpp"
#include "core/emit.hpp"
#include "harness/bench.hpp"
#include "harness/mutant.hpp"
#include "harness/model.hpp"
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

#define BF_FAMILY(f) INSTANTIATE_TEST_SUITE_P(f, Mutants, ::testing::ValuesIn(f::mutants()));
#include "core/families.def"
#undef BF_FAMILY

}  // namespace
}  // namespace bf::verif
