// Tests of the panacea_pea cycle model (golden/panacea/pea.hpp): several dynamic items per cycle (dyn_items):
// shapes and hand traces of the greedy dynamic step, with and without dtp.
// The contract, the notation and the shared helpers: pea_test_util.hpp.
#include "panacea/pea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace bf::golden::panacea::pea_test {
namespace {

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

// k_w = 0: an X flag alone is no item (no LO_w slice to multiply it; its compensation term W[i][k] is 0 without
// the W flag), so it takes no slot and no cycle. dtp = 0, v = 1, K = 8, dwo = 3, swo = 0, b = 4, t = 0, z = 32
// (r = 2). A weight is its HO slice; no static work.
//   W = [0, 0, 0, 0, 5, -3, -8, 0]: wflag {4, 5, 6}
//   X = [20, 16, 255, 100, 50, 40, 200, 17]: HO 1, 1, 15, 6, 3, 2, 12, 1: xflag all but k5
// Items and needs (HO_w x LO_x, HO_w x HO_x): k4 W+X 2, k5 W 1, k6 W+X 2; k0 .. k3 and k7 (X only) are none.
// dyn_items = 3 or 2: C1: k4, k5 (U 2 + 1 = 3); C2: k6 (U 2); C3: y. C = 3; cycles 0 tile, 1 .. 8 LOAD, 9 leaves,
//   C1 .. C3 on 10 .. 12, y_valid 13.
// dyn_items = 1: C = 3 + 1 = 4, y_valid 14.
// y = 5 * 50 - 3 * 40 - 8 * 200 = -1470 (k5's X is compressed: compensated with (2 << 4) (rowsum - partial),
// partial = 5 - 8 from the items with an X flag, k4 and k6).
// Before this rule the five X-only k were items of need 0: C 4, 5 and 9 (y_valid 14, 15, 19).
TEST(PanaceaPeaDynItems, NoLoSlicesXOnlyIsNoItem) {
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
      {3, 13, 3, 2, {{0, 0, 3, 2}, {0, 0, 2, 1}, {0, 0, 0, 0}}},
      {2, 13, 3, 2, {{0, 0, 3, 2}, {0, 0, 2, 1}, {0, 0, 0, 0}}},
      {1, 14, 4, 3, {{0, 0, 2, 1}, {0, 0, 1, 1}, {0, 0, 2, 1}, {0, 0, 0, 0}}},
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
    EXPECT_EQ(r[0].st.dynamic_items, 3u);
    EXPECT_EQ(r[0].st.dynamic_products, 5u);
    EXPECT_EQ(r[0].st.static_products, 0u);
    EXPECT_EQ(r[0].st.static_steps, 0u);
    expect_per_cycle(tr, 10, c.per_cycle);
  }
}

// The bug this rule fixes: at k_w = 0 an all-zero W has no product at all, yet every stored X HO vector was queued
// as dynamic work, so the tile took the dense number of cycles. Same X as above (7 of 8 HO vectors stored), W = 0:
// no item, C = 1 (the y cycle): cycles 0 tile, 1 .. 8 LOAD (X's 8 LO words), 9 leaves, C1 on 10, y_valid 11
// (it was C = 8, y_valid 18). y = 0 (rowsum 0, partial 0).
TEST(PanaceaPeaDynItems, AllZeroWeightsAtNoLoSlicesCostNoDynamicCycle) {
  PeaShape s{1, 3, 0, 0, 4, 8, 32};
  for (int dyn_items : {1, 3}) {
    s.dyn_items = dyn_items;
    const Tile tl = tile_from(s, mat(1, 8, {0, 0, 0, 0, 0, 0, 0, 0}), mat(8, 1, {20, 16, 255, 100, 50, 40, 200, 17}),
                              0, 32);
    ASSERT_EQ(stored_vectors(tl.xi), (std::vector<bool>{1, 1, 1, 1, 1, 0, 1, 1}));
    Model m(s);
    std::mt19937_64 rng(35);
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, 11) << dyn_items;
    EXPECT_EQ(r[0].y, std::vector<int64_t>{0});
    EXPECT_EQ(r[0].st.compute_cycles, 1u);
    EXPECT_EQ(r[0].st.dynamic_steps, 0u);
    EXPECT_EQ(r[0].st.dynamic_items, 0u);
  }
}

}  // namespace
}  // namespace bf::golden::panacea::pea_test
