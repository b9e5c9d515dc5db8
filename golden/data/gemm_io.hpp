// GEMM operands as user JSON: matrices, {a, b} problems and {"jobs": [...]} lists, read with checks that name
// the file and the JSON path, and written back. Shared by `sim` of every array, `aqs` and the benches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/errors.hpp"
#include "base/json_io.hpp"
#include "gemm/gemm.hpp"

namespace bf::data {

// The values an operand may take: integers in [lo, hi].
struct Range {
  int64_t lo = 0;
  int64_t hi = 0;
};

// A rectangular, non-empty matrix of integers in [lo, hi] (InputError naming `where` and the JSON path).
golden::gemm::Matrix read_matrix(const nlohmann::json& j, int64_t lo, int64_t hi, const std::string& where,
                                 const std::string& path);
nlohmann::json matrix_json(const golden::gemm::Matrix& m);
// The first min(rows, m.rows) rows and min(cols, m.cols) columns of m.
golden::gemm::Matrix corner(const golden::gemm::Matrix& m, int rows, int cols);

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

// One GEMM C = A . B of a user's integers.
struct GemmProblem {
  golden::gemm::Matrix a, b;
};

// {"a": M x K, "b": K x N} or {"jobs": [{"a", "b"}, ...]}, A's values in `a`, B's in `b`.
std::vector<GemmProblem> read_gemm_problems(const nlohmann::json& in, Range a, Range b, const std::string& where);

}  // namespace bf::data
