#include "panacea/pea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>

#include "gemm/gemm.hpp"

namespace bf::golden::panacea::pea_test {
namespace {

int64_t pow2(int n) { return int64_t{1} << n; }

// ---- operands ----

// A weight whose HO (SBR) slice is 0 (want_zero) or not.
int64_t gen_weight(std::mt19937_64& rng, int k_w, bool want_zero) {
  std::uniform_int_distribution<int64_t> d(weight_min(k_w), weight_max(k_w));
  for (;;) {
    const int64_t w = d(rng);
    if ((slice_weight(w, k_w).back() == 0) == want_zero) return w;
  }
}
// An activation whose HO slice (x >> (4 + t), by division) equals r (want_r) or not.
int64_t gen_act(std::mt19937_64& rng, int t, int r, bool want_r) {
  std::uniform_int_distribution<int64_t> d(0, 255);
  for (;;) {
    const int64_t x = d(rng);
    if ((x / pow2(4 + t) == r) == want_r) return x;
  }
}
// `count` of `total` positions set, at random.
std::vector<bool> pick(std::mt19937_64& rng, int total, int count) {
  std::vector<bool> f(static_cast<size_t>(total), false);
  std::fill(f.begin(), f.begin() + count, true);
  std::shuffle(f.begin(), f.end(), rng);
  return f;
}

// Expected results of a tile from W and X (independent GEMM; images and counters from the functional golden).
void finish_tile(Tile& tl, const PeaShape& s) {
  const Config cfg{s.k_w, tl.t, tl.z, s.v, s.rle_bits};
  tl.r = tl.z / static_cast<int>(pow2(4 + tl.t));
  tl.wi = pack(weight_block(tl.w, s.k_w, s.v, 0), s.rle_bits);
  tl.xi = pack(act_block(tl.x, tl.z, tl.t, s.v, 0), s.rle_bits);
  tl.rowsum.assign(static_cast<size_t>(s.v), 0);
  for (int i = 0; i < s.v; ++i)
    for (int k = 0; k < tl.k; ++k) tl.rowsum[static_cast<size_t>(i)] += tl.w.at(i, k);
  Matrix xt = tl.x;
  for (int64_t& e : xt.v) e -= e % pow2(tl.t);
  tl.y = gemm::gemm(tl.w, xt, s.acc_bits);
  tl.cnt = aqs_gemm(tl.w, tl.x, cfg).counters;
  const std::vector<bool> sw = stored_vectors(tl.wi), sx = stored_vectors(tl.xi);
  tl.stored = 0;
  for (int k = 0; k < tl.k; ++k) tl.stored += (sw[static_cast<size_t>(k)] || (s.k_w > 0 && sx[static_cast<size_t>(k)])) ? 1 : 0;
}

// ---- the stream driver ----

// Drives the streams of a sequence of groups into a model, one cycle at a time: builds the cycle's inputs (the
// next tile, the loading tile's words, random valids at the given rates, garbage elsewhere), checks the outputs
// against the port invariants and follows the handshakes.
class GroupDriver {
 public:
  GroupDriver(const PeaShape& s, const std::vector<Group>& groups, const Rates& rt, std::mt19937_64& rng)
      : s_(s),
        L_(static_cast<size_t>(pea_lanes(s))),
        kw_(static_cast<size_t>(s.k_w)),
        groups_(groups),
        rt_(rt),
        rng_(rng),
        runs_(groups.size()),
        whi_(L_, 0),
        wli_(L_, 0) {}

  bool finished() const { return done_ == groups_.size(); }
  const std::vector<TileRun>& runs() const { return runs_; }

  // The cycle's inputs (the random draws in a fixed order: tile fields, tile valid, per lane wh then wl, xh, xl,
  // y_ready).
  Model::In inputs() {
    Model::In in;
    in.w.resize(L_);
    for (Model::WLaneIn& w : in.w) w.rowsum.assign(static_cast<size_t>(s_.v), 0);
    if (rt_.garbage) garbage_tile_fields(in);
    if (next_ < groups_.size() && coin(rt_.tile)) tile_fields(in, groups_[next_]);
    for (size_t l = 0; l < L_; ++l) lane_words(in.w[l], l);
    x_words(in);
    in.y_ready = coin(rt_.y);
    return in;
  }

