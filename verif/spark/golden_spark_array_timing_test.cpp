// Tests of the SPARK accelerator cycle models (golden/spark/array.hpp) against docs/spark_array.md: hand-derived
// timing of spark_array (latencies, per-PE multiply cycles, long pairs, FIFO backpressure, C read-out).
// How expectations are derived, and the shared array driver: spark_array_test_util.hpp.
#include "spark/spark_array_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "spark/spark.hpp"

namespace bf::golden::spark::spark_array_test {
namespace {

// ---------------------------------------------------------------------------------------------------------
// spark_array: hand-derived timing

// 1 x 1, K = 1, short x short (A = 3, B = -2). Cycle 0: both units valid, the decoders (empty) take them.
// Cycle 1: the decoder registers hold the values; PE (0, 0) accepts both (FIFOs empty). Cycle 2: both FIFOs
// hold one entry, the core is valid and ready (n = 1): pop with `last`, res_q <= 0 + 3 * -2. Cycle 3:
// res_full_q = 1: c_valid, c_data = -6, c_last (R - 1 = 0); taken at once, so the run lasts 4 cycles.
TEST(SparkArrayTiming, OneByOneShort) {
  for (int d : {1, 2, 4}) {
    const ArrayShape s{1, 1, 8, false, true, 32, d};
    const IntJob j = constant_job(1, 1, 1, 3, -2);
    std::vector<std::pair<uint64_t, bool>> c_valid;
    RunOptions opt;
    opt.probe = [&](uint64_t cyc, const ArrayCycleModel::In&, const ArrayCycleModel::Out& o) {
      c_valid.emplace_back(cyc, o.c_valid);
      if (cyc < 3) {
        EXPECT_EQ(o.c_data[0], 0) << "C is 0 while not valid";
      }
      EXPECT_TRUE(o.c_last);
    };
    const RunResult r = run_array(s, {j}, opt);
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(r.first_c_valid, 3) << "D " << d;
    EXPECT_EQ(r.cycles, 4u);
    EXPECT_EQ(r.c[0].at(0, 0), -6);
    EXPECT_EQ(r.busy[0], 1u);
  }
  // A signed A operand of -0 (payload 0 with the sign bit: no encoder makes it, a unit stream may carry it)
  // contributes a zero product: 1 x 1, K = 2, A = {-0, 4}, B = {5, -3} gives -12.
  ArrayShape s{1, 1, 8, true, true, 32, 2};
  ArrayCycleModel m(s);
  const Unit neg0 = Unit{1} << 4;
  const std::vector<Unit> au = {neg0, 4}, bu = {5, 3 | (Unit{1} << 4)};
  size_t ai = 0, bi = 0;
  bool got = false;
  for (int cyc = 0; cyc < 20 && !got; ++cyc) {
    ArrayCycleModel::In in{{ai < 2}, {ai == 1}, {ai < 2 ? au[ai] : 0}, {bi < 2}, {false}, {bi < 2 ? bu[bi] : 0}, true};
    const auto o = m.outputs(in);
    if (o.c_valid) {
      EXPECT_EQ(o.c_data[0], -12);
      EXPECT_EQ(cyc, 4);  // as above with K = 2: the last pair pops at cycle 3
      got = true;
    }
    if (in.a_valid[0] && o.a_ready[0]) ++ai;
    if (in.b_valid[0] && o.b_ready[0]) ++bi;
    m.clock(in);
  }
  EXPECT_TRUE(got);
}

// All-short single job, every stream at full rate, C always taken.
// Value k of row r is accepted by decoder r at cycle k and is in its register at k + 1; PE (r, 0) accepts it
// at k + 1, and each forward register adds a cycle, so it is in PE (r, c)'s A FIFO from k + 2 + c; likewise
// B value k is in PE (r, c)'s B FIFO from k + 2 + r. Without backpressure PE (r, c) multiplies value k at
// k + 2 + max(r, c) (the doc's figure). But a FIFO of depth D holds only D values: once value k - D is still
// in PE (r, 0)'s A FIFO (it leaves at (k - D) + 2 + r, when its B partner arrives), value k cannot enter, and
// every A value of row r passes through PE (r, 0)'s FIFO; value k then reaches PE (r, c) at
// (k - D) + 2 + r + 1 + c (one hop per column), and symmetrically down the columns. Hence, for k >= D,
//   T(r, c, k) = k + 2 + max(r, c, r + c + 1 - D),   and T = k + 2 + max(r, c) for k < D,
// later than the doc's k + 2 + max(r, c) whenever min(r, c) >= D (see the report). The results are still on
// time: the last pair (k = K - 1) of PE (r, c) pops at T <= K + r + C (c <= C - 1, D >= 1), so row r is full
// by K + r + C + 1; row 0 is full at exactly K + 2 + max(0, C - 1) = K + 1 + C (first c_valid; T(0, c) has no
// extra term), and rows are read one per cycle, row r at K + 1 + C + r: the last row is taken at cycle
// K + R + C (the run lasts K + R + C + 1 cycles), as the doc says. Every PE is busy exactly K cycles.
TEST(SparkArrayTiming, AllShortSingleJob) {
  for (int d : {1, 2, 3, 8}) {
    for (auto [rows, cols] : {std::pair{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 4}, {4, 3}, {8, 8}, {8, 2}, {2, 8}}) {
      for (int k : {1, 2, 3, 7, 30}) {
        SCOPED_TRACE("D " + std::to_string(d) + " " + std::to_string(rows) + "x" + std::to_string(cols) + " K " +
                     std::to_string(k));
        const ArrayShape s{rows, cols, 8, false, true, 32, d};
        std::mt19937_64 rng(static_cast<uint64_t>(rows * 1000 + cols * 100 + k * 10 + d));
        IntJob j{Matrix(rows, k), Matrix(k, cols)};
        for (auto& v : j.a.v) v = static_cast<int64_t>(rng() % 8);           // short: < 2^(B-1) = 8
        for (auto& v : j.b.v) v = static_cast<int64_t>(rng() % 15) - 7;      // short, signed
        const RunResult r = run_array(s, {j});
        ASSERT_TRUE(r.finished);
        EXPECT_EQ(r.c[0], expected_c(s, j));
        EXPECT_EQ(r.first_c_valid, k + 1 + cols);
        EXPECT_EQ(r.row_cycles.back(), static_cast<uint64_t>(k + rows + cols));
        for (int i = 0; i < rows; ++i) EXPECT_EQ(r.row_cycles[static_cast<size_t>(i)], static_cast<uint64_t>(k + 1 + cols + i));
        for (uint64_t b : r.busy) EXPECT_EQ(b, static_cast<uint64_t>(k));
      }
    }
  }
}

// The per-PE multiply cycle T(r, c, k) derived above, observed through busy_cycles (it grows by one on each
// cycle the PE's core is valid; all pairs are short x short).
TEST(SparkArrayTiming, AllShortPerPeMultiplyCycle) {
  for (int d : {1, 2, 3, 4}) {
    for (auto [rows, cols] : {std::pair{2, 2}, {3, 3}, {4, 6}, {6, 4}, {8, 8}}) {
      SCOPED_TRACE("D " + std::to_string(d) + " " + std::to_string(rows) + "x" + std::to_string(cols));
      const int kk = 12;
      const ArrayShape s{rows, cols, 8, false, true, 32, d};
      ArrayCycleModel m(s);
      std::vector<int> ak(static_cast<size_t>(rows), 0), bk(static_cast<size_t>(cols), 0);
      std::vector<uint64_t> prev(static_cast<size_t>(rows * cols), 0);
      for (uint64_t cycle = 0; cycle < 80; ++cycle) {
        ArrayCycleModel::In in;
        in.c_ready = true;
        for (int r = 0; r < rows; ++r) {
          in.a_valid.push_back(ak[static_cast<size_t>(r)] < kk);
          in.a_unit.push_back(3);
          in.a_last.push_back(ak[static_cast<size_t>(r)] == kk - 1);
        }
        for (int c = 0; c < cols; ++c) {
          in.b_valid.push_back(bk[static_cast<size_t>(c)] < kk);
          in.b_unit.push_back(2);
          in.b_last.push_back(bk[static_cast<size_t>(c)] == kk - 1);
        }
        const auto o = m.outputs(in);
        for (int r = 0; r < rows; ++r) ak[static_cast<size_t>(r)] += in.a_valid[static_cast<size_t>(r)] && o.a_ready[static_cast<size_t>(r)];
        for (int c = 0; c < cols; ++c) bk[static_cast<size_t>(c)] += in.b_valid[static_cast<size_t>(c)] && o.b_ready[static_cast<size_t>(c)];
        m.clock(in);
        for (int r = 0; r < rows; ++r) {
          for (int c = 0; c < cols; ++c) {
            const size_t i = static_cast<size_t>(r * cols + c);
            const uint64_t b = m.busy_cycles(r, c);
            if (b == prev[i]) continue;
            ASSERT_EQ(b, prev[i] + 1);
            prev[i] = b;
            const int k = static_cast<int>(b) - 1;
            const int t = k + 2 + (k < d ? std::max(r, c) : std::max({r, c, r + c + 1 - d}));
            ASSERT_EQ(static_cast<int>(cycle), t) << "PE (" << r << ", " << c << ") value " << k;
          }
        }
      }
      for (uint64_t b : prev) EXPECT_EQ(b, static_cast<uint64_t>(kk));
    }
  }
}

// 1 x 1 with long x long pairs (N = 8: 100 = 0110 0100 -> units 1110 0100, decoded 100; -150 = -(1001 0110) ->
// units 1001 0110, each with the sign bit, decoded -150), short ones 3 and 2. C first valid:
//  * K = 1, LL: units at cycles 0 (upper) and 1 (lower); the value is in the decoder register at 2, the FIFO
//    at 3; sub-steps at 3, 4, 5, 6; c_valid at 7 = 3 (short) + 1 (the second unit) + 3 (the extra sub-steps).
//  * K = 2, SS then LL: value 0 in the FIFO at 2, popped at 2; value 1's units at 1, 2, register at 3, FIFO
//    at 4, sub-steps 4..7, c_valid at 8 (all-short K = 2: 4).
//  * K = 2, LL then SS: value 0 (units 0, 1) in the FIFO at 3, sub-steps 3..6; value 1 (unit 2) in the register
//    at 3, waits (D = 1) or enters the FIFO at 4 (D >= 2), multiplied at 7: c_valid 8.
//  * K = 2, LL then LL: value 0 as above (3..6); value 1 (units 2, 3) in the register at 4, the FIFO by 7 at
//    the latest, sub-steps 7..10, c_valid 11: behind a long pair the second unit is hidden and a long x long
//    pair adds exactly its 3 extra sub-steps (11 = 8 + 3).
//  * K = 3, SS LL SS: value 0 popped at 2; value 1 (units 1, 2) in the register at 3, FIFO 4, sub-steps 4..7;
//    value 2 (unit 3) in the FIFO by 8, popped at 8; c_valid 9 (all-short K = 3: 5).
TEST(SparkArrayTiming, LongByLongPairs) {
  const int64_t L_a = 100, L_b = -150, S_a = 3, S_b = 2;
  struct Case {
    std::vector<bool> longs;
    int64_t first_c_valid;
  };
  for (int d : {1, 2, 3}) {
    for (const Case& cs : {Case{{true}, 7}, Case{{false, true}, 8}, Case{{true, false}, 8}, Case{{true, true}, 11},
                           Case{{false, true, false}, 9}, Case{{false}, 3}, Case{{false, false}, 4}}) {
      const int k = static_cast<int>(cs.longs.size());
      const ArrayShape s{1, 1, 8, false, true, 32, d};
      IntJob j{Matrix(1, k), Matrix(k, 1)};
      int64_t want = 0;
      uint64_t work = 0;
      for (int i = 0; i < k; ++i) {
        j.a.at(0, i) = cs.longs[static_cast<size_t>(i)] ? L_a : S_a;
        j.b.at(i, 0) = cs.longs[static_cast<size_t>(i)] ? L_b : S_b;
        want += j.a.at(0, i) * j.b.at(i, 0);
        work += cs.longs[static_cast<size_t>(i)] ? 4 : 1;
      }
      ASSERT_TRUE(encode(s.a_format(), L_a).is_long && encode(s.b_format(), L_b).is_long);
      ASSERT_EQ(spark_value(s.a_format(), L_a), L_a);
      ASSERT_EQ(spark_value(s.b_format(), L_b), L_b);
      const RunResult r = run_array(s, {j});
      ASSERT_TRUE(r.finished);
      EXPECT_EQ(r.first_c_valid, cs.first_c_valid) << "K " << k << " D " << d << " first long " << cs.longs[0];
      EXPECT_EQ(r.c[0].at(0, 0), want);
      EXPECT_EQ(r.busy[0], work);
    }
  }
}

// FIFO backpressure, 1 x 1, K = 3: A = 3 short values {1, 2, 3} (units at cycles 0, 1, 2 if accepted),
// B = {-100 (long: two units), 5, 6}. The first pair (short x long) takes 2 cycles.
// D = 1: c0 both decoders take a unit (B's upper is pending). c1 A register holds 1, PE accepts it (a_ready 1,
//   unit 2 taken); B takes its lower unit. c2 A FIFO full (1), B FIFO empty: no pop, the A register (2) cannot
//   move: a_ready 0; PE accepts B's -100: b_ready 1 (unit 5 taken). c3 sub-step 0: no pop, a_ready 0, B
//   FIFO full and its register holds 5: b_ready 0. c4 sub-step 1, pop: both registers move into the FIFOs,
//   a_ready and b_ready 1 (units 3 and 6 taken). c5 pop (2 x 5), c6 pop (3 x 6, last), c7 c_valid.
//   a_ready 1 1 0 0 1 1 1 1, b_ready 1 1 1 0 1 1 1 1; A's last unit accepted at c4.
// D = 2: c2 the A FIFO has room for 2 (a_ready 1, unit 3 taken); c3 the A FIFO holds 1, 2 and the register 3:
//   a_ready 0; the B FIFO (holding -100) has room for 5: b_ready 1 (unit 6 taken). c4 pop, 3 and 6 move in;
//   c5, c6 pops; c7 c_valid. a_ready 1 1 1 0 1 1 1 1, b_ready all 1; A's last unit accepted at c2.
TEST(SparkArrayTiming, FifoBackpressure) {
  IntJob j{Matrix(1, 3), Matrix(3, 1)};
  j.a.v = {1, 2, 3};
  j.b.v = {-100, 5, 6};
  const std::map<int, std::pair<std::vector<int>, std::vector<int>>> want = {
      {1, {{1, 1, 0, 0, 1, 1, 1, 1}, {1, 1, 1, 0, 1, 1, 1, 1}}},
      {2, {{1, 1, 1, 0, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 1}}}};
  for (const auto& [d, ready] : want) {
    const ArrayShape s{1, 1, 8, false, true, 32, d};
    std::vector<int> a_ready, b_ready;
    RunOptions opt;
    opt.probe = [&](uint64_t, const ArrayCycleModel::In&, const ArrayCycleModel::Out& o) {
      a_ready.push_back(o.a_ready[0]);
      b_ready.push_back(o.b_ready[0]);
    };
    const RunResult r = run_array(s, {j}, opt);
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(r.first_c_valid, 7) << "D " << d;
    EXPECT_EQ(r.c[0].at(0, 0), -100 + 10 + 18);
    EXPECT_EQ(a_ready, ready.first) << "D " << d;
    EXPECT_EQ(b_ready, ready.second) << "D " << d;
    EXPECT_EQ(r.a_done_cycle[0], d == 1 ? 4u : 2u);
    EXPECT_EQ(r.busy[0], 4u);
  }
}

// A PE holds a job's last pair until its previous result was read. 1 x 1, D = 2, three K = 1 short jobs
// (A 2, 3, 4; B 5, 6, 7), units at cycles 0, 1, 2. c1: job 1 in the register, accepted. c2: job 1 popped
// (res_q = 10), job 2 accepted. c3: res_full: c_valid with 10; job 2 is the head with `last` and res_full: the
// core is idle; job 3 enters the FIFO. With c_ready low until cycle X >= 3: row taken at X, res_full clear at
// X + 1, job 2 popped at X + 1 (res_q = 18), c_valid at X + 2 (taken at once), job 3 popped at X + 3, c_valid
// at X + 4 (28). C shows 10 from cycle 3 to X, and 0 at X + 1 (c_data is gated with c_valid).
TEST(SparkArrayTiming, LastPairWaitsForRead) {
  std::vector<IntJob> jobs;
  for (int i = 0; i < 3; ++i) jobs.push_back(constant_job(1, 1, 1, 2 + i, 5 + i));
  for (uint64_t x : {3u, 4u, 10u}) {
    const ArrayShape s{1, 1, 8, false, true, 32, 2};
    RunOptions opt;
    opt.c_ready = [x](uint64_t cycle, std::mt19937_64&) { return cycle >= x; };
    opt.probe = [&](uint64_t cycle, const ArrayCycleModel::In&, const ArrayCycleModel::Out& o) {
      if (cycle >= 3 && cycle <= x + 1) {
        EXPECT_EQ(o.c_data[0], cycle <= x ? 10 : 0) << cycle;
        EXPECT_EQ(o.c_valid, cycle <= x) << cycle;
      }
    };
    const RunResult r = run_array(s, jobs, opt);
    ASSERT_TRUE(r.finished);
    EXPECT_EQ(r.row_cycles, (std::vector<uint64_t>{x, x + 2, x + 4})) << "X " << x;
    ASSERT_EQ(r.c.size(), 3u);
    EXPECT_EQ(r.c[0].at(0, 0), 10);
    EXPECT_EQ(r.c[1].at(0, 0), 18);
    EXPECT_EQ(r.c[2].at(0, 0), 28);
  }
}

// Without result registers (result_buffer false) a PE's next job waits for its row to be read from its first
// pair on, not its last. 1 x 1, D = 2, two K = 2 short jobs (A {2, 3}, {4, 5}; B {5, 6}, {7, 3}), units at full
// rate: value k is in the FIFO at cycle k + 2. Job 1 pops at cycles 2 and 3 (C = 2*5 + 3*6 = 28, res_full at 4).
// Job 2's values are in the FIFO at 4 and 5. c_ready low until cycle X >= 4: row 1 taken at X.
//   With result registers: job 2's first pair pops at 4, its last waits for res_full to clear (X + 1) and for its
//   value (5): pop at X + 1, C = 4*7 + 5*3 = 43 valid and taken at X + 2.
//   Without: job 2's first pair waits too: pops at X + 1 and X + 2, taken at X + 3. C shows 28 (the accumulator)
//   from 4 to X either way.
TEST(SparkArrayTiming, WithoutResultRegistersTheFirstPairWaitsForTheRead) {
  const auto job = [](int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
    IntJob j = constant_job(1, 1, 2, a0, b0);
    j.a.at(0, 1) = a1;
    j.b.at(1, 0) = b1;
    return j;
  };
  const std::vector<IntJob> js = {job(2, 3, 5, 6), job(4, 5, 7, 3)};
  for (bool buffered : {true, false}) {
    for (uint64_t x : {4u, 5u, 9u}) {
      ArrayShape s{1, 1, 8, false, true, 32, 2};
      s.result_buffer = buffered;
      RunOptions opt;
      opt.c_ready = [x](uint64_t cycle, std::mt19937_64&) { return cycle >= x; };
      opt.probe = [&](uint64_t cycle, const ArrayCycleModel::In&, const ArrayCycleModel::Out& o) {
        if (cycle >= 4 && cycle <= x) {
          EXPECT_EQ(o.c_data[0], 28) << cycle;
        }
      };
      const RunResult r = run_array(s, js, opt);
      ASSERT_TRUE(r.finished);
      const uint64_t second = buffered ? x + 2 : x + 3;
      EXPECT_EQ(r.row_cycles, (std::vector<uint64_t>{x, second})) << "X " << x << (buffered ? "" : ", no result registers");
      ASSERT_EQ(r.c.size(), 2u);
      EXPECT_EQ(r.c[0].at(0, 0), 28);
      EXPECT_EQ(r.c[1].at(0, 0), 43);
    }
  }
}

// Skid (skid true): a PE accepts while fewer than two of its operands wait for the next PE, without looking at
// that PE's accept. 1 x 2, D = 2, K = 6, every A and B value 1 (short), B column 1 held back until cycle X = 20.
// A unit k is taken by the decoder at cycle k and accepted by PE (0, 0) at k + 1 (its own queue pops at k + 2, so
// it always has room); PE (0, 1) accepts the forwarded values 0 and 1 at cycles 2 and 3, then its queue is full
// (it cannot pop without B).
//   Without skid: PE (0, 0) offers value 2 from cycle 4 and PE (0, 1) does not take it, so value 3 is not
//   accepted, the decoder keeps it and refuses unit 4: units 0..3 are taken before X (4 units).
//   With skid: value 3 is accepted at cycle 4 (one value waiting), so two wait from cycle 5 on and value 4 stays in
//   the decoder: units 0..4 are taken before X (5 units).
// Both finish with C = [6, 6].
TEST(SparkArrayTiming, SkidTakesOneMoreOperandWhileTheNextPeStalls) {
  const uint64_t x = 20;
  for (bool skid : {false, true}) {
    ArrayShape s{1, 2, 8, false, true, 32, 2};
    s.skid = skid;
    ArrayCycleModel m(s);
    int a_sent = 0, b_sent[2] = {0, 0}, a_before_x = 0;
    std::vector<int64_t> c;
    for (uint64_t cyc = 0; cyc < 200 && c.empty(); ++cyc) {
      ArrayCycleModel::In in{{a_sent < 6}, {a_sent == 5}, {1}, {b_sent[0] < 6, b_sent[1] < 6 && cyc >= x},
                             {b_sent[0] == 5, b_sent[1] == 5}, {1, 1}, true};
      const auto o = m.outputs(in);
      if (o.c_valid) c = o.c_data;
      if (in.a_valid[0] && o.a_ready[0]) {
        ++a_sent;
        if (cyc < x) ++a_before_x;
      }
      for (int j = 0; j < 2; ++j) b_sent[j] += in.b_valid[j] && o.b_ready[j];
      m.clock(in);
    }
    EXPECT_EQ(a_before_x, skid ? 5 : 4) << (skid ? "skid" : "no skid");
    EXPECT_EQ(c, (std::vector<int64_t>{6, 6})) << (skid ? "skid" : "no skid");
  }
}

}  // namespace
}  // namespace bf::golden::spark::spark_array_test
