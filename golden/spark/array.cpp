// bitforge golden cycle models of the SPARK accelerator. See array.hpp and docs/spark_array.md.
#include "spark/array.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "gemm/gemm.hpp"

namespace bf::golden::spark {

namespace {

__extension__ typedef __int128 i128;  // exact c x m (up to 80 bits) in requantize

uint64_t mask(int n) { return (uint64_t{1} << n) - 1; }

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("spark array: " + what);
}

void require_acc_bits(int acc_bits) { require(acc_bits >= 1 && acc_bits <= 64, "acc_bits must be in [1, 64]"); }

// The operand held in a decoder register after `u` completed value `d`: the sign is the completing unit's
// sign bit (kept also for a magnitude of 0, as the RTL register does), mag = |value|.
Operand decoder_operand(const Format& f, const Decoded& d, Unit u) {
  Operand o = to_operand(f, d);
  o.sign = f.is_signed && ((u >> f.unit_bits()) & 1u) != 0;
  return o;
}

}  // namespace

Operand to_operand(const Format& f, const Decoded& d) {
  require(valid_format(f), "invalid format");
  Operand o;
  o.mag = static_cast<uint32_t>(d.value < 0 ? -d.value : d.value);
  o.is_long = d.is_long;
  o.sign = f.is_signed && d.value < 0;
  return o;
}

gemm::Matrix spark_gemm(const ArrayShape& shape, const gemm::Matrix& a, const gemm::Matrix& b) {
  gemm::Matrix ra = a, rb = b;
  for (auto& v : ra.v) v = spark_value(shape.a_format(), v);
  for (auto& v : rb.v) v = spark_value(shape.b_format(), v);
  return gemm::gemm(ra, rb, shape.acc_bits);
}

int pair_cycles(bool a_long, bool b_long) { return (a_long ? 2 : 1) * (b_long ? 2 : 1); }

int64_t operand_value(const Operand& o) {
  const auto m = static_cast<int64_t>(o.mag);
  return o.sign ? -m : m;
}

// ---------------------------------------------------------------------------------------------------------
// spark_pe

PeCycleModel::PeCycleModel(int bits, int acc_bits) : bits_(bits), acc_bits_(acc_bits) {
  require(valid_format(Format{bits, false}), "invalid bits " + std::to_string(bits));
  require_acc_bits(acc_bits);
}

PeCycleModel::Out PeCycleModel::outputs(const In& in) const {
  const int b = bits_ / 2;
  const int nb = in.b.is_long ? 2 : 1;
  const int n = pair_cycles(in.a.is_long, in.b.is_long);
  // Sub-step s multiplies halves ia = s / nb, ib = s % nb: (lo,lo), (lo,hi), (hi,lo), (hi,hi) for long x long.
  const int ia = (sub_q_ / nb) % 2;
  const int ib = sub_q_ % nb;
  const uint64_t a_half = ia == 0 ? (in.a.mag & mask(b)) : ((in.a.mag >> b) & mask(b));
  const uint64_t b_half = ib == 0 ? (in.b.mag & mask(b)) : ((in.b.mag >> b) & mask(b));
  uint64_t partial = (a_half * b_half) << ((ia + ib) * b);
  if (in.a.sign != in.b.sign) partial = uint64_t{0} - partial;  // negated, modulo 2^64 (then 2^CW)
  const uint64_t base = (in.clear && sub_q_ == 0) ? 0 : static_cast<uint64_t>(acc_q_);
  Out o;
  o.ready = sub_q_ == n - 1;
  o.sum = gemm::wrap(static_cast<int64_t>(base + partial), acc_bits_);
  o.out_valid = out_valid_q_;
  o.acc = acc_q_;
  return o;
}

void PeCycleModel::clock(const In& in) {
  const Out o = outputs(in);
  const bool consume = in.valid && o.ready;
  if (in.valid) {
    acc_q_ = o.sum;
    sub_q_ = o.ready ? 0 : sub_q_ + 1;
  }
  out_valid_q_ = consume;
}

// ---------------------------------------------------------------------------------------------------------
// spark_array

void EdgeDecoder::clock(bool unit_valid, Unit unit, bool unit_last, bool take) {
  const bool ready = !valid || take;
  if (unit_valid && ready) {
    if (const auto v = dec.push(unit)) {
      valid = true;
      last = unit_last;
      op = decoder_operand(fmt, *v, unit);
      return;
    }
  }
  if (take) valid = false;
}

