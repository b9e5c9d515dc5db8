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
  uint64_t cycles = 0, tiles = 0, w_bits = 0, x_bits = 0;
};

// Every chunk's images: cycles (when asked) and bits.
Traffic walk_chunks(const PanaceaCore& c, const gg::Matrix& w, const gg::Matrix& x, int z, int t, bool cycles) {
  Traffic tr;
  for (int k0 = 0; k0 < w.cols; k0 += c.kmax) {
    const int kc = std::min(c.kmax, w.cols - k0);
    const ChunkImages ci = chunk_images(c, columns(w, k0, kc), rows(x, k0, kc), z, t);
    tr.w_bits += ci.w_bits;
    tr.x_bits += ci.x_bits;
    tr.tiles += (ci.w_stored.size() / size_t(c.peas)) * ci.x_stored.size();
    if (cycles) tr.cycles += chunk_cycles(c, ci, kc);
  }
  return tr;
}

}  // namespace

namespace {

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

}  // namespace

uint64_t panacea_cycles(const PanaceaCore& c, const gg::Matrix& w, const gg::Matrix& x, int z, int t) {
  gg::Matrix wp = w, xp = x;
  pad(wp, xp, c.peas * c.v, c.v, gp::zpm(z, t));
  return walk_chunks(c, wp, xp, z, t, true).cycles;
}

PanaceaLayer run_panacea(const PanaceaCore& c, const Conv& k, const FeatureMap& in, const Patches& p, bool cycles) {
  PanaceaLayer r;
  const int m = p.out_h * p.out_w, wmax = 63;
  // Weights: W = kernel^T, one scale per output channel.
  gg::Matrix w(k.cout, p.k);
  std::vector<double> w_scale(size_t(k.cout), 1);
  for (int co = 0; co < k.cout; ++co) {
    double hi = 0;
    for (int i = 0; i < p.k; ++i) hi = std::max(hi, std::abs(k.kernel[size_t(i) * size_t(k.cout) + size_t(co)]));
    if (hi > 0) w_scale[size_t(co)] = hi / wmax;
    for (int i = 0; i < p.k; ++i) {
      const double v = k.kernel[size_t(i) * size_t(k.cout) + size_t(co)] / w_scale[size_t(co)];
      w.at(co, i) = std::clamp<int64_t>(std::llround(v), -wmax, wmax);
    }
  }
  // Activations: asymmetric 8-bit over the tensor's range (0 included), DBS type from the histogram, ZPM.
  const auto [lo_it, hi_it] = std::minmax_element(in.v.begin(), in.v.end());
  const double lo = std::min(0.0, *lo_it), hi = std::max(0.0, *hi_it);
  const double s = hi > lo ? (hi - lo) / 255 : 1;
  const int z = static_cast<int>(std::clamp<int64_t>(std::llround(-lo / s), 0, 255));
  auto code = [&](double v) { return static_cast<int>(std::clamp<int64_t>(std::llround(v / s) + z, 0, 255)); };
  std::vector<uint64_t> hist(256, 0);
  for (double v : in.v) ++hist[size_t(code(v))];
  const gp::DbsChoice dbs = gp::dbs_classify(hist, z, 0.9);
  r.t = dbs.t;
  r.z = dbs.z_prime;
  // ZPM moves the zero point during calibration: the scale is fitted again around z' so that [lo, hi] still fits
  // (shifting the codes by z' - z instead clips the top of a post-ReLU tensor: esrgan-medium x2 on coffee.png fell
  // from 33.7 to 24.5 dB against float).
  const double s2 = std::max({hi / (255 - r.z), -lo / r.z, 1e-30});
  gg::Matrix x(p.k, m);
  for (int j = 0; j < m; ++j) {
    for (int i = 0; i < p.k; ++i) {
      x.at(i, j) = std::clamp<int64_t>(std::llround(p.v[size_t(j) * size_t(p.k) + size_t(i)] / s2) + r.z, 0, 255);
    }
  }
  pad(w, x, c.peas * c.v, c.v, r.z);
  const gp::Config cfg{c.k_w, r.t, r.z, c.v, c.rle_bits};
  const gp::GemmResult g = gp::aqs_gemm(w, x, cfg);
  const gg::Matrix& y = g.y;
  r.mults = g.counters.mults;
  const Traffic tr = walk_chunks(c, w, x, r.z, r.t, cycles);
  r.cycles = tr.cycles;
  if (cycles) r.spot = spot_tile(c, w, x, y, r.z, r.t);
  r.tiles = tr.tiles;
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
      const double acc = double(y.at(co, j)) - offset * rowsum;
      const double v = acc * s2 * w_scale[size_t(co)] + k.bias[size_t(co)];
      r.out.v[size_t(j) * size_t(k.cout) + size_t(co)] = k.relu ? std::max(0.0, v) : v;
    }
  }
  return r;
}

}  // namespace bf::data
