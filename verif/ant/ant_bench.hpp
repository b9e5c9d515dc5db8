// Test benches of the ANT codec blocks.
#pragma once

#include <vector>

#include "harness/bench.hpp"

namespace bf::verif::ant {
std::vector<Bench> benches();
}
