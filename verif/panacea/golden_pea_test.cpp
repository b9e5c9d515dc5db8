// Tests of the panacea_pea cycle model (golden/panacea/pea.hpp) against docs/panacea.md, "`panacea_pea`: the
// cycle contract" and "Double-tile processing (`dtp`): the cycle contract".
//
// Timing is derived by hand from the contract (the derivation is written next to each case): with every stream at
// full rate and the tile taken on cycle 0, LOAD runs on cycles 1 .. K (one word per stream and cycle; no stream
// has more than K words) and on cycle K + 1 (it sees every stream complete and leaves), COMPUTE takes C cycles
// (the last one loads y), so y_valid first rises on cycle K + 2 + C.
//   dtp = 0, dyn_items = 1: C = max(ceil(K / S), D) + 1 (S = floor(swo / k_w), the static term 0 at k_w = 0;
//     D = the number of k with a stored HO vector in W or X).
//   In general (L = 1 + dtp weight lanes sharing X): C = (cycles until the dynamic queue and the static queue are
//     both empty) + 1. The dynamic queue is the items (k, l) with a W_l or X flag in q = k L + l order; item q
//     needs n(q) = (X ? k_w : 0) + (W ? 1 : 0) + (W && X ? 1 : 0) DWOs (= its products); a cycle takes the longest
//     prefix of at most dyn_items items whose needs sum to at most dwo, using U DWOs. The static queue is the L K
//     items u = l K + k: S from the front and, with dtp = 1, D = floor((dwo - U) / k_w) from the back.
// Values are checked against the plain integer GEMM W . X_t (X with its t low bits cleared, written here), and the
// executed outer products against the documented per-k rules via aqs_gemm's counters.
#include "panacea/pea.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "gemm/gemm.hpp"
#include "panacea/panacea.hpp"

namespace bf::golden::panacea {
namespace {

using Model = PeaCycleModel;

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

struct Tile {
  int k = 0, t = 0, z = 0, r = 0;
  Matrix w, x;  // v x K, K x v
  OperandImage wi, xi;
  std::vector<int64_t> rowsum;
  Matrix y;        // W . X_t wrapped to acc_bits
  Counters cnt;    // aqs_gemm on this block pair
  int stored = 0;  // k with a stored HO vector in W or X
};

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
  for (int k = 0; k < tl.k; ++k) tl.stored += (sw[static_cast<size_t>(k)] || sx[static_cast<size_t>(k)]) ? 1 : 0;
}

// A random tile with exactly round(sw K) compressed W HO vectors and round(sx K) compressed X HO vectors.
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

// The L weight lanes of one PEA tile: the same K, t, z and X (lane l's W is tiles[l].w).
using Group = std::vector<Tile>;

// Lane 0 from make_tile (W with HO sparsity sw[0], X with sx); lane l > 0 with its own W (sparsity sw[l]) and lane
// 0's X.
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

// The expected y port: lane l's block at [l v v, (l + 1) v v).
std::vector<int64_t> group_y(const Group& g) {
  std::vector<int64_t> y;
  for (const Tile& tl : g) y.insert(y.end(), tl.y.v.begin(), tl.y.v.end());
  return y;
}

// ---- the stream driver ----

struct Rates {
  double tile = 1, wh = 1, wl = 1, xh = 1, xl = 1, y = 1;  // probability of valid (ready for y) per cycle
  bool garbage = true;  // drive valid with random data on streams that have no word left (and tile fields)
};
struct TileRun {
  std::vector<int64_t> y;
  Model::TileStats st;
  long taken = -1, first_valid = -1, done = -1;  // cycles
};
struct Trace {
  std::vector<Model::Out> out;  // per cycle
  std::vector<Model::In> in;
  std::vector<Model::TileStats> st;  // last_tile() after the cycle's clock
};

// Streams the groups (L lanes each) back to back through m; checks the port invariants every cycle.
std::vector<TileRun> run_groups(Model& m, const std::vector<Group>& groups, const Rates& rt, std::mt19937_64& rng,
                                Trace* trace = nullptr) {
  const PeaShape& s = m.shape();
  const size_t L = static_cast<size_t>(pea_lanes(s));
  for (const Group& g : groups) {
    EXPECT_EQ(g.size(), L);
    for (const Tile& tl : g) EXPECT_EQ(tl.x.v, g[0].x.v);
  }
  if (::testing::Test::HasFailure()) return {};
  std::uniform_real_distribution<double> u(0, 1);
  auto coin = [&](double p) { return p >= 1 || u(rng) < p; };
  std::vector<TileRun> runs(groups.size());
  size_t next = 0, done = 0;
  int loading = -1;
  std::vector<size_t> whi(L, 0), wli(L, 0);
  size_t xhi = 0, xli = 0;
  bool prev_stall = false;
  std::vector<int64_t> prev_y;
  const size_t kw = static_cast<size_t>(s.k_w);
  for (long cyc = 0; done < groups.size(); ++cyc) {
    if (cyc > 400000) {
      ADD_FAILURE() << "no progress";
      break;
    }
    Model::In in;
    in.w.resize(L);
    for (Model::WLaneIn& w : in.w) w.rowsum.assign(static_cast<size_t>(s.v), 0);
    if (rt.garbage) {
      in.k = static_cast<int>(rng() % 7);
      in.xh_n = static_cast<int>(rng() % 7);
      in.t = static_cast<int>(rng() % 4);
      in.r = static_cast<int>(rng() % 16);
      for (Model::WLaneIn& w : in.w) {
        w.wh_n = static_cast<int>(rng() % 7);
        for (int64_t& e : w.rowsum) e = static_cast<int64_t>(rng() % 1000) - 500;
      }
    }
    if (next < groups.size() && coin(rt.tile)) {
      const Group& g = groups[next];
      in.tile_valid = true;
      in.k = g[0].k;
      in.xh_n = static_cast<int>(g[0].xi.ho_words.size());
      in.t = g[0].t;
      in.r = g[0].r;
      for (size_t l = 0; l < L; ++l) {
        in.w[l].wh_n = static_cast<int>(g[l].wi.ho_words.size());
        in.w[l].rowsum = g[l].rowsum;
      }
    }
    const Group* lt = loading >= 0 ? &groups[static_cast<size_t>(loading)] : nullptr;
    const size_t K = lt ? static_cast<size_t>((*lt)[0].k) : 0;
    auto wh_left = [&](size_t l) { return lt && whi[l] < (*lt)[l].wi.ho_words.size(); };
    auto wl_left = [&](size_t l) { return lt && kw > 0 && wli[l] < K; };
    const bool xh_left = lt && xhi < (*lt)[0].xi.ho_words.size(), xl_left = lt && xli < K;
    for (size_t l = 0; l < L; ++l) {
      Model::WLaneIn& w = in.w[l];
      w.wl_data.assign(kw, 0);
      if (wh_left(l)) {
        w.wh_valid = coin(rt.wh);
        w.wh_data = (*lt)[l].wi.ho_words[whi[l]];
      } else if (rt.garbage) {
        w.wh_valid = coin(0.5);
        w.wh_data = rng();
      }
      if (wl_left(l)) {
        w.wl_valid = coin(rt.wl);
        for (size_t j = 0; j < kw; ++j) w.wl_data[j] = (*lt)[l].wi.lo_words[wli[l] * kw + j];
      } else if (rt.garbage) {
        w.wl_valid = coin(0.5);
        for (uint64_t& e : w.wl_data) e = rng();
      }
    }
    if (xh_left) {
      in.xh_valid = coin(rt.xh);
      in.xh_data = (*lt)[0].xi.ho_words[xhi];
    } else if (rt.garbage) {
      in.xh_valid = coin(0.5);
      in.xh_data = rng();
    }
    if (xl_left) {
      in.xl_valid = coin(rt.xl);
      in.xl_data = (*lt)[0].xi.lo_words[xli];
    } else if (rt.garbage) {
      in.xl_valid = coin(0.5);
      in.xl_data = rng();
    }
    in.y_ready = coin(rt.y);

    const Model::Out o = m.outputs(in);
    if (trace) {
      trace->out.push_back(o);
      trace->in.push_back(in);
    }
    // Port invariants.
    EXPECT_EQ(o.y.size(), L * static_cast<size_t>(s.v * s.v));
    EXPECT_EQ(o.wh_ready.size(), L);
    EXPECT_EQ(o.wl_ready.size(), L);
    if (::testing::Test::HasFailure()) break;
    if (!o.y_valid) {
      EXPECT_EQ(o.y, std::vector<int64_t>(o.y.size(), 0)) << "cycle " << cyc;
    }
    if (prev_stall) {
      EXPECT_TRUE(o.y_valid) << "y withdrawn while stalled, cycle " << cyc;
      EXPECT_EQ(o.y, prev_y) << "y changed while stalled, cycle " << cyc;
    }
    bool any = o.xh_ready || o.xl_ready;
    for (size_t l = 0; l < L; ++l) {
      EXPECT_TRUE(!o.wh_ready[l] || wh_left(l)) << "lane " << l << " cycle " << cyc;
      EXPECT_TRUE(!o.wl_ready[l] || wl_left(l)) << "lane " << l << " cycle " << cyc;
      any = any || o.wh_ready[l] || o.wl_ready[l];
    }
    EXPECT_TRUE(!o.xh_ready || xh_left) << "cycle " << cyc;
    EXPECT_TRUE(!o.xl_ready || xl_left) << "cycle " << cyc;
    // A stream with words left is ready exactly while the PEA loads: all of them together, in every lane.
    if (lt && any) {
      for (size_t l = 0; l < L; ++l) {
        EXPECT_EQ(o.wh_ready[l], wh_left(l)) << "lane " << l << " cycle " << cyc;
        EXPECT_EQ(o.wl_ready[l], wl_left(l)) << "lane " << l << " cycle " << cyc;
      }
      EXPECT_EQ(o.xh_ready, xh_left) << "cycle " << cyc;
      EXPECT_EQ(o.xl_ready, xl_left) << "cycle " << cyc;
    }
    if (o.tile_ready) {
      EXPECT_FALSE(any || o.y_valid) << "cycle " << cyc;
    }
    if (::testing::Test::HasFailure()) break;

    // Handshakes.
    for (size_t l = 0; l < L; ++l) {
      if (in.w[l].wh_valid && o.wh_ready[l]) ++whi[l];
      if (in.w[l].wl_valid && o.wl_ready[l]) ++wli[l];
    }
    if (in.xh_valid && o.xh_ready) ++xhi;
    if (in.xl_valid && o.xl_ready) ++xli;
    if (o.y_valid && runs[done].first_valid < 0) runs[done].first_valid = cyc;
    if (o.y_valid && in.y_ready) {
      runs[done].y = o.y;
      runs[done].st = m.last_tile();
      runs[done].done = cyc;
      ++done;
    }
    prev_stall = o.y_valid && !in.y_ready;
    prev_y = o.y;
    if (in.tile_valid && o.tile_ready) {
      runs[next].taken = cyc;
      loading = static_cast<int>(next++);
      std::fill(whi.begin(), whi.end(), 0);
      std::fill(wli.begin(), wli.end(), 0);
      xhi = xli = 0;
    }
    m.clock(in);
    if (trace) trace->st.push_back(m.last_tile());
  }
  return runs;
}

// Single-lane tiles (dtp = 0).
std::vector<TileRun> run(Model& m, const std::vector<Tile>& tiles, const Rates& rt, std::mt19937_64& rng,
                         Trace* trace = nullptr) {
  std::vector<Group> groups;
  for (const Tile& tl : tiles) groups.push_back(Group{tl});
  return run_groups(m, groups, rt, rng, trace);
}

int ceil_div(int a, int b) { return (a + b - 1) / b; }
// C = max(ceil(K / S), D) + 1 (static term 0 at k_w = 0).
int compute_cycles(const PeaShape& s, const Tile& tl) {
  const int st = s.k_w > 0 ? ceil_div(tl.k, s.swo / s.k_w) : 0;
  return std::max(st, tl.stored) + 1;
}

// ---- hand-derived timing ----

Matrix mat(int rows, int cols, std::vector<int64_t> v) {
  Matrix m(rows, cols);
  m.v = std::move(v);
  return m;
}

// v = 1, K = 1, k_w = 1, swo = 8 (S = 8), no stored HO vector. W = 3 (SBR: LO 3, HO 0); X = 5 with t = 0, z = 0
// (r = 0; HO 5 >> 4 = 0 = r, LO 5). Cycle 0: tile; 1: LOAD takes wl and xl (wh_n = xh_n = 0); 2: LOAD sees all
// loaded -> COMPUTE; 3: static k = 0 (ks = 8); 4: no work -> y; 5: OUT. C = max(1, 0) + 1 = 2, 1 + 2 + 2 = 5.
// y = 3 * 5 = 15. The image words by hand: wl = 0x3, xl = 0x5.
TEST(PanaceaPeaTiming, V1K1NoHoVectors) {
  const PeaShape s{1, 3, 8, 1, 4, 4, 32};
  Model m(s);
  const Tile tl = tile_from(s, mat(1, 1, {3}), mat(1, 1, {5}), 0, 0);
  ASSERT_TRUE(tl.wi.ho_words.empty());
  ASSERT_TRUE(tl.xi.ho_words.empty());
  ASSERT_EQ(tl.wi.lo_words, std::vector<uint64_t>{0x3});
  ASSERT_EQ(tl.xi.lo_words, std::vector<uint64_t>{0x5});
  std::mt19937_64 rng(1);
  Trace tr;
  const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng, &tr);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].taken, 0);
  EXPECT_EQ(r[0].first_valid, 5);
  EXPECT_EQ(r[0].y, std::vector<int64_t>{15});
  EXPECT_EQ(r[0].st.load_cycles, 2u);
  EXPECT_EQ(r[0].st.compute_cycles, 2u);
  EXPECT_EQ(r[0].st.static_steps, 1u);
  EXPECT_EQ(r[0].st.dynamic_steps, 0u);
  EXPECT_EQ(r[0].st.static_products, 1u);
  EXPECT_EQ(r[0].st.dynamic_products, 0u);
  EXPECT_EQ(r[0].st.borrowed_products, 0u);
  // Ports per cycle: tile_ready on 0 only; wl/xl ready on 1 only; y_valid on 5 only.
  for (size_t c = 0; c < tr.out.size(); ++c) {
    EXPECT_EQ(tr.out[c].tile_ready, c == 0) << c;
    EXPECT_EQ(tr.out[c].wl_ready, std::vector<bool>{c == 1}) << c;
    EXPECT_EQ(tr.out[c].xl_ready, c == 1) << c;
    EXPECT_FALSE(tr.out[c].wh_ready[0] || tr.out[c].xh_ready) << c;
    EXPECT_EQ(tr.out[c].y_valid, c == 5) << c;
  }
}

