// Tests of the lock-step spark_array cycle model (golden/spark/array.hpp LockstepArrayModel, through
// ArrayCycleModel with shape.lockstep) against docs/spark_array.md "Lock-step synchronization": a hand-derived
// trace, the all-short timing, and a step-level reference written independently of the register-level model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "spark/spark.hpp"
#include "spark/spark_array_test_util.hpp"

namespace bf::golden::spark::spark_array_test {
namespace {

ArrayShape lockstep_shape(int rows, int cols) {
  ArrayShape s{rows, cols, 8, false, true, 32, 2};
  s.lockstep = true;
  return s;
}

// 1 x 1, K = 2: A = {100 (long: two units), 3}, B = {-2, 5} (short). Cycle 0: both decoders are empty and take a
// unit (A's upper half, pending; B's value). Cycle 1: A's lower unit completes its value; B's register is full
// and nothing fires (A's register is still empty), so b_ready = 0. The array steps on empty (n = 1).
// Cycle 2: both registers hold beat 0: fire, and both take their next unit (a_ready = b_ready = 1).
// Cycle 3: PE (0, 0) holds the long x short pair (n = 2): phase 0 is not the step's end, nothing fires, both
// decoders hold beat 1 (ready 0). Cycle 4: phase 1 ends the step: fire (the job's last beat; gap_q starts
// saturated at C). Cycle 5: the short pair pops with last; the row flag is set at the edge. Cycle 6: c_valid,
// C taken at once: 7 cycles in all. The PE multiplied 2 + 1 cycles.
TEST(SparkLockstepTiming, ALongPairHoldsTheNextBeat) {
  const ArrayShape s = lockstep_shape(1, 1);
  IntJob j{Matrix(1, 2), Matrix(2, 1)};
  j.a.v = {100, 3};
  j.b.v = {-2, 5};
  ASSERT_TRUE(encode(s.a_format(), 100).is_long);
  std::vector<int> a_ready, b_ready;
  RunOptions opt;
  opt.probe = [&](uint64_t cyc, const ArrayCycleModel::In&, const ArrayCycleModel::Out& o) {
    if (cyc < 5) {
      a_ready.push_back(o.a_ready[0]);
      b_ready.push_back(o.b_ready[0]);
    }
  };
  const RunResult r = run_array(s, {j}, opt);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(a_ready, (std::vector<int>{1, 1, 1, 0, 1}));
  EXPECT_EQ(b_ready, (std::vector<int>{1, 0, 1, 0, 1}));
  EXPECT_EQ(r.first_c_valid, 6);
  EXPECT_EQ(r.cycles, 7u);
  EXPECT_EQ(r.c[0], expected_c(s, j));
  EXPECT_EQ(r.busy[0], 3u);
}

// All short, one job, full rate, C always taken: every step lasts one cycle and every decoder holds beat k at
// cycle k + 1, which fires then; PE (r, 0) holds it r shifts later, PE (r, c) at cycle k + 2 + r + c, and pops it
// in that cycle. Row r's last PE pops beat K - 1 at K + r + C, its flag is set at K + r + C + 1, and rows are read
// one per cycle: row r at K + 1 + C + r, the last at K + R + C (int_array's count); every PE is busy K cycles.
TEST(SparkLockstepTiming, AllShortSingleJob) {
  for (auto [rows, cols] : {std::pair{1, 1}, {1, 5}, {5, 1}, {3, 4}, {8, 8}}) {
    for (int k : {1, 2, 7, 30}) {
      SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols) + " K " + std::to_string(k));
      const ArrayShape s = lockstep_shape(rows, cols);
      std::mt19937_64 rng(static_cast<uint64_t>(rows * 1000 + cols * 100 + k));
      IntJob j{Matrix(rows, k), Matrix(k, cols)};
      for (auto& v : j.a.v) v = static_cast<int64_t>(rng() % 8);
      for (auto& v : j.b.v) v = static_cast<int64_t>(rng() % 15) - 7;
      const RunResult r = run_array(s, {j});
      ASSERT_TRUE(r.finished);
      EXPECT_EQ(r.c[0], expected_c(s, j));
      EXPECT_EQ(r.first_c_valid, k + 1 + cols);
      for (int i = 0; i < rows; ++i) {
        EXPECT_EQ(r.row_cycles[static_cast<size_t>(i)], static_cast<uint64_t>(k + 1 + cols + i));
      }
      for (uint64_t b : r.busy) EXPECT_EQ(b, static_cast<uint64_t>(k));
    }
  }
}

