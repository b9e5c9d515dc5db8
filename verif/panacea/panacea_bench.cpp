// Test benches of panacea_pea and panacea_core (panacea_opc's is in panacea_opc_bench.cpp): tiles built from golden
// memory images with HO vector sparsity swept for both operands, every DBS type and zero points across the range,
// every port compared every cycle with PeaCycleModel and every result with the plain GEMM W . X_t.
#include "panacea/panacea_bench.hpp"

#include <algorithm>

#include "base/errors.hpp"
#include "base/json_io.hpp"
#include "gemm/gemm.hpp"
#include "gemm/gemm_bench.hpp"
#include "harness/lanes.hpp"
#include "harness/stream.hpp"
#include "panacea/panacea.hpp"
#include "panacea/panacea_blocks.hpp"
#include "panacea/pea.hpp"

namespace bf::verif::panacea {

namespace {

namespace gp = bf::golden::panacea;
namespace gg = bf::golden::gemm;

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


// The ports of panacea_pea and panacea_core (the W LO streams wl_* only when k_w > 0).
struct PeaPorts {
  size_t tile_valid_i, tile_ready_o, k_i, wh_n_i, xh_n_i, t_i, r_i, rowsum_i, wh_valid_i, wh_data_i, wh_ready_o,
      xh_valid_i, xh_data_i, xh_ready_o, xl_valid_i, xl_data_i, xl_ready_o, y_valid_o, y_data_o, y_ready_i;
  std::optional<size_t> wl_valid_i, wl_data_i, wl_ready_o;
  PeaPorts(const Sim& s, bool has_wl)
      : tile_valid_i(s.port("tile_valid_i")), tile_ready_o(s.port("tile_ready_o")), k_i(s.port("k_i")),
        wh_n_i(s.port("wh_n_i")), xh_n_i(s.port("xh_n_i")), t_i(s.port("t_i")), r_i(s.port("r_i")),
        rowsum_i(s.port("rowsum_i")), wh_valid_i(s.port("wh_valid_i")), wh_data_i(s.port("wh_data_i")),
        wh_ready_o(s.port("wh_ready_o")), xh_valid_i(s.port("xh_valid_i")), xh_data_i(s.port("xh_data_i")),
        xh_ready_o(s.port("xh_ready_o")), xl_valid_i(s.port("xl_valid_i")), xl_data_i(s.port("xl_data_i")),
        xl_ready_o(s.port("xl_ready_o")), y_valid_o(s.port("y_valid_o")), y_data_o(s.port("y_data_o")),
        y_ready_i(s.port("y_ready_i")) {
    if (!has_wl) return;
    wl_valid_i = s.port("wl_valid_i");
    wl_data_i = s.port("wl_data_i");
    wl_ready_o = s.port("wl_ready_o");
  }
};

// A stream of words: its source (valid held until taken) and the word it drives, noise while idle.
struct WordStream {
  std::vector<uint64_t> words;
  Source src;
  WordStream(Watchdog& dog, std::vector<uint64_t> w) : words(std::move(w)), src(dog, words.size()) {}
  bool offer(std::mt19937_64& rng, uint64_t& data) {
    const bool valid = src.offer(&rng);
    data = valid ? words[src.next()] : rng();
    return valid;
  }
};

// The streams of one tile on P PEAs of L weight lanes: the tile fields (one beat), the shared X HO and LO words,
// each weight lane's W HO words and W LO beats (one per k: the k_w LO words, plane j at [j*4v +: 4v]), and Y.
struct TileStreams {
  Source tile;
  WordStream xh, xl;
  std::vector<WordStream> wh, wl;
  Sink y;

  TileStreams(Watchdog& dog, const gp::PeaShape& sh, const std::vector<Tile>& tiles)
      : tile(dog, 1), xh(dog, tiles[0].xi.ho_words), xl(dog, tiles[0].xi.lo_words), y(dog) {
    const int K = tiles[0].x.rows;
    for (const Tile& t : tiles) {
      wh.emplace_back(dog, t.wi.ho_words);
      std::vector<uint64_t> beats;
      for (int k = 0; k < K && sh.k_w > 0; ++k) {
        uint64_t beat = 0;
        for (int j = 0; j < sh.k_w; ++j) beat |= t.wi.lo_words[size_t(k * sh.k_w + j)] << (j * 4 * sh.v);
        beats.push_back(beat);
      }
      wl.emplace_back(dog, std::move(beats));
    }
  }

