// Test benches of the Panacea blocks: panacea_opc exhaustive over every (weight slice, activation slice) pair on
// every multiplier, then random vectors; panacea_pea on tiles built from golden memory images with HO vector
// sparsity swept for both operands, every DBS type and zero points across the range, every port compared every
// cycle with PeaCycleModel and every result with the plain GEMM W . X_t.
#include "panacea/panacea_bench.hpp"

#include <algorithm>

#include "base/errors.hpp"
#include "base/json_io.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_bench.hpp"
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

// Row i's sum of W over K (the tile field rowsum).
std::vector<int64_t> row_sums(const gg::Matrix& w) {
  std::vector<int64_t> sums(static_cast<size_t>(w.rows), 0);
  for (int i = 0; i < w.rows; ++i)
    for (int k = 0; k < w.cols; ++k) sums[static_cast<size_t>(i)] += w.at(i, k);
  return sums;
}

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
  tl.rowsum = row_sums(tl.w);
  return tl;
}

gp::PeaShape pea_shape(const Generated& g) { return bf::panacea::pea_block().typed(g.cfg); }

// A stream of words offered with random gaps (valid held until taken).
struct WordStream {
  std::vector<uint64_t> words;
  size_t next = 0;
  bool on = false;
  Stalls st{1.0};
  bool offer(std::mt19937_64& rng, uint64_t& data) {
    if (!on && next < words.size() && st.next(rng)) on = true;
    data = on ? words[next] : rng();
    return on;
  }
};

// The result of one tile on P PEAs of L weight lanes each: P L blocks of v x v.
struct CoreRun {
  std::vector<int64_t> y;  // P * L * v * v, weight lane n's block (PEA n / L) at n * v * v
  gp::PeaCycleModel::TileStats stats;  // summed over the PEAs
  uint64_t cycles = 0;                 // tile offered to result taken
};