// A step-level reference for one job at full rate with C always taken, written from the doc's rules rather than
// from the registers: beat k of lane i is in its decoder at D(i, k) = u(i, 0) for k = 0, else F(k-1) + u(i, k)
// (u = 1 or 2 units; a full decoder takes the next unit only at a fire); a step ends on its cycles' last, and beat
// k fires at the end of the first step ending at or after max_i D(i, k); it then enters step s + 1 at PE (0, 0)
// and is in PE (r, c) at step s + 1 + r + c. A step lasts the largest n of its pairs (1 if none). PE (r, C-1)
// pops beat K - 1 in phase n - 1 of its step; row r is readable the cycle after, rows are taken in order, one
// per cycle. Returns the cycle each row is taken.
std::vector<uint64_t> reference_rows(const ArrayShape& s, const IntJob& j) {
  const int R = s.rows, C = s.cols, K = j.a.cols;
  auto is_long = [&](bool a_side, int64_t v) { return encode(a_side ? s.a_format() : s.b_format(), v).is_long; };
  auto n = [&](int r, int c, int k) { return pair_cycles(is_long(true, j.a.at(r, k)), is_long(false, j.b.at(k, c))); };
  std::vector<int> entry(static_cast<size_t>(K));  // the step at which beat k is in PE (0, 0)
  std::vector<uint64_t> step_start{0};
  auto step_len = [&](int st, int beats_in) {  // beats 0 .. beats_in - 1 have entered
    int len = 1;
    for (int k = 0; k < beats_in; ++k) {
      for (int r = 0; r < R; ++r) {
        const int c = st - entry[static_cast<size_t>(k)] - r;
        if (c >= 0 && c < C) len = std::max(len, n(r, c, k));
      }
    }
    return len;
  };
  uint64_t prev_fire = 0;
  int fired = 0;
  for (int st = 0; fired < K; ++st) {
    const uint64_t end = step_start.back() + static_cast<uint64_t>(step_len(st, fired)) - 1;
    uint64_t ready_at = 0;  // max over lanes of D(i, fired)
    for (int r = 0; r < R; ++r) {
      const uint64_t u = is_long(true, j.a.at(r, fired)) ? 2 : 1;
      ready_at = std::max(ready_at, (fired == 0 ? 0 : prev_fire) + u);
    }
    for (int c = 0; c < C; ++c) {
      const uint64_t u = is_long(false, j.b.at(fired, c)) ? 2 : 1;
      ready_at = std::max(ready_at, (fired == 0 ? 0 : prev_fire) + u);
    }
    if (ready_at <= end) {
      entry[static_cast<size_t>(fired++)] = st + 1;
      prev_fire = end;
    }
    step_start.push_back(end + 1);
  }
  // Extend the step starts until every row's last PE has had its step with beat K - 1.
  const int last_step = entry[static_cast<size_t>(K - 1)] + R - 1 + C - 1;
  while (static_cast<int>(step_start.size()) <= last_step) {
    const int st = static_cast<int>(step_start.size()) - 1;
    step_start.push_back(step_start.back() + static_cast<uint64_t>(step_len(st, K)));
  }
  std::vector<uint64_t> taken;
  for (int r = 0; r < R; ++r) {
    const int st = entry[static_cast<size_t>(K - 1)] + r + C - 1;
    const uint64_t full = step_start[static_cast<size_t>(st)] + static_cast<uint64_t>(n(r, C - 1, K - 1));
    taken.push_back(taken.empty() ? full : std::max(full, taken.back() + 1));
  }
  return taken;
}

