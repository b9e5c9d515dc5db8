// Float tensors from user files: nested JSON arrays (or {"tensor": ...}) and raw little-endian float32 with a
// shape, read with checks that name the file and the JSON path. Used by `quantize` and, later, `evaluate`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bf::data {

// Row-major values with their shape.
struct Tensor {
  std::vector<size_t> shape;
  std::vector<double> v;
};

// Nested JSON arrays of numbers (any depth >= 1, rectangular), or {"tensor": ...}.
Tensor read_json_tensor(const std::string& file);

// "64,3,3,3": positive integers separated by commas (InputError naming --shape otherwise).
std::vector<size_t> parse_shape(const std::string& text);

// Raw little-endian float32, row-major, with the shape given.
Tensor read_raw_tensor(const std::string& file, const std::string& shape_text);

// A .json file as JSON (shape_text must then be empty), anything else as raw float32 with shape_text; every
// value must be finite.
Tensor read_tensor(const std::string& file, const std::string& shape_text);

}  // namespace bf::data
