// `bitforge quantize`: ANT's software side (formats.md "Tensor quantization and type selection", Algorithm 2).
// Reads a float tensor, reports every candidate type's scale and MSE, chooses as Algorithm 2 does, and writes
// the codes as `sim` input for an ant_decoder of the same width and signedness.
#include <cstdio>

#include "ant/ant.hpp"
#include "base/errors.hpp"
#include "commands.hpp"
#include "core/emit.hpp"
#include "data/quantize.hpp"
#include "data/tensor.hpp"

namespace ga = bf::golden::ant;

namespace bf::cli {

namespace {

// The candidates of each channel (the first 8 channels), the chosen one marked.
// --per-channel needs --channel-axis (the two layouts in use put the output channels first or last; guessing
// would quantize a Keras kernel per row of its filter); --channel-axis alone is a mistake too.
data::ChannelAxis parse_channel_axis(bool per_channel, const std::string& axis) {
  if (!per_channel) {
    if (!axis.empty()) throw InputError("--channel-axis", "", "applies only with --per-channel");
    return data::ChannelAxis::None;
  }
  if (axis == "first") return data::ChannelAxis::First;
  if (axis == "last") return data::ChannelAxis::Last;
  throw InputError("--channel-axis", "",
                   axis.empty() ? "--per-channel needs --channel-axis first (OIHW) or last (Keras/TF.js HWIO, the layout "
                                  "bitforge weights reads)"
                                : "must be first or last, got \"" + axis + "\"");
}

void print_selections(const std::string& input, const data::Tensor& t, int bits, bool is_signed,
                      data::ChannelAxis axis, const std::vector<ga::Selection>& sel) {
  std::string shape_str;
  for (size_t d : t.shape) shape_str += (shape_str.empty() ? "" : " x ") + std::to_string(d);
  std::printf("%s: %zu values (%s), %d-bit %s, %s\n", input.c_str(), t.v.size(), shape_str.c_str(), bits,
              is_signed ? "signed" : "unsigned",
              axis == data::ChannelAxis::First  ? "per output channel (the first dimension)"
              : axis == data::ChannelAxis::Last ? "per output channel (the last dimension)"
                                                : "per tensor");
  const size_t channels = sel.size();
  for (size_t ch = 0; ch < channels && (channels == 1 || ch < 8); ++ch) {
    const ga::Selection& s = sel[ch];
    if (channels > 1) std::printf("channel %zu\n", ch);
    std::printf("  %-6s %-14s %-14s %s\n", "type", "scale", "alpha", "mse");
    for (const auto& c : s.candidates) {
      std::printf("  %-6s %-14.6g %-14.6g %-14.6g%s\n", ga::type_name(c.format.type), c.scale, c.alpha, c.mse,
                  c.format.type == s.chosen.format.type ? "  <- chosen" : "");
    }
  }
  if (channels > 8) std::printf("(%zu more channels in the report)\n", channels - 8);
}

}  // namespace

int cmd_quantize(const std::string& input, const std::string& shape, int bits, bool is_signed, bool per_channel,
                 const std::string& channel_axis, const std::string& output, const std::string& report) {
  const data::ChannelAxis axis = parse_channel_axis(per_channel, channel_axis);
  const data::Tensor t = data::read_tensor(input, shape);
  write_file_check(output, "--output");
  write_file_check(report, "--report");
  const data::QuantizeResult q = data::quantize(t, bits, is_signed, axis, input);
  print_selections(input, t, bits, is_signed, axis, q.selections);
  if (!output.empty()) {
    write_file(output, q.codes.dump() + "\n");
    std::printf("codes -> %s\n", output.c_str());
    if (bits >= 3 && bits <= 4 && !per_channel) {
      std::printf("  (sim input of an ant_decoder with bits %d, signed %s)\n", bits, is_signed ? "true" : "false");
    }
  }
  if (!report.empty()) write_file(report, q.report.dump(2) + "\n");
  return 0;
}

}  // namespace bf::cli
