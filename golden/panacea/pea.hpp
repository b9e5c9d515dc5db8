// bitforge golden model: the cycle model of the Panacea PE array `panacea_pea` (docs/panacea.md, "`panacea_pea`:
// the cycle contract" and "Double-tile processing (`dtp`): the cycle contract"; RTL
// rtl_templates/panacea/panacea_pea.sv). One PEA computes, for one activation column block (K x v) and L = 1 + dtp
// weight row blocks (weight lanes l, v rows x K each), the L v x v blocks of Y = W_l . X_t from their memory images
// (OperandImage in panacea.hpp), 1 <= K <= kmax. With dtp = 0 (L = 1) this is the single-lane contract exactly.
//
// Registers (reset: IDLE, every flag, count and position 0): state; the tile's K, xh_n, t, r; per lane l: wh_n[l],
// rowsum[l][v], its W stream counts wh_cnt[l], wl_cnt[l] and HO position wh_pos[l], per k < kmax the flag
// wflag[l][k] and the slices HO_w[l][k][i], LO_w[l][k][jp][i], and psum[l][v][v], partial[l][v]; shared X state:
// xh_cnt, xl_cnt, the HO position xh_pos, per k xflag[k], HO_x[k][j], LO_x[k][j]; the compute positions qd (the
// dynamic queue, over q = k L + l) and f, e (the static queue, over u = l K + k). The model keeps an output
// register y[l][v][v]; the RTL (issue 15) has none: it computes the same y in OUT from psum and partial, which do
// not change there.
//
// Combinational (outputs):
//   tile_ready = (state == IDLE);
//   in LOAD only: wh_ready[l] = wh_cnt[l] < wh_n[l], wl_ready[l] = k_w > 0 && wl_cnt[l] < K, xh_ready = xh_cnt <
//     xh_n, xl_ready = xl_cnt < K (independent of the valids); 0 in every other state;
//   y_valid = (state == OUT); y = the output register while y_valid, else all 0.
// At the clock edge, by state (everything read is the value at the start of the cycle):
//   IDLE: on tile_valid: K, xh_n, t, r and per lane wh_n[l], rowsum[l] <= the inputs; flags, psum, partial,
//     counts, positions (and the statistics) <= 0; qd <= 0, f <= 0, e <= (k_w > 0 ? L K : 0); state <= LOAD.
//   LOAD: when every lane has wh_cnt[l] == wh_n[l] and wl_cnt[l] == (k_w > 0 ? K : 0), and xh_cnt == xh_n and
//     xl_cnt == K: state <= COMPUTE (no ready is high then, so no word moves). Otherwise each stream whose
//     valid && ready moves one word: an HO entry {index = bits [0, b), slice s = bits [b + 4s, b + 4s + 4)}
//     stores its slices at k = p + index (p: that stream's position), sets that k's flag (wflag[l] or xflag),
//     p <= k + 1; an LO word (W: k_w words, plane j slice s at [4s, 4s + 4)) stores at k = its count; the
//     count += 1. The lanes' W streams are independent.
//   COMPUTE:
//     - dynamic items: the (k, l), q = k L + l (k < K, l < L), with wflag[l][k] || (k_w > 0 && xflag[k]); n(q) =
//       (xflag[k] ? k_w : 0) + (wflag[l][k] ? 1 : 0) + (wflag[l][k] && xflag[k] ? 1 : 0) DWOs. With q_1 < q_2 <
//       .. the items with q >= qd, the dynamic step takes q_1 .. q_m, m the largest number <= dyn_items such
//       that q_m exists and n(q_1) + .. + n(q_m) <= dwo (m >= 1 whenever q_1 exists; as n >= 0 this is the
//       greedy prefix: it stops at the first item that does not fit, it never skips one). U = n(q_1) + .. +
//       n(q_m) (0 when there is no item q >= qd).
//     - static items: ns = min(S, e - f) from the front (u = f .. f + ns - 1), S = floor(swo / k_w) (0 at
//       k_w = 0), and with dtp = 1 nd = min(D, e - f - ns) from the back (u = e - nd .. e - 1), D =
//       floor((dwo - U) / k_w) (nd = 0 when dtp = 0 or k_w = 0); item u is (l, k) = (u / K, u % K).
//     - no dynamic item (no q >= qd) and f == e: for every lane y[l][i][j] <= psum[l][i][j] + (r << (4 + t)) *
//       (rowsum[l][i] - partial[l][i]) (mod 2^CW); state <= OUT.
//     - each static item (l, k): LO_w[l][k][jp][i] * LO_x[k][j] << (3jp + t) for jp < k_w, into psum[l];
//       f <= f + ns, e <= e - nd.
//     - each taken dynamic item (k, l), into psum[l] and partial[l]: if xflag[k]: LO_w[l][k][jp][i] * HO_x[k][j]
//       << (3jp + 4 + t) for jp < k_w; if wflag[l][k]: HO_w[l][k][i] * LO_x[k][j] << (3k_w + t); if both:
//       HO_w[l][k][i] * HO_x[k][j] << (3k_w + 4 + t); if xflag[k]: partial[l][i] += (wflag[l][k] ? HO_w[l][k][i] :
//       0) * 2^(3k_w) + sum_jp LO_w[l][k][jp][i] * 2^(3jp) (several items of one lane add several such terms in
//       one cycle); qd <= q_m + 1.
//     - every product of the cycle is added to its psum[l][i][j] (mod 2^CW).
//   OUT: on y_ready: state <= IDLE.
// Cycles of one tile at full rate (tile taken on cycle 0): LOAD on cycles 1 .. K + 1 (K words, then the cycle that
// sees them all), COMPUTE on the next C cycles, OUT from cycle K + 2 + C on. C = (the cycles until both queues
// are empty) + 1; at dtp = 0 and dyn_items = 1, C = max(ceil(K / S), Dn) + 1 (Dn = the number of k with a W flag,
// or an X flag when k_w > 0; the static term is 0 when k_w = 0); at dtp = 1 with no dynamic item,
// C = ceil(2K / (S + floor(dwo / k_w))) + 1.
//
// Choices (beyond the doc's text):
//   * Arithmetic: psum is kept mod 2^CW. rowsum_i is the low PSW bits of the input, two's complement (the port
//     is PSW bits wide); partial is exact (it always fits PSW bits: a sum of at most kmax weights); the
//     compensation rowsum - partial is exact (PSW + 1 bits) and y is taken mod 2^CW. Any implementation that
//     sign-extends rowsum and partial and computes mod 2^CW gives the same y.
//   * Port widths: bits of a data word above its port width (b + 4v for HO, 4v for LO) are ignored.
//   * Protocol errors throw std::invalid_argument (in clock): a tile with K outside [1, kmax], xh_n outside
//     [0, K], t outside [0, 2], r outside [0, 15], not exactly L weight lanes, or a lane whose wh_n is outside
//     [0, K] or whose rowsum does not have v values; a LOAD cycle that moves words (not the cycle that leaves
//     LOAD) without exactly L weight lanes; an HO entry that would store at k >= K; an accepted wl beat without
//     k_w words. Inputs of a stream that does not move are not read; In.w is read only on those cycles.
//   * k_w = 0: the wl streams are absent (ready 0, their inputs ignored), there is no static work, and swo is
//     unused (any swo >= 0 is accepted); dwo only has to be >= k_w + 2. An X flag alone is then no item (no
//     LO_w slice to multiply, and W[i][k] = 0 without the W flag, so no compensation): every item has n >= 1.
//   * The dynamic step never skips an item: the first item that does not fit (or the dyn_items-th taken) ends it,
//     even if a later item would fit (the doc's "largest m such that the prefix sum <= dwo").
//   * D depends on U, the DWOs the taken items actually use (the sum of their n), not on k_w + 2 per item.
//   * Statistics (TileStats) count the current tile from the cycle after it is taken; they are kept after OUT
//     until the next tile is taken. load_cycles and compute_cycles count the cycles spent in LOAD and COMPUTE
//     (including the cycle that leaves the state): K + 1 and C at full rate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bf::golden::panacea {

