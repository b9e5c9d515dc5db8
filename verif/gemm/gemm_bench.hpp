// Test benches of the GEMM arrays (int_array).
#pragma once

#include <vector>

#include <functional>
#include <random>

#include "base/errors.hpp"
#include "data/gemm_io.hpp"
#include "gemm/gemm.hpp"
#include "gemm/int_array.hpp"
#include "harness/bench.hpp"

namespace bf::verif::gemm {

std::vector<Bench> benches();
Bench int_mac_bench();  // int_mac_bench.cpp

// How a test bench drives an array built on rtl_templates/gemm (int_array, ant_array): lane widths on the
// ports, the cycle model's shape, the operand value of a lane's content for the model (identity for
// int_array, the decoded value for ANT codes), and per-job ports (e.g. ANT type selects).
struct ArrayDrive {
  golden::gemm::IntArrayShape lanes;
  golden::gemm::IntArrayShape model;
  std::function<int64_t(size_t job, bool is_a, size_t lane, int64_t content)> value;
  std::function<void(Sim&, size_t job)> job_ports;  // may be empty
  std::function<bool(size_t job)> int8;             // ANT 8-bit mode of a job; empty: never
};
ArrayDrive int_array_drive(const golden::gemm::IntArrayShape& sh);

struct JobsRun {
  std::vector<golden::gemm::Matrix> c;  // one C tile per job, as the RTL produced it
  uint64_t first_valid = 0;             // first cycle any input was valid
  uint64_t last_c = 0;                  // cycle the last C row was taken
  bool finished = false;
};

// Streams jobs back to back, every output compared with the cycle model every cycle: each A row and B column
// stream offers its next beat (valid held until taken) with random gaps, C is taken with random back-pressure
// and bursts (no stalls without rng). Stall rates change per job.
JobsRun run_jobs(Sim& s, const ArrayDrive& drive, const std::vector<golden::gemm::Job>& jobs, std::mt19937_64* rng);

// The common part of an array's sim output: "c" (or "jobs"[i]."c", as the input was given), "cycles" (first valid
// input to the last C row taken, inclusive), "golden", and "mismatch" with the report when the RTL disagreed.
nlohmann::json array_sim_result(const nlohmann::json& in, const std::vector<nlohmann::json>& results,
                                const JobsRun& run, bool match, Sim& s);
// A random operand: mostly uniform, often an extreme. A random K (1 to 256, often small).
int64_t operand(std::mt19937_64& rng, int bits, bool is_signed);
int random_k(std::mt19937_64& rng);

}  // namespace bf::verif::gemm
