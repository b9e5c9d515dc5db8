// Tests of the Panacea golden model (golden/panacea/panacea.hpp): SBR weight slices, activation slices and zero-point
// manipulation (ZPM), by hand and exhaustively.
// The references and generators: panacea_test_util.hpp.
#include "panacea/panacea_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace bf::golden::panacea::panacea_test {
namespace {

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

}  // namespace
}  // namespace bf::golden::panacea::panacea_test
