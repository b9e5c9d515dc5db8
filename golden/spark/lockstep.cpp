// spark_array with lockstep: the register-level model of rtl_templates/spark/spark_array_lockstep.sv and
// spark_array_lcell.sv (golden/spark/array.hpp states it; docs/spark_array.md "Lock-step synchronization").
#include <algorithm>
#include <stdexcept>
#include <string>

#include "gemm/gemm.hpp"
#include "spark/array.hpp"

namespace bf::golden::spark {

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("spark lock-step array: " + what);
}

// The cycles of a pair of decoded operands, or 0 for a PE without one.
int pe_cycles(bool v, const Operand& a, const Operand& b) { return v ? pair_cycles(a.is_long, b.is_long) : 0; }

}  // namespace

LockstepArrayModel::LockstepArrayModel(const ArrayShape& s) : s_(s), gap_(s.cols) {
  require(s.rows >= 1 && s.cols >= 1, "rows and cols must be >= 1");
  require(valid_format(s.a_format()), "invalid bits " + std::to_string(s.bits));
  require(s.acc_bits >= s.bits + 1 && s.acc_bits <= 64, "acc_bits must be in [bits + 1, 64]");
  require(s.result_buffer && !s.skid, "needs result_buffer and no skid");
  for (int r = 0; r < s.rows; ++r) {
    dec_a_.emplace_back(s.a_format());
    skew_a_.emplace_back(static_cast<size_t>(r));
  }
  for (int c = 0; c < s.cols; ++c) {
    dec_b_.emplace_back(s.b_format());
    skew_b_.emplace_back(static_cast<size_t>(c));
  }
  for (int i = 0; i < s.rows * s.cols; ++i) pes_.push_back(Pe{{}, {}, PeCycleModel(s.bits, s.acc_bits), true, 0, 0});
  full_.assign(static_cast<size_t>(s.rows), false);
}

PeCycleModel::In LockstepArrayModel::core_in(const Pe& p, bool en) const {
  const bool valid = en && ph_ < pe_cycles(p.a.v, p.a.op, p.b);
  return {valid, p.a.op, p.b, p.fresh};
}

LockstepArrayModel::Comb LockstepArrayModel::comb() const {
  Comb k;
  int nmax = 1;
  for (const Pe& p : pes_) nmax = std::max(nmax, pe_cycles(p.a.v, p.a.op, p.b));
  k.step = ph_ == nmax - 1;
  k.en = true;
  for (int r = 0; r < s_.rows; ++r) {
    const Pe& first = pe(r, 0);
    const bool pending = first.a.last && ph_ < pe_cycles(first.a.v, first.a.op, first.b);
    if (full_[static_cast<size_t>(r)] && pending) k.en = false;
  }
  bool all_valid = true;
  k.job_last = true;
  for (const auto* decs : {&dec_a_, &dec_b_}) {
    for (const EdgeDecoder& d : *decs) {
      all_valid = all_valid && d.valid;
      k.job_last = k.job_last && d.last;
      k.any_last = k.any_last || d.last;
    }
  }
  k.fire = k.step && k.en && all_valid && (!k.job_last || (gap_ == s_.cols && jobs_ < 2));
  return k;
}

ArrayOut LockstepArrayModel::outputs(const ArrayIn&) const {
  const Comb k = comb();
  ArrayOut o;
  for (const EdgeDecoder& d : dec_a_) o.a_ready.push_back(!d.valid || k.fire);
  for (const EdgeDecoder& d : dec_b_) o.b_ready.push_back(!d.valid || k.fire);
  o.c_valid = full_[static_cast<size_t>(ptr_)];
  // 0 while c_valid is low (the RTL's c_data_o is unspecified then: the result registers are not reset).
  for (int c = 0; c < s_.cols; ++c) o.c_data.push_back(o.c_valid ? pe(ptr_, c).res : 0);
  o.c_last = ptr_ == s_.rows - 1;
  o.err = err_;
  return o;
}

