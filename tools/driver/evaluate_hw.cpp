#include "evaluate_hw.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "base/errors.hpp"
#include "commands.hpp"
#include "core/config.hpp"
#include "core/emit.hpp"
#include "core/hash.hpp"
#include "data/gemm_io.hpp"
#include "harness/bench.hpp"
#include "harness/model.hpp"
#include "flow/liberty.hpp"
#include "ppa.hpp"
#include "util/dir_lock.hpp"
#include "util/files.hpp"
#include "util/process.hpp"
#include "util/tempdir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace bf::cli {

namespace {

// A design's config and what runs on it: its generated RTL, the cached Verilator model and the ppa figures.
struct Array {
  Generated g;
  verif::Model model;
  ConfigHw hw;
};

// What a cached netlist depends on beyond the RTL: the liberty file (path, size, time), the Yosys and OpenSTA
// versions, and the entry format. (verif::model_key covers the RTL, the generator and the Verilator versions.)
std::string netlist_key(const Generated& g, const HwFlow& hw) {
  const std::string m = "evaluate-netlist-1\n" + verif::model_key(g) + "\n" + fs::absolute(hw.lib).string() + "\n" +
                        std::to_string(fs::file_size(hw.lib)) + "\n" +
                        std::to_string(fs::last_write_time(hw.lib).time_since_epoch().count()) + "\n" + hw.tools;
  return hex64(fnv1a64(m));
}

// The config's mapped netlist and its timing, made once and cached (synthesis takes a minute or more; the
// workload's simulation, seconds), under a lock on the entry. An entry without its hw.json (an interrupted run) is
// made again.
flow::PpaReport cached_netlist(const Generated& g, const HwFlow& hw, const fs::path& dir, PpaSteps& steps,
                               const std::function<void(const std::string&)>& say) {
  flow::PpaReport r;
  fs::create_directories(dir.parent_path());
  const util::DirLock lock(dir);  // a second run waits here, then reuses the first one's netlist
  if (!fs::is_regular_file(dir / "hw.json")) {
    say(fmt::format("{}: synthesis and timing (once; cached in {})", g.cfg.name, dir.string()));
    const fs::path tmp = dir.string() + ".tmp";
    fs::remove_all(tmp);
    r = ppa_netlist(g, hw.lib, hw.library, PpaArgs{}, tmp, steps);
    const json entry = {{"area_um2", r.area.total_area_um2}, {"clock_ns", r.timing.clock_ns}};
    util::write_text(tmp / "hw.json", entry.dump(2) + "\n");
    fs::remove_all(dir);
    fs::rename(tmp, dir);
    return r;
  }
  const json entry = json::parse(util::read_text(dir / "hw.json"));
  r.area.total_area_um2 = entry.at("area_um2");
  r.timing.clock_ns = entry.at("clock_ns");
  return r;
}

// ppa of a config on the network's own spot tiles, at Fmax. A netlist the evaluator cannot simulate (ppa's
// vectorless fallback counts clock cycles, not operations) is a tool error: its energy per operation would be
// per cycle.
ConfigHw ppa_figures(const Generated& g, const HwFlow& hw, const json& workload,
                     const std::function<void(const std::string&)>& say) {
  PpaSteps steps(say);
  const fs::path dir = verif::cache_root() / "evaluate-netlists-1" / (g.cfg.name + "-" + netlist_key(g, hw));
  flow::PpaReport r = cached_netlist(g, hw, dir, steps, say);
  util::TempDir sta("bitforge-evaluate-sta");
  PpaArgs a;
  a.input = "the layers' spot tiles";
  ppa_workload(g, hw.lib, hw.library, a, &workload, dir / "synth", sta.path(), r, steps);
  if (r.postsynth == "not_run") {
    throw ToolError("evaluate: the netlist of " + g.cfg.name + " could not be simulated (" + r.power.activity + ")");
  }
  ConfigHw c;
  c.name = g.cfg.name;
  c.area_mm2 = r.area.total_area_um2 / 1e6;
  c.fmax_mhz = 1e3 / r.timing.clock_ns;
  c.power_mw = r.power.total_mw;
  c.pj_per_op = r.energy.pj_per_op;
  c.op = r.energy.op;
  c.activity = r.power.activity;
  c.postsynth = r.postsynth;
  return c;
}

// The RTL on the layer's spot tile: results equal to the layer's GEMM there, `sim` matching its golden model,
// and the cycles.
LayerHw spot_check(Array& arr, const data::ConvReport& c) {
  LayerHw l;
  l.config = arr.g.cfg.name;
  l.model_cycles = c.spot.cycles;
  const std::string where = "evaluate: layer " + c.name + " on " + l.config;
  try {
    sim_bench(arr.g).check_input(arr.g, c.spot.input, where);
  } catch (const InputError& e) {  // evaluate made this input: not the user's error
    throw ToolError(std::string("internal: a spot tile the bench refuses: ") + e.what());
  }
  const json out = verif::run_sim(arr.g, arr.model, c.spot.input, verif::RunOptions{});
  l.rtl_cycles = out.at("cycles");
  l.rtl_match = out.at("golden") == "match" && out.at("c") == data::matrix_json(c.spot.c) &&
                l.rtl_cycles == l.model_cycles;
  return l;
}

// The ppa workload of a config: every spot tile run on it as one job list; Panacea (whose sim input is one
// GEMM) the tile of its layer with the most operations.
json workload(data::Design d, const std::vector<const data::ConvReport*>& layers) {
  if (d == data::Design::Panacea) {
    const auto* big = *std::max_element(layers.begin(), layers.end(),
                                        [](const auto* x, const auto* y) { return x->hw_ops < y->hw_ops; });
    return big->spot.input;
  }
  json jobs = json::array();
  for (const auto* c : layers) jobs.push_back(c->spot.input);
  return {{"jobs", jobs}};
}

}  // namespace