  // The port invariants of the cycle; false when a check failed (the run stops).
  bool check_ports(const Model::Out& o, long cyc) {
    EXPECT_EQ(o.y.size(), L_ * static_cast<size_t>(s_.v * s_.v));
    EXPECT_EQ(o.wh_ready.size(), L_);
    EXPECT_EQ(o.wl_ready.size(), L_);
    if (::testing::Test::HasFailure()) return false;
    if (!o.y_valid) {
      EXPECT_EQ(o.y, std::vector<int64_t>(o.y.size(), 0)) << "cycle " << cyc;
    }
    if (prev_stall_) {
      EXPECT_TRUE(o.y_valid) << "y withdrawn while stalled, cycle " << cyc;
      EXPECT_EQ(o.y, prev_y_) << "y changed while stalled, cycle " << cyc;
    }
    bool any = o.xh_ready || o.xl_ready;
    for (size_t l = 0; l < L_; ++l) {
      EXPECT_TRUE(!o.wh_ready[l] || wh_left(l)) << "lane " << l << " cycle " << cyc;
      EXPECT_TRUE(!o.wl_ready[l] || wl_left(l)) << "lane " << l << " cycle " << cyc;
      any = any || o.wh_ready[l] || o.wl_ready[l];
    }
    EXPECT_TRUE(!o.xh_ready || xh_left()) << "cycle " << cyc;
    EXPECT_TRUE(!o.xl_ready || xl_left()) << "cycle " << cyc;
    // A stream with words left is ready exactly while the PEA loads: all of them together, in every lane.
    if (lt_ && any) {
      for (size_t l = 0; l < L_; ++l) {
        EXPECT_EQ(o.wh_ready[l], wh_left(l)) << "lane " << l << " cycle " << cyc;
        EXPECT_EQ(o.wl_ready[l], wl_left(l)) << "lane " << l << " cycle " << cyc;
      }
      EXPECT_EQ(o.xh_ready, xh_left()) << "cycle " << cyc;
      EXPECT_EQ(o.xl_ready, xl_left()) << "cycle " << cyc;
    }
    if (o.tile_ready) {
      EXPECT_FALSE(any || o.y_valid) << "cycle " << cyc;
    }
    return !::testing::Test::HasFailure();
  }

  // Follows the cycle's handshakes (before m is clocked).
  void handshake(const Model::In& in, const Model::Out& o, long cyc, const Model& m) {
    for (size_t l = 0; l < L_; ++l) {
      if (in.w[l].wh_valid && o.wh_ready[l]) ++whi_[l];
      if (in.w[l].wl_valid && o.wl_ready[l]) ++wli_[l];
    }
    if (in.xh_valid && o.xh_ready) ++xhi_;
    if (in.xl_valid && o.xl_ready) ++xli_;
    if (o.y_valid && runs_[done_].first_valid < 0) runs_[done_].first_valid = cyc;
    if (o.y_valid && in.y_ready) {
      runs_[done_].y = o.y;
      runs_[done_].st = m.last_tile();
      runs_[done_].done = cyc;
      ++done_;
    }
    prev_stall_ = o.y_valid && !in.y_ready;
    prev_y_ = o.y;
    if (in.tile_valid && o.tile_ready) {
      runs_[next_].taken = cyc;
      lt_ = &groups_[next_++];
      std::fill(whi_.begin(), whi_.end(), 0);
      std::fill(wli_.begin(), wli_.end(), 0);
      xhi_ = xli_ = 0;
    }
  }

 private:
  bool coin(double p) { return p >= 1 || u_(rng_) < p; }

  // Words left in the streams of the tile being loaded.
  bool wh_left(size_t l) const { return lt_ && whi_[l] < (*lt_)[l].wi.ho_words.size(); }
  bool wl_left(size_t l) const { return lt_ && kw_ > 0 && wli_[l] < loading_k(); }
  bool xh_left() const { return lt_ && xhi_ < (*lt_)[0].xi.ho_words.size(); }
  bool xl_left() const { return lt_ && xli_ < loading_k(); }
  size_t loading_k() const { return lt_ ? static_cast<size_t>((*lt_)[0].k) : 0; }

  void garbage_tile_fields(Model::In& in) {
    in.k = static_cast<int>(rng_() % 7);
    in.xh_n = static_cast<int>(rng_() % 7);
    in.t = static_cast<int>(rng_() % 4);
    in.r = static_cast<int>(rng_() % 16);
    for (Model::WLaneIn& w : in.w) {
      w.wh_n = static_cast<int>(rng_() % 7);
      for (int64_t& e : w.rowsum) e = static_cast<int64_t>(rng_() % 1000) - 500;
    }
  }

  void tile_fields(Model::In& in, const Group& g) const {
    in.tile_valid = true;
    in.k = g[0].k;
    in.xh_n = static_cast<int>(g[0].xi.ho_words.size());
    in.t = g[0].t;
    in.r = g[0].r;
    for (size_t l = 0; l < L_; ++l) {
      in.w[l].wh_n = static_cast<int>(g[l].wi.ho_words.size());
      in.w[l].rowsum = g[l].rowsum;
    }
  }

