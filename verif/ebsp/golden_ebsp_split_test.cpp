// Tests of the EBSP pre-split storage format (golden/ebsp split_layout / split_fields, docs/ebsp.md "Pre-split
// operands"): hand-derived codes, and every value of every pattern up to 12 bits against a bit-by-bit
// reference (a walk from the MSB that finds the leading one and reads the bits after it), decoded back to the
// value after the pattern.
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

#include "ebsp/ebsp.hpp"
#include "ebsp/ebsp_test_util.hpp"

namespace bf::golden::ebsp::ebsp_test {
namespace {

struct RefFields {
  bool sign = false, zero = true;
  int e = 0;
  uint64_t m = 0;
};

// The leading one found by walking down from the top magnitude bit; m: the next s - 1 positions, MSB first
// (a position below bit 0 reads 0).
RefFields ref_fields(const Pattern& p, int64_t v) {
  const int mb = p.is_signed ? p.bits - 1 : p.bits;
  const uint64_t mag = static_cast<uint64_t>(v < 0 ? -v : v);
  RefFields f;
  for (int b = mb - 1; b >= 0; --b) {
    if (((mag >> b) & 1) == 0) continue;
    f.zero = false;
    f.sign = v < 0;
    f.e = b;
    for (int i = 1; i < p.length; ++i) f.m = (f.m << 1) | (b - i >= 0 ? (mag >> (b - i)) & 1 : 0);
    break;
  }
  return f;
}

int ref_e_bits(const Pattern& p) {
  const int mb = p.is_signed ? p.bits - 1 : p.bits;
  int n = 1;
  while ((1 << n) < mb) ++n;  // e in [0, mb - 1]
  return n;
}

uint64_t pack(const Pattern& p, const RefFields& f) {
  const int eb = ref_e_bits(p), mbits = p.length - 1;
  uint64_t out = f.sign ? 1 : 0;
  out = (out << 1) | (f.zero ? 1 : 0);
  out = (out << eb) | static_cast<uint64_t>(f.e);
  return (out << mbits) | f.m;
}

TEST(EbspSplit, HandCodes) {
  const Pattern a{8, 4, false}, w{8, 4, true};
  EXPECT_EQ(split_layout(a).bits, 7);  // zero, e (3), m (3)
  EXPECT_EQ(split_layout(w).bits, 8);  // sign, zero, e (3: e <= 6), m (3)
  // 200 = 1100'1000: e 7, m 100 -> {0, 111, 100}.
  EXPECT_EQ(split_fields(a, 200), 0b0'111'100u);
  // 201 truncates to 200: the same code.
  EXPECT_EQ(split_fields(a, 201), 0b0'111'100u);
  // -7 = -111: e 2, m 11 then a zero below bit 0 -> {1, 0, 010, 110}.
  EXPECT_EQ(split_fields(w, -7), 0b1'0'010'110u);
  // 1: e 0, m 000.
  EXPECT_EQ(split_fields(w, 1), 0b0'0'000'000u);
  // Zero: {0, 1, 000, 000}; a negative zero on the port too.
  EXPECT_EQ(split_fields(a, 0), 0b1'000'000u);
  EXPECT_EQ(split_fields_of_bits(w, 0x80), 0b0'1'000'000u);
  // Length 1: no mantissa field. 5-bit signed: sign, zero, e (2 bits: e <= 3).
  const Pattern w1{5, 1, true};
  EXPECT_EQ(split_layout(w1).bits, 4);
  EXPECT_EQ(split_fields(w1, -12), 0b1'0'11u);  // -1100 truncates to -1000: e 3
  // One magnitude bit: e is a constant-0 1-bit field.
  EXPECT_EQ(split_layout({2, 1, true}).bits, 3);
  EXPECT_EQ(split_fields({2, 1, true}, -1), 0b1'0'0u);
}

TEST(EbspSplit, EveryValueOfEveryPatternUpTo12Bits) {
  for (const Pattern& p : patterns_up_to(12)) {
    SCOPED_TRACE(name(p));
    ASSERT_EQ(split_layout(p).e_bits, ref_e_bits(p));
    ASSERT_EQ(split_layout(p).bits, (p.is_signed ? 1 : 0) + 1 + ref_e_bits(p) + p.length - 1);
    for (const int64_t v : domain(p)) {
      const RefFields f = ref_fields(p, v);
      ASSERT_EQ(split_fields(p, v), pack(p, f)) << "value " << v;
      // Decoded: (2^(s-1) + m) x 2^e / 2^(s-1) is the value after the pattern (exact: the low bits are 0).
      const int64_t mag = f.zero ? 0 : ((pow2(p.length - 1) + static_cast<int64_t>(f.m)) << f.e) >> (p.length - 1);
      ASSERT_EQ(f.sign ? -mag : mag, ref_value(p, v)) << "value " << v;
    }
  }
}

TEST(EbspSplit, OutOfDomainThrows) {
  EXPECT_THROW(split_fields({8, 4, true}, 128), std::invalid_argument);
  EXPECT_THROW(split_fields({8, 4, false}, -1), std::invalid_argument);
  EXPECT_THROW(split_layout({8, 9, false}), std::invalid_argument);
  EXPECT_THROW(split_fields_of_bits({8, 4, true}, 256), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::ebsp::ebsp_test