// The compensation alone: v = 1, K = 1, W = 3, X = 200 with t = 0, z = 200: r = 12, X's HO 200 >> 4 = 12 = r
// (skipped), LO 8. psum = 3 * 8 = 24; y = 24 + (12 << 4) * (rowsum 3 - partial 0) = 24 + 576 = 600 = 3 * 200.
// Same timing as above (no stored vector): y_valid on cycle 5.
TEST(PanaceaPeaTiming, V1K1CompensatedActivation) {
  const PeaShape s{1, 3, 8, 1, 4, 4, 32};
  Model m(s);
  const Tile tl = tile_from(s, mat(1, 1, {3}), mat(1, 1, {200}), 0, 200);
  ASSERT_TRUE(tl.xi.ho_words.empty());
  std::mt19937_64 rng(2);
  const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first_valid, 5);
  EXPECT_EQ(r[0].y, std::vector<int64_t>{600});
}

// v = 2, K = 3, k_w = 1, swo = 8, b = 4, t = 0, z = 100 (r = 6: X HO vectors equal to {6, 6} are compressed).
// W = [[1, 20, -5], [7, -2, 3]]: only k = 1 has a nonzero HO slice (20 = 2 * 8 + 4) -> one entry {index 1}.
// X rows k: {30, 100} (HO 1, 6: stored, entry {index 0}), {100, 111} (HO 6, 6: skipped), {200, 97} (HO 12, 6:
// stored, entry {index 1}). Flags: W {1}, X {0, 2}: D = 3; static ceil(3 / 8) = 1; C = max(1, 3) + 1 = 4.
// Cycle 0: tile; 1..3: LOAD (wh on 1, xh on 1 and 2, wl and xl on 1..3); 4: LOAD -> COMPUTE; 5, 6, 7: dynamic
// k = 0, 1, 2 (static on 5); 8: y; 9: OUT. y_valid first on 3 + 2 + 4 = 9.
// Ready pattern: cycle 1: all four; 2: wl, xh, xl; 3: wl, xl; 4: none.
TEST(PanaceaPeaTiming, V2K3StoredHoVectorsAndReadyPattern) {
  const PeaShape s{2, 3, 8, 1, 4, 8, 32};
  Model m(s);
  const Tile tl = tile_from(s, mat(2, 3, {1, 20, -5, 7, -2, 3}), mat(3, 2, {30, 100, 100, 111, 200, 97}), 0, 100);
  ASSERT_EQ(tl.wi.ho_words.size(), 1u);
  ASSERT_EQ(tl.xi.ho_words.size(), 2u);
  ASSERT_EQ(tl.stored, 3);
  std::mt19937_64 rng(3);
  Trace tr;
  const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng, &tr);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first_valid, 9);
  // y = W . X: row 0: 1*30 + 20*100 - 5*200 = 1030, 1*100 + 20*111 - 5*97 = 1835;
  //            row 1: 7*30 - 2*100 + 3*200 = 610, 7*100 - 2*111 + 3*97 = 769.
  EXPECT_EQ(r[0].y, (std::vector<int64_t>{1030, 1835, 610, 769}));
  EXPECT_EQ(r[0].st.load_cycles, 4u);
  EXPECT_EQ(r[0].st.compute_cycles, 4u);
  EXPECT_EQ(r[0].st.dynamic_steps, 3u);
  EXPECT_EQ(r[0].st.static_steps, 1u);
  EXPECT_EQ(r[0].st.static_products, 3u);
  // k = 0: X only -> k_w = 1; k = 1: W only -> 1; k = 2: X only -> 1.
  EXPECT_EQ(r[0].st.dynamic_products, 3u);
  const bool want[5][4] = {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 1, 1}, {0, 1, 0, 1}, {0, 0, 0, 0}};
  for (size_t c = 0; c < 5; ++c) {
    const Model::Out& o = tr.out[c];
    EXPECT_EQ(o.wh_ready, std::vector<bool>{want[c][0]}) << c;
    EXPECT_EQ(o.wl_ready, std::vector<bool>{want[c][1]}) << c;
    EXPECT_EQ(o.xh_ready, want[c][2]) << c;
    EXPECT_EQ(o.xl_ready, want[c][3]) << c;
  }
  for (size_t c = 0; c < tr.out.size(); ++c) EXPECT_EQ(tr.out[c].y_valid, c == 9) << c;
}

// k_w = 2, swo = 8: S = 4. K = 10, every HO vector compressed: C = max(ceil(10 / 4), 0) + 1 = 4 and y_valid on
// 10 + 2 + 4 = 16. static products 2 * 10 = 20, none dynamic.
// K = kmax = 64, k_w = 1, swo = 8: S = 8. With b = 4 each all-compressed run of 64 stores its 16th, 32nd, 48th
// and 64th vector explicitly (run breakers, k = 15, 31, 47, 63, the same k in W and X): D = 4 < 8, so still
// C = 8 + 1 = 9, y_valid on 64 + 2 + 9 = 75 (the static bound), with 4 dynamic steps.
TEST(PanaceaPeaTiming, AllCompressedReachesTheStaticBound) {
  std::mt19937_64 rng(4);
  {
    const PeaShape s{2, 4, 8, 2, 4, 16, 32};
    Model m(s);
    const Tile tl = make_tile(rng, s, 10, 1, 77, 1.0, 1.0);
    ASSERT_EQ(tl.stored, 0);
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, 16);
    EXPECT_EQ(r[0].st.compute_cycles, 4u);
    EXPECT_EQ(r[0].st.static_steps, 3u);
    EXPECT_EQ(r[0].st.dynamic_steps, 0u);
    EXPECT_EQ(r[0].st.static_products, 20u);
    EXPECT_EQ(r[0].st.dynamic_products, 0u);
    EXPECT_EQ(r[0].y, tl.y.v);
  }
  {
    const PeaShape s{4, 3, 8, 1, 4, 64, 32};
    Model m(s);
    const Tile tl = make_tile(rng, s, 64, 0, 130, 1.0, 1.0);
    ASSERT_EQ(tl.wi.ho_words.size(), 4u);
    ASSERT_EQ(tl.xi.ho_words.size(), 4u);
    ASSERT_EQ(tl.stored, 4);
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, 75);
    EXPECT_EQ(r[0].st.compute_cycles, 9u);
    EXPECT_EQ(r[0].st.load_cycles, 65u);
    EXPECT_EQ(r[0].st.static_steps, 8u);
    EXPECT_EQ(r[0].st.dynamic_steps, 4u);
    EXPECT_EQ(r[0].y, tl.y.v);
  }
}

// Dense: K = 10, k_w = 1, S = 8, every HO vector of both operands stored: D = 10 dynamic steps, C = 11, y_valid
// on 10 + 2 + 11 = 23; dynamic products per k: k_w + 1 + 1 = 3 -> 30.
TEST(PanaceaPeaTiming, DenseTileNeedsKDynamicSteps) {
  std::mt19937_64 rng(5);
  const PeaShape s{4, 3, 8, 1, 4, 64, 32};
  Model m(s);
  const Tile tl = make_tile(rng, s, 10, 2, 40, 0.0, 0.0);
  ASSERT_EQ(tl.stored, 10);
  const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first_valid, 23);
  EXPECT_EQ(r[0].st.compute_cycles, 11u);
  EXPECT_EQ(r[0].st.dynamic_steps, 10u);
  EXPECT_EQ(r[0].st.static_steps, 2u);
  EXPECT_EQ(r[0].st.dynamic_products, 30u);
  EXPECT_EQ(r[0].st.static_products, 10u);
  EXPECT_EQ(r[0].y, tl.y.v);
}

// k_w = 0: no wl stream and no static work (a weight is its HO slice, so a W vector is compressed only when all
// zero). K = 3 with no stored vector: C = 0 + 1 = 1, y_valid on 3 + 2 + 1 = 6.
TEST(PanaceaPeaTiming, NoLoSlicesOfW) {
  const PeaShape s{2, 2, 0, 0, 4, 8, 32};
  {
    Model m(s);
    const Tile tl = tile_from(s, mat(2, 3, {0, 0, 0, 0, 0, 0}), mat(3, 2, {1, 2, 3, 4, 5, 15}), 0, 0);
    ASSERT_EQ(tl.stored, 0);
    std::mt19937_64 rng(6);
    Trace tr;
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng, &tr);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, 6);
    EXPECT_EQ(r[0].y, tl.y.v);
    for (const Model::Out& o : tr.out) EXPECT_EQ(o.wl_ready, std::vector<bool>{false});
  }
  {
    Model m(s);
    // z = 0, t = 0: r = 0; X rows {16, 0} (HO 1, 0: stored) and {0, 255} (stored); the middle {3, 4} is skipped.
    // W = [[0, 5, 0], [0, -3, 0]]: only k = 1 stored (HO = w at k_w = 0), so D = 3, C = 4, y_valid on 9;
    // products: k = 0 and 2 X only: k_w = 0 each; k = 1 W only: 1 -> 1 dynamic product.
    // y = W . X = [[5 * 3, 5 * 4], [-3 * 3, -3 * 4]] = [[15, 20], [-9, -12]].
    const Tile tl = tile_from(s, mat(2, 3, {0, 5, 0, 0, -3, 0}), mat(3, 2, {16, 0, 3, 4, 0, 255}), 0, 0);
    ASSERT_EQ(tl.stored, 3);
    std::mt19937_64 rng(7);
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, 9);
    EXPECT_EQ(r[0].y, (std::vector<int64_t>{15, 20, -9, -12}));
    EXPECT_EQ(r[0].st.dynamic_steps, 3u);
    EXPECT_EQ(r[0].st.dynamic_products, 1u);
    EXPECT_EQ(r[0].st.static_products, 0u);
  }
}

