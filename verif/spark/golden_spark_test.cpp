// Tests of the SPARK golden model (golden/spark) against formats.md "SPARK" and Table II of paper 000.
// Every expectation is derived from the spec (or the paper), never from running the model: the references
// below restate the encode/decode rules bit by bit, independently of the implementation.
#include "spark/spark.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace sp = bf::golden::spark;

namespace {

constexpr std::array<int, 6> kBits = {6, 8, 10, 12, 14, 16};

int64_t pow2(int n) { return int64_t{1} << n; }
int bit_of(int64_t x, int i) { return static_cast<int>((x >> i) & 1); }

// Builds an integer from bits given LSB first.
int64_t from_bits(const std::vector<int>& lsb_first) {
  int64_t x = 0;
  for (size_t i = lsb_first.size(); i-- > 0;) x = 2 * x + lsb_first[i];
  return x;
}

// Reference encoder of one magnitude 0 <= m < 2^N (formats.md "Encode"), as unsigned payload units.
std::vector<int64_t> ref_encode_payloads(int n, int64_t m) {
  const int b = n / 2;
  if (m < pow2(b - 1)) return {m};
  std::vector<int> h(static_cast<size_t>(b));
  for (int i = 0; i < b; ++i) h[static_cast<size_t>(i)] = bit_of(m, b + i);
  const int hb = h[static_cast<size_t>(b - 1)], h0 = h[0];
  std::vector<int> up(static_cast<size_t>(b));
  up[static_cast<size_t>(b - 1)] = 1;                            // identifier
  for (int i = 1; i <= b - 2; ++i) up[static_cast<size_t>(i)] = h[static_cast<size_t>(i)];  // H[B-2:1]
  up[0] = hb;                                                    // H[B-1]
  int64_t lo = 0;
  if (hb == h0) lo = m % pow2(b);
  else if (h0 == 1) lo = pow2(b) - 1;
  else lo = 0;
  return {from_bits(up), lo};
}

// Closed form of decode(encode(m)) for a magnitude, derived from the rules:
//  H[B-1]==H[0]: lossless.  H[0]=1,H[B-1]=0: H' = H with bit 0 cleared = H-1, lower all ones -> H*2^B - 1.
//  H[0]=0,H[B-1]=1: H' = H with bit 0 set = H+1, lower 0 -> (H+1)*2^B.
int64_t ref_value_mag(int n, int64_t m) {
  const int b = n / 2;
  const int64_t h = m >> b;
  if (bit_of(h, b - 1) == bit_of(h, 0)) return m;
  if (bit_of(h, 0) == 1) return h * pow2(b) - 1;
  return (h + 1) * pow2(b);
}

// Reference stream decoder (formats.md "Decode"): H' = U with its identifier bit (B-1) replaced by U[0].
// Signed units: payload = low B bits, sign = bit B; the value's sign is that of its completing unit.
std::vector<sp::Decoded> ref_decode(int n, bool is_signed, const std::vector<uint32_t>& units) {
  const int b = n / 2;
  std::vector<sp::Decoded> out;
  bool have_upper = false;
  int64_t hprime = 0;
  for (uint32_t u : units) {
    const int64_t p = static_cast<int64_t>(u) % pow2(b);
    const bool neg = is_signed && bit_of(u, b) == 1;
    const int64_t sgn = neg ? -1 : 1;
    if (have_upper) {
      out.push_back({sgn * (hprime * pow2(b) + p), true});
      have_upper = false;
    } else if (bit_of(p, b - 1) == 0) {
      out.push_back({sgn * p, false});
    } else {
      hprime = p - pow2(b - 1) + bit_of(p, 0) * pow2(b - 1);
      have_upper = true;
    }
  }
  return out;
}

std::string fmt_name(const sp::Format& f) {
  return "N=" + std::to_string(f.bits) + (f.is_signed ? " signed" : " unsigned");
}

std::vector<int64_t> full_range(const sp::Format& f) {
  std::vector<int64_t> v;
  for (int64_t x = f.min_input(); x <= f.max_input(); ++x) v.push_back(x);
  return v;
}

}  // namespace