// Runs one tile through P PEAs (panacea_pea when P = 1, else panacea_core: shared X streams and tile fields),
// comparing every port every cycle with P PeaCycleModels composed as the core composes the PEAs. `tiles` has one
// entry per weight lane (P L; the X block is tiles[0]'s). Without rng: everything offered at once, the result taken
// at once.
CoreRun run_tile(Sim& s, std::vector<gp::PeaCycleModel>& models, const gp::PeaShape& sh, const std::vector<Tile>& tiles,
                 std::mt19937_64* rng, const std::string& what) {
  const size_t P = models.size(), L = static_cast<size_t>(gp::pea_lanes(sh)), NW = P * L;
  const int psw = gp::pea_psw(sh), v = sh.v, kb = gp::pea_kw_bits(sh), hb = sh.rle_bits + 4 * v;
  const bool has_wl = sh.k_w > 0;
  const int K = tiles[0].x.rows;
  auto port = [&](const char* n) { return s.port(n); };
  const size_t tv = port("tile_valid_i"), tr = port("tile_ready_o"), ki = port("k_i"), whn = port("wh_n_i"),
               xhn = port("xh_n_i"), ti = port("t_i"), ri = port("r_i"), rs = port("rowsum_i"), whv = port("wh_valid_i"),
               whd = port("wh_data_i"), whr = port("wh_ready_o"), xhv = port("xh_valid_i"), xhd = port("xh_data_i"),
               xhr = port("xh_ready_o"), xlv = port("xl_valid_i"), xld = port("xl_data_i"), xlr = port("xl_ready_o"),
               yv = port("y_valid_o"), yd = port("y_data_o"), yr = port("y_ready_i");
  const size_t wlv = has_wl ? port("wl_valid_i") : 0, wld = has_wl ? port("wl_data_i") : 0,
               wlr = has_wl ? port("wl_ready_o") : 0;
  std::vector<WordStream> wh(NW), wl(NW);
  WordStream xh{tiles[0].xi.ho_words}, xl{tiles[0].xi.lo_words};
  for (size_t p = 0; p < NW; ++p) {
    wh[p].words = tiles[p].wi.ho_words;
    for (int k = 0; k < K && has_wl; ++k) {  // one beat per k: the k_w LO words, plane j at [j*4v +: 4v]
      uint64_t beat = 0;
      for (int j = 0; j < sh.k_w; ++j) beat |= tiles[p].wi.lo_words[size_t(k * sh.k_w + j)] << (j * 4 * v);
      wl[p].words.push_back(beat);
    }
  }
  Stalls take(1.0), tile_offer(1.0);
  if (rng) {
    for (auto* w : {&xh, &xl}) w->st = (*rng)() % 3 == 0 ? Stalls(1.0) : random_level(*rng);
    for (size_t p = 0; p < NW; ++p) {
      wh[p].st = (*rng)() % 3 == 0 ? Stalls(1.0) : random_level(*rng);
      wl[p].st = (*rng)() % 3 == 0 ? Stalls(1.0) : random_level(*rng);
    }
    take = random_level(*rng);
    tile_offer = random_level(*rng);
  }
  std::mt19937_64 noise(P * 7919u + static_cast<uint64_t>(K));
  std::mt19937_64& r = rng ? *rng : noise;
  bool tile_on = false, tile_done = false;
  CoreRun run;
  const uint64_t start = s.cycle(), limit = s.cycle() + 300 + 80 * uint64_t(K);
  auto mask = [](uint64_t x, int bits) { return bits >= 64 ? x : x & ((uint64_t{1} << bits) - 1); };
  while (run.y.empty() && !s.failed()) {
    if (s.cycle() > limit) {
      s.fail(Mismatch{s.cycle(), "y_valid_o", "the tile's result", "none (no progress)", what});
      return run;
    }
    if (!tile_done && !tile_on && tile_offer.next(r)) tile_on = true;
    // The inputs of the core's ports.
    const bool y_ready = take.next(r);
    uint64_t xh_data = 0, xl_data = 0;
    const bool xh_valid = xh.offer(r, xh_data), xl_valid = xl.offer(r, xl_data);
    std::vector<uint64_t> wh_data(NW), wl_data(NW);
    std::vector<bool> wh_valid(NW), wl_valid(NW);
    for (size_t p = 0; p < NW; ++p) {
      wh_valid[p] = wh[p].offer(r, wh_data[p]);
      if (has_wl) wl_valid[p] = wl[p].offer(r, wl_data[p]);
    }
    // The composed model: readies are ANDed, the shared valids and the result ready gated by them.
    bool tile_all = true, xh_all = true, xl_all = true, y_all = true;
    for (const auto& m : models) {
      const auto o = m.outputs({});
      tile_all = tile_all && o.tile_ready;
      xh_all = xh_all && o.xh_ready;
      xl_all = xl_all && o.xl_ready;
      y_all = y_all && o.y_valid;
    }
    std::vector<gp::PeaCycleModel::In> ins(P);
    std::vector<int64_t> rowsum_lanes, y_want, wh_n_lanes, whd_lanes, wld_lanes;
    std::vector<bool> wh_ready, wl_ready;
    for (size_t p = 0; p < P; ++p) {
      auto& in = ins[p];
      in.tile_valid = tile_on && tile_all;
      in.k = K;
      in.xh_n = static_cast<int>(xh.words.size());
      in.t = tiles[0].t;
      in.r = gp::frequent_ho(tiles[0].z, tiles[0].t);
      for (size_t n = p * L; n < p * L + L; ++n) {  // PEA p's weight lanes
        gp::PeaCycleModel::WLaneIn w;
        w.wh_n = static_cast<int>(wh[n].words.size());
        w.rowsum = tiles[n].rowsum;
        w.wh_valid = wh_valid[n];
        w.wh_data = wh_data[n];
        if (has_wl) {
          w.wl_valid = wl_valid[n];
          for (int j = 0; j < sh.k_w; ++j) w.wl_data.push_back((wl_data[n] >> (j * 4 * v)) & ((uint64_t{1} << (4 * v)) - 1));
        }
        rowsum_lanes.insert(rowsum_lanes.end(), w.rowsum.begin(), w.rowsum.end());
        wh_n_lanes.push_back(w.wh_n);
        whd_lanes.push_back(static_cast<int64_t>(mask(wh_data[n], hb)));
        wld_lanes.push_back(static_cast<int64_t>(wl_data[n]));  // pack_lanes keeps the low 4v k_w bits
        in.w.push_back(std::move(w));
      }
      in.xh_valid = xh_valid && xh_all;
      in.xh_data = xh_data;
      in.xl_valid = xl_valid && xl_all;
      in.xl_data = xl_data;
      in.y_ready = y_ready && y_all;
      const auto o = models[p].outputs(in);
      wh_ready.insert(wh_ready.end(), o.wh_ready.begin(), o.wh_ready.end());
      wl_ready.insert(wl_ready.end(), o.wl_ready.begin(), o.wl_ready.end());
      for (int64_t e : o.y) y_want.push_back(y_all ? e : 0);
    }
    s.set(tv, tile_on);
    s.set(ki, static_cast<uint64_t>(K));
    s.set_words(whn, pack_lanes(wh_n_lanes, kb));
    s.set(xhn, xh.words.size());
    s.set(ti, static_cast<uint64_t>(ins[0].t));
    s.set(ri, static_cast<uint64_t>(ins[0].r));
    s.set_words(rs, pack_lanes(rowsum_lanes, psw));
    s.set_words(whv, pack_lanes(std::vector<int64_t>(wh_valid.begin(), wh_valid.end()), 1));
    s.set_words(whd, pack_lanes(whd_lanes, hb));
    s.set(xhv, xh_valid);
    s.set(xhd, mask(xh_data, hb));
    s.set(xlv, xl_valid);
    s.set(xld, mask(xl_data, 4 * v));
    if (has_wl) {
      s.set_words(wlv, pack_lanes(std::vector<int64_t>(wl_valid.begin(), wl_valid.end()), 1));
      s.set_words(wld, pack_lanes(wld_lanes, 4 * v * sh.k_w));
    }
    s.set(yr, y_ready);
    s.eval();
    const bool ok = s.expect(tr, tile_all) && s.expect(xhr, xh_all) && s.expect(xlr, xl_all) &&
                    s.expect_lanes(whr, std::vector<int64_t>(wh_ready.begin(), wh_ready.end()), 1, false) &&
                    (!has_wl || s.expect_lanes(wlr, std::vector<int64_t>(wl_ready.begin(), wl_ready.end()), 1, false)) &&
                    s.expect(yv, y_all) && s.expect_lanes(yd, y_want, sh.acc_bits, true);
    if (!ok) {
      s.report().mismatch->context = what;
      return run;
    }
    if (tile_on && tile_all) tile_on = false, tile_done = true;
    if (xh_valid && xh_all) xh.on = false, ++xh.next;
    if (xl_valid && xl_all) xl.on = false, ++xl.next;
    for (size_t p = 0; p < NW; ++p) {
      if (wh_valid[p] && wh_ready[p]) wh[p].on = false, ++wh[p].next;
      if (has_wl && wl_valid[p] && wl_ready[p]) wl[p].on = false, ++wl[p].next;
    }
    if (y_all && y_ready) {
      run.y = y_want;
      run.cycles = s.cycle() - start + 1;
    }
    for (size_t p = 0; p < P; ++p) models[p].clock(ins[p]);
    s.tick();
  }
  for (const auto& m : models) {
    const auto st = m.last_tile();
    run.stats.load_cycles = std::max(run.stats.load_cycles, st.load_cycles);
    run.stats.compute_cycles = std::max(run.stats.compute_cycles, st.compute_cycles);
    run.stats.static_products += st.static_products;
    run.stats.dynamic_products += st.dynamic_products;
    run.stats.dynamic_steps += st.dynamic_steps;
    run.stats.borrowed_products += st.borrowed_products;
    run.stats.dynamic_items += st.dynamic_items;
  }
  return run;
}

