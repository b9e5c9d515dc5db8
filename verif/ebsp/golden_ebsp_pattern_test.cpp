// Tests of the EBSP golden model (golden/ebsp) against docs/ebsp.md and formats.md "EBSP": patterns and
// their domains, truncate / nearest / decompose, pattern_value, tensor statistics.
// How expectations are derived, and the independent references: ebsp_test_util.hpp.
#include "ebsp/ebsp_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace bf::golden::ebsp::ebsp_test {
namespace {

// =========================================================================================================
// Patterns and domains
// =========================================================================================================

TEST(EbspPattern, ValidityAndDomains) {
  EXPECT_FALSE(valid_pattern({0, 1, false}));
  EXPECT_TRUE(valid_pattern({1, 1, false}));
  EXPECT_FALSE(valid_pattern({1, 1, true}));  // no magnitude bit
  EXPECT_TRUE(valid_pattern({2, 1, true}));
  EXPECT_FALSE(valid_pattern({2, 2, true}));  // s_w <= m_w - 1
  EXPECT_TRUE(valid_pattern({8, 8, false}));  // s_a <= m_a
  EXPECT_FALSE(valid_pattern({8, 9, false}));
  EXPECT_TRUE(valid_pattern({8, 7, true}));
  EXPECT_FALSE(valid_pattern({8, 8, true}));
  EXPECT_FALSE(valid_pattern({8, 0, false}));
  EXPECT_FALSE(valid_pattern({8, -1, true}));
  EXPECT_TRUE(valid_pattern({16, 16, false}));
  EXPECT_TRUE(valid_pattern({16, 15, true}));
  EXPECT_FALSE(valid_pattern({17, 1, false}));

  EXPECT_EQ(magnitude_bits({8, 3, false}), 8);
  EXPECT_EQ(magnitude_bits({8, 3, true}), 7);
  // unsigned [0, 2^bits - 1]; sign-magnitude [-(2^(bits-1) - 1), 2^(bits-1) - 1]
  EXPECT_EQ(min_value({8, 3, false}), 0);
  EXPECT_EQ(max_value({8, 3, false}), 255);
  EXPECT_EQ(min_value({8, 3, true}), -127);
  EXPECT_EQ(max_value({8, 3, true}), 127);
  EXPECT_EQ(min_value({1, 1, false}), 0);
  EXPECT_EQ(max_value({1, 1, false}), 1);
  EXPECT_EQ(min_value({2, 1, true}), -1);
  EXPECT_EQ(max_value({2, 1, true}), 1);
  EXPECT_EQ(max_value({16, 2, false}), 65535);
  EXPECT_EQ(min_value({16, 2, true}), -32767);
}

TEST(EbspPattern, InvalidArgumentsThrow) {
  const Pattern bad{8, 9, false};
  const Pattern act{8, 3, false}, wgt{8, 3, true};
  EXPECT_THROW(magnitude_bits(bad), std::invalid_argument);
  EXPECT_THROW(min_value(bad), std::invalid_argument);
  EXPECT_THROW(max_value(bad), std::invalid_argument);
  EXPECT_THROW(pattern_value(bad, 1), std::invalid_argument);
  EXPECT_THROW(pattern_value(act, 256), std::invalid_argument);
  EXPECT_THROW(pattern_value(act, -1), std::invalid_argument);
  EXPECT_THROW(pattern_value(wgt, 128), std::invalid_argument);
  EXPECT_THROW(pattern_value(wgt, -128), std::invalid_argument);  // no -2^(bits-1) in sign-magnitude
  EXPECT_NO_THROW(pattern_value(wgt, -127));
  EXPECT_THROW(conforms(5, 0), std::invalid_argument);
  EXPECT_THROW(truncate(5, 0), std::invalid_argument);
  EXPECT_THROW(truncate(5, 65), std::invalid_argument);
  EXPECT_THROW(nearest(16, 2, 4), std::invalid_argument);  // wider than 4 bits
  EXPECT_THROW(nearest(3, 5, 4), std::invalid_argument);   // length > width
  EXPECT_THROW(nearest(3, 0, 4), std::invalid_argument);
  EXPECT_THROW(nearest(3, 1, 0), std::invalid_argument);
  EXPECT_THROW(decompose(3, 0), std::invalid_argument);
  EXPECT_THROW(lut_entries(0, 3), std::invalid_argument);
  EXPECT_THROW(lut_entries(3, 17), std::invalid_argument);
  EXPECT_THROW(lut(16, 16), std::invalid_argument);  // 2^30 entries
  EXPECT_THROW(lut_product(bad, wgt, 1, 1), std::invalid_argument);
  EXPECT_THROW(lut_product(act, wgt, 256, 1), std::invalid_argument);
  EXPECT_THROW(lut_product(act, wgt, 1, -128), std::invalid_argument);
  EXPECT_THROW(wgt_bits_of(wgt, 128), std::invalid_argument);
  EXPECT_THROW(wgt_value_of_bits(wgt, 256), std::invalid_argument);
  const std::vector<int64_t> vs{1, 2, 300};
  EXPECT_THROW(stats(act, vs), std::invalid_argument);
  EXPECT_THROW(stats(bad, std::vector<int64_t>{}), std::invalid_argument);
}

TEST(EbspPattern, WeightPortBits) {
  const Pattern w{5, 3, true};  // sign in bit 4, magnitude bits 3..0
  EXPECT_EQ(wgt_bits_of(w, 5), 0b00101u);
  EXPECT_EQ(wgt_bits_of(w, -5), 0b10101u);
  EXPECT_EQ(wgt_bits_of(w, -15), 0b11111u);
  EXPECT_EQ(wgt_bits_of(w, 0), 0u);
  EXPECT_EQ(wgt_value_of_bits(w, 0b10101), -5);
  EXPECT_EQ(wgt_value_of_bits(w, 0b01111), 15);
  EXPECT_EQ(wgt_value_of_bits(w, 0b10000), 0);  // negative zero
  EXPECT_EQ(wgt_value_of_bits(w, 0b11111), -15);
  for (int64_t v = -15; v <= 15; ++v) EXPECT_EQ(wgt_value_of_bits(w, wgt_bits_of(w, v)), v);
  // Unsigned patterns: the identity.
  EXPECT_EQ(wgt_bits_of({5, 3, false}, 31), 31u);
  EXPECT_EQ(wgt_value_of_bits({5, 3, false}, 31), 31);
}

// =========================================================================================================
// Truncate, nearest, decompose
// =========================================================================================================

TEST(EbspQuantize, HandExamples) {
  // truncate: keep the leading one and s - 1 bits after it.
  EXPECT_EQ(truncate(0b1011'0110, 3), 0b1010'0000u);  // 182 -> 160: bits 7,6,5 = 101 kept
  EXPECT_EQ(truncate(0b0111, 2), 0b0110u);            // 7 -> 6
  EXPECT_EQ(truncate(0b1111'1111, 1), 0b1000'0000u);  // 255 -> 128: powers of two only
  EXPECT_EQ(truncate(0b101, 3), 0b101u);              // e = 2 < s: nothing below bit 0 to clear
  EXPECT_EQ(truncate(0, 2), 0u);
  EXPECT_EQ(truncate(0b1'0000'0001, 8), 0b1'0000'0000u);  // 257 -> 256 (bit 0 is 9th after the leading one)
  EXPECT_TRUE(conforms(0b1010'0000, 3));
  EXPECT_FALSE(conforms(0b1011'0110, 3));
  EXPECT_TRUE(conforms(0, 1));
  EXPECT_TRUE(conforms(0b100'0000, 1));
  EXPECT_FALSE(conforms(0b110'0000, 1));

  // nearest: neighbours down = truncate, up = down + 2^(e-s+1); tie up; saturate at (2^s - 1) << (w - s).
  EXPECT_EQ(nearest(0b1011'0110, 3, 8), 0b1100'0000u);  // 182: 160 (-22) or 192 (+10) -> 192
  EXPECT_EQ(nearest(0b1010'1111, 3, 8), 0b1010'0000u);  // 175: 160 (-15) or 192 (+17) -> 160
  EXPECT_EQ(nearest(0b0111, 2, 4), 0b1000u);            // 7: 6 or 8, a tie -> 8
  EXPECT_EQ(nearest(0b1001, 2, 4), 0b1000u);            // 9: 8 (-1) or 12 (+3) -> 8
  EXPECT_EQ(nearest(0b1011, 2, 4), 0b1100u);            // 11: 8 (-3) or 12 (+1) -> 12
  EXPECT_EQ(nearest(0b1110, 2, 4), 0b1100u);            // 14: 12 or 16 (a tie) but 16 is not 4-bit: saturate 12
  EXPECT_EQ(nearest(0b1111, 2, 4), 0b1100u);            // 15: saturates at 1100
  EXPECT_EQ(nearest(0b1111, 2, 5), 0b1'0000u);          // in 5 bits 16 exists: 15 -> 16
  EXPECT_EQ(nearest(0b1111, 4, 4), 0b1111u);            // conforming: itself
  EXPECT_EQ(nearest(0b111, 1, 3), 0b100u);              // 7, s = 1: 4 or 8, 8 not 3-bit -> 4

  // decompose: (e, m) with v = (2^(s-1) + m) * 2^(e-s+1).
  EXPECT_EQ(decompose(0b1011'0110, 3), (Decomposed{false, 7, 0b01}));  // truncated 1010'0000: after the 1: "01"
  EXPECT_EQ(decompose(0b101, 4), (Decomposed{false, 2, 0b010}));        // after the 1: "01", padded: "010"
  EXPECT_EQ(decompose(0b1, 3), (Decomposed{false, 0, 0b00}));           // 1 = (4 + 0) * 2^-2
  EXPECT_EQ(decompose(0b11, 3), (Decomposed{false, 1, 0b10}));          // 3 = (4 + 2) * 2^-1
  EXPECT_EQ(decompose(0b1100, 1), (Decomposed{false, 3, 0}));           // truncated to 1000
  EXPECT_TRUE(decompose(0, 3).zero);
  EXPECT_FALSE(decompose(1, 1).zero);
}

// Every width 1..12, every length, every value: truncate and nearest against brute-force searches,
// conforms against the span definition, decompose reconstructs the truncated value exactly.
TEST(EbspQuantize, ExhaustiveAgainstBruteForce) {
  for (int w = 1; w <= 12; ++w) {
    for (int s = 1; s <= w; ++s) {
      SCOPED_TRACE("width " + std::to_string(w) + " length " + std::to_string(s));
      int failures = 0;
      for (uint64_t v = 0; v < upow2(w) && failures < 5; ++v) {
        const uint64_t t = truncate(v, s);
        uint64_t below = v;  // the largest conforming value <= v
        while (!ref_conforms(below, s)) --below;
        const bool ok_t = ref_conforms(t, s) && t <= v && t == below && t == ref_truncate(v, s);
        const bool ok_c = conforms(v, s) == ref_conforms(v, s) && conforms(v, s) == (t == v);
        const uint64_t n = nearest(v, s, w);
        const bool ok_n = n == ref_nearest(v, s, w) && ref_conforms(n, s) && n < upow2(w);
        // decompose: v_t = (2^(s-1) + m) * 2^(e-s+1), done as ((2^(s-1) + m) << e) >> (s-1), which must be exact.
        const Decomposed d = decompose(v, s);
        bool ok_d = d.zero == (t == 0);
        if (!d.zero) {
          const uint64_t mant = upow2(s - 1) + d.m;
          const uint64_t scaled = mant << d.e;
          ok_d = ok_d && d.m < upow2(s - 1) && (scaled & (upow2(s - 1) - 1)) == 0 && (scaled >> (s - 1)) == t &&
                 upow2(d.e) <= t && t < upow2(d.e + 1);
        } else {
          ok_d = ok_d && d.e == 0 && d.m == 0;
        }
        if (!(ok_t && ok_c && ok_n && ok_d)) {
          ++failures;
          ADD_FAILURE() << "v " << v << ": truncate " << t << " (expected " << below << "), nearest " << n
                        << " (expected " << ref_nearest(v, s, w) << "), conforms " << conforms(v, s)
                        << ", decompose zero " << d.zero << " e " << d.e << " m " << d.m;
        }
      }
    }
  }
}

// pattern_value against the reference for every valid pattern up to 12 bits, every value, both modes.
TEST(EbspQuantize, PatternValueExhaustive) {
  for (const Pattern& p : patterns_up_to(12)) {
    SCOPED_TRACE(name(p));
    int failures = 0;
    for (const int64_t v : domain(p)) {
      const int64_t t = pattern_value(p, v), n = pattern_value(p, v, true);
      if (t != ref_value(p, v) || n != ref_value(p, v, true) || (v < 0 && (t > 0 || n > 0)) || (v >= 0 && (t < 0 || n < 0))) {
        ADD_FAILURE() << "v " << v << ": truncate " << t << " (expected " << ref_value(p, v) << "), nearest " << n
                      << " (expected " << ref_value(p, v, true) << ")";
        if (++failures >= 5) break;
      }
    }
  }
}

// =========================================================================================================
// Tensor statistics
// =========================================================================================================

TEST(EbspStats, HandCases) {
  // 4-bit unsigned, s = 2: 7 (0111) -> 0110 err 1; 11 (1011) -> 1000 err 3; 3 (11) and 0 unchanged.
  const Pattern p{4, 2, false};
  const std::vector<int64_t> v{7, 11, 3, 0};
  TensorStats t = stats(p, v);
  EXPECT_EQ(t.count, 4u);
  EXPECT_EQ(t.changed, 2u);
  EXPECT_DOUBLE_EQ(t.changed_fraction, 0.5);
  EXPECT_DOUBLE_EQ(t.mse, (1.0 + 9.0) / 4.0);
  EXPECT_EQ(t.max_abs_error, 3);
  // nearest: 7 -> 8 (tie up) err 1; 11 -> 12 err 1.
  t = stats(p, v, true);
  EXPECT_EQ(t.changed, 2u);
  EXPECT_DOUBLE_EQ(t.mse, (1.0 + 1.0) / 4.0);
  EXPECT_EQ(t.max_abs_error, 1);

  // 5-bit sign-magnitude, s = 2 (4 magnitude bits): -11 (1011) -> -8; 11 -> 8; -15 (1111) -> -12; 6 (0110) kept.
  const Pattern q{5, 2, true};
  const std::vector<int64_t> u{-11, 11, -15, 6};
  t = stats(q, u);
  EXPECT_EQ(t.count, 4u);
  EXPECT_EQ(t.changed, 3u);
  EXPECT_DOUBLE_EQ(t.changed_fraction, 0.75);
  EXPECT_DOUBLE_EQ(t.mse, 27.0 / 4.0);
  EXPECT_EQ(t.max_abs_error, 3);
  // nearest: -11 -> -12 err 1; 11 -> 12; -15 saturates at -12 err 3; 6 kept.
  t = stats(q, u, true);
  EXPECT_EQ(t.changed, 3u);
  EXPECT_DOUBLE_EQ(t.mse, (1.0 + 1.0 + 9.0) / 4.0);
  EXPECT_EQ(t.max_abs_error, 3);

  // Empty: all zero.
  t = stats(p, std::vector<int64_t>{});
  EXPECT_EQ(t.count, 0u);
  EXPECT_EQ(t.changed, 0u);
  EXPECT_EQ(t.changed_fraction, 0.0);
  EXPECT_EQ(t.mse, 0.0);
  EXPECT_EQ(t.max_abs_error, 0);
}

TEST(EbspStats, GaussianAgainstDirectComputation) {
  std::mt19937_64 rng(77);
  for (const Pattern& p : {Pattern{8, 3, true}, Pattern{8, 2, false}, Pattern{6, 3, true}, Pattern{12, 4, true}}) {
    SCOPED_TRACE(name(p));
    const double sigma = static_cast<double>(max_value(p)) / 4.0;
    std::normal_distribution<double> nd(p.is_signed ? 0.0 : sigma * 2.0, sigma);
    std::vector<int64_t> v;
    for (int i = 0; i < 20000; ++i)
      v.push_back(std::clamp(static_cast<int64_t>(std::llround(nd(rng))), min_value(p), max_value(p)));
    for (const bool nm : {false, true}) {
      size_t changed = 0;
      double sq = 0;
      int64_t max_err = 0;
      for (const int64_t x : v) {
        const int64_t e = x - ref_value(p, x, nm);
        changed += e != 0;
        sq += static_cast<double>(e * e);
        max_err = std::max(max_err, e < 0 ? -e : e);
      }
      const TensorStats t = stats(p, v, nm);
      EXPECT_EQ(t.count, v.size());
      EXPECT_EQ(t.changed, changed);
      EXPECT_NEAR(t.changed_fraction, static_cast<double>(changed) / static_cast<double>(v.size()), 1e-12);
      EXPECT_NEAR(t.mse, sq / static_cast<double>(v.size()), 1e-9 * (1.0 + sq));
      EXPECT_EQ(t.max_abs_error, max_err);
      EXPECT_GT(changed, 0u);  // the data do exercise the pattern
    }
    // Nearest never has a larger MSE than truncation (it picks the closer of the same two neighbours, or the
    // same one when saturating).
    EXPECT_LE(stats(p, v, true).mse, stats(p, v).mse);
  }
}

}  // namespace
}  // namespace bf::golden::ebsp::ebsp_test
