#include "panacea/panacea_test_util.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace bf::golden::panacea::panacea_test {

int64_t pow2(int n) { return int64_t{1} << n; }

namespace {

// A weight with HO slice 0 (want_zero) or not, by rejection against the reference slicer.
int64_t gen_weight(std::mt19937_64& rng, int k_w, bool want_zero) {
  std::uniform_int_distribution<int64_t> d(-pow2(3 * k_w + 3), pow2(3 * k_w + 3) - 1);
  for (;;) {
    const int64_t w = d(rng);
    if ((ref_w_ho(w, k_w) == 0) == want_zero) return w;
  }
}

// `count` of `total` flags set, at random positions.
std::vector<bool> pick(std::mt19937_64& rng, size_t total, size_t count) {
  std::vector<bool> f(total, false);
  for (size_t i = 0; i < count; ++i) f[i] = true;
  std::shuffle(f.begin(), f.end(), rng);
  return f;
}

}  // namespace

// ---- independent references ----

// SBR by congruence: each LO slice is the value congruent to the remainder mod 8 in [0, 7] (remainder >= 0) or
// [-8, -1] (remainder < 0); the remainder then becomes (remainder - slice) / 8, exactly.
std::vector<int> ref_sbr(int64_t w, int k_w) {
  std::vector<int> out;
  int64_t r = w;
  for (int j = 0; j < k_w; ++j) {
    int found = 99;
    for (int c = (r >= 0 ? 0 : -8); c <= (r >= 0 ? 7 : -1); ++c)
      if ((r - c) % 8 == 0) found = c;
    out.push_back(found);
    r = (r - found) / 8;
  }
  out.push_back(static_cast<int>(r));
  return out;
}
int ref_w_ho(int64_t w, int k_w) { return ref_sbr(w, k_w).back(); }

int ref_a_ho(int64_t x, int t) { return static_cast<int>(x / pow2(4 + t)); }
int ref_a_lo(int64_t x, int t) { return static_cast<int>((x / pow2(t)) % 16); }
int64_t ref_trunc(int64_t x, int t) { return x - x % pow2(t); }
// r: the HO value of the zero point's bucket (ZPM keeps the bucket).
int ref_r(int z, int t) { return static_cast<int>(z / pow2(4 + t)); }

Matrix ref_truncate(const Matrix& x, int t) {
  Matrix out = x;
  for (int64_t& e : out.v) e = ref_trunc(e, t);
  return out;
}

// Stored flags of a stream of compressed / uncompressed vectors: uncompressed always; a compressed one when it
// is the (m * 2^b)-th of its run of consecutive compressed vectors.
std::vector<bool> ref_stored(const std::vector<bool>& compressed, int b) {
  std::vector<bool> out;
  int in_run = 0;
  for (const bool c : compressed) {
    in_run = c ? in_run + 1 : 0;
    out.push_back(!c || in_run % pow2(b) == 0);
  }
  return out;
}

RefMaps ref_maps(const Matrix& w, const Matrix& x, const Config& c) {
  RefMaps m;
  const int K = w.cols;
  for (int bi = 0; bi < w.rows / c.v; ++bi) {
    std::vector<bool> col(static_cast<size_t>(K));
    for (int k = 0; k < K; ++k) {
      bool comp = true;
      for (int s = 0; s < c.v; ++s) comp = comp && ref_w_ho(w.at(bi * c.v + s, k), c.k_w) == 0;
      col[static_cast<size_t>(k)] = comp;
    }
    m.w_comp.push_back(col);
  }
  for (int bj = 0; bj < x.cols / c.v; ++bj) {
    std::vector<bool> row(static_cast<size_t>(K));
    for (int k = 0; k < K; ++k) {
      bool comp = true;
      for (int s = 0; s < c.v; ++s) comp = comp && ref_a_ho(x.at(k, bj * c.v + s), c.t) == ref_r(c.z, c.t);
      row[static_cast<size_t>(k)] = comp;
    }
    m.x_comp.push_back(row);
  }
  return m;
}

