// TensorFlow.js layers models on disk: model.json's weightsManifest and its binary shards, read with checks that
// name the file and the JSON path; weight tensors as float values (dequantized as TF.js does). Used by `weights`
// and, later, `evaluate`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bf::data {

// One entry of weightsManifest[g].weights, with where its bytes sit in the group's concatenated shards.
struct Entry {
  std::string name;
  std::string path;  // JSON pointer of the entry, for messages
  std::vector<size_t> shape;
  size_t count = 1;
  std::string dtype;   // the tensor's dtype (after dequantization)
  std::string stored;  // how its elements are stored: dtype, or the quantization dtype
  double q_scale = 1, q_min = 0;
  size_t elem_bytes = 4;
  size_t offset = 0;  // into the group's bytes
};

struct Group {
  std::string bytes;
  std::vector<Entry> entries;
};

// Reads weightsManifest: every group's shards concatenated, every entry's offset checked against their size.
std::vector<Group> read_manifest(const std::string& model);

// The float32 values of an entry: raw little-endian float32, or dequantized as TF.js does it
// (q * scale + min, computed in double and stored in a Float32Array). `where` names the model file.
std::vector<double> entry_values(const Group& g, const Entry& e, const std::string& where);

}  // namespace bf::data
