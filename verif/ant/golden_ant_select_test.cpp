// Tests of the ANT golden model (golden/ant) against formats.md "ANT" and paper 002: type and scale
// selection (Algorithm 2): candidates, exact cases, ties, the first minimum, per channel.
// How expectations are derived, and the independent reference tables: ant_test_util.hpp.
#include "ant/ant_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace bf::golden::ant::ant_test {
namespace {

// ---- Algorithm 2 ----

TEST(AntGolden, ZeroTensorPicksInt) {
  const std::vector<double> z(10, 0.0);
  for (const int bits : {3, 4, 8}) {
    const an::Selection s = an::select_type(z, bits, true);
    for (const auto& c : s.candidates) {
      EXPECT_EQ(c.mse, 0.0);
      EXPECT_EQ(c.scale, 1.0);
      EXPECT_EQ(c.alpha, 0.0);
    }
    EXPECT_EQ(s.chosen.format.type, Type::Int);
    EXPECT_EQ(an::quantize_tensor(s.chosen, z), std::vector<uint32_t>(10, 0u));
  }
}

TEST(AntGolden, CandidatesByWidth) {
  const std::vector<double> x = {1.0, -2.0, 3.0};
  auto types = [&](int bits) {
    std::vector<Type> t;
    for (const auto& c : an::select_type(x, bits, true).candidates) t.push_back(c.format.type);
    return t;
  };
  EXPECT_EQ(types(2), (std::vector<Type>{Type::Int}));
  EXPECT_EQ(types(3), (std::vector<Type>{Type::Int, Type::Flint, Type::Pot}));
  EXPECT_EQ(types(4), (std::vector<Type>{Type::Int, Type::Flint, Type::Pot}));
  EXPECT_EQ(types(5), (std::vector<Type>{Type::Int, Type::Flint}));
  EXPECT_EQ(types(8), (std::vector<Type>{Type::Int, Type::Flint}));
  EXPECT_EQ(types(9), (std::vector<Type>{Type::Int}));
  EXPECT_EQ(types(16), (std::vector<Type>{Type::Int}));
  EXPECT_THROW(an::select_type(x, 1, true), std::invalid_argument);
  EXPECT_THROW(an::select_type(x, 17, false), std::invalid_argument);
  EXPECT_THROW(an::select_type(std::vector<double>{}, 4, true), std::invalid_argument);
  EXPECT_THROW(an::select_type(std::vector<double>{1.0, std::nan("")}, 4, true), std::invalid_argument);
  EXPECT_THROW(an::select_type(std::vector<double>{1.0, -HUGE_VAL}, 4, true), std::invalid_argument);
}

// Integers -7..7, signed 4 bits: int at i = 100 (alpha 7, scale 7 / max(grid) = 7/7 = 1) is exact, MSE 0.
// flint and pot cannot be exact at any scale: flint's non-zero magnitudes {1,2,3,4,6,8,16} have no two with
// ratio 7 (needed for 1 and 7), and pot has no multiple of 3. So int wins with alpha 7.
TEST(AntGolden, UniformIntegersSelectInt) {
  std::vector<double> x;
  for (int v = -7; v <= 7; ++v) x.push_back(v);
  const an::Selection s = an::select_type(x, 4, true);
  ASSERT_EQ(s.candidates.size(), 3u);
  EXPECT_EQ(s.chosen.format, (Format{Type::Int, 4, true}));
  EXPECT_EQ(s.chosen.mse, 0.0);
  EXPECT_EQ(s.chosen.alpha, 7.0);
  EXPECT_EQ(s.chosen.scale, 1.0);
  EXPECT_GT(s.candidates[1].mse, 0.0);
  EXPECT_GT(s.candidates[2].mse, 0.0);
  const auto q = an::quantize_tensor(s.chosen, x);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(an::value(s.chosen.format, q[i]), static_cast<int64_t>(x[i]));
}

// +-{1, 2, ..., 64}, signed 4 bits: pot at i = 100 (alpha 64, scale 1) is exact. int and flint cannot be:
// their largest/smallest non-zero magnitude ratios are 8 and 16 < 64.
TEST(AntGolden, PowersOfTwoSelectPot) {
  std::vector<double> x;
  for (int k = 0; k <= 6; ++k) {
    x.push_back(static_cast<double>(pow2(k)));
    x.push_back(-static_cast<double>(pow2(k)));
  }
  const an::Selection s = an::select_type(x, 4, true);
  EXPECT_EQ(s.chosen.format, (Format{Type::Pot, 4, true}));
  EXPECT_EQ(s.chosen.mse, 0.0);
  EXPECT_EQ(s.chosen.alpha, 64.0);
  EXPECT_EQ(s.chosen.scale, 1.0);
  EXPECT_GT(s.candidates[0].mse, 0.0);
  EXPECT_GT(s.candidates[1].mse, 0.0);
}

// {-16, 1, 16}, signed 4 bits: flint exact at alpha 16 (scale 1); pot exact at alpha 16 (scale 16/64 = 0.25:
// 16 -> 64, 1 -> 4); int never exact (16/scale must be an integer <= 7, so 1/scale <= 7/16 cannot be a
// non-zero integer). flint and pot tie at MSE 0: the order rule picks flint.
TEST(AntGolden, ExactTieFlintBeforePot) {
  const std::vector<double> x = {-16.0, 1.0, 16.0};
  const an::Selection s = an::select_type(x, 4, true);
  ASSERT_EQ(s.candidates.size(), 3u);
  EXPECT_GT(s.candidates[0].mse, 0.0);
  EXPECT_EQ(s.candidates[1].mse, 0.0);
  EXPECT_EQ(s.candidates[2].mse, 0.0);
  EXPECT_EQ(s.candidates[1].alpha, 16.0);
  EXPECT_EQ(s.candidates[2].alpha, 16.0);
  EXPECT_EQ(s.candidates[2].scale, 0.25);
  EXPECT_EQ(s.chosen.format.type, Type::Flint);
}

// {15, 0}, unsigned 4-bit int (max|grid| 15): scale = 15 * i / 100 / 15; 15 is exact iff 15 / scale =
// 1500 / i is an integer <= 15: i = 100 (scale 1, 15 -> 15) and i = 125 (alpha 18.75, scale 1.25, 15 -> 12),
// both exact in double. Two alphas tie at MSE 0: the first (alpha 15) wins.
TEST(AntGolden, BestScaleTieKeepsFirstAlpha) {
  const std::vector<double> x = {15.0, 0.0};
  const an::TypeChoice c = an::best_scale({Type::Int, 4, false}, x);
  EXPECT_EQ(c.mse, 0.0);
  EXPECT_EQ(c.alpha, 15.0);
  EXPECT_EQ(c.scale, 1.0);
  EXPECT_THROW(an::best_scale({Type::Int, 4, false}, std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(an::best_scale({Type::Pot, 5, false}, x), std::invalid_argument);
}

// The scale's denominator is the largest grid value (7 for signed 4-bit int), not the magnitude of the most negative
// code (8): {7, -7} is exact at alpha 7 with scale 1 (with 7 / 8 it could not be: 7 would need the code for 8).
TEST(AntGolden, SignedIntScaleDividesByTheLargestGridValue) {
  const an::TypeChoice c = an::best_scale({Type::Int, 4, true}, std::vector<double>{7.0, -7.0});
  EXPECT_EQ(c.alpha, 7.0);
  EXPECT_EQ(c.scale, 1.0);
  EXPECT_EQ(c.mse, 0.0);
  EXPECT_EQ(an::grid_max({Type::Int, 4, true}), 7);
  EXPECT_EQ(an::max_abs({Type::Int, 4, true}), 8);
}

// best_scale against an independent search: alpha is max|x| * i / 100 for an i in [75, 150), its MSE is
// the minimum, and no earlier i reaches it (the first minimum wins).
TEST(AntGolden, BestScaleIsFirstMinimum) {
  std::mt19937 rng(12345);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  for (int trial = 0; trial < 6; ++trial) {
    std::vector<double> x(48);
    for (double& v : x) v = (trial % 2 == 0) ? gauss(rng) : uni(rng);
    if (trial >= 4) x[0] = 9.0;  // an outlier
    for (const Format& f : all_valid_formats()) {
      if (f.bits > 8) continue;
      const auto ref = ref_values(f);
      const auto canon = ref_canonical(ref);
      const double gmax = static_cast<double>(canon.rbegin()->first);  // max(grid)
      double mx = 0;
      for (const double v : x) mx = std::max(mx, std::abs(v));
      std::vector<double> mses;
      for (int i = 75; i < 150; ++i) {
        const double scale = mx * static_cast<double>(i) / 100.0 / gmax;
        double sum = 0;
        for (const double v : x) {
          const double e = v - scale * static_cast<double>(ref[ref_quantize_real(canon, v / scale)]);
          sum += e * e;
        }
        mses.push_back(sum / static_cast<double>(x.size()));
      }
      const an::TypeChoice c = an::best_scale(f, x);
      EXPECT_EQ(c.format, f);
      int found = -1;
      for (int i = 75; i < 150; ++i)
        if (c.alpha == mx * static_cast<double>(i) / 100.0) found = i;
      ASSERT_GE(found, 75) << name(f) << " alpha " << c.alpha;
      EXPECT_EQ(c.scale, c.alpha / gmax);
      const double best = *std::min_element(mses.begin(), mses.end());
      EXPECT_EQ(c.mse, best) << name(f);
      EXPECT_EQ(mses[static_cast<size_t>(found - 75)], best) << name(f);
      for (int i = 75; i < found; ++i) EXPECT_GT(mses[static_cast<size_t>(i - 75)], best) << name(f) << " i " << i;
      // quantize_tensor is quantize_real element by element.
      const auto q = an::quantize_tensor(c, x);
      for (size_t k = 0; k < x.size(); ++k) EXPECT_EQ(q[k], ref_quantize_real(canon, x[k] / c.scale));
    }
    // select_type: the chosen candidate is the first one with the minimum MSE.
    for (const int bits : {3, 4, 6}) {
      const an::Selection s = an::select_type(x, bits, trial % 2 == 0);
      double best = s.candidates[0].mse;
      size_t first = 0;
      for (size_t k = 1; k < s.candidates.size(); ++k)
        if (s.candidates[k].mse < best) best = s.candidates[k].mse, first = k;
      EXPECT_EQ(s.chosen.format, s.candidates[first].format);
      EXPECT_EQ(s.chosen.mse, best);
    }
  }
}

TEST(AntGolden, PerChannelSelection) {
  // Channel 0: integers -7..7 and one more 0 (int, as above); channel 1: {0, 0, +-1, ..., +-64} (pot, as
  // above: int and flint cannot reach the 64:1 ratio exactly, pot is exact at scale 1).
  std::vector<double> x = {0.0};
  for (int v = -7; v <= 7; ++v) x.push_back(v);
  x.push_back(0);
  x.push_back(0);
  for (int k = 0; k <= 6; ++k) {
    x.push_back(static_cast<double>(pow2(k)));
    x.push_back(-static_cast<double>(pow2(k)));
  }
  ASSERT_EQ(x.size(), 32u);
  const auto sel = an::select_per_channel(x, 2, true, 4);
  ASSERT_EQ(sel.size(), 2u);
  EXPECT_EQ(sel[0].chosen.format.type, Type::Int);
  EXPECT_EQ(sel[1].chosen.format.type, Type::Pot);
  EXPECT_EQ(sel[0].chosen.mse, 0.0);
  EXPECT_EQ(sel[1].chosen.mse, 0.0);
  EXPECT_THROW(an::select_per_channel(x, 3, true, 4), std::invalid_argument);
  EXPECT_THROW(an::select_per_channel(x, 0, true, 4), std::invalid_argument);
  EXPECT_THROW(an::select_per_channel(std::vector<double>{}, 1, true, 4), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::ant::ant_test
