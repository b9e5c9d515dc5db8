// Tests of the SPARK accelerator cycle models (golden/spark/array.hpp) against docs/spark_array.md: operands and the
// spark_pe cycle model (exhaustive over every pair of decodable operands, a hand example).
// How expectations are derived, and the shared array driver: spark_array_test_util.hpp.
#include "spark/spark_array_test_util.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "spark/spark.hpp"

namespace bf::golden::spark::spark_array_test {
namespace {

// A decodable operand: the functional decoder's output for one encoder input, and the same as an Operand
// built here (mag = |value|, sign = value < 0).
struct Decodable {
  Decoded d;
  Operand op;
};

// Decodes the golden encoding of every encoder input of `f` (duplicates kept: they are real operands too).
std::vector<Decodable> all_decodable(const Format& f) {
  std::vector<Decodable> out;
  for (int64_t v = f.min_input(); v <= f.max_input(); ++v) {
    const std::vector<Decoded> d = decode_stream(f, encode(f, v).units());
    EXPECT_EQ(d.size(), 1u);
    const int64_t m = d[0].value < 0 ? -d[0].value : d[0].value;
    out.push_back({d[0], Operand{static_cast<uint32_t>(m), d[0].is_long, d[0].value < 0}});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Operands

TEST(SparkArrayOperand, PairCyclesValuesAndConversion) {
  EXPECT_EQ(pair_cycles(false, false), 1);
  EXPECT_EQ(pair_cycles(true, false), 2);
  EXPECT_EQ(pair_cycles(false, true), 2);
  EXPECT_EQ(pair_cycles(true, true), 4);
  EXPECT_EQ(operand_value(Operand{0, false, false}), 0);
  EXPECT_EQ(operand_value(Operand{0, false, true}), 0);  // negative zero
  EXPECT_EQ(operand_value(Operand{7, false, true}), -7);
  EXPECT_EQ(operand_value(Operand{210, true, false}), 210);
  EXPECT_EQ(operand_value(Operand{65535, true, true}), -65535);
  for (int n : {6, 8, 16}) {
    for (bool s : {false, true}) {
      const Format f{n, s};
      for (const Decodable& x : all_decodable(f)) {
        const Operand o = to_operand(f, x.d);
        ASSERT_EQ(o.mag, x.op.mag);
        ASSERT_EQ(o.is_long, x.op.is_long);
        ASSERT_EQ(o.sign, x.op.sign);
        ASSERT_EQ(operand_value(o), x.d.value);
        // Docs: a short operand has mag < 2^(B-1); a long one came from two units.
        if (!o.is_long) {
          ASSERT_LT(o.mag, uint32_t{1} << (n / 2 - 1));
        }
      }
    }
  }
  const ArrayShape s{4, 3, 10, true, false, 24, 3};
  EXPECT_EQ(s.a_format().bits, 10);
  EXPECT_TRUE(s.a_format().is_signed);
  EXPECT_FALSE(s.b_format().is_signed);
}

// ---------------------------------------------------------------------------------------------------------
// spark_pe

// The doc's sub-step order, spelled out: (ia, ib) halves per sub-step.
std::vector<std::pair<int, int>> half_order(bool a_long, bool b_long) {
  if (a_long && b_long) return {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  if (a_long) return {{0, 0}, {1, 0}};
  if (b_long) return {{0, 0}, {0, 1}};
  return {{0, 0}};
}

int64_t half_of(uint32_t mag, int which, int b) {
  return which == 0 ? static_cast<int64_t>(mag % (uint32_t{1} << b)) : static_cast<int64_t>(mag / (uint32_t{1} << b));
}

// Feeds every (a, b) pair of the two operand lists, in order, with random gaps (before a pair, with junk
// operands, and between its sub-steps, with held operands) and random clears; checks ready, sum, out_valid and
// acc on every cycle against a reference running sum.
void run_pe_exhaustive(const Format& fa, const Format& fb, int acc_bits, uint64_t seed) {
  SCOPED_TRACE("N=" + std::to_string(fa.bits) + " acc_bits=" + std::to_string(acc_bits) + " seed=" + std::to_string(seed));
  ASSERT_EQ(fa.bits, fb.bits);
  const int n_bits = fa.bits, b = n_bits / 2;
  const std::vector<Decodable> as = all_decodable(fa), bs = all_decodable(fb);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  PeCycleModel pe(n_bits, acc_bits);
  int64_t acc_ref = 0;      // the reference acc_q (exact, wrapped when compared)
  bool out_valid_ref = false;
  uint64_t cycles = 0, pairs = 0;
  auto junk = [&]() {
    const Decodable& x = as[rng() % as.size()];
    const Decodable& y = bs[rng() % bs.size()];
    return std::pair<Operand, Operand>{x.op, y.op};
  };
  for (const Decodable& x : as) {
    for (const Decodable& y : bs) {
      // Gap cycles before the pair: valid low, junk operands and clear; sub_q is 0, so ready = (junk n == 1).
      while (u01(rng) < 0.15) {
        const auto [ja, jb] = junk();
        const PeCycleModel::In in{false, ja, jb, rng() % 2 == 0};
        const PeCycleModel::Out o = pe.outputs(in);
        ASSERT_EQ(o.ready, !ja.is_long && !jb.is_long);
        ASSERT_EQ(o.out_valid, out_valid_ref);
        ASSERT_EQ(o.acc, wrap(acc_ref, acc_bits));
        pe.clock(in);
        out_valid_ref = false;
        ++cycles;
      }
      const bool clear = u01(rng) < 0.2;
      const PeCycleModel::In in{true, x.op, y.op, clear};
      const PeCycleModel::In idle{false, x.op, y.op, clear};
      const std::vector<std::pair<int, int>> order = half_order(x.d.is_long, y.d.is_long);
      const int n = static_cast<int>(order.size());
      const bool negate = (x.d.value < 0) != (y.d.value < 0);
      const int64_t base = clear ? 0 : acc_ref;
      int64_t partial = 0;
      for (int s = 0; s < n; ++s) {
        // Gaps between sub-steps: ready shows whether the next valid cycle is the last sub-step.
        while (s > 0 && u01(rng) < 0.15) {
          const PeCycleModel::Out o = pe.outputs(idle);
          ASSERT_EQ(o.ready, s == n - 1);
          ASSERT_EQ(o.out_valid, false);
          ASSERT_EQ(o.acc, wrap(acc_ref, acc_bits));
          pe.clock(idle);
          ++cycles;
        }
        const auto [ia, ib] = order[static_cast<size_t>(s)];
        partial += half_of(x.op.mag, ia, b) * half_of(y.op.mag, ib, b) * pow2((ia + ib) * b);
        const int64_t sum_ref = base + (negate ? -partial : partial);
        const PeCycleModel::Out o = pe.outputs(in);
        ASSERT_EQ(o.ready, s == n - 1) << "pair " << x.d.value << " x " << y.d.value << " sub-step " << s;
        ASSERT_EQ(o.sum, wrap(sum_ref, acc_bits)) << "pair " << x.d.value << " x " << y.d.value << " sub-step " << s;
        ASSERT_EQ(o.out_valid, out_valid_ref);
        ASSERT_EQ(o.acc, wrap(acc_ref, acc_bits));
        pe.clock(in);
        acc_ref = sum_ref;
        out_valid_ref = s == n - 1;
        ++cycles;
      }
      // The sub-products add up to the exact product of the decoded values, and the pair took n cycles.
      ASSERT_EQ(acc_ref, base + x.d.value * y.d.value);
      ASSERT_EQ(n, (x.d.is_long ? 2 : 1) * (y.d.is_long ? 2 : 1));
      ++pairs;
    }
  }
  const PeCycleModel::Out o = pe.outputs({});
  EXPECT_TRUE(o.out_valid);
  EXPECT_EQ(o.acc, wrap(acc_ref, acc_bits));
  EXPECT_GT(cycles, pairs);
}

// Every pair of SPARK-decodable operands, N = 8, A unsigned x B signed (the array's default), two
// accumulator widths (13 bits wraps often).
TEST(SparkPe, ExhaustiveN8UnsignedBySigned) {
  run_pe_exhaustive({8, false}, {8, true}, 32, 0x5BA4C1);
  run_pe_exhaustive({8, false}, {8, true}, 13, 0x5BA4C2);
}

// N = 6, signed x signed.
TEST(SparkPe, ExhaustiveN6SignedBySigned) {
  run_pe_exhaustive({6, true}, {6, true}, 24, 0x5BA4C3);
  run_pe_exhaustive({6, true}, {6, true}, 9, 0x5BA4C4);
}

// Hand example, N = 8 (B = 4): a = 210 (hi 13, lo 2), b = -176 (hi 11, lo 0), long x long. Sub-steps:
// (lo,lo) 2*0 = 0; (lo,hi) 2*11 << 4 = 352; (hi,lo) 13*0 << 4 = 0; (hi,hi) 13*11 << 8 = 36608; negated.
// Running sums from base 0 (clear): 0, -352, -352, -36960 = 210 * -176. Then out_valid and acc one cycle later.
TEST(SparkPe, HandExampleLongByLong) {
  PeCycleModel pe(8, 32);
  const PeCycleModel::In in{true, Operand{210, true, false}, Operand{176, true, true}, true};
  const int64_t sums[4] = {0, -352, -352, -36960};
  for (int s = 0; s < 4; ++s) {
    const auto o = pe.outputs(in);
    EXPECT_EQ(o.ready, s == 3);
    EXPECT_EQ(o.sum, sums[s]) << s;
    EXPECT_FALSE(o.out_valid);
    pe.clock(in);
  }
  auto o = pe.outputs({});
  EXPECT_TRUE(o.out_valid);
  EXPECT_EQ(o.acc, -36960);
  // Next pair without clear accumulates: + 5 * 3 (short x short, one cycle).
  const PeCycleModel::In next{true, Operand{5, false, false}, Operand{3, false, false}, false};
  o = pe.outputs(next);
  EXPECT_TRUE(o.ready);
  EXPECT_EQ(o.sum, -36945);
  pe.clock(next);
  pe.clock({});
  o = pe.outputs({});
  EXPECT_FALSE(o.out_valid);  // one cycle only
  EXPECT_EQ(o.acc, -36945);
  EXPECT_THROW(PeCycleModel(7, 32), std::invalid_argument);
  EXPECT_THROW(PeCycleModel(8, 0), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::spark::spark_array_test