// Readies do not depend on the valids: holding wl_valid low on the first three LOAD cycles keeps wl_ready high
// and delays the tile by 3 cycles (the V2K3 case: y_valid on 9 + 3 = 12). Back to back: after the y handshake on
// cycle 12 the PEA is IDLE on 13 and takes the next tile there; its y_valid comes 9 cycles later, on 22.
TEST(PanaceaPeaTiming, ReadyIgnoresValidAndBackToBack) {
  const PeaShape s{2, 3, 8, 1, 4, 8, 32};
  const Tile tl = tile_from(s, mat(2, 3, {1, 20, -5, 7, -2, 3}), mat(3, 2, {30, 100, 100, 111, 200, 97}), 0, 100);
  Model m(s);
  int taken = 0, tile_at = -1;
  std::vector<int> y_cycles, tile_cycles;
  size_t whi = 0, wli = 0, xhi = 0, xli = 0;
  auto at = [](const std::vector<uint64_t>& w, size_t i) { return w[std::min(i, w.size() - 1)]; };
  for (int c = 0; c < 40; ++c) {
    const Model::Out o0 = m.outputs({});
    Model::In in;
    in.tile_valid = true;
    in.k = 3;
    in.xh_n = 2;
    in.t = 0;
    in.r = tl.r;
    in.w.resize(1);
    Model::WLaneIn& w = in.w[0];
    w.wh_n = 1;
    w.rowsum = tl.rowsum;
    w.wh_valid = in.xh_valid = in.xl_valid = true;
    w.wl_valid = !(taken == 1 && c - tile_at <= 3);  // low on cycles 1, 2, 3 of the first tile
    w.wh_data = at(tl.wi.ho_words, whi);
    w.wl_data = {at(tl.wi.lo_words, wli)};
    in.xh_data = at(tl.xi.ho_words, xhi);
    in.xl_data = at(tl.xi.lo_words, xli);
    in.y_ready = true;
    const Model::Out o = m.outputs(in);
    EXPECT_EQ(o.wh_ready, o0.wh_ready) << c;  // independent of every valid
    EXPECT_EQ(o.wl_ready, o0.wl_ready) << c;
    EXPECT_EQ(o.xh_ready, o0.xh_ready) << c;
    EXPECT_EQ(o.xl_ready, o0.xl_ready) << c;
    ASSERT_EQ(o.wl_ready.size(), 1u);
    if (taken == 1 && c - tile_at >= 1 && c - tile_at <= 6) {
      EXPECT_TRUE(o.wl_ready[0]) << c;
    }
    if (taken == 1 && c - tile_at == 7) {
      EXPECT_FALSE(o.wl_ready[0]) << c;
    }
    if (w.wh_valid && o.wh_ready[0]) ++whi;
    if (w.wl_valid && o.wl_ready[0]) ++wli;
    if (in.xh_valid && o.xh_ready) ++xhi;
    if (in.xl_valid && o.xl_ready) ++xli;
    if (o.y_valid) {
      y_cycles.push_back(c);
      EXPECT_EQ(o.y, (std::vector<int64_t>{1030, 1835, 610, 769})) << c;
    }
    if (o.tile_ready) {
      tile_cycles.push_back(c);
      tile_at = c;
      ++taken;
      whi = wli = xhi = xli = 0;
    }
    m.clock(in);
  }
  ASSERT_GE(tile_cycles.size(), 2u);
  ASSERT_GE(y_cycles.size(), 2u);
  EXPECT_EQ(tile_cycles[0], 0);
  EXPECT_EQ(y_cycles[0], 12);
  EXPECT_EQ(tile_cycles[1], 13);
  EXPECT_EQ(y_cycles[1], 22);
}

// y holds while y_ready is low: the V1 case at y_valid on 5 stalled for 4 cycles, taken on 9, IDLE on 10.
TEST(PanaceaPeaTiming, OutputHoldsUntilTaken) {
  const PeaShape s{1, 3, 8, 1, 4, 4, 32};
  Model m(s);
  const Tile tl = tile_from(s, mat(1, 1, {3}), mat(1, 1, {5}), 0, 0);
  Model::In in;
  in.tile_valid = true;
  in.k = 1;
  in.w.resize(1);
  in.w[0].rowsum = tl.rowsum;
  in.w[0].wl_valid = in.xl_valid = true;
  in.w[0].wl_data = {tl.wi.lo_words[0]};
  in.xl_data = tl.xi.lo_words[0];
  for (int c = 0; c <= 10; ++c) {
    in.y_ready = c >= 9;
    const Model::Out o = m.outputs(in);
    EXPECT_EQ(o.y_valid, c >= 5 && c <= 9) << c;
    EXPECT_EQ(o.y, std::vector<int64_t>{o.y_valid ? 15 : 0}) << c;
    EXPECT_EQ(o.tile_ready, c == 0 || c == 10) << c;
    in.tile_valid = c == 0;  // only one tile
    m.clock(in);
    in.tile_valid = false;
  }
}

// ---- random tiles ----

// Every (v, k_w) with random other parameters; per model, 36 tiles sweeping the HO vector sparsity of W and X over
// {0, 25, 50, 75, 90, 100} %, streamed back to back twice: at full rate (exact latency K + 2 + C per tile, the
// next tile taken right after the previous y) and with random valid gaps per stream and y_ready stalls.
TEST(PanaceaPeaRandom, TilesMatchGemmCountersAndCycleFormula) {
  std::mt19937_64 rng(2024);
  const double sp[] = {0.0, 0.25, 0.5, 0.75, 0.9, 1.0};
  int combo = 0;
  for (int v : {1, 2, 4})
    for (int k_w : {0, 1, 2}) {
      PeaShape s;
      s.v = v;
      s.k_w = k_w;
      s.swo = std::max(k_w, 1) + static_cast<int>(rng() % 8);
      s.dwo = k_w + 2 + static_cast<int>(rng() % 3);
      s.rle_bits = 1 + static_cast<int>(rng() % 4);
      s.kmax = std::vector<int>{64, 100, 9, 1}[static_cast<size_t>(combo % 4)];
      s.acc_bits = std::vector<int>{32, 12, 64, 20}[static_cast<size_t>(combo / 2 % 4)];
      ++combo;
      SCOPED_TRACE("v " + std::to_string(v) + " k_w " + std::to_string(k_w) + " swo " + std::to_string(s.swo) +
                   " b " + std::to_string(s.rle_bits) + " kmax " + std::to_string(s.kmax) + " acc " +
                   std::to_string(s.acc_bits));
      std::vector<Tile> tiles;
      for (double sw : sp)
        for (double sx : sp) {
          const int K = tiles.empty() ? s.kmax : 1 + static_cast<int>(rng() % static_cast<uint64_t>(s.kmax));
          tiles.push_back(make_tile(rng, s, K, static_cast<int>(rng() % 3), static_cast<int>(rng() % 256), sw, sx));
        }
      for (int mode = 0; mode < 2; ++mode) {
        Rates rt;
        if (mode == 1) {
          auto p = [&] { return 0.2 + 0.8 * static_cast<double>(rng() % 1000) / 1000.0; };
          rt = Rates{p(), p(), p(), p(), p(), p(), true};
        }
        Model m(s);
        const std::vector<TileRun> runs = run(m, tiles, rt, rng);
        ASSERT_FALSE(::testing::Test::HasFailure());
        for (size_t n = 0; n < tiles.size(); ++n) {
          const Tile& tl = tiles[n];
          const TileRun& r = runs[n];
          SCOPED_TRACE("mode " + std::to_string(mode) + " tile " + std::to_string(n) + " K " + std::to_string(tl.k));
          EXPECT_EQ(r.y, tl.y.v);
          EXPECT_EQ(r.st.static_products, tl.cnt.static_products);
          EXPECT_EQ(r.st.dynamic_products, tl.cnt.dynamic_products);
          EXPECT_EQ(r.st.borrowed_products, 0u);  // no spare DWO use without dtp
          EXPECT_EQ(r.st.dynamic_steps, static_cast<uint64_t>(tl.stored));
          EXPECT_EQ(r.st.static_steps, static_cast<uint64_t>(k_w > 0 ? ceil_div(tl.k, s.swo / k_w) : 0));
          const int C = compute_cycles(s, tl);
          EXPECT_EQ(r.st.compute_cycles, static_cast<uint64_t>(C));
          EXPECT_GE(r.st.load_cycles, static_cast<uint64_t>(tl.k + 1));
          if (mode == 0) {
            EXPECT_EQ(r.st.load_cycles, static_cast<uint64_t>(tl.k + 1));
            EXPECT_EQ(r.first_valid - r.taken, tl.k + 2 + C);
            EXPECT_EQ(r.done, r.first_valid);
            if (n > 0) {
              EXPECT_EQ(r.taken, runs[n - 1].done + 1);
            }
          }
        }
      }
    }
}

// ---- errors ----

TEST(PanaceaPeaShape, WidthsAndBadShapesThrow) {
  PeaShape s;  // v 4, dwo 4, swo 8, k_w 1, b 4, kmax 64, acc 32
  EXPECT_EQ(pea_kw_bits(s), 7);  // clog2(65)
  EXPECT_EQ(pea_psw(s), 14);     // 3 + 4 + 6 + 1
  EXPECT_EQ(pea_static_step(s), 8);
  s.kmax = 63;
  EXPECT_EQ(pea_kw_bits(s), 6);  // clog2(64)
  EXPECT_EQ(pea_psw(s), 14);     // clog2(63) = 6
  s.kmax = 1;
  EXPECT_EQ(pea_kw_bits(s), 1);
  EXPECT_EQ(pea_psw(s), 8);
  s = PeaShape{};
  s.k_w = 2;
  s.dwo = 3;
  EXPECT_THROW(Model{s}, std::invalid_argument);  // dwo < k_w + 2
  s.dwo = 5;
  s.swo = 1;
  EXPECT_THROW(Model{s}, std::invalid_argument);  // swo < k_w
  s.swo = 2;
  EXPECT_NO_THROW(Model{s});
  EXPECT_EQ(pea_static_step(s), 1);
  auto bad = [](auto f) {
    PeaShape b;
    f(b);
    EXPECT_THROW(Model{b}, std::invalid_argument);
  };
  bad([](PeaShape& b) { b.k_w = 3; });
  bad([](PeaShape& b) { b.k_w = -1; });
  bad([](PeaShape& b) { b.v = 0; });
  bad([](PeaShape& b) { b.v = 13; });
  bad([](PeaShape& b) { b.rle_bits = 0; });
  bad([](PeaShape& b) { b.rle_bits = 17; });
  bad([](PeaShape& b) { b.v = 12, b.rle_bits = 17; });
  bad([](PeaShape& b) { b.dwo = 2; });
  bad([](PeaShape& b) { b.swo = 0; });
  bad([](PeaShape& b) { b.kmax = 0; });
  bad([](PeaShape& b) { b.acc_bits = 0; });
  bad([](PeaShape& b) { b.acc_bits = 65; });
  PeaShape z;
  z.k_w = 0;
  z.swo = 0;
  z.dwo = 2;
  EXPECT_NO_THROW(Model{z});
}

