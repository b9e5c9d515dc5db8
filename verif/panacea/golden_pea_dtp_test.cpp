// Tests of the panacea_pea cycle model (golden/panacea/pea.hpp) with double-tile processing (dtp = 1): lanes, hand
// traces of the two queues, the queue oracle, protocol errors.
// The contract, the notation and the shared helpers: pea_test_util.hpp.
#include "panacea/pea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

namespace bf::golden::panacea::pea_test {
namespace {

// ---- double-tile processing (dtp = 1) ----

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
// Items (q = 2k + l): q 0 (0, 0) [W: 1 product], q 3 (1, 1) [W and X: 2], q 4 (2, 0) [W: 1], q 5 (2, 1) [W: 1];
//   lanes 0, 1, 0, 1. q 1 (W1[0] = 0, X compressed) is none, and neither is q 2 (1, 0): X's flag alone at k_w = 0
//   has no product (no LO_w slice) and no compensation (W[0][1] = 0 without the W flag). C = 4 + 1 = 5 (dtp = 0:
//   (2 + 1) + (2 + 1) = 6).
// Cycle 0: tile; 1 .. 3: LOAD (xl; wh[0] on 1, 2; wh[1] on 1, 2; xh on 1); 4: LOAD -> COMPUTE; 5 .. 8: the four
// items; 9: y; y_valid first on 10 = 3 + 2 + 5. y0 = 21 + 0 - 30 = -9, y1 = 0 + 250 + 60 = 310.
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
  EXPECT_EQ(r[0].first_valid, 10);
  EXPECT_EQ(r[0].y, (std::vector<int64_t>{-9, 310}));
  EXPECT_EQ(r[0].y, group_y(g));
  EXPECT_EQ(r[0].st.compute_cycles, 5u);
  EXPECT_EQ(r[0].st.dynamic_steps, 4u);
  EXPECT_EQ(r[0].st.dynamic_products, 5u);
  EXPECT_EQ(r[0].st.static_products, 0u);
  EXPECT_EQ(r[0].st.static_steps, 0u);
  EXPECT_EQ(r[0].st.borrowed_products, 0u);
  const uint64_t want[5] = {1, 2, 1, 1, 0};  // dynamic products per compute cycle 5 .. 9
  ASSERT_GE(tr.st.size(), 10u);
  for (size_t c = 5; c <= 9; ++c) {
    EXPECT_EQ(tr.st[c].dynamic_products - tr.st[c - 1].dynamic_products, want[c - 5]) << c;
    EXPECT_EQ(tr.st[c].dynamic_steps - tr.st[c - 1].dynamic_steps, c <= 8 ? 1u : 0u) << c;
  }
  for (const Model::Out& o : tr.out) EXPECT_EQ(o.wl_ready, std::vector<bool>(2, false));
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

// n weight lanes with v = 2 zero rowsums and no HO entry.
std::vector<Model::WLaneIn> dtp_lanes(size_t n) {
  std::vector<Model::WLaneIn> w(n);
  for (Model::WLaneIn& e : w) e.rowsum = {0, 0};
  return w;
}

// A new model of shape sh takes a tile of K = k with the lanes w.
void take_dtp_tile(const PeaShape& sh, std::vector<Model::WLaneIn> w, int k = 3) {
  Model m(sh);
  Model::In in;
  in.tile_valid = true;
  in.k = k;
  in.w = std::move(w);
  m.clock(in);
}

// LOAD cycles of the tile `in` (K = 1, lane 1 with one HO entry) on new models of shape s: lane 1's HO entry past
// K and a wl beat without k_w words throw; a whole tile with the lanes' fields driven runs through.
void expect_dtp_load_errors(const PeaShape& s, const Model::In& in) {
  // Lane 1's HO entry past K: index 1 at position 0 with K = 1.
  {
    Model m2(s);
    m2.clock(in);
    Model::In ld;
    ld.w = dtp_lanes(2);
    ld.w[1].wh_valid = true;
    ld.w[1].wh_data = 1;
    EXPECT_THROW(m2.clock(ld), std::invalid_argument);
  }
  // Lane 1's wl beat without k_w words (lane 0's beat is fine).
  {
    Model m2(s);
    m2.clock(in);
    Model::In ld;
    ld.w = dtp_lanes(2);
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
    ld.w = dtp_lanes(2);
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

TEST(PanaceaPeaDtp, ProtocolErrorsThrow) {
  const PeaShape s{2, 3, 8, 1, 4, 8, 32, true};
  EXPECT_NO_THROW(take_dtp_tile(s, dtp_lanes(2)));
  EXPECT_THROW(take_dtp_tile(s, dtp_lanes(1)), std::invalid_argument);        // dtp = 1 needs 2 lanes
  EXPECT_THROW(take_dtp_tile(s, dtp_lanes(3)), std::invalid_argument);
  EXPECT_THROW(take_dtp_tile(s, dtp_lanes(0)), std::invalid_argument);
  EXPECT_THROW(take_dtp_tile(dtp0(s), dtp_lanes(2)), std::invalid_argument);  // dtp = 0 needs 1 lane
  EXPECT_THROW(take_dtp_tile(dtp0(s), dtp_lanes(0)), std::invalid_argument);
  {
    auto w = dtp_lanes(2);
    w[1].wh_n = 4;  // > K = 3
    EXPECT_THROW(take_dtp_tile(s, w), std::invalid_argument);
    w[1].wh_n = -1;
    EXPECT_THROW(take_dtp_tile(s, w), std::invalid_argument);
    w[1].wh_n = 3;
    EXPECT_NO_THROW(take_dtp_tile(s, w));
    w[0].wh_n = 4;
    EXPECT_THROW(take_dtp_tile(s, w), std::invalid_argument);
  }
  {
    auto w = dtp_lanes(2);
    w[1].rowsum = {0};  // not v values
    EXPECT_THROW(take_dtp_tile(s, w), std::invalid_argument);
    w[1].rowsum = {0, 0, 0};
    EXPECT_THROW(take_dtp_tile(s, w), std::invalid_argument);
  }
  // Without tile_valid, IDLE reads no lane; in LOAD a cycle that moves words needs L lanes.
  Model m(s);
  EXPECT_NO_THROW(m.clock(Model::In{}));
  Model::In in;
  in.tile_valid = true;
  in.k = 1;
  in.w = dtp_lanes(2);
  in.w[1].wh_n = 1;
  m.clock(in);  // LOAD: K = 1, lane 1 has one HO entry
  ASSERT_EQ(m.state(), Model::State::Load);
  Model::In bad;
  bad.w = dtp_lanes(1);
  EXPECT_THROW(m.clock(bad), std::invalid_argument);
  expect_dtp_load_errors(s, in);
}

}  // namespace
}  // namespace bf::golden::panacea::pea_test
