#include "data/quantize.hpp"

#include <span>
#include <stdexcept>

#include "base/errors.hpp"

namespace bf::data {

namespace ga = bf::golden::ant;

namespace {

nlohmann::json choice_json(const ga::TypeChoice& c) {
  return {{"type", ga::type_name(c.format.type)}, {"scale", c.scale}, {"alpha", c.alpha}, {"mse", c.mse}};
}

}  // namespace

QuantizeResult quantize(const Tensor& t, int bits, bool is_signed, bool per_channel, const std::string& where) {
  const size_t channels = per_channel ? t.shape.front() : 1;
  QuantizeResult r;
  try {
    r.selections = per_channel ? ga::select_per_channel(t.v, channels, is_signed, bits)
                               : std::vector<ga::Selection>{ga::select_type(t.v, bits, is_signed)};
  } catch (const std::invalid_argument& e) {
    throw InputError(where, "", std::string("cannot be quantized: ") + e.what());
  }
  const size_t per = t.v.size() / channels;
  r.report = {{"input", where}, {"shape", t.shape}, {"bits", bits}, {"signed", is_signed},
              {"per_channel", per_channel}, {"channels", nlohmann::json::array()}};
  nlohmann::json out_channels = nlohmann::json::array();
  for (size_t ch = 0; ch < channels; ++ch) {
    const ga::Selection& s = r.selections[ch];
    const std::span<const double> part(t.v.data() + ch * per, per);
    const std::vector<uint32_t> codes = ga::quantize_tensor(s.chosen, part);
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
