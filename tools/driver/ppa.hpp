// `ppa`'s flow as functions, for `bitforge ppa` and `evaluate`'s hardware step (docs/ppa.md).
#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "flow/liberty.hpp"
#include "flow/ppa.hpp"

namespace bf {
struct Generated;
}

namespace bf::cli {

// The time of each step of a flow, each reported when it ends as "ppa: <step> <seconds> s" (by default on stderr).
class PpaSteps {
 public:
  using Report = std::function<void(const std::string&)>;
  PpaSteps() : report_([](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }) {}
  explicit PpaSteps(Report report) : report_(std::move(report)) {}
  template <class F>
  auto run(const std::string& name, F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    auto result = f();
    seconds_.emplace_back(name, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    char line[160];
    std::snprintf(line, sizeof line, "ppa: %s %.1f s", name.c_str(), seconds_.back().second);
    report_(line);
    return result;
  }
  const std::vector<std::pair<std::string, double>>& seconds() const { return seconds_; }

 private:
  Report report_;
  std::vector<std::pair<std::string, double>> seconds_;
};

// `bitforge ppa`'s flow in two halves. ppa_netlist: synthesis into work/synth and static timing in work/sta, filling mapping,
// area and timing (the clock is the critical path unless a.clock_ns). ppa_workload: the netlist in `synth`
// simulated on `in` (nullptr: the block's verify stimulus; a.input names it in messages), OpenSTA's power tables (scripts in `sta`), and power, energy and postsynth.
flow::PpaReport ppa_netlist(const Generated& g, const std::filesystem::path& lib, const flow::LibertyLibrary& library,
                            const PpaArgs& a, const std::filesystem::path& work, PpaSteps& steps);
void ppa_workload(const Generated& g, const std::filesystem::path& lib, const flow::LibertyLibrary& library,
                  const PpaArgs& a, const nlohmann::json* in, const std::filesystem::path& synth,
                  const std::filesystem::path& sta, flow::PpaReport& r, PpaSteps& steps);

}  // namespace bf::cli