ArrayCycleModel::ArrayCycleModel(const ArrayShape& s) : s_(s) {
  if (s.lockstep) {
    lockstep_.emplace(s);
    return;
  }
  require(s.rows >= 1 && s.cols >= 1, "rows and cols must be >= 1");
  require(valid_format(s.a_format()), "invalid bits " + std::to_string(s.bits));
  require(s.fifo_depth >= 1, "fifo_depth must be >= 1");
  require_acc_bits(s.acc_bits);
  for (int r = 0; r < s.rows; ++r) dec_a_.emplace_back(s.a_format());
  for (int c = 0; c < s.cols; ++c) dec_b_.emplace_back(s.b_format());
  const Fifo empty{std::vector<Value>(static_cast<size_t>(s.fifo_depth)), 0};
  for (int i = 0; i < s.rows * s.cols; ++i)
    pes_.push_back(Pe{empty, empty, {}, {}, PeCycleModel(s.bits, s.acc_bits), 0, false, true, 0, false});
}

PeCycleModel::In ArrayCycleModel::core_in(const Pe& p) const {
  const Value& ah = p.a.e[0];
  const bool waits = p.res_full && (s_.result_buffer ? ah.last : p.fresh);  // the unread result would be lost
  const bool valid = p.a.count > 0 && p.b.count > 0 && !waits;
  return {valid, ah.op, p.b.e[0].op, p.fresh};
}

// Whether a PE may accept as far as its forward register goes: without skid it must be empty or being taken by
// the neighbour now; with skid it must hold fewer than two values (the neighbour's accept is not looked at).
bool ArrayCycleModel::forward_free(const std::vector<Value>& f, bool next_accepts) const {
  return s_.skid ? f.size() < 2 : f.empty() || next_accepts;
}

ArrayCycleModel::Value ArrayCycleModel::offered(const std::vector<Value>& f) { return f.empty() ? Value{} : f.front(); }

void ArrayCycleModel::step_forward(std::vector<Value>& f, bool taken, bool accepted, const Value& v) {
  if (taken) f.erase(f.begin());
  if (accepted) f.push_back(v);
}

ArrayCycleModel::Comb ArrayCycleModel::comb() const {
  const size_t n = pes_.size();
  Comb k{std::vector<bool>(n), std::vector<bool>(n), std::vector<bool>(n), std::vector<bool>(n)};
  for (size_t i = 0; i < n; ++i) {
    const PeCycleModel::In in = core_in(pes_[i]);
    k.valid[i] = in.valid;
    k.pop[i] = in.valid && pes_[i].core.outputs(in).ready;
  }
  const int d = s_.fifo_depth;
  // A accepts along each row, from the last column back (PE (r, c) needs (r, c+1)'s accept).
  for (int r = 0; r < s_.rows; ++r) {
    for (int c = s_.cols - 1; c >= 0; --c) {
      const Pe& p = pes_[idx(r, c)];
      const bool in_valid = c == 0 ? dec_a_[static_cast<size_t>(r)].valid : !pes_[idx(r, c - 1)].fa.empty();
      const bool room = p.a.count < d || k.pop[idx(r, c)];
      const bool fwd = c == s_.cols - 1 || forward_free(p.fa, k.acc_a[idx(r, c + 1)]);
      k.acc_a[idx(r, c)] = in_valid && room && fwd;
    }
  }
  // B accepts down each column, from the last row up.
  for (int c = 0; c < s_.cols; ++c) {
    for (int r = s_.rows - 1; r >= 0; --r) {
      const Pe& p = pes_[idx(r, c)];
      const bool in_valid = r == 0 ? dec_b_[static_cast<size_t>(c)].valid : !pes_[idx(r - 1, c)].fb.empty();
      const bool room = p.b.count < d || k.pop[idx(r, c)];
      const bool fwd = r == s_.rows - 1 || forward_free(p.fb, k.acc_b[idx(r + 1, c)]);
      k.acc_b[idx(r, c)] = in_valid && room && fwd;
    }
  }
  return k;
}

bool ArrayCycleModel::c_valid() const {
  for (int c = 0; c < s_.cols; ++c)
    if (!pes_[idx(ptr_, c)].res_full) return false;
  return true;
}

void ArrayCycleModel::check(const In& in) const {
  const auto r = static_cast<size_t>(s_.rows), c = static_cast<size_t>(s_.cols);
  require(in.a_valid.size() == r && in.a_last.size() == r && in.a_unit.size() == r, "A needs one lane per row");
  require(in.b_valid.size() == c && in.b_last.size() == c && in.b_unit.size() == c, "B needs one lane per column");
}