// v in [1, 12], rle_bits b in [1, 16] (b + 4v <= 64), k_w in [0, 2], dwo >= k_w + 2, swo >= k_w (swo >= 0),
// kmax in [1, 65536], acc_bits in [1, 64]; dtp: double-tile processing (L = 2 weight lanes); dyn_items in [1, dwo]:
// dynamic items per cycle at most. dtp and dyn_items stay the last members, in this order (aggregate initialisers
// {v, dwo, swo, k_w, rle_bits, kmax, acc_bits} mean dtp = 0, dyn_items = 1; {.., acc_bits, dtp} dyn_items = 1).
struct PeaShape {
  int v = 4, dwo = 4, swo = 8, k_w = 1, rle_bits = 4, kmax = 64, acc_bits = 32;
  bool dtp = false;
  int dyn_items = 1;
};
int pea_kw_bits(const PeaShape&);  // KW = clog2(kmax + 1)
int pea_psw(const PeaShape&);      // PSW = 3k_w + 4 + clog2(kmax) + 1
// Static k per cycle: floor(swo / k_w); 0 when k_w = 0 (no static work).
int pea_static_step(const PeaShape&);
int pea_lanes(const PeaShape&);  // L = 1 + dtp

class PeaCycleModel {
 public:
  struct WLaneIn {                  // one weight lane (sub-tile) l
    int wh_n = 0;                   // tile field: number of W HO RLE entries of lane l
    std::vector<int64_t> rowsum;    // tile field: v values (the low PSW bits are used)
    bool wh_valid = false;
    uint64_t wh_data = 0;           // one HO entry word (index in bits [0, b), slice s at [b + 4s, b + 4s + 4))
    bool wl_valid = false;
    std::vector<uint64_t> wl_data;  // k_w LO words of one k (plane j), slice s at [4s, 4s + 4), two's complement
  };
  struct In {
    bool tile_valid = false;
    int k = 0, xh_n = 0, t = 0, r = 0;
    std::vector<WLaneIn> w;  // L lanes (read only where the contract reads them; outputs() reads no input)
    bool xh_valid = false;
    uint64_t xh_data = 0;
    bool xl_valid = false;
    uint64_t xl_data = 0;  // unsigned slices
    bool y_ready = false;
  };
  struct Out {
    bool tile_ready = false;
    std::vector<bool> wh_ready, wl_ready;  // L each
    bool xh_ready = false, xl_ready = false;
    bool y_valid = false;
    // L * v * v: lane l's element (i, j) at (l * v + i) * v + j, acc_bits two's complement; all 0 while !y_valid (the RTL's: unspecified)
    std::vector<int64_t> y;
  };
  struct TileStats {
    uint64_t load_cycles = 0;        // cycles in LOAD
    uint64_t compute_cycles = 0;     // cycles in COMPUTE (the last one loads y)
    uint64_t static_products = 0;    // every executed LO x LO outer product (k_w per static item), SWO or DWO
    uint64_t dynamic_products = 0;   // executed outer products with an HO slice
    uint64_t dynamic_steps = 0;      // COMPUTE cycles that executed at least one dynamic item
    uint64_t static_steps = 0;       // COMPUTE cycles that executed any static item
    uint64_t borrowed_products = 0;  // LO x LO outer products executed on spare DWOs (dtp); part of static_products
    uint64_t dynamic_items = 0;      // dynamic items executed (last member: positional initialisers keep working)
    bool operator==(const TileStats&) const = default;
  };
  enum class State { Idle, Load, Compute, Out };