  void lane_words(Model::WLaneIn& w, size_t l) {
    w.wl_data.assign(kw_, 0);
    if (wh_left(l)) {
      w.wh_valid = coin(rt_.wh);
      w.wh_data = (*lt_)[l].wi.ho_words[whi_[l]];
    } else if (rt_.garbage) {
      w.wh_valid = coin(0.5);
      w.wh_data = rng_();
    }
    if (wl_left(l)) {
      w.wl_valid = coin(rt_.wl);
      for (size_t j = 0; j < kw_; ++j) w.wl_data[j] = (*lt_)[l].wi.lo_words[wli_[l] * kw_ + j];
    } else if (rt_.garbage) {
      w.wl_valid = coin(0.5);
      for (uint64_t& e : w.wl_data) e = rng_();
    }
  }

  void x_words(Model::In& in) {
    if (xh_left()) {
      in.xh_valid = coin(rt_.xh);
      in.xh_data = (*lt_)[0].xi.ho_words[xhi_];
    } else if (rt_.garbage) {
      in.xh_valid = coin(0.5);
      in.xh_data = rng_();
    }
    if (xl_left()) {
      in.xl_valid = coin(rt_.xl);
      in.xl_data = (*lt_)[0].xi.lo_words[xli_];
    } else if (rt_.garbage) {
      in.xl_valid = coin(0.5);
      in.xl_data = rng_();
    }
  }

