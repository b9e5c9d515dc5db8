#include "data/net_panacea.hpp"

#include "data/gemm_io.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace bf::data {

namespace gg = golden::gemm;
namespace gp = golden::panacea;

namespace {

// The memory images of one K chunk: per W row block and per X column block, which HO vectors are stored, and
// the images' bits.
struct ChunkImages {
  std::vector<std::vector<bool>> w_stored, x_stored;
  uint64_t w_bits = 0, x_bits = 0;
};

uint64_t image_bits(const gp::OperandImage& im) {
  return im.ho_words.size() * uint64_t(im.b + 4 * im.v) + im.lo_words.size() * uint64_t(4 * im.v);
}

gg::Matrix columns(const gg::Matrix& m, int c0, int n) {
  gg::Matrix r(m.rows, n);
  for (int i = 0; i < m.rows; ++i) {
    for (int j = 0; j < n; ++j) r.at(i, j) = m.at(i, c0 + j);
  }
  return r;
}

gg::Matrix rows(const gg::Matrix& m, int r0, int n) {
  gg::Matrix r(n, m.cols);
  std::copy_n(m.v.begin() + ptrdiff_t(r0) * m.cols, size_t(n) * size_t(m.cols), r.v.begin());
  return r;
}

ChunkImages chunk_images(const PanaceaCore& c, const gg::Matrix& w, const gg::Matrix& x, int z, int t) {
  ChunkImages ci;
  for (int i = 0; i < w.rows / c.v; ++i) {
    const gp::OperandImage im = gp::pack(gp::weight_block(w, c.k_w, c.v, i), c.rle_bits);
    ci.w_stored.push_back(gp::stored_vectors(im));
    ci.w_bits += image_bits(im);
  }
  for (int j = 0; j < x.cols / c.v; ++j) {
    const gp::OperandImage im = gp::pack(gp::act_block(x, z, t, c.v, j), c.rle_bits);
    ci.x_stored.push_back(gp::stored_vectors(im));
    ci.x_bits += image_bits(im);
  }
  return ci;
}

// Tiles of one chunk of kc: per (row group, column block), kc + 3 + C.
uint64_t chunk_cycles(const PanaceaCore& c, const ChunkImages& ci, int kc) {
  const int s = c.k_w > 0 ? c.swo / c.k_w : 0;
  const uint64_t stat = s > 0 ? uint64_t((kc + s - 1) / s) : 0;
  uint64_t cycles = 0;
  for (size_t g = 0; g < ci.w_stored.size(); g += size_t(c.peas)) {
    for (const auto& xs : ci.x_stored) {
      uint64_t busiest = 0;
      for (size_t p = g; p < g + size_t(c.peas); ++p) {
        uint64_t dn = 0;
        for (int k = 0; k < kc; ++k) dn += ci.w_stored[p][size_t(k)] || (c.k_w > 0 && xs[size_t(k)]);
        busiest = std::max(busiest, std::max(stat, dn));
      }
      cycles += uint64_t(kc) + 3 + busiest + 1;
    }
  }
  return cycles;
}

// W padded with zero rows to a multiple of `rows_to`, X with columns of `fill` to a multiple of v.
void pad(gg::Matrix& w, gg::Matrix& x, int rows_to, int v, int64_t fill) {
  gg::Matrix wp((w.rows + rows_to - 1) / rows_to * rows_to, w.cols);
  std::copy(w.v.begin(), w.v.end(), wp.v.begin());
  gg::Matrix xp(x.rows, (x.cols + v - 1) / v * v);
  for (int k = 0; k < x.rows; ++k) {
    for (int j = 0; j < xp.cols; ++j) xp.at(k, j) = j < x.cols ? x.at(k, j) : fill;
  }
  w = std::move(wp);
  x = std::move(xp);
}

struct Traffic {
  uint64_t cycles = 0, tiles = 0, w_bits = 0, x_bits = 0, mults = 0;
};

// 4b x 4b products the core executes on one chunk: per (row block, column block, k), k_w LO x LO outer products,
// one HO_w x LO_x when the W vector is stored, k_w LO_w x HO_x when the X vector is, and HO_w x HO_x when both
// are (aqs_gemm's Counters rule, on the chunk's own memory images); v x v products each.
uint64_t chunk_mults(const PanaceaCore& c, const ChunkImages& ci, int kc) {
  uint64_t products = 0;
  for (const auto& ws : ci.w_stored) {
    for (const auto& xs : ci.x_stored) {
      for (int k = 0; k < kc; ++k) {
        const bool w = ws[size_t(k)], x = xs[size_t(k)];
        products += uint64_t(c.k_w) + (w ? 1 : 0) + (x ? uint64_t(c.k_w) : 0) + (w && x ? 1 : 0);
      }
    }
  }
  return products * uint64_t(c.v) * uint64_t(c.v);
}

// Every chunk's images: cycles (when asked) and bits.
Traffic walk_chunks(const PanaceaCore& c, const gg::Matrix& w, const gg::Matrix& x, int z, int t, bool cycles) {
  Traffic tr;
  for (int k0 = 0; k0 < w.cols; k0 += c.kmax) {
    const int kc = std::min(c.kmax, w.cols - k0);
    const ChunkImages ci = chunk_images(c, columns(w, k0, kc), rows(x, k0, kc), z, t);
    tr.w_bits += ci.w_bits;
    tr.x_bits += ci.x_bits;
    tr.tiles += (ci.w_stored.size() / size_t(c.peas)) * ci.x_stored.size();
    tr.mults += chunk_mults(c, ci, kc);
    if (cycles) tr.cycles += chunk_cycles(c, ci, kc);
  }
  return tr;
}

// The core's first tile row: W's first P v rows (padded), X's first v columns, run alone ("run": "aqs").
SpotTile spot_tile(const PanaceaCore& c, const gg::Matrix& w, const gg::Matrix& x, const gg::Matrix& y, int z, int t) {
  const int rows = c.peas * c.v;
  const gg::Matrix tw = corner(w, rows, w.cols), tx = corner(x, x.rows, c.v);
  SpotTile s;
  s.input = {{"w", matrix_json(tw)}, {"x", matrix_json(tx)}, {"zero_point", z}, {"dbs_type", t + 1}, {"run", "aqs"}};
  s.c = corner(y, rows, c.v);
  s.cycles = panacea_cycles(c, tw, tx, z, t);
  return s;
}

// Weights: W = kernel^T (Cout x K), symmetric per output channel, codes in [-63, 63] (k_w = 1).
struct WeightCodes {
  gg::Matrix w;
  std::vector<double> scale;
};
WeightCodes panacea_weights(const Conv& k, int kk) {
  constexpr int wmax = 63;
  WeightCodes q{gg::Matrix(k.cout, kk), std::vector<double>(size_t(k.cout), 1)};
  for (int co = 0; co < k.cout; ++co) {
    const std::vector<double> col = k.column(co);
    double hi = 0;
    for (double v : col) hi = std::max(hi, std::abs(v));
    if (hi > 0) q.scale[size_t(co)] = hi / wmax;
    for (int i = 0; i < kk; ++i) {
      q.w.at(co, i) = std::clamp<int64_t>(std::llround(col[size_t(i)] / q.scale[size_t(co)]), -wmax, wmax);
    }
  }
  return q;
}

// Activations, asymmetric 8-bit per tensor. The calibration's first zero point z comes from the range (0 in it);
// for each DBS type t, ZPM gives z' = zpm(z, t) and the scale is fitted again around z' so that the range still
// fits (shifting the codes by z' - z instead, apply_zpm's saturating rule, clips the top of a post-ReLU tensor:
// esrgan-medium x2 on coffee.png fell from 33.7 to 24.5 dB against float); t is the first type whose final codes
// have at least 90% of their HO slices equal to r = z' >> (4 + t) (dbs_classify's in_range on those codes), else
// the one with the most.
struct ActCodes {
  double scale = 1;
  int t = 0, z = 0;  // the DBS type (0-based), the zero point after ZPM
  int64_t code(double v) const { return std::clamp<int64_t>(std::llround(v / scale) + z, 0, 255); }
};
ActCodes panacea_acts(const std::vector<double>& v) {
  const auto [lo_it, hi_it] = std::minmax_element(v.begin(), v.end());
  const double lo = std::min(0.0, *lo_it), hi = std::max(0.0, *hi_it);
  const double s = hi > lo ? (hi - lo) / 255 : 1;
  const int z = static_cast<int>(std::clamp<int64_t>(std::llround(-lo / s), 0, 255));
  ActCodes best;
  double best_fraction = -1;
  for (int t = 0; t <= 2; ++t) {
    ActCodes a{std::max({hi / (255 - gp::zpm(z, t)), -lo / gp::zpm(z, t), 1e-30}), t, gp::zpm(z, t)};
    std::vector<uint64_t> hist(256, 0);
    for (double x : v) ++hist[size_t(a.code(x))];
    const double f = gp::dbs_classify(hist, a.z, 0.9).fraction[size_t(t)];
    if (f >= 0.9) return a;
    if (f > best_fraction) {
      best = a;
      best_fraction = f;
    }
  }
  return best;
}

}  // namespace

