// Tests of the SPARK accelerator cycle models (golden/spark/array.hpp) against docs/spark_array.md: requantize and the
// spark_out_encoder cycle model (stalls, full rate, idle outputs, saturation).
// How expectations are derived, and the shared array driver: spark_array_test_util.hpp.
#include "spark/spark_array_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "spark/spark.hpp"

namespace bf::golden::spark::spark_array_test {
namespace {

__extension__ typedef __int128 i128;

// ---------------------------------------------------------------------------------------------------------
// requantize

// Reference: floor((c m + round) / 2^s) by truncating division and a correction, then the clamp.
int64_t ref_requantize(const Format& f, int64_t c, uint32_t m, int s) {
  const i128 x = i128{c} * m + (s > 0 ? i128{1} << (s - 1) : 0);
  const i128 den = i128{1} << s;
  i128 q = x / den;  // truncates toward 0
  if (x % den != 0 && x < 0) q -= 1;
  if (q < f.min_input()) return f.min_input();
  if (q > f.max_input()) return f.max_input();
  return static_cast<int64_t>(q);
}

TEST(Requantize, HandCorners) {
  const Format u8{8, false}, s8{8, true}, s16{16, true}, u10{10, false};
  // s = 0: no rounding, just the clamp: [0, 255] unsigned, [-256, 255] signed.
  EXPECT_EQ(requantize(u8, 100, 1, 0), 100);
  EXPECT_EQ(requantize(u8, 300, 1, 0), 255);
  EXPECT_EQ(requantize(u8, -5, 1, 0), 0);
  EXPECT_EQ(requantize(s8, -5, 1, 0), -5);
  EXPECT_EQ(requantize(s8, -300, 1, 0), -256);
  EXPECT_EQ(requantize(s8, 256, 1, 0), 255);
  EXPECT_EQ(requantize(s8, 7, 3, 0), 21);
  // Round half up (toward +infinity), positive and negative: 5/2 = 2.5 -> 3; -5/2 = -2.5 -> -2;
  // 6/4 = 1.5 -> 2; -6/4 = -1.5 -> -1; 5/4 = 1.25 -> 1; -5/4 = -1.25 -> -1; 7/4 = 1.75 -> 2; -7/4 -> -2.
  EXPECT_EQ(requantize(s8, 5, 1, 1), 3);
  EXPECT_EQ(requantize(s8, -5, 1, 1), -2);
  EXPECT_EQ(requantize(s8, 6, 1, 2), 2);
  EXPECT_EQ(requantize(s8, -6, 1, 2), -1);
  EXPECT_EQ(requantize(s8, 5, 1, 2), 1);
  EXPECT_EQ(requantize(s8, -5, 1, 2), -1);
  EXPECT_EQ(requantize(s8, 7, 1, 2), 2);
  EXPECT_EQ(requantize(s8, -7, 1, 2), -2);
  EXPECT_EQ(requantize(u8, -7, 1, 2), 0);
  // With the multiplier: 10 * 3 / 8 = 3.75 -> 4; -10 * 3 / 8 = -3.75 -> -4; 4 * 3 / 8 = 1.5 -> 2; -1.5 -> -1.
  EXPECT_EQ(requantize(s8, 10, 3, 3), 4);
  EXPECT_EQ(requantize(s8, -10, 3, 3), -4);
  EXPECT_EQ(requantize(s8, 4, 3, 3), 2);
  EXPECT_EQ(requantize(s8, -4, 3, 3), -1);
  // m = 0 gives 0 (round < 2^s).
  EXPECT_EQ(requantize(s8, 123456, 0, 5), 0);
  EXPECT_EQ(requantize(s8, -123456, 0, 0), 0);
  // Large c with m = 65535 (c m needs 80 bits):
  //   (2^63 - 1) 65535 + 2^62 = 65535 2^63 + 2^62 - 65535, >> 63 = 65535 (the signed 16-bit maximum);
  //   -2^63 65535 + 2^62, >> 63 = -65535 (floor of -65534.5 = -65535); >> 62 (round 2^61): -131070 -> -65536.
  EXPECT_EQ(requantize(s16, INT64_MAX, 65535, 63), 65535);
  EXPECT_EQ(requantize(s16, INT64_MIN, 65535, 63), -65535);
  EXPECT_EQ(requantize(s16, INT64_MIN, 65535, 62), -65536);
  EXPECT_EQ(requantize(s8, INT64_MAX, 65535, 0), 255);
  EXPECT_EQ(requantize(s8, INT64_MIN, 65535, 0), -256);
  //   c = 3 2^46, m = 65535, s = 55: 196605 / 512 = 383.99 -> 384.
  EXPECT_EQ(requantize(u10, 3 * pow2(46), 65535, 55), 384);
  // Out-of-range parameters.
  EXPECT_THROW(requantize(s8, 1, 65536, 0), std::invalid_argument);
  EXPECT_THROW(requantize(s8, 1, 1, 64), std::invalid_argument);
  EXPECT_THROW(requantize(s8, 1, 1, -1), std::invalid_argument);
}

// Random: against the floor-division reference, and (where c m is below 2^60 and the result exact in a
// 64-bit mantissa) against long double: floor(c m / 2^s + 1/2).
TEST(Requantize, RandomAgainstFloorDivisionAndLongDouble) {
  const uint64_t seed = 0x5BA4E1;
  SCOPED_TRACE("seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  int ld_checked = 0;
  for (int i = 0; i < 200000; ++i) {
    const Format f{6 + 2 * static_cast<int>(rng() % 6), rng() % 2 == 0};
    const int mag_bits = 1 + static_cast<int>(rng() % 63);
    int64_t c = static_cast<int64_t>(rng() >> (64 - mag_bits));
    if (rng() % 2) c = -c;
    if (rng() % 50 == 0) c = rng() % 2 ? INT64_MIN : INT64_MAX;
    const uint32_t m = rng() % 8 == 0 ? 65535u : static_cast<uint32_t>(rng() % 65536);
    const int s = rng() % 4 == 0 ? static_cast<int>(rng() % 64) : std::min(63, mag_bits + 16 - f.bits + static_cast<int>(rng() % 5));
    const int64_t got = requantize(f, c, m, s);
    ASSERT_EQ(got, ref_requantize(f, c, m, s)) << c << " " << m << " " << s;
    if (mag_bits + 16 <= 60 && c != INT64_MIN && c != INT64_MAX) {
      const long double x = static_cast<long double>(c) * static_cast<long double>(m);
      const long double q = std::floor(std::ldexp(x, -s) + 0.5L);
      const long double cl = std::clamp(q, static_cast<long double>(f.min_input()), static_cast<long double>(f.max_input()));
      ASSERT_EQ(got, static_cast<int64_t>(cl)) << c << " " << m << " " << s;
      ++ld_checked;
    }
  }
  EXPECT_GT(ld_checked, 50000);
}

// ---------------------------------------------------------------------------------------------------------
// spark_out_encoder

// One row of C for the encoder: the values (wrapped to CW) and c_last.
struct Row {
  std::vector<int64_t> c;
  bool last;
};

// Rows: values near the output range after requantization (so short and long codes both occur), some raw.
std::vector<Row> random_rows(std::mt19937_64& rng, const Format& f, int cols, int cw, uint32_t mult, int shift) {
  std::vector<Row> rows;
  const int nrows = 1 + static_cast<int>(rng() % 12);
  for (int i = 0; i < nrows; ++i) {
    Row r{{}, rng() % 3 == 0 || i == nrows - 1};
    for (int c = 0; c < cols; ++c) {
      int64_t v;
      if (rng() % 4 == 0 || mult == 0) {
        v = static_cast<int64_t>(rng());
      } else {
        const double target = std::uniform_real_distribution<double>(-2.5, 2.5)(rng) * static_cast<double>(pow2(f.bits));
        v = static_cast<int64_t>(std::clamp(std::ldexp(target, shift) / mult, -9e18, 9e18));
      }
      r.c.push_back(wrap(v, cw));
    }
    rows.push_back(r);
  }
  return rows;
}

// Streams the rows through an encoder (C columns of CW bits, the given mult and shift) with random c_valid gaps and
// unit_ready stalls; checks unit_valid, c_ready, the units, unit_last and unit_job_last on every cycle against the
// expectation tracked here from the handshakes.
void check_encoder_rows(std::mt19937_64& rng, const Format& f, int cols, int cw, uint32_t mult, int shift,
                        const std::vector<Row>& rows) {
  OutEncoderCycleModel m(f, cols, cw);
  const double p_in = (1 + rng() % 4) / 4.0, p_ready = (1 + rng() % 4) / 4.0;
  size_t next_row = 0;  // the next row to offer
  bool offer = false;
  bool have = false;  // a row is in the encoder's register (from the handshakes)
  std::vector<Unit> want;
  size_t pos = 0;
  bool want_job_last = false;
  size_t rows_done = 0;
  for (uint64_t cycle = 0; rows_done < rows.size() && cycle < 100000; ++cycle) {
    if (!offer && next_row < rows.size()) offer = std::uniform_real_distribution<double>(0, 1)(rng) < p_in;
    OutEncoderCycleModel::In in;
    in.c_valid = offer;
    in.c_data = offer ? rows[next_row].c : std::vector<int64_t>(static_cast<size_t>(cols), static_cast<int64_t>(rng() % 1000));
    in.c_last = offer ? rows[next_row].last : rng() % 2 == 0;
    in.mult = mult;
    in.shift = shift;
    in.unit_ready = std::uniform_real_distribution<double>(0, 1)(rng) < p_ready;
    const auto o = m.outputs(in);
    ASSERT_EQ(o.unit_valid, have) << cycle;
    const bool final_unit = have && pos + 1 == want.size();
    ASSERT_EQ(o.c_ready, !have || (in.unit_ready && final_unit)) << cycle;
    if (have) {
      ASSERT_EQ(o.unit, want[pos]) << "cycle " << cycle << " unit " << pos;
      ASSERT_EQ(o.unit_last, final_unit);
      ASSERT_EQ(o.unit_job_last, final_unit && want_job_last);
    }
    if (have && in.unit_ready) {
      if (++pos == want.size()) {
        have = false;
        ++rows_done;
      }
    }
    if (in.c_valid && o.c_ready) {
      std::vector<int64_t> q;
      for (int64_t v : rows[next_row].c) q.push_back(ref_requantize(f, v, mult, shift));
      want = encode_stream(f, q);
      pos = 0;
      have = true;
      want_job_last = rows[next_row].last;
      ++next_row;
      offer = false;
    }
    m.clock(in);
  }
  ASSERT_EQ(rows_done, rows.size()) << "stuck";
}

// Rows with random c_valid gaps and unit_ready stalls: the units of each row are encode_stream of the
// reference-requantized values, unit_last on each row's final unit, unit_job_last only on rows given with
// c_last; c_valid/c_ready and unit_valid follow the doc cycle by cycle (tracked here from the handshakes).
TEST(OutEncoder, RowsWithStalls) {
  const uint64_t seed = 0x5BA4E2;
  SCOPED_TRACE("seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  const int bits_choices[] = {6, 8, 10, 16};
  for (int trial = 0; trial < 300; ++trial) {
    const Format f{bits_choices[rng() % 4], rng() % 2 == 0};
    const int cols = 1 + static_cast<int>(rng() % 8);
    const int cw = 8 + static_cast<int>(rng() % 33);
    const uint32_t mult = rng() % 5 == 0 ? static_cast<uint32_t>(rng() % 4) : static_cast<uint32_t>(rng() % 65536);
    const int shift = static_cast<int>(rng() % 40);
    SCOPED_TRACE("trial " + std::to_string(trial) + " N" + std::to_string(f.bits) + (f.is_signed ? "s" : "u") + " C" +
                 std::to_string(cols) + " CW" + std::to_string(cw) + " m" + std::to_string(mult) + " s" +
                 std::to_string(shift));
    const std::vector<Row> rows = random_rows(rng, f, cols, cw, mult, shift);
    ASSERT_NO_FATAL_FAILURE(check_encoder_rows(rng, f, cols, cw, mult, shift, rows));
  }
}

// Full rate: rows always offered, units always taken: one unit per cycle from cycle 1 to the end, no bubble
// between rows. Reset and stale outputs: with no row, unit_valid 0, c_ready 1 and unit_last 0 (control, defined
// on every cycle); unit shows the registers (row 0s in the model at reset: encode(requantize(0)) = unit 0); after
// the last row drains, the first column of that row (col_q back to 0, half_q 0).
TEST(OutEncoder, FullRateAndIdleOutputs) {
  const Format f{8, true};
  for (int cols : {1, 3}) {
    OutEncoderCycleModel m(f, cols, 32);
    OutEncoderCycleModel::In idle;
    idle.mult = 3;
    idle.shift = 1;
    auto o = m.outputs(idle);
    EXPECT_FALSE(o.unit_valid);
    EXPECT_TRUE(o.c_ready);
    EXPECT_EQ(o.unit, 0u);
    EXPECT_FALSE(o.unit_last);  // even at C = 1, where col 0 is the last column
    EXPECT_FALSE(o.unit_job_last);
    // Rows of values -100 (requantized: -300 / 2 = -150, long), 2 (3, short), 60 (90, long) ...
    std::vector<std::vector<int64_t>> rows;
    std::vector<Unit> want;
    for (int r = 0; r < 4; ++r) {
      std::vector<int64_t> row, q;
      for (int c = 0; c < cols; ++c) {
        const int64_t v = (r * cols + c) % 3 == 0 ? -100 : (r * cols + c) % 3 == 1 ? 2 : 60;
        row.push_back(v);
        q.push_back(v == -100 ? -150 : v == 2 ? 3 : 90);
      }
      rows.push_back(row);
      for (Unit u : encode_stream(f, q)) want.push_back(u);
    }
    std::vector<Unit> got;
    size_t next = 0;
    uint64_t cycle = 0;
    for (; cycle < 100 && got.size() < want.size(); ++cycle) {
      OutEncoderCycleModel::In in = idle;
      in.c_valid = next < rows.size();
      in.c_data = in.c_valid ? rows[next] : std::vector<int64_t>(static_cast<size_t>(cols), 0);
      in.c_last = next == rows.size() - 1;
      in.unit_ready = true;
      o = m.outputs(in);
      if (cycle > 0) {
        EXPECT_TRUE(o.unit_valid) << cycle;
      }
      if (o.unit_valid) got.push_back(o.unit);
      if (in.c_valid && o.c_ready) ++next;
      m.clock(in);
    }
    EXPECT_EQ(got, want);
    EXPECT_EQ(cycle, want.size() + 1);
    o = m.outputs(idle);
    EXPECT_FALSE(o.unit_valid);
    EXPECT_TRUE(o.c_ready);
    // Stale: column 0 of the last row, upper unit: row 3's column 0 value.
    const int64_t v0 = rows[3][0];
    const int64_t q0 = v0 == -100 ? -150 : v0 == 2 ? 3 : 90;
    EXPECT_EQ(o.unit, encode(f, q0).units()[0]);
    EXPECT_FALSE(o.unit_last);  // no row held: last is low whatever the stale row encodes
    EXPECT_FALSE(o.unit_job_last);
  }
  EXPECT_THROW(OutEncoderCycleModel(Format{7, false}, 2, 32), std::invalid_argument);
  EXPECT_THROW(OutEncoderCycleModel(Format{8, false}, 0, 32), std::invalid_argument);
}

// The most negative requantized value -2^N saturates in the encoder to magnitude 2^N - 1.
TEST(OutEncoder, MostNegativeSaturates) {
  const Format f{6, true};
  OutEncoderCycleModel m(f, 1, 16);
  OutEncoderCycleModel::In in;
  in.c_valid = true;
  in.c_data = {-1000};  // requantize (m 1, s 0) clamps to -64
  in.c_last = true;
  in.unit_ready = true;
  m.clock(in);
  in.c_valid = false;
  const std::vector<Unit> want = encode(f, -63).units();
  ASSERT_EQ(want.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const auto o = m.outputs(in);
    EXPECT_TRUE(o.unit_valid);
    EXPECT_EQ(o.unit, want[i]);
    EXPECT_EQ(o.unit_last, i == 1);
    EXPECT_EQ(o.unit_job_last, i == 1);
    EXPECT_EQ(o.c_ready, i == 1);
    m.clock(in);
  }
  EXPECT_FALSE(m.outputs(in).unit_valid);
}

}  // namespace
}  // namespace bf::golden::spark::spark_array_test