TEST(SparkFormat, Basics) {
  for (int n : {2, 4, 5, 7, 17, 18, 0, -8}) EXPECT_FALSE(sp::valid_format({n, false})) << n;
  for (int n : kBits) {
    for (bool s : {false, true}) {
      const sp::Format f{n, s};
      SCOPED_TRACE(fmt_name(f));
      EXPECT_TRUE(sp::valid_format(f));
      EXPECT_EQ(f.unit_bits(), n / 2);
      EXPECT_EQ(f.unit_width(), n / 2 + (s ? 1 : 0));
      EXPECT_EQ(f.max_input(), pow2(n) - 1);
      EXPECT_EQ(f.min_input(), s ? -pow2(n) : 0);
      EXPECT_THROW(sp::encode(f, f.max_input() + 1), std::out_of_range);
      EXPECT_THROW(sp::encode(f, f.min_input() - 1), std::out_of_range);
    }
  }
  EXPECT_THROW(sp::encode({7, false}, 1), std::invalid_argument);
  EXPECT_THROW(sp::StreamDecoder(sp::Format{18, false}), std::invalid_argument);
}

// The N = 8 facts listed in formats.md (they are the paper's worked examples).
TEST(SparkFacts, N8) {
  const sp::Format f{8, false};
  {
    const sp::Encoded e = sp::encode(f, 18);
    EXPECT_TRUE(e.is_long);
    EXPECT_EQ(e.num_units(), 2);
    EXPECT_EQ(e.upper, 0b1000u);
    EXPECT_EQ(e.lower, 0b1111u);
    EXPECT_EQ(e.code(), 0b10001111u);
    EXPECT_EQ(e.units(), (std::vector<sp::Unit>{0b1000, 0b1111}));
    EXPECT_EQ(sp::spark_value(f, 18), 15);
    EXPECT_FALSE(sp::is_lossless(f, 18));
  }
  {
    const sp::Encoded e = sp::encode(f, 170);
    EXPECT_TRUE(e.is_long);
    EXPECT_EQ(e.code(), 0b10110000u);
    EXPECT_EQ(e.units(), (std::vector<sp::Unit>{0b1011, 0b0000}));
    EXPECT_EQ(sp::spark_value(f, 170), 176);
  }
  {
    const sp::Encoded e = sp::encode(f, 5);
    EXPECT_FALSE(e.is_long);
    EXPECT_EQ(e.num_units(), 1);
    EXPECT_EQ(e.code(), 0b0101u);
    EXPECT_EQ(e.units(), (std::vector<sp::Unit>{0b0101}));
  }
  using D = sp::Decoded;
  const std::vector<sp::Unit> s210 = {0b1101, 0b0010};
  EXPECT_EQ(sp::decode_stream(f, s210), (std::vector<D>{{210, true}}));
  const std::vector<sp::Unit> s43 = {0b0100, 0b0011};
  EXPECT_EQ(sp::decode_stream(f, s43), (std::vector<D>{{4, false}, {3, false}}));
  const std::vector<sp::Unit> s177 = {0b1011, 0b0001};
  EXPECT_EQ(sp::decode_stream(f, s177), (std::vector<D>{{177, true}}));
  // A trailing upper unit produces nothing.
  const std::vector<sp::Unit> s5up = {0b0101, 0b1011};
  EXPECT_EQ(sp::decode_stream(f, s5up), (std::vector<D>{{5, false}}));

  sp::StreamDecoder d(f);
  EXPECT_FALSE(d.pending());
  EXPECT_FALSE(d.push(0b1101).has_value());
  EXPECT_TRUE(d.pending());
  d.reset();
  EXPECT_FALSE(d.pending());
  EXPECT_EQ(d.push(0b0010), (std::optional<D>{D{2, false}}));  // after reset, 0010 is a short value again
}

// Table II of paper 000 (N = 8). Note: the paper's prose also claims [32i, 32i+15] for i = 1..7 is
// lossless, but its own Table II (and the encode rule) make [128,143], [160,175], [192,207], [224,239]
// lossy (H[3]=1, H[0]=0); the lossless set is exactly the Table II value set below.
TEST(SparkTableII, N8) {
  const sp::Format f{8, false};
  std::set<int64_t> expected;
  for (int64_t lo : {0, 32, 64, 96, 144, 176, 208, 240})
    for (int64_t x = lo; x <= lo + 15; ++x) expected.insert(x);
  ASSERT_EQ(expected.size(), 128u);

  std::set<int64_t> values, lossless;
  for (int64_t v = 0; v < 256; ++v) {
    values.insert(sp::spark_value(f, v));
    if (sp::is_lossless(f, v)) lossless.insert(v);
  }
  EXPECT_EQ(values, expected);
  EXPECT_EQ(lossless, expected);

  // Row by row: 0xxx -> itself, short.
  for (int64_t v = 0; v < 8; ++v) EXPECT_FALSE(sp::encode(f, v).is_long) << v;
  // 0xx1 xxxx -> 15, 47, 79, 111 (rounded down); 1xx0 xxxx -> 144, 176, 208, 240 (rounded up).
  for (int64_t v = 0; v < 256; ++v) {
    const int64_t h = v >> 4;
    if (h < 8 && (h & 1) == 1) {
      EXPECT_EQ(sp::spark_value(f, v), 16 * h - 1) << v;
    }
    if (h >= 8 && (h & 1) == 0) {
      EXPECT_EQ(sp::spark_value(f, v), 16 * (h + 1)) << v;
    }
  }
}

