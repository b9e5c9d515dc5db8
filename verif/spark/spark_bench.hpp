// Test benches of the SPARK codec blocks.
#pragma once

#include <vector>

#include "harness/bench.hpp"

namespace bf::verif::spark {
std::vector<Bench> benches();        // the codecs
std::vector<Bench> array_benches();  // spark_pe, spark_array, spark_out_encoder (spark_array_bench.cpp)
}
