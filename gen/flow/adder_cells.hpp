// The library's full- and half-adder cells for Yosys: a techmap of Yosys's $fa (from `maccmap`, the multipliers'
// adder trees) and $alu (additions, subtractions, comparisons) onto them, one cell per bit with a ripple carry,
// so that `MapOptions::adder_cells` can measure what they are worth against ABC's mapping of Yosys's own adders.
// (Yosys 0.23's `extract_fa` is not used: it builds wrong full adders, YosysHQ/yosys#3879, which `ppa`'s
// post-synthesis check caught on an int_array.)
#pragma once

#include <string>

#include "flow/liberty.hpp"

namespace bf::flow {

// A Yosys techmap file mapping $fa and $alu onto the library's full adder, or its half adder where the carry-in
// is the constant 0. The cells are found by their functions (sum = A ^ B ^ C, carry = majority; sum = A ^ B, carry =
// A & B). Throws FlowError when the library has no full adder (a missing half adder maps to the full one).
std::string adder_techmap(const LibertyLibrary& lib);

}  // namespace bf::flow
