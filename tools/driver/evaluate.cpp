// `bitforge evaluate`: a real network on a real photo through every design's bit-exact path, side by side
// (docs/evaluate.md). The photo's centre crop (a multiple of the model's scale) is shrunk by the scale with box
// means; the model enlarges it; PSNR compares the result (rounded, clamped to 0..255) with the crop, and with
// the float model's output.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <fmt/core.h>

#include "base/errors.hpp"
#include "commands.hpp"
#include "core/emit.hpp"
#include "data/image.hpp"
#include "data/net.hpp"
#include "data/net_designs.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace bf::cli {

namespace {

std::vector<data::Design> parse_designs(const std::string& list) {
  std::vector<data::Design> out;
  std::stringstream ss(list);
  std::string name;
  while (std::getline(ss, name, ',')) {
    const auto* it = std::find_if(std::begin(data::kDesigns), std::end(data::kDesigns),
                                  [&](data::Design x) { return data::design_name(x) == name; });
    if (it == std::end(data::kDesigns)) {
      std::string known;
      for (data::Design x : data::kDesigns) known += (known.empty() ? "" : ", ") + data::design_name(x);
      throw InputError("--designs", "", "unknown design \"" + name + "\" (built so far: " + known + ")");
    }
    const data::Design d = *it;
    if (std::find(out.begin(), out.end(), d) != out.end()) throw InputError("--designs", "", "\"" + name + "\" given twice");
    out.push_back(d);
  }
  if (out.empty()) throw InputError("--designs", "", "must name at least one design");
  return out;
}

double mean_bits(const std::vector<data::ConvReport>& convs, bool weights) {
  double bits = 0, n = 0;
  for (const auto& c : convs) {
    const double v = static_cast<double>(weights ? c.weight_values : c.act_values);
    bits += (weights ? c.weight_bits : c.act_bits) * v;
    n += v;
  }
  return n > 0 ? bits / n : 0;
}

json db(double v) { return std::isinf(v) ? json("inf") : json(v); }

}  // namespace

int cmd_evaluate(const EvaluateArgs& a) {
  write_file_check(a.json_out, "--json");
  const std::vector<data::Design> designs = parse_designs(a.designs);
  const fs::path model = fs::path(a.model_dir) / "model.json";
  if (!fs::is_regular_file(model)) throw InputError(model.string(), "", "not found (MODEL_DIR must hold model.json)");
  const data::Network net = data::read_network(model.string());
  const data::FeatureMap photo = data::read_png(a.image);
  const data::FeatureMap hr = data::centre_crop(photo, a.crop, net.scale);
  if (hr.h < net.scale || hr.w < net.scale) {
    throw InputError(a.image, "", fmt::format("{} x {} is smaller than the model's scale {}", photo.h, photo.w, net.scale));
  }
  const data::FeatureMap lr = data::shrink(hr, net.scale);
  fmt::print("evaluate: {} (scale {}, {} layers), {}: centre {} x {} -> input {} x {}\n", model.string(), net.scale,
             net.layers.size(), a.image, hr.w, hr.h, lr.w, lr.h);

  const auto t0 = std::chrono::steady_clock::now();
  const data::DesignRun ref = data::run_design(net, lr, data::Design::Float, false);
  const data::FeatureMap ref_px = data::to_pixels(ref.output);
  json out = {{"model", model.string()}, {"image", a.image}, {"scale", net.scale}, {"crop", {hr.h, hr.w}},
              {"input", {lr.h, lr.w}}, {"designs", json::object()}};
  fmt::print("\n| design | PSNR vs photo dB | PSNR vs float dB | weight bits/value | activation bits/value | cycles (8 x 8) | seconds |\n");
  fmt::print("|---|---|---|---|---|---|---|\n");
  for (data::Design d : designs) {
    const auto t1 = std::chrono::steady_clock::now();
    const data::DesignRun run = d == data::Design::Float ? ref : data::run_design(net, lr, d, true);
    const data::FeatureMap px = data::to_pixels(run.output);
    const double p = data::psnr(px, hr), pf = data::psnr(px, ref_px);
    const double wb = mean_bits(run.convs, true), ab = mean_bits(run.convs, false);
    uint64_t cycles = 0;
    json layers = json::array();
    for (const auto& c : run.convs) {
      cycles += c.cycles;
      layers.push_back({{"name", c.name}, {"m", c.m}, {"k", c.k}, {"n", c.n}, {"macs", c.macs}, {"cycles", c.cycles},
                        {"weight_bits_per_value", c.weight_bits}, {"activation_bits_per_value", c.act_bits},
                        {"activation_signed", c.act_signed}, {"tiles", c.jobs}, {"tiles_run_by_cycle_model", c.cycle_jobs}});
    }
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    const std::string name = data::design_name(d);
    const bool q = d != data::Design::Float;
    fmt::print("| {} | {:.2f} | {} | {} | {} | {} | {:.1f} |\n", name, p, q ? fmt::format("{:.2f}", pf) : "-",
               q ? fmt::format("{:.2f}", wb) : "32 (float)", q ? fmt::format("{:.2f}", ab) : "32 (float)",
               q ? std::to_string(cycles) : "-", sec);
    json& o = out["designs"][name];
    o = {{"psnr_db", db(p)}, {"psnr_vs_float_db", db(pf)}, {"layers", layers}, {"seconds", sec}};
    if (q) {
      o["weight_bits_per_value"] = wb;
      o["activation_bits_per_value"] = ab;
      o["cycles"] = cycles;
    }
  }
  fmt::print("\n{:.1f} s in all\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (!a.json_out.empty()) write_file(a.json_out, out.dump(2) + "\n");
  return 0;
}

}  // namespace bf::cli