// Verifies P PEAs (panacea_pea: P = 1; panacea_core) on `count` random tiles: one X block, P L W row blocks.
void verify_tiles(const gp::PeaShape& sh, size_t P, Sim& s, std::mt19937_64& rng, int count) {
  std::vector<gp::PeaCycleModel> models(P, gp::PeaCycleModel(sh));
  const size_t NW = P * static_cast<size_t>(gp::pea_lanes(sh));
  uint64_t dyn_steps = 0, dyn_items = 0, borrowed = 0, compute_cycles = 0;
  for (int n = 0; n < count && !s.failed(); ++n) {
    const int K = n == 0 ? 1 : 1 + static_cast<int>(rng() % static_cast<uint64_t>(sh.kmax));
    std::vector<Tile> tiles;
    tiles.push_back(random_tile(sh, K, rng));
    for (size_t p = 1; p < NW; ++p) {  // the other weight lanes: their own W, the same X
      Tile t = random_tile(sh, K, rng);
      t.x = tiles[0].x, t.z = tiles[0].z, t.t = tiles[0].t, t.xi = tiles[0].xi;
      tiles.push_back(std::move(t));
    }
    const std::string what = "tile " + std::to_string(n) + " (K " + std::to_string(K) + ", W/X HO sparsity " +
                             std::to_string(tiles[0].sw) + "/" + std::to_string(tiles[0].sx) + "%, t " +
                             std::to_string(tiles[0].t) + ", z " + std::to_string(tiles[0].z) + ")";
    const CoreRun run = run_tile(s, models, sh, tiles, &rng, what);
    if (s.failed()) return;
    const int v = sh.v;
    for (size_t p = 0; p < NW; ++p) {
      const gg::Matrix exact = gg::gemm(tiles[p].w, gp::truncate_acts(tiles[p].x, tiles[p].t), sh.acc_bits);
      for (int i = 0; i < v; ++i) {
        for (int j = 0; j < v; ++j) {
          const int64_t got = run.y[p * size_t(v * v) + size_t(i * v + j)];
          if (got != exact.at(i, j)) {
            s.fail(Mismatch{s.cycle(), "y_data_o weight lane " + std::to_string(p) + " (" + std::to_string(i) + ", " +
                                           std::to_string(j) + ")",
                            std::to_string(exact.at(i, j)), std::to_string(got), what + ": the plain GEMM W . X_t"});
            return;
          }
        }
      }
    }
    dyn_steps += run.stats.dynamic_steps;
    dyn_items += run.stats.dynamic_items;
    borrowed += run.stats.borrowed_products;
    compute_cycles += run.stats.compute_cycles;
  }
  s.report().items = static_cast<size_t>(count);
  s.report().summary = std::to_string(count) + " tiles on " + std::to_string(P) + " PEA(s) of " +
                       std::to_string(NW / P) + " weight lane(s) (K 1.." +
                       std::to_string(sh.kmax) + ", W and X HO vector sparsity 0..100%, every DBS type, zero points "
                       "0..255), random valid gaps per stream and y_ready stalls; every result checked against the "
                       "plain GEMM W . X_t (" + std::to_string(compute_cycles) + " compute cycles, " +
                       std::to_string(dyn_steps) + " dynamic steps of " + std::to_string(dyn_items) + " items, " +
                       std::to_string(borrowed) + " LO x LO products on spare DWOs)";
}

