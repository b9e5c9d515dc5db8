// Tests of the EBSP golden model (golden/ebsp) against docs/ebsp.md and formats.md "EBSP": the array
// cycle model: latency, multi-beat jobs with stalls, errors, random jobs, full throughput.
// How expectations are derived, and the independent references: ebsp_test_util.hpp.
#include "ebsp/ebsp_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ebsp/cycle.hpp"

namespace bf::golden::ebsp::ebsp_test {
namespace {

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

// A beat of a job: L activations, R x L weights, last on the job's final beat.
struct Beat {
  std::vector<int64_t> act, wgt;
  bool last;
};

// Random jobs (1..12 jobs of 1..6 beats) for the shape, and their expected results: the wrapped exact dot products
// of the reference values.
void random_jobs(std::mt19937_64& rng, const ArrayShape& shape, std::vector<Beat>& beats,
                 std::vector<std::vector<int64_t>>& expected) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int R = shape.rows, L = shape.lanes, ab = shape.act.bits, wb = shape.wgt.bits;
  const Pattern &ap = shape.act, &wp = shape.wgt;
  const int acc_bits = shape.acc_bits;
  std::uniform_int_distribution<int64_t> da(0, pow2(ab) - 1), dw(-(pow2(wb - 1) - 1), pow2(wb - 1) - 1);
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
}

// Streams the beats through the model with random in_valid gaps (a beat is held until taken; idle cycles carry
// garbage) and out_ready stalls; checks the port rules on every cycle, the results in order, and that nothing more
// comes out once drained.
void check_jobs_with_stalls(std::mt19937_64& rng, const ArrayShape& shape, const std::vector<Beat>& beats,
                            const std::vector<std::vector<int64_t>>& expected) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int R = shape.rows, L = shape.lanes;
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
    std::vector<Beat> beats;
    std::vector<std::vector<int64_t>> expected;
    random_jobs(rng, shape, beats, expected);
    ASSERT_NO_FATAL_FAILURE(check_jobs_with_stalls(rng, shape, beats, expected));
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
}  // namespace bf::golden::ebsp::ebsp_test
