// Driving a Dut cycle by cycle and comparing it with a golden cycle model.
//
// Cycle convention: at cycle c the bench sets every input, calls eval(), compares every output with the
// golden model's outputs for the same state and inputs, then calls tick() (rising edge). With a trace open,
// the VCD gets a sample after the inputs (time 10c), after the rising edge (10c+5) and after the falling edge.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/design.hpp"
#include "dut.hpp"

namespace bf::verif {

class Sim;

struct RunOptions {
  uint64_t seed = 1;
  int count = 0;            // random jobs after the fixed ones; 0: the bench's default
  std::string trace_path;   // VCD waveform, empty for none
  std::string repro;        // the command that reproduces this run, printed on a failure
  bool random = true;       // false for `sim` (the user's data, no seed to report)
  // Called at every tick(): with the inputs settled before the rising edge and, for a clocked block, once more
  // after it: every value a net takes in a zero-delay simulation (`ppa` counts toggles this way).
  std::function<void(const Sim&)> on_sample;
};

// The options of a run on the user's own data (`sim`): no seed, no trace.
inline RunOptions user_data_run() {
  RunOptions o;
  o.random = false;
  return o;
}

// What a bench was doing, computed only when a check fails (benches call it lazily, off the per-cycle path).
using Context = std::function<std::string()>;

struct Mismatch {
  uint64_t cycle = 0;
  std::string port;
  std::string expected;
  std::string actual;
  std::string context;  // what the bench was doing, e.g. "value 17 of 256"
};

struct VerifyReport {
  bool ok = true;
  uint64_t cycles = 0;  // clock cycles simulated (or evaluations, for a combinational block)
  uint64_t checks = 0;  // port comparisons made
  uint64_t items = 0;   // values / units / jobs exercised
  uint64_t ops = 0;     // operations done, as `op` names them (e.g. MACs), for energy per operation; 0 if unknown
  std::string op;       // what one operation is
  std::string summary;  // one line on what was covered
  std::optional<Mismatch> mismatch;
  std::string failure_text(const RunOptions& opt) const;  // multi-line report of the mismatch
};

class Sim {
 public:
  // Checks that the Dut's ports are exactly the design's (names, directions, widths).
  Sim(std::unique_ptr<Dut> dut, const Design& design, const RunOptions& opt);
  ~Sim();
  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  size_t port(const std::string& name) const;  // throws std::logic_error for an unknown port
  int width(size_t port) const;
  void set(size_t port, uint64_t value);  // value truncated to the port width
  uint64_t get(size_t port) const;        // ports up to 64 bits
  int64_t get_signed(size_t port) const;  // sign-extended from the port width
  void set_words(size_t port, const std::vector<uint32_t>& words);
  std::vector<uint32_t> get_words(size_t port) const;
  void get_words(size_t port, std::vector<uint32_t>& words) const;  // into `words`, reusing its storage

  void eval();
  void tick();   // rising then falling clock edge; advances cycle()
  void reset();  // rst_ni low for two cycles with every input 0, then high
  // Mid-run reset: assert_reset() drives rst_ni low between clock edges and evaluates (an asynchronous
  // reset must show at the outputs at once, before any edge); release_reset() gives one more clock edge with
  // rst_ni low, then drives it high.
  void assert_reset();
  void release_reset();
  uint64_t cycle() const { return cycle_; }

  // Whether port p means something this cycle: it has no valid, or its valid reads 1 (Port::valid).
  bool defined_now(size_t p) const { return !valid_of_[p] || get(*valid_of_[p]) != 0; }

  // Compares one output; the first mismatch is kept (later ones are counted but not kept). A data output whose
  // valid (Port::valid) is low is not compared: its value is unspecified (the check passes, uncounted).
  bool expect(size_t port, uint64_t expected, const std::string& context = {});
  bool expect_signed(size_t port, int64_t expected, const std::string& context = {});
  // Compares a lane vector (lane i at [i*width +: width]); a mismatch names the first differing lane.
  bool expect_lanes(size_t port, const std::vector<int64_t>& expected, int width, bool is_signed,
                    const std::string& context = {});
  // Records a failure found outside the port comparisons (e.g. an end-to-end check); the first one is kept.
  void fail(Mismatch m);
  bool failed() const { return report_.mismatch.has_value(); }
  VerifyReport& report() { return report_; }

 private:
  void dump(uint64_t t);
  std::unique_ptr<Dut> dut_;
  const Design& design_;
  std::optional<size_t> clk_, rst_;
  std::vector<std::optional<size_t>> valid_of_;  // per port: the port that qualifies it, if any
  std::function<void(const Sim&)> on_sample_;
  uint64_t cycle_ = 0;
  bool tracing_ = false;
  VerifyReport report_;
};

// A codec bench's operation count for `ppa`'s energy per operation: one value encoded or decoded.
inline void count_values(Sim& s, uint64_t values) {
  s.report().ops = values;
  s.report().op = "value (one value encoded or decoded)";
}

// An array bench's operation count for `ppa`: multiply-accumulates of one A and one B element.
inline void count_macs(Sim& s, uint64_t macs, const std::string& operands = "one A and one B element") {
  s.report().ops = macs;
  s.report().op = "MAC (multiply-accumulate of " + operands + ")";
}

// Random valid/ready stall pattern: `p` is the probability of offering (valid) or accepting (ready).
class Stalls {
 public:
  explicit Stalls(double p) : p_(p) {}
  bool next(std::mt19937_64& rng) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p_; }

 private:
  double p_;
};

// Probabilities the benches cycle through so that every run sees full speed, light and heavy stalls.
inline const std::vector<double>& stall_levels() {
  static const std::vector<double> levels = {1.0, 0.8, 0.5, 0.2};
  return levels;
}

}  // namespace bf::verif
