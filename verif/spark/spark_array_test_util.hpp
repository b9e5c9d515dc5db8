// Shared helpers of the SPARK accelerator cycle model tests (golden/spark/array.hpp; golden_spark_*_test.cpp, one
// file per topic), against docs/spark_array.md: a driver that streams integer jobs through an ArrayCycleModel as
// SPARK units, with random gaps and C stalls, checking the C port on every cycle, and the expected C tiles.
//
// Expectations come from the doc and hand derivations (written out next to each test), or from independent
// references written with different arithmetic (exact products of the functional decoder's values, the
// half-product order spelled out as a table, floor division done by hand); never from running the models.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "gemm/gemm.hpp"
#include "spark/array.hpp"

namespace bf::golden::spark::spark_array_test {

using gemm::Matrix;
using gemm::wrap;

int64_t pow2(int n);

// Jobs as integers in the encoders' input domains (A: R x K, B: K x C).
using IntJob = gemm::Job;

// The expected C tile: the exact GEMM of the SPARK-decoded values, wrapped to acc_bits.
Matrix expected_c(const ArrayShape& s, const IntJob& j);

struct RunOptions {
  double p_a = 1, p_b = 1;  // probability that an idle stream offers its next beat on a cycle
  std::function<bool(uint64_t, std::mt19937_64&)> c_ready = [](uint64_t, std::mt19937_64&) { return true; };
  uint64_t limit = 100000;
  uint64_t seed = 1;
  std::function<void(uint64_t, const ArrayCycleModel::In&, const ArrayCycleModel::Out&)> probe;  // every cycle
};

struct RunResult {
  std::vector<Matrix> c;               // the C tiles, in order
  std::vector<uint64_t> row_cycles;    // the cycle of every C row taken
  std::vector<uint64_t> a_done_cycle;  // the cycle each A row stream's last unit was accepted
  int64_t first_c_valid = -1;
  uint64_t cycles = 0;                 // last row taken + 1 (cycle 0 = the first cycle)
  bool finished = false;
  std::vector<uint64_t> busy;          // busy_cycles per PE at the end, r * C + c
};

// Runs the jobs through the model; checks on every cycle that C holds while not taken, is 0 while not valid,
// and rows come in order with c_last on row R-1.
RunResult run_array(const ArrayShape& s, const std::vector<IntJob>& jobs, const RunOptions& opt = {});

// A job with every A value a and every B value b.
IntJob constant_job(int rows, int cols, int k, int64_t a, int64_t b);

}  // namespace bf::golden::spark::spark_array_test