  const PeaShape& s_;
  const size_t L_, kw_;
  const std::vector<Group>& groups_;
  const Rates& rt_;
  std::mt19937_64& rng_;
  std::uniform_real_distribution<double> u_{0, 1};
  std::vector<TileRun> runs_;
  size_t next_ = 0, done_ = 0;
  const Group* lt_ = nullptr;  // the group being loaded (the last one taken)
  std::vector<size_t> whi_, wli_;
  size_t xhi_ = 0, xli_ = 0;
  bool prev_stall_ = false;
  std::vector<int64_t> prev_y_;
};

}  // namespace

int ceil_div(int a, int b) { return (a + b - 1) / b; }

Matrix mat(int rows, int cols, std::vector<int64_t> v) {
  Matrix m(rows, cols);
  m.v = std::move(v);
  return m;
}

Tile make_tile(std::mt19937_64& rng, const PeaShape& s, int K, int t, int z, double sw, double sx) {
  Tile tl;
  tl.k = K;
  tl.t = t;
  tl.z = z;
  const int r = z / static_cast<int>(pow2(4 + t));
  const int nw = static_cast<int>(sw * K + 0.5), nx = static_cast<int>(sx * K + 0.5);
  const std::vector<bool> cw = pick(rng, K, nw), cx = pick(rng, K, nx);
  tl.w = Matrix(s.v, K);
  tl.x = Matrix(K, s.v);
  std::uniform_int_distribution<int64_t> dw(weight_min(s.k_w), weight_max(s.k_w)), dx(0, 255);
  std::uniform_int_distribution<int> pos(0, s.v - 1);
  for (int k = 0; k < K; ++k) {
    const bool c1 = cw[static_cast<size_t>(k)], c2 = cx[static_cast<size_t>(k)];
    for (int i = 0; i < s.v; ++i) tl.w.at(i, k) = c1 ? gen_weight(rng, s.k_w, true) : dw(rng);
    if (!c1) tl.w.at(pos(rng), k) = gen_weight(rng, s.k_w, false);
    for (int j = 0; j < s.v; ++j) tl.x.at(k, j) = c2 ? gen_act(rng, t, r, true) : dx(rng);
    if (!c2) tl.x.at(k, pos(rng)) = gen_act(rng, t, r, false);
  }
  finish_tile(tl, s);
  // The construction hits the target exactly.
  const VectorMap mw = weight_map(tl.w, s.k_w, s.v), mx = act_map(tl.x, z, t, s.v);
  EXPECT_EQ(std::count(mw.compressed.begin(), mw.compressed.end(), true), nw);
  EXPECT_EQ(std::count(mx.compressed.begin(), mx.compressed.end(), true), nx);
  return tl;
}

Tile tile_from(const PeaShape& s, const Matrix& w, const Matrix& x, int t, int z) {
  Tile tl;
  tl.k = w.cols;
  tl.t = t;
  tl.z = z;
  tl.w = w;
  tl.x = x;
  finish_tile(tl, s);
  return tl;
}

Group make_group(std::mt19937_64& rng, const PeaShape& s, int K, int t, int z, const std::vector<double>& sw,
                 double sx) {
  Group g;
  for (size_t l = 0; l < sw.size(); ++l) {
    Tile tl = make_tile(rng, s, K, t, z, sw[l], sx);
    if (l > 0) {
      tl.x = g[0].x;
      finish_tile(tl, s);
    }
    g.push_back(tl);
  }
  return g;
}

Group group_from(const PeaShape& s, const std::vector<Matrix>& ws, const Matrix& x, int t, int z) {
  Group g;
  for (const Matrix& w : ws) g.push_back(tile_from(s, w, x, t, z));
  return g;
}

std::vector<int64_t> group_y(const Group& g) {
  std::vector<int64_t> y;
  for (const Tile& tl : g) y.insert(y.end(), tl.y.v.begin(), tl.y.v.end());
  return y;
}

std::vector<TileRun> run_groups(Model& m, const std::vector<Group>& groups, const Rates& rt, std::mt19937_64& rng,
                                Trace* trace) {
  const size_t L = static_cast<size_t>(pea_lanes(m.shape()));
  for (const Group& g : groups) {
    EXPECT_EQ(g.size(), L);
    for (const Tile& tl : g) EXPECT_EQ(tl.x.v, g[0].x.v);
  }
  if (::testing::Test::HasFailure()) return {};
  GroupDriver d(m.shape(), groups, rt, rng);
  for (long cyc = 0; !d.finished(); ++cyc) {
    if (cyc > 400000) {
      ADD_FAILURE() << "no progress";
      break;
    }
    const Model::In in = d.inputs();
    const Model::Out o = m.outputs(in);
    if (trace) {
      trace->out.push_back(o);
      trace->in.push_back(in);
    }
    if (!d.check_ports(o, cyc)) break;
    d.handshake(in, o, cyc, m);
    m.clock(in);
    if (trace) trace->st.push_back(m.last_tile());
  }
  return d.runs();
}

std::vector<TileRun> run(Model& m, const std::vector<Tile>& tiles, const Rates& rt, std::mt19937_64& rng,
                         Trace* trace) {
  std::vector<Group> groups;
  for (const Tile& tl : tiles) groups.push_back(Group{tl});
  return run_groups(m, groups, rt, rng, trace);
}

int compute_cycles(const PeaShape& s, const Tile& tl) {
  const int st = s.k_w > 0 ? ceil_div(tl.k, s.swo / s.k_w) : 0;
  return std::max(st, tl.stored) + 1;
}

QueueCount count_queues(const PeaShape& s, int K, const std::vector<int>& needs) {
  const int L = s.dtp ? 2 : 1, S = s.k_w > 0 ? s.swo / s.k_w : 0;
  int f = 0, e = s.k_w > 0 ? L * K : 0;
  size_t next = 0;
  QueueCount c;
  while (next < needs.size() || f < e) {
    int m = 0, U = 0;
    while (next + static_cast<size_t>(m) < needs.size() && m < s.dyn_items &&
           U + needs[next + static_cast<size_t>(m)] <= s.dwo)
      U += needs[next + static_cast<size_t>(m++)];
    c.dwo_stops += m < s.dyn_items && next + static_cast<size_t>(m) < needs.size() ? 1 : 0;
    c.multi += m > 1 ? 1 : 0;
    const int ns = std::min(S, e - f);
    const int D = (!s.dtp || s.k_w == 0) ? 0 : (s.dwo - U) / s.k_w;
    const int nd = std::min(D, e - f - ns);
    c.static_steps += ns + nd > 0 ? 1 : 0;
    c.borrowed_items += nd;
    c.dynamic_steps += m > 0 ? 1 : 0;
    c.dynamic_items += m;
    f += ns;
    e -= nd;
    next += static_cast<size_t>(m);
    ++c.compute_cycles;
  }
  return c;
}

std::vector<int> item_needs(const Group& g, int k_w) {
  const std::vector<bool> x = stored_vectors(g[0].xi);
  std::vector<std::vector<bool>> w;
  for (const Tile& tl : g) w.push_back(stored_vectors(tl.wi));
  std::vector<int> needs;
  for (size_t k = 0; k < static_cast<size_t>(g[0].k); ++k)
    for (size_t l = 0; l < g.size(); ++l)
      if (w[l][k] || (k_w > 0 && x[k])) needs.push_back((x[k] ? k_w : 0) + (w[l][k] ? 1 : 0) + (w[l][k] && x[k] ? 1 : 0));
  return needs;
}

PeaShape dtp0(PeaShape s) {
  s.dtp = false;
  return s;
}

}  // namespace bf::golden::panacea::pea_test