  explicit PeaCycleModel(const PeaShape&);  // throws std::invalid_argument for an invalid shape
  Out outputs(const In&) const;             // combinational (reads no input: every ready is valid-independent)
  void clock(const In&);
  TileStats last_tile() const { return stats_; }
  State state() const { return state_; }
  const PeaShape& shape() const { return s_; }

 private:
  struct Lane {
    int wh_n = 0, wh_cnt = 0, wh_pos = 0, wl_cnt = 0;
    std::vector<int64_t> rowsum;  // v
    std::vector<bool> wflag;      // kmax
    std::vector<int> ho_w, lo_w;  // [k][i], [k][jp][i]
    std::vector<int64_t> psum, partial;
  };
  size_t ix(int k, int i) const { return static_cast<size_t>(k) * static_cast<size_t>(s_.v) + static_cast<size_t>(i); }
  size_t lw(int k, int j, int i) const {
    return (static_cast<size_t>(k) * static_cast<size_t>(s_.k_w) + static_cast<size_t>(j)) * static_cast<size_t>(s_.v) +
           static_cast<size_t>(i);
  }
  bool loaded() const;
  void check_lanes(const In&, const char* when) const;
  void take_tile(const In&);
  void load(const In&);
  void compute();
  // The steps of one COMPUTE cycle (compute()).
  struct DynamicStep {
    std::vector<int> items;  // the dynamic items q taken this cycle, ascending
    int used = 0;            // U: the DWOs they need
  };
  int need(int q) const;             // n(q): the DWOs item q = k L + l needs (0 when it is no item)
  bool is_item(int q) const;         // item q has a W flag, or an X flag and k_w > 0
  DynamicStep dynamic_step() const;  // the greedy prefix of the items q >= qd
  void load_y();                     // y <= psum + (r << (4 + t)) (rowsum - partial), every lane
  void static_item(int u);           // static item u = l K + k: its k_w LO x LO products into psum[l]
  void dynamic_item(int q);          // dynamic item q: its products into psum[l], its compensation into partial[l]

  PeaShape s_;
  int L_ = 1, psw_ = 0, S_ = 0;
  State state_ = State::Idle;
  int K_ = 0, xh_n_ = 0, t_ = 0, r_ = 0;
  int xh_cnt_ = 0, xh_pos_ = 0, xl_cnt_ = 0;
  std::vector<bool> xflag_;
  std::vector<int> ho_x_, lo_x_;
  std::vector<Lane> lanes_;
  int qd_ = 0, f_ = 0, e_ = 0;
  std::vector<int64_t> y_;  // L * v * v
  TileStats stats_;
};

}  // namespace bf::golden::panacea
