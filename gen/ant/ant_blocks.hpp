// ANT codec blocks (paper 002; formats.md "ANT"; interfaces.md "Codec blocks").
#pragma once

#include <vector>

#include "ant/ant.hpp"
#include "core/block.hpp"

namespace bf::ant {

struct FlintDecoderParams {
  int bits = 4;
  bool is_signed = false;
  golden::ant::Format format() const { return {golden::ant::Type::Flint, bits, is_signed}; }
};

struct AntDecoderParams {
  int bits = 4;
  bool is_signed = false;
  golden::ant::Format format(golden::ant::Type t) const { return {t, bits, is_signed}; }
};

struct FlintEncoderParams {
  int bits = 4;
  bool is_signed = false;
  int in_bits = 8;
  golden::ant::Format format() const { return {golden::ant::Type::Flint, bits, is_signed}; }
};

struct AntPeParams {
  int bits = 4;
  bool is_signed = false;
  int acc_bits = 32;
  int k_max = 0;
};

struct AntArrayParams {
  int rows = 8;
  int cols = 8;
  int bits = 4;
  bool a_signed = false;
  bool b_signed = true;
  int acc_bits = 32;
  bool int8_mode = true;
  int k_max = 0;
  bool result_buffer = true;
};

const TypedBlock<AntArrayParams>& ant_array_block();
// The ant_decoder RTL named `top` with an exp_o of `exp_bits` (at least ant_exp_bits(bits, is_signed)).
Design ant_decoder_design(int bits, bool is_signed, const std::string& top, int exp_bits);

const TypedBlock<FlintDecoderParams>& flint_decoder_block();
const TypedBlock<AntPeParams>& ant_pe_block();
const TypedBlock<AntDecoderParams>& ant_decoder_block();
const TypedBlock<FlintEncoderParams>& flint_encoder_block();
std::vector<const Block*> blocks();

// exp_o width of ant_decoder: holds the largest exponent of int, pot and flint at this width and signedness,
// and at least the flint decoder's exp_o (clog2(2n - 1) bits).
int ant_exp_bits(int bits, bool is_signed);

}  // namespace bf::ant
