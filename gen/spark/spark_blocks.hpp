// SPARK codec blocks (paper 000; formats.md "SPARK"; interfaces.md "Codec blocks").
#pragma once

#include <vector>

#include "core/block.hpp"
#include "spark/array.hpp"

namespace bf::spark {

struct EncoderParams {
  int bits = 8;
  bool is_signed = false;
  int pipeline = 0;  // 0: combinational, 1: registered outputs (adds clk_i, rst_ni, valid_i, valid_o)
};

struct DecoderParams {
  int bits = 8;
  bool is_signed = false;
};

// spark_pe: the mixed-precision MAC (docs/spark_array.md).
struct PeParams {
  int bits = 8;
  bool a_signed = false;
  bool b_signed = true;
  int acc_bits = 32;
  int k_max = 0;
};

// spark_array: the variable-speed output-stationary array (the cycle model's shape, golden/spark/array.hpp),
// optionally with the output encoder.
struct ArrayParams : golden::spark::ArrayShape {
  bool output_encoder = false;
};

// spark_out_encoder: requantize C rows and SPARK-encode them into one unit stream.
struct OutEncoderParams {
  int cols = 8;
  int bits = 8;
  bool is_signed = false;
  int acc_bits = 32;
};

const TypedBlock<EncoderParams>& encoder_block();
const TypedBlock<DecoderParams>& decoder_block();
const TypedBlock<PeParams>& pe_block();
const TypedBlock<ArrayParams>& array_block();
const TypedBlock<OutEncoderParams>& out_encoder_block();
std::vector<const Block*> blocks();

}  // namespace bf::spark