  // Random rates: each operand stream at full speed one time in three, else at a random level; Y and the tile too.
  void random_rates(std::mt19937_64& rng) {
    auto rate = [&] { return rng() % 3 == 0 ? Stalls(1.0) : random_stalls(rng); };
    for (auto* w : {&xh, &xl}) w->src.set_stalls(rate());
    for (size_t p = 0; p < wh.size(); ++p) {
      wh[p].src.set_stalls(rate());
      wl[p].src.set_stalls(rate());
    }
    y.set_stalls(random_stalls(rng));
    tile.set_stalls(random_stalls(rng));
  }
};

// One cycle of a tile: what the bench offers on every stream, and what the composed PEA models answer.
struct TileCycle {
  // Offered.
  bool tile_valid = false, y_ready = false, xh_valid = false, xl_valid = false;
  uint64_t xh_data = 0, xl_data = 0;
  std::vector<bool> wh_valid, wl_valid;
  std::vector<uint64_t> wh_data, wl_data;
  // The models' inputs and the core's expected outputs: readies are ANDed over the PEAs, the shared valids and
  // the result ready gated by them.
  std::vector<gp::PeaCycleModel::In> ins;
  bool tile_all = true, xh_all = true, xl_all = true, y_all = true;
  std::vector<bool> wh_ready, wl_ready;
  std::vector<int64_t> rowsum_lanes, y_want, wh_n_lanes, whd_lanes, wld_lanes;
};

// This cycle's offers, drawn in a fixed order: tile, Y ready, X HO, X LO, then each weight lane's W HO and W LO.
TileCycle offer_cycle(TileStreams& st, bool has_wl, std::mt19937_64& r) {
  const size_t NW = st.wh.size();
  TileCycle c;
  c.tile_valid = st.tile.offer(&r);
  c.y_ready = st.y.ready(&r);
  c.xh_valid = st.xh.offer(r, c.xh_data);
  c.xl_valid = st.xl.offer(r, c.xl_data);
  c.wh_data.assign(NW, 0), c.wl_data.assign(NW, 0), c.wh_valid.assign(NW, false), c.wl_valid.assign(NW, false);
  for (size_t p = 0; p < NW; ++p) {
    uint64_t data = 0;
    c.wh_valid[p] = st.wh[p].offer(r, data);
    c.wh_data[p] = data;
    if (has_wl) {
      c.wl_valid[p] = st.wl[p].offer(r, data);
      c.wl_data[p] = data;
    }
  }
  return c;
}

uint64_t low_bits(uint64_t x, int bits) { return bits >= 64 ? x : x & ((uint64_t{1} << bits) - 1); }

// The inputs of every PEA model for this cycle and the core's expected outputs (P PEAs of L weight lanes).
void compose(const std::vector<gp::PeaCycleModel>& models, const gp::PeaShape& sh, const std::vector<Tile>& tiles,
             const TileStreams& st, TileCycle& c) {
  const size_t P = models.size(), L = static_cast<size_t>(gp::pea_lanes(sh));
  const int v = sh.v, hb = sh.rle_bits + 4 * v;
  for (const auto& m : models) {
    const auto o = m.outputs({});
    c.tile_all = c.tile_all && o.tile_ready;
    c.xh_all = c.xh_all && o.xh_ready;
    c.xl_all = c.xl_all && o.xl_ready;
    c.y_all = c.y_all && o.y_valid;
  }
  c.ins.assign(P, {});
  for (size_t p = 0; p < P; ++p) {
    auto& in = c.ins[p];
    in.tile_valid = c.tile_valid && c.tile_all;
    in.k = tiles[0].x.rows;
    in.xh_n = static_cast<int>(st.xh.words.size());
    in.t = tiles[0].t;
    in.r = gp::frequent_ho(tiles[0].z, tiles[0].t);
    for (size_t n = p * L; n < p * L + L; ++n) {  // PEA p's weight lanes
      gp::PeaCycleModel::WLaneIn w;
      w.wh_n = static_cast<int>(st.wh[n].words.size());
      w.rowsum = tiles[n].rowsum;
      w.wh_valid = c.wh_valid[n];
      w.wh_data = c.wh_data[n];
      if (sh.k_w > 0) {
        w.wl_valid = c.wl_valid[n];
        for (int j = 0; j < sh.k_w; ++j) w.wl_data.push_back((c.wl_data[n] >> (j * 4 * v)) & ((uint64_t{1} << (4 * v)) - 1));
      }
      c.rowsum_lanes.insert(c.rowsum_lanes.end(), w.rowsum.begin(), w.rowsum.end());
      c.wh_n_lanes.push_back(w.wh_n);
      c.whd_lanes.push_back(static_cast<int64_t>(low_bits(c.wh_data[n], hb)));
      c.wld_lanes.push_back(static_cast<int64_t>(c.wl_data[n]));  // pack_lanes keeps the low 4v k_w bits
      in.w.push_back(std::move(w));
    }
    in.xh_valid = c.xh_valid && c.xh_all;
    in.xh_data = c.xh_data;
    in.xl_valid = c.xl_valid && c.xl_all;
    in.xl_data = c.xl_data;
    in.y_ready = c.y_ready && c.y_all;
    const auto o = models[p].outputs(in);
    c.wh_ready.insert(c.wh_ready.end(), o.wh_ready.begin(), o.wh_ready.end());
    c.wl_ready.insert(c.wl_ready.end(), o.wl_ready.begin(), o.wl_ready.end());
    for (int64_t e : o.y) c.y_want.push_back(c.y_all ? e : 0);
  }
}

// Drives the cycle's inputs, evaluates and compares every output with the composed models; false on a mismatch.
bool drive_and_check(Sim& s, const PeaPorts& ports, const gp::PeaShape& sh, const TileCycle& c) {
  const int v = sh.v, hb = sh.rle_bits + 4 * v;
  auto lanes = [](const std::vector<bool>& b) { return std::vector<int64_t>(b.begin(), b.end()); };
  s.set(ports.tile_valid_i, c.tile_valid);
  s.set(ports.k_i, static_cast<uint64_t>(c.ins[0].k));
  s.set_words(ports.wh_n_i, pack_lanes(c.wh_n_lanes, gp::pea_kw_bits(sh)));
  s.set(ports.xh_n_i, static_cast<uint64_t>(c.ins[0].xh_n));
  s.set(ports.t_i, static_cast<uint64_t>(c.ins[0].t));
  s.set(ports.r_i, static_cast<uint64_t>(c.ins[0].r));
  s.set_words(ports.rowsum_i, pack_lanes(c.rowsum_lanes, gp::pea_psw(sh)));
  s.set_words(ports.wh_valid_i, pack_lanes(lanes(c.wh_valid), 1));
  s.set_words(ports.wh_data_i, pack_lanes(c.whd_lanes, hb));
  s.set(ports.xh_valid_i, c.xh_valid);
  s.set(ports.xh_data_i, low_bits(c.xh_data, hb));
  s.set(ports.xl_valid_i, c.xl_valid);
  s.set(ports.xl_data_i, low_bits(c.xl_data, 4 * v));
  if (ports.wl_valid_i) {
    s.set_words(*ports.wl_valid_i, pack_lanes(lanes(c.wl_valid), 1));
    s.set_words(*ports.wl_data_i, pack_lanes(c.wld_lanes, 4 * v * sh.k_w));
  }
  s.set(ports.y_ready_i, c.y_ready);
  s.eval();
  return s.expect(ports.tile_ready_o, c.tile_all) && s.expect(ports.xh_ready_o, c.xh_all) &&
         s.expect(ports.xl_ready_o, c.xl_all) && s.expect_lanes(ports.wh_ready_o, lanes(c.wh_ready), 1, false) &&
         (!ports.wl_ready_o || s.expect_lanes(*ports.wl_ready_o, lanes(c.wl_ready), 1, false)) &&
         s.expect(ports.y_valid_o, c.y_all) && s.expect_lanes(ports.y_data_o, c.y_want, sh.acc_bits, true);
}

// The beats that moved this cycle (valid and ready).
void handshake(TileStreams& st, const TileCycle& c, bool has_wl) {
  st.tile.handshake(c.tile_all);
  st.xh.src.handshake(c.xh_all);
  st.xl.src.handshake(c.xl_all);
  for (size_t p = 0; p < st.wh.size(); ++p) {
    st.wh[p].src.handshake(c.wh_ready[p]);
    if (has_wl) st.wl[p].src.handshake(c.wl_ready[p]);
  }
}

// The tile's figures summed over the PEAs (cycle counts: the slowest PEA's).
gp::PeaCycleModel::TileStats tile_stats(const std::vector<gp::PeaCycleModel>& models) {
  gp::PeaCycleModel::TileStats sum;
  for (const auto& m : models) {
    const auto st = m.last_tile();
    sum.load_cycles = std::max(sum.load_cycles, st.load_cycles);
    sum.compute_cycles = std::max(sum.compute_cycles, st.compute_cycles);
    sum.static_products += st.static_products;
    sum.dynamic_products += st.dynamic_products;
    sum.dynamic_steps += st.dynamic_steps;
    sum.borrowed_products += st.borrowed_products;
    sum.dynamic_items += st.dynamic_items;
  }
  return sum;
}

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
  const size_t P = models.size();
  const bool has_wl = sh.k_w > 0;
  const int K = tiles[0].x.rows;
  const PeaPorts ports(s, has_wl);
  // The streams are still while the PEAs compute: at most about 80 cycles per k (the old budget of a whole tile).
  Watchdog dog(s, 300 + 80 * uint64_t(K));
  TileStreams st(dog, sh, tiles);
  if (rng) st.random_rates(*rng);
  std::mt19937_64 noise(P * 7919u + static_cast<uint64_t>(K));
  std::mt19937_64& r = rng ? *rng : noise;  // without rng the stall draws (always 1.0) and the noise come from here
  CoreRun run;
  const uint64_t start = s.cycle();
  while (run.y.empty() && !s.failed()) {
    if (dog.stuck("y_valid_o", "the tile's result", [&] { return what; })) return run;
    TileCycle c = offer_cycle(st, has_wl, r);
    compose(models, sh, tiles, st, c);
    if (!drive_and_check(s, ports, sh, c)) {
      s.report().mismatch->context = what;
      return run;
    }
    handshake(st, c, has_wl);
    if (st.y.take(c.y_all)) {
      run.y = c.y_want;
      run.cycles = s.cycle() - start + 1;
    }
    for (size_t p = 0; p < P; ++p) models[p].clock(c.ins[p]);
    s.tick();
  }
  run.stats = tile_stats(models);
  return run;
}

// `ppa`'s operation for the PEA and the core: one bit-slice product (4b x 4b, or the LO x LO ones) the OPCs
// execute; a step of a static or dynamic operator is v x v of them.
void count_products(Sim& s, uint64_t steps, int v) {
  s.report().ops = steps * static_cast<uint64_t>(v) * static_cast<uint64_t>(v);
  s.report().op = "bit-slice product (4b x 4b) executed by the OPCs";
}

// Verifies P PEAs (panacea_pea: P = 1; panacea_core) on `count` random tiles: one X block, P L W row blocks.
void verify_tiles(const gp::PeaShape& sh, size_t P, Sim& s, std::mt19937_64& rng, int count) {
  std::vector<gp::PeaCycleModel> models(P, gp::PeaCycleModel(sh));
  const size_t NW = P * static_cast<size_t>(gp::pea_lanes(sh));
  uint64_t dyn_steps = 0, dyn_items = 0, borrowed = 0, compute_cycles = 0, product_steps = 0;
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
    product_steps += run.stats.static_products + run.stats.dynamic_products;
  }
  s.report().items = static_cast<size_t>(count);
  count_products(s, product_steps, sh.v);
  s.report().summary = std::to_string(count) + " tiles on " + std::to_string(P) + " PEA(s) of " +
                       std::to_string(NW / P) + " weight lane(s) (K 1.." +
                       std::to_string(sh.kmax) + ", W and X HO vector sparsity 0..100%, every DBS type, zero points "
                       "0..255), random valid gaps per stream and y_ready stalls; every result checked against the "
                       "plain GEMM W . X_t (" + std::to_string(compute_cycles) + " compute cycles, " +
                       std::to_string(dyn_steps) + " dynamic steps of " + std::to_string(dyn_items) + " items, " +
                       std::to_string(borrowed) + " LO x LO products on spare DWOs)";
}

