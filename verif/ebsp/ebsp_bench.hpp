// Test benches of the EBSP blocks (ebsp_pe, mult_pe, ebsp_array).
#pragma once

#include <vector>

#include "harness/bench.hpp"

namespace bf::verif::ebsp {
std::vector<Bench> benches();
}
