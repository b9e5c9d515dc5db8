// SPARK codec blocks (paper 000; formats.md "SPARK"; interfaces.md "Codec blocks").
#pragma once

#include <vector>

#include "core/block.hpp"

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

const TypedBlock<EncoderParams>& encoder_block();
const TypedBlock<DecoderParams>& decoder_block();
std::vector<const Block*> blocks();

}  // namespace bf::spark