ArrayCycleModel::Out ArrayCycleModel::outputs(const In& in) const {
  if (lockstep_) return lockstep_->outputs(in);
  const Comb k = comb();
  Out o;
  for (int r = 0; r < s_.rows; ++r) o.a_ready.push_back(!dec_a_[static_cast<size_t>(r)].valid || k.acc_a[idx(r, 0)]);
  for (int c = 0; c < s_.cols; ++c) o.b_ready.push_back(!dec_b_[static_cast<size_t>(c)].valid || k.acc_b[idx(0, c)]);
  o.c_valid = c_valid();
  // The model shows 0 while c_valid is low; the RTL's c_data_o is unspecified then (its result registers are not
  // reset and nothing gates them), so benches compare it only while c_valid_o is high.
  for (int c = 0; c < s_.cols; ++c) o.c_data.push_back(o.c_valid ? pes_[idx(ptr_, c)].res : 0);
  o.c_last = ptr_ == s_.rows - 1;
  for (const Pe& p : pes_) o.err = o.err || p.err;
  return o;
}


void ArrayCycleModel::clock(const In& in) {
  if (lockstep_) {
    lockstep_->clock(in);
    return;
  }
  check(in);
  const Comb k = comb();
  const bool take_row = c_valid() && in.c_ready;
  // PEs in reverse order (last row first, last column first within a row): PE (r, c) reads the forward
  // registers of (r, c-1) and (r-1, c), which are therefore still this cycle's values when it reads them.
  for (int r = s_.rows - 1; r >= 0; --r) {
    for (int c = s_.cols - 1; c >= 0; --c) {
      const size_t i = idx(r, c);
      Pe& p = pes_[i];
      const PeCycleModel::In ci = core_in(p);
      const int64_t sum = p.core.outputs(ci).sum;
      // Result and fresh flag on a pop (a last pop only happens with res_full_q == 0).
      if (k.pop[i]) {
        if (p.a.e[0].last != p.b.e[0].last) p.err = true;
        if (p.a.e[0].last) {
          p.res = sum;
          p.res_full = true;
          p.fresh = true;
        } else {
          p.fresh = false;
        }
      }
      p.core.clock(ci);
      if (ci.valid) ++p.busy;
      // Inputs (this cycle's values: decoder registers, or the neighbours' not yet updated forward registers).
      const EdgeDecoder& da = dec_a_[static_cast<size_t>(r)];
      const EdgeDecoder& db = dec_b_[static_cast<size_t>(c)];
      const Value a_in = c == 0 ? Value{da.last, da.op} : offered(pes_[idx(r, c - 1)].fa);
      const Value b_in = r == 0 ? Value{db.last, db.op} : offered(pes_[idx(r - 1, c)].fb);
      // FIFOs: a pop shifts every entry down; a push writes at count - pop.
      const auto update = [&](Fifo& f, bool push, const Value& v) {
        if (k.pop[i]) {
          std::rotate(f.e.begin(), f.e.begin() + 1, f.e.end());
          --f.count;
        }
        if (push) f.e[static_cast<size_t>(f.count++)] = v;
      };
      update(p.a, k.acc_a[i], a_in);
      update(p.b, k.acc_b[i], b_in);
      // Forward registers: the offered value leaves when the neighbour accepts it; an accepted value joins.
      if (c < s_.cols - 1) step_forward(p.fa, k.acc_a[idx(r, c + 1)], k.acc_a[i], a_in);
      if (r < s_.rows - 1) step_forward(p.fb, k.acc_b[idx(r + 1, c)], k.acc_b[i], b_in);
    }
  }
  // Border decoders (after the PEs, which read their registers above).
  for (int r = 0; r < s_.rows; ++r) {
    const auto u = static_cast<size_t>(r);
    dec_a_[u].clock(in.a_valid[u], in.a_unit[u], in.a_last[u], k.acc_a[idx(r, 0)]);
  }
  for (int c = 0; c < s_.cols; ++c) {
    const auto u = static_cast<size_t>(c);
    dec_b_[u].clock(in.b_valid[u], in.b_unit[u], in.b_last[u], k.acc_b[idx(0, c)]);
  }
  // C: a taken row frees its result registers (the PEs see it next cycle).
  if (take_row) {
    for (int c = 0; c < s_.cols; ++c) pes_[idx(ptr_, c)].res_full = false;
    ptr_ = ptr_ == s_.rows - 1 ? 0 : ptr_ + 1;
  }
}