TEST(PanaceaPeaShape, ProtocolErrorsThrow) {
  const PeaShape s{2, 3, 8, 1, 4, 8, 32};
  auto tile = [&](int k, int wh_n, int xh_n, int t, int r) {
    Model m(s);
    Model::In in;
    in.tile_valid = true;
    in.k = k;
    in.w.resize(1);
    in.w[0].wh_n = wh_n;
    in.xh_n = xh_n;
    in.t = t;
    in.r = r;
    in.w[0].rowsum = {0, 0};
    m.clock(in);
  };
  EXPECT_NO_THROW(tile(8, 8, 8, 2, 15));
  EXPECT_THROW(tile(0, 0, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(9, 0, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 4, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 0, 4, 0, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 0, 0, 3, 0), std::invalid_argument);
  EXPECT_THROW(tile(3, 0, 0, 0, 16), std::invalid_argument);
  // An HO entry past K: K = 3, index 3 at position 0.
  Model m(s);
  Model::In in;
  in.tile_valid = true;
  in.k = 3;
  in.w.resize(1);
  in.w[0].wh_n = 1;
  in.w[0].rowsum = {0, 0};
  m.clock(in);
  in.tile_valid = false;
  in.w[0].wh_valid = true;
  in.w[0].wh_data = 3;
  EXPECT_THROW(m.clock(in), std::invalid_argument);
}


// ---- double-tile processing (dtp = 1) ----

// The doc's two queues simulated alone, as an oracle for the compute phase: the dynamic queue is only the list of
// its items' DWO needs in q order (no values), the static queue the range [f, e) of the L K items (none at
// k_w = 0). Per cycle the dynamic step takes the next m items, m as large as possible with m <= dyn_items and
// their needs summing to U <= dwo (a prefix: it stops at the first item that does not fit); SWOs take ns = min(S,
// e - f) from the front, spare DWOs nd = min(D, e - f - ns) from the back, D = floor((dwo - U) / k_w) (0 without
// dtp or at k_w = 0).
struct QueueCount {
  int compute_cycles = 1;  // the cycle that loads y
  int static_steps = 0;    // cycles with ns + nd > 0
  int borrowed_items = 0;  // sum of nd
  int dynamic_steps = 0;   // cycles with m > 0
  int dynamic_items = 0;   // sum of m
  int dwo_stops = 0;       // cycles whose step stopped because the next item did not fit (m < dyn_items)
  int multi = 0;           // cycles with m > 1
};
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

// The dynamic items' DWO needs in q = k L + l order, from the groups' memory images (stored_vectors): item (k, l)
// exists when W_l's or X's HO vector k is stored, and needs (X ? k_w : 0) + (W ? 1 : 0) + (W && X ? 1 : 0).
std::vector<int> item_needs(const Group& g, int k_w) {
  const std::vector<bool> x = stored_vectors(g[0].xi);
  std::vector<std::vector<bool>> w;
  for (const Tile& tl : g) w.push_back(stored_vectors(tl.wi));
  std::vector<int> needs;
  for (size_t k = 0; k < static_cast<size_t>(g[0].k); ++k)
    for (size_t l = 0; l < g.size(); ++l)
      if (w[l][k] || x[k]) needs.push_back((x[k] ? k_w : 0) + (w[l][k] ? 1 : 0) + (w[l][k] && x[k] ? 1 : 0));
  return needs;
}

PeaShape dtp0(PeaShape s) {
  s.dtp = false;
  return s;
}

TEST(PanaceaPeaDtp, LanesAndShapes) {
  PeaShape s;
  EXPECT_FALSE(s.dtp);
  EXPECT_EQ(pea_lanes(s), 1);
  s.dtp = true;
  EXPECT_EQ(pea_lanes(s), 2);
  const PeaShape agg{2, 3, 8, 1, 4, 8, 32};  // the 7-field initialiser: dtp = 0
  EXPECT_FALSE(agg.dtp);
  EXPECT_EQ(pea_lanes(agg), 1);
  const PeaShape agg2{2, 3, 8, 1, 4, 8, 32, true};
  EXPECT_EQ(pea_lanes(agg2), 2);
  // The widths do not depend on dtp (they are per lane).
  EXPECT_EQ(pea_psw(agg2), pea_psw(agg));
  EXPECT_EQ(pea_kw_bits(agg2), pea_kw_bits(agg));
  EXPECT_EQ(pea_static_step(agg2), 8);
  PeaShape bad = agg2;
  bad.dwo = 2;  // < k_w + 2, whatever dtp
  EXPECT_THROW(Model{bad}, std::invalid_argument);
  EXPECT_THROW(pea_lanes(bad), std::invalid_argument);
  // outputs() with a default In in every state has L-wide lane ports.
  Model m(agg2);
  const Model::Out o = m.outputs({});
  EXPECT_TRUE(o.tile_ready);
  EXPECT_EQ(o.wh_ready, std::vector<bool>(2, false));
  EXPECT_EQ(o.wl_ready, std::vector<bool>(2, false));
  EXPECT_EQ(o.y, std::vector<int64_t>(2 * 2 * 2, 0));
  const Model m1(agg);
  EXPECT_EQ(m1.outputs({}).wh_ready.size(), 1u);
  EXPECT_EQ(m1.outputs({}).y.size(), 4u);
}

// No HO vector stored anywhere: v = 4, k_w = 1, swo = 8 (S = 8), dwo = 4, K = kmax = 64, b = 7 (a run of 64
// compressed vectors needs no run breaker: 64 < 2^7 - 1). No dynamic item, so D = floor(4 / 1) = 4 every cycle:
// the L K = 128 static items go 8 (front) + 4 (back) = 12 per cycle: 10 cycles of 12 (120), then 8 (ns = 8,
// nd = min(4, 0) = 0): 11 cycles, + 1 for y: C = ceil(128 / 12) + 1 = 12 (two dtp = 0 tiles: 2 (8 + 1) = 18).
// Cycle 0: tile; 1 .. 64: LOAD (wl[0], wl[1], xl one word each per cycle; no HO entry); 65: LOAD -> COMPUTE;
// 66 .. 76: static; 77: y; y_valid first on 78 = 64 + 2 + 12. Borrowed: 4 items on each of the first 10 compute
// cycles = 40 products (k_w = 1); static_products 128, static_steps 11, nothing dynamic.
TEST(PanaceaPeaDtp, NoHoVectorsStaticAndSpareDwos) {
  const PeaShape s{4, 4, 8, 1, 7, 64, 32, true};
  std::mt19937_64 rng(11);
  const Group g = make_group(rng, s, 64, 1, 90, {1.0, 1.0}, 1.0);
  for (const Tile& tl : g) {
    ASSERT_EQ(tl.stored, 0);
    ASSERT_TRUE(tl.wi.ho_words.empty());
    ASSERT_TRUE(tl.xi.ho_words.empty());
  }
  Model m(s);
  Trace tr;
  const std::vector<TileRun> r = run_groups(m, {g}, Rates{}, rng, &tr);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].taken, 0);
  EXPECT_EQ(r[0].first_valid, 78);
  EXPECT_EQ(r[0].y, group_y(g));
  EXPECT_EQ(r[0].st.load_cycles, 65u);
  EXPECT_EQ(r[0].st.compute_cycles, 12u);
  EXPECT_EQ(r[0].st.static_steps, 11u);
  EXPECT_EQ(r[0].st.static_products, 128u);
  EXPECT_EQ(r[0].st.borrowed_products, 40u);
  EXPECT_EQ(r[0].st.dynamic_steps, 0u);
  EXPECT_EQ(r[0].st.dynamic_products, 0u);
  // The doc's closed form for no dynamic item.
  EXPECT_EQ(r[0].st.compute_cycles, static_cast<uint64_t>(ceil_div(2 * 64, 8 + 4 / 1) + 1));
  for (size_t c = 0; c < tr.out.size(); ++c) {
    const bool loading = c >= 1 && c <= 64;
    EXPECT_EQ(tr.out[c].wl_ready, std::vector<bool>(2, loading)) << c;
    EXPECT_EQ(tr.out[c].wh_ready, std::vector<bool>(2, false)) << c;
    EXPECT_EQ(tr.out[c].xl_ready, loading) << c;
    EXPECT_EQ(tr.out[c].y_valid, c == 78) << c;
  }
}

// Hand trace: v = 1, K = 8, k_w = 1, swo = 2 (S = 2), dwo = 4, dyn_items = 1: D = floor((4 - U) / 1) with U the
// DWOs of the cycle's dynamic item (its n: 1 for W only or X only, 3 for both), 4 without one. b = 4, t = 0, z = 32
// (r = 2: an X value in [32, 47] has HO 2 = r, compressed).
//   X  = [33, 40, 200, 47, 32, 35, 41, 46]: only k = 2 stored (HO 12);           xflag {2}
//   W0 = [1, -2, 20, 3, 7, -8, 5, -1]: SBR HO is 0 exactly for w in [-8, 7];     wflag[0] {2} (20 = 2*8 + 4)
//   W1 = [-30, 4, -5, 6, -7, 2, 0, 3]: -30 = -3*8 + (-6);                         wflag[1] {0}
// Dynamic items (k, l), q = 2k + l: (0, 1) q 1 [W only, n 1], (2, 0) q 4 [W and X, n 3], (2, 1) q 5 [X only, n 1].
// Static items u = 8l + k, 16 of them, [f, e) = [0, 16); nd = min(D, e - f - ns) on the cycle's registers:
//   C1: dyn (0,1): 1 HO_w x LO_x product, U 1, D 3;  SWO u 0, 1; DWO u 13, 14, 15 (min(3, 14));  f 2, e 13
//   C2: dyn (2,0): k_w + 1 + 1 = 3 products, U 3, D 1; SWO u 2, 3; DWO u 12 (min(1, 9));          f 4, e 12
//   C3: dyn (2,1): k_w = 1 product, U 1, D 3;         SWO u 4, 5; DWO u 9, 10, 11 (min(3, 6));     f 6, e 9
//   C4: no dyn (q 6 .. 15 have no flag), U 0, D 4:    SWO u 6, 7; DWO u 8 (min(4, 9 - 6 - 2 = 1)); f 8 = e
//   C5: nothing left: y. C = 5 (dtp = 0: lane 0 max(4, 1) + 1 = 5, lane 1 max(4, 2) + 1 = 5: 10).
// (Under the former rule, D = floor((dwo - (k_w + 2)) / k_w) = 1 on every cycle with a dynamic item, C was 6.)
// Cycle 0: tile; 1 .. 8: LOAD (wh[0], wh[1] and xh one entry each on cycle 1); 9: LOAD -> COMPUTE; C1 .. C5 on
// cycles 10 .. 14; y_valid first on 15 = 8 + 2 + 5. Borrowed: 3 + 1 + 3 + 1 = 8 items = 8 products.
// y0 = 33 - 80 + 4000 + 141 + 224 - 280 + 205 - 46 = 4197; y1 = -990 + 160 - 1000 + 282 - 224 + 70 + 0 + 138 = -1564.
TEST(PanaceaPeaDtp, HandTraceMixedFlags) {
  const PeaShape s{1, 4, 2, 1, 4, 8, 32, true};
  const Group g = group_from(s, {mat(1, 8, {1, -2, 20, 3, 7, -8, 5, -1}), mat(1, 8, {-30, 4, -5, 6, -7, 2, 0, 3})},
                             mat(8, 1, {33, 40, 200, 47, 32, 35, 41, 46}), 0, 32);
  ASSERT_EQ(g[0].r, 2);
  ASSERT_EQ(g[0].wi.ho_words.size(), 1u);
  ASSERT_EQ(g[1].wi.ho_words.size(), 1u);
  ASSERT_EQ(g[0].xi.ho_words.size(), 1u);
  ASSERT_EQ(g[0].stored, 1);  // k = 2
  ASSERT_EQ(g[1].stored, 2);  // k = 0, 2
  Model m(s);
  std::mt19937_64 rng(12);
  Trace tr;
  const std::vector<TileRun> r = run_groups(m, {g}, Rates{}, rng, &tr);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first_valid, 15);
  EXPECT_EQ(r[0].y, (std::vector<int64_t>{4197, -1564}));
  EXPECT_EQ(r[0].y, group_y(g));
  EXPECT_EQ(r[0].st.load_cycles, 9u);
  EXPECT_EQ(r[0].st.compute_cycles, 5u);
  EXPECT_EQ(r[0].st.static_steps, 4u);
  EXPECT_EQ(r[0].st.static_products, 16u);
  EXPECT_EQ(r[0].st.borrowed_products, 8u);
  EXPECT_EQ(r[0].st.dynamic_steps, 3u);
  EXPECT_EQ(r[0].st.dynamic_items, 3u);
  EXPECT_EQ(r[0].st.dynamic_products, 5u);
  // Per cycle (increments of the statistics over the cycle): {static, borrowed, dynamic products, dynamic step}.
  const uint64_t want[5][4] = {{5, 3, 1, 1}, {3, 1, 3, 1}, {5, 3, 1, 1}, {3, 1, 0, 0}, {0, 0, 0, 0}};
  ASSERT_GE(tr.st.size(), 16u);
  for (size_t c = 1; c <= 15; ++c) {
    const Model::TileStats &a = tr.st[c - 1], &b = tr.st[c];
    const bool comp = c >= 10 && c <= 14;
    const uint64_t* w = comp ? want[c - 10] : nullptr;
    EXPECT_EQ(b.static_products - a.static_products, comp ? w[0] : 0) << c;
    EXPECT_EQ(b.borrowed_products - a.borrowed_products, comp ? w[1] : 0) << c;
    EXPECT_EQ(b.dynamic_products - a.dynamic_products, comp ? w[2] : 0) << c;
    EXPECT_EQ(b.dynamic_steps - a.dynamic_steps, comp ? w[3] : 0) << c;
    EXPECT_EQ(b.compute_cycles - a.compute_cycles, comp ? 1u : 0u) << c;
  }
  // Ready pattern: the HO entries on cycle 1, the LO words on 1 .. 8 (both lanes alike).
  for (size_t c = 0; c < tr.out.size(); ++c) {
    EXPECT_EQ(tr.out[c].wh_ready, std::vector<bool>(2, c == 1)) << c;
    EXPECT_EQ(tr.out[c].xh_ready, c == 1) << c;
    EXPECT_EQ(tr.out[c].wl_ready, std::vector<bool>(2, c >= 1 && c <= 8)) << c;
    EXPECT_EQ(tr.out[c].y_valid, c == 15) << c;
  }
}