// Random single jobs at full rate against the step-level reference; the run is never shorter than the paper's
// count (lockstep_cycles, which ignores decoding) plus the two cycles of decoder and result register.
TEST(SparkLockstepTiming, MatchesAStepLevelReference) {
  const char* env = std::getenv("BITFORGE_SEED");
  const uint64_t seed = env ? std::strtoull(env, nullptr, 10) : 20261207;
  std::mt19937_64 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (BITFORGE_SEED overrides)");
  const int64_t pool[] = {0, 1, 3, 7, 8, 9, 100, 127, 200, 255};
  for (int trial = 0; trial < 300; ++trial) {
    const int rows = 1 + static_cast<int>(rng() % 5), cols = 1 + static_cast<int>(rng() % 5);
    const int k = 1 + static_cast<int>(rng() % 12);
    SCOPED_TRACE("trial " + std::to_string(trial) + ": " + std::to_string(rows) + "x" + std::to_string(cols) +
                 " K " + std::to_string(k));
    const ArrayShape s = lockstep_shape(rows, cols);
    IntJob j{Matrix(rows, k), Matrix(k, cols)};
    const uint64_t long_share = rng() % 4;  // 0: none long .. 3: mostly long
    auto pick = [&](bool is_signed) {
      const bool want_long = rng() % 4 < long_share;
      const int64_t v = pool[want_long ? 4 + rng() % 6 : rng() % 4];
      return is_signed && rng() % 2 ? -v : v;
    };
    for (auto& v : j.a.v) v = pick(false);
    for (auto& v : j.b.v) v = pick(true);
    const RunResult r = run_array(s, {j});
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(r.c[0], expected_c(s, j));
    EXPECT_EQ(r.row_cycles, reference_rows(s, j));
    OperandJob o;
    o.a.assign(static_cast<size_t>(rows), std::vector<Operand>(static_cast<size_t>(k)));
    o.b.assign(static_cast<size_t>(k), std::vector<Operand>(static_cast<size_t>(cols)));
    for (int i = 0; i < rows; ++i)
      for (int kk = 0; kk < k; ++kk) o.a[size_t(i)][size_t(kk)].is_long = encode(s.a_format(), j.a.at(i, kk)).is_long;
    for (int kk = 0; kk < k; ++kk)
      for (int c = 0; c < cols; ++c) o.b[size_t(kk)][size_t(c)].is_long = encode(s.b_format(), j.b.at(kk, c)).is_long;
    EXPECT_GE(r.row_cycles.back(), lockstep_cycles({o}) + 2);
  }
}

// Back-to-back jobs with random gaps and C stalls: every tile right, no deadlock (run_array's limit).
TEST(SparkLockstepTiming, JobsUnderBackPressure) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 60; ++trial) {
    const int rows = 1 + static_cast<int>(rng() % 4), cols = 1 + static_cast<int>(rng() % 4);
    SCOPED_TRACE("trial " + std::to_string(trial));
    const ArrayShape s = lockstep_shape(rows, cols);
    std::vector<IntJob> jobs;
    for (int n = 0; n < 4; ++n) {
      const int k = 1 + static_cast<int>(rng() % 5);
      IntJob j{Matrix(rows, k), Matrix(k, cols)};
      for (auto& v : j.a.v) v = static_cast<int64_t>(rng() % 256);
      for (auto& v : j.b.v) v = static_cast<int64_t>(rng() % 511) - 255;
      jobs.push_back(j);
    }
    RunOptions opt;
    opt.p_a = 0.3 + 0.7 * static_cast<double>(rng() % 2);
    opt.p_b = 0.5;
    opt.seed = rng();
    opt.c_ready = [](uint64_t, std::mt19937_64& g) { return g() % 3 == 0; };
    const RunResult r = run_array(s, jobs, opt);
    ASSERT_TRUE(r.finished);
    ASSERT_EQ(r.c.size(), jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) EXPECT_EQ(r.c[i], expected_c(s, jobs[i])) << "job " << i;
  }
}

// full_rate_cycles (the driver `evaluate` uses) against this file's own driver (run_array at full rate, C always
// taken), both synchronizations, random shapes and back-to-back jobs.
TEST(SparkFullRate, MatchesTheTestDriver) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    ArrayShape s{1 + static_cast<int>(rng() % 4), 1 + static_cast<int>(rng() % 4), 8, rng() % 2 == 0, true, 32, 2};
    s.lockstep = trial % 2 == 1;
    std::vector<IntJob> jobs;
    for (int n = 1 + static_cast<int>(rng() % 3); n > 0; --n) {
      const int k = 1 + static_cast<int>(rng() % 9);
      IntJob j{Matrix(s.rows, k), Matrix(k, s.cols)};
      for (auto& v : j.a.v) v = s.a_signed ? static_cast<int64_t>(rng() % 255) - 127 : static_cast<int64_t>(rng() % 256);
      for (auto& v : j.b.v) v = static_cast<int64_t>(rng() % 255) - 127;
      jobs.push_back(j);
    }
    const RunResult r = run_array(s, jobs);
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(full_rate_cycles(s, jobs), r.cycles) << "trial " << trial << (s.lockstep ? " lock-step" : " elastic");
  }
}

}  // namespace
}  // namespace bf::golden::spark::spark_array_test
