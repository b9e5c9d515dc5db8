// Test benches of the SPARK codec blocks.
#pragma once

#include <vector>

#include "harness/bench.hpp"

namespace bf::verif::spark {
std::vector<Bench> benches();              // every SPARK block: the codecs, then array_benches()
std::vector<Bench> array_benches();        // spark_array, then pe_benches() and out_encoder_benches()
std::vector<Bench> pe_benches();           // spark_pe (spark_pe_bench.cpp)
std::vector<Bench> out_encoder_benches();  // spark_out_encoder (spark_out_encoder_bench.cpp)
}
