// golden/gemm: exact GEMM, wrapping, tiling, the digit decomposition of int_array's PEs, and the cycle
// model's timing against counts derived by hand from the design (golden/gemm/int_array.hpp).
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <random>

#include "gemm/gemm.hpp"
#include "gemm/int_array.hpp"

namespace bf::golden::gemm {
namespace {

TEST(Wrap, TwoComplementFacts) {
  EXPECT_EQ(wrap(127, 8), 127);
  EXPECT_EQ(wrap(128, 8), -128);
  EXPECT_EQ(wrap(-129, 8), 127);
  EXPECT_EQ(wrap(255, 8), -1);
  EXPECT_EQ(wrap(256, 8), 0);
  EXPECT_EQ(wrap(-1, 1), -1);
  EXPECT_EQ(wrap(INT64_MIN, 64), INT64_MIN);
  EXPECT_EQ(wrap(int64_t{1} << 40, 41), -(int64_t{1} << 40));
  EXPECT_THROW(wrap(0, 0), std::invalid_argument);
}

// The k_max rule, by hand: 8 x 8 signed over K <= 256 needs 24 bits (issue 14), unsigned x unsigned 25, and the
// most extreme sums sit exactly at the edge: exact in that width, wrapping one bit narrower or one K beyond.
TEST(ExactAccBits, TheKMaxRuleAtItsBoundary) {
  EXPECT_EQ(exact_acc_bits(8, true, 8, true, 256), 24);
  EXPECT_EQ(exact_acc_bits(8, false, 8, false, 256), 25);
  EXPECT_EQ(exact_acc_bits(8, false, 8, true, 256), 24);
  EXPECT_EQ(exact_acc_bits(8, true, 8, true, 1), 16);    // (-128)(-128) = 16384 needs 16 bits
  EXPECT_EQ(exact_acc_bits(4, true, 4, true, 257), 16);  // 257 x 64 = 16448 <= 2^15 - 1
  EXPECT_EQ(exact_acc_bits(4, true, 4, true, 512), 17);  // 512 x 64 = 32768 > 2^15 - 1
  EXPECT_EQ(exact_acc_bits(uint64_t{255}, uint64_t{127}, 1), 16);  // 32385 <= 32767
  const auto column = [](int k, int64_t a, int64_t b, int bits) {
    Matrix ma(1, k), mb(k, 1);
    for (auto& v : ma.v) v = a;
    for (auto& v : mb.v) v = b;
    return gemm(ma, mb, bits).v[0];
  };
  // Signed: 256 x (-128)(-128) = 2^22 = 4194304 is exact in 24 bits, not in 23; 512 of them wrap in 24 bits.
  EXPECT_EQ(column(256, -128, -128, 24), 4194304);
  EXPECT_EQ(column(256, -128, -128, 23), -4194304);
  EXPECT_EQ(column(512, -128, -128, 24), -8388608);
  // Unsigned: 256 x 255 x 255 = 16646400 < 2^24 is exact in 25 bits, not in 24.
  EXPECT_EQ(column(256, 255, 255, 25), 16646400);
  EXPECT_EQ(column(256, 255, 255, 24), 16646400 - 16777216);
  // Mixed: 256 x 255 x (-128) = -8355840 >= -2^23 is exact in 24 bits.
  EXPECT_EQ(column(256, 255, -128, 24), -8355840);
}

TEST(Gemm, HandExample) {
  Matrix a(2, 3), b(3, 2);
  a.v = {1, 2, 3, -4, 5, -6};
  b.v = {7, -8, 9, 10, -11, 12};
  // [1 2 3; -4 5 -6] . [7 -8; 9 10; -11 12] = [7+18-33, -8+20+36; -28+45+66, 32+50-72]
  const Matrix c = gemm(a, b);
  EXPECT_EQ(c.v, (std::vector<int64_t>{-8, 48, 83, 10}));
  // The same sums in an 8-bit accumulator: 83 fits, 48 fits; scale A by 3 to overflow: 249 -> -7.
  for (auto& v : a.v) v *= 3;
  EXPECT_EQ(gemm(a, b, 8).v, (std::vector<int64_t>{-24, -112, -7, 30}));
  EXPECT_THROW(gemm(a, a), std::invalid_argument);
}

TEST(Tiling, UntileOfTiledGemmIsTheGemm) {
  std::mt19937_64 rng(0xA11A7);
  SCOPED_TRACE("seed 0xA11A7");
  for (int trial = 0; trial < 200; ++trial) {
    const int m = 1 + static_cast<int>(rng() % 20), k = 1 + static_cast<int>(rng() % 9),
              n = 1 + static_cast<int>(rng() % 20);
    const int rows = 1 + static_cast<int>(rng() % 8), cols = 1 + static_cast<int>(rng() % 8);
    Matrix a(m, k), b(k, n);
    for (auto& v : a.v) v = static_cast<int64_t>(rng() % 255) - 127;
    for (auto& v : b.v) v = static_cast<int64_t>(rng() % 255) - 127;
    const Tiling t = tile(a, b, rows, cols);
    EXPECT_EQ(t.row_tiles, (m + rows - 1) / rows);
    EXPECT_EQ(t.col_tiles, (n + cols - 1) / cols);
    ASSERT_EQ(t.jobs.size(), static_cast<size_t>(t.row_tiles * t.col_tiles));
    std::vector<Matrix> tiles;
    for (const auto& j : t.jobs) {
      EXPECT_EQ(j.a.rows, rows);
      EXPECT_EQ(j.b.cols, cols);
      tiles.push_back(gemm(j.a, j.b));
    }
    EXPECT_EQ(untile(t, tiles), gemm(a, b)) << m << "x" << k << "x" << n << " on " << rows << "x" << cols;
  }
}

// Sum over every phase of digit_product is the exact product: exhaustive for every operand pair of
// (a_bits + b_bits) <= 16, every signedness and every pe_bits from 2 to the widest operand.
TEST(DigitProduct, SumsToTheExactProductExhaustively) {
  for (int a_bits : {2, 3, 5, 8}) {
    for (int b_bits : {2, 4, 7, 8}) {
      if (a_bits + b_bits > 16) continue;
      for (int sa = 0; sa < 2; ++sa) {
        for (int sb = 0; sb < 2; ++sb) {
          for (int pe = 0; pe <= std::max(a_bits, b_bits); ++pe) {
            if (pe == 1) continue;
            const IntArrayShape s{1, 1, a_bits, b_bits, sa == 1, sb == 1, 32, pe};
            for (int64_t a = min_value(a_bits, sa); a <= max_value(a_bits, sa); ++a) {
              for (int64_t b = min_value(b_bits, sb); b <= max_value(b_bits, sb); ++b) {
                int64_t sum = 0;
                for (int ia = 0; ia < s.na(); ++ia) {
                  for (int ib = 0; ib < s.nb(); ++ib) sum += digit_product(s, a, b, ia, ib);
                }
                ASSERT_EQ(sum, a * b) << "a " << a << " b " << b << " bits " << a_bits << "/" << b_bits
                                      << " signed " << sa << sb << " pe " << pe;
              }
            }
          }
        }
      }
    }
  }
}

TEST(Shape, PhasesPerMac) {
  EXPECT_EQ((IntArrayShape{8, 8, 8, 8, true, true, 32, 0}).phases(), 1);
  EXPECT_EQ((IntArrayShape{8, 8, 8, 8, true, true, 32, 4}).phases(), 4);   // the BitFusion-style baseline
  EXPECT_EQ((IntArrayShape{8, 8, 8, 4, true, true, 32, 4}).phases(), 2);
  EXPECT_EQ((IntArrayShape{8, 8, 16, 16, true, true, 40, 4}).phases(), 16);
  EXPECT_EQ((IntArrayShape{8, 8, 5, 7, true, true, 32, 3}).phases(), 6);   // ceil(5/3) x ceil(7/3)
}

// Runs jobs through the cycle model with every stream valid and C always taken; returns the cycle (from the
// first valid input, counted from 0) at which each job's last C row is taken, and the C tiles.
struct ModelRun {
  std::vector<uint64_t> last_row_cycle;
  std::vector<Matrix> c;
};

ModelRun run_model(const IntArrayShape& s, const std::vector<Job>& jobs,
                   const std::function<bool(uint64_t)>& c_ready = [](uint64_t) { return true; }) {
  IntArrayCycleModel m(s);
  ModelRun out;
  size_t job = 0;
  int k = 0, row = 0;
  Matrix cur(s.rows, s.cols);
  for (uint64_t cycle = 0; out.c.size() < jobs.size() && cycle < 100000; ++cycle) {
    IntArrayCycleModel::In in;
    const bool have = job < jobs.size();
    in.a_valid.assign(static_cast<size_t>(s.rows), have);
    in.b_valid.assign(static_cast<size_t>(s.cols), have);
    const bool last = have && k == jobs[job].a.cols - 1;
    in.a_last.assign(static_cast<size_t>(s.rows), last);
    in.b_last.assign(static_cast<size_t>(s.cols), last);
    in.a_data.assign(static_cast<size_t>(s.rows), 0);
    in.b_data.assign(static_cast<size_t>(s.cols), 0);
    for (int r = 0; have && r < s.rows; ++r) in.a_data[static_cast<size_t>(r)] = jobs[job].a.at(r, k);
    for (int c = 0; have && c < s.cols; ++c) in.b_data[static_cast<size_t>(c)] = jobs[job].b.at(k, c);
    in.c_ready = c_ready(cycle);
    const auto o = m.outputs(in);
    if (o.c_valid && in.c_ready) {
      for (int c = 0; c < s.cols; ++c) cur.at(row, c) = o.c_data[static_cast<size_t>(c)];
      EXPECT_EQ(o.c_last, row == s.rows - 1);
      if (++row == s.rows) {
        row = 0;
        out.c.push_back(cur);
        out.last_row_cycle.push_back(cycle);
      }
    }
    if (o.ready && have) {
      if (++k == jobs[job].a.cols) {
        k = 0;
        ++job;
      }
    }
    m.clock(in);
  }
  return out;
}

Job random_job(std::mt19937_64& rng, const IntArrayShape& s, int k) {
  Job j{Matrix(s.rows, k), Matrix(k, s.cols)};
  for (auto& v : j.a.v) v = std::uniform_int_distribution<int64_t>(min_value(s.a_bits, s.a_signed), max_value(s.a_bits, s.a_signed))(rng);
  for (auto& v : j.b.v) v = std::uniform_int_distribution<int64_t>(min_value(s.b_bits, s.b_signed), max_value(s.b_bits, s.b_signed))(rng);
  return j;
}

// Hand derivation (S = cycles per MAC): beat k enters at the end of step k (step i = cycles iS .. iS+S-1);
// row r's skew (r stages) and the PE register put it in PE (r, c) during step k + r + c + 1, so PE (r, C-1)
// hands the last beat (k = K-1) over at the end of step K + r + C - 1 and row r is readable from cycle
// (K + C + r) S. Row R-1 is taken at cycle (K + C + R - 1) S: a single job takes (K + R + C - 1) S + 1 cycles.
TEST(IntArrayCycleModel, SingleJobTimingAndResult) {
  std::mt19937_64 rng(7);
  for (const IntArrayShape s : {IntArrayShape{1, 1, 8, 8, true, true, 32, 0}, IntArrayShape{2, 3, 8, 8, false, true, 32, 0},
                                IntArrayShape{4, 4, 8, 8, true, true, 32, 4}, IntArrayShape{3, 5, 5, 7, false, true, 24, 3}}) {
    for (int k : {1, 2, 7, 64}) {
      const Job j = random_job(rng, s, k);
      const ModelRun r = run_model(s, {j});
      ASSERT_EQ(r.c.size(), 1u);
      EXPECT_EQ(r.c[0], gemm(j.a, j.b, s.acc_bits));
      const uint64_t S = static_cast<uint64_t>(s.phases());
      EXPECT_EQ(r.last_row_cycle[0], static_cast<uint64_t>(k + s.cols + s.rows - 1) * S)
          << s.rows << "x" << s.cols << " K " << k << " S " << S;
    }
  }
}

// Back to back with K >= max(R, C): the second job's beats follow the first's without a gap, so its last row
// is taken K2 steps after the first job's; with K <= C a job's last beat waits until C + 1 steps after the
// previous job's (the rule that keeps a row's results from being overwritten), so jobs are C + 1 steps apart
// (R = 4 rows drain in fewer cycles than that, so the C side never holds them up).
TEST(IntArrayCycleModel, BackToBackJobs) {
  std::mt19937_64 rng(11);
  const IntArrayShape s{4, 6, 8, 8, true, true, 32, 0};
  const Job a = random_job(rng, s, 20), b = random_job(rng, s, 9);
  const ModelRun r = run_model(s, {a, b});
  ASSERT_EQ(r.c.size(), 2u);
  EXPECT_EQ(r.c[0], gemm(a.a, a.b));
  EXPECT_EQ(r.c[1], gemm(b.a, b.b));
  EXPECT_EQ(r.last_row_cycle[1] - r.last_row_cycle[0], 9u);
  std::vector<Job> small;
  for (int i = 0; i < 5; ++i) small.push_back(random_job(rng, s, 2));
  const ModelRun q = run_model(s, small);
  ASSERT_EQ(q.c.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(q.c[i], gemm(small[i].a, small[i].b));
  for (size_t i = 1; i < 5; ++i) EXPECT_EQ(q.last_row_cycle[i] - q.last_row_cycle[i - 1], 7u) << i;
}

// Jobs a and b back to back with C ready from cycle x on, for each x: both C exact, a's last row taken on x + 1
// and b's on x + b_offset.
void expect_held_back(const IntArrayShape& s, const Job& a, const Job& b, std::initializer_list<uint64_t> xs,
                      uint64_t b_offset) {
  for (const uint64_t x : xs) {
    const ModelRun r = run_model(s, {a, b}, [x](uint64_t cycle) { return cycle >= x; });
    ASSERT_EQ(r.c.size(), 2u) << x;
    EXPECT_EQ(r.c[0], gemm(a.a, a.b));
    EXPECT_EQ(r.c[1], gemm(b.a, b.b));
    EXPECT_EQ(r.last_row_cycle[0], x + 1) << x;
    EXPECT_EQ(r.last_row_cycle[1], x + b_offset) << x;
  }
}

// Hand derivation of a stall: 2 x 2 array, two jobs with K = 3 (job 2's last beat is C + 1 = 3 steps after
// job 1's). Job 1's rows are readable from cycles 5 and 6. With c_ready low until cycle X >= 6, job 2's last
// token reaches PE (0, 0) at cycle 6 while row 0 is unread: the array freezes for cycles 6..X (X - 5 cycles).
// Row 0 is taken at X, job 1's row 1 at X + 1; job 2's rows, readable at 8 and 9 without the freeze, are
// taken at X + 3 and X + 4.
TEST(IntArrayCycleModel, StallWhileCIsHeldBack) {
  std::mt19937_64 rng(3);
  const IntArrayShape s{2, 2, 8, 8, true, true, 32, 0};
  const Job a = random_job(rng, s, 3), b = random_job(rng, s, 3);
  const ModelRun free_run = run_model(s, {a, b});
  ASSERT_EQ(free_run.last_row_cycle.size(), 2u);
  EXPECT_EQ(free_run.last_row_cycle[1], 9u);
  expect_held_back(s, a, b, {6, 7, 10, 25}, 4);
}

// result_buffer false, by hand: 2 x 2 array, two jobs with K = 3, C always ready. Job 1 as above (beats 0..2,
// rows taken on cycles 5 and 6). Job 2's first beat waits C + 1 = 3 steps after job 1's last beat: beats 5..7,
// rows readable (and taken) on 7 + 0 + C + 1 = 10 and 11: C = 2 cycles later than with result registers (9).
TEST(IntArrayCycleModel, WithoutResultRegistersAJobStartsCPlusOneStepsAfterTheLastEnds) {
  std::mt19937_64 rng(3);
  IntArrayShape s{2, 2, 8, 8, true, true, 32, 0};
  s.result_buffer = false;
  const Job a = random_job(rng, s, 3), b = random_job(rng, s, 3);
  const ModelRun r = run_model(s, {a, b});
  ASSERT_EQ(r.c.size(), 2u);
  EXPECT_EQ(r.c[0], gemm(a.a, a.b));
  EXPECT_EQ(r.c[1], gemm(b.a, b.b));
  EXPECT_EQ(r.last_row_cycle[0], 6u);
  EXPECT_EQ(r.last_row_cycle[1], 11u);
}

// result_buffer false with C held back until cycle X >= 5: job 2's first beat is taken on step 5 and reaches
// PE (0, 0) on cycle 6; while job 1's row 0 is unread the first phase would overwrite it, so the array freezes
// on cycles 6..X. Row 0 is taken on X, row 1 on X + 1; job 2's PE (0, 0) then accumulates on X + 1, its beats 2
// and 3 are taken on X + 1 and X + 2 (PE (1, 0) sees the first token on X + 2, after row 1 was taken), and its
// rows are readable on X + 2 + 3 = X + 5 and X + 6. X = 5 is the free run above (11).
TEST(IntArrayCycleModel, WithoutResultRegistersAFirstTokenWaitsForItsRowToBeRead) {
  std::mt19937_64 rng(3);
  IntArrayShape s{2, 2, 8, 8, true, true, 32, 0};
  s.result_buffer = false;
  const Job a = random_job(rng, s, 3), b = random_job(rng, s, 3);
  expect_held_back(s, a, b, {5, 6, 7, 10, 25}, 6);
}

// Properties over random shapes (tall, wide, square, up to 32 x 32), short and long jobs back to back, random
// input gaps and C held back in long bursts: the array always makes progress (no deadlock), every C equals
// the exact GEMM, and C holds still while it waits to be taken.

// One trial's stimulus drawn up front: the shape, six jobs, which of them run in 8-bit mode, and the
// probability of offering a beat on a cycle where none is offered.
struct CycleTrial {
  int index = 0;
  IntArrayShape s;
  std::vector<Job> jobs;
  std::vector<bool> int8;
  double p_in = 0;
};

CycleTrial random_cycle_trial(std::mt19937_64& rng, int trial) {
  const bool big = trial % 20 == 0;
  const int rows = 1 + static_cast<int>(rng() % (big ? 32 : 12));
  const int cols = 1 + static_cast<int>(rng() % (big ? 32 : 12));
  const int pe = trial % 3 == 0 ? 4 : 0;
  CycleTrial t{.index = trial,
               .s = IntArrayShape{rows, cols, 8, 8, trial % 2 == 0, true, 32, pe},
               .jobs = {},
               .int8 = {},
               .p_in = 0};
  t.s.result_buffer = trial % 4 != 1;  // a quarter of the trials without result registers (int_array only)
  for (int j = 0; j < 6; ++j) {
    const int k = rng() % 2 ? 1 + static_cast<int>(rng() % 3) : 1 + static_cast<int>(rng() % 24);
    t.jobs.push_back(random_job(rng, t.s, k));
    // On even shapes (and full-width PEs), some jobs run in ANT's 8-bit mode: A rows 2i / 2i+1 carry the
    // low nibble / 16 x the high nibble of an 8-bit value, likewise B columns; C is then the R/2 x C/2 GEMM
    // of the 8-bit values in lanes 0..C/2-1.
    t.int8.push_back(rows % 2 == 0 && cols % 2 == 0 && pe == 0 && rng() % 3 == 0 && t.s.result_buffer);
  }
  t.p_in = (rng() % 4 + 1) / 4.0;
  return t;
}

// The A and B lanes of one cycle: beat k of job `job` when offering (in the 8-bit lane encoding for an 8-bit
// job), every lane invalid otherwise. c_ready is left to the caller.
IntArrayCycleModel::In offered_beat(const CycleTrial& t, bool offering, size_t job, int k) {
  const int rows = t.s.rows, cols = t.s.cols;
  IntArrayCycleModel::In in;
  in.a_valid.assign(static_cast<size_t>(rows), offering);
  in.b_valid.assign(static_cast<size_t>(cols), offering);
  const bool last = offering && k == t.jobs[job].a.cols - 1;
  in.a_last.assign(static_cast<size_t>(rows), last);
  in.b_last.assign(static_cast<size_t>(cols), last);
  in.a_data.assign(static_cast<size_t>(rows), 0);
  in.b_data.assign(static_cast<size_t>(cols), 0);
  for (int r = 0; offering && r < rows; ++r) in.a_data[static_cast<size_t>(r)] = t.jobs[job].a.at(r, k);
  for (int c = 0; offering && c < cols; ++c) in.b_data[static_cast<size_t>(c)] = t.jobs[job].b.at(k, c);
  if (offering && t.int8[job]) {  // the job's operands are 8-bit values in the even lanes' positions
    in.int8 = true;
    for (int r = 0; r < rows; r += 2) {
      const int64_t v = t.jobs[job].a.at(r, k) & 255, x = t.s.a_signed && v >= 128 ? v - 256 : v;
      in.a_data[static_cast<size_t>(r)] = x & 15;
      in.a_data[static_cast<size_t>(r + 1)] = (x >> 4) * 16;
    }
    for (int c = 0; c < cols; c += 2) {
      const int64_t v = t.jobs[job].b.at(k, c) & 255, x = v >= 128 ? v - 256 : v;
      in.b_data[static_cast<size_t>(c)] = x & 15;
      in.b_data[static_cast<size_t>(c + 1)] = (x >> 4) * 16;
    }
  }
  return in;
}

// C shown last cycle and not taken (held) must still be shown, unchanged.
void check_c_held(const std::optional<IntArrayCycleModel::Out>& held, const IntArrayCycleModel::Out& o, int trial) {
  if (!held) return;
  ASSERT_TRUE(o.c_valid) << "C withdrawn while waiting, trial " << trial;
  ASSERT_EQ(o.c_data, held->c_data) << "C changed while waiting, trial " << trial;
  ASSERT_EQ(o.c_last, held->c_last);
}

// An 8-bit job's C, its first R/2 rows: the GEMM of the 8-bit values (even rows of A, even columns of B, as
// offered_beat sends them) in lanes 0..C/2-1, zero in the others.
void check_int8_c(const CycleTrial& t, const Matrix& cur, size_t done) {
  const int rows = t.s.rows, cols = t.s.cols;
  const Job& j = t.jobs[done];
  Matrix a8(rows / 2, j.a.cols), b8(j.b.rows, cols / 2);
  for (int r = 0; r < a8.rows; ++r) {
    for (int kk = 0; kk < a8.cols; ++kk) {
      const int64_t v = j.a.at(2 * r, kk) & 255;
      a8.at(r, kk) = t.s.a_signed && v >= 128 ? v - 256 : v;
    }
  }
  for (int kk = 0; kk < b8.rows; ++kk) {
    for (int c = 0; c < b8.cols; ++c) {
      const int64_t v = j.b.at(kk, 2 * c) & 255;
      b8.at(kk, c) = v >= 128 ? v - 256 : v;
    }
  }
  const Matrix want8 = gemm(a8, b8);
  for (int r = 0; r < rows / 2; ++r) {
    for (int c = 0; c < cols; ++c) {
      ASSERT_EQ(cur.at(r, c), c < cols / 2 ? want8.at(r, c) : 0) << "trial " << t.index << " 8-bit job " << done;
    }
  }
}

// The C side's progress: jobs whose C is complete and checked, and the rows taken of the next one.
struct CTaken {
  size_t done = 0;
  int row = 0;
  Matrix cur;
};

// C row taken this cycle: stored, and the job's C checked once its last row (R/2 rows for an 8-bit job) is in.
void take_c_row(const CycleTrial& t, const IntArrayCycleModel::Out& o, CTaken& c) {
  const int rows = t.s.rows;
  for (int col = 0; col < t.s.cols; ++col) c.cur.at(c.row, col) = o.c_data[static_cast<size_t>(col)];
  if (t.int8[c.done] && c.row + 1 == rows / 2) {
    ASSERT_NO_FATAL_FAILURE(check_int8_c(t, c.cur, c.done));
    c.row = 0;
    ++c.done;
  } else if (++c.row == rows) {
    ASSERT_EQ(c.cur, gemm(t.jobs[c.done].a, t.jobs[c.done].b)) << "trial " << t.index << " job " << c.done;
    c.row = 0;
    ++c.done;
  }
}

// Drives one trial's jobs through the cycle model, with random input gaps and C held back in random bursts
// (drawn from rng cycle by cycle), until every job's C is taken, checking C as it goes.
void drive_cycle_trial(std::mt19937_64& rng, const CycleTrial& t) {
  IntArrayCycleModel m(t.s);
  size_t job = 0;
  int k = 0, burst = 0;
  bool offering = false;
  CTaken taken{.cur = Matrix(t.s.rows, t.s.cols)};
  std::optional<IntArrayCycleModel::Out> held;  // C shown last cycle and not taken
  uint64_t cycle = 0;
  for (; taken.done < t.jobs.size() && cycle < 200000; ++cycle) {
    if (!offering && job < t.jobs.size()) offering = std::uniform_real_distribution<double>(0, 1)(rng) < t.p_in;
    IntArrayCycleModel::In in = offered_beat(t, offering, job, k);
    if (burst == 0 && rng() % 24 == 0) burst = 1 + static_cast<int>(rng() % 100);
    in.c_ready = burst == 0 && rng() % 4 != 0;
    if (burst > 0) --burst;
    const auto o = m.outputs(in);
    ASSERT_NO_FATAL_FAILURE(check_c_held(held, o, t.index));
    held.reset();
    if (o.c_valid && !in.c_ready) held = o;
    if (o.c_valid && in.c_ready) {
      ASSERT_NO_FATAL_FAILURE(take_c_row(t, o, taken));
    }
    if (o.ready) {
      ASSERT_TRUE(offering);
      offering = false;
      if (++k == t.jobs[job].a.cols) {
        k = 0;
        ++job;
      }
    }
    m.clock(in);
  }
  ASSERT_EQ(taken.done, t.jobs.size()) << "no progress: trial " << t.index << ", " << t.s.rows << " x " << t.s.cols
                                       << ", pe_bits " << t.s.pe_bits << ", stuck at cycle " << cycle;
}

TEST(IntArrayCycleModel, NeverDeadlocksAndHoldsC) {
  const uint64_t seed = 0x5EED1A;
  SCOPED_TRACE("seed 0x5EED1A");
  std::mt19937_64 rng(seed);
  for (int trial = 0; trial < 400; ++trial) {
    const CycleTrial t = random_cycle_trial(rng, trial);
    ASSERT_NO_FATAL_FAILURE(drive_cycle_trial(rng, t));
  }
}

}  // namespace
}  // namespace bf::golden::gemm