// Exhaustive over every input of every format.
TEST(SparkExhaustive, EncodeDecodeAllInputs) {
  for (int n : kBits) {
    for (bool s : {false, true}) {
      const sp::Format f{n, s};
      SCOPED_TRACE(fmt_name(f));
      const int b = n / 2;
      int failures = 0;
      auto fail = [&](int64_t v, const std::string& what) {
        ADD_FAILURE() << "v=" << v << ": " << what;
        return ++failures > 20;
      };
      int64_t max_err = 0;
      size_t n_long = 0;
      for (int64_t v = f.min_input(); v <= f.max_input(); ++v) {
        const int64_t absv = v < 0 ? -v : v;
        const int64_t m = std::min(absv, pow2(n) - 1);  // saturation of -(2^N)
        const sp::Encoded e = sp::encode(f, v);

        // Shape and units.
        if (e.is_long != (m >= pow2(b - 1)) && fail(v, "short iff |v| < 2^(B-1)")) return;
        if (e.sign != (v < 0) && fail(v, "sign flag")) return;
        n_long += e.is_long;
        std::vector<int64_t> payloads = ref_encode_payloads(n, m);
        std::vector<sp::Unit> exp_units;
        for (int64_t p : payloads)
          exp_units.push_back(static_cast<sp::Unit>(p + ((s && v < 0) ? pow2(b) : 0)));
        if (e.units() != exp_units && fail(v, "units")) return;
        if (e.num_units() != static_cast<int>(payloads.size()) && fail(v, "num_units")) return;

        // code() layout: long = {upper, lower}, short = the unit in the low B bits.
        const int64_t code = e.code();
        const int64_t exp_code = payloads.size() == 2 ? payloads[0] * pow2(b) + payloads[1] : payloads[0];
        if (code != exp_code && fail(v, "code layout")) return;
        if ((e.upper != payloads[0] || (e.is_long && e.lower != payloads[1])) && fail(v, "upper/lower")) return;

        // Stream decoder: nothing until the last unit, then exactly spark_value.
        const int64_t exp_value = (v < 0 ? -1 : 1) * ref_value_mag(n, m);
        sp::StreamDecoder d(f);
        std::optional<sp::Decoded> got;
        for (size_t i = 0; i < exp_units.size(); ++i) {
          got = d.push(exp_units[i]);
          if (got.has_value() != (i + 1 == exp_units.size()) && fail(v, "value completes on the last unit")) return;
        }
        if (d.pending() && fail(v, "decoder idle after the value")) return;
        if ((!got || got->value != exp_value || got->is_long != e.is_long) && fail(v, "stream decode")) return;
        if (sp::spark_value(f, v) != exp_value && fail(v, "spark_value")) return;

        // Losslessness and error bound.
        const int64_t h = absv >> b;
        const bool exp_lossless = absv < pow2(n) && (absv < pow2(b) || bit_of(h, b - 1) == bit_of(h, 0));
        if (sp::is_lossless(f, v) != exp_lossless && fail(v, "is_lossless")) return;
        if ((exp_value == v) != exp_lossless && fail(v, "lossless iff round trip")) return;
        const int64_t err = std::abs(exp_value - v);
        if (err > pow2(b) && fail(v, "error <= 2^B")) return;
        max_err = std::max(max_err, err);
        // Sign: a nonzero input keeps its sign (small magnitudes are lossless, so nothing rounds to 0).
        if (v != 0 && ((exp_value < 0) != (v < 0)) && fail(v, "sign kept")) return;
      }
      EXPECT_EQ(max_err, pow2(b));
      EXPECT_EQ(n_long, (s ? 2 * (pow2(n) - pow2(b - 1)) + 1 : pow2(n) - pow2(b - 1)));
      if (s) {  // saturation of the most negative port value
        EXPECT_EQ(sp::spark_value(f, -pow2(n)), -(pow2(n) - 1));
        EXPECT_EQ(sp::encode(f, -pow2(n)).code(), static_cast<uint32_t>(pow2(n) - 1));
        EXPECT_FALSE(sp::is_lossless(f, -pow2(n)));
      }
    }
  }
}

