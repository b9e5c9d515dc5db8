// ANT's software side on a float tensor (formats.md "Tensor quantization and type selection", Algorithm 2):
// every candidate type's scale, alpha and MSE, the chosen type, and its codes, per tensor or per channel.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ant/ant.hpp"
#include "data/tensor.hpp"

namespace bf::data {

struct QuantizeResult {
  std::vector<golden::ant::Selection> selections;  // one per channel (one for a whole tensor)
  nlohmann::json report;  // input, shape, bits, signed, per_channel, channels[] with every candidate
  nlohmann::json codes;   // per tensor: an ant_decoder sim input {type, codes}; per channel: {"channels": [...]}
};

// Which dimension holds the output channels: the first (PyTorch's OIHW) or the last (Keras / TF.js kernels,
// HWIO, as `bitforge weights` reads them).
enum class ChannelAxis { None, First, Last };

// One type per tensor (ChannelAxis::None) or per channel of `axis`; a channel's codes are its elements in the
// tensor's order. A tensor that cannot be quantized (e.g. all zeros for a type that needs a scale) throws
// InputError naming `where`.
QuantizeResult quantize(const Tensor& t, int bits, bool is_signed, ChannelAxis axis, const std::string& where);

}  // namespace bf::data
