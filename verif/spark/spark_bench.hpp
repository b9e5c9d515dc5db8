// Test benches of the SPARK codec blocks.
#pragma once

#include <vector>

#include "harness/bench.hpp"

namespace bf::verif::spark {
std::vector<Bench> benches();
}
