// Toggle counts of a wide output port sampled by RunOptions::on_sample: how often each bit changed between
// consecutive samples (`ppa` probes every net of a mapped netlist this way).
#pragma once

#include <cstdint>
#include <vector>

#include "harness.hpp"

namespace bf::verif {

class ToggleCounter {
 public:
  ToggleCounter(size_t port, int width) : port_(port), toggles_(static_cast<size_t>(width), 0) {}

  void sample(const Sim& sim) {
    sim.get_words(port_, now_);
    if (!prev_.empty()) {
      for (size_t w = 0; w < now_.size(); ++w) {
        for (uint32_t diff = now_[w] ^ prev_[w]; diff != 0; diff &= diff - 1) {
          const size_t bit = w * 32 + static_cast<size_t>(__builtin_ctz(diff));
          if (bit < toggles_.size()) ++toggles_[bit];
        }
      }
    }
    std::swap(prev_, now_);
  }
  const std::vector<uint64_t>& toggles() const { return toggles_; }

 private:
  size_t port_;
  std::vector<uint64_t> toggles_;
  std::vector<uint32_t> prev_, now_;  // the last sample and the one being taken (storage reused)
};

}  // namespace bf::verif
