// `bitforge quantize`: ANT's software side (formats.md "Tensor quantization and type selection", Algorithm 2).
// Reads a float tensor, reports every candidate type's scale and MSE, chooses as Algorithm 2 does, and writes
// the codes as `sim` input for an ant_decoder of the same width and signedness.
#include <bit>
#include <cmath>
#include <cstring>
#include <iostream>

#include <fmt/core.h>

#include "ant/ant.hpp"
#include "cli/commands.hpp"
#include "core/emit.hpp"
#include "core/errors.hpp"
#include "core/json_io.hpp"
#include "util/files.hpp"

namespace fs = std::filesystem;
namespace ga = bf::golden::ant;

namespace bf::cli {

namespace {

struct Tensor {
  std::vector<size_t> shape;
  std::vector<double> v;
};

// Nested JSON arrays of numbers (any depth >= 1, rectangular), or {"tensor": ...}. `leaf_depth` is the depth
// of the first number met; every number must sit at that depth.
void flatten(const nlohmann::json& j, const std::string& path, size_t depth, Tensor& t, const std::string& where,
             size_t& leaf_depth) {
  if (j.is_array()) {
    if (j.empty()) throw InputError(where, path.empty() ? "/" : path, "must not be empty");
    if (leaf_depth != 0 && depth >= leaf_depth) {
      throw InputError(where, path, "is an array where the other elements are numbers");
    }
    if (depth == t.shape.size()) t.shape.push_back(j.size());
    if (t.shape[depth] != j.size()) {
      throw InputError(where, path, "has " + std::to_string(j.size()) + " elements, its siblings have " +
                                        std::to_string(t.shape[depth]));
    }
    for (size_t i = 0; i < j.size(); ++i) flatten(j[i], path + "/" + std::to_string(i), depth + 1, t, where, leaf_depth);
    return;
  }
  if (depth == 0) throw InputError(where, path.empty() ? "/" : path, "must be an array of numbers (the tensor)");
  if (leaf_depth == 0 && j.is_number()) leaf_depth = depth;
  if (!j.is_number() || depth != t.shape.size()) {
    throw InputError(where, path.empty() ? "/" : path,
                     j.is_number() ? "is a number where the other elements are arrays"
                                   : "must be a number or an array of numbers, got " + describe_json(j));
  }
  t.v.push_back(j.get<double>());
}

Tensor read_json_tensor(const std::string& file) {
  const nlohmann::json j = read_json_file(file);
  Tensor t;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k != "tensor") throw InputError(file, "/" + k, "unknown key (allowed: tensor)");
    }
    if (!j.contains("tensor")) throw InputError(file, "/tensor", "missing");
    size_t leaf = 0;
    flatten(j["tensor"], "/tensor", 0, t, file, leaf);
  } else {
    size_t leaf = 0;
    flatten(j, "", 0, t, file, leaf);
  }
  return t;
}

std::vector<size_t> parse_shape(const std::string& text) {
  std::vector<size_t> shape;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t comma = text.find(',', pos);
    const std::string part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    const bool digits = !part.empty() && part.size() <= 9 && part.find_first_not_of("0123456789") == std::string::npos;
    const unsigned long long n = digits ? std::strtoull(part.c_str(), nullptr, 10) : 0;
    if (n == 0) {
      throw InputError("--shape", "", "must be positive integers separated by commas (e.g. 64,3,3,3), got \"" + text + "\"");
    }
    shape.push_back(static_cast<size_t>(n));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return shape;
}

// Raw little-endian float32, row-major, with the shape given.
Tensor read_raw_tensor(const std::string& file, const std::string& shape_text) {
  if (shape_text.empty()) throw InputError(file, "", "a raw float32 tensor needs --shape");
  Tensor t;
  t.shape = parse_shape(shape_text);
  size_t n = 1;
  for (size_t d : t.shape) {
    if (n > (size_t{1} << 40) / d) throw InputError("--shape", "", shape_text + " is too large");
    n *= d;
  }
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw InputError(file, "", "cannot read the file");
  const std::string bytes = util::read_text(file);
  if (bytes.size() != 4 * n) {
    throw InputError(file, "", "holds " + std::to_string(bytes.size()) + " bytes; --shape " + shape_text + " needs " +
                                   std::to_string(4 * n) + " (float32)");
  }
  t.v.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t u = 0;
    for (int b = 3; b >= 0; --b) u = (u << 8) | static_cast<unsigned char>(bytes[4 * i + static_cast<size_t>(b)]);
    float f = 0;
    std::memcpy(&f, &u, sizeof f);
    t.v[i] = f;
  }
  return t;
}

