#include "gemm/int_array.hpp"

#include <stdexcept>

#include "gemm/gemm.hpp"

namespace bf::golden::gemm {

namespace {

// Digit i (width d) of v extended to n*d bits; the top digit is signed when the operand is.
int64_t digit(int64_t v, int d, int n, int i, bool is_signed) {
  const uint64_t u = static_cast<uint64_t>(v) >> (i * d);
  const uint64_t mask = (uint64_t{1} << d) - 1;
  const int64_t raw = static_cast<int64_t>(u & mask);
  if (is_signed && i == n - 1 && ((raw >> (d - 1)) & 1)) return raw - (int64_t{1} << d);
  return raw;
}

// A skew register chain (newest at the front): `in` enters, the oldest entry leaves; no stages: `in` itself.
template <class T>
T shift(std::deque<T>& q, const T& in) {
  if (q.empty()) return in;
  T out = q.back();
  q.pop_back();
  q.push_front(in);
  return out;
}

}  // namespace

int64_t digit_product(const IntArrayShape& s, int64_t a, int64_t b, int ia, int ib) {
  const int64_t da = digit(a, s.da(), s.na(), ia, s.a_signed);
  const int64_t db = digit(b, s.db(), s.nb(), ib, s.b_signed);
  return static_cast<int64_t>(static_cast<uint64_t>(da * db) << (ia * s.da() + ib * s.db()));
}

IntArrayCycleModel::IntArrayCycleModel(const IntArrayShape& s)
    : s_(s),
      skew_a_(static_cast<size_t>(s.rows)),
      skew_b_(static_cast<size_t>(s.cols)),
      pes_(static_cast<size_t>(s.rows * s.cols)),
      full_(static_cast<size_t>(s.rows), false),
      gap_(s.cols) {
  for (int r = 0; r < s.rows; ++r) skew_a_[static_cast<size_t>(r)].assign(static_cast<size_t>(r), Token{});
  for (int c = 0; c < s.cols; ++c) skew_b_[static_cast<size_t>(c)].assign(static_cast<size_t>(c), 0);
}

bool IntArrayCycleModel::stalled() const {
  for (int r = 0; r < s_.rows; ++r) {
    if (!full_[static_cast<size_t>(r)] || !pe(r, 0).v) continue;
    if (s_.result_buffer ? step() && pe(r, 0).l : pe(r, 0).first) return true;
  }
  return false;
}

bool IntArrayCycleModel::fire(const In& in) const {
  if (!step() || stalled()) return false;
  for (int r = 0; r < s_.rows; ++r) {
    if (!in.a_valid[static_cast<size_t>(r)]) return false;
  }
  for (int c = 0; c < s_.cols; ++c) {
    if (!in.b_valid[static_cast<size_t>(c)]) return false;
  }
  if (!s_.result_buffer) return !between_ || (gap_ == s_.cols && jobs_ < 2);
  return !job_last(in) || (gap_ == s_.cols && jobs_ < 2);
}

bool IntArrayCycleModel::job_last(const In& in) {
  bool last = true;
  for (bool l : in.a_last) last = last && l;
  for (bool l : in.b_last) last = last && l;
  return last;
}

bool IntArrayCycleModel::any_last(const In& in) {
  bool last = false;
  for (bool l : in.a_last) last = last || l;
  for (bool l : in.b_last) last = last || l;
  return last;
}

bool IntArrayCycleModel::c_valid() const {
  const auto full = [&](int r) { return static_cast<bool>(full_[static_cast<size_t>(r % s_.rows)]); };
  return int8_head() ? ptr_ % 2 == 0 && full(ptr_) && full(ptr_ + 1) : full(ptr_);
}

bool IntArrayCycleModel::c_last() const { return ptr_ == s_.rows - (int8_head() ? 2 : 1); }

IntArrayCycleModel::Out IntArrayCycleModel::outputs(const In& in) const {
  Out o;
  o.ready = fire(in);
  o.c_valid = c_valid();
  o.c_last = c_last();
  o.err = err_;
  for (int c = 0; c < s_.cols; ++c) {
    if (!int8_head()) {
      o.c_data.push_back(pe(ptr_, c).res);
    } else if (c < s_.cols / 2 && ptr_ % 2 == 0) {
      const uint64_t sum = static_cast<uint64_t>(pe(ptr_, 2 * c).res) + static_cast<uint64_t>(pe(ptr_, 2 * c + 1).res) +
                           static_cast<uint64_t>(pe(ptr_ + 1, 2 * c).res) +
                           static_cast<uint64_t>(pe(ptr_ + 1, 2 * c + 1).res);
      o.c_data.push_back(wrap(static_cast<int64_t>(sum), s_.acc_bits));
    } else {
      o.c_data.push_back(0);
    }
  }
  return o;
}

void IntArrayCycleModel::clock(const In& in) {
  const bool en = !stalled();
  const bool st = step();
  const bool f = fire(in);
  const bool last = job_last(in);
  if (f && any_last(in) && !last) err_ = true;
  if (f) between_ = last;
  // C side (not gated by the stall): a taken row frees its result registers.
  const bool take = c_valid() && in.c_ready;
  const bool pop = take && c_last();
  jobs_ += (f && last ? 1 : 0) - (pop ? 1 : 0);
  if (take) {
    const int step_rows = int8_head() ? 2 : 1;
    for (int k = 0; k < step_rows; ++k) full_[static_cast<size_t>(ptr_ + k)] = false;
    ptr_ = pop ? 0 : ptr_ + step_rows;
  }
  if (pop) modes_.pop_front();
  if (f && last) modes_.push_back(in.int8);
  if (!en) return;
  // Rows whose last PE hands over now become readable.
  for (int r = 0; r < s_.rows; ++r) {
    const Pe& p = pe(r, s_.cols - 1);
    if (st && p.v && p.l) full_[static_cast<size_t>(r)] = true;
  }
  // Accumulate this phase's digit product (from 0 on a job's first phase); at a step, the job's last token hands
  // the sum to the result register. Without result registers C is the accumulator itself (res mirrors acc).
  for (auto& p : pes_) {
    if (!p.v) continue;
    const uint64_t base = p.first ? 0 : static_cast<uint64_t>(p.acc);
    const int64_t sum = wrap(static_cast<int64_t>(base + static_cast<uint64_t>(digit_product(s_, p.a, p.b, ia_, ib_))),
                             s_.acc_bits);
    p.first = st && p.l;
    if (!s_.result_buffer) {
      p.acc = p.res = sum;
    } else if (st && p.l) {
      p.res = sum;
    } else {
      p.acc = sum;
    }
  }
  if (st) {
    if (f && last) {
      gap_ = 0;
    } else if (gap_ < s_.cols) {
      ++gap_;
    }
    // Shift: PEs take their left / upper neighbour's operands (old values), edges take the skew outputs.
    for (int r = 0; r < s_.rows; ++r) {
      for (int c = s_.cols - 1; c >= 0; --c) {
        Pe& p = pe(r, c);
        if (c > 0) {
          const Pe& left = pe(r, c - 1);
          p.a = left.a;
          p.v = left.v;
          p.l = left.l;
        }
      }
    }
    for (int c = 0; c < s_.cols; ++c) {
      for (int r = s_.rows - 1; r > 0; --r) pe(r, c).b = pe(r - 1, c).b;
    }
    for (int r = 0; r < s_.rows; ++r) {
      const Token edge = shift(skew_a_[static_cast<size_t>(r)], Token{f, last, in.a_data[static_cast<size_t>(r)]});
      Pe& p = pe(r, 0);
      p.a = edge.data;
      p.v = edge.valid;
      p.l = edge.last;
    }
    for (int c = 0; c < s_.cols; ++c) {
      pe(0, c).b = shift(skew_b_[static_cast<size_t>(c)], in.b_data[static_cast<size_t>(c)]);
    }
  }
  // Phase counters: ib runs fastest.
  if (++ib_ == s_.nb()) {
    ib_ = 0;
    if (++ia_ == s_.na()) ia_ = 0;
  }
}

uint64_t full_rate_cycles(const IntArrayShape& s, const std::vector<Job>& jobs) {
  if (jobs.empty()) return 0;
  const auto R = static_cast<size_t>(s.rows), C = static_cast<size_t>(s.cols);
  for (const Job& j : jobs) {
    if (j.a.rows != s.rows || j.b.cols != s.cols || j.b.rows != j.a.cols || j.a.cols < 1) {
      throw std::invalid_argument("int_array full_rate_cycles: a job does not fit the array");
    }
  }
  IntArrayCycleModel m(s);
  IntArrayCycleModel::In in{std::vector<bool>(R, true), std::vector<bool>(R), std::vector<int64_t>(R), std::vector<bool>(C, true),
        std::vector<bool>(C), std::vector<int64_t>(C), true, false};
  size_t job = 0;
  int k = 0;
  const uint64_t rows = jobs.size() * R;
  uint64_t taken = 0;
  for (uint64_t cyc = 0;; ++cyc) {
    const bool more = job < jobs.size();
    for (size_t r = 0; r < R; ++r) {
      in.a_valid[r] = more;
      in.a_data[r] = more ? jobs[job].a.at(static_cast<int>(r), k) : 0;
      in.a_last[r] = more && k == jobs[job].a.cols - 1;
    }
    for (size_t c = 0; c < C; ++c) {
      in.b_valid[c] = more;
      in.b_data[c] = more ? jobs[job].b.at(k, static_cast<int>(c)) : 0;
      in.b_last[c] = more && k == jobs[job].a.cols - 1;
    }
    const IntArrayCycleModel::Out o = m.outputs(in);
    if (more && o.ready && ++k == jobs[job].a.cols) {
      k = 0;
      ++job;
    }
    if (o.c_valid && ++taken == rows) return cyc + 1;
    m.clock(in);
  }
}

}  // namespace bf::golden::gemm
