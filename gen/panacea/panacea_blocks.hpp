// Panacea blocks (paper 003; formats.md "Panacea"; docs/panacea.md).
#pragma once

#include <vector>

#include "core/block.hpp"
#include "panacea/pea.hpp"

namespace bf::panacea {

struct OpcParams {
  int v = 4;  // slice-vector length: v x v multipliers
};

// panacea_pea: one PE array (docs/panacea.md "panacea_pea"); its parameters are the cycle model's shape.
using PeaParams = golden::panacea::PeaShape;

// panacea_core: P PEAs of one shape sharing the activation block.
struct CoreParams : PeaParams {
  int peas = 4;
  const PeaParams& pea() const { return *this; }
};

const TypedBlock<OpcParams>& opc_block();
const TypedBlock<CoreParams>& core_block();
const TypedBlock<PeaParams>& pea_block();
std::vector<const Block*> blocks();

}  // namespace bf::panacea