// k_w = 2 with a dynamic step: v = 1, K = 6, swo = 4 (S = floor(4 / 2) = 2), dwo = 7, dyn_items = 1: D =
// floor((7 - U) / 2), U the needs of the cycle's dynamic item (X only: k_w = 2; W and X: 4), 3 without one.
// b = 4, t = 1, z = 100 (r = 100 / 32 = 3: X in [96, 127] compressed).
//   X  = [10, 100, 127, 96, 110, 120]: only k = 0 stored (HO 0);  truncated (t = 1): [10, 100, 126, 96, 110, 120]
//   W0 = [5, -3, 7, -8, 0, 2]: all HO 0 (|w| <= 8);  W1 = [300, 1, -1, 4, 6, -7]: 300 = 4*64 + 5*8 + 4, k = 0 stored
// Dynamic items: (0, 0) q 0 [X only: k_w = 2 products], (0, 1) q 1 [W and X: 2 + 1 + 1 = 4 products].
// Static items u = 6l + k, 12 of them, each k_w = 2 products; nd = min(D, e - f - ns):
//   C1: dyn (0,0), U 2, D floor(5 / 2) = 2; SWO u 0, 1; DWO u 10, 11 (min(2, 10));   f 2, e 10
//   C2: dyn (0,1), U 4, D floor(3 / 2) = 1; SWO u 2, 3; DWO u 9 (min(1, 6));         f 4, e 9
//   C3: no dyn, U 0, D 3;                   SWO u 4, 5; DWO u 6, 7, 8 (min(3, 3));   f 6 = e
//   C4: y. C = 4 (dtp = 0: 2 (max(3, 1) + 1) = 8; the former D rule gave 5). y_valid first on 6 + 2 + 4 = 12.
// static_products 24, borrowed (2 + 1 + 3) 2 = 12, dynamic 6, dynamic_steps 2, static_steps 3.
// y0 = 50 - 300 + 882 - 768 + 0 + 240 = 104; y1 = 3000 + 100 - 126 + 384 + 660 - 840 = 3178.
TEST(PanaceaPeaDtp, TwoLoPlanesWithDynamicStep) {
  const PeaShape s{1, 7, 4, 2, 4, 8, 32, true};
  const Group g = group_from(s, {mat(1, 6, {5, -3, 7, -8, 0, 2}), mat(1, 6, {300, 1, -1, 4, 6, -7})},
                             mat(6, 1, {10, 100, 127, 96, 110, 120}), 1, 100);
  ASSERT_EQ(g[0].r, 3);
  ASSERT_EQ(g[0].wi.ho_words.size(), 0u);
  ASSERT_EQ(g[1].wi.ho_words.size(), 1u);
  ASSERT_EQ(g[0].xi.ho_words.size(), 1u);
  Model m(s);
  std::mt19937_64 rng(13);
  Trace tr;
  const std::vector<TileRun> r = run_groups(m, {g}, Rates{}, rng, &tr);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first_valid, 12);
  EXPECT_EQ(r[0].y, (std::vector<int64_t>{104, 3178}));
  EXPECT_EQ(r[0].y, group_y(g));
  EXPECT_EQ(r[0].st.compute_cycles, 4u);
  EXPECT_EQ(r[0].st.static_steps, 3u);
  EXPECT_EQ(r[0].st.static_products, 24u);
  EXPECT_EQ(r[0].st.borrowed_products, 12u);
  EXPECT_EQ(r[0].st.dynamic_steps, 2u);
  EXPECT_EQ(r[0].st.dynamic_items, 2u);
  EXPECT_EQ(r[0].st.dynamic_products, 6u);
  // LOAD on cycles 1 .. 7 (7 leaves), C1 .. C4 on 8 .. 11: {static, borrowed, dynamic products} per cycle.
  const uint64_t want[4][3] = {{8, 4, 2}, {6, 2, 4}, {10, 6, 0}, {0, 0, 0}};
  ASSERT_GE(tr.st.size(), 12u);
  for (size_t c = 8; c <= 11; ++c) {
    const Model::TileStats &a = tr.st[c - 1], &b = tr.st[c];
    EXPECT_EQ(b.static_products - a.static_products, want[c - 8][0]) << c;
    EXPECT_EQ(b.borrowed_products - a.borrowed_products, want[c - 8][1]) << c;
    EXPECT_EQ(b.dynamic_products - a.dynamic_products, want[c - 8][2]) << c;
  }
}

// k_w = 0: no wl stream, no static work (e = 0); the dynamic items of both lanes run in q order. v = 1, K = 3,
// swo = 0, dwo = 2, b = 4, t = 0, z = 0 (r = 0: X compressed when < 16). A weight is its HO slice.
//   X = [7, 50, 15]: xflag {1};  W0 = [3, 0, -2]: wflag[0] {0, 2};  W1 = [0, 5, 4]: wflag[1] {1, 2}
// Items (q = 2k + l): q 0 (0, 0) [W: 1 product], q 2 (1, 0) [X only: k_w = 0 products, partial += 0],
//   q 3 (1, 1) [W and X: 2], q 4 (2, 0) [W: 1], q 5 (2, 1) [W: 1]; lanes 0, 0, 1, 0, 1; q 1 (W1[0] = 0, X
//   compressed) is skipped. C = 5 + 1 = 6 (dtp = 0: (3 + 1) + (2 + 1) = 7).
// Cycle 0: tile; 1 .. 3: LOAD (xl; wh[0] on 1, 2; wh[1] on 1, 2; xh on 1); 4: LOAD -> COMPUTE; 5 .. 9: the five
// items; 10: y; y_valid first on 11 = 3 + 2 + 6. y0 = 21 + 0 - 30 = -9, y1 = 0 + 250 + 60 = 310.
TEST(PanaceaPeaDtp, NoLoSlicesLanesAlternate) {
  const PeaShape s{1, 2, 0, 0, 4, 4, 32, true};
  const Group g = group_from(s, {mat(1, 3, {3, 0, -2}), mat(1, 3, {0, 5, 4})}, mat(3, 1, {7, 50, 15}), 0, 0);
  ASSERT_EQ(g[0].wi.ho_words.size(), 2u);
  ASSERT_EQ(g[1].wi.ho_words.size(), 2u);
  ASSERT_EQ(g[0].xi.ho_words.size(), 1u);
  Model m(s);
  std::mt19937_64 rng(14);
  Trace tr;
  const std::vector<TileRun> r = run_groups(m, {g}, Rates{}, rng, &tr);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first_valid, 11);
  EXPECT_EQ(r[0].y, (std::vector<int64_t>{-9, 310}));
  EXPECT_EQ(r[0].y, group_y(g));
  EXPECT_EQ(r[0].st.compute_cycles, 6u);
  EXPECT_EQ(r[0].st.dynamic_steps, 5u);
  EXPECT_EQ(r[0].st.dynamic_products, 5u);
  EXPECT_EQ(r[0].st.static_products, 0u);
  EXPECT_EQ(r[0].st.static_steps, 0u);
  EXPECT_EQ(r[0].st.borrowed_products, 0u);
  const uint64_t want[6] = {1, 0, 2, 1, 1, 0};  // dynamic products per compute cycle 5 .. 10
  ASSERT_GE(tr.st.size(), 11u);
  for (size_t c = 5; c <= 10; ++c) {
    EXPECT_EQ(tr.st[c].dynamic_products - tr.st[c - 1].dynamic_products, want[c - 5]) << c;
    EXPECT_EQ(tr.st[c].dynamic_steps - tr.st[c - 1].dynamic_steps, c <= 9 ? 1u : 0u) << c;
  }
  for (const Model::Out& o : tr.out) EXPECT_EQ(o.wl_ready, std::vector<bool>(2, false));
}

// ---- several dynamic items per cycle (dyn_items) ----

// The statistics' increments over compute cycles first, first + 1, ..: {static products, borrowed products,
// dynamic products (= U), dynamic items}; a dynamic step is counted exactly on the cycles with an item.
void expect_per_cycle(const Trace& tr, size_t first, const std::vector<std::array<uint64_t, 4>>& want) {
  ASSERT_GE(tr.st.size(), first + want.size());
  for (size_t n = 0; n < want.size(); ++n) {
    const size_t c = first + n;
    const Model::TileStats &a = tr.st[c - 1], &b = tr.st[c];
    EXPECT_EQ(b.compute_cycles - a.compute_cycles, 1u) << "cycle " << c;
    EXPECT_EQ(b.static_products - a.static_products, want[n][0]) << "cycle " << c;
    EXPECT_EQ(b.borrowed_products - a.borrowed_products, want[n][1]) << "cycle " << c;
    EXPECT_EQ(b.dynamic_products - a.dynamic_products, want[n][2]) << "cycle " << c;
    EXPECT_EQ(b.dynamic_items - a.dynamic_items, want[n][3]) << "cycle " << c;
    EXPECT_EQ(b.dynamic_steps - a.dynamic_steps, want[n][3] > 0 ? 1u : 0u) << "cycle " << c;
  }
}

