// `bitforge weights`: the weights of a TensorFlow.js model (model.json + binary shards) as GEMM `sim` inputs
// (docs/weights.md). Every float weight tensor of rank >= 2 becomes B (K x C), per-tensor symmetric INT8, next
// to a seeded synthetic unsigned INT8 activation matrix A (M x K); one JSON file per tensor plus index.json.
#include <algorithm>
#include <bit>
#include <cmath>
#include <fstream>
#include <numbers>
#include <random>
#include <set>

#include <fmt/core.h>

#include "cli/commands.hpp"
#include "core/emit.hpp"
#include "core/errors.hpp"
#include "core/json_io.hpp"
#include "util/files.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace bf::cli {

namespace {

constexpr size_t kMaxElements = size_t{1} << 40;

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

// Reads weightsManifest: every group's shards concatenated, every entry's offset checked against their size.
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
      group.bytes += util::read_text(shard);
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

uint32_t load_le(const std::string& bytes, size_t at, size_t n) {
  uint32_t u = 0;
  for (size_t b = n; b-- > 0;) u = (u << 8) | static_cast<unsigned char>(bytes[at + b]);
  return u;
}

// The float32 values of an entry: raw little-endian float32, or dequantized as TF.js does it
// (q * scale + min, computed in double and stored in a Float32Array).
std::vector<double> values(const Group& g, const Entry& e, const std::string& where) {
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

// A depthwise kernel [kh, kw, cin, mult] (Keras names it depthwise_kernel) is laid out as [kh*kw, cin*mult].
bool is_depthwise(const Entry& e) {
  const size_t slash = e.name.rfind('/');
  return e.shape.size() == 4 && e.name.find("depthwise", slash == std::string::npos ? 0 : slash + 1) != std::string::npos;
}

// A file name from a tensor name: [A-Za-z0-9_-] kept, anything else '_', at most 100 characters; "index"
// and names already taken get a suffix _2, _3, ...
std::string file_stem(const std::string& name, std::set<std::string>& taken) {
  std::string s;
  for (char ch : name.substr(0, 100)) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    s += keep ? ch : '_';
  }
  if (s.empty()) s = "tensor";
  std::string stem = s;
  for (int n = 2; stem == "index" || taken.count(stem) != 0; ++n) stem = s + "_" + std::to_string(n);
  taken.insert(stem);
  return stem;
}

// Standard normal variates: std::mt19937_64 and Box-Muller written out, so that a seed gives the same values
// with any standard library (std::normal_distribution's algorithm is unspecified).
class Normal {
 public:
  explicit Normal(uint64_t seed) : gen_(seed) {}
  double next() {
    if (have_spare_) {
      have_spare_ = false;
      return spare_;
    }
    const double u1 = uniform(), u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double t = 2.0 * std::numbers::pi * u2;
    spare_ = r * std::sin(t);
    have_spare_ = true;
    return r * std::cos(t);
  }

 private:
  double uniform() { return static_cast<double>((gen_() >> 11) + 1) * 0x1.0p-53; }  // (0, 1]
  std::mt19937_64 gen_;
  bool have_spare_ = false;
  double spare_ = 0;
};

using Matrix = std::vector<std::vector<int>>;

// A (rows x k): a = clamp(round(max(x, 0) * 255 / 4), 0, 255), x standard normal, row-major, restarted from
// the seed for every tensor.
Matrix activations(size_t rows, size_t k, uint64_t seed) {
  Normal n(seed);
  Matrix a(rows, std::vector<int>(k));
  for (auto& row : a) {
    for (int& x : row) x = static_cast<int>(std::min(255.0, std::round(std::max(n.next(), 0.0) * 255.0 / 4.0)));
  }
  return a;
}

void append_matrix(std::string& out, const Matrix& m) {
  out += "[";
  for (size_t r = 0; r < m.size(); ++r) {
    out += r == 0 ? "[" : ",\n  [";
    for (size_t c = 0; c < m[r].size(); ++c) {
      if (c != 0) out += ", ";
      out += std::to_string(m[r][c]);
    }
    out += "]";
  }
  out += "]";
}

std::string shape_text(const std::vector<size_t>& shape) {
  std::string s;
  for (size_t d : shape) s += (s.empty() ? "" : ",") + std::to_string(d);
  return "[" + s + "]";
}

}  // namespace

int cmd_weights(const std::string& model, const std::string& out_dir, int rows, const std::string& seed_text,
                int max_k) {
  const uint64_t seed = parse_seed(seed_text);
  const std::vector<Group> groups = read_manifest(model);
  std::vector<OutputFile> files;
  nlohmann::ordered_json index = nlohmann::ordered_json::array();  // keys in the documented order
  std::set<std::string> taken;
  size_t tensors = 0;
  std::string lines;
  for (const Group& g : groups) {
    for (const Entry& e : g.entries) {
      ++tensors;
      if (e.dtype != "float32" || e.shape.size() < 2 || e.count == 0) continue;
      const std::vector<double> w = values(g, e, model);
      double max_abs = 0;
      for (double x : w) max_abs = std::max(max_abs, std::abs(x));
      const double scale = max_abs == 0 ? 1.0 : max_abs / 127.0;
      const size_t split = is_depthwise(e) ? 2 : e.shape.size() - 1;
      size_t k = 1, c = 1;
      for (size_t i = 0; i < e.shape.size(); ++i) (i < split ? k : c) *= e.shape[i];
      const size_t keep = max_k > 0 ? std::min(k, static_cast<size_t>(max_k)) : k;
      Matrix b(keep, std::vector<int>(c));
      for (size_t r = 0; r < keep; ++r) {
        for (size_t j = 0; j < c; ++j) {
          b[r][j] = static_cast<int>(std::clamp(std::round(w[r * c + j] / scale), -127.0, 127.0));
        }
      }
      const std::string file = file_stem(e.name, taken) + ".json";
      std::string text = "{\"a\": ";
      append_matrix(text, activations(static_cast<size_t>(rows), keep, seed));
      text += ",\n\"b\": ";
      append_matrix(text, b);
      text += "}\n";
      files.push_back({file, std::move(text)});
      index.push_back({{"name", e.name},
                       {"file", file},
                       {"shape", e.shape},
                       {"k", keep},
                       {"k_total", k},
                       {"c", c},
                       {"layout", split == 2 ? "depthwise" : "kernel"},
                       {"scale", scale},
                       {"max_abs", max_abs},
                       {"source_dtype", e.stored}});
      lines += fmt::format("  {:<28} {:<16} B {} x {}{}  scale {:.6g}  -> {}\n", e.name, shape_text(e.shape), keep, c,
                           keep < k ? fmt::format(" (of {})", k) : "", scale, file);
    }
  }
  if (files.empty()) throw InputError(model, "/weightsManifest", "holds no float32 weight tensor of rank 2 or more");
  std::string index_text = "[";  // one tensor per line
  for (size_t i = 0; i < index.size(); ++i) index_text += (i == 0 ? "\n  " : ",\n  ") + index[i].dump();
  files.push_back({"index.json", index_text + "\n]\n"});
  write_files(files, out_dir);
  std::printf("%s: %zu weight matrices of %zu tensors (the others have rank < 2 or are not float), "
              "A: %d rows, seed %llu\n%s-> %s (%zu files)\n",
              model.c_str(), files.size() - 1, tensors, rows, static_cast<unsigned long long>(seed), lines.c_str(),
              out_dir.c_str(), files.size());
  return 0;
}

}  // namespace bf::cli
