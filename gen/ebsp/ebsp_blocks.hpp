// EBSP blocks (paper 001; formats.md "EBSP"; docs/ebsp.md): the LUT-based PE, the multiplier baseline and the
// dot-product array.
#pragma once

#include <vector>

#include "core/block.hpp"
#include "ebsp/cycle.hpp"

namespace bf::ebsp {

// ebsp_pe and mult_pe share these ports and parameters (mult_pe ignores the pattern lengths).
// The declaration binds these flat members; shape() is the cycle model's view of them (unsigned activation and
// sign-magnitude weight patterns), derived here once.
struct PeParams {
  int act_bits = 8;
  int act_pattern = 4;
  int wgt_bits = 8;
  int wgt_pattern = 4;
  int acc_bits = 32;
  int k_max = 0;  // the number of products a sum must keep exact (0: acc_bits as set)
  bool presplit = false;  // operands arrive pre-split ({sign,} zero, e, m: golden split_fields), no LODs
  golden::ebsp::PeShape shape() const { return {{act_bits, act_pattern, false}, {wgt_bits, wgt_pattern, true}, acc_bits}; }
};

// ebsp_split: an integer of a pattern's domain -> its pre-split fields (golden split_fields).
struct SplitParams {
  int bits = 8;
  int pattern = 4;
  bool is_signed = false;
  golden::ebsp::Pattern pattern_of() const { return {bits, pattern, is_signed}; }
};

struct MultPeParams {
  int act_bits = 8;
  int wgt_bits = 8;
  int acc_bits = 32;
  int k_max = 0;
};

struct ArrayParams {
  int rows = 8;
  int lanes = 8;
  int act_bits = 8;
  int act_pattern = 4;
  int wgt_bits = 8;
  int wgt_pattern = 4;
  int acc_bits = 32;
  int k_max = 0;  // the dot-product length (beats x lanes) a row's sum must keep exact
  bool presplit = false;  // operands arrive pre-split, as for ebsp_pe
  golden::ebsp::ArrayShape shape() const {
    return {rows, lanes, {act_bits, act_pattern, false}, {wgt_bits, wgt_pattern, true}, acc_bits};
  }
};

const TypedBlock<PeParams>& ebsp_pe_block();
const TypedBlock<MultPeParams>& mult_pe_block();
const TypedBlock<SplitParams>& ebsp_split_block();
const TypedBlock<ArrayParams>& ebsp_array_block();
std::vector<const Block*> blocks();

inline constexpr int kMaxLutIndexBits = 12;  // (s_a - 1) + (s_w - 1): 4096 LUT entries

}  // namespace bf::ebsp
