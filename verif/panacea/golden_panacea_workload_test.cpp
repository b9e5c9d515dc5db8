// Tests of the Panacea golden model (golden/panacea/panacea.hpp): workload counts (paper 003, Table I) of dense,
// zero-skipping and Panacea execution, by hand, by formula and against the rules.
// The references and generators: panacea_test_util.hpp.
#include "panacea/panacea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace bf::golden::panacea::panacea_test {
namespace {

// =========================================================================================================
// Workload counts (Table I)
// =========================================================================================================

// M = v = 4, K = 2, N = 4, k_w = 1, t = 0, z = 128 (r = 8), b = 4. W: k = 0 compressed (weights in [-8, 7]),
// k = 1 not (20 has HO 2). X: k = 0 not compressed (HO 12, 8, 0, 8), k = 1 compressed (all HO 8).
TEST(PanaceaWorkload, HandExampleOneCompressedVectorEach) {
  const Matrix w = mat(4, 2, {3, 20, -8, -9, 7, 0, -1, 5});
  const Matrix x = mat(2, 4, {200, 130, 5, 128, 128, 143, 135, 140});
  Config c;
  const Workload wl = workload(w, x, c);
  // Dense: 2 (k_w + 1) = 4 outer products per k, 2 k, 16 multiplications each: 128; one add per product.
  // Slices: W 4 x 2 x 2 + X 2 x 4 x 2 = 32.
  EXPECT_EQ(wl.dense, (WorkloadRow{128, 0, 128, 32, 0}));
  // Zero skipping: k = 0 loses HO_w x LO_x and HO_w x HO_x (W HO all 0); X's HO vectors are not all zero.
  // 6 products: 96 multiplications; dense loads.
  EXPECT_EQ(wl.zero_skip, (WorkloadRow{96, 0, 96, 32, 0}));
  // Panacea: k = 0: LO x LO and LO_w x HO_x; k = 1: LO x LO and HO_w x LO_x: 4 products, 64 multiplications.
  // Compensation: 4 adds (W[i][0], the one stored X k) + 4 (rowsum - partial) + 16 (into Y); 4 multiplies.
  // Loads: LO: W 4 x 2 x 1 + X 2 x 4 = 16; HO: one W vector + one X vector = 8 slices; two 4-bit indices.
  EXPECT_EQ(wl.panacea, (WorkloadRow{64, 4, 64 + 24, 24, 8}));
  EXPECT_EQ(wl.panacea.ema_bits(), 104u);
  EXPECT_EQ(wl.dense.ema_bits(), 128u);
  const GemmResult g = aqs_gemm(w, x, c);
  EXPECT_EQ(g.y, gemm::gemm(w, x));
  EXPECT_EQ(g.counters.static_products, 2u);
  EXPECT_EQ(g.counters.dynamic_products, 2u);
  EXPECT_EQ(g.counters.skipped_by_w, 2u);
  EXPECT_EQ(g.counters.skipped_by_x, 2u);

  // X's k = 0 vector all-zero HO (values < 16): not compressed for Panacea (r = 8), skipped by zero skipping:
  // k = 0 keeps only LO x LO: 5 products.
  const Matrix x0 = mat(2, 4, {10, 3, 0, 15, 128, 143, 135, 140});
  const Workload wl0 = workload(w, x0, c);
  EXPECT_EQ(wl0.zero_skip, (WorkloadRow{80, 0, 80, 32, 0}));
  EXPECT_EQ(wl0.panacea, wl.panacea);
  // At r = 0 (z = 5) X's k = 0 vector is Panacea-compressed too and k = 1 (HO 8) is not: k = 0: LO x LO only;
  // k = 1: everything: 5 products; compensation sums W[i][1] (stored X k = 1).
  c.z = 5;
  const Workload wl5 = workload(w, x0, c);
  EXPECT_EQ(wl5.panacea, (WorkloadRow{80, 4, 80 + 24, 24, 8}));
  EXPECT_EQ(wl5.zero_skip, (WorkloadRow{80, 0, 80, 32, 0}));
  EXPECT_EQ(aqs_gemm(w, x0, c).y, gemm::gemm(w, x0));
}

// Nothing compressed: every row executes everything; Panacea loads everything plus one index per vector.
// Everything compressed: Panacea runs only the static products (plus the run breakers every 2^b k); zero
// skipping gains on weights only (unless r = 0).
TEST(PanaceaWorkload, AllDenseAndAllCompressedFormulas) {
  std::mt19937_64 rng(11);
  for (int it = 0; it < 120; ++it) {
    Config c;
    c.k_w = it % 3;
    c.t = (it / 3) % 3;
    c.z = static_cast<int>(rng() % 256);
    c.v = 1 + static_cast<int>(rng() % 5);
    c.rle_bits = 1 + static_cast<int>(rng() % 4);
    const uint64_t Mb = 1 + rng() % 3, Nb = 1 + rng() % 3, K = 1 + rng() % 20;
    const uint64_t v = static_cast<uint64_t>(c.v), kw = static_cast<uint64_t>(c.k_w), b = static_cast<uint64_t>(c.rle_bits);
    const uint64_t M = Mb * v, N = Nb * v, vv = v * v, blocks = Mb * Nb;
    const int r = ref_r(c.z, c.t);
    SCOPED_TRACE(cfg_name(c) + " M " + std::to_string(M) + " K " + std::to_string(K) + " N " + std::to_string(N));

    const Matrix wu = gen_w(rng, static_cast<int>(M), static_cast<int>(K), c, 0.0);
    const Matrix xu = gen_x(rng, static_cast<int>(K), static_cast<int>(N), c, 0.0);
    const Workload d = workload(wu, xu, c);
    const WorkloadRow dense{M * N * K * 2 * (kw + 1), 0, M * N * K * 2 * (kw + 1), M * K * (kw + 1) + 2 * K * N, 0};
    EXPECT_EQ(d.dense, dense);
    EXPECT_EQ(d.panacea, (WorkloadRow{dense.slice_mults, blocks * v, dense.adds + blocks * (v * K + v + vv),
                                      dense.ema_slices, b * K * (Mb + Nb)}));
    // Zero skipping cannot skip W here (no HO vector is all zero); it may skip all-zero X vectors.
    EXPECT_LE(d.zero_skip.slice_mults, dense.slice_mults);
    EXPECT_EQ(d.zero_skip.ema_slices, dense.ema_slices);
    const GemmResult gd = aqs_gemm(wu, xu, c);
    EXPECT_EQ(gd.counters.static_products, blocks * K * kw);
    EXPECT_EQ(gd.counters.dynamic_products, blocks * K * (kw + 2));

    const Matrix wc = gen_w(rng, static_cast<int>(M), static_cast<int>(K), c, 1.0);
    const Matrix xc = gen_x(rng, static_cast<int>(K), static_cast<int>(N), c, 1.0);
    const Workload a = workload(wc, xc, c);
    EXPECT_EQ(a.dense, dense);
    // Run breakers: the (m * 2^b)-th k of each stream, q = floor(K / 2^b) of them, at the same k in every W and
    // X stream, so at those k every product runs.
    const uint64_t q = K >> b;
    const uint64_t products = blocks * (K * kw + q * (kw + 2));
    EXPECT_EQ(a.panacea, (WorkloadRow{products * vv, blocks * v, products * vv + blocks * (v * q + v + vv),
                                      M * K * kw + K * N + v * q * (Mb + Nb), b * q * (Mb + Nb)}));
    // Zero skipping: W's HO vectors are all zero; X's are all r, so all zero exactly when r = 0.
    const uint64_t zs = r == 0 ? blocks * K * kw : blocks * K * (2 * kw);
    EXPECT_EQ(a.zero_skip, (WorkloadRow{zs * vv, 0, zs * vv, dense.ema_slices, 0}));
    const GemmResult ga = aqs_gemm(wc, xc, c);
    EXPECT_EQ(ga.counters.skipped_by_w, blocks * (K - q) * 2);
    EXPECT_EQ(ga.counters.skipped_by_x, blocks * (K - q) * kw);
    EXPECT_EQ(ga.y, gemm::gemm(wc, ref_truncate(xc, c.t)));
  }
}

// Random inputs: zero skipping against its rule, Panacea's loads against the run rule.
TEST(PanaceaWorkload, RandomAgainstRules) {
  std::mt19937_64 rng(123);
  for (int it = 0; it < 200; ++it) {
    Config c;
    c.k_w = static_cast<int>(rng() % 3);
    c.t = static_cast<int>(rng() % 3);
    c.z = (it % 4 == 0) ? static_cast<int>(rng() % (16 << c.t)) : static_cast<int>(rng() % 256);  // r = 0 often
    c.v = 1 + static_cast<int>(rng() % 4);
    c.rle_bits = 1 + static_cast<int>(rng() % 4);
    const int M = c.v * (1 + static_cast<int>(rng() % 3)), N = c.v * (1 + static_cast<int>(rng() % 3));
    const int K = 1 + static_cast<int>(rng() % 20);
    const Matrix w = gen_w(rng, M, K, c, static_cast<double>(rng() % 5) / 4.0);
    // Activations: some vectors all-zero HO, some all r, some mixed.
    Matrix x(K, N);
    for (int k = 0; k < K; ++k) {
      for (int bj = 0; bj < N / c.v; ++bj) {
        const int kind = static_cast<int>(rng() % 3);
        for (int s = 0; s < c.v; ++s)
          x.at(k, bj * c.v + s) = kind == 0   ? static_cast<int64_t>(rng() % (16 << c.t))
                                  : kind == 1 ? gen_act(rng, c.t, ref_r(c.z, c.t), true)
                                              : static_cast<int64_t>(rng() % 256);
      }
    }
    SCOPED_TRACE(cfg_name(c) + " it " + std::to_string(it));
    const RefMaps m = ref_maps(w, x, c);
    const uint64_t v = static_cast<uint64_t>(c.v), kw = static_cast<uint64_t>(c.k_w);
    uint64_t zs = 0;
    for (int bi = 0; bi < M / c.v; ++bi) {
      for (int bj = 0; bj < N / c.v; ++bj) {
        for (int k = 0; k < K; ++k) {
          bool xz = true;
          for (int s = 0; s < c.v; ++s) xz = xz && x.at(k, bj * c.v + s) < (16 << c.t);
          const bool wz = m.w_comp[static_cast<size_t>(bi)][static_cast<size_t>(k)];
          zs += kw + (wz ? 0 : 1) + (xz ? 0 : kw) + (wz || xz ? 0 : 1);
        }
      }
    }
    uint64_t stored = 0;
    for (const auto* maps : {&m.w_comp, &m.x_comp})
      for (const auto& s : *maps) {
        const std::vector<bool> st = ref_stored(s, c.rle_bits);
        stored += static_cast<uint64_t>(std::count(st.begin(), st.end(), true));
      }
    const Workload wl = workload(w, x, c);
    const uint64_t Mu = static_cast<uint64_t>(M), Nu = static_cast<uint64_t>(N), Ku = static_cast<uint64_t>(K);
    EXPECT_EQ(wl.zero_skip, (WorkloadRow{zs * v * v, 0, zs * v * v, Mu * Ku * (kw + 1) + 2 * Ku * Nu, 0}));
    const Counters n = ref_counters(w, x, c);
    EXPECT_EQ(wl.panacea, (WorkloadRow{n.mults, n.comp_mults, n.mults + n.comp_adds,
                                       Mu * Ku * kw + Ku * Nu + v * stored, stored * static_cast<uint64_t>(c.rle_bits)}));
    EXPECT_EQ(aqs_gemm(w, x, c).y, gemm::gemm(w, ref_truncate(x, c.t)));
  }
}

}  // namespace
}  // namespace bf::golden::panacea::panacea_test
