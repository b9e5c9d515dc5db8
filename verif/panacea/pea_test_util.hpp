// Shared helpers of the panacea_pea cycle model tests (golden/panacea/pea.hpp; golden_pea_*_test.cpp, one file per
// topic): random and hand-made tiles with their expected results, the stream driver that feeds tiles through a
// PeaCycleModel while checking the port invariants, and the two-queue oracle of the compute phase.
//
// The tests check the model against docs/panacea.md, "`panacea_pea`: the cycle contract" and "Double-tile
// processing (`dtp`): the cycle contract".
//
// Timing is derived by hand from the contract (the derivation is written next to each case): with every stream at
// full rate and the tile taken on cycle 0, LOAD runs on cycles 1 .. K (one word per stream and cycle; no stream
// has more than K words) and on cycle K + 1 (it sees every stream complete and leaves), COMPUTE takes C cycles
// (the last one loads y), so y_valid first rises on cycle K + 2 + C.
//   dtp = 0, dyn_items = 1: C = max(ceil(K / S), D) + 1 (S = floor(swo / k_w), the static term 0 at k_w = 0;
//     D = the number of k with a stored HO vector in W, or in X when k_w > 0: an X vector alone has no product
//     at k_w = 0).
//   In general (L = 1 + dtp weight lanes sharing X): C = (cycles until the dynamic queue and the static queue are
//     both empty) + 1. The dynamic queue is the items (k, l) with a W_l flag, or an X flag at k_w > 0, in
//     q = k L + l order; item q needs n(q) = (X ? k_w : 0) + (W ? 1 : 0) + (W && X ? 1 : 0) DWOs (= its
//     products); a cycle takes the longest prefix of at most dyn_items items whose needs sum to at most dwo, using
//     U DWOs. The static queue is the L K items u = l K + k: S from the front and, with dtp = 1,
//     D = floor((dwo - U) / k_w) from the back.
// Values are checked against the plain integer GEMM W . X_t (X with its t low bits cleared, written here), and the
// executed outer products against the documented per-k rules via aqs_gemm's counters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "panacea/panacea.hpp"
#include "panacea/pea.hpp"

namespace bf::golden::panacea::pea_test {

using Model = PeaCycleModel;

int ceil_div(int a, int b);
Matrix mat(int rows, int cols, std::vector<int64_t> v);

// ---- tiles ----

struct Tile {
  int k = 0, t = 0, z = 0, r = 0;
  Matrix w, x;  // v x K, K x v
  OperandImage wi, xi;
  std::vector<int64_t> rowsum;
  Matrix y;        // W . X_t wrapped to acc_bits
  Counters cnt;    // aqs_gemm on this block pair
  int stored = 0;  // k with a stored HO vector in W, or in X when k_w > 0 (the dynamic items)
};

// A random tile with exactly round(sw K) compressed W HO vectors and round(sx K) compressed X HO vectors (checked
// with EXPECTs).
Tile make_tile(std::mt19937_64& rng, const PeaShape& s, int K, int t, int z, double sw, double sx);
// The tile of the given W (v x K) and X (K x v), with its expected results.
Tile tile_from(const PeaShape& s, const Matrix& w, const Matrix& x, int t, int z);

// The L weight lanes of one PEA tile: the same K, t, z and X (lane l's W is tiles[l].w).
using Group = std::vector<Tile>;

// Lane 0 from make_tile (W with HO sparsity sw[0], X with sx); lane l > 0 with its own W (sparsity sw[l]) and lane
// 0's X.
Group make_group(std::mt19937_64& rng, const PeaShape& s, int K, int t, int z, const std::vector<double>& sw,
                 double sx);
Group group_from(const PeaShape& s, const std::vector<Matrix>& ws, const Matrix& x, int t, int z);
// The expected y port: lane l's block at [l v v, (l + 1) v v).
std::vector<int64_t> group_y(const Group& g);

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
                                Trace* trace = nullptr);
// Single-lane tiles (dtp = 0).
std::vector<TileRun> run(Model& m, const std::vector<Tile>& tiles, const Rates& rt, std::mt19937_64& rng,
                         Trace* trace = nullptr);

// C = max(ceil(K / S), D) + 1 (static term 0 at k_w = 0).
int compute_cycles(const PeaShape& s, const Tile& tl);

// ---- the compute phase's two queues ----

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
QueueCount count_queues(const PeaShape& s, int K, const std::vector<int>& needs);

// The dynamic items' DWO needs in q = k L + l order, from the groups' memory images (stored_vectors): item (k, l)
// exists when W_l's HO vector k is stored, or X's and k_w > 0, and needs (X ? k_w : 0) + (W ? 1 : 0) + (W && X ? 1 : 0).
std::vector<int> item_needs(const Group& g, int k_w);

// The shape with dtp = 0.
PeaShape dtp0(PeaShape s);

}  // namespace bf::golden::panacea::pea_test
