// Test data for the SPARK accelerator: value distributions of DNN-like and adversarial operands, shared by the
// golden property tests (verif/spark/golden_spark_array_property_test.cpp) and the RTL bench (spark_array_bench.cpp).
#pragma once

#include "harness/harness.hpp"

#include <cstdint>
#include <random>
#include <vector>

#include "gemm/gemm.hpp"
#include "spark/array.hpp"
#include "spark/spark.hpp"

namespace bf::verif::spark {

// Bell-shaped data (Gaussian, Laplace), uniform over the input range, and adversarial mixes: all long codes,
// all short, alternating along K, one long value in a lane of short ones, and a bunch of long values whose
// position moves from lane to lane (so neighbouring PEs are slow at different times).
enum class Dist { Gaussian, Laplace, Uniform, AllLong, AllShort, Alternating, OneLong, Bunched };
inline constexpr Dist kDists[] = {Dist::Gaussian, Dist::Laplace,     Dist::Uniform, Dist::AllLong,
                                  Dist::AllShort, Dist::Alternating, Dist::OneLong, Dist::Bunched};
const char* dist_name(Dist d);

// K values of one lane (an A row or a B column) out of `lanes`, in the format's input domain; `scale` sets the
// spread of the bell-shaped distributions in units of 2^(B-1) (the smallest long magnitude).
std::vector<int64_t> lane_values(const golden::spark::Format& f, Dist d, int k, int lane, int lanes, double scale,
                                 std::mt19937_64& rng);

// A job of integers before encoding (A: R x K, B: K x C), spreads drawn from {0.25, 1, 4, 16}.
golden::gemm::Job random_job(const golden::spark::ArrayShape& s, int k, Dist da, Dist db, std::mt19937_64& rng);

// The unit stream and requantization ports of the output encoder (spark_out_encoder; spark_array with
// output_encoder).
struct UnitPorts {
  size_t rq_mult_i, rq_shift_i, unit_valid_o, unit_o, unit_last_o, unit_job_last_o, unit_ready_i;
  explicit UnitPorts(const Sim& s)
      : rq_mult_i(s.port("rq_mult_i")), rq_shift_i(s.port("rq_shift_i")), unit_valid_o(s.port("unit_valid_o")),
        unit_o(s.port("unit_o")), unit_last_o(s.port("unit_last_o")), unit_job_last_o(s.port("unit_job_last_o")),
        unit_ready_i(s.port("unit_ready_i")) {}
};

// A requantization of accumulator sums for the output encoder: (x * mult) >> shift, rounded, clamped.
struct Requant {
  uint32_t mult = 1;
  int shift = 0;
};

}  // namespace bf::verif::spark