TEST(PanaceaPeaDynItems, ShapeDefaultsAndBadShapesThrow) {
  EXPECT_EQ(PeaShape{}.dyn_items, 1);
  const PeaShape agg{2, 4, 8, 1, 4, 8, 32};  // 7 fields: dtp = 0, dyn_items = 1
  EXPECT_EQ(agg.dyn_items, 1);
  const PeaShape agg8{2, 4, 8, 1, 4, 8, 32, true};  // 8 fields: dyn_items = 1
  EXPECT_EQ(agg8.dyn_items, 1);
  const PeaShape agg9{2, 4, 8, 1, 4, 8, 32, true, 3};
  EXPECT_TRUE(agg9.dtp);
  EXPECT_EQ(agg9.dyn_items, 3);
  for (bool dtp : {false, true})
    for (int dwo : {2, 3, 4, 7}) {
      PeaShape s;
      s.k_w = 0;
      s.swo = 0;
      s.dtp = dtp;
      s.dwo = dwo;
      for (int di = -1; di <= dwo + 2; ++di) {
        s.dyn_items = di;
        if (di >= 1 && di <= dwo) {
          EXPECT_NO_THROW(Model{s}) << dtp << " " << dwo << " " << di;
          EXPECT_EQ(pea_lanes(s), dtp ? 2 : 1);
        } else {
          EXPECT_THROW(Model{s}, std::invalid_argument) << dtp << " " << dwo << " " << di;
          EXPECT_THROW(pea_lanes(s), std::invalid_argument);
          EXPECT_THROW(pea_psw(s), std::invalid_argument);
        }
      }
    }
  PeaShape s;  // dwo 4
  s.dyn_items = 0;
  EXPECT_THROW(Model{s}, std::invalid_argument);
  s.dyn_items = 5;
  EXPECT_THROW(Model{s}, std::invalid_argument);
  s.dyn_items = 4;
  EXPECT_NO_THROW(Model{s});
  s.dwo = 3;  // dyn_items 4 > dwo 3
  EXPECT_THROW(Model{s}, std::invalid_argument);
}

// dtp = 0, k_w = 1, dwo = 4, dyn_items = 4, v = 2, K = 10, b = 4: every HO vector of X stored, none of W (a W run
// of 10 < 2^4 - 1 needs no run breaker). Every k is an X-only item needing n = k_w = 1 DWO, so a cycle takes 4
// items (4 items, U = 4 <= dwo): C = max(ceil(K / S), ceil(K / 4)) + 1.
//   swo = 8 (S = 8): C1: items k 0 .. 3, static k 0 .. 7; C2: items k 4 .. 7, static k 8, 9; C3: items k 8, 9;
//     C4: y. C = max(2, 3) + 1 = 4; cycles: 0 tile, 1 .. 10 LOAD, 11 leaves, C1 .. C4 on 12 .. 15, y_valid 16.
//   swo = 2 (S = 2): items as above (C1 .. C3: 4, 4, 2); static k 0, 1 | 2, 3 | 4, 5 | 6, 7 | 8, 9 on C1 .. C5;
//     C6: y. C = max(5, 3) + 1 = 6, y_valid on 18.
//   dyn_items = 1 (the contract above): C = max(ceil(10 / 8), 10) + 1 = 11, y_valid on 23.
// Products: 10 static (k_w each), 10 dynamic (LO_w x HO_x only); dynamic_items 10.
TEST(PanaceaPeaDynItems, XOnlyItemsFourPerCycle) {
  std::mt19937_64 rng(31);
  const PeaShape s0{2, 4, 8, 1, 4, 16, 32, false, 4};
  const Tile tl = make_tile(rng, s0, 10, 1, 150, 1.0, 0.0);
  ASSERT_TRUE(tl.wi.ho_words.empty());
  ASSERT_EQ(tl.xi.ho_words.size(), 10u);
  ASSERT_EQ(tl.stored, 10);
  struct Case {
    int swo, dyn_items, first_valid, C, static_steps, dynamic_steps;
    std::vector<std::array<uint64_t, 4>> per_cycle;  // from cycle 12
  };
  const Case cases[] = {
      {8, 4, 16, 4, 2, 3, {{8, 0, 4, 4}, {2, 0, 4, 4}, {0, 0, 2, 2}, {0, 0, 0, 0}}},
      {2, 4, 18, 6, 5, 3, {{2, 0, 4, 4}, {2, 0, 4, 4}, {2, 0, 2, 2}, {2, 0, 0, 0}, {2, 0, 0, 0}, {0, 0, 0, 0}}},
      {8, 1, 23, 11, 2, 10, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("swo " + std::to_string(c.swo) + " dyn_items " + std::to_string(c.dyn_items));
    PeaShape s = s0;
    s.swo = c.swo;
    s.dyn_items = c.dyn_items;
    EXPECT_EQ(c.C, std::max(ceil_div(10, c.swo), ceil_div(10, c.dyn_items)) + 1);
    Model m(s);
    Trace tr;
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng, &tr);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, c.first_valid);
    EXPECT_EQ(r[0].y, tl.y.v);
    EXPECT_EQ(r[0].st.load_cycles, 11u);
    EXPECT_EQ(r[0].st.compute_cycles, static_cast<uint64_t>(c.C));
    EXPECT_EQ(r[0].st.static_steps, static_cast<uint64_t>(c.static_steps));
    EXPECT_EQ(r[0].st.dynamic_steps, static_cast<uint64_t>(c.dynamic_steps));
    EXPECT_EQ(r[0].st.dynamic_items, 10u);
    EXPECT_EQ(r[0].st.dynamic_products, 10u);
    EXPECT_EQ(r[0].st.static_products, 10u);
    EXPECT_EQ(r[0].st.borrowed_products, 0u);
    EXPECT_EQ(r[0].st.dynamic_products, tl.cnt.dynamic_products);
    if (!c.per_cycle.empty()) expect_per_cycle(tr, 12, c.per_cycle);
  }
}

// Greedy packing stops at the first item that does not fit. dtp = 0, v = 1, K = 8, k_w = 1, swo = 8 (S = 8),
// dwo = 4, b = 4, t = 0, z = 32 (r = 2: X in [32, 47] compressed).
//   W = [20, 3, -30, 5, 12, -9, 25, 40]: SBR HO 0 exactly for w in [-8, 7]: wflag {0, 2, 4, 5, 6, 7}
//   X = [33, 100, 40, 7, 200, 0, 255, 47]: HO 2, 6, 2, 0, 12, 0, 15, 2: xflag {1, 3, 4, 5, 6}
// Items and needs n (k_w = 1): k0 W 1, k1 X 1, k2 W 1, k3 X 1, k4 W+X 3, k5 W+X 3, k6 W+X 3, k7 W 1.
// dyn_items = 3:
//   C1: k0, k1, k2 (U 3; m = dyn_items, k3 would still fit); static k 0 .. 7
//   C2: k3, k4 (U 1 + 3 = 4); k5 needs 3, 0 left: stop
//   C3: k5 (U 3); k6 needs 3 with only 1 left: stop
//   C4: k6, k7 (U 3 + 1 = 4); queue empty
//   C5: y. C = 5; cycles 0 tile, 1 .. 8 LOAD, 9 leaves, C1 .. C5 on 10 .. 14, y_valid 15.
// dyn_items = 4: C1: k0 .. k3 (U 4); C2: k4 (3), k5 does not fit; C3: k5 (3), k6 does not fit; C4: k6, k7 (U 4);
//   C5: y. C = 5, y_valid 15.
// dyn_items = 1: C = max(1, 8) + 1 = 9, y_valid 19.
// C2 of dyn_items 3 compensates k3 (X only: partial += LO 5) and k4 (partial += 12) in one cycle.
// y = 660 + 300 - 1200 + 35 + 2400 + 0 + 6375 + 1880 = 10450. Products: 8 static; dynamic 1+1+1+1+3+3+3+1 = 14.
TEST(PanaceaPeaDynItems, GreedyStopsWhenTheNextItemDoesNotFit) {
  const Tile tl = tile_from(PeaShape{1, 4, 8, 1, 4, 8, 32}, mat(1, 8, {20, 3, -30, 5, 12, -9, 25, 40}),
                            mat(8, 1, {33, 100, 40, 7, 200, 0, 255, 47}), 0, 32);
  ASSERT_EQ(tl.r, 2);
  ASSERT_EQ(stored_vectors(tl.wi), (std::vector<bool>{1, 0, 1, 0, 1, 1, 1, 1}));
  ASSERT_EQ(stored_vectors(tl.xi), (std::vector<bool>{0, 1, 0, 1, 1, 1, 1, 0}));
  ASSERT_EQ(tl.y.v, std::vector<int64_t>{10450});
  struct Case {
    int dyn_items, first_valid, C, dynamic_steps;
    std::vector<std::array<uint64_t, 4>> per_cycle;  // from cycle 10
  };
  const Case cases[] = {
      {3, 15, 5, 4, {{8, 0, 3, 3}, {0, 0, 4, 2}, {0, 0, 3, 1}, {0, 0, 4, 2}, {0, 0, 0, 0}}},
      {4, 15, 5, 4, {{8, 0, 4, 4}, {0, 0, 3, 1}, {0, 0, 3, 1}, {0, 0, 4, 2}, {0, 0, 0, 0}}},
      {1, 19, 9, 8, {{8, 0, 1, 1}, {0, 0, 1, 1}, {0, 0, 1, 1}, {0, 0, 1, 1}, {0, 0, 3, 1}, {0, 0, 3, 1},
                     {0, 0, 3, 1}, {0, 0, 1, 1}, {0, 0, 0, 0}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("dyn_items " + std::to_string(c.dyn_items));
    const PeaShape s{1, 4, 8, 1, 4, 8, 32, false, c.dyn_items};
    Model m(s);
    std::mt19937_64 rng(32);
    Trace tr;
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng, &tr);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, c.first_valid);
    EXPECT_EQ(r[0].y, std::vector<int64_t>{10450});
    EXPECT_EQ(r[0].st.compute_cycles, static_cast<uint64_t>(c.C));
    EXPECT_EQ(r[0].st.static_steps, 1u);
    EXPECT_EQ(r[0].st.static_products, 8u);
    EXPECT_EQ(r[0].st.dynamic_products, 14u);
    EXPECT_EQ(r[0].st.dynamic_steps, static_cast<uint64_t>(c.dynamic_steps));
    EXPECT_EQ(r[0].st.dynamic_items, 8u);
    EXPECT_EQ(r[0].st.borrowed_products, 0u);
    expect_per_cycle(tr, 10, c.per_cycle);
    for (size_t cy = 0; cy < tr.out.size(); ++cy)
      EXPECT_EQ(tr.out[cy].y_valid, cy == static_cast<size_t>(c.first_valid)) << cy;
  }
}

