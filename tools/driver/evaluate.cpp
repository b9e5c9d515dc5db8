// `bitforge evaluate`: a real network on a real photo through every design's bit-exact path, side by side
// (docs/evaluate.md). The photo's centre crop (a multiple of the model's scale) is shrunk by the scale with box
// means; the model enlarges it; PSNR compares the result (rounded, clamped to 0..255) with the crop, and with
// the float model's output. The hardware step (evaluate_hw.hpp) adds the RTL spot checks, energy and area.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>

#include <fmt/core.h>

#include "base/errors.hpp"
#include "commands.hpp"
#include "core/emit.hpp"
#include "data/image.hpp"
#include "data/net.hpp"
#include "data/net_designs.hpp"
#include "evaluate_hw.hpp"
#include "evaluate_plot.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace bf::cli {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

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
      throw InputError("--designs", "", "unknown design \"" + name + "\" (known: " + known + ")");
    }
    const data::Design d = *it;
    if (std::find(out.begin(), out.end(), d) != out.end()) throw InputError("--designs", "", "\"" + name + "\" given twice");
    out.push_back(d);
  }
  if (out.empty()) throw InputError("--designs", "", "must name at least one design");
  return out;
}

// The network, the photo's crop and the model's input.
struct Inputs {
  fs::path model;
  data::Network net;
  data::FeatureMap hr, lr;
};

Inputs read_inputs(const EvaluateArgs& a) {
  Inputs in;
  in.model = fs::path(a.model_dir) / "model.json";
  if (!fs::is_regular_file(in.model)) throw InputError(in.model.string(), "", "not found (MODEL_DIR must hold model.json)");
  in.net = data::read_network(in.model.string());
  if (a.scale > 0 && a.scale != in.net.scale) {
    throw InputError(in.model.string(), "",
                     fmt::format("the model enlarges by {}, not by --scale {}", in.net.scale, a.scale));
  }
  const data::FeatureMap photo = data::read_png(a.image);
  in.hr = data::centre_crop(photo, a.crop, in.net.scale);
  if (in.hr.h < in.net.scale || in.hr.w < in.net.scale) {
    throw InputError(a.image, "", fmt::format("its centre crop ({} x {}, --crop {}) is smaller than the model's scale {}",
                                              in.hr.h, in.hr.w, a.crop, in.net.scale));
  }
  in.lr = data::shrink(in.hr, in.net.scale);
  return in;
}

// Progress on standard error, safe to call from the golden paths' threads: a bar redrawn in place on a terminal,
// else one line per phase and per design.
class Progress {
 public:
  Progress() : tty_(::isatty(2) != 0) {}
  void bar(const std::string& label, size_t done, size_t total) {
    if (!tty_) return;
    const std::lock_guard<std::mutex> lock(m_);
    const size_t width = 30, fill = total ? done * width / total : width;
    std::fprintf(stderr, "\r%s [%s%s] %zu/%zu", label.c_str(), std::string(fill, '#').c_str(),
                 std::string(width - fill, '.').c_str(), done, total);
    std::fflush(stderr);
  }
  void say(const std::string& text) {
    const std::lock_guard<std::mutex> lock(m_);
    if (tty_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "evaluate: %s\n", text.c_str());
  }
  void done() {
    const std::lock_guard<std::mutex> lock(m_);
    if (tty_) std::fputs("\r\033[K", stderr);
  }

 private:
  std::mutex m_;
  bool tty_;
};

// Every design's golden path, run two at a time (they are independent and read only the network and the input);
// each with the seconds its own thread spent on it.
struct GoldenRun {
  data::DesignRun run;
  double seconds = 0;
};

