// Tests of the EBSP golden model (golden/ebsp) against docs/ebsp.md and formats.md "EBSP": the PE cycle
// models (the LUT PE and the multiplier PE): latency, accumulate and clear, errors, random running sums.
// How expectations are derived, and the independent references: ebsp_test_util.hpp.
#include "ebsp/ebsp_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ebsp/cycle.hpp"

namespace bf::golden::ebsp::ebsp_test {
namespace {

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

TEST(EbspPeCycle, SingleInputLatency2) {
  EbspPeCycleModel m({{8, 2, false}, {8, 2, true}, 32});
  EXPECT_EQ(EbspPeCycleModel::latency, 2);
  // 6 x 3 = 18 (both conform to pattern 2: 110 and 11) at cycle 0 -> out_valid at exactly cycle 2.
  const auto got = run_pe(m, {{true, 6, 3, false}}, 6);
  expect_trace(got, {2}, {0, 0, 18, 18, 18, 18});
}

TEST(EbspPeCycle, AccumulateAndClear) {
  // Outputs 2 cycles after c0, c1, c3, c4, c5: cycles 2, 3, 5, 6, 7; acc holds in between.
  // acc: -36, -36 + 12 = -24, -24 - 192 = -216, clear -> 1, 1 + 0 = 1.
  {
    EbspPeCycleModel m({{8, 2, false}, {8, 2, true}, 32});
    expect_trace(run_pe(m, pe_hand_inputs(), 10), {2, 3, 5, 6, 7}, {0, 0, -36, -24, -24, -216, 1, 1, 1, 1});
  }
  {
    // 8-bit accumulator: -216 wraps to -216 + 256 = 40.
    EbspPeCycleModel m({{8, 2, false}, {8, 2, true}, 8});
    expect_trace(run_pe(m, pe_hand_inputs(), 10), {2, 3, 5, 6, 7}, {0, 0, -36, -24, -24, 40, 1, 1, 1, 1});
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
    random_pe_run(m, 2, s.act.bits, s.wgt.bits, s.acc_bits,
                  [&](int64_t a, int64_t w) { return ref_value(s.act, a) * ref_value(s.wgt, w); }, seed++);
    MultPeCycleModel b(s.act.bits, s.wgt.bits, s.acc_bits);
    random_pe_run(b, 2, s.act.bits, s.wgt.bits, s.acc_bits, [](int64_t a, int64_t w) { return a * w; }, seed++);
  }
}

}  // namespace
}  // namespace bf::golden::ebsp::ebsp_test