// dtp = 1 with several items per cycle: v = 1, K = 5, k_w = 1, swo = 1 (S = 1), dwo = 4, b = 4, t = 0, z = 32
// (r = 2). D = floor((4 - U) / 1) = 4 - U.
//   X  = [100, 35, 40, 3, 47]: HO 6, 2, 2, 0, 2: xflag {0, 3}
//   W0 = [-20, 7, -8, 2, 6]: -20 = -2 * 8 - 4 (HO -2): wflag[0] {0}
//   W1 = [5, -1, 30, -7, 4]: 30 = 3 * 8 + 6 (HO 3): wflag[1] {2}
// Items q = 2k + l and needs: q0 (0, 0) W+X 3; q1 (0, 1) X 1; q5 (2, 1) W 1; q6 (3, 0) X 1; q7 (3, 1) X 1.
// Static items u = 5l + k, [f, e) = [0, 10); nd = min(D, e - f - ns) on the cycle's registers:
// dyn_items = 2:
//   C1: q0, q1 (U 4, m = 2), D 0;   SWO u 0; nd 0;                     [1, 10)
//   C2: q5, q6 (U 2, m = 2), D 2;   SWO u 1; DWO u 8, 9 (min(2, 8));   [2, 8)
//   C3: q7 (U 1), D 3;              SWO u 2; DWO u 5, 6, 7 (min(3, 5)); [3, 5)
//   C4: no dyn (U 0), D 4;          SWO u 3; DWO u 4 (min(4, 1));      [4, 4)
//   C5: y. C = 5; cycles 0 tile, 1 .. 5 LOAD, 6 leaves, C1 .. C5 on 7 .. 11, y_valid 12. Borrowed 6.
// dyn_items = 4:
//   C1: q0, q1 (U 4); q5 needs 1, 0 left: stop. D 0;  SWO u 0;                         [1, 10)
//   C2: q5, q6, q7 (U 3, the queue empties), D 1;     SWO u 1; DWO u 9 (min(1, 8));     [2, 9)
//   C3: no dyn, D 4;                                  SWO u 2; DWO u 5 .. 8 (min(4, 6)); [3, 5)
//   C4: D 4;                                          SWO u 3; DWO u 4 (min(4, 1));     [4, 4)
//   C5: y. C = 5, y_valid 12. Borrowed 6.
// dyn_items = 1 (the rule-2 change alone: an X-only or W-only item leaves D = 3):
//   C1: q0 (U 3), D 1;  SWO u 0; DWO u 9 (min(1, 9));       [1, 9)
//   C2: q1 (U 1), D 3;  SWO u 1; DWO u 6, 7, 8 (min(3, 7)); [2, 6)
//   C3: q5 (U 1), D 3;  SWO u 2; DWO u 3, 4, 5 (min(3, 3)); [3, 3)
//   C4: q6; C5: q7 (no static left); C6: y. C = 6, y_valid 13. Borrowed 7.
// y0 = -2000 + 245 - 320 + 6 + 282 = -1787; y1 = 500 - 35 + 1200 - 21 + 188 = 1832.
TEST(PanaceaPeaDynItems, DtpBorrowedSlotsFollowU) {
  const PeaShape s0{1, 4, 1, 1, 4, 8, 32, true};
  const Group g = group_from(s0, {mat(1, 5, {-20, 7, -8, 2, 6}), mat(1, 5, {5, -1, 30, -7, 4})},
                             mat(5, 1, {100, 35, 40, 3, 47}), 0, 32);
  ASSERT_EQ(g[0].r, 2);
  ASSERT_EQ(stored_vectors(g[0].xi), (std::vector<bool>{1, 0, 0, 1, 0}));
  ASSERT_EQ(stored_vectors(g[0].wi), (std::vector<bool>{1, 0, 0, 0, 0}));
  ASSERT_EQ(stored_vectors(g[1].wi), (std::vector<bool>{0, 0, 1, 0, 0}));
  ASSERT_EQ(group_y(g), (std::vector<int64_t>{-1787, 1832}));
  struct Case {
    int dyn_items, first_valid, C, static_steps, borrowed, dynamic_steps;
    std::vector<std::array<uint64_t, 4>> per_cycle;  // from cycle 7
  };
  const Case cases[] = {
      {2, 12, 5, 4, 6, 3, {{1, 0, 4, 2}, {3, 2, 2, 2}, {4, 3, 1, 1}, {2, 1, 0, 0}, {0, 0, 0, 0}}},
      {4, 12, 5, 4, 6, 2, {{1, 0, 4, 2}, {2, 1, 3, 3}, {5, 4, 0, 0}, {2, 1, 0, 0}, {0, 0, 0, 0}}},
      {1, 13, 6, 3, 7, 5, {{2, 1, 3, 1}, {4, 3, 1, 1}, {4, 3, 1, 1}, {0, 0, 1, 1}, {0, 0, 1, 1}, {0, 0, 0, 0}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("dyn_items " + std::to_string(c.dyn_items));
    PeaShape s = s0;
    s.dyn_items = c.dyn_items;
    Model m(s);
    std::mt19937_64 rng(33);
    Trace tr;
    const std::vector<TileRun> r = run_groups(m, {g}, Rates{}, rng, &tr);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, c.first_valid);
    EXPECT_EQ(r[0].y, (std::vector<int64_t>{-1787, 1832}));
    EXPECT_EQ(r[0].st.load_cycles, 6u);
    EXPECT_EQ(r[0].st.compute_cycles, static_cast<uint64_t>(c.C));
    EXPECT_EQ(r[0].st.static_steps, static_cast<uint64_t>(c.static_steps));
    EXPECT_EQ(r[0].st.static_products, 10u);
    EXPECT_EQ(r[0].st.borrowed_products, static_cast<uint64_t>(c.borrowed));
    EXPECT_EQ(r[0].st.dynamic_steps, static_cast<uint64_t>(c.dynamic_steps));
    EXPECT_EQ(r[0].st.dynamic_items, 5u);
    EXPECT_EQ(r[0].st.dynamic_products, 7u);
    expect_per_cycle(tr, 7, c.per_cycle);
  }
}

// k_w = 0: an X-only item needs n = 0 DWOs, so up to dyn_items of them go per cycle whatever dwo. dtp = 0, v = 1,
// K = 8, dwo = 3, swo = 0, b = 4, t = 0, z = 32 (r = 2). A weight is its HO slice; no static work.
//   W = [0, 0, 0, 0, 5, -3, -8, 0]: wflag {4, 5, 6}
//   X = [20, 16, 255, 100, 50, 40, 200, 17]: HO 1, 1, 15, 6, 3, 2, 12, 1: xflag all but k5
// Items and needs (HO_w x LO_x, HO_w x HO_x): k0 .. k3 X 0, k4 W+X 2, k5 W 1, k6 W+X 2, k7 X 0.
// dyn_items = 3: C1: k0, k1, k2 (U 0; m = dyn_items); C2: k3, k4, k5 (U 0 + 2 + 1 = 3); C3: k6, k7 (U 2); C4: y.
//   C = 4; cycles 0 tile, 1 .. 8 LOAD, 9 leaves, C1 .. C4 on 10 .. 13, y_valid 14.
// dyn_items = 2: C1: k0, k1; C2: k2, k3; C3: k4, k5 (U 3); C4: k6, k7 (U 2); C5: y. C = 5, y_valid 15.
// dyn_items = 1: C = 8 + 1 = 9, y_valid 19.
// y = 5 * 50 - 3 * 40 - 8 * 200 = -1470 (k5's X is compressed: compensated with (2 << 4) (rowsum - partial),
// partial = 5 - 8 from the X items k4, k6; the X-only items add 0).
TEST(PanaceaPeaDynItems, NoLoSlicesZeroNeedItems) {
  const PeaShape s0{1, 3, 0, 0, 4, 8, 32};
  const Tile tl =
      tile_from(s0, mat(1, 8, {0, 0, 0, 0, 5, -3, -8, 0}), mat(8, 1, {20, 16, 255, 100, 50, 40, 200, 17}), 0, 32);
  ASSERT_EQ(tl.r, 2);
  ASSERT_EQ(stored_vectors(tl.wi), (std::vector<bool>{0, 0, 0, 0, 1, 1, 1, 0}));
  ASSERT_EQ(stored_vectors(tl.xi), (std::vector<bool>{1, 1, 1, 1, 1, 0, 1, 1}));
  struct Case {
    int dyn_items, first_valid, C, dynamic_steps;
    std::vector<std::array<uint64_t, 4>> per_cycle;  // from cycle 10
  };
  const Case cases[] = {
      {3, 14, 4, 3, {{0, 0, 0, 3}, {0, 0, 3, 3}, {0, 0, 2, 2}, {0, 0, 0, 0}}},
      {2, 15, 5, 4, {{0, 0, 0, 2}, {0, 0, 0, 2}, {0, 0, 3, 2}, {0, 0, 2, 2}, {0, 0, 0, 0}}},
      {1, 19, 9, 8, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("dyn_items " + std::to_string(c.dyn_items));
    PeaShape s = s0;
    s.dyn_items = c.dyn_items;
    Model m(s);
    std::mt19937_64 rng(34);
    Trace tr;
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng, &tr);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, c.first_valid);
    EXPECT_EQ(r[0].y, std::vector<int64_t>{-1470});
    EXPECT_EQ(r[0].y, tl.y.v);
    EXPECT_EQ(r[0].st.compute_cycles, static_cast<uint64_t>(c.C));
    EXPECT_EQ(r[0].st.dynamic_steps, static_cast<uint64_t>(c.dynamic_steps));
    EXPECT_EQ(r[0].st.dynamic_items, 8u);
    EXPECT_EQ(r[0].st.dynamic_products, 5u);
    EXPECT_EQ(r[0].st.static_products, 0u);
    EXPECT_EQ(r[0].st.static_steps, 0u);
    if (!c.per_cycle.empty()) expect_per_cycle(tr, 10, c.per_cycle);
  }
}

