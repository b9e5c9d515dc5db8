// Panacea blocks (paper 003; formats.md "Panacea"; docs/panacea.md).
#pragma once

#include <vector>

#include "core/block.hpp"

namespace bf::panacea {

struct OpcParams {
  int v = 4;  // slice-vector length: v x v multipliers
};

// panacea_pea: one PE array (docs/panacea.md "panacea_pea").
struct PeaParams {
  int v = 4;
  int dwo = 4;
  int swo = 8;
  int k_w = 1;
  int rle_bits = 4;
  int kmax = 64;
  int acc_bits = 32;
  bool dtp = false;  // double-tile processing: two weight sub-tiles (lanes) per PEA
  int dyn_items = 1;  // dynamic items per cycle
};

// panacea_core: P PEAs sharing the activation block.
struct CoreParams {
  int peas = 4;
  int v = 4;
  int dwo = 4;
  int swo = 8;
  int k_w = 1;
  int rle_bits = 4;
  int kmax = 64;
  int acc_bits = 32;
  bool dtp = false;
  int dyn_items = 1;
  PeaParams pea() const { return {v, dwo, swo, k_w, rle_bits, kmax, acc_bits, dtp, dyn_items}; }
};

const TypedBlock<OpcParams>& opc_block();
const TypedBlock<CoreParams>& core_block();
const TypedBlock<PeaParams>& pea_block();
std::vector<const Block*> blocks();

}  // namespace bf::panacea