std::vector<GoldenRun> run_golden(const Inputs& in, const std::vector<data::Design>& designs,
                                  const data::DesignRun& ref, Progress& progress) {
  std::vector<GoldenRun> out(designs.size());
  size_t convs = 0;
  for (const auto& l : in.net.layers) convs += l.op == data::Op::Conv2D;
  const size_t total = convs * designs.size();
  std::atomic<size_t> next{0}, layers_done{0};
  std::exception_ptr error;
  std::mutex error_m;
  progress.say(fmt::format("golden paths of {} designs, two at a time", designs.size()));
  auto work = [&] {
    for (size_t i; (i = next++) < designs.size();) {
      try {
        const auto t0 = Clock::now();
        if (designs[i] == data::Design::Float) {
          out[i].run = ref;
          layers_done += convs;
        } else {
          out[i].run = data::run_design(in.net, in.lr, designs[i], true, [&](const data::ConvReport&) {
            progress.bar("golden paths", ++layers_done, total);
          });
        }
        out[i].seconds = since(t0);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_m);
        if (!error) error = std::current_exception();
      }
    }
  };
  std::thread other(work);
  work();
  other.join();
  progress.done();
  if (error) std::rethrow_exception(error);
  return out;
}

json db(double v) { return std::isinf(v) && v > 0 ? json("inf") : json(v); }

double mean_bits(const std::vector<data::ConvReport>& convs, bool weights) {
  double bits = 0, n = 0;
  for (const auto& c : convs) {
    const double v = static_cast<double>(weights ? c.weight_values : c.act_values);
    bits += (weights ? c.weight_bits : c.act_bits) * v;
    n += v;
  }
  return n > 0 ? bits / n : 0;
}

// Memory traffic of a layer: its weights and its input feature map, each read once at its bits per value (float:
// 32), outputs not counted (they are the next layer's input).
double traffic_bits(const data::ConvReport& c, bool quantized) {
  const double wb = quantized ? c.weight_bits : 32, ab = quantized ? c.act_bits : 32;
  return wb * double(c.weight_values) + ab * double(c.act_values);
}

json layer_json(const data::ConvReport& c, const data::DesignRun& run, const data::DesignRun& ref, const LayerHw* hw) {
  const bool quantized = run.design != data::Design::Float;
  json l = {{"name", c.name}, {"m", c.m}, {"k", c.k}, {"n", c.n}, {"macs", c.macs},
            {"memory_traffic_bits", traffic_bits(c, quantized)}, {"cycles", nullptr}, {"energy_uj", nullptr}};
  if (!quantized) return l;
  l["psnr_vs_float_db"] = db(data::feature_psnr(run.layers[c.layer], ref.layers[c.layer]));
  l.update({{"cycles", c.cycles}, {"weight_bits_per_value", c.weight_bits}, {"activation_bits_per_value", c.act_bits},
            {"activation_signed", c.act_signed}, {"tiles", c.jobs}, {"tiles_run_by_cycle_model", c.cycle_jobs},
            {"ops", c.hw_ops}});
  if (hw) {
    l["energy_uj"] = hw->energy_uj;
    l["rtl_spot_check"] = {{"config", hw->config}, {"result", hw->rtl_match ? "match" : "mismatch"},
                           {"rtl_cycles", hw->rtl_cycles}, {"model_cycles", hw->model_cycles}};
  }
  return l;
}

json configs_json(const DesignHw& hw) {
  json out = json::array();
  for (const auto& c : hw.configs) {
    out.push_back({{"name", c.name}, {"area_mm2", c.area_mm2}, {"fmax_mhz", c.fmax_mhz}, {"power_mw", c.power_mw},
                   {"pj_per_op", c.pj_per_op}, {"op", c.op}, {"activity", c.activity}, {"postsynth", c.postsynth}});
  }
  return out;
}

// One design: its run, figures, JSON and table row.
struct DesignResult {
  PlotPoint point;
  std::string row;
  json report;
  bool mismatch = false;
};