// Random tiles over dtp = 0 and 1 and every dyn_items in 1 .. dwo: per (v in 1..4, k_w in 0..2, dtp) one random
// shape (dwo, swo, b, kmax, acc_bits); per shape 36 groups sweeping lane 0's W and X HO sparsity over {0, 25, 50,
// 75, 90, 100} % (lane 1's W sparsity at random in 0..100 %) and 4 groups with every HO vector compressed; every
// DBS type, zero points 0..255; for each dyn_items the same groups streamed back to back at full rate and with
// random valid gaps on every stream and y_ready stalls. Checks: y per lane = the plain GEMM; the product counts =
// aqs_gemm's summed over the lanes (static + dynamic = executed products, by mults); compute cycles, static steps,
// borrowed products, dynamic steps and dynamic items = count_queues on the items' needs; per compute cycle, the
// dynamic products (= U) <= dwo, U + borrowed products <= dwo, at most dyn_items items, at most S SWO items;
// compute <= the dyn_items = 1, dtp = 0 formula for each lane, summed; at dtp = 0, C = max(ceil(K / S), dynamic
// steps) + 1; with no dynamic item, the doc's closed form; at full rate, the exact latency K + 2 + C.
TEST(PanaceaPeaRandom, DtpTilesMatchGemmCountersAndQueues) {
  const uint64_t seed = 20250611;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  const double sp[] = {0.0, 0.25, 0.5, 0.75, 0.9, 1.0};
  int shapes = 0, groups_run = 0, mixed = 0, static_only = 0, dwo_stops = 0, multi = 0, multi_dtp = 0, zero_need = 0;
  for (int dtp = 0; dtp <= 1; ++dtp)
    for (int v = 1; v <= 4; ++v)
      for (int k_w = 0; k_w <= 2; ++k_w) {
        PeaShape s;
        s.dtp = dtp == 1;
        s.v = v;
        s.k_w = k_w;
        s.swo = std::max(k_w, 1) + static_cast<int>(rng() % 8);
        s.dwo = k_w + 2 + static_cast<int>(rng() % 7);
        s.rle_bits = 1 + static_cast<int>(rng() % 5);
        s.kmax = std::vector<int>{64, 100, 9, 1, 17, 33}[static_cast<size_t>(shapes % 6)];
        s.acc_bits = std::vector<int>{32, 12, 64, 20}[static_cast<size_t>(shapes / 2 % 4)];
        ++shapes;
        const int L = 1 + dtp;
        SCOPED_TRACE("dtp " + std::to_string(dtp) + " v " + std::to_string(v) + " k_w " + std::to_string(k_w) +
                     " swo " + std::to_string(s.swo) + " dwo " + std::to_string(s.dwo) + " b " +
                     std::to_string(s.rle_bits) + " kmax " + std::to_string(s.kmax) + " acc " +
                     std::to_string(s.acc_bits));
        std::vector<Group> groups;
        for (double sw : sp)
          for (double sx : sp) {
            const int K = groups.empty() ? s.kmax : 1 + static_cast<int>(rng() % static_cast<uint64_t>(s.kmax));
            const double sw1 = rng() % 2 ? sp[rng() % 6] : static_cast<double>(rng() % 101) / 100.0;
            const int t = static_cast<int>(groups.size() % 3);
            std::vector<double> sws{sw, sw1};
            sws.resize(static_cast<size_t>(L));
            groups.push_back(make_group(rng, s, K, t, static_cast<int>(rng() % 256), sws, sx));
          }
        for (int n = 0; n < 4; ++n) {  // every HO vector compressed (static work only, unless a run breaker)
          const int K = 1 + static_cast<int>(rng() % static_cast<uint64_t>(s.kmax));
          groups.push_back(make_group(rng, s, K, n % 3, static_cast<int>(rng() % 256),
                                      std::vector<double>(static_cast<size_t>(L), 1.0), 1.0));
        }
        ASSERT_FALSE(::testing::Test::HasFailure());
        const int S = k_w > 0 ? s.swo / k_w : 0;
        for (int di = 1; di <= s.dwo; ++di)
          for (int mode = 0; mode < 2; ++mode) {
            s.dyn_items = di;
            SCOPED_TRACE("dyn_items " + std::to_string(di) + " mode " + std::to_string(mode));
            Rates rt;
            if (mode == 1) {
              auto p = [&] { return 0.2 + 0.8 * static_cast<double>(rng() % 1000) / 1000.0; };
              rt = Rates{p(), p(), p(), p(), p(), p(), true};
            }
            Model m(s);
            Trace tr;
            const std::vector<TileRun> runs = run_groups(m, groups, rt, rng, &tr);
            ASSERT_FALSE(::testing::Test::HasFailure());
            // Per compute cycle (the statistics' increments within one tile).
            for (size_t c = 1; c < tr.st.size(); ++c) {
              const Model::TileStats &a = tr.st[c - 1], &b = tr.st[c];
              if (b.compute_cycles != a.compute_cycles + 1) continue;
              const uint64_t U = b.dynamic_products - a.dynamic_products;
              const uint64_t bor = b.borrowed_products - a.borrowed_products;
              const uint64_t items = b.dynamic_items - a.dynamic_items;
              ASSERT_LE(U, static_cast<uint64_t>(s.dwo)) << c;
              ASSERT_LE(U + bor, static_cast<uint64_t>(s.dwo)) << c;
              ASSERT_LE(items, static_cast<uint64_t>(di)) << c;
              ASSERT_EQ(b.dynamic_steps - a.dynamic_steps, items > 0 ? 1u : 0u) << c;
              ASSERT_LE(b.static_products - a.static_products - bor, static_cast<uint64_t>(S * k_w)) << c;
              if (!s.dtp) {
                ASSERT_EQ(bor, 0u) << c;
              }
            }
            for (size_t n = 0; n < groups.size(); ++n) {
              const Group& g = groups[n];
              const TileRun& r = runs[n];
              const int K = g[0].k;
              SCOPED_TRACE("tile " + std::to_string(n) + " K " + std::to_string(K));
              ++groups_run;
              EXPECT_EQ(r.y, group_y(g));
              uint64_t st = 0, dy = 0, mults = 0;
              int items = 0, c_single = 0;
              for (const Tile& tl : g) {
                st += tl.cnt.static_products;
                dy += tl.cnt.dynamic_products;
                mults += tl.cnt.mults;
                items += tl.stored;
                c_single += compute_cycles(dtp0(s), tl);  // dtp = 0, dyn_items = 1
              }
              EXPECT_EQ(r.st.static_products, st);
              EXPECT_EQ(r.st.dynamic_products, dy);
              EXPECT_EQ((r.st.static_products + r.st.dynamic_products) * static_cast<uint64_t>(v * v), mults);
              EXPECT_EQ(r.st.static_products, static_cast<uint64_t>(L * K * k_w));
              EXPECT_LE(r.st.borrowed_products, r.st.static_products);
              const std::vector<int> needs = item_needs(g, k_w);
              ASSERT_EQ(needs.size(), static_cast<size_t>(items));
              EXPECT_EQ(r.st.dynamic_items, static_cast<uint64_t>(items));
              const QueueCount q = count_queues(s, K, needs);
              EXPECT_EQ(r.st.compute_cycles, static_cast<uint64_t>(q.compute_cycles));
              EXPECT_EQ(r.st.static_steps, static_cast<uint64_t>(q.static_steps));
              EXPECT_EQ(r.st.borrowed_products, static_cast<uint64_t>(q.borrowed_items * k_w));
              EXPECT_EQ(r.st.dynamic_steps, static_cast<uint64_t>(q.dynamic_steps));
              EXPECT_EQ(r.st.dynamic_items, static_cast<uint64_t>(q.dynamic_items));
              if (di == 1) {
                EXPECT_EQ(r.st.dynamic_steps, static_cast<uint64_t>(items));
              }
              EXPECT_LE(r.st.compute_cycles, static_cast<uint64_t>(c_single));
              if (!s.dtp) {
                EXPECT_EQ(r.st.compute_cycles,
                          static_cast<uint64_t>(std::max(k_w > 0 ? ceil_div(K, S) : 0, q.dynamic_steps) + 1));
              }
              if (items == 0) {  // the doc's closed form
                const int c = k_w == 0 ? 1 : s.dtp ? ceil_div(2 * K, S + s.dwo / k_w) + 1 : ceil_div(K, S) + 1;
                EXPECT_EQ(r.st.compute_cycles, static_cast<uint64_t>(c));
              }
              if (mode == 0) {
                mixed += s.dtp && items > 0 && r.st.borrowed_products > 0 ? 1 : 0;
                static_only += items == 0 && k_w > 0 ? 1 : 0;
                dwo_stops += q.dwo_stops;
                multi += q.multi;
                multi_dtp += s.dtp ? q.multi : 0;
                zero_need += k_w == 0 && di > 1 && std::count(needs.begin(), needs.end(), 0) > 1 ? 1 : 0;
              }
              EXPECT_GE(r.st.load_cycles, static_cast<uint64_t>(K + 1));
              if (mode == 0) {
                EXPECT_EQ(r.st.load_cycles, static_cast<uint64_t>(K + 1));
                EXPECT_EQ(r.first_valid - r.taken, K + 2 + q.compute_cycles);
                EXPECT_EQ(r.done, r.first_valid);
                if (n > 0) {
                  EXPECT_EQ(r.taken, runs[n - 1].done + 1);
                }
              }
            }
          }
      }
  EXPECT_EQ(shapes, 24);
  // Coverage: tiles with dynamic items and borrowed static items (dtp), tiles with static work only, steps that
  // stopped on dwo, steps with several items (and with dtp), k_w = 0 tiles with several zero-need items.
  EXPECT_EQ(groups_run, 11200);
  EXPECT_GT(mixed, 900);
  EXPECT_GT(static_only, 90);
  EXPECT_GT(dwo_stops, 9000);
  EXPECT_GT(multi, 15000);
  EXPECT_GT(multi_dtp, 10000);
  EXPECT_GT(zero_need, 200);
  std::printf("dtp random: %d tile runs, mixed %d, static only %d, dwo stops %d, multi-item steps %d (dtp %d), "
              "zero-need k_w = 0 tiles %d\n",
              groups_run, mixed, static_only, dwo_stops, multi, multi_dtp, zero_need);
}

// The oracle agrees with the dtp = 0 formula (max(ceil(K / S), D) + 1) on the single-lane random tiles' shapes
// (dyn_items = 1: one item per cycle whatever its need).
TEST(PanaceaPeaDtp, QueueOracleReducesToSingleLaneFormula) {
  for (int k_w = 0; k_w <= 2; ++k_w)
    for (int swo = std::max(k_w, 1); swo <= 9; ++swo)
      for (int K = 1; K <= 20; ++K)
        for (int d = 0; d <= K; ++d) {
          PeaShape s{1, k_w + 2, swo, k_w, 4, 20, 32};
          std::vector<int> needs;
          for (int i = 0; i < d; ++i) needs.push_back((i * 7 + K) % (k_w + 3));  // 0 .. k_w + 2
          const int want = std::max(k_w > 0 ? ceil_div(K, swo / k_w) : 0, d) + 1;
          const QueueCount q = count_queues(s, K, needs);
          ASSERT_EQ(q.compute_cycles, want) << k_w << " " << swo << " " << K << " " << d;
          ASSERT_EQ(q.borrowed_items, 0);
          ASSERT_EQ(q.dynamic_steps, d);
          ASSERT_EQ(q.dynamic_items, d);
        }
}

TEST(PanaceaPeaDtp, ProtocolErrorsThrow) {
  const PeaShape s{2, 3, 8, 1, 4, 8, 32, true};
  auto lanes = [&](size_t n) {
    std::vector<Model::WLaneIn> w(n);
    for (Model::WLaneIn& e : w) e.rowsum = {0, 0};
    return w;
  };
  auto tile = [&](const PeaShape& sh, std::vector<Model::WLaneIn> w, int k = 3) {
    Model m(sh);
    Model::In in;
    in.tile_valid = true;
    in.k = k;
    in.w = std::move(w);
    m.clock(in);
  };
  EXPECT_NO_THROW(tile(s, lanes(2)));
  EXPECT_THROW(tile(s, lanes(1)), std::invalid_argument);                 // dtp = 1 needs 2 lanes
  EXPECT_THROW(tile(s, lanes(3)), std::invalid_argument);
  EXPECT_THROW(tile(s, lanes(0)), std::invalid_argument);
  EXPECT_THROW(tile(dtp0(s), lanes(2)), std::invalid_argument);           // dtp = 0 needs 1 lane
  EXPECT_THROW(tile(dtp0(s), lanes(0)), std::invalid_argument);
  {
    auto w = lanes(2);
    w[1].wh_n = 4;  // > K = 3
    EXPECT_THROW(tile(s, w), std::invalid_argument);
    w[1].wh_n = -1;
    EXPECT_THROW(tile(s, w), std::invalid_argument);
    w[1].wh_n = 3;
    EXPECT_NO_THROW(tile(s, w));
    w[0].wh_n = 4;
    EXPECT_THROW(tile(s, w), std::invalid_argument);
  }
  {
    auto w = lanes(2);
    w[1].rowsum = {0};  // not v values
    EXPECT_THROW(tile(s, w), std::invalid_argument);
    w[1].rowsum = {0, 0, 0};
    EXPECT_THROW(tile(s, w), std::invalid_argument);
  }
  // Without tile_valid, IDLE reads no lane; in LOAD a cycle that moves words needs L lanes.
  Model m(s);
  EXPECT_NO_THROW(m.clock(Model::In{}));
  Model::In in;
  in.tile_valid = true;
  in.k = 1;
  in.w = lanes(2);
  in.w[1].wh_n = 1;
  m.clock(in);  // LOAD: K = 1, lane 1 has one HO entry
  ASSERT_EQ(m.state(), Model::State::Load);
  Model::In bad;
  bad.w = lanes(1);
  EXPECT_THROW(m.clock(bad), std::invalid_argument);
  // Lane 1's HO entry past K: index 1 at position 0 with K = 1.
  {
    Model m2(s);
    m2.clock(in);
    Model::In ld;
    ld.w = lanes(2);
    ld.w[1].wh_valid = true;
    ld.w[1].wh_data = 1;
    EXPECT_THROW(m2.clock(ld), std::invalid_argument);
  }
  // Lane 1's wl beat without k_w words (lane 0's beat is fine).
  {
    Model m2(s);
    m2.clock(in);
    Model::In ld;
    ld.w = lanes(2);
    ld.w[0].wl_valid = true;
    ld.w[0].wl_data = {0};
    ld.w[1].wl_valid = true;
    ld.w[1].wl_data = {0, 0};
    EXPECT_THROW(m2.clock(ld), std::invalid_argument);
  }
  // A whole tile with the lanes' fields driven; the cycle that leaves LOAD, COMPUTE and OUT read no lane field.
  {
    Model m2(s);
    m2.clock(in);
    Model::In ld;
    ld.w = lanes(2);
    ld.w[0].wl_valid = ld.w[1].wl_valid = true;
    ld.w[0].wl_data = ld.w[1].wl_data = {0};
    ld.w[1].wh_valid = true;
    ld.w[1].wh_data = 0;  // index 0: k = 0
    ld.xl_valid = true;
    m2.clock(ld);
    EXPECT_EQ(m2.outputs({}).wl_ready, std::vector<bool>(2, false));
    EXPECT_EQ(m2.outputs({}).wh_ready, std::vector<bool>(2, false));
    EXPECT_NO_THROW(m2.clock(Model::In{}));  // LOAD -> COMPUTE
    EXPECT_EQ(m2.state(), Model::State::Compute);
    Model::In y;
    y.y_ready = true;
    for (int c = 0; c < 10 && m2.state() != Model::State::Idle; ++c) EXPECT_NO_THROW(m2.clock(y));
    EXPECT_EQ(m2.state(), Model::State::Idle);
  }
}

}  // namespace
}  // namespace bf::golden::panacea
