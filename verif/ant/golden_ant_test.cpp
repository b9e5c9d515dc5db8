// Tests of the ANT golden model (golden/ant) against formats.md "ANT" and paper 002 (Tables II and III,
// Eq. 5-8, Algorithm 2). Every expectation is derived from the spec or the paper by hand, never from running
// the model. The reference value tables below are written independently of the implementation: flint is
// rebuilt from the paper's float-style reading of first-one encoding (value intervals 2^(i-1) .. 2^i with an
// exponent field and i-dependent mantissa bits, Table II), not from the int-based base/exp table that the
// model implements.
#include "ant/ant.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace an = bf::golden::ant;
using an::Format;
using an::Type;

namespace {

int64_t pow2(int n) { return int64_t{1} << n; }

// ---- independent reference value tables (code -> value) ----

// Unsigned m-bit flint from the paper's interval view (Table II generalised to m bits): value 0 at code 0;
// interval i (values in [2^(i-1), 2^i)) for i = 1 .. 2m-1.
//   i <= m-1: exponent field 0..01 of length m+1-i, mantissa bits i-1: code 2^(i-1) + t, value 2^(i-1) + t.
//   m <= i <= 2m-2: exponent field 1 0..0 1 of length i-m+2, mantissa bits mb = 2m-2-i:
//                   code 2^(m-1) + 2^mb + t, value 2^(i-1) * (1 + t / 2^mb).
//   i = 2m-1: the code 1 0..0, value 2^(2m-2).
std::vector<int64_t> ref_unsigned_flint(int m) {
  std::vector<int64_t> v(static_cast<size_t>(pow2(m)), -1);
  v[0] = 0;
  for (int i = 1; i <= m - 1; ++i)
    for (int64_t t = 0; t < pow2(i - 1); ++t) v[static_cast<size_t>(pow2(i - 1) + t)] = pow2(i - 1) + t;
  for (int i = m; i <= 2 * m - 2; ++i) {
    const int mb = 2 * m - 2 - i;
    for (int64_t t = 0; t < pow2(mb); ++t)
      v[static_cast<size_t>(pow2(m - 1) + pow2(mb) + t)] = pow2(i - 1) + t * pow2(i - 1 - mb);
  }
  v[static_cast<size_t>(pow2(m - 1))] = pow2(2 * m - 2);
  for (const int64_t x : v) EXPECT_GE(x, 0) << "reference flint table has a hole, m = " << m;
  return v;
}

std::vector<int64_t> ref_unsigned(Type t, int m) {
  if (t == Type::Flint) return ref_unsigned_flint(m);
  std::vector<int64_t> v(static_cast<size_t>(pow2(m)));
  for (int64_t c = 0; c < pow2(m); ++c)
    v[static_cast<size_t>(c)] = (t == Type::Int) ? c : (c == 0 ? 0 : pow2(static_cast<int>(c) - 1));
  return v;
}

// code -> value for any valid format: signed int two's complement; signed pot / flint sign-magnitude.
std::vector<int64_t> ref_values(const Format& f) {
  const int n = f.bits;
  if (!f.is_signed) return ref_unsigned(f.type, n);
  std::vector<int64_t> v(static_cast<size_t>(pow2(n)));
  if (f.type == Type::Int) {
    for (int64_t c = 0; c < pow2(n); ++c) v[static_cast<size_t>(c)] = c < pow2(n - 1) ? c : c - pow2(n);
    return v;
  }
  const auto mag = ref_unsigned(f.type, n - 1);
  for (int64_t c = 0; c < pow2(n); ++c) {
    const int64_t m = mag[static_cast<size_t>(c & (pow2(n - 1) - 1))];
    v[static_cast<size_t>(c)] = (c >> (n - 1)) ? -m : m;
  }
  return v;
}

std::vector<Format> all_valid_formats() {
  std::vector<Format> out;
  for (const bool s : {false, true}) {
    for (int n = 2; n <= 16; ++n) out.push_back({Type::Int, n, s});
    for (int n = 3; n <= 4; ++n) out.push_back({Type::Pot, n, s});
    for (int n = 3; n <= 8; ++n) out.push_back({Type::Flint, n, s});
  }
  return out;
}

std::string name(const Format& f) {
  return std::string(f.is_signed ? "s" : "u") + std::to_string(f.bits) + " " + an::type_name(f.type);
}

// Distinct values ascending with their smallest code.
std::map<int64_t, uint32_t> ref_canonical(const std::vector<int64_t>& vals) {
  std::map<int64_t, uint32_t> m;
  for (uint32_t c = 0; c < vals.size(); ++c) m.emplace(vals[c], c);  // first (smallest) code kept
  return m;
}

std::set<int64_t> value_set(const Format& f) {
  std::set<int64_t> s;
  for (uint32_t c = 0; c < pow2(f.bits); ++c) s.insert(an::value(f, c));
  return s;
}

std::set<int64_t> signed_set(std::initializer_list<int64_t> mags) {
  std::set<int64_t> s;
  for (const int64_t m : mags) {
    s.insert(m);
    s.insert(-m);
  }
  return s;
}

// Reference real quantizer: the largest distinct value whose lower midpoint y reaches (ties upward).
uint32_t ref_quantize_real(const std::map<int64_t, uint32_t>& canon, double y) {
  auto it = canon.begin();
  uint32_t code = it->second;
  double prev = static_cast<double>(it->first);
  for (++it; it != canon.end(); ++it) {
    const double v = static_cast<double>(it->first);
    if (y >= (prev + v) / 2.0) code = it->second;
    else break;
    prev = v;
  }
  return code;
}

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
