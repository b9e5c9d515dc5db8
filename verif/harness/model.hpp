// Building a Verilator model of a generated design as a shared object, caching it, and loading it.
//
// One path serves every caller: the build-time test models (a CMake custom command runs `bitforge model`),
// and `bitforge verify` / `sim` at run time (models cached by key under the cache directory).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/emit.hpp"
#include "dut.hpp"

namespace bf::verif {

struct ModelBuild {
  std::filesystem::path so;  // the model's shared object
  bool cached = false;       // true when an up-to-date build was found and reused
  double seconds = 0;        // wall time spent (0 when cached)
};

// How a model is built. The defaults suit RTL: waveforms possible, the C++ optimized (-O1). A mapped netlist
// (`ppa`) is tens of thousands of gates: without trace code and at -O0 it compiles several times faster.
struct ModelOptions {
  bool trace = true;
  bool optimize = true;
  int jobs = 1;  // translation units compiled in parallel (1: one unity file, the fastest for small models)
};

// Digest of everything a model depends on: the generated RTL, ports, generator and Verilator versions,
// the shim, the Dut ABI and the options. A model directory holding the same key is reused as it is.
std::string model_key(const Generated& g, const ModelOptions& opt = {});

// Builds the model of `g` into `dir` (dir/model.so), all-or-nothing; reuses it when dir holds the same key.
// Throws ToolError with the failing command and its output.
ModelBuild build_model(const Generated& g, const std::filesystem::path& dir, const ModelOptions& opt = {});

// $BITFORGE_CACHE_DIR, else $XDG_CACHE_HOME/bitforge, else $HOME/.cache/bitforge.
std::filesystem::path cache_root();

// build_model into cache_root()/models/<name>-<key>.
ModelBuild cached_model(const Generated& g);

// Creates instances of a design's model: a Verilator model's shared object (kept loaded for the life of the
// process), or any other Dut factory (`ppa`'s netlist evaluator).
class Model {
 public:
  using Factory = std::function<std::unique_ptr<Dut>(uint64_t seed)>;
  static Model load(const std::filesystem::path& so);  // throws ToolError
  static Model of(Factory f);
  std::unique_ptr<Dut> create(uint64_t seed) const;  // seed: random initial register values

 private:
  Factory create_;
};

}  // namespace bf::verif