// Every unit stream of length 1 and 2, against the reference decoder.
TEST(SparkExhaustive, DecodeAllUnitStreams) {
  for (int n : kBits) {
    for (bool s : {false, true}) {
      const sp::Format f{n, s};
      SCOPED_TRACE(fmt_name(f));
      const uint32_t nu = static_cast<uint32_t>(pow2(f.unit_width()));
      int failures = 0;
      sp::StreamDecoder d(f);
      for (uint32_t u1 = 0; u1 < nu; ++u1) {
        const std::vector<sp::Decoded> exp1 = ref_decode(n, s, {u1});
        const std::vector<sp::Unit> one = {u1};
        if (sp::decode_stream(f, one) != exp1) {
          ADD_FAILURE() << "single unit " << u1;
          if (++failures > 20) return;
        }
        for (uint32_t u2 = 0; u2 < nu; ++u2) {
          const std::vector<sp::Decoded> exp = ref_decode(n, s, {u1, u2});
          d.reset();
          std::vector<sp::Decoded> got;
          if (auto r = d.push(u1)) got.push_back(*r);
          const bool pend = d.pending();
          if (auto r = d.push(u2)) got.push_back(*r);
          if (got != exp || pend != exp1.empty()) {
            ADD_FAILURE() << "units " << u1 << ", " << u2;
            if (++failures > 20) return;
          }
        }
      }
      // Units wider than unit_width() are rejected.
      EXPECT_THROW(d.push(nu), std::invalid_argument);
    }
  }
}

TEST(SparkSigned, SignHandling) {
  const sp::Format f{8, true};  // B = 4, sign in bit 4
  using D = sp::Decoded;
  using U = std::vector<sp::Unit>;
  // -18: magnitude 18 -> 1000 1111, both units carry the sign.
  EXPECT_EQ(sp::encode(f, -18).units(), (U{0b11000, 0b11111}));
  EXPECT_EQ(sp::encode(f, -18).code(), 0b10001111u);
  EXPECT_EQ(sp::spark_value(f, -18), -15);
  EXPECT_EQ(sp::spark_value(f, -170), -176);
  EXPECT_EQ(sp::encode(f, -5).units(), (U{0b10101}));
  // Negative zero decodes to 0.
  EXPECT_EQ(sp::decode_stream(f, U{0b10000}), (std::vector<D>{{0, false}}));
  EXPECT_EQ(sp::decode_stream(f, U{0b11000, 0b10000}), (std::vector<D>{{0, true}}));
  // The completing (lower) unit's sign wins; the upper unit's sign is ignored.
  EXPECT_EQ(sp::decode_stream(f, U{0b11101, 0b00010}), (std::vector<D>{{210, true}}));
  EXPECT_EQ(sp::decode_stream(f, U{0b01101, 0b10010}), (std::vector<D>{{-210, true}}));
  // -(2^8) saturates to magnitude 255 = 1111 1111.
  EXPECT_EQ(sp::encode(f, -256).units(), (U{0b11111, 0b11111}));
  EXPECT_EQ(sp::spark_value(f, -256), -255);
  // Zero is positive.
  EXPECT_FALSE(sp::encode(f, 0).sign);
  EXPECT_EQ(sp::encode(f, 0).units(), (U{0}));
}

