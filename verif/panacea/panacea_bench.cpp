// Test benches of the Panacea blocks: panacea_opc exhaustive over every (weight slice, activation slice) pair on
// every multiplier, then random vectors; panacea_pea on tiles built from golden memory images with HO vector
// sparsity swept for both operands, every DBS type and zero points across the range, every port compared every
// cycle with PeaCycleModel and every result with the plain GEMM W . X_t.
#include "panacea/panacea_bench.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "gemm/gemm.hpp"
#include "harness/lanes.hpp"
#include "panacea/panacea.hpp"
#include "panacea/panacea_blocks.hpp"
#include "panacea/pea.hpp"

namespace bf::verif::panacea {

namespace {

int64_t signed4(uint64_t bits) { return (bits & 8) ? static_cast<int64_t>(bits & 15) - 16 : static_cast<int64_t>(bits & 15); }

void verify_opc(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const int v = bf::panacea::opc_block().typed(g.cfg).v;
  const size_t V = static_cast<size_t>(v);
  const size_t wi = s.port("w_i"), xi = s.port("x_i"), po = s.port("p_o");
  // Cycles 0..255: multiplier (i, j) sees w = (n / 16 + 3i) mod 16 and x = (n + 5j) mod 16, i.e. every pair once.
  const size_t cycles = 256 + static_cast<size_t>(count);
  for (size_t n = 0; n < cycles && !s.failed(); ++n) {
    std::vector<int64_t> w(V), x(V);
    for (size_t i = 0; i < V; ++i) {
      w[i] = n < 256 ? signed4(n / 16 + 3 * i) : signed4(rng());
      x[i] = n < 256 ? static_cast<int64_t>((n + 5 * i) % 16) : static_cast<int64_t>(rng() % 16);
    }
    s.set_words(wi, pack_lanes(w, 4));
    s.set_words(xi, pack_lanes(x, 4));
    s.eval();
    std::vector<int64_t> want(V * V);
    for (size_t i = 0; i < V; ++i) {
      for (size_t j = 0; j < V; ++j) want[i * V + j] = w[i] * x[j];
    }
    if (!s.expect_lanes(po, want, 8, true)) {
      s.report().mismatch->context = n < 256 ? "exhaustive pass, step " + std::to_string(n) : "random vectors";
      return;
    }
    s.tick();
  }
  s.report().items = cycles;
  s.report().summary = "every (signed 4-bit, unsigned 4-bit) pair on each of the " + std::to_string(V * V) +
                       " multipliers, then " + std::to_string(count) + " random vector pairs";
}

namespace gp = bf::golden::panacea;
namespace gg = bf::golden::gemm;

Stalls random_level(std::mt19937_64& rng) { return Stalls(stall_levels()[rng() % stall_levels().size()]); }

// One tile: W (v x K), X (K x v), the DBS type and zero point, and what the PEA is fed.
struct Tile {
  gg::Matrix w, x;
  int z = 0, t = 0;
  gp::OperandImage wi, xi;
  std::vector<int64_t> rowsum;
  int sw = 0, sx = 0;  // target HO vector sparsity, percent
};

// A tile whose W and X HO vectors are compressed with probability sw and sx percent.
Tile random_tile(const gp::PeaShape& sh, int K, std::mt19937_64& rng) {
  static const int levels[] = {0, 25, 50, 75, 90, 100};
  Tile tl;
  tl.sw = levels[rng() % 6];
  tl.sx = levels[rng() % 6];
  tl.t = static_cast<int>(rng() % 3);
  tl.z = static_cast<int>(rng() % 256);
  const int v = sh.v;
  const int64_t wlo = gp::weight_min(sh.k_w), whi = gp::weight_max(sh.k_w);
  // Compressed W vector: every weight has a zero HO slice ([-8, 7] when k_w >= 1, 0 when k_w = 0).
  const int64_t clo = sh.k_w > 0 ? -8 : 0, chi = sh.k_w > 0 ? 7 : 0;
  tl.w = gg::Matrix(v, K);
  tl.x = gg::Matrix(K, v);
  const int r = gp::frequent_ho(tl.z, tl.t), sh_ho = 4 + tl.t;
  for (int k = 0; k < K; ++k) {
    const bool wc = static_cast<int>(rng() % 100) < tl.sw, xc = static_cast<int>(rng() % 100) < tl.sx;
    for (int i = 0; i < v; ++i) {
      tl.w.at(i, k) = wc ? std::uniform_int_distribution<int64_t>(clo, chi)(rng)
                         : std::uniform_int_distribution<int64_t>(wlo, whi)(rng);
      tl.x.at(k, i) = xc ? (int64_t{r} << sh_ho) + static_cast<int64_t>(rng() % (uint64_t{1} << sh_ho))
                         : static_cast<int64_t>(rng() % 256);
    }
    if (!wc) tl.w.at(static_cast<int>(rng() % uint64_t(v)), k) = rng() % 2 ? wlo : whi;  // a nonzero HO slice
    if (!xc) tl.x.at(k, static_cast<int>(rng() % uint64_t(v))) = r == 0 ? 255 : 0;       // an HO slice other than r
  }
  tl.wi = gp::pack(gp::weight_block(tl.w, sh.k_w, v, 0), sh.rle_bits);
  tl.xi = gp::pack(gp::act_block(tl.x, tl.z, tl.t, v, 0), sh.rle_bits);
  for (int i = 0; i < v; ++i) {
    int64_t sum = 0;
    for (int k = 0; k < K; ++k) sum += tl.w.at(i, k);
    tl.rowsum.push_back(sum);
  }
  return tl;
}

gp::PeaShape pea_shape(const Generated& g) {
  const auto p = bf::panacea::pea_block().typed(g.cfg);
  return {p.v, p.dwo, p.swo, p.k_w, p.rle_bits, p.kmax, p.acc_bits};
}

// A stream of words offered with random gaps (valid held until taken).
struct WordStream {
  std::vector<uint64_t> words;
  size_t next = 0;
  bool on = false;
  Stalls st{1.0};
};

void verify_pea(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  const gp::PeaShape sh = pea_shape(g);
  gp::PeaCycleModel model(sh);
  const int psw = gp::pea_psw(sh), v = sh.v;
  const size_t tv = s.port("tile_valid_i"), tr = s.port("tile_ready_o"), ki = s.port("k_i"), whn = s.port("wh_n_i"),
               xhn = s.port("xh_n_i"), ti = s.port("t_i"), ri = s.port("r_i"), rs = s.port("rowsum_i"),
               whv = s.port("wh_valid_i"), whd = s.port("wh_data_i"), whr = s.port("wh_ready_o"),
               xhv = s.port("xh_valid_i"), xhd = s.port("xh_data_i"), xhr = s.port("xh_ready_o"),
               xlv = s.port("xl_valid_i"), xld = s.port("xl_data_i"), xlr = s.port("xl_ready_o"),
               yv = s.port("y_valid_o"), yd = s.port("y_data_o"), yr = s.port("y_ready_i");
  const bool has_wl = sh.k_w > 0;
  const size_t wlv = has_wl ? s.port("wl_valid_i") : 0, wld = has_wl ? s.port("wl_data_i") : 0,
               wlr = has_wl ? s.port("wl_ready_o") : 0;
  uint64_t dyn_steps = 0, compute_cycles = 0;
  for (int n = 0; n < count && !s.failed(); ++n) {
    const int K = n == 0 ? 1 : 1 + static_cast<int>(rng() % static_cast<uint64_t>(sh.kmax));
    const Tile tl = random_tile(sh, K, rng);
    WordStream wh{tl.wi.ho_words}, xh{tl.xi.ho_words}, xl{tl.xi.lo_words}, wl;
    for (int k = 0; k < K && has_wl; ++k) {  // one beat per k: the k_w LO words, plane j at [j*4v +: 4v]
      uint64_t beat = 0;
      for (int j = 0; j < sh.k_w; ++j) beat |= tl.wi.lo_words[size_t(k * sh.k_w + j)] << (j * 4 * v);
      wl.words.push_back(beat);
    }
    for (WordStream* w : {&wh, &xh, &xl, &wl}) w->st = rng() % 3 == 0 ? Stalls(1.0) : random_level(rng);
    Stalls take = random_level(rng), tile_offer = random_level(rng);
    bool tile_on = false, tile_done = false, got = false;
    std::vector<int64_t> y;
    const uint64_t limit = s.cycle() + 200 + 80 * uint64_t(K);
    while (!got && !s.failed()) {
      if (s.cycle() > limit) {
        s.fail(Mismatch{s.cycle(), "y_valid_o", "the tile's result", "none (no progress)", "tile " + std::to_string(n)});
        return;
      }
      if (!tile_done && !tile_on && tile_offer.next(rng)) tile_on = true;
      gp::PeaCycleModel::In in;
      in.tile_valid = tile_on;
      in.k = K;
      in.wh_n = static_cast<int>(wh.words.size());
      in.xh_n = static_cast<int>(xh.words.size());
      in.t = tl.t;
      in.r = gp::frequent_ho(tl.z, tl.t);
      in.rowsum = tl.rowsum;
      auto offer = [&](WordStream& w, bool& valid, uint64_t& data) {
        if (!w.on && w.next < w.words.size() && w.st.next(rng)) w.on = true;
        valid = w.on;
        data = w.on ? w.words[w.next] : rng();
      };
      uint64_t wl_word = 0;
      offer(wh, in.wh_valid, in.wh_data);
      offer(xh, in.xh_valid, in.xh_data);
      offer(xl, in.xl_valid, in.xl_data);
      if (has_wl) {
        offer(wl, in.wl_valid, wl_word);
        in.wl_data.clear();
        for (int j = 0; j < sh.k_w; ++j) in.wl_data.push_back((wl_word >> (j * 4 * v)) & ((uint64_t{1} << (4 * v)) - 1));
      }
      in.y_ready = take.next(rng);
      const int hb = sh.rle_bits + 4 * v;
      auto mask = [](uint64_t x, int bits) { return bits >= 64 ? x : x & ((uint64_t{1} << bits) - 1); };
      s.set(tv, in.tile_valid);
      s.set(ki, static_cast<uint64_t>(in.k));
      s.set(whn, static_cast<uint64_t>(in.wh_n));
      s.set(xhn, static_cast<uint64_t>(in.xh_n));
      s.set(ti, static_cast<uint64_t>(in.t));
      s.set(ri, static_cast<uint64_t>(in.r));
      s.set_words(rs, pack_lanes(in.rowsum, psw));
      s.set(whv, in.wh_valid);
      s.set(whd, mask(in.wh_data, hb));
      s.set(xhv, in.xh_valid);
      s.set(xhd, mask(in.xh_data, hb));
      s.set(xlv, in.xl_valid);
      s.set(xld, mask(in.xl_data, 4 * v));
      if (has_wl) {
        s.set(wlv, in.wl_valid);
        s.set(wld, wl_word);
      }
      s.set(yr, in.y_ready);
      s.eval();
      const auto want = model.outputs(in);
      bool ok = s.expect(tr, want.tile_ready) && s.expect(whr, want.wh_ready) && s.expect(xhr, want.xh_ready) &&
                s.expect(xlr, want.xl_ready) && (!has_wl || s.expect(wlr, want.wl_ready)) &&
                s.expect(yv, want.y_valid) && s.expect_lanes(yd, want.y, sh.acc_bits, true);
      if (!ok) {
        s.report().mismatch->context = "tile " + std::to_string(n) + " (K " + std::to_string(K) + ", W/X HO sparsity " +
                                       std::to_string(tl.sw) + "/" + std::to_string(tl.sx) + "%, t " +
                                       std::to_string(tl.t) + ", z " + std::to_string(tl.z) + ")";
        return;
      }
      if (tile_on && want.tile_ready) tile_on = false, tile_done = true;
      for (WordStream* w : {&wh, &xh, &xl}) {
        const bool rd = w == &wh ? want.wh_ready : w == &xh ? want.xh_ready : want.xl_ready;
        if (w->on && rd) w->on = false, ++w->next;
      }
      if (has_wl && wl.on && want.wl_ready) wl.on = false, ++wl.next;
      if (want.y_valid && in.y_ready) {
        y = want.y;
        got = true;
      }
      model.clock(in);
      s.tick();
    }
    if (s.failed()) return;
    const gg::Matrix exact = gg::gemm(tl.w, gp::truncate_acts(tl.x, tl.t), sh.acc_bits);
    for (int i = 0; i < v; ++i) {
      for (int j = 0; j < v; ++j) {
        if (y[size_t(i * v + j)] != exact.at(i, j)) {
          s.fail(Mismatch{s.cycle(), "y_data_o (" + std::to_string(i) + ", " + std::to_string(j) + ")",
                          std::to_string(exact.at(i, j)), std::to_string(y[size_t(i * v + j)]),
                          "tile " + std::to_string(n) + ": the plain GEMM W . X_t"});
          return;
        }
      }
    }
    dyn_steps += model.last_tile().dynamic_steps;
    compute_cycles += model.last_tile().compute_cycles;
  }
  s.report().items = static_cast<size_t>(count);
  s.report().summary = std::to_string(count) + " tiles (K 1.." + std::to_string(sh.kmax) +
                       ", W and X HO vector sparsity 0..100%, every DBS type, zero points 0..255), random valid gaps "
                       "per stream and y_ready stalls; every result checked against the plain GEMM W . X_t (" +
                       std::to_string(compute_cycles) + " compute cycles, " + std::to_string(dyn_steps) +
                       " dynamic steps)";
}

}  // namespace

std::vector<Bench> benches() {
  return {
      {"panacea_opc", 256, verify_opc,
       [](const Generated&, const nlohmann::json&, const std::string& where) {
         throw InputError(where, "", "panacea_opc has no sim input format: use bitforge verify");
       },
       nullptr},
      {"panacea_pea", 60, verify_pea,
       [](const Generated&, const nlohmann::json&, const std::string& where) {
         throw InputError(where, "", "panacea_pea has no sim input format yet: use bitforge verify, or bitforge aqs "
                                     "for the AQS-GEMM of a whole matrix");
       },
       nullptr},
  };
}

}  // namespace bf::verif::panacea
