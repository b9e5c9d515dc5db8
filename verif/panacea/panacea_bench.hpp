// Test benches of the Panacea blocks.
#pragma once

#include <string>
#include <vector>

#include "data/aqs.hpp"
#include "gemm/gemm.hpp"
#include "harness/bench.hpp"

namespace bf::verif::panacea {

std::vector<Bench> benches();

}  // namespace bf::verif::panacea