// Stats over the full input range against closed forms.
// Unsigned, B = N/2, over all 2^N inputs:
//  short inputs are [0, 2^(B-1)): long_count = 2^N - 2^(B-1); units = 2*2^N - 2^(B-1).
//  lossy iff H[0] != H[B-1]: half of the 2^B upper halves, each with 2^B lower halves -> 2^(N-1).
//  For a lossy H the errors over L are L+1 (round down) or 2^B-L (round up), i.e. 1..2^B either way,
//  summing to 2^B(2^B+1)/2; total 2^(B-1) * 2^B(2^B+1)/2 = 2^(N-2)(2^B+1), mean (2^B+1)/4.
// Signed over [-(2^N), 2^N): the nonnegative half as above; -1..-(2^N-1) mirror 1..2^N-1 (same long, lossy
// and error counts, since 0 is short and lossless); -(2^N) adds one long value with error 1.
TEST(SparkStats, FullRangeClosedForms) {
  for (int n : kBits) {
    for (bool s : {false, true}) {
      const sp::Format f{n, s};
      SCOPED_TRACE(fmt_name(f));
      const int b = n / 2;
      const std::vector<int64_t> vals = full_range(f);
      const sp::Stats st = sp::stats(f, vals);
      const int64_t count = s ? pow2(n + 1) : pow2(n);
      const int64_t long_u = pow2(n) - pow2(b - 1);
      const int64_t lossy_u = pow2(n - 1);
      const int64_t err_u = pow2(n - 2) * (pow2(b) + 1);
      const int64_t n_long = s ? 2 * long_u + 1 : long_u;
      const int64_t n_lossy = s ? 2 * lossy_u + 1 : lossy_u;
      const int64_t err_sum = s ? 2 * err_u + 1 : err_u;
      EXPECT_EQ(st.count, static_cast<size_t>(count));
      EXPECT_EQ(st.long_count, static_cast<size_t>(n_long));
      EXPECT_DOUBLE_EQ(st.long_fraction, static_cast<double>(n_long) / static_cast<double>(count));
      EXPECT_DOUBLE_EQ(st.bits_per_value,
                       static_cast<double>((count + n_long) * f.unit_width()) / static_cast<double>(count));
      EXPECT_EQ(st.lossy_count, static_cast<size_t>(n_lossy));
      EXPECT_EQ(st.max_abs_error, pow2(b));
      EXPECT_DOUBLE_EQ(st.mean_abs_error, static_cast<double>(err_sum) / static_cast<double>(count));
      if (!s) {
        EXPECT_DOUBLE_EQ(st.mean_abs_error, static_cast<double>(pow2(b) + 1) / 4.0);
        EXPECT_DOUBLE_EQ(static_cast<double>(st.lossy_count) / static_cast<double>(st.count), 0.5);
      }
    }
  }
}

