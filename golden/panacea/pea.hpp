// bitforge golden model: the cycle model of the Panacea PE array `panacea_pea` (docs/panacea.md, "`panacea_pea`:
// the cycle contract"; RTL rtl_templates/panacea/panacea_pea.sv). One PEA computes a v x v block of Y = W . X_t
// for one weight row block (v rows x K) and one activation column block (K x v) from their memory images
// (OperandImage in panacea.hpp), 1 <= K <= kmax.
//
// Registers (reset: IDLE, every flag, count and position 0): state; the tile's K, wh_n, xh_n, t, r, rowsum[v];
// per stream the words taken so far (wh_cnt, wl_cnt, xh_cnt, xl_cnt) and per HO stream the position p; per k <
// kmax the presence flags wflag[k], xflag[k] and the slice registers HO_w[k][i], HO_x[k][j], LO_w[k][jp][i],
// LO_x[k][j]; the compute positions ks, kd; psum[v][v] and partial[v]; the output register y[v][v].
//
// Combinational (outputs):
//   tile_ready = (state == IDLE);
//   in LOAD only: wh_ready = wh_cnt < wh_n, wl_ready = k_w > 0 && wl_cnt < K, xh_ready = xh_cnt < xh_n,
//     xl_ready = xl_cnt < K (independent of the valids); 0 in every other state;
//   y_valid = (state == OUT); y = the output register while y_valid, else all 0.
// At the clock edge, by state (everything read is the value at the start of the cycle):
//   IDLE: on tile_valid: K, wh_n, xh_n, t, r, rowsum <= the inputs; flags, psum, partial, counts, positions,
//     ks, kd (and the statistics) <= 0; state <= LOAD.
//   LOAD: when wh_cnt == wh_n, wl_cnt == (k_w > 0 ? K : 0), xh_cnt == xh_n and xl_cnt == K: state <= COMPUTE
//     (no ready is high then, so no word moves). Otherwise each stream whose valid && ready moves one word:
//     an HO entry {index = bits [0, b), slice s = bits [b + 4s, b + 4s + 4)} stores its slices at
//     k = p + index, sets that k's flag, p <= k + 1; an LO word (W: k_w words, plane j slice s at [4s, 4s + 4))
//     stores at k = its count; the count += 1.
//   COMPUTE: static work: k_w > 0 && ks < K; dynamic work: some k >= kd (k < K) with wflag[k] || xflag[k].
//     - neither: y[i][j] <= psum[i][j] + (r << (4 + t)) * (rowsum[i] - partial[i]) (mod 2^CW); state <= OUT.
//     - static: LO_w[k][jp][i] * LO_x[k][j] << (3jp + t) for k = ks .. min(ks + S, K) - 1, jp < k_w, where
//       S = floor(swo / k_w); ks <= ks + S.
//     - dynamic, k the smallest such: if xflag[k]: LO_w[k][jp][i] * HO_x[k][j] << (3jp + 4 + t) for jp < k_w;
//       if wflag[k]: HO_w[k][i] * LO_x[k][j] << (3k_w + t); if both: HO_w[k][i] * HO_x[k][j] << (3k_w + 4 + t);
//       if xflag[k]: partial[i] += (wflag[k] ? HO_w[k][i] : 0) * 2^(3k_w) + sum_jp LO_w[k][jp][i] * 2^(3jp);
//       kd <= k + 1.
//     - every product of the cycle is added to psum[i][j] (mod 2^CW).
//   OUT: on y_ready: state <= IDLE.
// Cycles of one tile at full rate (tile taken on cycle 0): LOAD on cycles 1 .. K + 1 (K words, then the cycle that
// sees them all), COMPUTE on the next C = max(ceil(K / S), D) + 1 cycles (D = the number of k with a W or X flag;
// the static term is 0 when k_w = 0), OUT from cycle K + 2 + C on.
//
// Choices (beyond the doc's text):
//   * Arithmetic: psum is kept mod 2^CW. rowsum_i is the low PSW bits of the input, two's complement (the port
//     is PSW bits wide); partial is exact (it always fits PSW bits: a sum of at most kmax weights); the
//     compensation rowsum - partial is exact (PSW + 1 bits) and y is taken mod 2^CW. Any implementation that
//     sign-extends rowsum and partial and computes mod 2^CW gives the same y.
//   * Port widths: bits of a data word above its port width (b + 4v for HO, 4v for LO) are ignored.
//   * Protocol errors throw std::invalid_argument (in clock): a tile with K outside [1, kmax], wh_n or xh_n
//     outside [0, K], t outside [0, 2], r outside [0, 15] or rowsum without v values; an HO entry that would
//     store at k >= K; an accepted wl beat without k_w words. Inputs of a stream that does not move are not read.
//   * k_w = 0: the wl stream is absent (ready 0, its inputs ignored), there is no static work, and swo is unused
//     (any swo >= 0 is accepted); dwo only has to be >= k_w + 2 (one dynamic k per cycle, whatever dwo).
//   * Statistics (TileStats) count the current tile from the cycle after it is taken; they are kept after OUT
//     until the next tile is taken. load_cycles and compute_cycles count the cycles spent in LOAD and COMPUTE
//     (including the cycle that leaves the state): K + 1 and C at full rate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bf::golden::panacea {