// `seconds`: the design's golden path (its thread's time) plus its hardware step.
// hw_flow: null without the hardware step.
DesignResult evaluate_design(const HwFlow* hw_flow, const Inputs& in, const GoldenRun& golden,
                             const data::DesignRun& ref, const data::FeatureMap& ref_px, Progress& progress) {
  const auto t1 = Clock::now();
  const data::DesignRun& run = golden.run;
  const data::Design d = run.design;
  const bool q = d != data::Design::Float;
  std::optional<DesignHw> hw;
  if (q && hw_flow) {
    progress.say(data::design_name(d) + ": RTL spot checks and ppa");
    hw = design_hardware(d, run.convs, *hw_flow, [&](const std::string& s) { progress.say(s); });
  }
  progress.done();
  const data::FeatureMap px = data::to_pixels(run.output);
  DesignResult r;
  r.point = {data::design_name(d), data::psnr(px, in.hr), hw ? hw->energy_uj : 0, hw ? hw->area_mm2 : 0};
  const double pf = data::psnr(px, ref_px);
  uint64_t cycles = 0;
  double traffic = 0;
  json layers = json::array();
  for (size_t i = 0; i < run.convs.size(); ++i) {
    cycles += run.convs[i].cycles;
    traffic += traffic_bits(run.convs[i], q);
    layers.push_back(layer_json(run.convs[i], run, ref, hw ? &hw->layers[i] : nullptr));
  }
  const double sec = golden.seconds + since(t1);
  json& o = r.report;
  // interfaces.md's keys are always there: null where a design has no such figure (float: no array; without the
  // hardware step: no energy or area).
  o = {{"psnr_db", db(r.point.psnr_db)}, {"psnr_vs_float_db", db(pf)}, {"memory_traffic_bits", traffic},
       {"weight_bits_per_value", 32}, {"activation_bits_per_value", 32}, {"cycles", nullptr},
       {"energy_uj", nullptr}, {"area_mm2", nullptr}, {"layers", layers}, {"seconds", sec}};
  const double wbits = q ? mean_bits(run.convs, true) : 32, abits = q ? mean_bits(run.convs, false) : 32;
  const std::string wb = q ? fmt::format("{:.2f}", wbits) : "32", ab = q ? fmt::format("{:.2f}", abits) : "32";
  if (q) o.update({{"weight_bits_per_value", wbits}, {"activation_bits_per_value", abits}, {"cycles", cycles}});
  if (hw) {
    o.update({{"energy_uj", hw->energy_uj}, {"area_mm2", hw->area_mm2}, {"configs", configs_json(*hw)},
              {"rtl_spot_check", hw->all_match ? "match" : "mismatch"}});
    r.mismatch = !hw->all_match;
  }
  auto opt = [&](bool have, const std::string& v) { return have ? v : std::string("-"); };
  r.row = fmt::format("| {} | {:.2f} | {} | {} | {} | {:.3g} | {} | {} | {} | {} | {:.1f} |", r.point.design,
                      r.point.psnr_db, opt(q, fmt::format("{:.2f}", pf)), wb, ab, traffic / 8e6,
                      opt(q, std::to_string(cycles)), opt(hw.has_value(), fmt::format("{:.2f}", r.point.energy_uj)),
                      opt(hw.has_value(), fmt::format("{:.3f}", r.point.area_mm2)),
                      opt(hw.has_value(), hw && hw->all_match ? "match" : "MISMATCH"), sec);
  return r;
}