uint64_t panacea_cycles(const PanaceaCore& c, const gg::Matrix& w, const gg::Matrix& x, int z, int t) {
  gg::Matrix wp = w, xp = x;
  pad(wp, xp, c.peas * c.v, c.v, gp::zpm(z, t));
  return walk_chunks(c, wp, xp, z, t, true).cycles;
}

PanaceaLayer run_panacea(const PanaceaCore& c, const Conv& k, const FeatureMap& in, const Patches& p, bool cycles) {
  PanaceaLayer r;
  const int m = p.out_h * p.out_w;
  WeightCodes wq = panacea_weights(k, p.k);
  const ActCodes aq = panacea_acts(in.v);
  r.t = aq.t;
  r.z = aq.z;
  gg::Matrix x(p.k, m);
  for (int j = 0; j < m; ++j) {
    for (int i = 0; i < p.k; ++i) x.at(i, j) = aq.code(p.v[size_t(j) * size_t(p.k) + size_t(i)]);
  }
  gg::Matrix& w = wq.w;
  pad(w, x, c.peas * c.v, c.v, r.z);
  const gg::Matrix y = gp::aqs_gemm(w, x, gp::Config{c.k_w, r.t, r.z, c.v, c.rle_bits}).y;
  const Traffic tr = walk_chunks(c, w, x, r.z, r.t, cycles);
  r.cycles = tr.cycles;
  r.tiles = tr.tiles;
  r.mults = tr.mults;
  if (cycles) r.spot = spot_tile(c, w, x, y, r.z, r.t);
  // Per stored value (the padding rows and columns included: their slices are stored too).
  r.weight_bits = double(tr.w_bits) / (double(w.rows) * double(w.cols));
  r.act_bits = double(tr.x_bits) / (double(x.rows) * double(x.cols));
  // y = W . X_t; x_t is x' with its t low bits cleared, so x' - z' ~ x_t + (2^t - 1) / 2 - z' (the truncation's
  // mean); the rowsum term is offline (folded into the bias).
  const double offset = r.z - (std::ldexp(1.0, r.t) - 1) / 2;
  r.out = FeatureMap(p.out_h, p.out_w, k.cout);
  for (int co = 0; co < k.cout; ++co) {
    double rowsum = 0;
    for (int i = 0; i < p.k; ++i) rowsum += double(w.at(co, i));
    for (int j = 0; j < m; ++j) {
      const double v = (double(y.at(co, j)) - offset * rowsum) * aq.scale * wq.scale[size_t(co)] + k.bias[size_t(co)];
      r.out.v[size_t(j) * size_t(k.cout) + size_t(co)] = k.relu ? std::max(0.0, v) : v;
    }
  }
  return r;
}

}  // namespace bf::data