void verify_pea(const gp::PeaShape& sh, Sim& s, std::mt19937_64& rng, int count) { verify_tiles(sh, 1, s, rng, count); }


void verify_core(const bf::panacea::CoreParams& p, Sim& s, std::mt19937_64& rng, int count) {
  verify_tiles(p.pea(), static_cast<size_t>(p.peas), s, rng, count);
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

// The tiles of the block of the padded GEMM (w, x) at rows i0 (a row group: v rows per weight lane), columns j0 and
// k0 .. k0 + kc; dense: every HO vector stored, as a dense bit-slice run would.
std::vector<Tile> block_tiles(const gp::PeaShape& sh, size_t NW, const data::AqsInput& c, const gg::Matrix& w,
                              const gg::Matrix& x, int i0, int j0, int k0, int kc, bool dense) {
  const int v = sh.v;
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
  return tiles;
}

// The figures of a sim run: the run with compressed images, and the dense run of the same core.
struct SimFigures {
  uint64_t cycles = 0, static_p = 0, dynamic_p = 0, borrowed_p = 0, items = 0, compute = 0;
  uint64_t dense_cycles = 0, dense_static_p = 0, dense_dynamic_p = 0, dense_compute = 0;

  void add(const CoreRun& run, bool dense) {
    (dense ? dense_cycles : cycles) += run.cycles;
    if (dense) {
      dense_static_p += run.stats.static_products;
      dense_dynamic_p += run.stats.dynamic_products;
      dense_compute += run.stats.compute_cycles;
      return;
    }
    static_p += run.stats.static_products;
    dynamic_p += run.stats.dynamic_products;
    borrowed_p += run.stats.borrowed_products;
    items += run.stats.dynamic_items;
    compute += run.stats.compute_cycles;
  }
};

nlohmann::json sim_stats(const gp::PeaShape& sh, size_t P, const SimFigures& f, const gp::GemmResult& golden,
                         int tiles) {
  const uint64_t vv = uint64_t(sh.v) * uint64_t(sh.v);
  const double s_cap = sh.k_w > 0 ? double(gp::pea_static_step(sh) * sh.k_w) : 1.0;
  return {{"executed_mults", (f.static_p + f.dynamic_p) * vv},
          {"dense_mults", (f.dense_static_p + f.dense_dynamic_p) * vv},
          {"skipped_outer_products_by_w", golden.counters.skipped_by_w},
          {"skipped_outer_products_by_x", golden.counters.skipped_by_x},
          {"compensation_mults", golden.counters.comp_mults},
          {"compensation_adds", golden.counters.comp_adds},
          {"dense_cycles", f.dense_cycles},
          {"cycles_vs_dense", f.dense_cycles ? double(f.cycles) / double(f.dense_cycles) : 0.0},
          {"compute_cycles", f.compute},
          {"dense_compute_cycles", f.dense_compute},
          {"compute_cycles_vs_dense", f.dense_compute ? double(f.compute) / double(f.dense_compute) : 0.0},
          {"borrowed_products", f.borrowed_p},
          {"dynamic_items", f.items},
          {"dwo_utilization",
           f.compute ? double(f.dynamic_p + f.borrowed_p) / (double(f.compute) * double(P) * sh.dwo) : 0.0},
          {"swo_utilization", f.compute && sh.k_w > 0
                                  ? double(f.static_p - f.borrowed_p) / (double(f.compute) * double(P) * s_cap)
                                  : 0.0},
          {"tiles", tiles}};
}

// The sim input: read_aqs_input's members plus "run": "both" (default: the AQS run, then the dense reference run
// for the figures), "aqs" or "dense" (only that run: what `ppa` measures the energy of).
struct PanaceaSimInput {
  data::AqsInput aqs;
  bool aqs_run = true, dense_run = true;
};

PanaceaSimInput read_sim_input(const nlohmann::json& in, int k_w, const std::string& where) {
  PanaceaSimInput r{data::read_aqs_input(in, k_w, where, {"run"}), true, true};
  if (!in.contains("run")) return r;
  const nlohmann::json& run = in["run"];
  if (!run.is_string() || (run != "both" && run != "aqs" && run != "dense")) {
    throw InputError(where, "/run", "must be \"both\", \"aqs\" or \"dense\", got " + run.dump());
  }
  r.aqs_run = run != "dense";
  r.dense_run = run != "aqs";
  return r;
}

// bitforge sim of P PEAs (panacea_pea: P = 1; panacea_core) on a whole GEMM.
nlohmann::json sim_tiles(const gp::PeaShape& sh, size_t P, Sim& s, const nlohmann::json& in) {
  const size_t NW = P * static_cast<size_t>(gp::pea_lanes(sh));
  const PanaceaSimInput run_in = read_sim_input(in, sh.k_w, "input");
  const data::AqsInput& c = run_in.aqs;
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
  SimFigures fig;
  bool ok = true;
  for (int dense = 0; dense < 2 && ok; ++dense) {
    if (!(dense ? run_in.dense_run : run_in.aqs_run)) continue;
    const bool keep_y = dense ? !run_in.aqs_run : true;  // the output comes from the first run made
    for (int i0 = 0; i0 < Mp && ok; i0 += G) {
      for (int j0 = 0; j0 < Np && ok; j0 += v) {
        for (int k0 = 0; k0 < K && ok; k0 += sh.kmax) {
          const int kc = std::min(sh.kmax, K - k0);
          const std::vector<Tile> tiles = block_tiles(sh, NW, c, w, x, i0, j0, k0, kc, dense != 0);
          const CoreRun run = run_tile(s, models, sh, tiles, nullptr, "sim tile");
          if (s.failed()) {
            ok = false;
            break;
          }
          fig.add(run, dense != 0);
          if (!keep_y) continue;
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
  res["cycles"] = run_in.aqs_run ? fig.cycles : fig.dense_cycles;  // the run whose output this is
  res["golden"] = match ? "match" : "mismatch";
  if (s.failed()) res["mismatch"] = s.report().failure_text(user_data_run());
  res["stats"] = sim_stats(sh, P, fig, golden, (Mp / G) * (Np / v) * ((K + sh.kmax - 1) / sh.kmax));
  count_products(s, fig.static_p + fig.dynamic_p + fig.dense_static_p + fig.dense_dynamic_p, v);
  return res;
}

nlohmann::json sim_core(const bf::panacea::CoreParams& p, Sim& s, const nlohmann::json& in) {
  return sim_tiles(p.pea(), static_cast<size_t>(p.peas), s, in);
}

nlohmann::json sim_pea(const gp::PeaShape& sh, Sim& s, const nlohmann::json& in) { return sim_tiles(sh, 1, s, in); }

}  // namespace

std::vector<Bench> benches() {
  using bf::panacea::CoreParams;
  return {
      opc_bench(),
      typed_bench(bf::panacea::core_block(),
                  TypedBench<CoreParams>{
                      .default_count = 40,
                      .verify = verify_core,
                      .check_input = [](const CoreParams& p, const nlohmann::json& in,
                                        const std::string& where) { read_sim_input(in, p.k_w, where); },
                      .sim = sim_core}),
      typed_bench(bf::panacea::pea_block(),
                  TypedBench<gp::PeaShape>{
                      .default_count = 60,
                      .verify = verify_pea,
                      .check_input = [](const gp::PeaShape& sh, const nlohmann::json& in,
                                        const std::string& where) { read_sim_input(in, sh.k_w, where); },
                      .sim = sim_pea}),
  };
}

}  // namespace bf::verif::panacea
