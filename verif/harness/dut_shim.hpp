// Compiled into each model .so together with the Verilator output; implements Dut for the class VTop.
// The generated shim source is only: #include "V<name>.h", this header, and BF_DUT_SHIM(V<name>, ports).
#pragma once

#include <memory>
#include <type_traits>

#include "dut.hpp"
#include "verilated.h"
#include "verilated_vcd_c.h"

namespace bf::verif::shim {

struct Binding {
  void* data = nullptr;
  int bytes = 0;  // storage size of a scalar port (1, 2, 4, 8); 0 for a VlWide port
  int words = 0;  // number of 32-bit words
};

template <class T>
Binding bind(T& member, int width) {
  if constexpr (std::is_integral_v<T>) {
    return {&member, static_cast<int>(sizeof(T)), (width + 31) / 32};
  } else {
    return {member.data(), 0, (width + 31) / 32};  // VlWide<N>: an array of 32-bit EData words
  }
}

template <class VTop>
class VerilatorDut final : public Dut {
 public:
  explicit VerilatorDut(uint64_t seed) : ctx_(std::make_unique<VerilatedContext>()) {
    ctx_->traceEverOn(true);
    ctx_->randReset(2);  // registers start with random values (needs --x-initial unique)
    ctx_->randSeed(static_cast<int>(seed % 2147483647u) + 1);
    top_ = std::make_unique<VTop>(ctx_.get(), "TOP");
  }
  ~VerilatorDut() override {
    close_trace();
    top_->final();
  }
  VTop& top() { return *top_; }
  void add(const std::string& name, bool is_input, int width, Binding b) {
    ports_.push_back({name, is_input, width});
    bindings_.push_back(b);
  }
  const std::vector<DutPort>& ports() const override { return ports_; }
  void set(size_t port, const uint32_t* w) override {
    const Binding& b = bindings_[port];
    const int width = ports_[port].width;
    switch (b.bytes) {
      case 1: *static_cast<uint8_t*>(b.data) = static_cast<uint8_t>(w[0] & mask32(width)); break;
      case 2: *static_cast<uint16_t*>(b.data) = static_cast<uint16_t>(w[0] & mask32(width)); break;
      case 4: *static_cast<uint32_t*>(b.data) = w[0] & mask32(width); break;
      case 8: {
        const uint64_t v = w[0] | (b.words > 1 ? static_cast<uint64_t>(w[1]) << 32 : 0);
        *static_cast<uint64_t*>(b.data) = width >= 64 ? v : v & ((uint64_t{1} << width) - 1);
        break;
      }
      default: {
        auto* dst = static_cast<uint32_t*>(b.data);
        for (int i = 0; i < b.words; ++i) dst[i] = w[i];
        if (width % 32) dst[b.words - 1] &= mask32(width % 32);
      }
    }
  }
  void get(size_t port, uint32_t* w) const override {
    const Binding& b = bindings_[port];
    switch (b.bytes) {
      case 1: w[0] = *static_cast<const uint8_t*>(b.data); break;
      case 2: w[0] = *static_cast<const uint16_t*>(b.data); break;
      case 4: w[0] = *static_cast<const uint32_t*>(b.data); break;
      case 8: {
        const uint64_t v = *static_cast<const uint64_t*>(b.data);
        w[0] = static_cast<uint32_t>(v);
        if (b.words > 1) w[1] = static_cast<uint32_t>(v >> 32);
        break;
      }
      default: {
        const auto* src = static_cast<const uint32_t*>(b.data);
        for (int i = 0; i < b.words; ++i) w[i] = src[i];
      }
    }
  }
  void eval() override { top_->eval(); }
  bool open_trace(const std::string& path) override {
    close_trace();
#ifdef BF_MODEL_NO_TRACE  // a model built without --trace (ModelOptions::trace): no waveform
    (void)path;
    return false;
#else
    trace_ = std::make_unique<VerilatedVcdC>();
    top_->trace(trace_.get(), 99);
    trace_->open(path.c_str());
    return trace_->isOpen();
#endif
  }
  void dump(uint64_t time) override {
    if (trace_) trace_->dump(time);
  }
  void close_trace() override {
    if (trace_) {
      trace_->close();
      trace_.reset();
    }
  }

 private:
  static uint32_t mask32(int width) { return width >= 32 ? 0xffffffffu : ((1u << width) - 1u); }
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<VTop> top_;
  std::unique_ptr<VerilatedVcdC> trace_;
  std::vector<DutPort> ports_;
  std::vector<Binding> bindings_;
};

}  // namespace bf::verif::shim
