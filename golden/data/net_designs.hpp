// Each design's path through a network (docs/evaluate.md): every Conv2D runs as a GEMM (im2col: M output pixels,
// K = kh x kw x Cin, N = Cout) through the design's bit-exact golden function, the one its RTL is verified
// against; the layers between convolutions run in float. Quantization (INT8 codes, shared by the integer
// designs): weights per output channel, symmetric, [-127, 127]; a convolution's input per tensor from its own
// range: unsigned [0, 255] when it has no negative value (the image, after ReLU), else signed [-127, 127];
// values rounded half away from zero. The accumulator times the two scales, plus the float bias, is the output.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/net.hpp"
#include "gemm/gemm.hpp"

namespace bf::data {

enum class Design { Float, Int8, Spark, Ant, Ebsp, Panacea };

// Every design, in report order, and its name: "float", "int8", "spark", "ant", "ebsp", "panacea".
inline constexpr Design kDesigns[] = {Design::Float, Design::Int8, Design::Spark, Design::Ant, Design::Ebsp,
                                      Design::Panacea};
std::string design_name(Design);

// The block config (interfaces.md) of the array a design's layers run on, built from the same shapes its cycle
// model takes: int8, spark and ant have one per input signedness ("ev_<design>_s" / "_u"), ebsp and panacea one;
// float none (null).
nlohmann::json design_config(Design, bool a_signed);

// One tile of a layer for the RTL spot check (evaluate's hardware step): the `bitforge sim` input of the
// design's array (interfaces.md: A's first rows (8, or all when fewer), all of K, B's first 8 columns; Panacea:
// W's first 8 rows, X's first 4 columns), what the layer's GEMM gave for those outputs, and the cycle model's count
// for the tile alone.
struct SpotTile {
  nlohmann::json input;
  golden::gemm::Matrix c;
  uint64_t cycles = 0;
};

// Per Conv2D layer.
struct ConvReport {
  std::string name;
  size_t layer = 0;                  // its index in Network::layers
  int m = 0, k = 0, n = 0;           // the GEMM: M x K . K x N
  uint64_t macs = 0;                 // M x K x N
  uint64_t hw_ops = 0;               // operations as `ppa` counts them on the design's array: MACs (EBSP: twice
                                     // for a signed input), Panacea: executed 4b x 4b slice products
  bool act_signed = false;           // the input needed signed codes
  double weight_bits = 0;            // mean bits per weight value in memory (0 for float: not counted)
  double act_bits = 0;               // mean bits per input activation value (of the M x K patch matrix's source)
  uint64_t weight_values = 0, act_values = 0;
  uint64_t cycles = 0;               // on the design's 8 x 8 array at full rate (its cycle model)
  size_t jobs = 0, cycle_jobs = 0;   // the layer's 8 x 8 tiles, and how many of them the cycle model ran (SPARK:
                                     // at most 32, evenly spread, run back to back, scaled by jobs / cycle_jobs)
  SpotTile spot;                     // filled with the cycles
};

struct DesignRun {
  Design design = Design::Float;
  FeatureMap output;              // the network's output (float values, not yet clamped or rounded)
  std::vector<FeatureMap> layers; // every layer's output, as Network::layers
  std::vector<ConvReport> convs;  // in layer order
};

// Runs the network on `input` through one design. `cycles` false skips the cycle models (ConvReport::cycles 0)
// and the spot tiles. `on_conv` (if set) is called after each Conv2D.
DesignRun run_design(const Network&, const FeatureMap& input, Design, bool cycles = true,
                     const std::function<void(const ConvReport&)>& on_conv = {});

}  // namespace bf::data
