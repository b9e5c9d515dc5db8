// Test benches of the GEMM arrays (int_array).
#pragma once

#include <vector>

#include <functional>
#include <random>

#include "core/errors.hpp"
#include "gemm/gemm.hpp"
#include "gemm/int_array.hpp"
#include "harness/bench.hpp"

namespace bf::verif::gemm {

std::vector<Bench> benches();

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

// A rectangular, non-empty matrix of integers in [lo, hi] (InputError naming `where` and the JSON path).
golden::gemm::Matrix read_matrix(const nlohmann::json& j, int64_t lo, int64_t hi, const std::string& where,
                                 const std::string& path);
nlohmann::json matrix_json(const golden::gemm::Matrix& m);
// The common part of an array's sim output: "c" (or "jobs"[i]."c", as the input was given), "cycles" (first valid
// input to the last C row taken, inclusive), "golden", and "mismatch" with the report when the RTL disagreed.
nlohmann::json array_sim_result(const nlohmann::json& in, const std::vector<nlohmann::json>& results,
                                const JobsRun& run, bool match, Sim& s);
// b must have as many rows as a has columns (InputError at `path`/b otherwise).
void check_inner_dim(const golden::gemm::Matrix& a, const golden::gemm::Matrix& b, const std::string& where,
                     const std::string& path);

// A sim input that is one problem object or {"jobs": [object, ...]}: `one(object, path)` reads each.
template <class P, class F>
std::vector<P> read_jobs(const nlohmann::json& in, const std::string& where, F one) {
  if (in.is_object() && in.contains("jobs")) {
    allow_only(in, {"jobs"}, where, "");
    const auto& jobs = in["jobs"];
    if (!jobs.is_array() || jobs.empty()) throw InputError(where, "/jobs", "must be a non-empty array");
    std::vector<P> out;
    for (size_t i = 0; i < jobs.size(); ++i) out.push_back(one(jobs[i], "/jobs/" + std::to_string(i)));
    return out;
  }
  return {one(in, "")};
}

// A random operand: mostly uniform, often an extreme. A random K (1 to 256, often small).
int64_t operand(std::mt19937_64& rng, int bits, bool is_signed);
int random_k(std::mt19937_64& rng);

}  // namespace bf::verif::gemm
