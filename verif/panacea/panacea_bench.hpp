// Test benches of the Panacea blocks.
#pragma once

#include <string>
#include <vector>

#include "data/aqs.hpp"
#include "gemm/gemm.hpp"
#include "harness/bench.hpp"

namespace bf::verif::panacea {

std::vector<Bench> benches();
Bench opc_bench();  // panacea_opc_bench.cpp

}  // namespace bf::verif::panacea
