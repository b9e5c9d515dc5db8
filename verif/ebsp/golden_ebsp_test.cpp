// Tests of the EBSP golden model (golden/ebsp) against docs/ebsp.md, formats.md "EBSP" and paper 001 (Sec. 3.2
// masking, Sec. 4.1 the LUT PE, Fig. 3a the execution flow).
//
// Expectations are derived by hand from the docs (the binary written out next to each case), or come from
// independent references written here with different arithmetic: conformity as "the span from the leading one
// to the lowest set bit is at most s bits", truncation as a bit-by-bit walk from the MSB, truncate / nearest
// as brute-force searches for the neighbouring conforming values, products as ordinary multiplications of the
// reference values. Nothing is copied from running the model.
#include "ebsp/ebsp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <deque>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ebsp/cycle.hpp"
#include "gemm/gemm.hpp"

namespace bf::golden::ebsp {
namespace {

using gemm::wrap;

int64_t pow2(int n) { return int64_t{1} << n; }
uint64_t upow2(int n) { return uint64_t{1} << n; }

// ---- independent references ----

// v conforms to s when v = 0 or the bits from its leading one down to its lowest set bit span at most s.
bool ref_conforms(uint64_t v, int s) {
  if (v == 0) return true;
  const int top = 63 - std::countl_zero(v);
  const int bottom = std::countr_zero(v);
  return top - bottom + 1 <= s;
}

// Walks the bits from the MSB: after the leading one, keeps the next s - 1 positions and drops the rest.
uint64_t ref_truncate(uint64_t v, int s) {
  uint64_t out = 0;
  int positions = 0;  // positions from the leading one (inclusive) seen so far
  for (int b = 63; b >= 0; --b) {
    const bool bit = (v >> b) & 1;
    if (positions == 0 && !bit) continue;
    if (positions < s && bit) out |= uint64_t{1} << b;
    ++positions;
  }
  return out;
}

// The conforming value of `width` bits nearest to v by searching down and up; a tie goes up; no conforming value
// above v within the width: down.
uint64_t ref_nearest(uint64_t v, int s, int width) {
  uint64_t down = v;
  while (!ref_conforms(down, s)) --down;
  uint64_t up = v;
  while (up < upow2(width) && !ref_conforms(up, s)) ++up;
  if (up == upow2(width)) return down;
  return (up - v <= v - down) ? up : down;
}

int ref_mag_bits(const Pattern& p) { return p.is_signed ? p.bits - 1 : p.bits; }

// The signed value after the pattern.
int64_t ref_value(const Pattern& p, int64_t v, bool nearest_mode = false) {
  const uint64_t mag = static_cast<uint64_t>(v < 0 ? -v : v);
  const uint64_t q = nearest_mode ? ref_nearest(mag, p.length, ref_mag_bits(p)) : ref_truncate(mag, p.length);
  return v < 0 ? -static_cast<int64_t>(q) : static_cast<int64_t>(q);
}

// Every integer of the pattern's domain.
std::vector<int64_t> domain(const Pattern& p) {
  std::vector<int64_t> out;
  const int64_t hi = pow2(ref_mag_bits(p)) - 1;
  for (int64_t v = p.is_signed ? -hi : 0; v <= hi; ++v) out.push_back(v);
  return out;
}

// Every valid pattern up to `max_bits`.
std::vector<Pattern> patterns_up_to(int max_bits) {
  std::vector<Pattern> out;
  for (const bool sg : {false, true})
    for (int b = sg ? 2 : 1; b <= max_bits; ++b)
      for (int s = 1; s <= (sg ? b - 1 : b); ++s) out.push_back({b, s, sg});
  return out;
}

std::string name(const Pattern& p) {
  return "(" + std::to_string(p.bits) + "," + std::to_string(p.length) + (p.is_signed ? ",s)" : ",u)");
}

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

// =========================================================================================================
// PE cycle models
// =========================================================================================================

// The hand sequence shared by both PEs (act 8-bit, pattern 2; weight 8-bit sign-magnitude, pattern 2):
//   c0 valid clear a=7 w=-7      truncated 0110 x -0110 = -36          exact -49
//   c1 valid       a=3 w=5       3 x 100 = 12                           exact 15
//   c2 invalid (clear=1 and out-of-domain operands: ignored)
//   c3 valid       a=200 w=-1    1100'1000 -> 1100'0000 = 192: -192     exact -200
//   c4 valid clear a=1 w=1       1                                       1
//   c5 valid       a=0 w=100     0                                       0
std::vector<EbspPeCycleModel::In> pe_hand_inputs() {
  return {{true, 7, -7, true}, {true, 3, 5, false}, {false, 9999, -9999, true}, {true, 200, -1, false},
          {true, 1, 1, true},  {true, 0, 100, false}};
}

// Runs `cycles` cycles (inputs beyond the list are idle) and returns the outputs seen at each cycle.
template <class Model>
std::vector<EbspPeCycleModel::Out> run_pe(Model& m, const std::vector<EbspPeCycleModel::In>& ins, int cycles) {
  std::vector<EbspPeCycleModel::Out> out;
  for (int c = 0; c < cycles; ++c) {
    out.push_back(m.outputs());
    m.clock(c < static_cast<int>(ins.size()) ? ins[static_cast<size_t>(c)] : EbspPeCycleModel::In{});
  }
  return out;
}

void expect_trace(const std::vector<EbspPeCycleModel::Out>& got, const std::vector<int>& valid_cycles,
                  const std::vector<int64_t>& acc_per_cycle) {
  ASSERT_EQ(got.size(), acc_per_cycle.size());
  for (size_t c = 0; c < got.size(); ++c) {
    const bool v = std::find(valid_cycles.begin(), valid_cycles.end(), static_cast<int>(c)) != valid_cycles.end();
    EXPECT_EQ(got[c].out_valid, v) << "cycle " << c;
    EXPECT_EQ(got[c].acc, acc_per_cycle[c]) << "cycle " << c;
  }
}

TEST(EbspPeCycle, SingleInputLatency4) {
  EbspPeCycleModel m({{8, 2, false}, {8, 2, true}, 32});
  EXPECT_EQ(EbspPeCycleModel::latency, 4);
  // 6 x 3 = 18 (both conform to pattern 2: 110 and 11) at cycle 0 -> out_valid at exactly cycle 4.
  const auto got = run_pe(m, {{true, 6, 3, false}}, 8);
  expect_trace(got, {4}, {0, 0, 0, 0, 18, 18, 18, 18});
}

TEST(EbspPeCycle, AccumulateAndClear) {
  // Outputs 4 cycles after c0, c1, c3, c4, c5: cycles 4, 5, 7, 8, 9; acc holds in between.
  // acc: -36, -36 + 12 = -24, -24 - 192 = -216, clear -> 1, 1 + 0 = 1.
  {
    EbspPeCycleModel m({{8, 2, false}, {8, 2, true}, 32});
    expect_trace(run_pe(m, pe_hand_inputs(), 12), {4, 5, 7, 8, 9}, {0, 0, 0, 0, -36, -24, -24, -216, 1, 1, 1, 1});
  }
  {
    // 8-bit accumulator: -216 wraps to -216 + 256 = 40.
    EbspPeCycleModel m({{8, 2, false}, {8, 2, true}, 8});
    expect_trace(run_pe(m, pe_hand_inputs(), 12), {4, 5, 7, 8, 9}, {0, 0, 0, 0, -36, -24, -24, 40, 1, 1, 1, 1});
  }
}

TEST(EbspPeCycle, MultPeLatency2) {
  EXPECT_EQ(MultPeCycleModel::latency, 2);
  {
    MultPeCycleModel m(8, 8, 32);
    expect_trace(run_pe(m, {{true, 5, 3, false}}, 5), {2}, {0, 0, 15, 15, 15});
  }
  // Exact products: -49, +15 -> -34, -200 -> -234, clear -> 1, +0 -> 1 at cycles 2, 3, 5, 6, 7.
  {
    MultPeCycleModel m(8, 8, 32);
    expect_trace(run_pe(m, pe_hand_inputs(), 10), {2, 3, 5, 6, 7}, {0, 0, -49, -34, -34, -234, 1, 1, 1, 1});
  }
  {
    MultPeCycleModel m(8, 8, 8);  // -234 + 256 = 22
    expect_trace(run_pe(m, pe_hand_inputs(), 10), {2, 3, 5, 6, 7}, {0, 0, -49, -34, -34, 22, 1, 1, 1, 1});
  }
}

TEST(EbspPeCycle, BadShapesAndOperandsThrow) {
  EXPECT_THROW(EbspPeCycleModel({{8, 2, true}, {8, 2, true}, 32}), std::invalid_argument);   // signed act
  EXPECT_THROW(EbspPeCycleModel({{8, 2, false}, {8, 2, false}, 32}), std::invalid_argument); // unsigned wgt
  EXPECT_THROW(EbspPeCycleModel({{8, 2, false}, {8, 2, true}, 0}), std::invalid_argument);
  EXPECT_THROW(EbspPeCycleModel({{8, 2, false}, {8, 2, true}, 65}), std::invalid_argument);
  EXPECT_THROW(MultPeCycleModel(8, 1, 32), std::invalid_argument);
  EXPECT_THROW(MultPeCycleModel(0, 8, 32), std::invalid_argument);
  EbspPeCycleModel m({{8, 2, false}, {8, 2, true}, 32});
  EXPECT_NO_THROW(m.clock({false, 1000, 1000, false}));  // ignored while !valid
  EXPECT_THROW(m.clock({true, 256, 1, false}), std::invalid_argument);
  EXPECT_THROW(m.clock({true, 1, -128, false}), std::invalid_argument);
  MultPeCycleModel b(4, 4, 16);
  EXPECT_THROW(b.clock({true, 16, 1, false}), std::invalid_argument);
  EXPECT_THROW(b.clock({true, 1, 8, false}), std::invalid_argument);
}

// Random inputs: out_valid exactly `latency` cycles after each valid input, and acc on every cycle equals a
// running sum kept here (reference products, wrapped), holding between outputs.
template <class Model, class Product>
void random_pe_run(Model& m, int latency, int act_bits, int wgt_bits, int acc_bits, Product product, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> da(0, pow2(act_bits) - 1), dw(-(pow2(wgt_bits - 1) - 1), pow2(wgt_bits - 1) - 1);
  std::bernoulli_distribution pv(0.7), pc(0.15);
  const int cycles = 3000;
  std::vector<bool> valid_at(cycles + latency + 1, false);
  std::vector<int64_t> acc_after(cycles + latency + 1, 0);  // the expected acc_o from cycle c + latency on
  int64_t ref = 0;
  int64_t shown = 0;
  int outputs = 0;
  for (int c = 0; c < cycles + latency; ++c) {
    const auto o = m.outputs();
    const bool expect_valid = c >= latency && valid_at[static_cast<size_t>(c - latency)];
    if (expect_valid) shown = acc_after[static_cast<size_t>(c - latency)];
    ASSERT_EQ(o.out_valid, expect_valid) << "cycle " << c;
    ASSERT_EQ(o.acc, shown) << "cycle " << c;
    outputs += o.out_valid;
    EbspPeCycleModel::In in;
    if (c < cycles) {
      in = {pv(rng), da(rng), dw(rng), pc(rng)};
      if (in.valid) {
        ref = wrap((in.clear ? 0 : ref) + product(in.act, in.wgt), acc_bits);
        valid_at[static_cast<size_t>(c)] = true;
        acc_after[static_cast<size_t>(c)] = ref;
      }
    }
    m.clock(in);
  }
  EXPECT_GT(outputs, cycles / 2);
}

TEST(EbspPeCycle, RandomRunningSum) {
  const std::vector<PeShape> shapes{{{8, 3, false}, {8, 3, true}, 32}, {{5, 2, false}, {6, 4, true}, 10},
                                    {{16, 5, false}, {16, 7, true}, 40}, {{3, 3, false}, {2, 1, true}, 3},
                                    {{16, 16, false}, {16, 15, true}, 64}};
  uint64_t seed = 1;
  for (const PeShape& s : shapes) {
    SCOPED_TRACE(name(s.act) + " x " + name(s.wgt) + " acc " + std::to_string(s.acc_bits));
    EbspPeCycleModel m(s);
    random_pe_run(m, 4, s.act.bits, s.wgt.bits, s.acc_bits,
                  [&](int64_t a, int64_t w) { return ref_value(s.act, a) * ref_value(s.wgt, w); }, seed++);
    MultPeCycleModel b(s.act.bits, s.wgt.bits, s.acc_bits);
    random_pe_run(b, 2, s.act.bits, s.wgt.bits, s.acc_bits, [](int64_t a, int64_t w) { return a * w; }, seed++);
  }
}

// =========================================================================================================
// Array cycle model
// =========================================================================================================

using AIn = EbspArrayCycleModel::In;

TEST(EbspArrayCycle, SingleBeatJobLatency5) {
  // R = 2, L = 3, 4-bit activations and weights, pattern 2 both:
  //   act {7, 2, 9} -> {0110, 0010, 1000} = {6, 2, 8}
  //   row 0 wgt {3, -5, 1} -> {3, -4, 1}:  6*3 + 2*(-4) + 8*1 = 18
  //   row 1 wgt {-6, 7, 0} -> {-6, 6, 0}: 6*(-6) + 2*6 + 0 = -24
  EbspArrayCycleModel m({2, 3, {4, 2, false}, {4, 2, true}, 16});
  EXPECT_EQ(EbspArrayCycleModel::latency, 5);
  for (int c = 0; c < 10; ++c) {
    AIn in;
    in.out_ready = true;
    in.act.assign(3, 0);
    in.wgt.assign(6, 0);
    if (c == 0) in = {true, {7, 2, 9}, {3, -5, 1, -6, 7, 0}, true, true};
    const auto o = m.outputs(in);
    EXPECT_TRUE(o.in_ready) << "cycle " << c;
    EXPECT_EQ(o.out_valid, c == 5) << "cycle " << c;
    EXPECT_EQ(o.out_data, c == 5 ? std::vector<int64_t>({18, -24}) : std::vector<int64_t>({0, 0})) << "cycle " << c;
    m.clock(in);
  }
}

TEST(EbspArrayCycle, MultiBeatJobsWithStall) {
  // R = 1, L = 2, act 4 bits pattern 4 and weight 4 bits pattern 3: every value conforms (exact products).
  // acc_bits 7: [-64, 63].
  //   job A (beats at c0, c1, c2, last at c2): {1,2}.{3,-1} = 1, {4,5}.{2,2} = 18, {15,0}.{-7,7} = -105;
  //     sum -86 -> wraps to -86 + 128 = 42; out_valid at 2 + 5 = 7.
  //   job B (one beat at c3): {3,3}.{5,6} = 33; in stage 4 at cycle 7, but out_ready = 0 until cycle 9 holds the
  //     pipeline (en = 0, in_ready = 0 at cycles 7, 8); A is read at 9 and B loads on the same edge: out at 10.
  //   job C (one beat {10,1}.{7,-7} = 63): offered from c7 on, refused at 7 and 8, taken at 9 -> out at 14.
  EbspArrayCycleModel m({1, 2, {4, 4, false}, {4, 3, true}, 7});
  const AIn a0{true, {1, 2}, {3, -1}, false, false}, a1{true, {4, 5}, {2, 2}, false, false},
      a2{true, {15, 0}, {-7, 7}, true, false}, b{true, {3, 3}, {5, 6}, true, false}, cjob{true, {10, 1}, {7, -7}, true, false};
  const AIn idle{false, {0, 0}, {0, 0}, false, false};
  bool c_taken = false;
  for (int c = 0; c < 17; ++c) {
    AIn in = idle;
    if (c == 0) in = a0;
    if (c == 1) in = a1;
    if (c == 2) in = a2;
    if (c == 3) in = b;
    if (c >= 7 && !c_taken) in = cjob;
    in.out_ready = c >= 9;
    const auto o = m.outputs(in);
    const bool stalled = c == 7 || c == 8;
    EXPECT_EQ(o.in_ready, !stalled) << "cycle " << c;
    const bool ov = c == 7 || c == 8 || c == 9 || c == 10 || c == 14;
    EXPECT_EQ(o.out_valid, ov) << "cycle " << c;
    int64_t expect = 0;
    if (c >= 7 && c <= 9) expect = 42;
    if (c == 10) expect = 33;
    if (c == 14) expect = 63;
    EXPECT_EQ(o.out_data, std::vector<int64_t>({expect})) << "cycle " << c;
    if (in.in_valid && o.in_ready && c >= 7) c_taken = true;
    m.clock(in);
  }
  EXPECT_TRUE(c_taken);
}

TEST(EbspArrayCycle, BadShapesAndBeatsThrow) {
  EXPECT_THROW(EbspArrayCycleModel({0, 2, {4, 2, false}, {4, 2, true}, 16}), std::invalid_argument);
  EXPECT_THROW(EbspArrayCycleModel({2, 0, {4, 2, false}, {4, 2, true}, 16}), std::invalid_argument);
  EXPECT_THROW(EbspArrayCycleModel({2, 2, {4, 2, true}, {4, 2, true}, 16}), std::invalid_argument);
  EXPECT_THROW(EbspArrayCycleModel({2, 2, {4, 2, false}, {4, 4, true}, 16}), std::invalid_argument);
  EXPECT_THROW(EbspArrayCycleModel({2, 2, {4, 2, false}, {4, 2, true}, 65}), std::invalid_argument);
  EbspArrayCycleModel m({2, 2, {4, 2, false}, {4, 2, true}, 16});
  EXPECT_NO_THROW(m.clock({false, {}, {}, false, true}));  // nothing taken: not checked
  EXPECT_THROW(m.clock({true, {1}, {1, 1, 1, 1}, true, true}), std::invalid_argument);
  EXPECT_THROW(m.clock({true, {1, 1}, {1, 1, 1}, true, true}), std::invalid_argument);
  EXPECT_THROW(m.clock({true, {16, 1}, {1, 1, 1, 1}, true, true}), std::invalid_argument);
  EXPECT_THROW(m.clock({true, {1, 1}, {1, 1, 1, -8}, true, true}), std::invalid_argument);
}

// Random shapes, patterns and accumulator widths; random in_valid gaps (a beat is held until taken) and random
// out_ready stalls. Every job's result equals the wrapped exact dot products of the reference values, jobs in
// order, none lost or duplicated, no deadlock; the port rules hold on every cycle.
TEST(EbspArrayCycle, RandomJobsWithStalls) {
  std::mt19937_64 rng(2024);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 1000; ++trial) {
    const int R = uni(1, 6), L = uni(1, 8);
    const int ab = uni(1, 8), wb = uni(2, 8);
    const Pattern ap{ab, uni(1, ab), false}, wp{wb, uni(1, wb - 1), true};
    const int acc_bits = uni(0, 3) == 0 ? uni(4, 12) : uni(13, 40);
    const ArrayShape shape{R, L, ap, wp, acc_bits};
    SCOPED_TRACE("trial " + std::to_string(trial) + ": " + std::to_string(R) + "x" + std::to_string(L) + " " +
                 name(ap) + " x " + name(wp) + " acc " + std::to_string(acc_bits));
    std::uniform_int_distribution<int64_t> da(0, pow2(ab) - 1), dw(-(pow2(wb - 1) - 1), pow2(wb - 1) - 1);

    // Jobs and their expected results.
    struct Beat {
      std::vector<int64_t> act, wgt;
      bool last;
    };
    std::vector<Beat> beats;
    std::vector<std::vector<int64_t>> expected;
    const int jobs = uni(1, 12);
    for (int j = 0; j < jobs; ++j) {
      const int nb = uni(1, 6);
      std::vector<int64_t> sum(static_cast<size_t>(R), 0);
      for (int k = 0; k < nb; ++k) {
        Beat bt{{}, {}, k == nb - 1};
        for (int l = 0; l < L; ++l) bt.act.push_back(da(rng));
        for (int i = 0; i < R * L; ++i) bt.wgt.push_back(dw(rng));
        for (int r = 0; r < R; ++r)
          for (int l = 0; l < L; ++l)
            sum[static_cast<size_t>(r)] += ref_value(ap, bt.act[static_cast<size_t>(l)]) *
                                           ref_value(wp, bt.wgt[static_cast<size_t>(r * L + l)]);
        beats.push_back(std::move(bt));
      }
      for (int64_t& x : sum) x = wrap(x, acc_bits);
      expected.push_back(sum);
    }

    const double p_in = std::uniform_real_distribution<double>(0.3, 1.0)(rng);
    const double p_out = std::uniform_real_distribution<double>(0.2, 1.0)(rng);
    EbspArrayCycleModel m(shape);
    std::vector<std::vector<int64_t>> got;
    size_t next = 0;
    bool offering = false;
    const int limit = 200 + 40 * static_cast<int>(beats.size());
    int c = 0;
    for (; c < limit && got.size() < expected.size(); ++c) {
      if (!offering && next < beats.size() && std::bernoulli_distribution(p_in)(rng)) offering = true;
      AIn in;
      if (offering) {
        in.in_valid = true;
        in.act = beats[next].act;
        in.wgt = beats[next].wgt;
        in.in_last = beats[next].last;
      } else {  // idle cycles carry garbage, possibly out of domain
        in.act.assign(static_cast<size_t>(L), 1000);
        in.wgt.assign(static_cast<size_t>(R * L), -1000);
        in.in_last = uni(0, 1) == 1;
      }
      in.out_ready = std::bernoulli_distribution(p_out)(rng);
      const auto o = m.outputs(in);
      ASSERT_EQ(o.in_ready, !(o.out_valid && !in.out_ready)) << "cycle " << c;
      ASSERT_EQ(o.out_data.size(), static_cast<size_t>(R));
      if (!o.out_valid) {
        ASSERT_EQ(o.out_data, std::vector<int64_t>(static_cast<size_t>(R), 0)) << "cycle " << c;
      }
      if (o.out_valid && in.out_ready) got.push_back(o.out_data);
      if (offering && o.in_ready) {
        ++next;
        offering = false;
      }
      m.clock(in);
    }
    ASSERT_EQ(got.size(), expected.size()) << "deadlock or lost results after " << c << " cycles";
    for (size_t j = 0; j < expected.size(); ++j) ASSERT_EQ(got[j], expected[j]) << "job " << j;
    // Drained: nothing more comes out.
    for (int k = 0; k < 12; ++k) {
      const AIn idle{false, {}, {}, false, true};
      ASSERT_FALSE(m.outputs(idle).out_valid) << "duplicate result";
      m.clock(idle);
    }
  }
}

TEST(EbspArrayCycle, FullThroughputWithoutStalls) {
  // out_ready always 1: one beat per cycle is taken, results leave 5 cycles after each last beat.
  EbspArrayCycleModel m({1, 1, {3, 3, false}, {3, 2, true}, 16});
  // Every 3-bit activation and 2-bit weight magnitude conforms (patterns 3 and 2). Beat c (c = 0..9): act
  // c % 7 + 1, weight 1, last on odd c: job j (beats 2j, 2j+1) = the sum of its two activations, out at 2j+1+5.
  std::vector<int64_t> expect_at(20, -1);
  for (int j = 0; j < 5; ++j) {
    const int64_t x0 = (2 * j) % 7 + 1, x1 = (2 * j + 1) % 7 + 1;
    expect_at[static_cast<size_t>(2 * j + 1 + 5)] = x0 + x1;
  }
  for (int c = 0; c < 20; ++c) {
    AIn in{c < 10, {c % 7 + 1}, {1}, c % 2 == 1, true};
    const auto o = m.outputs(in);
    EXPECT_TRUE(o.in_ready) << "cycle " << c;
    EXPECT_EQ(o.out_valid, expect_at[static_cast<size_t>(c)] >= 0) << "cycle " << c;
    if (o.out_valid) {
      EXPECT_EQ(o.out_data[0], expect_at[static_cast<size_t>(c)]) << "cycle " << c;
    }
    m.clock(in);
  }
}

}  // namespace
}  // namespace bf::golden::ebsp
