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

// psum[i][j] += wsl(i) * asl(j) << shift (mod 2^cw) for the v x v elements: one outer product of a W slice vector
// and an X slice vector.
template <class WSlice, class ASlice>
void accumulate(std::vector<int64_t>& psum, int v, int cw, WSlice wsl, ASlice asl, int shift) {
  for (int i = 0; i < v; ++i)
    for (int j = 0; j < v; ++j) {
      const size_t e = static_cast<size_t>(i * v + j);
      psum[e] = add_wrap(psum[e], int64_t{wsl(i)} * int64_t{asl(j)} * (int64_t{1} << shift), cw);
    }
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
  if (s.dyn_items < 1 || s.dyn_items > s.dwo)
    fail("dyn_items " + std::to_string(s.dyn_items) + " not in [1, dwo = " + std::to_string(s.dwo) + "]");
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

int pea_lanes(const PeaShape& s) {
  check_shape(s);
  return s.dtp ? 2 : 1;
}

PeaCycleModel::PeaCycleModel(const PeaShape& s) : s_(s) {
  check_shape(s);
  L_ = pea_lanes(s);
  psw_ = pea_psw(s);
  S_ = pea_static_step(s);
  const auto v = static_cast<size_t>(s.v);
  const auto kv = static_cast<size_t>(s.kmax) * v;
  xflag_.assign(static_cast<size_t>(s.kmax), false);
  ho_x_.assign(kv, 0);
  lo_x_.assign(kv, 0);
  Lane lane;
  lane.rowsum.assign(v, 0);
  lane.wflag.assign(static_cast<size_t>(s.kmax), false);
  lane.ho_w.assign(kv, 0);
  lane.lo_w.assign(kv * static_cast<size_t>(s.k_w), 0);
  lane.psum.assign(v * v, 0);
  lane.partial.assign(v, 0);
  lanes_.assign(static_cast<size_t>(L_), lane);
  y_.assign(static_cast<size_t>(L_) * v * v, 0);
}

bool PeaCycleModel::loaded() const {
  for (const Lane& ln : lanes_)
    if (ln.wh_cnt != ln.wh_n || ln.wl_cnt != (s_.k_w > 0 ? K_ : 0)) return false;
  return xh_cnt_ == xh_n_ && xl_cnt_ == K_;
}

PeaCycleModel::Out PeaCycleModel::outputs(const In&) const {
  Out o;
  o.tile_ready = state_ == State::Idle;
  o.wh_ready.assign(static_cast<size_t>(L_), false);
  o.wl_ready.assign(static_cast<size_t>(L_), false);
  if (state_ == State::Load) {
    for (size_t l = 0; l < lanes_.size(); ++l) {
      o.wh_ready[l] = lanes_[l].wh_cnt < lanes_[l].wh_n;
      o.wl_ready[l] = s_.k_w > 0 && lanes_[l].wl_cnt < K_;
    }
    o.xh_ready = xh_cnt_ < xh_n_;
    o.xl_ready = xl_cnt_ < K_;
  }
  o.y_valid = state_ == State::Out;
  o.y = o.y_valid ? y_ : std::vector<int64_t>(y_.size(), 0);
  return o;
}

void PeaCycleModel::check_lanes(const In& in, const char* when) const {
  if (in.w.size() != static_cast<size_t>(L_))
    fail(std::string(when) + " needs " + std::to_string(L_) + " weight lane(s) in In.w (L = 1 + dtp), got " +
         std::to_string(in.w.size()));
}

void PeaCycleModel::take_tile(const In& in) {
  if (in.k < 1 || in.k > s_.kmax) fail("tile K " + std::to_string(in.k) + " not in [1, kmax]");
  if (in.xh_n < 0 || in.xh_n > in.k) fail("tile xh_n " + std::to_string(in.xh_n) + " not in [0, K]");
  if (in.t < 0 || in.t > 2) fail("tile t " + std::to_string(in.t) + " not in [0, 2]");
  if (in.r < 0 || in.r > 15) fail("tile r " + std::to_string(in.r) + " not in [0, 15]");
  check_lanes(in, "a tile");
  for (size_t l = 0; l < in.w.size(); ++l) {
    const WLaneIn& w = in.w[l];
    const std::string lane = "tile lane " + std::to_string(l) + " ";
    if (w.wh_n < 0 || w.wh_n > in.k) fail(lane + "wh_n " + std::to_string(w.wh_n) + " not in [0, K]");
    if (w.rowsum.size() != static_cast<size_t>(s_.v)) fail(lane + "rowsum needs v values");
  }
  K_ = in.k;
  xh_n_ = in.xh_n;
  t_ = in.t;
  r_ = in.r;
  std::fill(xflag_.begin(), xflag_.end(), false);
  xh_cnt_ = xh_pos_ = xl_cnt_ = 0;
  for (size_t l = 0; l < lanes_.size(); ++l) {
    Lane& ln = lanes_[l];
    ln.wh_n = in.w[l].wh_n;
    for (size_t i = 0; i < ln.rowsum.size(); ++i) ln.rowsum[i] = gemm::wrap(in.w[l].rowsum[i], psw_);
    std::fill(ln.wflag.begin(), ln.wflag.end(), false);
    std::fill(ln.psum.begin(), ln.psum.end(), 0);
    std::fill(ln.partial.begin(), ln.partial.end(), 0);
    ln.wh_cnt = ln.wh_pos = ln.wl_cnt = 0;
  }
  qd_ = 0;
  f_ = 0;
  e_ = s_.k_w > 0 ? L_ * K_ : 0;
  stats_ = {};
  state_ = State::Load;
}

void PeaCycleModel::load(const In& in) {
  ++stats_.load_cycles;
  if (loaded()) {
    state_ = State::Compute;
    return;
  }
  check_lanes(in, "a LOAD cycle");
  const Out o = outputs(in);
  const int b = s_.rle_bits, v = s_.v;
  auto ho_entry = [&](uint64_t word, int& pos, std::vector<bool>& flag, std::vector<int>& ho, bool is_signed,
                      const std::string& name) {
    const int index = static_cast<int>(word & ((uint64_t{1} << b) - 1));
    const int k = pos + index;
    if (k >= K_) fail(name + " entry stores at k = " + std::to_string(k) + ", past K");
    for (int s = 0; s < v; ++s) ho[ix(k, s)] = slice(word, b + 4 * s, is_signed);
    flag[static_cast<size_t>(k)] = true;
    pos = k + 1;
  };
  for (size_t l = 0; l < lanes_.size(); ++l) {
    Lane& ln = lanes_[l];
    const WLaneIn& w = in.w[l];
    if (w.wh_valid && o.wh_ready[l]) {
      ho_entry(w.wh_data, ln.wh_pos, ln.wflag, ln.ho_w, true, "lane " + std::to_string(l) + " wh");
      ++ln.wh_cnt;
    }
    if (w.wl_valid && o.wl_ready[l]) {
      if (w.wl_data.size() != static_cast<size_t>(s_.k_w))
        fail("a lane " + std::to_string(l) + " wl beat needs k_w words");
      for (int j = 0; j < s_.k_w; ++j)
        for (int s = 0; s < v; ++s)
          ln.lo_w[lw(ln.wl_cnt, j, s)] = slice(w.wl_data[static_cast<size_t>(j)], 4 * s, true);
      ++ln.wl_cnt;
    }
  }
  if (in.xh_valid && o.xh_ready) {
    ho_entry(in.xh_data, xh_pos_, xflag_, ho_x_, false, "xh");
    ++xh_cnt_;
  }
  if (in.xl_valid && o.xl_ready) {
    for (int s = 0; s < v; ++s) lo_x_[ix(xl_cnt_, s)] = slice(in.xl_data, 4 * s, false);
    ++xl_cnt_;
  }
}

// n(q): the DWOs item q = k L + l needs (its products).
int PeaCycleModel::need(int q) const {
  const auto k = static_cast<size_t>(q / L_);
  const bool wf = lanes_[static_cast<size_t>(q % L_)].wflag[k], xf = xflag_[k];
  return (xf ? s_.k_w : 0) + (wf ? 1 : 0) + (wf && xf ? 1 : 0);
}

// At k_w = 0 an X flag alone is no item: LO_w x HO_x has no weight slice to multiply, and its compensation term
// W[i][k] is 0 without the W flag.
bool PeaCycleModel::is_item(int q) const {
  const auto k = static_cast<size_t>(q / L_);
  return lanes_[static_cast<size_t>(q % L_)].wflag[k] || (s_.k_w > 0 && xflag_[k]);
}

// The dynamic step: the items q_1 < q_2 < .. with q >= qd, taken while m <= dyn_items and the needs sum to at most
// dwo (stopping at the first one that does not fit). U = the DWOs they use.
PeaCycleModel::DynamicStep PeaCycleModel::dynamic_step() const {
  DynamicStep d;
  for (int q = qd_; q < K_ * L_ && static_cast<int>(d.items.size()) < s_.dyn_items; ++q) {
    if (!is_item(q)) continue;
    const int n = need(q);
    if (d.used + n > s_.dwo) break;
    d.items.push_back(q);
    d.used += n;
  }
  return d;
}

void PeaCycleModel::load_y() {
  const int v = s_.v;
  const int64_t c = int64_t{r_} << (4 + t_);
  for (size_t l = 0; l < lanes_.size(); ++l) {
    const Lane& ln = lanes_[l];
    for (int i = 0; i < v; ++i)
      for (int j = 0; j < v; ++j) {
        const size_t e = static_cast<size_t>(i * v + j);
        const int64_t comp = c * (ln.rowsum[static_cast<size_t>(i)] - ln.partial[static_cast<size_t>(i)]);  // exact
        y_[l * static_cast<size_t>(v * v) + e] = add_wrap(ln.psum[e], comp, s_.acc_bits);
      }
  }
}

// Static item u = l K + k: k_w LO x LO products into psum[l].
void PeaCycleModel::static_item(int u) {
  Lane& ln = lanes_[static_cast<size_t>(u / K_)];
  const int k = u % K_;
  for (int jp = 0; jp < s_.k_w; ++jp) {
    accumulate(ln.psum, s_.v, s_.acc_bits, [&](int i) { return ln.lo_w[lw(k, jp, i)]; },
               [&](int j) { return lo_x_[ix(k, j)]; }, 3 * jp + t_);
    ++stats_.static_products;
  }
}

// Dynamic item q = k L + l: its products into psum[l], its compensation into partial[l].
void PeaCycleModel::dynamic_item(int q) {
  const int v = s_.v, kw = s_.k_w, cw = s_.acc_bits;
  const int k = q / L_;
  Lane& ln = lanes_[static_cast<size_t>(q % L_)];
  const bool wf = ln.wflag[static_cast<size_t>(k)], xf = xflag_[static_cast<size_t>(k)];
  if (xf) {
    for (int jp = 0; jp < kw; ++jp) {
      accumulate(ln.psum, v, cw, [&](int i) { return ln.lo_w[lw(k, jp, i)]; }, [&](int j) { return ho_x_[ix(k, j)]; },
                 3 * jp + 4 + t_);
      ++stats_.dynamic_products;
    }
  }
  if (wf) {
    accumulate(ln.psum, v, cw, [&](int i) { return ln.ho_w[ix(k, i)]; }, [&](int j) { return lo_x_[ix(k, j)]; },
               3 * kw + t_);
    ++stats_.dynamic_products;
  }
  if (wf && xf) {
    accumulate(ln.psum, v, cw, [&](int i) { return ln.ho_w[ix(k, i)]; }, [&](int j) { return ho_x_[ix(k, j)]; },
               3 * kw + 4 + t_);
    ++stats_.dynamic_products;
  }
  if (xf) {
    for (int i = 0; i < v; ++i) {
      int64_t w = wf ? int64_t{ln.ho_w[ix(k, i)]} * (int64_t{1} << (3 * kw)) : 0;
      for (int jp = 0; jp < kw; ++jp) w += int64_t{ln.lo_w[lw(k, jp, i)]} * (int64_t{1} << (3 * jp));
      ln.partial[static_cast<size_t>(i)] += w;
    }
  }
}

void PeaCycleModel::compute() {
  ++stats_.compute_cycles;
  const int kw = s_.k_w;
  const DynamicStep dyn = dynamic_step();
  // The static items: ns from the front, nd from the back (all on the registers f, e).
  const int ns = std::min(S_, e_ - f_);
  int nd = 0;
  if (s_.dtp && kw > 0) {
    const int D = (s_.dwo - dyn.used) / kw;
    nd = std::min(D, e_ - f_ - ns);
  }
  if (dyn.items.empty() && f_ == e_) {
    load_y();
    state_ = State::Out;
    return;
  }
  if (ns + nd > 0) {
    ++stats_.static_steps;
    for (int u = f_; u < f_ + ns; ++u) static_item(u);
    for (int u = e_ - nd; u < e_; ++u) static_item(u);
    stats_.borrowed_products += static_cast<uint64_t>(nd) * static_cast<uint64_t>(kw);
    f_ += ns;
    e_ -= nd;
  }
  if (!dyn.items.empty()) {
    ++stats_.dynamic_steps;
    stats_.dynamic_items += dyn.items.size();
    for (const int q : dyn.items) dynamic_item(q);
    qd_ = dyn.items.back() + 1;
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