// v in [1, 12], rle_bits b in [1, 16] (b + 4v <= 64), k_w in [0, 2], dwo >= k_w + 2, swo >= k_w (swo >= 0),
// kmax in [1, 65536], acc_bits in [1, 64].
struct PeaShape {
  int v = 4, dwo = 4, swo = 8, k_w = 1, rle_bits = 4, kmax = 64, acc_bits = 32;
};
int pea_kw_bits(const PeaShape&);  // KW = clog2(kmax + 1)
int pea_psw(const PeaShape&);      // PSW = 3k_w + 4 + clog2(kmax) + 1
// Static k per cycle: floor(swo / k_w); 0 when k_w = 0 (no static work).
int pea_static_step(const PeaShape&);

class PeaCycleModel {
 public:
  struct In {
    bool tile_valid = false;
    int k = 0, wh_n = 0, xh_n = 0, t = 0, r = 0;
    std::vector<int64_t> rowsum;  // v values (the low PSW bits are used)
    bool wh_valid = false;
    uint64_t wh_data = 0;  // one HO entry word (index in bits [0, b), slice s at [b + 4s, b + 4s + 4))
    bool wl_valid = false;
    std::vector<uint64_t> wl_data;  // k_w LO words of one k (plane j), slice s at [4s, 4s + 4), two's complement
    bool xh_valid = false;
    uint64_t xh_data = 0;
    bool xl_valid = false;
    uint64_t xl_data = 0;  // unsigned slices
    bool y_ready = false;
  };
  struct Out {
    bool tile_ready = false, wh_ready = false, wl_ready = false, xh_ready = false, xl_ready = false;
    bool y_valid = false;
    std::vector<int64_t> y;  // v * v, element (i, j) at i * v + j, acc_bits two's complement; all 0 while !y_valid
  };
  struct TileStats {
    uint64_t load_cycles = 0;       // cycles in LOAD
    uint64_t compute_cycles = 0;    // cycles in COMPUTE (the last one loads y)
    uint64_t static_products = 0;   // executed LO x LO outer products (k_w per k)
    uint64_t dynamic_products = 0;  // executed outer products with an HO slice
    uint64_t dynamic_steps = 0;     // COMPUTE cycles that executed a dynamic k
    uint64_t static_steps = 0;      // COMPUTE cycles with static work
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
  size_t ix(int k, int i) const { return static_cast<size_t>(k) * static_cast<size_t>(s_.v) + static_cast<size_t>(i); }
  size_t lw(int k, int j, int i) const {
    return (static_cast<size_t>(k) * static_cast<size_t>(s_.k_w) + static_cast<size_t>(j)) * static_cast<size_t>(s_.v) +
           static_cast<size_t>(i);
  }
  bool loaded() const;
  void take_tile(const In&);
  void load(const In&);
  void compute();

  PeaShape s_;
  int psw_ = 0, S_ = 0;
  State state_ = State::Idle;
  int K_ = 0, wh_n_ = 0, xh_n_ = 0, t_ = 0, r_ = 0;
  std::vector<int64_t> rowsum_;
  int wh_cnt_ = 0, wh_pos_ = 0, xh_cnt_ = 0, xh_pos_ = 0, wl_cnt_ = 0, xl_cnt_ = 0;
  std::vector<bool> wflag_, xflag_;
  std::vector<int> ho_w_, ho_x_, lo_w_, lo_x_;
  int ks_ = 0, kd_ = 0;
  std::vector<int64_t> psum_, partial_, y_;
  TileStats stats_;
};

}  // namespace bf::golden::panacea
