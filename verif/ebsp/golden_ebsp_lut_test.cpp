// Tests of the EBSP golden model (golden/ebsp) against docs/ebsp.md and formats.md "EBSP": the mantissa
// product LUT and the LUT product (hand examples, exhaustive, random wide operands).
// How expectations are derived, and the independent references: ebsp_test_util.hpp.
#include "ebsp/ebsp_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace bf::golden::ebsp::ebsp_test {
namespace {

// =========================================================================================================
// LUT and the LUT product
// =========================================================================================================

// formats.md "Fact": the paper's 5-bit example (weight: sign, 2-bit exponent, 2-bit mantissa; activation: 2-bit
// exponent, 3-bit mantissa) needs 2^(2+3) = 32 LUT entries. Mantissa bits are s - 1: s_w = 3, s_a = 4.
TEST(EbspLut, PaperFiveBitExampleHas32Entries) {
  EXPECT_EQ(lut_entries(4, 3), 32);
  EXPECT_EQ(lut(4, 3).size(), 32u);
  // The weight: 5 bits = sign + 4 magnitude bits, whose exponent 0..3 takes 2 bits, as in the paper.
  EXPECT_EQ(magnitude_bits({5, 3, true}), 4);
  EXPECT_EQ(decompose(max_value({5, 3, true}), 3).e, 3);
  // The paper's INT8 counter-example: a plain 8x8 table would need 2^16 = 65,536 entries; length 8 patterns
  // (every 8-bit value conforms) need 2^(7+7).
  EXPECT_EQ(lut_entries(8, 8), 16384);
  EXPECT_EQ(lut_entries(1, 1), 1);
}

TEST(EbspLut, HandTables) {
  // s_a = s_w = 2: index {m_a, m_w}: (2 + m_a) * (2 + m_w) = 2*2, 2*3, 3*2, 3*3.
  EXPECT_EQ(lut(2, 2), (std::vector<uint32_t>{4, 6, 6, 9}));
  // s_a = 3, s_w = 2: (4 + m_a) * (2 + m_w), index m_a * 2 + m_w.
  EXPECT_EQ(lut(3, 2), (std::vector<uint32_t>{8, 12, 10, 15, 12, 18, 14, 21}));
  // s_a = 1, s_w = 3: (1) * (4 + m_w).
  EXPECT_EQ(lut(1, 3), (std::vector<uint32_t>{4, 5, 6, 7}));
}

TEST(EbspLut, EntriesAreMantissaProducts) {
  for (int sa = 1; sa <= 9; ++sa) {
    for (int sw = 1; sw <= 9; ++sw) {
      SCOPED_TRACE("s_a " + std::to_string(sa) + " s_w " + std::to_string(sw));
      const std::vector<uint32_t> t = lut(sa, sw);
      int64_t n = 1;
      for (int i = 0; i < (sa - 1) + (sw - 1); ++i) n *= 2;
      EXPECT_EQ(lut_entries(sa, sw), n);
      ASSERT_EQ(static_cast<int64_t>(t.size()), n);
      for (int64_t ma = 0; ma < pow2(sa - 1); ++ma) {
        for (int64_t mw = 0; mw < pow2(sw - 1); ++mw) {
          const int64_t idx = ma * pow2(sw - 1) + mw;
          const int64_t expect = (pow2(sa - 1) + ma) * (pow2(sw - 1) + mw);
          ASSERT_EQ(static_cast<int64_t>(t[static_cast<size_t>(idx)]), expect) << "m_a " << ma << " m_w " << mw;
          ASSERT_LT(expect, pow2(sa + sw));  // an (s_a + s_w)-bit number
        }
      }
    }
  }
}

TEST(EbspLut, ProductHandExamples) {
  // a = 0110'1101 (109), s_a = 3: e = 6, kept 110 -> 0110'0000 = 96, m = 10b = 2.
  // w = -0000'1011 (-11), s_w = 3: e = 3, kept 101 -> 1010 = 10, m = 01b = 1.
  // entry = (4 + 2)(4 + 1) = 30; (30 << 9) >> 4 = 960; negative weight: -960 = 96 x -10.
  EXPECT_EQ(lut_product({8, 3, false}, {8, 3, true}, 109, -11), -960);
  // a = 11b, s_a = 4: e = 1, m = "1" padded = 100b = 4; w = 1, s_w = 3: e = 0, m = 0.
  // entry = (8 + 4)(4 + 0) = 48; (48 << 1) >> 5 = 3.
  EXPECT_EQ(lut_product({4, 4, false}, {4, 3, true}, 3, 1), 3);
  EXPECT_EQ(lut_product({8, 3, false}, {8, 3, true}, 0, -127), 0);
  EXPECT_EQ(lut_product({8, 3, false}, {8, 3, true}, 255, 0), 0);
  // 255 -> 1110'0000 = 224, -127 -> -111'0000 = -112: -25088.
  EXPECT_EQ(lut_product({8, 3, false}, {8, 3, true}, 255, -127), -25088);
  // Largest operands: 16-bit activation 65535 and 15-bit weight magnitude 32767, full-length patterns.
  EXPECT_EQ(lut_product({16, 16, false}, {16, 15, true}, 65535, -32767), -int64_t{65535} * 32767);
}

void check_products_exhaustive(const Pattern& a, const Pattern& w) {
  SCOPED_TRACE(name(a) + " x " + name(w));
  int failures = 0;
  for (const int64_t x : domain(a)) {
    for (const int64_t y : domain(w)) {
      const int64_t got = lut_product(a, w, x, y);
      const int64_t expect = ref_value(a, x) * ref_value(w, y);
      if (got != expect || got != pattern_value(a, x) * pattern_value(w, y)) {
        ADD_FAILURE() << x << " x " << y << ": " << got << ", expected " << expect;
        if (++failures >= 5) return;
      }
    }
  }
}

TEST(EbspLut, ProductExhaustive) {
  check_products_exhaustive({5, 3, false}, {5, 3, true});
  check_products_exhaustive({8, 4, false}, {8, 4, true});
  check_products_exhaustive({6, 3, false}, {6, 3, true});
  check_products_exhaustive({4, 4, false}, {4, 3, true});  // every value conforms: exact products
  check_products_exhaustive({9, 1, false}, {7, 1, true});  // powers of two only
  // Every length pair at 5 x 5 bits, and an unsigned-weight / signed-activation mix (sign = xor).
  for (int sa = 1; sa <= 5; ++sa)
    for (int sw = 1; sw <= 4; ++sw) check_products_exhaustive({5, sa, false}, {5, sw, true});
  check_products_exhaustive({6, 2, true}, {6, 3, false});
  check_products_exhaustive({6, 2, true}, {6, 3, true});
}

TEST(EbspLut, ProductRandomWide) {
  std::mt19937_64 rng(1234);
  const std::vector<std::pair<Pattern, Pattern>> cases{{{8, 7, false}, {8, 7, true}},
                                                       {{12, 5, false}, {10, 4, true}},
                                                       {{16, 6, false}, {16, 5, true}},
                                                       {{16, 16, false}, {16, 15, true}},
                                                       {{16, 1, false}, {16, 1, true}}};
  for (const auto& [a, w] : cases) {
    SCOPED_TRACE(name(a) + " x " + name(w));
    std::uniform_int_distribution<int64_t> da(min_value(a), max_value(a)), dw(min_value(w), max_value(w));
    for (int i = 0; i < 100000; ++i) {
      const int64_t x = da(rng), y = dw(rng);
      ASSERT_EQ(lut_product(a, w, x, y), ref_value(a, x) * ref_value(w, y)) << x << " x " << y;
    }
    // The extremes.
    for (const int64_t x : {min_value(a), max_value(a), int64_t{1}})
      for (const int64_t y : {min_value(w), max_value(w), int64_t{-1}, int64_t{1}})
        EXPECT_EQ(lut_product(a, w, x, y), ref_value(a, x) * ref_value(w, y)) << x << " x " << y;
  }
}

}  // namespace
}  // namespace bf::golden::ebsp::ebsp_test
