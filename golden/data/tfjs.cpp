#include "data/tfjs.hpp"

#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/errors.hpp"
#include "base/json_io.hpp"

namespace bf::data {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t kMaxElements = size_t{1} << 40;

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const json& member(const json& obj, const char* key, const std::string& where, const std::string& path) {
  if (!obj.contains(key)) throw InputError(where, path + "/" + key, "missing");
  return obj[key];
}

double finite_number(const json& obj, const char* key, const std::string& where, const std::string& path) {
  const json& v = member(obj, key, where, path);
  if (!v.is_number() || !std::isfinite(v.get<double>())) {
    throw InputError(where, path + "/" + key, "must be a finite number, got " + describe_json(v));
  }
  return v.get<double>();
}

Entry parse_entry(const json& w, const std::string& where, const std::string& path) {
  if (!w.is_object()) throw InputError(where, path, "must be an object (name, shape, dtype), got " + describe_json(w));
  Entry e;
  e.path = path;
  const json& name = member(w, "name", where, path);
  if (!name.is_string()) throw InputError(where, path + "/name", "must be a string, got " + describe_json(name));
  e.name = name.get<std::string>();
  const json& shape = member(w, "shape", where, path);
  if (!shape.is_array()) throw InputError(where, path + "/shape", "must be an array of integers, got " + describe_json(shape));
  for (size_t i = 0; i < shape.size(); ++i) {
    const json& d = shape[i];
    if (!d.is_number_integer() || d.get<int64_t>() < 0) {
      throw InputError(where, path + "/shape/" + std::to_string(i),
                       "must be a non-negative integer, got " + describe_json(d));
    }
    const auto n = static_cast<size_t>(d.get<int64_t>());
    if (n != 0 && e.count > kMaxElements / n) throw InputError(where, path + "/shape", "is too large");
    e.shape.push_back(n);
    e.count *= n;
  }
  const json& dtype = member(w, "dtype", where, path);
  const std::string dt = dtype.is_string() ? dtype.get<std::string>() : "";
  if (dt == "string") throw InputError(where, path + "/dtype", "string tensors are not supported");
  if (dt != "float32" && dt != "int32" && dt != "bool" && dt != "complex64") {
    throw InputError(where, path + "/dtype",
                     "must be \"float32\", \"int32\", \"bool\" or \"complex64\", got " + describe_json(dtype));
  }
  e.dtype = e.stored = dt;
  e.elem_bytes = dt == "bool" ? 1 : dt == "complex64" ? 8 : 4;
  if (w.contains("quantization")) {
    const std::string qpath = path + "/quantization";
    const json& q = w["quantization"];
    if (!q.is_object()) throw InputError(where, qpath, "must be an object (dtype, scale, min), got " + describe_json(q));
    const json& qd = member(q, "dtype", where, qpath);
    const std::string qt = qd.is_string() ? qd.get<std::string>() : "";
    if (qt != "uint8" && qt != "uint16" && qt != "float16") {
      throw InputError(where, qpath + "/dtype", "must be \"uint8\", \"uint16\" or \"float16\", got " + describe_json(qd));
    }
    e.stored = qt;
    e.elem_bytes = qt == "uint8" ? 1 : 2;
    if (qt != "float16") {
      e.q_scale = finite_number(q, "scale", where, qpath);
      e.q_min = finite_number(q, "min", where, qpath);
    }
  }
  return e;
}

uint32_t load_le(const std::string& bytes, size_t at, size_t n) {
  uint32_t u = 0;
  for (size_t b = n; b-- > 0;) u = (u << 8) | static_cast<unsigned char>(bytes[at + b]);
  return u;
}

}  // namespace

std::vector<Group> read_manifest(const std::string& model) {
  const json j = read_json_file(model);
  if (!j.is_object()) throw InputError(model, "/", "must be an object (a TensorFlow.js model.json)");
  const json& manifest = member(j, "weightsManifest", model, "");
  if (!manifest.is_array()) {
    throw InputError(model, "/weightsManifest", "must be an array of weight groups, got " + describe_json(manifest));
  }
  const fs::path dir = fs::path(model).parent_path();
  std::vector<Group> groups;
  for (size_t g = 0; g < manifest.size(); ++g) {
    const std::string gpath = "/weightsManifest/" + std::to_string(g);
    const json& grp = manifest[g];
    if (!grp.is_object()) throw InputError(model, gpath, "must be an object (paths, weights), got " + describe_json(grp));
    const json& paths = member(grp, "paths", model, gpath);
    const json& weights = member(grp, "weights", model, gpath);
    if (!paths.is_array()) throw InputError(model, gpath + "/paths", "must be an array of file names, got " + describe_json(paths));
    if (!weights.is_array()) throw InputError(model, gpath + "/weights", "must be an array, got " + describe_json(weights));
    Group group;
    std::string shard_names;
    for (size_t p = 0; p < paths.size(); ++p) {
      const std::string ppath = gpath + "/paths/" + std::to_string(p);
      if (!paths[p].is_string() || paths[p].get<std::string>().empty()) {
        throw InputError(model, ppath, "must be a file name, got " + describe_json(paths[p]));
      }
      const fs::path shard = dir / paths[p].get<std::string>();
      std::error_code ec;
      std::ifstream probe(shard, std::ios::binary);
      if (!fs::is_regular_file(shard, ec) || !probe) throw InputError(model, ppath, "cannot read the shard " + shard.string());
      group.bytes += read_bytes(shard);
      shard_names += (shard_names.empty() ? "" : ", ") + paths[p].get<std::string>();
    }
    size_t offset = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
      Entry e = parse_entry(weights[i], model, gpath + "/weights/" + std::to_string(i));
      e.offset = offset;
      const size_t need = e.count * e.elem_bytes;
      if (offset + need > group.bytes.size()) {
        throw InputError(model, e.path,
                         fmt::format("{} {}{} needs bytes {} to {} of the group's shards ({}), which hold {} bytes",
                                     e.name, e.stored, e.stored == e.dtype ? "" : " (quantized)", offset,
                                     offset + need, shard_names.empty() ? "none" : shard_names, group.bytes.size()));
      }
      offset += need;
      group.entries.push_back(std::move(e));
    }
    if (offset != group.bytes.size()) {
      throw InputError(model, gpath + "/paths",
                       fmt::format("the shards ({}) hold {} bytes, the weights' shapes and dtypes need {}", shard_names,
                                   group.bytes.size(), offset));
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

std::vector<double> entry_values(const Group& g, const Entry& e, const std::string& where) {
  if (e.stored == "float16") {
    throw InputError(where, e.path + "/quantization/dtype",
                     "float16-quantized weights are not supported (convert without --quantize_float16, or use uint8/uint16)");
  }
  std::vector<double> v(e.count);
  for (size_t i = 0; i < e.count; ++i) {
    const size_t at = e.offset + i * e.elem_bytes;
    float f = 0;
    if (e.stored == "float32") {
      f = std::bit_cast<float>(load_le(g.bytes, at, 4));
    } else {
      f = static_cast<float>(static_cast<double>(load_le(g.bytes, at, e.elem_bytes)) * e.q_scale + e.q_min);
    }
    if (!std::isfinite(f)) throw InputError(where, e.path, fmt::format("{}: element {} is not a finite number", e.name, i));
    v[i] = f;
  }
  return v;
}

}  // namespace bf::data
