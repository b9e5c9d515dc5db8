// `evaluate`'s hardware step (docs/evaluate.md, "Hardware"): each design's array as a block config, the RTL spot
// check of one tile per layer (the Verilator model through `sim`'s bench), and area, Fmax and power from `ppa`:
// the mapped netlist cached per config (synthesis takes minutes), simulated on the layers' spot tiles each run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/net_designs.hpp"
#include "flow/liberty.hpp"

namespace bf::cli {

struct LayerHw {
  std::string config;   // the config's name
  bool rtl_match = false;  // the RTL's result equals the layer's GEMM on the tile, `sim` saw no mismatch, and the
                           // RTL's cycles equal the model's
  uint64_t rtl_cycles = 0, model_cycles = 0;  // the tile's cycles on the RTL and by the evaluate cycle model
  double energy_uj = 0;  // the layer's operations x the config's energy per operation (ppa on the spot tiles)
};

struct ConfigHw {
  std::string name;
  double area_mm2 = 0, fmax_mhz = 0, power_mw = 0, pj_per_op = 0;
  std::string op, activity;
  std::string postsynth;  // ppa's post-synthesis check on the workload: "match" expected
};

struct DesignHw {
  std::vector<LayerHw> layers;
  std::vector<ConfigHw> configs;  // those the layers use
  double area_mm2 = 0;            // the largest of `configs` (a design's layers run on one array)
  double energy_uj = 0;
  bool all_match = true;          // every spot check matched (results and cycles), and every netlist its RTL
};

// What the hardware step reads once per run: the liberty, parsed, and the tool versions the netlist cache key holds.
struct HwFlow {
  std::filesystem::path lib;
  flow::LibertyLibrary library;
  std::string tools;  // the output of `yosys -V` and `sta -version`
};
HwFlow hw_flow(const std::filesystem::path& lib);

// `say` reports each step (a model built, a synthesis, each ppa step).
DesignHw design_hardware(data::Design d, const std::vector<data::ConvReport>& convs, const HwFlow& hw,
                         const std::function<void(const std::string&)>& say);

}  // namespace bf::cli
