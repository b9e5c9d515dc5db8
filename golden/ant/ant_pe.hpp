// Cycle model of the ANT PE (rtl_templates/ant/ant_pe.sv): a registered accumulator and valid.
#pragma once

#include <cstdint>

#include "ant/ant.hpp"
#include "gemm/gemm.hpp"

namespace bf::golden::ant {

// The TypeFusion product (a.base * b.base) << (a.exp + b.exp): the exact product of the two values.
inline int64_t typefusion_product(const BaseExp& a, const BaseExp& b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a.base * b.base) << (a.exp + b.exp));
}

class AntPeCycleModel {
 public:
  struct In {
    bool valid = false;
    bool clear = false;
    BaseExp a, b;
  };
  struct Out {
    bool valid = false;
    int64_t acc = 0;  // acc_bits-bit two's complement
  };
  explicit AntPeCycleModel(int acc_bits) : acc_bits_(acc_bits) {}
  Out outputs() const { return {valid_, acc_}; }
  void clock(const In& in) {
    valid_ = in.valid;
    if (!in.valid) return;
    const uint64_t sum = static_cast<uint64_t>(in.clear ? 0 : acc_) + static_cast<uint64_t>(typefusion_product(in.a, in.b));
    acc_ = gemm::wrap(static_cast<int64_t>(sum), acc_bits_);
  }

 private:
  int acc_bits_;
  bool valid_ = false;
  int64_t acc_ = 0;
};

}  // namespace bf::golden::ant
