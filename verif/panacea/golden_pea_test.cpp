// Tests of the panacea_pea cycle model (golden/panacea/pea.hpp) against docs/panacea.md, "`panacea_pea`: the
// cycle contract".
//
// Timing is derived by hand from the contract (the derivation is written next to each case): with every stream at
// full rate and the tile taken on cycle 0, LOAD runs on cycles 1 .. K (one word per stream and cycle; no stream
// has more than K words) and on cycle K + 1 (it sees every stream complete and leaves), COMPUTE takes
// C = max(ceil(K / S), D) + 1 cycles (S = floor(swo / k_w), the static term 0 at k_w = 0; D = the number of k with
// a stored HO vector in W or X; the last cycle loads y), so y_valid first rises on cycle K + 2 + C.
// Values are checked against the plain integer GEMM W . X_t (X with its t low bits cleared, written here), and the
// executed outer products against the documented per-k rules via aqs_gemm's counters.
#include "panacea/pea.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
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
};

// Streams the tiles back to back through m; checks the port invariants every cycle.
std::vector<TileRun> run(Model& m, const std::vector<Tile>& tiles, const Rates& rt, std::mt19937_64& rng,
                     Trace* trace = nullptr) {
  const PeaShape& s = m.shape();
  std::uniform_real_distribution<double> u(0, 1);
  auto coin = [&](double p) { return p >= 1 || u(rng) < p; };
  std::vector<TileRun> runs(tiles.size());
  size_t next = 0, done = 0;
  int loading = -1;
  size_t whi = 0, wli = 0, xhi = 0, xli = 0;
  bool prev_stall = false;
  std::vector<int64_t> prev_y;
  for (long cyc = 0; done < tiles.size(); ++cyc) {
    if (cyc > 200000) {
      ADD_FAILURE() << "no progress";
      break;
    }
    Model::In in;
    in.rowsum.assign(static_cast<size_t>(s.v), 0);
    if (rt.garbage) {
      in.k = static_cast<int>(rng() % 7);
      in.wh_n = static_cast<int>(rng() % 7);
      in.xh_n = static_cast<int>(rng() % 7);
      in.t = static_cast<int>(rng() % 4);
      in.r = static_cast<int>(rng() % 16);
      for (int64_t& e : in.rowsum) e = static_cast<int64_t>(rng() % 1000) - 500;
    }
    if (next < tiles.size() && coin(rt.tile)) {
      const Tile& tl = tiles[next];
      in.tile_valid = true;
      in.k = tl.k;
      in.wh_n = static_cast<int>(tl.wi.ho_words.size());
      in.xh_n = static_cast<int>(tl.xi.ho_words.size());
      in.t = tl.t;
      in.r = tl.r;
      in.rowsum = tl.rowsum;
    }
    const Tile* lt = loading >= 0 ? &tiles[static_cast<size_t>(loading)] : nullptr;
    const size_t kw = static_cast<size_t>(s.k_w);
    in.wl_data.assign(kw, 0);
    if (lt && whi < lt->wi.ho_words.size()) {
      in.wh_valid = coin(rt.wh);
      in.wh_data = lt->wi.ho_words[whi];
    } else if (rt.garbage) {
      in.wh_valid = coin(0.5);
      in.wh_data = rng();
    }
    if (lt && kw > 0 && wli < static_cast<size_t>(lt->k)) {
      in.wl_valid = coin(rt.wl);
      for (size_t j = 0; j < kw; ++j) in.wl_data[j] = lt->wi.lo_words[wli * kw + j];
    } else if (rt.garbage) {
      in.wl_valid = coin(0.5);
      for (uint64_t& e : in.wl_data) e = rng();
    }
    if (lt && xhi < lt->xi.ho_words.size()) {
      in.xh_valid = coin(rt.xh);
      in.xh_data = lt->xi.ho_words[xhi];
    } else if (rt.garbage) {
      in.xh_valid = coin(0.5);
      in.xh_data = rng();
    }
    if (lt && xli < static_cast<size_t>(lt->k)) {
      in.xl_valid = coin(rt.xl);
      in.xl_data = lt->xi.lo_words[xli];
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
    EXPECT_EQ(o.y.size(), static_cast<size_t>(s.v * s.v));
    if (!o.y_valid) {
      EXPECT_EQ(o.y, std::vector<int64_t>(o.y.size(), 0)) << "cycle " << cyc;
    }
    if (prev_stall) {
      EXPECT_TRUE(o.y_valid) << "y withdrawn while stalled, cycle " << cyc;
      EXPECT_EQ(o.y, prev_y) << "y changed while stalled, cycle " << cyc;
    }
    EXPECT_TRUE(!o.wh_ready || (lt && whi < lt->wi.ho_words.size())) << "cycle " << cyc;
    EXPECT_TRUE(!o.wl_ready || (lt && kw > 0 && wli < static_cast<size_t>(lt->k))) << "cycle " << cyc;
    EXPECT_TRUE(!o.xh_ready || (lt && xhi < lt->xi.ho_words.size())) << "cycle " << cyc;
    EXPECT_TRUE(!o.xl_ready || (lt && xli < static_cast<size_t>(lt->k))) << "cycle " << cyc;
    // A stream with words left is ready exactly while the PEA loads: all of them together.
    if (lt) {
      const bool any = o.wh_ready || o.wl_ready || o.xh_ready || o.xl_ready;
      if (any) {
        EXPECT_EQ(o.wh_ready, whi < lt->wi.ho_words.size()) << "cycle " << cyc;
        EXPECT_EQ(o.wl_ready, kw > 0 && wli < static_cast<size_t>(lt->k)) << "cycle " << cyc;
        EXPECT_EQ(o.xh_ready, xhi < lt->xi.ho_words.size()) << "cycle " << cyc;
        EXPECT_EQ(o.xl_ready, xli < static_cast<size_t>(lt->k)) << "cycle " << cyc;
      }
    }
    if (o.tile_ready) {
      EXPECT_FALSE(o.wh_ready || o.wl_ready || o.xh_ready || o.xl_ready || o.y_valid);
    }
    if (::testing::Test::HasFailure()) break;

    // Handshakes.
    if (in.wh_valid && o.wh_ready) ++whi;
    if (in.wl_valid && o.wl_ready) ++wli;
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
      whi = wli = xhi = xli = 0;
    }
    m.clock(in);
  }
  return runs;
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
  // Ports per cycle: tile_ready on 0 only; wl/xl ready on 1 only; y_valid on 5 only.
  for (size_t c = 0; c < tr.out.size(); ++c) {
    EXPECT_EQ(tr.out[c].tile_ready, c == 0) << c;
    EXPECT_EQ(tr.out[c].wl_ready, c == 1) << c;
    EXPECT_EQ(tr.out[c].xl_ready, c == 1) << c;
    EXPECT_FALSE(tr.out[c].wh_ready || tr.out[c].xh_ready) << c;
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
    EXPECT_EQ(o.wh_ready, want[c][0]) << c;
    EXPECT_EQ(o.wl_ready, want[c][1]) << c;
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
    for (const Model::Out& o : tr.out) EXPECT_FALSE(o.wl_ready);
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
    in.wh_n = 1;
    in.xh_n = 2;
    in.t = 0;
    in.r = tl.r;
    in.rowsum = tl.rowsum;
    in.wh_valid = in.xh_valid = in.xl_valid = true;
    in.wl_valid = !(taken == 1 && c - tile_at <= 3);  // low on cycles 1, 2, 3 of the first tile
    in.wh_data = at(tl.wi.ho_words, whi);
    in.wl_data = {at(tl.wi.lo_words, wli)};
    in.xh_data = at(tl.xi.ho_words, xhi);
    in.xl_data = at(tl.xi.lo_words, xli);
    in.y_ready = true;
    const Model::Out o = m.outputs(in);
    EXPECT_EQ(o.wh_ready, o0.wh_ready) << c;  // independent of every valid
    EXPECT_EQ(o.wl_ready, o0.wl_ready) << c;
    EXPECT_EQ(o.xh_ready, o0.xh_ready) << c;
    EXPECT_EQ(o.xl_ready, o0.xl_ready) << c;
    if (taken == 1 && c - tile_at >= 1 && c - tile_at <= 6) {
      EXPECT_TRUE(o.wl_ready) << c;
    }
    if (taken == 1 && c - tile_at == 7) {
      EXPECT_FALSE(o.wl_ready) << c;
    }
    if (in.wh_valid && o.wh_ready) ++whi;
    if (in.wl_valid && o.wl_ready) ++wli;
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
  in.rowsum = tl.rowsum;
  in.wl_valid = in.xl_valid = true;
  in.wl_data = {tl.wi.lo_words[0]};
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
    in.wh_n = wh_n;
    in.xh_n = xh_n;
    in.t = t;
    in.r = r;
    in.rowsum = {0, 0};
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
  in.wh_n = 1;
  in.rowsum = {0, 0};
  m.clock(in);
  in.tile_valid = false;
  in.wh_valid = true;
  in.wh_data = 3;
  EXPECT_THROW(m.clock(in), std::invalid_argument);
}

}  // namespace
}  // namespace bf::golden::panacea
