// Tests of the Panacea golden model (golden/panacea/panacea.hpp): the AQS-GEMM against the plain integer GEMM and the
// documented counters: hand cases, exhaustive single products, sparsity sweeps, corners, errors.
// The references and generators: panacea_test_util.hpp.
#include "panacea/panacea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bf::golden::panacea::panacea_test {
namespace {

// =========================================================================================================
// AQS-GEMM
// =========================================================================================================

// v = 1, w = 5 (HO 0: skipped), x = 130 (HO 8 = r at z = 128: skipped). Executed: LO_w x LO_x = 5 * 2 = 10.
// Compensation: (8 << 4) * (rowsum 5 - partial 0) = 640. Y = 650 = 5 * 130.
TEST(PanaceaGemm, HandCompensation) {
  Config c;
  c.v = 1;
  const GemmResult g = aqs_gemm(mat(1, 1, {5}), mat(1, 1, {130}), c);
  EXPECT_EQ(g.y, mat(1, 1, {650}));
  Counters want;
  want.mults = 1;
  want.static_products = 1;
  want.skipped_by_w = 2;  // HO_w x LO_x, HO_w x HO_x
  want.skipped_by_x = 1;  // LO_w x HO_x
  want.comp_adds = 2;     // no stored X k; rowsum - partial; the add into Y
  want.comp_mults = 1;
  EXPECT_EQ(g.counters, want);
  // x = 200 (HO 12): stored, nothing to compensate: 5 * 200 = 1000 from LO 5 * (LO 8 + HO 12 << 4).
  const GemmResult h = aqs_gemm(mat(1, 1, {5}), mat(1, 1, {200}), c);
  EXPECT_EQ(h.y, mat(1, 1, {1000}));
  EXPECT_EQ(h.counters.dynamic_products, 1u);
  EXPECT_EQ(h.counters.comp_adds, 3u);  // W[0][0] into the partial sum, rowsum - partial, the add into Y
  // t = 2, z = 200 (r = 3): x = 255 -> x_t = 252, HO 3 skipped; w = -9 (HO -1, LO -1).
  // Executed: LO x LO: -1 * ((255 >> 2) & 15 = 15) << 2 = -60; HO_w x LO_x: -1 * 15 << (3 + 2) = -480.
  // Compensation: (3 << 6) * (-9 - 0) = -1728. Total -2268 = -9 * 252.
  c.t = 2;
  c.z = 200;
  EXPECT_EQ(aqs_gemm(mat(1, 1, {-9}), mat(1, 1, {255}), c).y, mat(1, 1, {-2268}));
}

// Every weight (k_w = 0 and 1) times every activation, at every t and every r: the 1 x 1 x 1 GEMM is w * x_t,
// the counters follow the rules.
TEST(PanaceaGemm, ExhaustiveSingleProducts) {
  int failures = 0;
  for (int k_w = 0; k_w <= 1; ++k_w) {
    for (int t = 0; t <= 2; ++t) {
      for (int r = 0; r < (16 >> t); ++r) {
        Config c;
        c.k_w = k_w;
        c.t = t;
        c.z = (r << (4 + t)) + (r % 5);  // any z of the bucket
        c.v = 1;
        c.rle_bits = 1 + r % 4;
        for (int64_t w = weight_min(k_w); w <= weight_max(k_w) && failures < 5; ++w) {
          for (int64_t x = 0; x < 256; ++x) {
            const Matrix wm = mat(1, 1, {w}), xm = mat(1, 1, {x});
            const GemmResult g = aqs_gemm(wm, xm, c);
            if (g.y.at(0, 0) != w * ref_trunc(x, t) || !(g.counters == ref_counters(wm, xm, c))) {
              ADD_FAILURE() << cfg_name(c) << " w " << w << " x " << x << ": " << g.y.at(0, 0);
              if (++failures >= 5) break;
            }
          }
        }
      }
    }
  }
}

// Random W and X with HO vector sparsity swept 0..100% for both operands, every k_w, t, several v and b (b = 1
// and 2 make explicit run breakers frequent): Y = W . X_t, the sparsities hit, maps and counters by the rules.
TEST(PanaceaGemm, SparsitySweep) {
  std::mt19937_64 rng(2025);
  const std::vector<double> levels{0.0, 0.25, 0.5, 0.8, 1.0};
  int runs = 0;
  for (int k_w = 0; k_w <= 2; ++k_w) {
    for (int t = 0; t <= 2; ++t) {
      for (const int v : {1, 2, 4, 5}) {
        for (const int b : {1, 2, 4}) {
          for (const double sw : levels) {
            for (const double sx : levels) {
              for (int rep = 0; rep < 3; ++rep) {
                Config c;
                c.k_w = k_w;
                c.t = t;
                c.z = static_cast<int>(rng() % 256);
                c.v = v;
                c.rle_bits = b;
                const int M = v * (1 + static_cast<int>(rng() % 3)), N = v * (1 + static_cast<int>(rng() % 3));
                const int K = 1 + static_cast<int>(rng() % 24);
                const Matrix w = gen_w(rng, M, K, c, sw);
                const Matrix x = gen_x(rng, K, N, c, sx);
                SCOPED_TRACE(cfg_name(c) + " M " + std::to_string(M) + " K " + std::to_string(K) + " N " +
                             std::to_string(N) + " sw " + std::to_string(sw) + " sx " + std::to_string(sx));
                const RefMaps m = ref_maps(w, x, c);
                const size_t wv = static_cast<size_t>(M / v * K), xv = static_cast<size_t>(N / v * K);
                ASSERT_EQ(count_true(m.w_comp), static_cast<size_t>(std::lround(sw * static_cast<double>(wv))));
                ASSERT_EQ(count_true(m.x_comp), static_cast<size_t>(std::lround(sx * static_cast<double>(xv))));
                std::vector<bool> wflat, xflat;
                for (const auto& r : m.w_comp) wflat.insert(wflat.end(), r.begin(), r.end());
                for (const auto& r : m.x_comp) xflat.insert(xflat.end(), r.begin(), r.end());
                EXPECT_EQ(weight_map(w, k_w, v).compressed, wflat);
                EXPECT_EQ(act_map(x, c.z, t, v).compressed, xflat);
                const GemmResult g = aqs_gemm(w, x, c);
                ASSERT_EQ(g.y, gemm::gemm(w, ref_truncate(x, t)));
                const Counters want = ref_counters(w, x, c);
                ASSERT_EQ(g.counters, want);
                EXPECT_EQ(g.counters.static_products + g.counters.dynamic_products + g.counters.skipped_by_w +
                              g.counters.skipped_by_x,
                          static_cast<uint64_t>(M / v) * static_cast<uint64_t>(N / v) * static_cast<uint64_t>(K) *
                              2 * static_cast<uint64_t>(k_w + 1));
                ++runs;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(runs, 3 * 3 * 4 * 3 * 25 * 3);
}

// Unstructured random inputs (mostly nothing compressed) and skewed ones (values near z, small weights).
TEST(PanaceaGemm, RandomUnstructured) {
  std::mt19937_64 rng(99);
  for (int it = 0; it < 400; ++it) {
    Config c;
    c.k_w = static_cast<int>(rng() % 3);
    c.t = static_cast<int>(rng() % 3);
    c.z = static_cast<int>(rng() % 256);
    c.v = 1 + static_cast<int>(rng() % 6);
    c.rle_bits = 1 + static_cast<int>(rng() % 5);
    const int M = c.v * (1 + static_cast<int>(rng() % 3)), N = c.v * (1 + static_cast<int>(rng() % 3));
    const int K = 1 + static_cast<int>(rng() % 40);
    const bool skew = it % 2 == 1;
    const int64_t wr = skew ? 9 : pow2(3 * c.k_w + 3);
    Matrix w(M, K), x(K, N);
    for (auto& e : w.v)
      e = std::clamp(static_cast<int64_t>(rng() % static_cast<uint64_t>(2 * wr)) - wr, weight_min(c.k_w),
                     weight_max(c.k_w));
    for (auto& e : x.v)
      e = skew ? std::clamp<int64_t>(c.z + static_cast<int64_t>(rng() % 21) - 10, 0, 255)
               : static_cast<int64_t>(rng() % 256);
    SCOPED_TRACE(cfg_name(c) + " it " + std::to_string(it));
    const GemmResult g = aqs_gemm(w, x, c);
    ASSERT_EQ(g.y, gemm::gemm(w, ref_truncate(x, c.t)));
    ASSERT_EQ(g.counters, ref_counters(w, x, c));
  }
}

TEST(PanaceaGemm, Corners) {
  std::mt19937_64 rng(5);
  for (int k_w = 0; k_w <= 2; ++k_w) {
    for (int t = 0; t <= 2; ++t) {
      for (const int z : {0, 7, 128, 200, 255}) {
        Config c;
        c.k_w = k_w;
        c.t = t;
        c.z = z;
        c.v = 2;
        c.rle_bits = 2;
        SCOPED_TRACE(cfg_name(c));
        const int64_t lo = weight_min(k_w), hi = weight_max(k_w);
        // Extreme weights and activations, K = 1 and K = 9 (beyond 2^b - 1 = 3).
        for (const int K : {1, 9}) {
          for (const int64_t wv : {lo, hi, int64_t{0}, int64_t{-1}}) {
            for (const int64_t xv : {int64_t{0}, int64_t{255}, static_cast<int64_t>(z)}) {
              Matrix w(4, K), x(K, 4);
              std::fill(w.v.begin(), w.v.end(), wv);
              std::fill(x.v.begin(), x.v.end(), xv);
              const GemmResult g = aqs_gemm(w, x, c);
              EXPECT_EQ(g.y, gemm::gemm(w, ref_truncate(x, t))) << wv << " " << xv << " K " << K;
              EXPECT_EQ(g.counters, ref_counters(w, x, c)) << wv << " " << xv << " K " << K;
            }
          }
          // Random mixtures of the extremes.
          Matrix w(4, K), x(K, 4);
          const std::vector<int64_t> wx{lo, hi, 0, -1, 1, lo + 1, hi - 1};
          const std::vector<int64_t> xx{0, 255, 1, 254, z, zpm(z, t)};
          for (int rep = 0; rep < 20; ++rep) {
            for (auto& e : w.v) e = wx[rng() % wx.size()];
            for (auto& e : x.v) e = xx[rng() % xx.size()];
            EXPECT_EQ(aqs_gemm(w, x, c).y, gemm::gemm(w, ref_truncate(x, t)));
          }
        }
        // All compressed: W's HO all 0, X's HO all r. None compressed: every vector has a nonzero / non-r HO.
        const Matrix wc = gen_w(rng, 4, 6, c, 1.0), xc = gen_x(rng, 6, 4, c, 1.0);
        const Matrix wu = gen_w(rng, 4, 6, c, 0.0), xu = gen_x(rng, 6, 4, c, 0.0);
        for (const Matrix* w : {&wc, &wu}) {
          for (const Matrix* x : {&xc, &xu}) {
            const GemmResult g = aqs_gemm(*w, *x, c);
            EXPECT_EQ(g.y, gemm::gemm(*w, ref_truncate(*x, t)));
            EXPECT_EQ(g.counters, ref_counters(*w, *x, c));
          }
        }
      }
    }
  }
}

TEST(PanaceaGemm, InvalidArgumentsThrow) {
  Config c;
  const Matrix w(4, 3), x(3, 4);
  EXPECT_NO_THROW(aqs_gemm(w, x, c));
  EXPECT_THROW(aqs_gemm(Matrix(3, 3), x, c), std::invalid_argument);  // M not a multiple of v
  EXPECT_THROW(aqs_gemm(w, Matrix(3, 6), c), std::invalid_argument);  // N not a multiple of v
  EXPECT_THROW(aqs_gemm(w, Matrix(2, 4), c), std::invalid_argument);  // K mismatch
  EXPECT_THROW(aqs_gemm(Matrix(4, 0), Matrix(0, 4), c), std::invalid_argument);
  Matrix wb = w;
  wb.at(0, 0) = 64;  // beyond 7 bits
  EXPECT_THROW(aqs_gemm(wb, x, c), std::invalid_argument);
  Matrix xb = x;
  xb.at(2, 3) = 256;
  EXPECT_THROW(aqs_gemm(w, xb, c), std::invalid_argument);
  for (const auto& [field, value] : std::vector<std::pair<int Config::*, int>>{{&Config::k_w, 3},
                                                                              {&Config::k_w, -1},
                                                                              {&Config::t, 3},
                                                                              {&Config::z, 256},
                                                                              {&Config::z, -1},
                                                                              {&Config::v, 0},
                                                                              {&Config::v, 13},
                                                                              {&Config::rle_bits, 0},
                                                                              {&Config::rle_bits, 17}}) {
    Config bad;
    bad.*field = value;
    EXPECT_THROW(aqs_gemm(w, x, bad), std::invalid_argument);
    EXPECT_THROW(workload(w, x, bad), std::invalid_argument);
  }
}

}  // namespace
}  // namespace bf::golden::panacea::panacea_test
