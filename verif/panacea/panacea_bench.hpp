// Test benches of the Panacea blocks.
#pragma once

#include <vector>

#include "harness/bench.hpp"

namespace bf::verif::panacea {
std::vector<Bench> benches();
}
