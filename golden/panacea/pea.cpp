#include "panacea/pea.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "gemm/gemm.hpp"

namespace bf::golden::panacea {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("panacea_pea: " + what); }

int clog2(int64_t n) {
  int b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}

// (base + x) mod 2^bits, two's complement (unsigned arithmetic: no signed overflow).
int64_t add_wrap(int64_t base, int64_t x, int bits) {
  return gemm::wrap(static_cast<int64_t>(static_cast<uint64_t>(base) + static_cast<uint64_t>(x)), bits);
}

// The 4-bit field at bit `at`: two's complement in [-8, 7] or unsigned in [0, 15].
int slice(uint64_t word, int at, bool is_signed) {
  const int u = static_cast<int>((word >> at) & 0xF);
  return is_signed && u >= 8 ? u - 16 : u;
}

void check_shape(const PeaShape& s) {
  if (s.k_w < 0 || s.k_w > 2) fail("k_w " + std::to_string(s.k_w) + " not in [0, 2]");
  if (s.v < 1 || s.v > 12) fail("v " + std::to_string(s.v) + " not in [1, 12]");
  if (s.rle_bits < 1 || s.rle_bits > 16) fail("rle_bits " + std::to_string(s.rle_bits) + " not in [1, 16]");
  if (s.rle_bits + 4 * s.v > 64) fail("an HO entry word (rle_bits + 4v bits) must fit 64 bits");
  if (s.dwo < s.k_w + 2) fail("dwo " + std::to_string(s.dwo) + " must be at least k_w + 2");
  if (s.swo < s.k_w || s.swo < 0) fail("swo " + std::to_string(s.swo) + " must be at least k_w");
  if (s.kmax < 1 || s.kmax > 65536) fail("kmax " + std::to_string(s.kmax) + " not in [1, 65536]");
  if (s.acc_bits < 1 || s.acc_bits > 64) fail("acc_bits " + std::to_string(s.acc_bits) + " not in [1, 64]");
}

}  // namespace

int pea_kw_bits(const PeaShape& s) {
  check_shape(s);
  return clog2(int64_t{s.kmax} + 1);
}

int pea_psw(const PeaShape& s) {
  check_shape(s);
  return 3 * s.k_w + 4 + clog2(s.kmax) + 1;
}

int pea_static_step(const PeaShape& s) {
  check_shape(s);
  return s.k_w > 0 ? s.swo / s.k_w : 0;
}

PeaCycleModel::PeaCycleModel(const PeaShape& s) : s_(s) {
  check_shape(s);
  psw_ = pea_psw(s);
  S_ = pea_static_step(s);
  const auto kv = static_cast<size_t>(s.kmax) * static_cast<size_t>(s.v);
  rowsum_.assign(static_cast<size_t>(s.v), 0);
  wflag_.assign(static_cast<size_t>(s.kmax), false);
  xflag_.assign(static_cast<size_t>(s.kmax), false);
  ho_w_.assign(kv, 0);
  ho_x_.assign(kv, 0);
  lo_w_.assign(kv * static_cast<size_t>(s.k_w), 0);
  lo_x_.assign(kv, 0);
  psum_.assign(static_cast<size_t>(s.v) * static_cast<size_t>(s.v), 0);
  partial_.assign(static_cast<size_t>(s.v), 0);
  y_.assign(static_cast<size_t>(s.v) * static_cast<size_t>(s.v), 0);
}

bool PeaCycleModel::loaded() const {
  return wh_cnt_ == wh_n_ && wl_cnt_ == (s_.k_w > 0 ? K_ : 0) && xh_cnt_ == xh_n_ && xl_cnt_ == K_;
}

PeaCycleModel::Out PeaCycleModel::outputs(const In&) const {
  Out o;
  o.tile_ready = state_ == State::Idle;
  if (state_ == State::Load) {
    o.wh_ready = wh_cnt_ < wh_n_;
    o.wl_ready = s_.k_w > 0 && wl_cnt_ < K_;
    o.xh_ready = xh_cnt_ < xh_n_;
    o.xl_ready = xl_cnt_ < K_;
  }
  o.y_valid = state_ == State::Out;
  o.y = o.y_valid ? y_ : std::vector<int64_t>(y_.size(), 0);
  return o;
}

void PeaCycleModel::take_tile(const In& in) {
  if (in.k < 1 || in.k > s_.kmax) fail("tile K " + std::to_string(in.k) + " not in [1, kmax]");
  if (in.wh_n < 0 || in.wh_n > in.k) fail("tile wh_n " + std::to_string(in.wh_n) + " not in [0, K]");
  if (in.xh_n < 0 || in.xh_n > in.k) fail("tile xh_n " + std::to_string(in.xh_n) + " not in [0, K]");
  if (in.t < 0 || in.t > 2) fail("tile t " + std::to_string(in.t) + " not in [0, 2]");
  if (in.r < 0 || in.r > 15) fail("tile r " + std::to_string(in.r) + " not in [0, 15]");
  if (in.rowsum.size() != static_cast<size_t>(s_.v)) fail("tile rowsum needs v values");
  K_ = in.k;
  wh_n_ = in.wh_n;
  xh_n_ = in.xh_n;
  t_ = in.t;
  r_ = in.r;
  for (size_t i = 0; i < rowsum_.size(); ++i) rowsum_[i] = gemm::wrap(in.rowsum[i], psw_);
  std::fill(wflag_.begin(), wflag_.end(), false);
  std::fill(xflag_.begin(), xflag_.end(), false);
  std::fill(psum_.begin(), psum_.end(), 0);
  std::fill(partial_.begin(), partial_.end(), 0);
  wh_cnt_ = wh_pos_ = xh_cnt_ = xh_pos_ = wl_cnt_ = xl_cnt_ = 0;
  ks_ = kd_ = 0;
  stats_ = {};
  state_ = State::Load;
}

