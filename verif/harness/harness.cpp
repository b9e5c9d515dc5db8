#include "harness.hpp"

#include <stdexcept>

#include "base/errors.hpp"
#include "lanes.hpp"

namespace bf::verif {

namespace {

std::string show(uint64_t v, int width) {
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(v));
  return std::to_string(v) + " (" + hex + ", " + std::to_string(width) + " bits)";
}

std::string show_signed(int64_t v, int width) {
  const uint64_t raw = width >= 64 ? static_cast<uint64_t>(v) : static_cast<uint64_t>(v) & ((uint64_t{1} << width) - 1);
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(raw));
  return std::to_string(v) + " (" + hex + ", " + std::to_string(width) + " bits)";
}

}  // namespace

std::string VerifyReport::failure_text(const RunOptions& opt) const {
  if (!mismatch) return {};
  const Mismatch& m = *mismatch;
  std::string s = "MISMATCH at cycle " + std::to_string(m.cycle) + " on port " + m.port + "\n";
  s += "  expected: " + m.expected + "\n";
  s += "  actual:   " + m.actual + "\n";
  if (!m.context.empty()) s += "  while:    " + m.context + "\n";
  if (opt.random) s += "  seed:     " + std::to_string(opt.seed) + "\n";
  if (!opt.repro.empty()) s += "  reproduce: " + opt.repro + "\n";
  return s;
}

Sim::Sim(std::unique_ptr<Dut> dut, const Design& design, const RunOptions& opt)
    : dut_(std::move(dut)), design_(design), on_sample_(opt.on_sample) {
  const auto& dp = dut_->ports();
  if (dp.size() != design.ports.size()) throw std::logic_error("model and design disagree on the port count");
  for (size_t i = 0; i < dp.size(); ++i) {
    const Port& p = design.ports[i];
    if (dp[i].name != p.name || dp[i].width != p.width || dp[i].is_input != (p.dir == Dir::In)) {
      throw std::logic_error("model port " + dp[i].name + " does not match the design's " + p.name);
    }
  }
  valid_of_.resize(dp.size());
  for (size_t i = 0; i < dp.size(); ++i) {
    const std::string& v = design.ports[i].valid;
    if (v.empty()) continue;
    valid_of_[i] = port(v);
    if (width(*valid_of_[i]) != 1) throw std::logic_error("port " + dp[i].name + ": its valid " + v + " is not 1 bit");
  }
  if (design.port("clk_i")) clk_ = port("clk_i");
  if (design.port("rst_ni")) rst_ = port("rst_ni");
  if (!opt.trace_path.empty()) {
    tracing_ = dut_->open_trace(opt.trace_path);
    if (!tracing_) throw InputError(opt.trace_path, "", "cannot open the trace file for writing");
  }
}

Sim::~Sim() {
  if (tracing_) dut_->close_trace();
}

size_t Sim::port(const std::string& name) const {
  const auto& dp = dut_->ports();
  for (size_t i = 0; i < dp.size(); ++i) {
    if (dp[i].name == name) return i;
  }
  throw std::logic_error("no port " + name + " on " + design_.top);
}

int Sim::width(size_t p) const { return dut_->ports()[p].width; }

void Sim::set(size_t p, uint64_t value) {
  const uint32_t words[2] = {static_cast<uint32_t>(value), static_cast<uint32_t>(value >> 32)};
  if (width(p) > 64) {
    std::vector<uint32_t> w(static_cast<size_t>((width(p) + 31) / 32), 0);
    w[0] = words[0];
    w[1] = words[1];
    dut_->set(p, w.data());
    return;
  }
  dut_->set(p, words);
}

uint64_t Sim::get(size_t p) const {
  if (width(p) > 64) throw std::logic_error("get() on a wide port: use get_words()");
  uint32_t words[2] = {0, 0};
  dut_->get(p, words);
  return words[0] | (static_cast<uint64_t>(words[1]) << 32);
}

int64_t Sim::get_signed(size_t p) const {
  const int w = width(p);
  const uint64_t raw = get(p);
  if (w >= 64) return static_cast<int64_t>(raw);
  const uint64_t sign = uint64_t{1} << (w - 1);
  return static_cast<int64_t>((raw ^ sign)) - static_cast<int64_t>(sign);
}