TEST(SparkStats, SmallAndEmpty) {
  const sp::Format f{8, false};
  const std::vector<int64_t> vals = {5, 18, 170};  // 1 + 2 + 2 units; errors 0, 3, 6
  const sp::Stats st = sp::stats(f, vals);
  EXPECT_EQ(st.count, 3u);
  EXPECT_EQ(st.long_count, 2u);
  EXPECT_DOUBLE_EQ(st.long_fraction, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(st.bits_per_value, 5.0 * 4.0 / 3.0);
  EXPECT_EQ(st.lossy_count, 2u);
  EXPECT_EQ(st.max_abs_error, 6);
  EXPECT_DOUBLE_EQ(st.mean_abs_error, 3.0);
  const sp::Stats e = sp::stats(f, std::span<const int64_t>{});
  EXPECT_EQ(e.count, 0u);
  EXPECT_EQ(e.bits_per_value, 0.0);
  EXPECT_EQ(e.mean_abs_error, 0.0);
}

TEST(SparkPack, HandExample) {
  using U = std::vector<sp::Unit>;
  using W = std::vector<uint64_t>;
  {
    const sp::Format f{8, false};  // 4-bit units
    EXPECT_EQ(sp::pack(f, U{1, 2, 3}, 8), (W{0x21, 0x03}));
    EXPECT_EQ(sp::pack(f, U{1, 2, 3}, 4), (W{1, 2, 3}));
    EXPECT_EQ(sp::pack(f, U{0xA, 0xB, 0xC}, 64), (W{0xCBA}));
    U sixteen;
    for (sp::Unit i = 0; i < 17; ++i) sixteen.push_back(i % 16);
    EXPECT_EQ(sp::pack(f, sixteen, 64), (W{0xFEDCBA9876543210ull, 0x0}));
    EXPECT_EQ(sp::unpack(f, W{0x21, 0x03}, 8, 3), (U{1, 2, 3}));
    EXPECT_EQ(sp::unpack(f, W{0xF21}, 8, 2), (U{1, 2}));  // bits above word_bits ignored
    EXPECT_TRUE(sp::pack(f, U{}, 8).empty());
  }
  {
    const sp::Format f{8, true};  // 5-bit units
    // 0b10001 | 0b00010 << 5 = 0x11 | 0x40
    EXPECT_EQ(sp::pack(f, U{0x11, 0x02, 0x1F}, 10), (W{0x51, 0x1F}));
    EXPECT_EQ(sp::unpack(f, W{0x51, 0x1F}, 10, 3), (U{0x11, 0x02, 0x1F}));
  }
}

TEST(SparkPack, BadArguments) {
  using U = std::vector<sp::Unit>;
  using W = std::vector<uint64_t>;
  const sp::Format fu{8, false}, fs{8, true};
  for (int w : {0, -4, 6, 7, 66, 68, 128}) {
    EXPECT_THROW(sp::pack(fu, U{1}, w), std::invalid_argument) << w;
    EXPECT_THROW(sp::unpack(fu, W{1}, w, 1), std::invalid_argument) << w;
  }
  EXPECT_THROW(sp::pack(fs, U{1}, 64), std::invalid_argument);  // 64 is not a multiple of 5
  EXPECT_THROW(sp::pack(fs, U{1}, 8), std::invalid_argument);
  EXPECT_NO_THROW(sp::pack(fs, U{1}, 60));
  EXPECT_THROW(sp::pack(fu, U{16}, 8), std::invalid_argument);   // unit wider than 4 bits
  EXPECT_THROW(sp::unpack(fu, W{0}, 8, 3), std::invalid_argument);  // 1 word holds only 2 units
  EXPECT_NO_THROW(sp::unpack(fu, W{0}, 8, 2));
}

TEST(SparkPack, RandomRoundTrip) {
  const uint64_t seed = 0x5BA4C0DEull;
  SCOPED_TRACE("seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (int n : kBits) {
    for (bool s : {false, true}) {
      const sp::Format f{n, s};
      SCOPED_TRACE(fmt_name(f));
      const int w = f.unit_width();
      std::uniform_int_distribution<int64_t> val(f.min_input(), f.max_input());
      std::uniform_int_distribution<size_t> len(0, 200);
      for (int trial = 0; trial < 20; ++trial) {
        std::vector<int64_t> values(len(rng));
        for (auto& v : values) v = val(rng);
        const std::vector<sp::Unit> units = sp::encode_stream(f, values);
        // The stream decodes, in order, to the value function of each input.
        const std::vector<sp::Decoded> dec = sp::decode_stream(f, units);
        ASSERT_EQ(dec.size(), values.size());
        for (size_t i = 0; i < values.size(); ++i) {
          EXPECT_EQ(dec[i].value, (values[i] < 0 ? -1 : 1) *
                                      ref_value_mag(n, std::min(std::abs(values[i]), pow2(n) - 1)));
          EXPECT_EQ(dec[i].is_long, sp::encode(f, values[i]).is_long);
        }
        for (int k = 1; k * w <= 64; ++k) {
          const int wb = k * w;
          const std::vector<uint64_t> words = sp::pack(f, units, wb);
          ASSERT_EQ(words.size(), (units.size() + static_cast<size_t>(k) - 1) / static_cast<size_t>(k));
          // Padding above the last unit slot of every word is zero (and the tail of the last word).
          if (wb < 64) {
            for (uint64_t word : words) EXPECT_EQ(word >> wb, 0u);
          }
          if (!words.empty() && units.size() % static_cast<size_t>(k) != 0) {
            const int used = static_cast<int>(units.size() % static_cast<size_t>(k)) * w;
            EXPECT_EQ(words.back() >> used, 0u);
          }
          EXPECT_EQ(sp::unpack(f, words, wb, units.size()), units) << "word_bits=" << wb;
        }
      }
    }
  }
}

namespace {

// The lossy rule as docs/spark.md states it (N = 8): not to the nearest value but to the edge of a neighbouring
// representable range, down when H[0] = 1 (16..31 -> 15) and up when H[0] = 0 (128..143 -> 144); error <= 2^B.
TEST(SparkLossy, MovesToARangeEdgeNotToTheNearestValue) {
  const sp::Format f{8, false};
  EXPECT_EQ(sp::spark_value(f, 24), 15);  // 32 is nearer (8 away, against 9)
  EXPECT_EQ(sp::spark_value(f, 31), 15);  // 16 away: the largest error
  EXPECT_EQ(sp::spark_value(f, 128), 144);
  EXPECT_EQ(sp::spark_value(f, 143), 144);
  int64_t worst = 0;
  for (int64_t v = 0; v < 256; ++v) worst = std::max(worst, std::abs(sp::spark_value(f, v) - v));
  EXPECT_EQ(worst, 16);
}

}  // namespace
