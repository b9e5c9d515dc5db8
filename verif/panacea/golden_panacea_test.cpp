// Tests of the Panacea golden model (golden/panacea) against formats.md "Panacea" and paper 003 (III-B SBR and the
// AQS-GEMM, Table I, III-C ZPM and DBS).
//
// Expectations are derived by hand (the arithmetic written out next to each case) or come from independent
// references written here with different arithmetic: SBR as "the slice congruent to the remainder mod 8, in
// [0, 7] for a non-negative and [-8, -1] for a negative remainder", activation slices by division, ZPM by a
// search over [0, 255], RLE storage by "the 2^b-th, 2*2^b-th, ... vector of each run of compressed vectors",
// AQS-GEMM results by the plain integer GEMM of W and X with its dropped bits cleared, counters from the
// documented per-(I, J, k) rules. Nothing is copied from running the model.
#include "panacea/panacea.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "gemm/gemm.hpp"

namespace bf::golden::panacea {
namespace {

int64_t pow2(int n) { return int64_t{1} << n; }

// ---- independent references ----

// SBR by congruence: each LO slice is the value congruent to the remainder mod 8 in [0, 7] (remainder >= 0) or
// [-8, -1] (remainder < 0); the remainder then becomes (remainder - slice) / 8, exactly.
std::vector<int> ref_sbr(int64_t w, int k_w) {
  std::vector<int> out;
  int64_t r = w;
  for (int j = 0; j < k_w; ++j) {
    int found = 99;
    for (int c = (r >= 0 ? 0 : -8); c <= (r >= 0 ? 7 : -1); ++c)
      if ((r - c) % 8 == 0) found = c;
    out.push_back(found);
    r = (r - found) / 8;
  }
  out.push_back(static_cast<int>(r));
  return out;
}
int ref_w_ho(int64_t w, int k_w) { return ref_sbr(w, k_w).back(); }

int ref_a_ho(int64_t x, int t) { return static_cast<int>(x / pow2(4 + t)); }
int ref_a_lo(int64_t x, int t) { return static_cast<int>((x / pow2(t)) % 16); }
int64_t ref_trunc(int64_t x, int t) { return x - x % pow2(t); }
// r: the HO value of the zero point's bucket (ZPM keeps the bucket).
int ref_r(int z, int t) { return static_cast<int>(z / pow2(4 + t)); }

Matrix ref_truncate(const Matrix& x, int t) {
  Matrix out = x;
  for (int64_t& e : out.v) e = ref_trunc(e, t);
  return out;
}

// Stored flags of a stream of compressed / uncompressed vectors: uncompressed always; a compressed one when it
// is the (m * 2^b)-th of its run of consecutive compressed vectors.
std::vector<bool> ref_stored(const std::vector<bool>& compressed, int b) {
  std::vector<bool> out;
  int in_run = 0;
  for (const bool c : compressed) {
    in_run = c ? in_run + 1 : 0;
    out.push_back(!c || in_run % pow2(b) == 0);
  }
  return out;
}

struct RefMaps {
  std::vector<std::vector<bool>> w_comp, x_comp;  // [block][k]
};
RefMaps ref_maps(const Matrix& w, const Matrix& x, const Config& c) {
  RefMaps m;
  const int K = w.cols;
  for (int bi = 0; bi < w.rows / c.v; ++bi) {
    std::vector<bool> col(static_cast<size_t>(K));
    for (int k = 0; k < K; ++k) {
      bool comp = true;
      for (int s = 0; s < c.v; ++s) comp = comp && ref_w_ho(w.at(bi * c.v + s, k), c.k_w) == 0;
      col[static_cast<size_t>(k)] = comp;
    }
    m.w_comp.push_back(col);
  }
  for (int bj = 0; bj < x.cols / c.v; ++bj) {
    std::vector<bool> row(static_cast<size_t>(K));
    for (int k = 0; k < K; ++k) {
      bool comp = true;
      for (int s = 0; s < c.v; ++s) comp = comp && ref_a_ho(x.at(k, bj * c.v + s), c.t) == ref_r(c.z, c.t);
      row[static_cast<size_t>(k)] = comp;
    }
    m.x_comp.push_back(row);
  }
  return m;
}

// Counters from the documented rules, per (I, J, k).
Counters ref_counters(const Matrix& w, const Matrix& x, const Config& c) {
  const RefMaps m = ref_maps(w, x, c);
  const uint64_t v = static_cast<uint64_t>(c.v), kw = static_cast<uint64_t>(c.k_w);
  Counters n;
  for (const auto& wc : m.w_comp) {
    const std::vector<bool> ws = ref_stored(wc, c.rle_bits);
    for (const auto& xc : m.x_comp) {
      const std::vector<bool> xs = ref_stored(xc, c.rle_bits);
      uint64_t stored_x = 0;
      for (size_t k = 0; k < ws.size(); ++k) {
        const bool a = ws[k], b = xs[k];
        n.static_products += kw;
        n.dynamic_products += (a ? 1 : 0) + (b ? kw : 0) + (a && b ? 1 : 0);
        n.skipped_by_w += a ? 0 : 2;
        n.skipped_by_x += b ? 0 : (a ? kw + 1 : kw);
        stored_x += b ? 1 : 0;
      }
      n.comp_adds += v * stored_x + v + v * v;
      n.comp_mults += v;
    }
  }
  n.mults = (n.static_products + n.dynamic_products) * v * v;
  return n;
}

// ---- generators ----

// A weight with HO slice 0 (want_zero) or not, by rejection against the reference slicer.
int64_t gen_weight(std::mt19937_64& rng, int k_w, bool want_zero) {
  std::uniform_int_distribution<int64_t> d(-pow2(3 * k_w + 3), pow2(3 * k_w + 3) - 1);
  for (;;) {
    const int64_t w = d(rng);
    if ((ref_w_ho(w, k_w) == 0) == want_zero) return w;
  }
}
// An activation whose HO slice is r (want_r) or not.
int64_t gen_act(std::mt19937_64& rng, int t, int r, bool want_r) {
  std::uniform_int_distribution<int64_t> d(0, 255);
  for (;;) {
    const int64_t x = d(rng);
    if ((ref_a_ho(x, t) == r) == want_r) return x;
  }
}

// `count` of `total` flags set, at random positions.
std::vector<bool> pick(std::mt19937_64& rng, size_t total, size_t count) {
  std::vector<bool> f(total, false);
  for (size_t i = 0; i < count; ++i) f[i] = true;
  std::shuffle(f.begin(), f.end(), rng);
  return f;
}

// W (M x K) with exactly round(sparsity * vectors) compressed HO vectors: compressed vectors take weights with HO
// 0; uncompressed ones take random weights with one random row forced to a nonzero HO.
Matrix gen_w(std::mt19937_64& rng, int M, int K, const Config& c, double sparsity) {
  const size_t vecs = static_cast<size_t>(M / c.v) * static_cast<size_t>(K);
  const std::vector<bool> comp = pick(rng, vecs, static_cast<size_t>(std::lround(sparsity * static_cast<double>(vecs))));
  Matrix w(M, K);
  std::uniform_int_distribution<int64_t> full(-pow2(3 * c.k_w + 3), pow2(3 * c.k_w + 3) - 1);
  std::uniform_int_distribution<int> row(0, c.v - 1);
  for (int bi = 0; bi < M / c.v; ++bi) {
    for (int k = 0; k < K; ++k) {
      const bool cv = comp[static_cast<size_t>(bi) * static_cast<size_t>(K) + static_cast<size_t>(k)];
      for (int s = 0; s < c.v; ++s) w.at(bi * c.v + s, k) = cv ? gen_weight(rng, c.k_w, true) : full(rng);
      if (!cv) w.at(bi * c.v + row(rng), k) = gen_weight(rng, c.k_w, false);
    }
  }
  return w;
}
// X (K x N) likewise: compressed vectors take values with HO r.
Matrix gen_x(std::mt19937_64& rng, int K, int N, const Config& c, double sparsity) {
  const size_t vecs = static_cast<size_t>(N / c.v) * static_cast<size_t>(K);
  const std::vector<bool> comp = pick(rng, vecs, static_cast<size_t>(std::lround(sparsity * static_cast<double>(vecs))));
  const int r = ref_r(c.z, c.t);
  Matrix x(K, N);
  std::uniform_int_distribution<int64_t> full(0, 255);
  std::uniform_int_distribution<int> col(0, c.v - 1);
  for (int bj = 0; bj < N / c.v; ++bj) {
    for (int k = 0; k < K; ++k) {
      const bool cv = comp[static_cast<size_t>(bj) * static_cast<size_t>(K) + static_cast<size_t>(k)];
      for (int s = 0; s < c.v; ++s) x.at(k, bj * c.v + s) = cv ? gen_act(rng, c.t, r, true) : full(rng);
      if (!cv) x.at(k, bj * c.v + col(rng)) = gen_act(rng, c.t, r, false);
    }
  }
  return x;
}

size_t count_true(const std::vector<std::vector<bool>>& m) {
  size_t n = 0;
  for (const auto& row : m) n += static_cast<size_t>(std::count(row.begin(), row.end(), true));
  return n;
}

std::string cfg_name(const Config& c) {
  return "k_w " + std::to_string(c.k_w) + " t " + std::to_string(c.t) + " z " + std::to_string(c.z) + " v " +
         std::to_string(c.v) + " b " + std::to_string(c.rle_bits);
}

Matrix mat(int rows, int cols, std::vector<int64_t> values) {
  Matrix m(rows, cols);
  m.v = std::move(values);
  return m;
}

// =========================================================================================================
// SBR weight slices
// =========================================================================================================

TEST(PanaceaSbr, SpecFactsAndHandExamples) {
  // formats.md facts (k_w = 1): -1 -> HO 0, LO -1; -9 -> HO -1, LO -1. Slices are listed LO first, HO last.
  EXPECT_EQ(slice_weight(-1, 1), (std::vector<int>{-1, 0}));
  EXPECT_EQ(slice_weight(-9, 1), (std::vector<int>{-1, -1}));  // -9 = -1 * 8 + -1
  EXPECT_EQ(slice_weight(63, 1), (std::vector<int>{7, 7}));     // 7 * 8 + 7
  EXPECT_EQ(slice_weight(8, 1), (std::vector<int>{0, 1}));
  EXPECT_EQ(slice_weight(-8, 1), (std::vector<int>{-8, 0}));    // q = -1, l = 0, s = 1: -8, r = 0
  EXPECT_EQ(slice_weight(-64, 1), (std::vector<int>{-8, -7}));  // -7 * 8 - 8
  EXPECT_EQ(slice_weight(0, 1), (std::vector<int>{0, 0}));
  // k_w = 2: 100 = 1 * 64 + 4 * 8 + 4; -100 = -1 * 64 + -4 * 8 + -4; -65 = 0 * 64 + -8 * 8 + -1.
  EXPECT_EQ(slice_weight(100, 2), (std::vector<int>{4, 4, 1}));
  EXPECT_EQ(slice_weight(-100, 2), (std::vector<int>{-4, -4, -1}));
  EXPECT_EQ(slice_weight(-65, 2), (std::vector<int>{-1, -8, 0}));
  EXPECT_EQ(slice_weight(-512, 2), (std::vector<int>{-8, -7, -7}));  // -7 * 64 - 7 * 8 - 8
  EXPECT_EQ(slice_weight(511, 2), (std::vector<int>{7, 7, 7}));
  // k_w = 0: the 4-bit weight is its own HO slice.
  EXPECT_EQ(slice_weight(-8, 0), (std::vector<int>{-8}));
  EXPECT_EQ(slice_weight(7, 0), (std::vector<int>{7}));

  EXPECT_EQ(weight_bits(0), 4);
  EXPECT_EQ(weight_bits(1), 7);
  EXPECT_EQ(weight_bits(2), 10);
  EXPECT_EQ(weight_min(1), -64);
  EXPECT_EQ(weight_max(1), 63);
  EXPECT_EQ(weight_min(2), -512);
  EXPECT_EQ(weight_max(0), 7);

  EXPECT_EQ(join_weight(std::vector<int>{-1, -1}), -9);
  EXPECT_EQ(join_weight(std::vector<int>{4, 4, 1}), 100);
  EXPECT_EQ(join_weight(std::vector<int>{-8}), -8);
}

// Every weight at every k_w: the slices equal the congruence reference, lie in [-8, 7] and rebuild the weight;
// for k_w >= 1 a weight in [-8, 7] has all-zero upper slices.
TEST(PanaceaSbr, ExhaustiveEveryWeight) {
  for (int k_w = 0; k_w <= 2; ++k_w) {
    int failures = 0;
    for (int64_t w = -pow2(3 * k_w + 3); w < pow2(3 * k_w + 3) && failures < 5; ++w) {
      const std::vector<int> s = slice_weight(w, k_w);
      bool ok = s == ref_sbr(w, k_w) && s.size() == static_cast<size_t>(k_w + 1);
      int64_t rebuilt = 0;
      for (size_t j = 0; j < s.size(); ++j) {
        ok = ok && s[j] >= -8 && s[j] <= 7;
        rebuilt += s[j] * pow2(3 * static_cast<int>(j));
      }
      ok = ok && rebuilt == w && join_weight(s) == w;
      if (k_w >= 1 && w >= -8 && w <= 7)
        for (size_t j = 1; j < s.size(); ++j) ok = ok && s[j] == 0;
      if (!ok) {
        ++failures;
        ADD_FAILURE() << "k_w " << k_w << " w " << w;
      }
    }
  }
}

TEST(PanaceaSbr, InvalidArgumentsThrow) {
  EXPECT_THROW(slice_weight(64, 1), std::invalid_argument);
  EXPECT_THROW(slice_weight(-65, 1), std::invalid_argument);
  EXPECT_THROW(slice_weight(8, 0), std::invalid_argument);
  EXPECT_THROW(slice_weight(0, 3), std::invalid_argument);
  EXPECT_THROW(slice_weight(0, -1), std::invalid_argument);
  EXPECT_THROW(weight_bits(3), std::invalid_argument);
  EXPECT_THROW(join_weight(std::vector<int>{}), std::invalid_argument);
  EXPECT_THROW(join_weight(std::vector<int>{0, 0, 0, 0}), std::invalid_argument);
  EXPECT_THROW(join_weight(std::vector<int>{8}), std::invalid_argument);
  EXPECT_THROW(join_weight(std::vector<int>{0, -9}), std::invalid_argument);
}

// =========================================================================================================
// Activation slices, ZPM
// =========================================================================================================

TEST(PanaceaAct, HandExamples) {
  // 183 = 1011'0111.
  EXPECT_EQ(slice_act(183, 0), (ActSlices{0b1011, 0b0111}));
  EXPECT_EQ(slice_act(183, 1), (ActSlices{0b101, 0b1011}));  // 183 >> 1 = 101'1011
  EXPECT_EQ(slice_act(183, 2), (ActSlices{0b10, 0b1101}));   // 183 >> 2 = 10'1101
  EXPECT_EQ(join_act({0b101, 0b1011}, 1), 182);              // 5 * 32 + 11 * 2
  EXPECT_EQ(join_act({0b10, 0b1101}, 2), 180);               // 2 * 64 + 13 * 4
  EXPECT_EQ(truncate_act(183, 0), 183);
  EXPECT_EQ(truncate_act(183, 1), 182);
  EXPECT_EQ(truncate_act(183, 2), 180);
  EXPECT_EQ(slice_act(255, 2), (ActSlices{3, 15}));
  EXPECT_EQ(slice_act(0, 1), (ActSlices{0, 0}));
  EXPECT_EQ(truncate_acts(mat(1, 3, {183, 3, 255}), 2), mat(1, 3, {180, 0, 252}));
  EXPECT_THROW(slice_act(256, 0), std::invalid_argument);
  EXPECT_THROW(slice_act(-1, 0), std::invalid_argument);
  EXPECT_THROW(slice_act(5, 3), std::invalid_argument);
  EXPECT_THROW(join_act({8, 0}, 1), std::invalid_argument);  // type 2 HO is 3 bits
  EXPECT_THROW(join_act({0, 16}, 0), std::invalid_argument);
  EXPECT_THROW(truncate_acts(mat(1, 1, {256}), 0), std::invalid_argument);
}

// Every x at every t against division.
TEST(PanaceaAct, ExhaustiveEveryActivation) {
  for (int t = 0; t <= 2; ++t) {
    for (int x = 0; x < 256; ++x) {
      const ActSlices s = slice_act(x, t);
      EXPECT_EQ(s.ho, ref_a_ho(x, t)) << t << " " << x;
      EXPECT_EQ(s.lo, ref_a_lo(x, t)) << t << " " << x;
      EXPECT_LE(s.ho, (16 >> t) - 1);
      EXPECT_EQ(join_act(s, t), ref_trunc(x, t));
      EXPECT_EQ(truncate_act(x, t), ref_trunc(x, t));
    }
  }
}

TEST(PanaceaZpm, HandExamples) {
  // z = 100 = 0110'0100: t = 0 bucket [96, 111] -> 104, r 6; t = 1 [96, 127] -> 112, r 3; t = 2 [64, 127] -> 96, r 1.
  EXPECT_EQ(zpm(100, 0), 104);
  EXPECT_EQ(zpm(100, 1), 112);
  EXPECT_EQ(zpm(100, 2), 96);
  EXPECT_EQ(frequent_ho(100, 0), 6);
  EXPECT_EQ(frequent_ho(100, 1), 3);
  EXPECT_EQ(frequent_ho(100, 2), 1);
  EXPECT_EQ(zpm(0, 0), 8);
  EXPECT_EQ(zpm(0, 2), 32);
  EXPECT_EQ(zpm(255, 0), 248);
  EXPECT_EQ(zpm(255, 1), 240);
  EXPECT_EQ(zpm(255, 2), 224);
  EXPECT_EQ(frequent_ho(255, 0), 15);
  EXPECT_EQ(frequent_ho(255, 2), 3);
  EXPECT_EQ(zpm(128, 0), 136);
  // apply_zpm: shift by z' - z, saturating.
  EXPECT_EQ(apply_zpm(100, 100, 0), 104);
  EXPECT_EQ(apply_zpm(0, 13, 0), 0);      // z' = 8: 0 - 5 clamps to 0
  EXPECT_EQ(apply_zpm(20, 13, 0), 15);
  EXPECT_EQ(apply_zpm(255, 242, 0), 255);  // z' = 248: 255 + 6 clamps to 255
  EXPECT_EQ(apply_zpm(249, 242, 0), 255);
  EXPECT_THROW(zpm(256, 0), std::invalid_argument);
  EXPECT_THROW(zpm(-1, 0), std::invalid_argument);
  EXPECT_THROW(zpm(0, 3), std::invalid_argument);
  EXPECT_THROW(apply_zpm(256, 0, 0), std::invalid_argument);
}

// Every (z, t): z' is the centre of z's HO bucket (found by search), r is that bucket.
TEST(PanaceaZpm, ExhaustiveEveryZeroPoint) {
  for (int t = 0; t <= 2; ++t) {
    const int width = 16 << t;
    for (int z = 0; z < 256; ++z) {
      int centre = -1;
      for (int y = 0; y < 256; ++y)
        if (y / width == z / width && y % width == width / 2) centre = y;
      EXPECT_EQ(zpm(z, t), centre) << z << " " << t;
      EXPECT_LE(std::abs(zpm(z, t) - z), width / 2);
      EXPECT_EQ(frequent_ho(z, t), z / width);
      EXPECT_EQ(frequent_ho(z, t), ref_a_ho(centre, t));
    }
  }
}

// =========================================================================================================
// DBS classification
// =========================================================================================================

std::vector<uint64_t> uniform_hist(int lo, int hi) {
  std::vector<uint64_t> h(256, 0);
  for (int x = lo; x <= hi; ++x) h[static_cast<size_t>(x)] = 1;
  return h;
}

TEST(PanaceaDbs, NarrowDistributionIsType1) {
  std::vector<uint64_t> h(256, 0);
  h[100] = 1000;
  const DbsChoice c = dbs_classify(h, 100);
  EXPECT_EQ(c.t, 0);
  EXPECT_EQ(c.z_prime, 104);
  EXPECT_EQ(c.r, 6);
  EXPECT_EQ(c.total, 1000u);
  EXPECT_EQ(c.in_range, (std::array<uint64_t, 3>{1000, 1000, 1000}));
  EXPECT_DOUBLE_EQ(c.fraction[0], 1.0);
}

TEST(PanaceaDbs, WiderDistributionsNeedWiderSkipRanges) {
  // Uniform on [80, 120] (41 values), z = 100. After ZPM the skip range covers [z - 2^(3+t), z + 2^(3+t) - 1]:
  // t = 0: [92, 107] = 16 values; t = 1: [84, 115] = 32; t = 2: [68, 131] -> all 41.
  const auto h = uniform_hist(80, 120);
  DbsChoice c = dbs_classify(h, 100);
  EXPECT_EQ(c.in_range, (std::array<uint64_t, 3>{16, 32, 41}));
  EXPECT_EQ(c.total, 41u);
  EXPECT_EQ(c.t, 2);
  EXPECT_EQ(c.z_prime, 96);
  EXPECT_EQ(c.r, 1);
  EXPECT_DOUBLE_EQ(c.fraction[1], 32.0 / 41.0);
  EXPECT_EQ(dbs_classify(h, 100, 0.75).t, 1);  // 32/41 = 0.78
  EXPECT_EQ(dbs_classify(h, 100, 0.39).t, 0);  // 16/41 = 0.390
  EXPECT_EQ(dbs_classify(h, 100, 0.0).t, 0);
  EXPECT_EQ(dbs_classify(h, 100, 1.0).t, 2);
  // Exactly at the target: 32 >= 32/41 * 41.
  EXPECT_EQ(dbs_classify(h, 100, 32.0 / 41.0).t, 1);
}

TEST(PanaceaDbs, NoTypeReachesTheTargetTakesTheBest) {
  // Uniform on [0, 255], z = 128: t = 0: z' = 136, values [120, 135] -> 16 (248..255 saturate at 255, HO 15);
  // t = 1: z' = 144, [112, 143] -> 32; t = 2: z' = 160, [96, 159] -> 64. None reaches 0.9: the largest, t = 2.
  const DbsChoice c = dbs_classify(uniform_hist(0, 255), 128);
  EXPECT_EQ(c.in_range, (std::array<uint64_t, 3>{16, 32, 64}));
  EXPECT_EQ(c.t, 2);
  EXPECT_EQ(c.r, 2);
  // A tie goes to the smaller t: 1000 at z = 100 (in every range) and 1000 at 255 (in none).
  std::vector<uint64_t> h(256, 0);
  h[100] = 1000;
  h[255] = 1000;
  const DbsChoice d = dbs_classify(h, 100);
  EXPECT_EQ(d.in_range, (std::array<uint64_t, 3>{1000, 1000, 1000}));
  EXPECT_EQ(d.t, 0);
  EXPECT_DOUBLE_EQ(d.fraction[2], 0.5);
}

TEST(PanaceaDbs, SaturationAtBothEnds) {
  // Uniform on [0, 31], z = 13, r = 0. t = 0: z' = 8, shift -5, x in [0, 20] land in [0, 15] (0..4 saturate at 0):
  // 21. t = 1: z' = 16, shift +3, x in [0, 28]: 29. t = 2: z' = 32, shift +19: all 32. 21/32 < 0.9 <= 29/32.
  const DbsChoice c = dbs_classify(uniform_hist(0, 31), 13);
  EXPECT_EQ(c.in_range, (std::array<uint64_t, 3>{21, 29, 32}));
  EXPECT_EQ(c.t, 1);
  EXPECT_EQ(c.z_prime, 16);
  EXPECT_EQ(c.r, 0);
  // Uniform on [224, 255], z = 242, t = 0: z' = 248, shift +6, r = 15: x >= 234 land in [240, 255] (250..255
  // saturate at 255): 22 of 32.
  EXPECT_EQ(dbs_classify(uniform_hist(224, 255), 242).in_range[0], 22u);
}

TEST(PanaceaDbs, EmptyAndInvalid) {
  const DbsChoice c = dbs_classify(std::vector<uint64_t>(256, 0), 77);
  EXPECT_EQ(c.t, 0);
  EXPECT_EQ(c.total, 0u);
  EXPECT_EQ(c.z_prime, 72);  // bucket [64, 79]
  EXPECT_EQ(c.fraction, (std::array<double, 3>{0, 0, 0}));
  EXPECT_THROW(dbs_classify(std::vector<uint64_t>(255, 0), 0), std::invalid_argument);
  EXPECT_THROW(dbs_classify(std::vector<uint64_t>(256, 0), 256), std::invalid_argument);
  EXPECT_THROW(dbs_classify(std::vector<uint64_t>(256, 0), 0, 1.5), std::invalid_argument);
  EXPECT_THROW(dbs_classify(std::vector<uint64_t>(256, 0), 0, -0.1), std::invalid_argument);
  EXPECT_THROW(dbs_classify(std::vector<uint64_t>(256, 0), 0, std::numeric_limits<double>::quiet_NaN()),
               std::invalid_argument);
}

// Random histograms: in_range against a window count (the 2^(4+t) values centred on z, plus everything that
// saturates into r's bucket), the choice against the rule.
TEST(PanaceaDbs, RandomHistogramsAgainstWindowCounts) {
  std::mt19937_64 rng(31);
  for (int it = 0; it < 300; ++it) {
    std::vector<uint64_t> h(256, 0);
    const int centre = static_cast<int>(rng() % 256), spread = 1 + static_cast<int>(rng() % 80);
    for (int n = 0; n < 2000; ++n) {
      const int x = std::clamp(centre + static_cast<int>(rng() % static_cast<uint64_t>(2 * spread + 1)) - spread, 0, 255);
      ++h[static_cast<size_t>(x)];
    }
    const int z = std::clamp(centre + static_cast<int>(rng() % 9) - 4, 0, 255);
    const double target = static_cast<double>(rng() % 101) / 100.0;
    std::array<uint64_t, 3> want{};
    for (int t = 0; t < 3; ++t) {
      const int half = 8 << t, width = 16 << t, r = z / width;
      const int shift = r * width + half - z;
      for (int x = 0; x < 256; ++x) {
        const bool in_window = x >= z - half && x <= z + half - 1;
        const bool low_sat = x + shift < 0 && r == 0;
        const bool high_sat = x + shift > 255 && r == 256 / width - 1;
        if (in_window || low_sat || high_sat) want[static_cast<size_t>(t)] += h[static_cast<size_t>(x)];
      }
    }
    const DbsChoice c = dbs_classify(h, z, target);
    EXPECT_EQ(c.in_range, want) << "it " << it;
    int expect_t = -1;
    for (int t = 0; t < 3 && expect_t < 0; ++t)
      if (static_cast<double>(want[static_cast<size_t>(t)]) >= target * 2000.0) expect_t = t;
    if (expect_t < 0) {
      expect_t = 0;
      for (int t = 1; t < 3; ++t)
        if (want[static_cast<size_t>(t)] > want[static_cast<size_t>(expect_t)]) expect_t = t;
    }
    EXPECT_EQ(c.t, expect_t) << "it " << it;
    EXPECT_EQ(c.r, z / (16 << c.t));
  }
}

// =========================================================================================================
// Slice vectors and compression maps
// =========================================================================================================

TEST(PanaceaVectors, HandMaps) {
  // W 4 x 2, v = 2, k_w = 1: rows 0-1 at k = 0: {3, -8} HO 0 -> compressed; rows 2-3 at k = 0: {7, 8} (8 has
  // HO 1) -> not; k = 1: {-9, 0} (-9: HO -1) -> not; {-1, -8} -> compressed.
  const Matrix w = mat(4, 2, {3, -9, -8, 0, 7, -1, 8, -8});
  const VectorMap wm = weight_map(w, 1, 2);
  EXPECT_EQ(wm.blocks, 2);
  EXPECT_EQ(wm.k, 2);
  EXPECT_EQ(wm.compressed, (std::vector<bool>{true, false, false, true}));  // [block * K + k]
  EXPECT_TRUE(wm.at(1, 1));
  // The same weights at k_w = 2 (10-bit): every HO is 0.
  EXPECT_EQ(weight_map(w, 2, 2).compressed, (std::vector<bool>{true, true, true, true}));
  // X 2 x 4, v = 2, z = 128, t = 0 (r = 8): k = 0: {128, 143} compressed, {144, 130} not; k = 1: {0, 135} not,
  // {136, 137} compressed. At t = 1 (r = 4, buckets of 32: 128..159): {128, 143}, {144, 130}, {136, 137} compressed.
  const Matrix x = mat(2, 4, {128, 143, 144, 130, 0, 135, 136, 137});
  EXPECT_EQ(act_map(x, 128, 0, 2).compressed, (std::vector<bool>{true, false, false, true}));  // [J * K + k]
  EXPECT_EQ(act_map(x, 128, 1, 2).compressed, (std::vector<bool>{true, false, true, true}));
  EXPECT_EQ(act_map(x, 128, 0, 4).compressed, (std::vector<bool>{false, false}));
  EXPECT_EQ(act_map(x, 128, 0, 1).blocks, 4);

  EXPECT_THROW(weight_map(w, 1, 3), std::invalid_argument);  // M = 4 not a multiple of 3
  EXPECT_THROW(weight_map(w, 0, 2), std::invalid_argument);  // 8 is not a 4-bit weight
  EXPECT_THROW(weight_map(w, 1, 13), std::invalid_argument);
  EXPECT_THROW(weight_map(Matrix(2, 0), 1, 2), std::invalid_argument);
  EXPECT_THROW(act_map(x, 128, 0, 3), std::invalid_argument);
  EXPECT_THROW(act_map(x, 256, 0, 2), std::invalid_argument);
  EXPECT_THROW(act_map(mat(1, 2, {0, 256}), 0, 0, 2), std::invalid_argument);
}

// =========================================================================================================
// RLE
// =========================================================================================================

TEST(PanaceaRle, HandStreams) {
  // b = 2 (indices up to 3), v = 1, fill 0; C = 0 (compressed), U = 5.
  // C C C C C U: three skipped, the 4th C stored with index 3, one skipped, U with index 1.
  RleStream s = rle_encode(std::vector<int>{0, 0, 0, 0, 0, 5}, 1, 0, 2);
  EXPECT_EQ(s.length, 6);
  EXPECT_EQ(s.entries, (std::vector<RleEntry>{{3, {0}}, {1, {5}}}));
  EXPECT_EQ(rle_positions(s), (std::vector<int>{3, 5}));
  // U then eight C: U index 0, the 4th and 8th C stored (index 3 each), no trailing entry.
  s = rle_encode(std::vector<int>{5, 0, 0, 0, 0, 0, 0, 0, 0}, 1, 0, 2);
  EXPECT_EQ(s.entries, (std::vector<RleEntry>{{0, {5}}, {3, {0}}, {3, {0}}}));
  EXPECT_EQ(rle_positions(s), (std::vector<int>{0, 4, 8}));
  // b = 1: C C -> the 2nd stored with index 1; C alone -> nothing; C U -> U with index 1; C C U -> {1, C}, {0, U}.
  EXPECT_EQ(rle_encode(std::vector<int>{0, 0}, 1, 0, 1).entries, (std::vector<RleEntry>{{1, {0}}}));
  EXPECT_TRUE(rle_encode(std::vector<int>{0}, 1, 0, 1).entries.empty());
  EXPECT_EQ(rle_encode(std::vector<int>{0, 7}, 1, 0, 1).entries, (std::vector<RleEntry>{{1, {7}}}));
  EXPECT_EQ(rle_encode(std::vector<int>{0, 0, 7}, 1, 0, 1).entries, (std::vector<RleEntry>{{1, {0}}, {0, {7}}}));
  // v = 2, fill 3 (an activation r): (3,3) compressed; (3,4) and (0,0) are not.
  s = rle_encode(std::vector<int>{3, 3, 3, 4, 3, 3, 0, 0, 3, 3}, 2, 3, 4);
  EXPECT_EQ(s.entries, (std::vector<RleEntry>{{1, {3, 4}}, {1, {0, 0}}}));
  EXPECT_EQ(s.length, 5);
  EXPECT_EQ(rle_decode(s), (std::vector<int>{3, 3, 3, 4, 3, 3, 0, 0, 3, 3}));
  // An empty stream.
  EXPECT_TRUE(rle_encode(std::vector<int>{}, 4, 0, 4).entries.empty());
  EXPECT_TRUE(rle_decode(RleStream{4, 4, 0, 0, {}}).empty());
}

TEST(PanaceaRle, DecodeAcceptsNonCanonicalAndRejectsMalformed) {
  // A compressed vector stored with a short index still decodes.
  RleStream s{1, 2, 0, 4, {{1, {0}}, {0, {9}}}};
  EXPECT_EQ(rle_decode(s), (std::vector<int>{0, 0, 9, 0}));
  EXPECT_EQ(rle_positions(s), (std::vector<int>{1, 2}));
  RleStream past = s;
  past.entries.push_back({1, {2}});  // positions 1, 2, then 4 >= length 4
  EXPECT_THROW(rle_decode(past), std::invalid_argument);
  EXPECT_THROW(rle_positions(past), std::invalid_argument);
  RleStream big = s;
  big.entries[0].index = 4;  // > 2^2 - 1
  EXPECT_THROW(rle_decode(big), std::invalid_argument);
  RleStream neg = s;
  neg.entries[0].index = -1;
  EXPECT_THROW(rle_decode(neg), std::invalid_argument);
  RleStream wide = s;
  wide.entries[0].slices = {0, 0};
  EXPECT_THROW(rle_decode(wide), std::invalid_argument);
  EXPECT_THROW(rle_decode(RleStream{0, 2, 0, 1, {}}), std::invalid_argument);
  EXPECT_THROW(rle_decode(RleStream{1, 17, 0, 1, {}}), std::invalid_argument);
  EXPECT_THROW(rle_decode(RleStream{1, 2, 0, -1, {}}), std::invalid_argument);
  EXPECT_THROW(rle_encode(std::vector<int>{1, 2, 3}, 2, 0, 4), std::invalid_argument);
  EXPECT_THROW(rle_encode(std::vector<int>{1}, 1, 0, 0), std::invalid_argument);
  EXPECT_THROW(rle_encode(std::vector<int>{1}, 0, 0, 4), std::invalid_argument);
}

// Every stream of up to 12 vectors over a 2-vector alphabet (compressed / not), at b = 1, 2, 3 and v = 1, 2:
// round trip, index ranges, entry positions and count against the run rule, every index = the skipped count.
TEST(PanaceaRle, ExhaustiveSmallStreams) {
  for (int v = 1; v <= 2; ++v) {
    const int fill = v == 1 ? 0 : 6;
    const std::vector<int> comp_vec(static_cast<size_t>(v), fill);
    std::vector<int> other(static_cast<size_t>(v), fill);
    other[0] = fill + 1;  // one slice differs: not compressed
    for (int b = 1; b <= 3; ++b) {
      for (int len = 0; len <= 12; ++len) {
        for (uint32_t bits = 0; bits < (1u << len); ++bits) {
          std::vector<int> flat;
          std::vector<bool> compressed;
          for (int n = 0; n < len; ++n) {
            const bool c = ((bits >> n) & 1) != 0;
            compressed.push_back(c);
            const auto& vec = c ? comp_vec : other;
            flat.insert(flat.end(), vec.begin(), vec.end());
          }
          const RleStream s = rle_encode(flat, v, fill, b);
          const std::vector<bool> stored = ref_stored(compressed, b);
          std::vector<int> want_pos;
          for (int n = 0; n < len; ++n)
            if (stored[static_cast<size_t>(n)]) want_pos.push_back(n);
          bool ok = s.v == v && s.b == b && s.fill == fill && s.length == len && rle_decode(s) == flat &&
                    rle_positions(s) == want_pos && s.entries.size() == want_pos.size();
          int prev = -1;
          for (size_t e = 0; ok && e < s.entries.size(); ++e) {
            const int pos = want_pos[e];
            ok = s.entries[e].index == pos - prev - 1 && s.entries[e].index <= (1 << b) - 1 &&
                 s.entries[e].slices == (compressed[static_cast<size_t>(pos)] ? comp_vec : other);
            prev = pos;
          }
          // The trailing run holds fewer than 2^b vectors.
          ok = ok && len - 1 - prev < (1 << b);
          if (!ok) ADD_FAILURE() << "v " << v << " b " << b << " len " << len << " bits " << bits;
          if (!ok) return;
        }
      }
    }
  }
}

// =========================================================================================================
// Operand blocks and memory images
// =========================================================================================================

TEST(PanaceaImage, HandPackedWeightBlock) {
  // v = 2, b = 3, k_w = 1, W = [-9 3 8; 5 -1 0]. Slices (LO, HO): -9 (-1,-1), 3 (3,0), 8 (0,1), 5 (5,0),
  // -1 (-1,0), 0 (0,0). HO vectors: k0 (-1,0) stored, k1 (0,0) skipped, k2 (1,0) stored with index 1.
  const Matrix w = mat(2, 3, {-9, 3, 8, 5, -1, 0});
  const BlockSlices bl = weight_block(w, 1, 2, 0);
  EXPECT_EQ(bl.ho, (std::vector<int>{-1, 0, 0, 0, 1, 0}));
  EXPECT_EQ(bl.lo, (std::vector<int>{-1, 5, 3, -1, 0, 0}));
  EXPECT_TRUE(bl.is_signed);
  EXPECT_EQ(bl.fill, 0);
  EXPECT_EQ(bl.lo_planes, 1);
  const OperandImage im = pack(bl, 3);
  // Entry word: index in bits 0-2, slice 0 in bits 3-6, slice 1 in bits 7-10.
  //   {0, (-1, 0)}: 0 | 0xF << 3 = 120;  {1, (1, 0)}: 1 | 1 << 3 = 9.
  EXPECT_EQ(im.ho_words, (std::vector<uint64_t>{120, 9}));
  // LO word per k: slice 0 in bits 0-3, slice 1 in bits 4-7: (-1, 5) = 0x5F, (3, -1) = 0xF3, (0, 0) = 0.
  EXPECT_EQ(im.lo_words, (std::vector<uint64_t>{0x5F, 0xF3, 0}));
  EXPECT_EQ(stored_vectors(im), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(unpack(im), bl);
}

TEST(PanaceaImage, HandPackedActivationBlock) {
  // v = 2, b = 3, t = 1, z = 100 (r = 3). X (3 x 2) rows: (100, 127), (255, 96), (0, 97).
  // HO = x >> 5: (3,3) skipped, (7,3) stored index 1, (0,3) stored index 0. LO = (x >> 1) & 15: (2,15), (15,0), (0,0).
  const Matrix x = mat(3, 2, {100, 127, 255, 96, 0, 97});
  const BlockSlices bl = act_block(x, 100, 1, 2, 0);
  EXPECT_EQ(bl.fill, 3);
  EXPECT_FALSE(bl.is_signed);
  EXPECT_EQ(bl.ho, (std::vector<int>{3, 3, 7, 3, 0, 3}));
  EXPECT_EQ(bl.lo, (std::vector<int>{2, 15, 15, 0, 0, 0}));
  const OperandImage im = pack(bl, 3);
  // {1, (7, 3)}: 1 | 7 << 3 | 3 << 7 = 441; {0, (0, 3)}: 3 << 7 = 384.
  EXPECT_EQ(im.ho_words, (std::vector<uint64_t>{441, 384}));
  EXPECT_EQ(im.lo_words, (std::vector<uint64_t>{0xF2, 0x0F, 0}));
  EXPECT_EQ(stored_vectors(im), (std::vector<bool>{false, true, true}));
  const BlockSlices back = unpack(im);
  EXPECT_EQ(back, bl);  // the skipped vector comes back as (r, r)
  // Column block 1 of a wider X takes columns 2-3.
  const Matrix x4 = mat(1, 4, {0, 0, 255, 17});
  EXPECT_EQ(act_block(x4, 0, 0, 2, 1).ho, (std::vector<int>{15, 1}));
  EXPECT_THROW(act_block(x4, 0, 0, 2, 2), std::invalid_argument);
  EXPECT_THROW(weight_block(mat(2, 1, {0, 0}), 1, 2, -1), std::invalid_argument);
  EXPECT_THROW(weight_block(mat(2, 1, {0, 0}), 1, 2, 1), std::invalid_argument);
}

// Random blocks at every v (1..12) and b (1..16, b + 4v <= 64): the image decoded bit by bit here, the stored
// vectors against the run rule, the round trip, and the block's slices rebuilding W and X_t.
TEST(PanaceaImage, RandomBlocksAgainstBitLevelDecoding) {
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int v = 1; v <= 12; ++v) {
    for (int b = 1; b <= 16; ++b) {
      if (b + 4 * v > 64) continue;
      for (int rep = 0; rep < 3; ++rep) {
        Config c;
        c.k_w = static_cast<int>(rng() % 3);
        c.t = static_cast<int>(rng() % 3);
        c.z = static_cast<int>(rng() % 256);
        c.v = v;
        c.rle_bits = b;
        const int K = 1 + static_cast<int>(rng() % 40);
        const double sw = static_cast<double>(rng() % 5) / 4.0, sx = static_cast<double>(rng() % 5) / 4.0;
        const Matrix w = gen_w(rng, v, K, c, sw);
        const Matrix x = gen_x(rng, K, v, c, sx);
        const RefMaps m = ref_maps(w, x, c);
        SCOPED_TRACE(cfg_name(c) + " K " + std::to_string(K));
        for (int op = 0; op < 2; ++op) {
          const bool is_w = op == 0;
          const BlockSlices bl = is_w ? weight_block(w, c.k_w, v, 0) : act_block(x, c.z, c.t, v, 0);
          const OperandImage im = pack(bl, b);
          const std::vector<bool> want_stored = ref_stored(is_w ? m.w_comp[0] : m.x_comp[0], b);
          ASSERT_EQ(stored_vectors(im), want_stored);
          ASSERT_EQ(unpack(im), bl);
          EXPECT_EQ(im.lo_planes, is_w ? c.k_w : 1);
          EXPECT_EQ(im.fill, is_w ? 0 : ref_r(c.z, c.t));
          // HO words: index in [0, b), slice s in [b + 4s, b + 4s + 4), nothing above.
          auto field = [&](uint64_t word, int lsb) {
            const int u = static_cast<int>((word >> lsb) & 0xF);
            return (is_w && u >= 8) ? u - 16 : u;
          };
          size_t e = 0;
          int skipped = 0;
          for (int k = 0; k < K; ++k) {
            if (!want_stored[static_cast<size_t>(k)]) {
              ++skipped;
              continue;
            }
            ASSERT_LT(e, im.ho_words.size());
            const uint64_t word = im.ho_words[e++];
            EXPECT_EQ(static_cast<int>(word & ((uint64_t{1} << b) - 1)), skipped);
            if (b + 4 * v < 64) {
              EXPECT_EQ(word >> (b + 4 * v), 0u);
            }
            for (int s = 0; s < v; ++s) {
              const int want = is_w ? ref_w_ho(w.at(s, k), c.k_w) : ref_a_ho(x.at(k, s), c.t);
              EXPECT_EQ(field(word, b + 4 * s), want);
            }
            skipped = 0;
          }
          EXPECT_EQ(e, im.ho_words.size());
          // LO words: k major, then plane j; slice s in [4s, 4s + 4).
          ASSERT_EQ(im.lo_words.size(), static_cast<size_t>(K) * static_cast<size_t>(is_w ? c.k_w : 1));
          for (int k = 0; k < K; ++k) {
            for (int j = 0; j < (is_w ? c.k_w : 1); ++j) {
              const uint64_t word = im.lo_words[static_cast<size_t>(k * (is_w ? c.k_w : 1) + j)];
              if (4 * v < 64) {
                EXPECT_EQ(word >> (4 * v), 0u);
              }
              for (int s = 0; s < v; ++s) {
                const int want = is_w ? ref_sbr(w.at(s, k), c.k_w)[static_cast<size_t>(j)] : ref_a_lo(x.at(k, s), c.t);
                EXPECT_EQ(field(word, 4 * s), want);
              }
            }
          }
          // The slices rebuild the operand: W exactly, X with its t low bits cleared.
          for (int k = 0; k < K; ++k) {
            for (int s = 0; s < v; ++s) {
              if (is_w) {
                int64_t rebuilt = static_cast<int64_t>(bl.ho_at(k, s)) * pow2(3 * c.k_w);
                for (int j = 0; j < c.k_w; ++j) rebuilt += static_cast<int64_t>(bl.lo_at(k, j, s)) * pow2(3 * j);
                EXPECT_EQ(rebuilt, w.at(s, k));
              } else {
                EXPECT_EQ(bl.ho_at(k, s) * pow2(4 + c.t) + bl.lo_at(k, 0, s) * pow2(c.t), ref_trunc(x.at(k, s), c.t));
              }
            }
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 500);
}

TEST(PanaceaImage, MalformedThrows) {
  const BlockSlices bl = weight_block(mat(2, 3, {-9, 3, 8, 5, -1, 0}), 1, 2, 0);
  const OperandImage im = pack(bl, 3);
  OperandImage bad = im;
  bad.ho_words[0] |= uint64_t{1} << 11;  // above b + 4v = 11 bits
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  EXPECT_THROW(stored_vectors(bad), std::invalid_argument);
  bad = im;
  bad.lo_words[1] |= uint64_t{1} << 8;  // above 4v = 8 bits
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.lo_words.pop_back();
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.ho_words.push_back(0);  // a third entry at position 3 >= k
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  EXPECT_THROW(stored_vectors(bad), std::invalid_argument);
  bad = im;
  bad.v = 13;
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.fill = 8;  // not a signed 4-bit value
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  bad = im;
  bad.k = 0;
  EXPECT_THROW(unpack(bad), std::invalid_argument);
  EXPECT_THROW(pack(bl, 0), std::invalid_argument);
  EXPECT_THROW(pack(bl, 17), std::invalid_argument);
  BlockSlices bb = bl;
  bb.ho[0] = 8;
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
  bb = bl;
  bb.lo.pop_back();
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
  bb = bl;
  bb.is_signed = false;  // -1 is not an unsigned slice
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
  bb = bl;
  bb.lo_planes = 3;
  EXPECT_THROW(pack(bb, 3), std::invalid_argument);
}

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
}  // namespace bf::golden::panacea
