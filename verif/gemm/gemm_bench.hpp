// Test benches of the GEMM arrays (int_array).
#pragma once

#include <vector>

#include "harness/bench.hpp"

namespace bf::verif::gemm {
std::vector<Bench> benches();
}
