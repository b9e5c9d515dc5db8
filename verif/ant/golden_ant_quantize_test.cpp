// Tests of the ANT golden model (golden/ant) against formats.md "ANT" and paper 002: integer and real
// quantization (exhaustive, ties upward, saturation, by hand).
// How expectations are derived, and the independent reference tables: ant_test_util.hpp.
#include "ant/ant_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <stdexcept>

namespace bf::golden::ant::ant_test {
namespace {

// ---- quantization ----

TEST(AntGolden, QuantizeExhaustive) {
  for (const Format& f : all_valid_formats()) {
    if (f.bits > 8) continue;
    const auto ref = ref_values(f);
    const auto canon = ref_canonical(ref);
    const int64_t mx = std::max(std::abs(canon.begin()->first), canon.rbegin()->first);
    const int64_t lim = std::min<int64_t>(2 * mx + 3, 300000);
    for (int64_t x = -lim; x <= lim; ++x) {
      // Brute force: smallest distance; a tie goes to the larger value; equal values keep the smallest code.
      uint32_t best = 0;
      for (uint32_t c = 1; c < ref.size(); ++c) {
        const int64_t d = std::abs(x - ref[c]);
        const int64_t bd = std::abs(x - ref[best]);
        if (d < bd || (d == bd && ref[c] > ref[best])) best = c;
      }
      ASSERT_EQ(an::quantize(f, x), best) << name(f) << " x = " << x;
    }
    // Saturation at both ends, far away.
    EXPECT_EQ(an::quantize(f, std::numeric_limits<int64_t>::min()), canon.begin()->second) << name(f);
    EXPECT_EQ(an::quantize(f, std::numeric_limits<int64_t>::max()), canon.rbegin()->second) << name(f);
    EXPECT_EQ(an::quantize(f, -lim - 1000), canon.begin()->second) << name(f);
    EXPECT_EQ(an::quantize(f, lim + 1000), canon.rbegin()->second) << name(f);
    // Every code's value maps to the canonical code of that value.
    for (uint32_t c = 0; c < ref.size(); ++c) EXPECT_EQ(an::quantize(f, ref[c]), canon.at(ref[c])) << name(f);
  }
}

TEST(AntGolden, QuantizeTiesGoUp) {
  for (const Format& f : all_valid_formats()) {
    const auto canon = ref_canonical(ref_values(f));
    for (auto it = std::next(canon.begin()); it != canon.end(); ++it) {
      const int64_t a = std::prev(it)->first, b = it->first;
      const uint32_t ca = std::prev(it)->second, cb = it->second;
      if ((a + b) % 2 == 0) {
        const int64_t mid = (a + b) / 2;
        EXPECT_EQ(an::quantize(f, mid), cb) << name(f) << " tie " << a << "/" << b;
        EXPECT_EQ(an::quantize(f, mid - 1), ca) << name(f) << " below tie " << a << "/" << b;
        EXPECT_EQ(an::quantize_real(f, static_cast<double>(mid), 1.0), cb) << name(f);
      } else {
        const double mid = (static_cast<double>(a) + static_cast<double>(b)) / 2.0;
        EXPECT_EQ(an::quantize_real(f, mid, 1.0), cb) << name(f) << " tie " << a << "/" << b;
        EXPECT_EQ(an::quantize_real(f, std::nextafter(mid, -1e9), 1.0), ca) << name(f);
        EXPECT_EQ(an::quantize(f, static_cast<int64_t>(std::floor(mid))), ca) << name(f);
        EXPECT_EQ(an::quantize(f, static_cast<int64_t>(std::ceil(mid))), cb) << name(f);
      }
    }
  }
}

TEST(AntGolden, QuantizeRealMatchesIntegerQuantize) {
  for (const Format& f : all_valid_formats()) {
    const auto canon = ref_canonical(ref_values(f));
    const int64_t mx = std::max(std::abs(canon.begin()->first), canon.rbegin()->first);
    const int64_t lim = std::min<int64_t>(2 * mx + 3, 300000);
    const int64_t step = f.bits > 8 ? 7 : 1;  // int 9..16: every 7th integer
    for (int64_t x = -lim; x <= lim; x += step)
      ASSERT_EQ(an::quantize_real(f, static_cast<double>(x), 1.0), an::quantize(f, x)) << name(f) << " x = " << x;
  }
}

TEST(AntGolden, QuantizeRealByHand) {
  const Format uf{Type::Flint, 4, false};
  EXPECT_EQ(an::quantize_real(uf, 5.0, 0.5), 0b1101u);   // 10
  EXPECT_EQ(an::quantize_real(uf, 5.5, 0.5), 0b1110u);   // 11: tie 10/12 -> 12 (the paper's 11 -> 1110)
  EXPECT_EQ(an::quantize_real(uf, 5.4, 0.5), 0b1101u);   // 10.8 -> 10
  EXPECT_EQ(an::quantize_real(uf, 100.0, 0.5), 0b1000u); // 200 -> saturate 64
  EXPECT_EQ(an::quantize_real(uf, -3.0, 0.5), 0u);       // negative -> 0
  EXPECT_EQ(an::quantize_real(uf, 20.0, 0.5), 0b1001u);  // 40: between 32 and 64 -> 32
  EXPECT_EQ(an::quantize_real(uf, 24.0, 0.5), 0b1000u);  // 48: tie 32/64 -> 64
  const Format si{Type::Int, 4, true};
  EXPECT_EQ(an::quantize_real(si, -17.0, 2.0), 0b1000u);  // -8.5 -> saturate -8
  EXPECT_EQ(an::quantize_real(si, 3.0, 2.0), 2u);         // 1.5: tie 1/2 -> 2
  EXPECT_EQ(an::quantize_real(si, -3.0, 2.0), 0b1111u);   // -1.5: tie -2/-1 -> -1
  EXPECT_EQ(an::quantize_real(si, 1e300, 1e-300), 7u);    // y overflows to +inf: saturate
  const Format sf{Type::Flint, 4, true};
  EXPECT_EQ(an::quantize_real(sf, 1.25, 0.25), 0b0111u);   // 5: tie 4/6 -> 6
  EXPECT_EQ(an::quantize_real(sf, -1.25, 0.25), 0b1110u);  // -5: tie -6/-4 -> -4
  EXPECT_EQ(an::quantize_real(sf, -0.1, 0.25), 0u);        // -0.4 -> +0, canonical code 0
  EXPECT_EQ(an::quantize_real(sf, -0.125, 0.25), 0u);      // -0.5: tie -1/0 -> 0
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW(an::quantize_real(sf, nan, 1.0), std::invalid_argument);
  EXPECT_THROW(an::quantize_real(sf, inf, 1.0), std::invalid_argument);
  EXPECT_THROW(an::quantize_real(sf, 1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(an::quantize_real(sf, 1.0, -1.0), std::invalid_argument);
  EXPECT_THROW(an::quantize_real(sf, 1.0, nan), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::ant::ant_test