nlohmann::json choice_json(const ga::TypeChoice& c) {
  return {{"type", ga::type_name(c.format.type)}, {"scale", c.scale}, {"alpha", c.alpha}, {"mse", c.mse}};
}

}  // namespace

int cmd_quantize(const std::string& input, const std::string& shape, int bits, bool is_signed, bool per_channel,
                 const std::string& output, const std::string& report) {
  const bool json_input = fs::path(input).extension() == ".json";
  Tensor t = json_input ? read_json_tensor(input) : read_raw_tensor(input, shape);
  if (json_input && !shape.empty()) throw InputError("--shape", "", "is only for raw float32 input");
  for (size_t i = 0; i < t.v.size(); ++i) {
    if (!std::isfinite(t.v[i])) throw InputError(input, "element " + std::to_string(i), "is not a finite number");
  }
  write_file_check(output, "--output");
  write_file_check(report, "--report");
  const size_t channels = per_channel ? t.shape.front() : 1;
  std::vector<ga::Selection> sel;
  try {
    sel = per_channel ? ga::select_per_channel(t.v, channels, is_signed, bits)
                      : std::vector<ga::Selection>{ga::select_type(t.v, bits, is_signed)};
  } catch (const std::invalid_argument& e) {
    throw InputError(input, "", std::string("cannot be quantized: ") + e.what());
  }
  std::string shape_str;
  for (size_t d : t.shape) shape_str += (shape_str.empty() ? "" : " x ") + std::to_string(d);
  std::printf("%s: %zu values (%s), %d-bit %s, %s\n", input.c_str(), t.v.size(), shape_str.c_str(), bits,
              is_signed ? "signed" : "unsigned", per_channel ? "per output channel (first dimension)" : "per tensor");
  const size_t per = t.v.size() / channels;
  nlohmann::json rep = {{"input", input}, {"shape", t.shape}, {"bits", bits}, {"signed", is_signed},
                        {"per_channel", per_channel}, {"channels", nlohmann::json::array()}};
  nlohmann::json out_channels = nlohmann::json::array();
  for (size_t ch = 0; ch < channels; ++ch) {
    const ga::Selection& s = sel[ch];
    if (channels > 1 && ch < 8) std::printf("channel %zu\n", ch);
    if (channels == 1 || ch < 8) {
      std::printf("  %-6s %-14s %-14s %s\n", "type", "scale", "alpha", "mse");
      for (const auto& c : s.candidates) {
        std::printf("  %-6s %-14.6g %-14.6g %-14.6g%s\n", ga::type_name(c.format.type), c.scale, c.alpha, c.mse,
                    c.format.type == s.chosen.format.type ? "  <- chosen" : "");
      }
    }
    const std::span<const double> part(t.v.data() + ch * per, per);
    const std::vector<uint32_t> codes = ga::quantize_tensor(s.chosen, part);
    nlohmann::json cj = choice_json(s.chosen);
    cj["candidates"] = nlohmann::json::array();
    for (const auto& c : s.candidates) cj["candidates"].push_back(choice_json(c));
    rep["channels"].push_back(cj);
    out_channels.push_back({{"type", ga::type_name(s.chosen.format.type)}, {"codes", codes}});
  }
  if (channels > 8) std::printf("(%zu more channels in the report)\n", channels - 8);
  // Per tensor: exactly an ant_decoder sim input; per channel: one such object per channel.
  const nlohmann::json out = per_channel ? nlohmann::json{{"channels", out_channels}} : out_channels[0];
  if (!output.empty()) {
    write_file(output, out.dump() + "\n");
    std::printf("codes -> %s\n", output.c_str());
    if (bits >= 3 && bits <= 4 && !per_channel) {
      std::printf("  (sim input of an ant_decoder with bits %d, signed %s)\n", bits, is_signed ? "true" : "false");
    }
  }
  if (!report.empty()) write_file(report, rep.dump(2) + "\n");
  return 0;
}

}  // namespace bf::cli