void verify_pea(const Generated& g, Sim& s, std::mt19937_64& rng, int count) { verify_tiles(pea_shape(g), 1, s, rng, count); }

gp::PeaShape core_shape(const Generated& g) { return bf::panacea::core_block().typed(g.cfg).pea(); }
size_t core_peas(const Generated& g) { return static_cast<size_t>(bf::panacea::core_block().typed(g.cfg).peas); }

void verify_core(const Generated& g, Sim& s, std::mt19937_64& rng, int count) {
  verify_tiles(core_shape(g), core_peas(g), s, rng, count);
}

// ------------------------------------------------------------------------------------------------ sim

// The image of a block with every HO vector stored (index 0): the dense bit-slice run of the same core.
gp::OperandImage dense_image(const gp::BlockSlices& b, int rle_bits) {
  gp::OperandImage img = gp::pack(b, rle_bits);
  img.ho_words.clear();
  for (int k = 0; k < b.k; ++k) {
    uint64_t word = 0;
    for (int s2 = 0; s2 < b.v; ++s2) word |= (uint64_t(b.ho[size_t(k * b.v + s2)]) & 15u) << (rle_bits + 4 * s2);
    img.ho_words.push_back(word);
  }
  return img;
}

// bitforge sim of P PEAs (panacea_pea: P = 1; panacea_core) on a whole GEMM.
nlohmann::json sim_tiles(const gp::PeaShape& sh, size_t P, Sim& s, const nlohmann::json& in) {
  const size_t NW = P * static_cast<size_t>(gp::pea_lanes(sh));
  const data::AqsInput c = data::read_aqs_input(in, sh.k_w, "input");
  const int v = sh.v, M = c.w.rows, K = c.w.cols, N = c.x.cols;
  // Pad M to P L v-row blocks with zero rows and N to v columns with z' (compressible), cut K into kmax chunks.
  const int zp = gp::zpm(c.z, c.t);
  const int G = int(NW) * v;  // rows of one row group: every weight lane of every PEA
  const int Mp = (M + G - 1) / G * G, Np = (N + v - 1) / v * v;
  gg::Matrix w(Mp, K), x(K, Np);
  for (int i = 0; i < M; ++i) for (int k = 0; k < K; ++k) w.at(i, k) = c.w.at(i, k);
  for (int k = 0; k < K; ++k) for (int j = 0; j < Np; ++j) x.at(k, j) = j < N ? c.x.at(k, j) : zp;
  std::vector<gp::PeaCycleModel> models(P, gp::PeaCycleModel(sh));
  gg::Matrix y(Mp, Np);
  uint64_t cycles = 0, dense_cycles = 0, static_p = 0, dynamic_p = 0, borrowed_p = 0, items = 0, compute = 0,
           dense_dynamic_p = 0,
           dense_static_p = 0, dense_compute = 0;
  bool ok = true;
  for (int dense = 0; dense < 2 && ok; ++dense) {
    for (int i0 = 0; i0 < Mp && ok; i0 += G) {
      for (int j0 = 0; j0 < Np && ok; j0 += v) {
        for (int k0 = 0; k0 < K && ok; k0 += sh.kmax) {
          const int kc = std::min(sh.kmax, K - k0);
          gg::Matrix xb(kc, v);
          for (int k = 0; k < kc; ++k) for (int j = 0; j < v; ++j) xb.at(k, j) = x.at(k0 + k, j0 + j);
          // The activation block is shared by every weight lane: sliced and packed once.
          const gp::BlockSlices xbs = gp::act_block(xb, c.z, c.t, v, 0);
          const gp::OperandImage xi = dense ? dense_image(xbs, sh.rle_bits) : gp::pack(xbs, sh.rle_bits);
          std::vector<Tile> tiles(NW);
          for (size_t p = 0; p < NW; ++p) {
            Tile& tl = tiles[p];
            tl.w = gg::Matrix(v, kc);
            for (int i = 0; i < v; ++i) for (int k = 0; k < kc; ++k) tl.w.at(i, k) = w.at(i0 + int(p) * v + i, k0 + k);
            tl.x = xb, tl.z = c.z, tl.t = c.t, tl.xi = xi;
            const gp::BlockSlices wb = gp::weight_block(tl.w, sh.k_w, v, 0);
            tl.wi = dense ? dense_image(wb, sh.rle_bits) : gp::pack(wb, sh.rle_bits);
            tl.rowsum = row_sums(tl.w);
          }
          const CoreRun run = run_tile(s, models, sh, tiles, nullptr, "sim tile");
          if (s.failed()) {
            ok = false;
            break;
          }
          (dense ? dense_cycles : cycles) += run.cycles;
          if (dense) {
            dense_static_p += run.stats.static_products;
            dense_dynamic_p += run.stats.dynamic_products;
            dense_compute += run.stats.compute_cycles;
            continue;
          }
          static_p += run.stats.static_products;
          dynamic_p += run.stats.dynamic_products;
          borrowed_p += run.stats.borrowed_products;
          items += run.stats.dynamic_items;
          compute += run.stats.compute_cycles;
          for (size_t p = 0; p < NW; ++p) {
            for (int i = 0; i < v; ++i) {
              for (int j = 0; j < v; ++j) {
                int64_t& e = y.at(i0 + int(p) * v + i, j0 + j);
                e = gg::wrap(e + run.y[p * size_t(v * v) + size_t(i * v + j)], sh.acc_bits);
              }
            }
          }
        }
      }
    }
  }
  gg::Matrix out(M, N);
  for (int i = 0; i < M; ++i) for (int j = 0; j < N; ++j) out.at(i, j) = y.at(i, j);
  const gg::Matrix exact = gg::gemm(c.w, gp::truncate_acts(c.x, c.t), sh.acc_bits);
  const bool match = ok && out == exact;
  gp::Config cfg{sh.k_w, c.t, c.z, v, sh.rle_bits};
  const gp::GemmResult golden = gp::aqs_gemm(w, x, cfg);  // the padded problem, as the core runs it (K unchunked)
  nlohmann::json res;
  res["c"] = data::matrix_json(out);
  res["cycles"] = cycles;
  res["golden"] = match ? "match" : "mismatch";
  if (s.failed()) res["mismatch"] = s.report().failure_text(RunOptions{1, 0, "", "", false});
  const uint64_t vv = uint64_t(v) * uint64_t(v);
  const double s_cap = sh.k_w > 0 ? double(gp::pea_static_step(sh) * sh.k_w) : 1.0;
  res["stats"] = {{"executed_mults", (static_p + dynamic_p) * vv},
                  {"dense_mults", (dense_static_p + dense_dynamic_p) * vv},
                  {"skipped_outer_products_by_w", golden.counters.skipped_by_w},
                  {"skipped_outer_products_by_x", golden.counters.skipped_by_x},
                  {"compensation_mults", golden.counters.comp_mults},
                  {"compensation_adds", golden.counters.comp_adds},
                  {"dense_cycles", dense_cycles},
                  {"cycles_vs_dense", dense_cycles ? double(cycles) / double(dense_cycles) : 0.0},
                  {"compute_cycles", compute},
                  {"dense_compute_cycles", dense_compute},
                  {"compute_cycles_vs_dense", dense_compute ? double(compute) / double(dense_compute) : 0.0},
                  {"borrowed_products", borrowed_p},
                  {"dynamic_items", items},
                  {"dwo_utilization",
                   compute ? double(dynamic_p + borrowed_p) / (double(compute) * double(P) * sh.dwo) : 0.0},
                  {"swo_utilization",
                   compute && sh.k_w > 0 ? double(static_p - borrowed_p) / (double(compute) * double(P) * s_cap) : 0.0},
                  {"tiles", (Mp / G) * (Np / v) * ((K + sh.kmax - 1) / sh.kmax)}};
  return res;
}

nlohmann::json sim_core(const Generated& g, Sim& s, const nlohmann::json& in) {
  return sim_tiles(core_shape(g), core_peas(g), s, in);
}

}  // namespace

std::vector<Bench> benches() {
  return {
      {"panacea_opc", 256, verify_opc,
       [](const Generated&, const nlohmann::json&, const std::string& where) {
         throw InputError(where, "", "panacea_opc has no sim input format: use bitforge verify");
       },
       nullptr},
      {"panacea_core", 40, verify_core,
       [](const Generated& g, const nlohmann::json& in, const std::string& where) {
         data::read_aqs_input(in, core_shape(g).k_w, where);
       },
       sim_core},
      {"panacea_pea", 60, verify_pea,
       [](const Generated& g, const nlohmann::json& in, const std::string& where) {
         data::read_aqs_input(in, pea_shape(g).k_w, where);
       },
       [](const Generated& g, Sim& s, const nlohmann::json& in) { return sim_tiles(pea_shape(g), 1, s, in); }},
  };
}

}  // namespace bf::verif::panacea
