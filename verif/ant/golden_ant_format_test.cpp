// Tests of the ANT golden model (golden/ant) against formats.md "ANT" and paper 002: type names, supported
// widths, the formats.md facts and Table III, every code of every valid format, the grid.
// How expectations are derived, and the independent reference tables: ant_test_util.hpp.
#include "ant/ant_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <stdexcept>

namespace bf::golden::ant::ant_test {
namespace {

// ---- type names and formats ----

TEST(AntGolden, TypeNamesAndEncoding) {
  EXPECT_EQ(static_cast<int>(Type::Int), 0);
  EXPECT_EQ(static_cast<int>(Type::Pot), 1);
  EXPECT_EQ(static_cast<int>(Type::Flint), 2);
  EXPECT_STREQ(an::type_name(Type::Int), "int");
  EXPECT_STREQ(an::type_name(Type::Pot), "pot");
  EXPECT_STREQ(an::type_name(Type::Flint), "flint");
  for (const Type t : {Type::Int, Type::Pot, Type::Flint}) EXPECT_EQ(an::type_from_name(an::type_name(t)), t);
  EXPECT_FALSE(an::type_from_name("INT").has_value());
  EXPECT_FALSE(an::type_from_name("float").has_value());
  EXPECT_FALSE(an::type_from_name("").has_value());
}

TEST(AntGolden, SupportedWidths) {
  for (int n = 0; n <= 20; ++n) {
    for (const bool s : {false, true}) {
      EXPECT_EQ(an::valid_format({Type::Int, n, s}), n >= 2 && n <= 16) << n;
      EXPECT_EQ(an::valid_format({Type::Flint, n, s}), n >= 3 && n <= 8) << n;
      EXPECT_EQ(an::valid_format({Type::Pot, n, s}), n >= 3 && n <= 4) << n;
    }
  }
  EXPECT_THROW(an::decode({Type::Pot, 5, false}, 0), std::invalid_argument);
  EXPECT_THROW(an::decode({Type::Flint, 2, false}, 0), std::invalid_argument);
  EXPECT_THROW(an::grid({Type::Int, 17, true}), std::invalid_argument);
  EXPECT_THROW(an::quantize({Type::Flint, 9, false}, 0), std::invalid_argument);
  EXPECT_THROW(an::max_exp({Type::Int, 1, false}), std::invalid_argument);
  EXPECT_THROW(an::decode({Type::Flint, 4, false}, 16), std::invalid_argument);
  EXPECT_THROW(an::decode({Type::Int, 16, true}, 1u << 16), std::invalid_argument);
  EXPECT_NO_THROW(an::decode({Type::Int, 16, true}, (1u << 16) - 1));
}

// ---- formats.md "Facts" and paper Table III ----

TEST(AntGolden, FactsUnsignedFlint4) {
  const Format f{Type::Flint, 4, false};
  const std::array<int64_t, 16> expect = {0, 1, 2, 3, 4, 5, 6, 7,  // 0xxx
                                          64,                      // 1000
                                          32,                      // 1001
                                          16, 24,                  // 101x
                                          8, 10, 12, 14};          // 11xx
  for (uint32_t c = 0; c < 16; ++c) EXPECT_EQ(an::value(f, c), expect[c]) << c;
}

TEST(AntGolden, FactsValueSets) {
  EXPECT_EQ(value_set({Type::Flint, 4, true}), signed_set({0, 1, 2, 3, 4, 6, 8, 16}));
  std::set<int64_t> upot = {0};
  for (int k = 0; k <= 14; ++k) upot.insert(pow2(k));
  EXPECT_EQ(value_set({Type::Pot, 4, false}), upot);
  EXPECT_EQ(value_set({Type::Pot, 4, true}), signed_set({0, 1, 2, 4, 8, 16, 32, 64}));
  // Hand-derived extra widths: unsigned 3-bit flint {0..3, 4, 6, 8, 16}; signed 3-bit flint over the
  // 2-bit type {0, 1, 2 (11), 4 (10)}; unsigned 3-bit pot {0, 1..64}; signed 3-bit pot +-{0, 1, 2, 4}.
  EXPECT_EQ(value_set({Type::Flint, 3, false}), (std::set<int64_t>{0, 1, 2, 3, 4, 6, 8, 16}));
  EXPECT_EQ(value_set({Type::Flint, 3, true}), signed_set({0, 1, 2, 4}));
  EXPECT_EQ(value_set({Type::Pot, 3, false}), (std::set<int64_t>{0, 1, 2, 4, 8, 16, 32, 64}));
  EXPECT_EQ(value_set({Type::Pot, 3, true}), signed_set({0, 1, 2, 4}));
}

TEST(AntGolden, TableIIIBaseExp) {
  const Format f{Type::Flint, 4, false};
  for (uint32_t c = 0; c < 8; ++c) EXPECT_EQ(an::decode(f, c), (an::BaseExp{c, 0}));
  EXPECT_EQ(an::decode(f, 0b1100), (an::BaseExp{8, 0}));
  EXPECT_EQ(an::decode(f, 0b1101), (an::BaseExp{10, 0}));
  EXPECT_EQ(an::decode(f, 0b1110), (an::BaseExp{12, 0}));
  EXPECT_EQ(an::decode(f, 0b1111), (an::BaseExp{14, 0}));
  EXPECT_EQ(an::decode(f, 0b1010), (an::BaseExp{4, 2}));
  EXPECT_EQ(an::decode(f, 0b1011), (an::BaseExp{6, 2}));
  EXPECT_EQ(an::decode(f, 0b1001), (an::BaseExp{2, 4}));
  EXPECT_EQ(an::decode(f, 0b1000), (an::BaseExp{1, 6}));
  // Signed 4-bit flint reuses the 3-bit unsigned decoder (Eq. 7-8), base negated for sign 1.
  const Format s{Type::Flint, 4, true};
  EXPECT_EQ(an::decode(s, 0b0110), (an::BaseExp{4, 0}));
  EXPECT_EQ(an::decode(s, 0b0101), (an::BaseExp{2, 2}));
  EXPECT_EQ(an::decode(s, 0b0100), (an::BaseExp{1, 4}));
  EXPECT_EQ(an::decode(s, 0b1111), (an::BaseExp{-6, 0}));
  EXPECT_EQ(an::decode(s, 0b1101), (an::BaseExp{-2, 2}));
  EXPECT_EQ(an::decode(s, 0b1100), (an::BaseExp{-1, 4}));
  EXPECT_EQ(an::decode(s, 0b1000), (an::BaseExp{0, 0}));  // negative zero
  // pot and int.
  EXPECT_EQ(an::decode({Type::Pot, 4, false}, 15), (an::BaseExp{1, 14}));
  EXPECT_EQ(an::decode({Type::Pot, 4, false}, 0), (an::BaseExp{0, 0}));
  EXPECT_EQ(an::decode({Type::Pot, 4, true}, 0b1111), (an::BaseExp{-1, 6}));
  EXPECT_EQ(an::decode({Type::Pot, 4, true}, 0b1000), (an::BaseExp{0, 0}));
  EXPECT_EQ(an::decode({Type::Int, 4, true}, 0b1000), (an::BaseExp{-8, 0}));
  EXPECT_EQ(an::decode({Type::Int, 4, true}, 0b1111), (an::BaseExp{-1, 0}));
  EXPECT_EQ(an::decode({Type::Int, 4, false}, 0b1111), (an::BaseExp{15, 0}));
}

TEST(AntGolden, MaxExpAndBaseBitsByHand) {
  EXPECT_EQ(an::max_exp({Type::Int, 8, true}), 0);
  EXPECT_EQ(an::max_exp({Type::Flint, 4, false}), 6);
  EXPECT_EQ(an::max_exp({Type::Flint, 4, true}), 4);
  EXPECT_EQ(an::max_exp({Type::Flint, 8, false}), 14);
  EXPECT_EQ(an::max_exp({Type::Flint, 8, true}), 12);
  EXPECT_EQ(an::max_exp({Type::Pot, 4, false}), 14);
  EXPECT_EQ(an::max_exp({Type::Pot, 4, true}), 6);
  EXPECT_EQ(an::max_exp({Type::Pot, 3, false}), 6);
  EXPECT_EQ(an::max_exp({Type::Pot, 3, true}), 2);
  for (int n = 3; n <= 8; ++n) {
    EXPECT_EQ(an::base_bits({Type::Flint, n, false}), n + 1);
    EXPECT_EQ(an::base_bits({Type::Flint, n, true}), n + 1);
  }
  EXPECT_EQ(an::base_bits({Type::Int, 8, false}), 9);
  EXPECT_EQ(an::base_bits({Type::Int, 8, true}), 8);
  EXPECT_EQ(an::base_bits({Type::Pot, 4, true}), 2);
  EXPECT_EQ(an::max_abs({Type::Int, 4, true}), 8);
  EXPECT_EQ(an::max_abs({Type::Int, 4, false}), 15);
  EXPECT_EQ(an::max_abs({Type::Flint, 4, true}), 16);
  EXPECT_EQ(an::max_abs({Type::Flint, 4, false}), 64);
  EXPECT_EQ(an::max_abs({Type::Pot, 4, true}), 64);
  // max(grid), the scale denominator of formats.md: the largest value, not the largest magnitude.
  EXPECT_EQ(an::grid_max({Type::Int, 4, true}), 7);
  EXPECT_EQ(an::grid_max({Type::Int, 4, false}), 15);
  EXPECT_EQ(an::grid_max({Type::Flint, 4, true}), 16);
  EXPECT_EQ(an::grid_max({Type::Pot, 4, true}), 64);
  EXPECT_EQ(an::grid_max({Type::Int, 8, true}), 127);
}

// formats.md: the flint value set of every width equals the authors' grid (scaled to integers). The
// reference is the paper's interval construction; checked code by code, hence also as sets.
TEST(AntGolden, FlintEqualsPaperGridEveryWidth) {
  for (int n = 3; n <= 8; ++n) {
    for (const bool s : {false, true}) {
      const Format f{Type::Flint, n, s};
      const auto ref = ref_values(f);
      std::set<int64_t> ref_set(ref.begin(), ref.end());
      for (uint32_t c = 0; c < ref.size(); ++c) EXPECT_EQ(an::value(f, c), ref[c]) << name(f) << " code " << c;
      EXPECT_EQ(value_set(f), ref_set) << name(f);
      // Unsigned: 2^n distinct values, largest 2^(2n-2); signed: 2^n - 1 (one duplicate zero).
      EXPECT_EQ(ref_set.size(), static_cast<size_t>(s ? pow2(n) - 1 : pow2(n))) << name(f);
      EXPECT_EQ(*ref_set.rbegin(), pow2(s ? 2 * n - 4 : 2 * n - 2)) << name(f);
    }
  }
}

// ---- every code of every valid format ----

TEST(AntGolden, EveryCodeOfEveryFormat) {
  for (const Format& f : all_valid_formats()) {
    const auto ref = ref_values(f);
    const int bb = an::base_bits(f);
    const int me = an::max_exp(f);
    int seen_max_exp = 0;
    for (uint32_t c = 0; c < pow2(f.bits); ++c) {
      const an::BaseExp d = an::decode(f, c);
      ASSERT_GE(d.exp, 0) << name(f) << " code " << c;
      ASSERT_LE(d.exp, me) << name(f) << " code " << c;
      seen_max_exp = std::max(seen_max_exp, d.exp);
      EXPECT_GE(d.base, -pow2(bb - 1)) << name(f) << " code " << c;
      EXPECT_LT(d.base, pow2(bb - 1)) << name(f) << " code " << c;
      EXPECT_EQ(d.base * pow2(d.exp), an::value(f, c)) << name(f) << " code " << c;
      EXPECT_EQ(an::value(f, c), ref[c]) << name(f) << " code " << c;
      if (f.type == Type::Int) {
        EXPECT_EQ(d.exp, 0);
        const int64_t id = (f.is_signed && c >= pow2(f.bits - 1)) ? int64_t{c} - pow2(f.bits) : int64_t{c};
        EXPECT_EQ(d.base, id) << name(f) << " code " << c;
      }
      if (f.type != Type::Int && f.is_signed && c == pow2(f.bits - 1)) {
        EXPECT_EQ(d, (an::BaseExp{0, 0})) << name(f) << " negative zero";
      }
      if (d.base == 0) {
        EXPECT_EQ(d.exp, 0) << name(f) << " zero has exp 0";
      }
    }
    EXPECT_EQ(seen_max_exp, me) << name(f);
    EXPECT_EQ(an::max_abs(f), std::max(std::abs(*std::min_element(ref.begin(), ref.end())),
                                       *std::max_element(ref.begin(), ref.end())))
        << name(f);
  }
}

TEST(AntGolden, GridIsCanonicalAndSorted) {
  for (const Format& f : all_valid_formats()) {
    const auto canon = ref_canonical(ref_values(f));
    const auto g = an::grid(f);
    ASSERT_EQ(g.size(), canon.size()) << name(f);
    size_t i = 0;
    for (const auto& [v, c] : canon) {
      EXPECT_EQ(g[i].value, v) << name(f);
      EXPECT_EQ(g[i].code, c) << name(f);
      ++i;
    }
  }
  // +0 / -0: the canonical zero is code 0.
  const auto g = an::grid({Type::Flint, 4, true});
  const auto z = std::find_if(g.begin(), g.end(), [](const an::GridPoint& p) { return p.value == 0; });
  ASSERT_NE(z, g.end());
  EXPECT_EQ(z->code, 0u);
}

}  // namespace
}  // namespace bf::golden::ant::ant_test
