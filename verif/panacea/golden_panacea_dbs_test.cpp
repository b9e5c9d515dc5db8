// Tests of the Panacea golden model (golden/panacea/panacea.hpp): dynamic bit-width selection (DBS) of activation
// histograms: hand cases, saturation, random histograms against window counts.
// The references and generators: panacea_test_util.hpp.
#include "panacea/panacea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace bf::golden::panacea::panacea_test {
namespace {

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

}  // namespace
}  // namespace bf::golden::panacea::panacea_test