HwFlow hw_flow(const fs::path& lib) {
  return {lib, flow::read_liberty(lib),
          util::run_process({"yosys", "-V"}).output + util::run_process({"sta", "-version"}).output};
}

DesignHw design_hardware(data::Design d, const std::vector<data::ConvReport>& convs, const HwFlow& hw,
                         const std::function<void(const std::string&)>& say) {
  DesignHw out;
  std::map<std::string, Array> arrays;
  std::map<std::string, std::vector<const data::ConvReport*>> on;
  for (const auto& c : convs) {
    const json cfg = data::design_config(d, c.act_signed);  // ebsp and panacea have one config either way
    const std::string name = cfg.at("name");
    auto it = arrays.find(name);
    if (it == arrays.end()) {
      Generated g = generate(resolve_config(cfg, "evaluate: " + name));
      const verif::ModelBuild b = verif::cached_model(g);
      if (!b.cached) say(fmt::format("{}: Verilator model built in {:.0f} s (cached for later runs)", name, b.seconds));
      verif::Model model = verif::Model::load(b.so);
      it = arrays.emplace(name, Array{std::move(g), std::move(model), {}}).first;
    }
    on[name].push_back(&c);
    out.layers.push_back(spot_check(it->second, c));
  }
  for (auto& [name, a] : arrays) {
    a.hw = ppa_figures(a.g, hw, workload(d, on[name]), say);
    out.configs.push_back(a.hw);
    out.area_mm2 = std::max(out.area_mm2, a.hw.area_mm2);
    out.all_match = out.all_match && a.hw.postsynth == "match";
  }
  for (size_t i = 0; i < convs.size(); ++i) {
    LayerHw& l = out.layers[i];
    l.energy_uj = arrays.at(l.config).hw.pj_per_op * double(convs[i].hw_ops) * 1e-6;
    out.all_match = out.all_match && l.rtl_match;
    out.energy_uj += l.energy_uj;
  }
  return out;
}

}  // namespace bf::cli