uint64_t ArrayCycleModel::busy_cycles(int r, int c) const {
  if (lockstep_) return lockstep_->busy_cycles(r, c);
  require(r >= 0 && r < s_.rows && c >= 0 && c < s_.cols, "PE index out of range");
  return pes_[idx(r, c)].busy;
}

// ---------------------------------------------------------------------------------------------------------
// spark_out_encoder

int64_t requantize(const Format& out, int64_t c, uint32_t mult, int shift) {
  require(valid_format(out), "invalid output format");
  require(mult <= 65535, "rq_mult must be in [0, 65535]");
  require(shift >= 0 && shift <= 63, "rq_shift must be in [0, 63]");
  const i128 round = shift > 0 ? i128{1} << (shift - 1) : 0;
  const i128 q = (i128{c} * i128{mult} + round) >> shift;  // arithmetic shift (C++20)
  return static_cast<int64_t>(std::clamp(q, i128{out.min_input()}, i128{out.max_input()}));
}

OutEncoderCycleModel::OutEncoderCycleModel(const Format& out, int cols, int acc_bits)
    : fmt_(out), cols_(cols), acc_bits_(acc_bits), row_q_(static_cast<size_t>(cols > 0 ? cols : 0), 0) {
  require(valid_format(out), "invalid output format");
  require(cols >= 1, "cols must be >= 1");
  require_acc_bits(acc_bits);
}

OutEncoderCycleModel::Out OutEncoderCycleModel::outputs(const In& in) const {
  const Encoded e = encode(fmt_, requantize(fmt_, row_q_[static_cast<size_t>(col_q_)], in.mult, in.shift));
  const Unit sign = (fmt_.is_signed && e.sign) ? Unit{1} << fmt_.unit_bits() : 0;
  const bool final_unit = !e.is_long || half_q_;
  Out o;
  o.unit_valid = row_valid_q_;
  o.unit = (half_q_ ? e.lower : e.upper) | sign;
  o.unit_last = row_valid_q_ && final_unit && col_q_ == cols_ - 1;
  o.unit_job_last = o.unit_last && row_last_q_;
  o.c_ready = !row_valid_q_ || (in.unit_ready && o.unit_last);
  return o;
}

