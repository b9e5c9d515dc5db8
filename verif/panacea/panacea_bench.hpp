// Test benches of the Panacea blocks.
#pragma once

#include <string>
#include <vector>

#include "gemm/gemm.hpp"
#include "harness/bench.hpp"

namespace bf::verif::panacea {

std::vector<Bench> benches();

// The AQS-GEMM input shared by `bitforge aqs` and `sim` of panacea_pea / panacea_core: {"w": M x K weights of
// 3 k_w + 4 bits, "x": K x N in [0, 255], "zero_point": 0..255, "dbs_type": 1..3 (default 1)}, plus the `extra`
// keys the caller reads itself. Throws InputError naming `where` and the JSON path.
struct AqsInput {
  golden::gemm::Matrix w, x;
  int z = 0;  // zero point
  int t = 0;  // DBS type, 0-based
};
AqsInput read_aqs_input(const nlohmann::json& in, int k_w, const std::string& where,
                        const std::vector<std::string>& extra = {});

}  // namespace bf::verif::panacea