// Counters from the documented rules, per (I, J, k).
Counters ref_counters(const Matrix& w, const Matrix& x, const Config& c) {
  const RefMaps m = ref_maps(w, x, c);
  const uint64_t v = static_cast<uint64_t>(c.v), kw = static_cast<uint64_t>(c.k_w);
  Counters n;
  for (const auto& wc : m.w_comp) {
    const std::vector<bool> ws = ref_stored(wc, c.rle_bits);
    for (const auto& xc : m.x_comp) {
      const std::vector<bool> xs = ref_stored(xc, c.rle_bits);
      uint64_t stored_x = 0;
      for (size_t k = 0; k < ws.size(); ++k) {
        const bool a = ws[k], b = xs[k];
        n.static_products += kw;
        n.dynamic_products += (a ? 1 : 0) + (b ? kw : 0) + (a && b ? 1 : 0);
        n.skipped_by_w += a ? 0 : 2;
        n.skipped_by_x += b ? 0 : (a ? kw + 1 : kw);
        stored_x += b ? 1 : 0;
      }
      n.comp_adds += v * stored_x + v + v * v;
      n.comp_mults += v;
    }
  }
  n.mults = (n.static_products + n.dynamic_products) * v * v;
  return n;
}

// ---- generators ----

// An activation whose HO slice is r (want_r) or not.
int64_t gen_act(std::mt19937_64& rng, int t, int r, bool want_r) {
  std::uniform_int_distribution<int64_t> d(0, 255);
  for (;;) {
    const int64_t x = d(rng);
    if ((ref_a_ho(x, t) == r) == want_r) return x;
  }
}

// W (M x K) with exactly round(sparsity * vectors) compressed HO vectors: compressed vectors take weights with HO
// 0; uncompressed ones take random weights with one random row forced to a nonzero HO.
Matrix gen_w(std::mt19937_64& rng, int M, int K, const Config& c, double sparsity) {
  const size_t vecs = static_cast<size_t>(M / c.v) * static_cast<size_t>(K);
  const std::vector<bool> comp = pick(rng, vecs, static_cast<size_t>(std::lround(sparsity * static_cast<double>(vecs))));
  Matrix w(M, K);
  std::uniform_int_distribution<int64_t> full(-pow2(3 * c.k_w + 3), pow2(3 * c.k_w + 3) - 1);
  std::uniform_int_distribution<int> row(0, c.v - 1);
  for (int bi = 0; bi < M / c.v; ++bi) {
    for (int k = 0; k < K; ++k) {
      const bool cv = comp[static_cast<size_t>(bi) * static_cast<size_t>(K) + static_cast<size_t>(k)];
      for (int s = 0; s < c.v; ++s) w.at(bi * c.v + s, k) = cv ? gen_weight(rng, c.k_w, true) : full(rng);
      if (!cv) w.at(bi * c.v + row(rng), k) = gen_weight(rng, c.k_w, false);
    }
  }
  return w;
}
// X (K x N) likewise: compressed vectors take values with HO r.
Matrix gen_x(std::mt19937_64& rng, int K, int N, const Config& c, double sparsity) {
  const size_t vecs = static_cast<size_t>(N / c.v) * static_cast<size_t>(K);
  const std::vector<bool> comp = pick(rng, vecs, static_cast<size_t>(std::lround(sparsity * static_cast<double>(vecs))));
  const int r = ref_r(c.z, c.t);
  Matrix x(K, N);
  std::uniform_int_distribution<int64_t> full(0, 255);
  std::uniform_int_distribution<int> col(0, c.v - 1);
  for (int bj = 0; bj < N / c.v; ++bj) {
    for (int k = 0; k < K; ++k) {
      const bool cv = comp[static_cast<size_t>(bj) * static_cast<size_t>(K) + static_cast<size_t>(k)];
      for (int s = 0; s < c.v; ++s) x.at(k, bj * c.v + s) = cv ? gen_act(rng, c.t, r, true) : full(rng);
      if (!cv) x.at(k, bj * c.v + col(rng)) = gen_act(rng, c.t, r, false);
    }
  }
  return x;
}

size_t count_true(const std::vector<std::vector<bool>>& m) {
  size_t n = 0;
  for (const auto& row : m) n += static_cast<size_t>(std::count(row.begin(), row.end(), true));
  return n;
}

std::string cfg_name(const Config& c) {
  return "k_w " + std::to_string(c.k_w) + " t " + std::to_string(c.t) + " z " + std::to_string(c.z) + " v " +
         std::to_string(c.v) + " b " + std::to_string(c.rle_bits);
}

Matrix mat(int rows, int cols, std::vector<int64_t> values) {
  Matrix m(rows, cols);
  m.v = std::move(values);
  return m;
}

}  // namespace bf::golden::panacea::panacea_test
