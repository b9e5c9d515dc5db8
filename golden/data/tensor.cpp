#include "data/tensor.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/errors.hpp"
#include "base/json_io.hpp"

namespace bf::data {

namespace fs = std::filesystem;

namespace {

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

}  // namespace

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
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string bytes = buf.str();
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

Tensor read_tensor(const std::string& file, const std::string& shape_text) {
  const bool json_input = fs::path(file).extension() == ".json";
  Tensor t = json_input ? read_json_tensor(file) : read_raw_tensor(file, shape_text);
  if (json_input && !shape_text.empty()) throw InputError("--shape", "", "is only for raw float32 input");
  for (size_t i = 0; i < t.v.size(); ++i) {
    if (!std::isfinite(t.v[i])) throw InputError(file, "element " + std::to_string(i), "is not a finite number");
  }
  return t;
}

}  // namespace bf::data
