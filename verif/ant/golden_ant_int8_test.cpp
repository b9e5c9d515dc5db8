// Tests of the ANT golden model (golden/ant) against formats.md "ANT" and paper 002: 8-bit int products
// from 4-bit PEs (exhaustive split and partial products).
// How expectations are derived, and the independent reference tables: ant_test_util.hpp.
#include "ant/ant_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

namespace bf::golden::ant::ant_test {
namespace {

// ---- 8-bit int from 4-bit PEs ----

TEST(AntGolden, Int8FromInt4Exhaustive) {
  for (const bool as : {false, true}) {
    const int64_t alo = as ? -128 : 0, ahi = as ? 127 : 255;
    for (int64_t a = alo; a <= ahi; ++a) {
      const an::Split4 sa = an::split_int8(a, as);
      ASSERT_EQ(sa.hi * 16 + sa.lo, a);
      ASSERT_GE(sa.lo, 0);
      ASSERT_LE(sa.lo, 15);
      ASSERT_GE(sa.hi, as ? -8 : 0);
      ASSERT_LE(sa.hi, as ? 7 : 15);
      for (const bool bs : {false, true}) {
        const int64_t blo = bs ? -128 : 0, bhi = bs ? 127 : 255;
        for (int64_t b = blo; b <= bhi; ++b) {
          const auto p = an::int8_partial_products(a, as, b, bs);
          ASSERT_EQ(p[0] + p[1] + p[2] + p[3], a * b) << a << " * " << b;
          const an::Split4 sb{b >= 0 ? b / 16 : -((-b + 15) / 16), ((b % 16) + 16) % 16};  // floor division
          ASSERT_EQ(p[0], sa.hi * sb.hi * 256);
          ASSERT_EQ(p[1], sa.hi * sb.lo * 16);
          ASSERT_EQ(p[2], sa.lo * sb.hi * 16);
          ASSERT_EQ(p[3], sa.lo * sb.lo);
        }
      }
    }
  }
  // By hand: -1 = -1*16 + 15; -128 = -8*16 + 0; 255 = 15*16 + 15; 0x5A = 5*16 + 10.
  EXPECT_EQ(an::split_int8(-1, true), (an::Split4{-1, 15}));
  EXPECT_EQ(an::split_int8(-128, true), (an::Split4{-8, 0}));
  EXPECT_EQ(an::split_int8(255, false), (an::Split4{15, 15}));
  EXPECT_EQ(an::split_int8(0x5A, true), (an::Split4{5, 10}));
  EXPECT_THROW(an::split_int8(128, true), std::invalid_argument);
  EXPECT_THROW(an::split_int8(-1, false), std::invalid_argument);
  EXPECT_THROW(an::split_int8(256, false), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::ant::ant_test
