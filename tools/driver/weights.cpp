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

#include "commands.hpp"
#include "core/emit.hpp"
#include "base/errors.hpp"
#include "base/json_io.hpp"
#include "data/tfjs.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace bf::cli {

namespace {

using data::Entry;
using data::Group;

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
  const std::vector<Group> groups = data::read_manifest(model);
  std::vector<OutputFile> files;
  nlohmann::ordered_json index = nlohmann::ordered_json::array();  // keys in the documented order
  std::set<std::string> taken;
  size_t tensors = 0;
  std::string lines;
  for (const Group& g : groups) {
    for (const Entry& e : g.entries) {
      ++tensors;
      if (e.dtype != "float32" || e.shape.size() < 2 || e.count == 0) continue;
      const std::vector<double> w = data::entry_values(g, e, model);
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
