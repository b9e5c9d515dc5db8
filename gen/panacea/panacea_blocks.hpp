// Panacea blocks (paper 003; formats.md "Panacea"; docs/panacea.md).
#pragma once

#include <vector>

#include "core/block.hpp"

namespace bf::panacea {

struct OpcParams {
  int v = 4;  // slice-vector length: v x v multipliers
};

const TypedBlock<OpcParams>& opc_block();
std::vector<const Block*> blocks();

}  // namespace bf::panacea
