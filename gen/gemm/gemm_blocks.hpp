// GEMM array blocks: the integer baseline `int_array` (interfaces.md, "GEMM arrays").
#pragma once

#include <vector>

#include "core/block.hpp"
#include "gemm/int_array.hpp"

namespace bf::gemm {

// int_array's parameters are the cycle model's shape (golden/gemm/int_array.hpp), with its derived digit widths.
using IntArrayParams = golden::gemm::IntArrayShape;

// What differs between the output-stationary arrays built on rtl_templates/gemm/int_array*.sv.
struct OsArraySpec {
  golden::gemm::IntArrayShape shape;  // rows, cols, port lane widths (a_bits, b_bits), acc, digit-serial PEs
  bool ant = false;                   // ANT: {type, code} skewed, decoded into {exp, base} at the edge; TypeFusion PEs
  bool int8 = false;                  // ANT: mode_i selects 8-bit ints from 2 x 2 groups of 4-bit PEs
  int dec_base_bits = 0;              // ANT: decoded base width (two's complement)
  int dec_a_exp_bits = 0;             // ANT: decoded A exponent width
  int dec_b_exp_bits = 0;             // ANT: decoded B exponent width
  int max_shift = 0;                  // ANT: the largest A + B exponent sum the configured types reach
  std::vector<Port> extra_ports;      // after the array interface (e.g. a_type_i, b_type_i)
  std::vector<SourceFile> extra_files;  // submodules compiled first (e.g. the boundary decoders)
};
Design emit_os_array(const OsArraySpec& spec, const std::string& top);

const TypedBlock<IntArrayParams>& int_array_block();

// int_mac: the conventional MAC (a product register and an accumulator), the lean reference for the PE.
struct IntMacParams {
  int a_bits = 8;
  int b_bits = 8;
  bool a_signed = true;
  bool b_signed = true;
  int acc_bits = 32;
  int k_max = 0;  // 0: acc_bits as set; else acc_bits = golden::gemm::exact_acc_bits(..., k_max)
  bool booth = false;  // the multiplier by radix-4 Booth recoding (rtl_templates/gemm/booth_logic.sv, inline)
};
const TypedBlock<IntMacParams>& int_mac_block();
std::vector<const Block*> blocks();

// The array-interface ports of an R x C array with AW/BW-bit operands and CW-bit results.
std::vector<Port> array_ports(int rows, int cols, int aw, int bw, int cw, const std::string& a_doc,
                              const std::string& b_doc);

}  // namespace bf::gemm