void OutEncoderCycleModel::clock(const In& in) {
  const Out o = outputs(in);
  if (o.unit_valid && in.unit_ready) {
    const Encoded e = encode(fmt_, requantize(fmt_, row_q_[static_cast<size_t>(col_q_)], in.mult, in.shift));
    if (e.is_long && !half_q_) {
      half_q_ = true;
    } else {
      half_q_ = false;
      col_q_ = col_q_ == cols_ - 1 ? 0 : col_q_ + 1;
    }
  }
  if (in.c_valid && o.c_ready) {
    require(in.c_data.size() == static_cast<size_t>(cols_), "C needs one value per column");
    row_valid_q_ = true;
    row_last_q_ = in.c_last;
    for (size_t c = 0; c < row_q_.size(); ++c) row_q_[c] = gemm::wrap(in.c_data[c], acc_bits_);  // CW-bit register
  } else if (o.unit_valid && in.unit_ready && o.unit_last) {
    row_valid_q_ = false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Work bound and lock-step cycles

namespace {

// R, K, C of a job, checking that a is R x K and b is K x C (rectangular, K >= 1).
struct Dims {
  size_t r, k, c;
};
Dims dims(const OperandJob& j) {
  require(!j.a.empty() && !j.a[0].empty(), "a job's A must be R x K with R, K >= 1");
  const Dims d{j.a.size(), j.a[0].size(), j.b.empty() ? 0 : j.b[0].size()};
  require(j.b.size() == d.k && d.c >= 1, "a job's B must be K x C with C >= 1");
  for (const auto& row : j.a) require(row.size() == d.k, "A rows differ in length");
  for (const auto& row : j.b) require(row.size() == d.c, "B rows differ in length");
  return d;
}

}  // namespace

uint64_t work_bound(const std::vector<OperandJob>& jobs) {
  if (jobs.empty()) return 0;
  const Dims d0 = dims(jobs[0]);
  std::vector<uint64_t> work(d0.r * d0.c, 0);
  for (const OperandJob& j : jobs) {
    const Dims d = dims(j);
    require(d.r == d0.r && d.c == d0.c, "all jobs must have the same R and C");
    for (size_t r = 0; r < d.r; ++r)
      for (size_t c = 0; c < d.c; ++c)
        for (size_t k = 0; k < d.k; ++k)
          work[r * d.c + c] += static_cast<uint64_t>(pair_cycles(j.a[r][k].is_long, j.b[k][c].is_long));
  }
  return *std::max_element(work.begin(), work.end());
}

uint64_t lockstep_cycles(const std::vector<OperandJob>& jobs) {
  uint64_t total = 0;
  for (const OperandJob& j : jobs) {
    const Dims d = dims(j);
    const auto steps = static_cast<int64_t>(d.k + d.r + d.c - 2);  // t = 0 .. K+R+C-3
    for (int64_t t = 0; t < steps; ++t) {
      int slowest = 1;
      for (size_t r = 0; r < d.r; ++r) {
        for (size_t c = 0; c < d.c; ++c) {
          const int64_t k = t - static_cast<int64_t>(r + c);
          if (k < 0 || k >= static_cast<int64_t>(d.k)) continue;
          const auto ku = static_cast<size_t>(k);
          slowest = std::max(slowest, pair_cycles(j.a[r][ku].is_long, j.b[ku][c].is_long));
        }
      }
      total += static_cast<uint64_t>(slowest);
    }
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------
// Full-rate runs

namespace {

struct UnitLane {
  std::vector<Unit> units;
  std::vector<bool> last;
  size_t pos = 0;
};

// Row r's (a_side) or column c's unit stream over all jobs, `last` on each job's final unit.
UnitLane unit_lane(const ArrayShape& s, const std::vector<gemm::Job>& jobs, bool a_side, int i) {
  UnitLane l;
  for (const gemm::Job& j : jobs) {
    const int k = j.a.cols;
    require(j.a.rows == s.rows && j.b.cols == s.cols && j.b.rows == k && k >= 1, "a job does not fit the array");
    for (int kk = 0; kk < k; ++kk) {
      const std::vector<Unit> u = a_side ? encode(s.a_format(), j.a.at(i, kk)).units() : encode(s.b_format(), j.b.at(kk, i)).units();
      for (size_t n = 0; n < u.size(); ++n) {
        l.units.push_back(u[n]);
        l.last.push_back(kk == k - 1 && n + 1 == u.size());
      }
    }
  }
  return l;
}

void offer(std::vector<UnitLane>& lanes, std::vector<bool>& valid, std::vector<bool>& last, std::vector<Unit>& unit) {
  for (size_t i = 0; i < lanes.size(); ++i) {
    const UnitLane& l = lanes[i];
    valid[i] = l.pos < l.units.size();
    unit[i] = valid[i] ? l.units[l.pos] : 0;
    last[i] = valid[i] && l.last[l.pos];
  }
}

}  // namespace

uint64_t full_rate_cycles(const ArrayShape& s, const std::vector<gemm::Job>& jobs) {
  if (jobs.empty()) return 0;
  ArrayCycleModel m(s);
  std::vector<UnitLane> a, b;
  for (int r = 0; r < s.rows; ++r) a.push_back(unit_lane(s, jobs, true, r));
  for (int c = 0; c < s.cols; ++c) b.push_back(unit_lane(s, jobs, false, c));
  const auto R = static_cast<size_t>(s.rows), C = static_cast<size_t>(s.cols);
  ArrayIn in{std::vector<bool>(R), std::vector<bool>(R), std::vector<Unit>(R),
             std::vector<bool>(C), std::vector<bool>(C), std::vector<Unit>(C), true};
  const uint64_t rows = jobs.size() * R;
  uint64_t taken = 0;
  for (uint64_t cyc = 0;; ++cyc) {
    offer(a, in.a_valid, in.a_last, in.a_unit);
    offer(b, in.b_valid, in.b_last, in.b_unit);
    const ArrayOut o = m.outputs(in);
    for (size_t r = 0; r < R; ++r) a[r].pos += in.a_valid[r] && o.a_ready[r];
    for (size_t c = 0; c < C; ++c) b[c].pos += in.b_valid[c] && o.b_ready[c];
    if (o.c_valid && ++taken == rows) return cyc + 1;
    m.clock(in);
    require(cyc < 64 * (rows + 1) * (a[0].units.size() + b[0].units.size() + 16), "no progress (a model bug)");
  }
}

}  // namespace bf::golden::spark
