#include "data/quantize.hpp"

#include <span>
#include <vector>
#include <stdexcept>

#include "base/errors.hpp"

namespace bf::data {

namespace ga = bf::golden::ant;

namespace {

nlohmann::json choice_json(const ga::TypeChoice& c) {
  return {{"type", ga::type_name(c.format.type)}, {"scale", c.scale}, {"alpha", c.alpha}, {"mse", c.mse}};
}

}  // namespace

// The elements of each channel of `axis`, in the tensor's order.
std::vector<std::vector<double>> split_channels(const Tensor& t, ChannelAxis axis) {
  if (axis == ChannelAxis::None) return {t.v};
  const size_t channels = axis == ChannelAxis::First ? t.shape.front() : t.shape.back();
  std::vector<std::vector<double>> parts(channels);
  for (size_t i = 0; i < t.v.size(); ++i) {
    const size_t ch = axis == ChannelAxis::First ? i / (t.v.size() / channels) : i % channels;
    parts[ch].push_back(t.v[i]);
  }
  return parts;
}

QuantizeResult quantize(const Tensor& t, int bits, bool is_signed, ChannelAxis axis, const std::string& where) {
  const bool per_channel = axis != ChannelAxis::None;
  const std::vector<std::vector<double>> parts = split_channels(t, axis);
  QuantizeResult r;
  try {
    for (const auto& part : parts) r.selections.push_back(ga::select_type(part, bits, is_signed));
  } catch (const std::invalid_argument& e) {
    throw InputError(where, "", std::string("cannot be quantized: ") + e.what());
  }
  r.report = {{"input", where},   {"shape", t.shape},
              {"bits", bits},     {"signed", is_signed},
              {"per_channel", per_channel},
              {"channel_axis", axis == ChannelAxis::First ? "first" : axis == ChannelAxis::Last ? "last" : "none"},
              {"channels", nlohmann::json::array()}};
  nlohmann::json out_channels = nlohmann::json::array();
  for (size_t ch = 0; ch < parts.size(); ++ch) {
    const ga::Selection& s = r.selections[ch];
    const std::vector<uint32_t> codes = ga::quantize_tensor(s.chosen, parts[ch]);
    nlohmann::json cj = choice_json(s.chosen);
    cj["candidates"] = nlohmann::json::array();
    for (const auto& c : s.candidates) cj["candidates"].push_back(choice_json(c));
    r.report["channels"].push_back(cj);
    out_channels.push_back({{"type", ga::type_name(s.chosen.format.type)}, {"codes", codes}});
  }
  r.codes = per_channel ? nlohmann::json{{"channels", out_channels}} : out_channels[0];
  return r;
}

}  // namespace bf::data
