// Panacea AQS-GEMM on a user's integers: the input shared by `bitforge aqs` and `sim` of panacea_pea and
// panacea_core, and the `aqs` report (the exact product, the counters and the Table I workloads).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gemm/gemm.hpp"
#include "panacea/panacea.hpp"

namespace bf::data {

// {"w": M x K weights of 3 k_w + 4 bits, "x": K x N in [0, 255], "zero_point": 0..255, "dbs_type": 1..3
// (default 1)}, plus the `extra` keys the caller reads itself. Throws InputError naming `where` and the JSON path.
struct AqsInput {
  golden::gemm::Matrix w, x;
  int z = 0;  // zero point
  int t = 0;  // DBS type, 0-based
};
AqsInput read_aqs_input(const nlohmann::json& in, int k_w, const std::string& where,
                        const std::vector<std::string>& extra = {});

// `bitforge aqs`'s input: read_aqs_input's keys plus "k_w" (0..2, default 1), "v" (1..12, default 4) and
// "rle_bits" (1..16, default 4); M and N must be multiples of v.
struct AqsProblem {
  golden::panacea::Config cfg;
  golden::gemm::Matrix w, x;
};
AqsProblem read_aqs_problem(const nlohmann::json& in, const std::string& where);

struct AqsReport {
  nlohmann::json result;  // y, golden, counters, workload, stats (interfaces.md, `aqs`)
  bool match = false;     // y equals the plain GEMM of W and the truncated X
  uint64_t panacea_mults = 0, dense_mults = 0;
};
AqsReport aqs_report(const AqsProblem& p);

}  // namespace bf::data