void PeaCycleModel::load(const In& in) {
  ++stats_.load_cycles;
  if (loaded()) {
    state_ = State::Compute;
    return;
  }
  const Out o = outputs(in);
  const int b = s_.rle_bits, v = s_.v;
  auto ho_entry = [&](uint64_t word, int& pos, std::vector<bool>& flag, std::vector<int>& ho, bool is_signed,
                      const char* name) {
    const int index = static_cast<int>(word & ((uint64_t{1} << b) - 1));
    const int k = pos + index;
    if (k >= K_) fail(std::string(name) + " entry stores at k = " + std::to_string(k) + ", past K");
    for (int s = 0; s < v; ++s) ho[ix(k, s)] = slice(word, b + 4 * s, is_signed);
    flag[static_cast<size_t>(k)] = true;
    pos = k + 1;
  };
  if (in.wh_valid && o.wh_ready) {
    ho_entry(in.wh_data, wh_pos_, wflag_, ho_w_, true, "wh");
    ++wh_cnt_;
  }
  if (in.xh_valid && o.xh_ready) {
    ho_entry(in.xh_data, xh_pos_, xflag_, ho_x_, false, "xh");
    ++xh_cnt_;
  }
  if (in.wl_valid && o.wl_ready) {
    if (in.wl_data.size() != static_cast<size_t>(s_.k_w)) fail("a wl beat needs k_w words");
    for (int j = 0; j < s_.k_w; ++j)
      for (int s = 0; s < v; ++s) lo_w_[lw(wl_cnt_, j, s)] = slice(in.wl_data[static_cast<size_t>(j)], 4 * s, true);
    ++wl_cnt_;
  }
  if (in.xl_valid && o.xl_ready) {
    for (int s = 0; s < v; ++s) lo_x_[ix(xl_cnt_, s)] = slice(in.xl_data, 4 * s, false);
    ++xl_cnt_;
  }
}

void PeaCycleModel::compute() {
  ++stats_.compute_cycles;
  const int v = s_.v, kw = s_.k_w, cw = s_.acc_bits;
  const bool stat = kw > 0 && ks_ < K_;
  int kd = -1;
  for (int k = kd_; k < K_; ++k)
    if (wflag_[static_cast<size_t>(k)] || xflag_[static_cast<size_t>(k)]) {
      kd = k;
      break;
    }
  if (!stat && kd < 0) {
    const int64_t c = int64_t{r_} << (4 + t_);
    for (int i = 0; i < v; ++i)
      for (int j = 0; j < v; ++j) {
        const size_t e = static_cast<size_t>(i * v + j);
        const int64_t comp = c * (rowsum_[static_cast<size_t>(i)] - partial_[static_cast<size_t>(i)]);  // exact
        y_[e] = add_wrap(psum_[e], comp, cw);
      }
    state_ = State::Out;
    return;
  }
  // acc(wslice(i), aslice(j), shift): psum[i][j] += wslice(i) * aslice(j) << shift.
  auto acc = [&](auto wsl, auto asl, int shift) {
    for (int i = 0; i < v; ++i)
      for (int j = 0; j < v; ++j) {
        const size_t e = static_cast<size_t>(i * v + j);
        psum_[e] = add_wrap(psum_[e], int64_t{wsl(i)} * int64_t{asl(j)} * (int64_t{1} << shift), cw);
      }
  };
  if (stat) {
    ++stats_.static_steps;
    const int end = std::min(ks_ + S_, K_);
    for (int k = ks_; k < end; ++k)
      for (int jp = 0; jp < kw; ++jp) {
        acc([&](int i) { return lo_w_[lw(k, jp, i)]; }, [&](int j) { return lo_x_[ix(k, j)]; }, 3 * jp + t_);
        ++stats_.static_products;
      }
    ks_ += S_;
  }
  if (kd >= 0) {
    ++stats_.dynamic_steps;
    const int k = kd;
    const bool wf = wflag_[static_cast<size_t>(k)], xf = xflag_[static_cast<size_t>(k)];
    if (xf) {
      for (int jp = 0; jp < kw; ++jp) {
        acc([&](int i) { return lo_w_[lw(k, jp, i)]; }, [&](int j) { return ho_x_[ix(k, j)]; }, 3 * jp + 4 + t_);
        ++stats_.dynamic_products;
      }
    }
    if (wf) {
      acc([&](int i) { return ho_w_[ix(k, i)]; }, [&](int j) { return lo_x_[ix(k, j)]; }, 3 * kw + t_);
      ++stats_.dynamic_products;
    }
    if (wf && xf) {
      acc([&](int i) { return ho_w_[ix(k, i)]; }, [&](int j) { return ho_x_[ix(k, j)]; }, 3 * kw + 4 + t_);
      ++stats_.dynamic_products;
    }
    if (xf) {
      for (int i = 0; i < v; ++i) {
        int64_t w = wf ? int64_t{ho_w_[ix(k, i)]} * (int64_t{1} << (3 * kw)) : 0;
        for (int jp = 0; jp < kw; ++jp) w += int64_t{lo_w_[lw(k, jp, i)]} * (int64_t{1} << (3 * jp));
        partial_[static_cast<size_t>(i)] += w;
      }
    }
    kd_ = k + 1;
  }
}

void PeaCycleModel::clock(const In& in) {
  switch (state_) {
    case State::Idle:
      if (in.tile_valid) take_tile(in);
      break;
    case State::Load:
      load(in);
      break;
    case State::Compute:
      compute();
      break;
    case State::Out:
      if (in.y_ready) state_ = State::Idle;
      break;
  }
}

}  // namespace bf::golden::panacea