// At a shift: every PE takes its left / upper neighbour's operands (old values, so from the far end back), the
// first column and row take the skew outputs, and the skew stages advance with this cycle's decoder values.
void LockstepArrayModel::shift_operands(bool fire) {
  for (int r = 0; r < s_.rows; ++r) {
    for (int c = s_.cols - 1; c > 0; --c) pe(r, c).a = pe(r, c - 1).a;
  }
  for (int c = 0; c < s_.cols; ++c) {
    for (int r = s_.rows - 1; r > 0; --r) pe(r, c).b = pe(r - 1, c).b;
  }
  for (int r = 0; r < s_.rows; ++r) {
    const EdgeDecoder& d = dec_a_[static_cast<size_t>(r)];
    Tok in{fire, d.last, d.op};
    auto& sk = skew_a_[static_cast<size_t>(r)];
    if (!sk.empty()) {
      std::swap(in, sk.front());
      std::rotate(sk.begin(), sk.begin() + 1, sk.end());
    }
    pe(r, 0).a = in;
  }
  for (int c = 0; c < s_.cols; ++c) {
    Operand in = dec_b_[static_cast<size_t>(c)].op;
    auto& sk = skew_b_[static_cast<size_t>(c)];
    if (!sk.empty()) {
      std::swap(in, sk.front());
      std::rotate(sk.begin(), sk.begin() + 1, sk.end());
    }
    pe(0, c).b = in;
  }
}

void LockstepArrayModel::clock(const ArrayIn& in) {
  const auto R = static_cast<size_t>(s_.rows), C = static_cast<size_t>(s_.cols);
  require(in.a_valid.size() == R && in.a_last.size() == R && in.a_unit.size() == R, "A needs one lane per row");
  require(in.b_valid.size() == C && in.b_last.size() == C && in.b_unit.size() == C, "B needs one lane per column");
  const Comb k = comb();
  if (k.fire && k.any_last && !k.job_last) err_ = true;
  // C side: a taken row clears its flag; a row's last PE finishing the job's last pair sets it (set wins).
  const bool take = full_[static_cast<size_t>(ptr_)] && in.c_ready;
  const bool c_last = ptr_ == s_.rows - 1;
  jobs_ += (k.fire && k.job_last ? 1 : 0) - (take && c_last ? 1 : 0);
  if (take) {
    full_[static_cast<size_t>(ptr_)] = false;
    ptr_ = c_last ? 0 : ptr_ + 1;
  }
  for (int r = 0; r < s_.rows; ++r) {
    for (int c = 0; c < s_.cols; ++c) {
      Pe& p = pe(r, c);
      const PeCycleModel::In ci = core_in(p, k.en);
      const PeCycleModel::Out co = p.core.outputs(ci);
      if (ci.valid && co.ready) {
        if (p.a.last) {
          p.res = co.sum;
          if (c == s_.cols - 1) full_[static_cast<size_t>(r)] = true;
        }
        p.fresh = p.a.last;
      }
      p.core.clock(ci);
      if (ci.valid) ++p.busy;
    }
  }
  if (k.en && k.step) {
    if (k.fire && k.job_last) {
      gap_ = 0;
    } else if (gap_ < s_.cols) {
      ++gap_;
    }
    shift_operands(k.fire);
  }
  if (k.en) ph_ = k.step ? 0 : ph_ + 1;
  for (size_t r = 0; r < R; ++r) dec_a_[r].clock(in.a_valid[r], in.a_unit[r], in.a_last[r], k.fire);
  for (size_t c = 0; c < C; ++c) dec_b_[c].clock(in.b_valid[c], in.b_unit[c], in.b_last[c], k.fire);
}

uint64_t LockstepArrayModel::busy_cycles(int r, int c) const {
  require(r >= 0 && r < s_.rows && c >= 0 && c < s_.cols, "PE index out of range");
  return pe(r, c).busy;
}

}  // namespace bf::golden::spark