// The per-layer table of one quantized design (--layers), from its JSON report.
void print_layers(const std::string& design, const json& report) {
  fmt::print("\n{}: per layer\n\n| layer | M | K | N | PSNR vs float dB | weight bits | activation bits | traffic KB | "
             "cycles | energy uJ | RTL spot check (RTL / model cycles) |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
             design);
  for (const json& l : report.at("layers")) {
    const json& p = l.at("psnr_vs_float_db");
    const std::string spot = l.contains("rtl_spot_check")
                                 ? fmt::format("{} ({} / {})", l["rtl_spot_check"]["result"].get<std::string>(),
                                               l["rtl_spot_check"]["rtl_cycles"].get<uint64_t>(),
                                               l["rtl_spot_check"]["model_cycles"].get<uint64_t>())
                                 : "-";
    fmt::print("| {} | {} | {} | {} | {} | {:.2f} | {:.2f} | {:.1f} | {} | {} | {} |\n", l["name"].get<std::string>(),
               l["m"].get<int>(), l["k"].get<int>(), l["n"].get<int>(),
               p.is_string() ? p.get<std::string>() : fmt::format("{:.2f}", p.get<double>()),
               l["weight_bits_per_value"].get<double>(), l["activation_bits_per_value"].get<double>(),
               l["memory_traffic_bits"].get<double>() / 8e3, l["cycles"].get<uint64_t>(),
               l["energy_uj"].is_null() ? "-" : fmt::format("{:.1f}", l["energy_uj"].get<double>()), spot);
  }
}

}  // namespace

int cmd_evaluate(const EvaluateArgs& a) {
  write_file_check(a.json_out, "--json");
  const std::vector<data::Design> designs = parse_designs(a.designs);
  const bool quantized =
      std::any_of(designs.begin(), designs.end(), [](data::Design d) { return d != data::Design::Float; });
  check_plot_path(a.plot, a.no_hardware, quantized);
  std::optional<HwFlow> hw_flow;
  if (!a.no_hardware) hw_flow = cli::hw_flow(check_liberty(""));
  const Inputs in = read_inputs(a);
  fmt::print("evaluate: {} (scale {}, {} layers), {}: centre {} x {} -> input {} x {}\n", in.model.string(),
             in.net.scale, in.net.layers.size(), a.image, in.hr.w, in.hr.h, in.lr.w, in.lr.h);
  std::fflush(stdout);
  const auto t0 = Clock::now();
  const data::DesignRun ref = data::run_design(in.net, in.lr, data::Design::Float, false);
  const data::FeatureMap ref_px = data::to_pixels(ref.output);
  json out = {{"model", in.model.string()}, {"image", a.image}, {"scale", in.net.scale}, {"crop", {in.hr.h, in.hr.w}},
              {"input", {in.lr.h, in.lr.w}}, {"designs", json::object()}};
  Progress progress;
  const std::vector<GoldenRun> golden = run_golden(in, designs, ref, progress);
  std::vector<std::string> rows;
  std::vector<PlotPoint> points;
  bool mismatch = false;
  for (size_t i = 0; i < designs.size(); ++i) {
    const data::Design d = designs[i];
    DesignResult r = evaluate_design(hw_flow ? &*hw_flow : nullptr, in, golden[i], ref, ref_px, progress);
    out["designs"][r.point.design] = std::move(r.report);
    rows.push_back(r.row);
    if (d != data::Design::Float) points.push_back(r.point);
    mismatch = mismatch || r.mismatch;
  }
  fmt::print("\n| design | PSNR vs photo dB | PSNR vs float dB | weight bits/value | activation bits/value | "
             "memory traffic MB | cycles | energy uJ | area mm^2 | RTL spot check | seconds |\n");
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& r : rows) fmt::print("{}\n", r);
  if (a.layers) {
    for (data::Design d : designs) {
      if (d != data::Design::Float) print_layers(data::design_name(d), out["designs"][data::design_name(d)]);
    }
  }
  fmt::print("\n{:.1f} s in all\n", since(t0));
  // The plot is drawn before anything is written: a gnuplot failure leaves no file behind.
  const std::string plot = a.plot.empty() ? "" : render_plot(points, a.plot, fmt::format("{} on {}",
                                                             in.model.parent_path().filename().string(),
                                                             fs::path(a.image).filename().string()));
  if (!a.json_out.empty()) write_file(a.json_out, out.dump(2) + "\n");
  if (!a.plot.empty()) write_file(a.plot, plot);
  return mismatch ? 1 : 0;
}

}  // namespace bf::cli
