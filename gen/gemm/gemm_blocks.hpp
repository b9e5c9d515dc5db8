// GEMM array blocks: the integer baseline `int_array` (interfaces.md, "GEMM arrays").
#pragma once

#include <vector>

#include "core/block.hpp"
#include "gemm/int_array.hpp"

namespace bf::gemm {

struct IntArrayParams {
  int rows = 8;
  int cols = 8;
  int a_bits = 8;
  int b_bits = 8;
  bool a_signed = true;
  bool b_signed = true;
  int acc_bits = 32;
  int pe_bits = 0;

  golden::gemm::IntArrayShape shape() const {
    return {rows, cols, a_bits, b_bits, a_signed, b_signed, acc_bits, pe_bits};
  }
};

const TypedBlock<IntArrayParams>& int_array_block();
std::vector<const Block*> blocks();

// The array-interface ports of an R x C array with AW/BW-bit operands and CW-bit results.
std::vector<Port> array_ports(int rows, int cols, int aw, int bw, int cw, const std::string& a_doc,
                              const std::string& b_doc);

}  // namespace bf::gemm
