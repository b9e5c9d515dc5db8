// The cycle counts `evaluate` charges for Panacea (data::panacea_cycles, a closed form of the pea.hpp contract at
// full rate) against panacea_core's RTL run by `sim` on the same GEMMs: random W and X whose HO vectors are
// compressible with a swept probability, shapes that need padding (M, N) and a short last K chunk.
// Seed: BITFORGE_SEED (default 1), printed.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "core/config.hpp"
#include "core/emit.hpp"
#include "data/gemm_io.hpp"
#include "data/net_panacea.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"
#include "util/tempdir.hpp"

namespace bf::data {
namespace {

namespace gg = golden::gemm;

TEST(NetCycles, PanaceaClosedFormMatchesTheCoreRtl) {
  const char* env = std::getenv("BITFORGE_SEED");
  const uint64_t seed = env && *env ? std::strtoull(env, nullptr, 10) : 1;
  std::printf("seed %llu (BITFORGE_SEED=%llu build/verif/rtl_tests --gtest_filter='NetCycles.*')\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  const PanaceaCore core{.peas = 2, .v = 4, .dwo = 4, .swo = 8, .k_w = 1, .kmax = 8, .rle_bits = 4};
  const Generated g = generate(resolve_config(
      {{"block", "panacea_core"}, {"name", "ncy_pc"}, {"params", {{"peas", 2}, {"kmax", 8}}}}, "net cycles"));
  util::TempDir tmp("bitforge-net-cycles");
  const verif::Model model =
      verif::Model::load(verif::build_model(g, tmp.path() / "model", verif::ModelOptions{.trace = false}).so);
  std::mt19937_64 rng(seed);
  for (int n = 0; n < 24; ++n) {
    const int m = 1 + int(rng() % 13), k = 1 + int(rng() % 30), cols = 1 + int(rng() % 9), t = int(rng() % 3);
    const int z = int(rng() % 256);
    const double p_w = double(rng() % 5) / 4, p_x = double(rng() % 5) / 4;  // chance a value has no HO bits / HO = r
    gg::Matrix w(m, k), x(k, cols);
    for (auto& e : w.v) e = (rng() % 1000) < p_w * 1000 ? int64_t(rng() % 15) - 7 : int64_t(rng() % 128) - 64;
    const int r = z >> (4 + t), span = 1 << (4 + t);
    for (auto& e : x.v) e = (rng() % 1000) < p_x * 1000 ? int64_t(r * span + int(rng() % uint64_t(span))) : int64_t(rng() % 256);
    const nlohmann::json in = {{"w", matrix_json(w)}, {"x", matrix_json(x)}, {"zero_point", z}, {"dbs_type", t + 1},
                               {"run", "aqs"}};
    const nlohmann::json out = verif::run_sim(g, model, in, verif::user_data_run());
    ASSERT_EQ(out["golden"], "match") << "case " << n;
    EXPECT_EQ(out["cycles"].get<uint64_t>(), panacea_cycles(core, w, x, z, t))
        << "case " << n << ": M " << m << ", K " << k << ", N " << cols << ", t " << t << ", z " << z << ", seed " << seed;
  }
}

}  // namespace
}  // namespace bf::data
