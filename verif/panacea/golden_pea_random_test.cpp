// Tests of the panacea_pea cycle model (golden/panacea/pea.hpp): random tiles against the plain GEMM, aqs_gemm's
// counters, the cycle formula (dtp = 0) and the two-queue oracle (dtp = 0 and 1, every dyn_items).
// The contract, the notation and the shared helpers: pea_test_util.hpp.
#include "panacea/pea_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace bf::golden::panacea::pea_test {
namespace {

// HO vector sparsities swept by the random tests: 0, 25, 50, 75, 90 and 100 %.
constexpr double kSparsities[] = {0.0, 0.25, 0.5, 0.75, 0.9, 1.0};

// ---- random tiles ----

// Every (v, k_w) with random other parameters; per model, 36 tiles sweeping the HO vector sparsity of W and X over
// {0, 25, 50, 75, 90, 100} %, streamed back to back twice: at full rate (exact latency K + 2 + C per tile, the
// next tile taken right after the previous y) and with random valid gaps per stream and y_ready stalls.
TEST(PanaceaPeaRandom, TilesMatchGemmCountersAndCycleFormula) {
  std::mt19937_64 rng(2024);
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
      for (double sw : kSparsities)
        for (double sx : kSparsities) {
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

// ---- random dtp tiles: one shape of the sweep ----

// Coverage of the random dtp sweep (at full rate): tiles with dynamic items and borrowed static items (dtp), tiles
// with static work only, steps that stopped on dwo, steps with several items (and with dtp), k_w = 0 tiles with
// several X-only vectors (no items).
struct Coverage {
  int groups_run = 0, mixed = 0, static_only = 0, dwo_stops = 0, multi = 0, multi_dtp = 0, x_only = 0;
};

// A random shape (dwo, swo, b from rng; kmax and acc_bits by the shape's number).
PeaShape random_dtp_shape(std::mt19937_64& rng, int dtp, int v, int k_w, int shapes) {
  PeaShape s;
  s.dtp = dtp == 1;
  s.v = v;
  s.k_w = k_w;
  s.swo = std::max(k_w, 1) + static_cast<int>(rng() % 8);
  s.dwo = k_w + 2 + static_cast<int>(rng() % 7);
  s.rle_bits = 1 + static_cast<int>(rng() % 5);
  s.kmax = std::vector<int>{64, 100, 9, 1, 17, 33}[static_cast<size_t>(shapes % 6)];
  s.acc_bits = std::vector<int>{32, 12, 64, 20}[static_cast<size_t>(shapes / 2 % 4)];
  return s;
}

// 36 groups sweeping lane 0's W and X HO sparsity (lane 1's W sparsity at random), then 4 with every HO vector
// compressed.
std::vector<Group> random_dtp_groups(std::mt19937_64& rng, const PeaShape& s, int L) {
  std::vector<Group> groups;
  for (double sw : kSparsities)
    for (double sx : kSparsities) {
      const int K = groups.empty() ? s.kmax : 1 + static_cast<int>(rng() % static_cast<uint64_t>(s.kmax));
      const double sw1 = rng() % 2 ? kSparsities[rng() % 6] : static_cast<double>(rng() % 101) / 100.0;
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
  return groups;
}

// Per compute cycle (the statistics' increments within one tile): U <= dwo, U + borrowed <= dwo, at most dyn_items
// items, a dynamic step exactly with an item, at most S SWO items, nothing borrowed without dtp.
void check_compute_cycles(const Trace& tr, const PeaShape& s) {
  const int k_w = s.k_w, S = k_w > 0 ? s.swo / k_w : 0;
  for (size_t c = 1; c < tr.st.size(); ++c) {
    const Model::TileStats &a = tr.st[c - 1], &b = tr.st[c];
    if (b.compute_cycles != a.compute_cycles + 1) continue;
    const uint64_t U = b.dynamic_products - a.dynamic_products;
    const uint64_t bor = b.borrowed_products - a.borrowed_products;
    const uint64_t items = b.dynamic_items - a.dynamic_items;
    ASSERT_LE(U, static_cast<uint64_t>(s.dwo)) << c;
    ASSERT_LE(U + bor, static_cast<uint64_t>(s.dwo)) << c;
    ASSERT_LE(items, static_cast<uint64_t>(s.dyn_items)) << c;
    ASSERT_EQ(b.dynamic_steps - a.dynamic_steps, items > 0 ? 1u : 0u) << c;
    ASSERT_LE(b.static_products - a.static_products - bor, static_cast<uint64_t>(S * k_w)) << c;
    if (!s.dtp) {
      ASSERT_EQ(bor, 0u) << c;
    }
  }
}

// The (k, lane) pairs of a group whose X HO vector is stored and W's is not: an item at k_w > 0, none at k_w = 0.
int x_only_vectors(const Group& g) {
  const std::vector<bool> x = stored_vectors(g[0].xi);
  int n = 0;
  for (const Tile& tl : g) {
    const std::vector<bool> w = stored_vectors(tl.wi);
    for (size_t k = 0; k < x.size(); ++k) n += x[k] && !w[k] ? 1 : 0;
  }
  return n;
}

// One group's run n: y, the product counts against aqs_gemm (summed over the lanes), the queues against
// count_queues, the compute cycles against the formulas, the latency at full rate (mode 0).
void check_group_run(const std::vector<Group>& groups, const std::vector<TileRun>& runs, size_t n, const PeaShape& s,
                     int mode, Coverage& cov) {
  const int di = s.dyn_items, k_w = s.k_w, L = pea_lanes(s), S = k_w > 0 ? s.swo / k_w : 0;
  const Group& g = groups[n];
  const TileRun& r = runs[n];
  const int K = g[0].k;
  SCOPED_TRACE("tile " + std::to_string(n) + " K " + std::to_string(K));
  ++cov.groups_run;
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
  EXPECT_EQ((r.st.static_products + r.st.dynamic_products) * static_cast<uint64_t>(s.v * s.v), mults);
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
    EXPECT_EQ(r.st.compute_cycles, static_cast<uint64_t>(std::max(k_w > 0 ? ceil_div(K, S) : 0, q.dynamic_steps) + 1));
  }
  if (items == 0) {  // the doc's closed form
    const int c = k_w == 0 ? 1 : s.dtp ? ceil_div(2 * K, S + s.dwo / k_w) + 1 : ceil_div(K, S) + 1;
    EXPECT_EQ(r.st.compute_cycles, static_cast<uint64_t>(c));
  }
  if (mode == 0) {
    cov.mixed += s.dtp && items > 0 && r.st.borrowed_products > 0 ? 1 : 0;
    cov.static_only += items == 0 && k_w > 0 ? 1 : 0;
    cov.dwo_stops += q.dwo_stops;
    cov.multi += q.multi;
    cov.multi_dtp += s.dtp ? q.multi : 0;
    cov.x_only += k_w == 0 && x_only_vectors(g) > 1 ? 1 : 0;
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

// The shape's groups for every dyn_items in 1 .. dwo, at full rate (mode 0) and with random valid gaps and y_ready
// stalls (mode 1).
void run_dtp_shape(std::mt19937_64& rng, PeaShape s, const std::vector<Group>& groups, Coverage& cov) {
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
      ASSERT_NO_FATAL_FAILURE(check_compute_cycles(tr, s));
      for (size_t n = 0; n < groups.size(); ++n)
        ASSERT_NO_FATAL_FAILURE(check_group_run(groups, runs, n, s, mode, cov));
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
  int shapes = 0, runs_wanted = 0;
  Coverage cov;
  for (int dtp = 0; dtp <= 1; ++dtp)
    for (int v = 1; v <= 4; ++v)
      for (int k_w = 0; k_w <= 2; ++k_w) {
        const PeaShape s = random_dtp_shape(rng, dtp, v, k_w, shapes);
        ++shapes;
        const int L = 1 + dtp;
        SCOPED_TRACE("dtp " + std::to_string(dtp) + " v " + std::to_string(v) + " k_w " + std::to_string(k_w) +
                     " swo " + std::to_string(s.swo) + " dwo " + std::to_string(s.dwo) + " b " +
                     std::to_string(s.rle_bits) + " kmax " + std::to_string(s.kmax) + " acc " +
                     std::to_string(s.acc_bits));
        const std::vector<Group> groups = random_dtp_groups(rng, s, L);
        ASSERT_FALSE(::testing::Test::HasFailure());
        runs_wanted += static_cast<int>(groups.size()) * s.dwo * 2;  // every dyn_items in 1 .. dwo, 2 modes
        ASSERT_NO_FATAL_FAILURE(run_dtp_shape(rng, s, groups, cov));
      }
  EXPECT_EQ(shapes, 24);
  // Coverage: tiles with dynamic items and borrowed static items (dtp), tiles with static work only, steps that
  // stopped on dwo, steps with several items (and with dtp), k_w = 0 tiles with several X-only vectors (no items).
  EXPECT_EQ(cov.groups_run, runs_wanted);
  EXPECT_GT(cov.mixed, 900);
  EXPECT_GT(cov.static_only, 90);
  EXPECT_GT(cov.dwo_stops, 9000);
  EXPECT_GT(cov.multi, 15000);
  EXPECT_GT(cov.multi_dtp, 10000);
  EXPECT_GT(cov.x_only, 200);
  std::printf("dtp random: %d tile runs, mixed %d, static only %d, dwo stops %d, multi-item steps %d (dtp %d), "
              "k_w = 0 tiles with X-only vectors %d\n",
              cov.groups_run, cov.mixed, cov.static_only, cov.dwo_stops, cov.multi, cov.multi_dtp, cov.x_only);
}

}  // namespace
}  // namespace bf::golden::panacea::pea_test
