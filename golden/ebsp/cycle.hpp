// Cycle-level models of the EBSP blocks: the LUT PE (`ebsp_pe`), the multiplier baseline (`mult_pe`) and the
// matrix-vector array (`ebsp_array`).
//
// Contract: docs/ebsp.md, every output port on every cycle (the RTL in rtl_templates/ebsp/ is compared with
// these models cycle by cycle). Use: outputs(...) for the current cycle, then clock(in) at the rising edge;
// the reset state is the state after construction.
//
// Values, not port bits: an activation is an unsigned integer in [0, 2^act_bits); a weight is the signed
// integer of its sign-magnitude domain (wgt_bits_of / wgt_value_of_bits in ebsp.hpp convert). Accumulators and
// outputs are acc_bits-bit two's complement, sign-extended to int64 (gemm::wrap).
//
// The pipeline stages are modelled functionally: the product (or a row's adder-tree sum) is computed when an
// input enters stage 1 and carried through the delay stages with its valid / clear / last bits. Only the
// output ports are cycle-exact; the internal e / m / index registers of the RTL are not modelled.
// Inputs are checked only when they are taken (valid, and for the array en): an out-of-domain value or a
// wrong vector size then throws std::invalid_argument; the ignored inputs of other cycles may be anything.
#pragma once

#include <cstdint>
#include <vector>

#include "ebsp/ebsp.hpp"
#include "gemm/gemm.hpp"

namespace bf::golden::ebsp {

// act: unsigned pattern, wgt: signed pattern (both valid), acc_bits in [1, 64].
struct PeShape {
  Pattern act{8, 4, false};
  Pattern wgt{8, 4, true};
  int acc_bits = 32;
};

// ebsp_pe (docs "ebsp_pe"): two register stages; an input taken at cycle t shows out_valid = 1 and the new
// acc = wrap((clear ? 0 : acc) + lut_product(act, wgt)) at cycle t + 2. acc holds otherwise (reset 0).
class EbspPeCycleModel {
 public:
  struct In {
    bool valid = false;
    int64_t act = 0, wgt = 0;
    bool clear = false;
  };
  struct Out {
    bool out_valid = false;
    int64_t acc = 0;
  };
  static constexpr int latency = 2;

  explicit EbspPeCycleModel(const PeShape&);  // throws std::invalid_argument for an invalid shape
  Out outputs() const { return {out_valid_, acc_}; }
  void clock(const In&);
  const PeShape& shape() const { return s_; }

 private:
  struct Stage {
    bool valid = false;
    bool clear = false;
    int64_t product = 0;  // acc_bits-bit two's complement
  };
  PeShape s_;
  Stage st_[latency - 1];  // stage 1 (steering, LUT read and exponent add)
  bool out_valid_ = false;
  int64_t acc_ = 0;
};

// mult_pe (docs "mult_pe"): the same ports with an exact product act x wgt (no pattern), latency 2.
// act_bits in [1, 16] (act in [0, 2^act_bits)), wgt_bits in [2, 16] (wgt in the sign-magnitude domain
// [-(2^(wgt_bits-1) - 1), 2^(wgt_bits-1) - 1]), acc_bits in [1, 64].
class MultPeCycleModel {
 public:
  using In = EbspPeCycleModel::In;
  using Out = EbspPeCycleModel::Out;
  static constexpr int latency = 2;

  MultPeCycleModel(int act_bits, int wgt_bits, int acc_bits);  // throws std::invalid_argument
  Out outputs() const { return {out_valid_, acc_}; }
  void clock(const In&);

 private:
  int act_bits_, wgt_bits_, acc_bits_;
  bool s1_valid_ = false, s1_clear_ = false;
  int64_t s1_product_ = 0;
  bool out_valid_ = false;
  int64_t acc_ = 0;
};

// rows R >= 1, lanes L >= 1, act unsigned, wgt signed (both valid), acc_bits in [1, 64].
struct ArrayShape {
  int rows = 4, lanes = 4;
  Pattern act{8, 4, false};
  Pattern wgt{8, 4, true};
  int acc_bits = 32;
};

// What ebsp_array computes for A . B (A in act's domain, B in wgt's): the exact GEMM of the patterned values
// (pattern_value, truncating as the PE does), each element wrapped to acc_bits. The reference of the array's
// bench, `sim` and `evaluate`.
gemm::Matrix ebsp_gemm(const ArrayShape&, const gemm::Matrix& a, const gemm::Matrix& b);

// ebsp_array (docs "ebsp_array"): stages 1..4 (steering, exponent add, LUT and shift, adder tree) carry
// {valid, last, the row sums of the beat's products}; stage 5 holds acc[R], first (reset 1) and the output
// register {out_valid (reset 0), out_data[R]}.
// Combinational: en = !(out_valid && !out_ready); in_ready = en; out_data = the output register while
// out_valid, else all 0 in this model (the RTL's is unspecified then: it is compared only under out_valid).
// At the edge, only when en: stage 1 <= {in_valid, in_last, the beat}, stage k+1 <= stage k; if stage 4 is
// valid: sum = wrap((first ? 0 : acc) + tree); on its last beat out_data <= sum, first <= 1, else acc <= sum,
// first <= 0; out_valid <= stage 4 valid && last (a read result is cleared, and replaced on the same edge by a
// new one). Nothing changes while !en. A job's last beat taken at cycle t shows out_valid at t + 5 when nothing
// stalls.
class EbspArrayCycleModel {
 public:
  struct In {
    bool in_valid = false;
    std::vector<int64_t> act;  // L activations
    std::vector<int64_t> wgt;  // R * L weights, row-major: row r, lane l at r * L + l
    bool in_last = false;
    bool out_ready = false;
  };
  struct Out {
    bool in_ready = false;
    bool out_valid = false;
    std::vector<int64_t> out_data;  // R values, all 0 while !out_valid (the RTL's: unspecified then)
  };
  static constexpr int latency = 5;

  explicit EbspArrayCycleModel(const ArrayShape&);  // throws std::invalid_argument for an invalid shape
  Out outputs(const In&) const;                      // reads only in.out_ready
  void clock(const In&);
  const ArrayShape& shape() const { return s_; }

 private:
  struct Stage {
    bool valid = false;
    bool last = false;
    std::vector<int64_t> tree;  // R row sums, acc_bits-bit two's complement
  };
  bool en(const In& in) const { return !(out_valid_ && !in.out_ready); }

  ArrayShape s_;
  Stage st_[latency - 1];  // stages 1..4
  std::vector<int64_t> acc_;
  bool first_ = true;
  bool out_valid_ = false;
  std::vector<int64_t> out_data_;
};

}  // namespace bf::golden::ebsp
