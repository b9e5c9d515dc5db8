#include "ebsp/cycle.hpp"

#include <stdexcept>
#include <string>

#include "gemm/gemm.hpp"

namespace bf::golden::ebsp {

namespace {

void check_operands(const Pattern& act, const Pattern& wgt, int acc_bits, const char* what) {
  if (!valid_pattern(act) || act.is_signed)
    throw std::invalid_argument(std::string("ebsp: ") + what + ": the activation pattern must be a valid unsigned one");
  if (!valid_pattern(wgt) || !wgt.is_signed)
    throw std::invalid_argument(std::string("ebsp: ") + what + ": the weight pattern must be a valid signed one");
  if (acc_bits < 1 || acc_bits > 64)
    throw std::invalid_argument(std::string("ebsp: ") + what + ": acc_bits " + std::to_string(acc_bits) +
                                " not in [1, 64]");
}

// (base + x) mod 2^bits, two's complement (unsigned arithmetic: no signed overflow).
int64_t add_wrap(int64_t base, int64_t x, int bits) {
  return gemm::wrap(static_cast<int64_t>(static_cast<uint64_t>(base) + static_cast<uint64_t>(x)), bits);
}

}  // namespace

// ---- ebsp_pe ----

EbspPeCycleModel::EbspPeCycleModel(const PeShape& s) : s_(s) { check_operands(s.act, s.wgt, s.acc_bits, "ebsp_pe"); }

void EbspPeCycleModel::clock(const In& in) {
  // The accumulate stage (2) takes stage 1; any delay stages between shift (none since issue 15); stage 1
  // takes the input.
  const Stage& last = st_[latency - 2];
  out_valid_ = last.valid;
  if (last.valid) acc_ = add_wrap(last.clear ? 0 : acc_, last.product, s_.acc_bits);
  for (int k = latency - 2; k > 0; --k) st_[k] = st_[k - 1];
  Stage s1;
  s1.valid = in.valid;
  s1.clear = in.clear;
  if (in.valid) s1.product = gemm::wrap(lut_product(s_.act, s_.wgt, in.act, in.wgt), s_.acc_bits);
  st_[0] = s1;
}

// ---- mult_pe ----

MultPeCycleModel::MultPeCycleModel(int act_bits, int wgt_bits, int acc_bits)
    : act_bits_(act_bits), wgt_bits_(wgt_bits), acc_bits_(acc_bits) {
  check_operands({act_bits, 1, false}, {wgt_bits, 1, true}, acc_bits, "mult_pe");
}

void MultPeCycleModel::clock(const In& in) {
  out_valid_ = s1_valid_;
  if (s1_valid_) acc_ = add_wrap(s1_clear_ ? 0 : acc_, s1_product_, acc_bits_);
  s1_valid_ = in.valid;
  s1_clear_ = in.clear;
  if (in.valid) {
    const Pattern act{act_bits_, 1, false}, wgt{wgt_bits_, 1, true};  // only for the domain checks
    if (in.act < min_value(act) || in.act > max_value(act) || in.wgt < min_value(wgt) || in.wgt > max_value(wgt))
      throw std::invalid_argument("ebsp: mult_pe: operand outside its domain");
    s1_product_ = gemm::wrap(in.act * in.wgt, acc_bits_);  // |product| < 2^31
  }
}

// ---- ebsp_array ----

gemm::Matrix ebsp_gemm(const ArrayShape& s, const gemm::Matrix& a, const gemm::Matrix& b) {
  gemm::Matrix pa = a, pb = b;
  for (auto& v : pa.v) v = pattern_value(s.act, v);
  for (auto& v : pb.v) v = pattern_value(s.wgt, v);
  return gemm::gemm(pa, pb, s.acc_bits);
}

EbspArrayCycleModel::EbspArrayCycleModel(const ArrayShape& s) : s_(s) {
  check_operands(s.act, s.wgt, s.acc_bits, "ebsp_array");
  if (s.rows < 1 || s.lanes < 1) throw std::invalid_argument("ebsp: ebsp_array: rows and lanes must be >= 1");
  const auto r = static_cast<size_t>(s.rows);
  for (Stage& st : st_) st.tree.assign(r, 0);
  acc_.assign(r, 0);
  out_data_.assign(r, 0);
}

EbspArrayCycleModel::Out EbspArrayCycleModel::outputs(const In& in) const {
  Out o;
  o.in_ready = en(in);
  o.out_valid = out_valid_;
  o.out_data = out_valid_ ? out_data_ : std::vector<int64_t>(static_cast<size_t>(s_.rows), 0);
  return o;
}

void EbspArrayCycleModel::clock(const In& in) {
  if (!en(in)) return;  // the whole pipeline holds while a result waits
  const auto R = static_cast<size_t>(s_.rows), L = static_cast<size_t>(s_.lanes);

  // Stage 5: accumulate stage 4; the output register is read (en) and maybe reloaded.
  const Stage& s4 = st_[latency - 2];
  out_valid_ = s4.valid && s4.last;
  if (s4.valid) {
    for (size_t r = 0; r < R; ++r) {
      const int64_t sum = add_wrap(first_ ? 0 : acc_[r], s4.tree[r], s_.acc_bits);
      if (s4.last)
        out_data_[r] = sum;
      else
        acc_[r] = sum;
    }
    first_ = s4.last;
  }
  for (int k = latency - 2; k > 0; --k) st_[k] = st_[k - 1];

  // Stage 1 takes the beat.
  Stage& s1 = st_[0];
  s1.valid = in.in_valid;
  s1.last = in.in_last;
  if (!in.in_valid) return;
  if (in.act.size() != L || in.wgt.size() != R * L)
    throw std::invalid_argument("ebsp: ebsp_array: a beat needs " + std::to_string(L) + " activations and " +
                                std::to_string(R * L) + " weights");
  for (size_t r = 0; r < R; ++r) {
    int64_t tree = 0;
    for (size_t l = 0; l < L; ++l)
      tree = add_wrap(tree, lut_product(s_.act, s_.wgt, in.act[l], in.wgt[r * L + l]), s_.acc_bits);
    s1.tree[r] = tree;
  }
}

}  // namespace bf::golden::ebsp
