// Tests of the panacea_pea cycle model (golden/panacea/pea.hpp): hand-derived timing of single-lane tiles (dtp = 0,
// dyn_items = 1): latencies, ready patterns, statistics, stalls.
// The contract, the notation and the shared helpers: pea_test_util.hpp.
#include "panacea/pea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace bf::golden::panacea::pea_test {
namespace {

// ---- hand-derived timing ----

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
    // W = [[0, 5, 0], [0, -3, 0]]: only k = 1 stored (HO = w at k_w = 0); k = 0 and 2 are X only, no item at
    // k_w = 0 (no product, no compensation). D = 1, C = 2, y_valid on 3 + 2 + 2 = 7; k = 1 W only: 1 dynamic
    // product.
    // y = W . X = [[5 * 3, 5 * 4], [-3 * 3, -3 * 4]] = [[15, 20], [-9, -12]].
    const Tile tl = tile_from(s, mat(2, 3, {0, 5, 0, 0, -3, 0}), mat(3, 2, {16, 0, 3, 4, 0, 255}), 0, 0);
    ASSERT_EQ(stored_vectors(tl.xi), (std::vector<bool>{1, 0, 1}));
    ASSERT_EQ(tl.stored, 1);
    std::mt19937_64 rng(7);
    const std::vector<TileRun> r = run(m, {tl}, Rates{}, rng);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].first_valid, 7);
    EXPECT_EQ(r[0].y, (std::vector<int64_t>{15, 20, -9, -12}));
    EXPECT_EQ(r[0].st.dynamic_steps, 1u);
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

}  // namespace
}  // namespace bf::golden::panacea::pea_test