void Sim::set_words(size_t p, const std::vector<uint32_t>& words) {
  std::vector<uint32_t> w(static_cast<size_t>((width(p) + 31) / 32), 0);
  for (size_t i = 0; i < w.size() && i < words.size(); ++i) w[i] = words[i];
  dut_->set(p, w.data());
}

std::vector<uint32_t> Sim::get_words(size_t p) const {
  std::vector<uint32_t> w;
  get_words(p, w);
  return w;
}

void Sim::get_words(size_t p, std::vector<uint32_t>& w) const {
  w.assign(static_cast<size_t>((width(p) + 31) / 32), 0);
  dut_->get(p, w.data());
}

void Sim::dump(uint64_t t) {
  if (tracing_) dut_->dump(t);
}

void Sim::eval() {
  dut_->eval();
  dump(cycle_ * 10);
}

void Sim::tick() {
  if (on_sample_) on_sample_(*this);
  if (clk_) {
    set(*clk_, 1);
    dut_->eval();
    if (on_sample_) on_sample_(*this);
    dump(cycle_ * 10 + 5);
    set(*clk_, 0);
    dut_->eval();
  }
  ++cycle_;
  report_.cycles = cycle_;
}

void Sim::reset() {
  for (size_t i = 0; i < dut_->ports().size(); ++i) {
    if (dut_->ports()[i].is_input) set(i, 0);
  }
  dut_->eval();
  if (rst_) {
    for (int i = 0; i < 2; ++i) {
      eval();
      tick();
    }
    set(*rst_, 1);
  }
  dut_->eval();
}

void Sim::assert_reset() {
  if (!rst_) throw std::logic_error(design_.top + " has no reset");
  set(*rst_, 0);
  eval();
}

void Sim::release_reset() {
  tick();
  set(*rst_, 1);
  dut_->eval();
}

void Sim::fail(Mismatch m) {
  report_.ok = false;
  if (!report_.mismatch) report_.mismatch = std::move(m);
}

bool Sim::expect(size_t p, uint64_t expected, const std::string& context) {
  if (!defined_now(p)) return true;
  ++report_.checks;
  const int w = width(p);
  const uint64_t mask = w >= 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
  const uint64_t actual = get(p);
  // The expected value must fit the port, as an unsigned value or as a sign-extended negative one: a port
  // one bit too narrow must not pass because both sides were cut the same way.
  const bool fits = w >= 64 || (expected >> w) == 0 || (static_cast<int64_t>(expected) >> (w - 1)) == -1;
  if (fits && actual == (expected & mask)) return true;
  fail({cycle_, dut_->ports()[p].name,
        fits ? show(expected & mask, w) : std::to_string(expected) + " (does not fit the port)", show(actual, w),
        context});
  return false;
}

bool Sim::expect_signed(size_t p, int64_t expected, const std::string& context) {
  if (!defined_now(p)) return true;
  ++report_.checks;
  const int64_t actual = get_signed(p);
  if (actual == expected) return true;
  fail({cycle_, dut_->ports()[p].name, show_signed(expected, width(p)), show_signed(actual, width(p)), context});
  return false;
}

bool Sim::expect_lanes(size_t p, const std::vector<int64_t>& expected, int lane_width, bool is_signed,
                       const std::string& context) {
  if (!defined_now(p)) return true;
  ++report_.checks;
  const std::vector<int64_t> actual = unpack_lanes(get_words(p), lane_width, expected.size(), is_signed);
  const std::vector<int64_t> want = unpack_lanes(pack_lanes(expected, lane_width), lane_width, expected.size(), is_signed);
  for (size_t i = 0; i < want.size(); ++i) {
    if (actual[i] == want[i]) continue;
    fail({cycle_, dut_->ports()[p].name + " lane " + std::to_string(i), show_signed(want[i], lane_width),
          show_signed(actual[i], lane_width), context});
    return false;
  }
  return true;
}

}  // namespace bf::verif
