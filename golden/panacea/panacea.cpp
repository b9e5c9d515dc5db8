#include "panacea/panacea.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace bf::golden::panacea {

namespace {

[[noreturn]] void fail(const char* what, const std::string& msg) {
  throw std::invalid_argument(std::string("panacea: ") + what + ": " + msg);
}

void check_range(int64_t value, int64_t lo, int64_t hi, const char* what, const char* name) {
  if (value < lo || value > hi)
    fail(what, std::string(name) + " " + std::to_string(value) + " not in [" + std::to_string(lo) + ", " +
                   std::to_string(hi) + "]");
}

void check_kw(int k_w, const char* what) { check_range(k_w, 0, 2, what, "k_w"); }
void check_t(int t, const char* what) { check_range(t, 0, 2, what, "t"); }
void check_x(int64_t x, const char* what) { check_range(x, 0, 255, what, "activation"); }
void check_z(int z, const char* what) { check_range(z, 0, 255, what, "zero point"); }
void check_v(int v, const char* what) { check_range(v, 1, 12, what, "v"); }
void check_b(int b, const char* what) { check_range(b, 1, 16, what, "rle_bits"); }

size_t idx(int a) { return static_cast<size_t>(a); }

// Rows (M) or columns (N) split into blocks of v.
int blocks_of(int n, int v, const char* what, const char* name) {
  if (n < 1 || n % v != 0)
    fail(what, std::string(name) + " " + std::to_string(n) + " is not a positive multiple of v = " + std::to_string(v));
  return n / v;
}

void check_weights(const Matrix& w, int k_w, int v, const char* what) {
  check_kw(k_w, what);
  check_v(v, what);
  if (w.cols < 1) fail(what, "K must be >= 1");
  blocks_of(w.rows, v, what, "M");
  if (w.v.size() != static_cast<size_t>(w.rows) * static_cast<size_t>(w.cols)) fail(what, "malformed W");
  for (const int64_t e : w.v) check_range(e, weight_min(k_w), weight_max(k_w), what, "weight");
}

void check_acts(const Matrix& x, int z, int t, int v, const char* what) {
  check_t(t, what);
  check_z(z, what);
  check_v(v, what);
  if (x.rows < 1) fail(what, "K must be >= 1");
  blocks_of(x.cols, v, what, "N");
  if (x.v.size() != static_cast<size_t>(x.rows) * static_cast<size_t>(x.cols)) fail(what, "malformed X");
  for (const int64_t e : x.v) check_x(e, what);
}

void check_config(const Config& c, const char* what) {
  check_kw(c.k_w, what);
  check_t(c.t, what);
  check_z(c.z, what);
  check_v(c.v, what);
  check_b(c.rle_bits, what);
}

int weight_ho(int64_t w, int k_w) { return slice_weight(w, k_w).back(); }

// 4-bit field <-> slice.
uint64_t nibble(int s, bool is_signed, const char* what) {
  if (is_signed)
    check_range(s, -8, 7, what, "signed slice");
  else
    check_range(s, 0, 15, what, "unsigned slice");
  return static_cast<uint64_t>(s) & 0xF;
}
int of_nibble(uint64_t n, bool is_signed) {
  const int u = static_cast<int>(n & 0xF);
  return (is_signed && u >= 8) ? u - 16 : u;
}

void check_stream_header(const RleStream& s, const char* what) {
  check_v(s.v, what);
  check_b(s.b, what);
  if (s.length < 0) fail(what, "negative length");
}

// The decoder walk shared by rle_decode and rle_positions: calls on_entry(position, entry).
template <class F>
void walk_entries(const RleStream& s, const char* what, F&& on_entry) {
  check_stream_header(s, what);
  const int64_t max_index = (int64_t{1} << s.b) - 1;
  int64_t pos = 0;
  for (const RleEntry& e : s.entries) {
    check_range(e.index, 0, max_index, what, "RLE index");
    if (e.slices.size() != idx(s.v)) fail(what, "an entry without v slices");
    pos += e.index;
    if (pos >= s.length) fail(what, "RLE entries run past the stream length " + std::to_string(s.length));
    on_entry(static_cast<int>(pos), e);
    ++pos;
  }
}

void check_block(const BlockSlices& bl, const char* what) {
  check_v(bl.v, what);
  if (bl.k < 1) fail(what, "k must be >= 1");
  check_range(bl.lo_planes, 0, 2, what, "lo_planes");
  if (bl.ho.size() != static_cast<size_t>(bl.k) * idx(bl.v)) fail(what, "ho must hold k * v slices");
  if (bl.lo.size() != static_cast<size_t>(bl.k) * idx(bl.lo_planes) * idx(bl.v))
    fail(what, "lo must hold k * lo_planes * v slices");
  nibble(bl.fill, bl.is_signed, what);
}

uint64_t low_mask(int bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

}  // namespace

// ---- weights ----

int weight_bits(int k_w) {
  check_kw(k_w, "weight_bits");
  return 3 * k_w + 4;
}
int64_t weight_min(int k_w) { return -(int64_t{1} << (weight_bits(k_w) - 1)); }
int64_t weight_max(int k_w) { return (int64_t{1} << (weight_bits(k_w) - 1)) - 1; }

std::vector<int> slice_weight(int64_t w, int k_w) {
  check_kw(k_w, "slice_weight");
  check_range(w, weight_min(k_w), weight_max(k_w), "slice_weight", "weight");
  std::vector<int> out;
  int64_t r = w;
  for (int j = 0; j < k_w; ++j) {
    const int64_t q = r >> 3;          // arithmetic shift: floor(r / 8)
    const int64_t l = r - q * 8;       // r mod 8, in [0, 7]
    const int64_t s = q < 0 ? 1 : 0;
    out.push_back(static_cast<int>(l - 8 * s));
    r = q + s;
  }
  out.push_back(static_cast<int>(r));  // HO: in [-8, 7] over the weight range (checked by the tests)
  return out;
}

int64_t join_weight(std::span<const int> slices) {
  if (slices.empty() || slices.size() > 3) fail("join_weight", "1 to 3 slices");
  int64_t w = 0;
  for (size_t j = 0; j < slices.size(); ++j) {
    check_range(slices[j], -8, 7, "join_weight", "slice");
    w += static_cast<int64_t>(slices[j]) * (int64_t{1} << (3 * j));
  }
  return w;
}

// ---- activations ----

ActSlices slice_act(int x, int t) {
  check_t(t, "slice_act");
  check_x(x, "slice_act");
  return {x >> (4 + t), (x >> t) & 15};
}

int join_act(const ActSlices& s, int t) {
  check_t(t, "join_act");
  check_range(s.ho, 0, (1 << (4 - t)) - 1, "join_act", "HO slice");
  check_range(s.lo, 0, 15, "join_act", "LO slice");
  return (s.ho << (4 + t)) + (s.lo << t);
}

int truncate_act(int x, int t) {
  check_t(t, "truncate_act");
  check_x(x, "truncate_act");
  return x & ~((1 << t) - 1);
}

Matrix truncate_acts(const Matrix& x, int t) {
  Matrix out = x;
  for (int64_t& e : out.v) {
    check_x(e, "truncate_acts");
    e = truncate_act(static_cast<int>(e), t);
  }
  return out;
}

int zpm(int z, int t) {
  check_t(t, "zpm");
  check_z(z, "zpm");
  return ((z >> (4 + t)) << (4 + t)) + (1 << (3 + t));
}

int frequent_ho(int z, int t) { return zpm(z, t) >> (4 + t); }

int apply_zpm(int x, int z, int t) {
  check_x(x, "apply_zpm");
  return std::clamp(x - z + zpm(z, t), 0, 255);
}

// ---- DBS ----

DbsChoice dbs_classify(std::span<const uint64_t> histogram, int z, double target) {
  if (histogram.size() != 256) fail("dbs_classify", "the histogram must have 256 counts");
  check_z(z, "dbs_classify");
  if (!(target >= 0.0 && target <= 1.0)) fail("dbs_classify", "target not in [0, 1]");
  DbsChoice c;
  for (const uint64_t h : histogram) c.total += h;
  if (c.total >= (uint64_t{1} << 53)) fail("dbs_classify", "histogram total must be < 2^53");
  for (int t = 0; t < 3; ++t) {
    const int r = frequent_ho(z, t);
    for (int x = 0; x < 256; ++x)
      if ((apply_zpm(x, z, t) >> (4 + t)) == r) c.in_range[idx(t)] += histogram[idx(x)];
    c.fraction[idx(t)] =
        c.total == 0 ? 0.0 : static_cast<double>(c.in_range[idx(t)]) / static_cast<double>(c.total);
  }
  int chosen = 0;
  if (c.total != 0) {
    chosen = -1;
    for (int t = 0; t < 3 && chosen < 0; ++t)
      if (static_cast<double>(c.in_range[idx(t)]) >= target * static_cast<double>(c.total)) chosen = t;
    if (chosen < 0) {
      chosen = 0;
      for (int t = 1; t < 3; ++t)
        if (c.in_range[idx(t)] > c.in_range[idx(chosen)]) chosen = t;
    }
  }
  c.t = chosen;
  c.z_prime = zpm(z, chosen);
  c.r = frequent_ho(z, chosen);
  return c;
}

// ---- slice vectors ----

VectorMap weight_map(const Matrix& w, int k_w, int v) {
  check_weights(w, k_w, v, "weight_map");
  VectorMap m{w.rows / v, w.cols, {}};
  m.compressed.assign(static_cast<size_t>(m.blocks) * idx(m.k), true);
  for (int i = 0; i < w.rows; ++i)
    for (int kk = 0; kk < w.cols; ++kk)
      if (weight_ho(w.at(i, kk), k_w) != 0) m.compressed[idx(i / v) * idx(m.k) + idx(kk)] = false;
  return m;
}

VectorMap act_map(const Matrix& x, int z, int t, int v) {
  check_acts(x, z, t, v, "act_map");
  const int r = frequent_ho(z, t);
  VectorMap m{x.cols / v, x.rows, {}};
  m.compressed.assign(static_cast<size_t>(m.blocks) * idx(m.k), true);
  for (int kk = 0; kk < x.rows; ++kk)
    for (int j = 0; j < x.cols; ++j)
      if (slice_act(static_cast<int>(x.at(kk, j)), t).ho != r) m.compressed[idx(j / v) * idx(m.k) + idx(kk)] = false;
  return m;
}

// ---- RLE ----

RleStream rle_encode(std::span<const int> slices, int v, int fill, int b) {
  check_v(v, "rle_encode");
  check_b(b, "rle_encode");
  if (slices.size() % idx(v) != 0) fail("rle_encode", "the slice count is not a multiple of v");
  RleStream s{v, b, fill, static_cast<int>(slices.size() / idx(v)), {}};
  const int max_index = (1 << b) - 1;  // b <= 16: fits
  int run = 0;
  for (int n = 0; n < s.length; ++n) {
    const auto vec = slices.subspan(idx(n) * idx(v), idx(v));
    const bool compressed = std::all_of(vec.begin(), vec.end(), [fill](int e) { return e == fill; });
    if (compressed && run < max_index) {
      ++run;
      continue;
    }
    s.entries.push_back({run, std::vector<int>(vec.begin(), vec.end())});
    run = 0;
  }
  return s;
}

std::vector<int> rle_decode(const RleStream& s) {
  check_stream_header(s, "rle_decode");
  std::vector<int> out(static_cast<size_t>(s.length) * idx(s.v), s.fill);
  walk_entries(s, "rle_decode", [&](int pos, const RleEntry& e) {
    std::copy(e.slices.begin(), e.slices.end(), out.begin() + static_cast<std::ptrdiff_t>(idx(pos) * idx(s.v)));
  });
  return out;
}

std::vector<int> rle_positions(const RleStream& s) {
  std::vector<int> out;
  walk_entries(s, "rle_positions", [&](int pos, const RleEntry&) { out.push_back(pos); });
  return out;
}

// ---- blocks and images ----

BlockSlices weight_block(const Matrix& w, int k_w, int v, int row_block) {
  check_weights(w, k_w, v, "weight_block");
  check_range(row_block, 0, w.rows / v - 1, "weight_block", "row_block");
  BlockSlices bl{v, w.cols, k_w, true, 0, {}, {}};
  bl.ho.resize(static_cast<size_t>(bl.k) * idx(v));
  bl.lo.resize(static_cast<size_t>(bl.k) * idx(k_w) * idx(v));
  for (int kk = 0; kk < bl.k; ++kk) {
    for (int s = 0; s < v; ++s) {
      const std::vector<int> sl = slice_weight(w.at(row_block * v + s, kk), k_w);
      bl.ho[idx(kk * v + s)] = sl[idx(k_w)];
      for (int j = 0; j < k_w; ++j) bl.lo[idx((kk * k_w + j) * v + s)] = sl[idx(j)];
    }
  }
  return bl;
}

BlockSlices act_block(const Matrix& x, int z, int t, int v, int col_block) {
  check_acts(x, z, t, v, "act_block");
  check_range(col_block, 0, x.cols / v - 1, "act_block", "col_block");
  BlockSlices bl{v, x.rows, 1, false, frequent_ho(z, t), {}, {}};
  bl.ho.resize(static_cast<size_t>(bl.k) * idx(v));
  bl.lo.resize(static_cast<size_t>(bl.k) * idx(v));
  for (int kk = 0; kk < bl.k; ++kk) {
    for (int s = 0; s < v; ++s) {
      const ActSlices a = slice_act(static_cast<int>(x.at(kk, col_block * v + s)), t);
      bl.ho[idx(kk * v + s)] = a.ho;
      bl.lo[idx(kk * v + s)] = a.lo;
    }
  }
  return bl;
}

OperandImage pack(const BlockSlices& bl, int b) {
  check_block(bl, "pack");
  check_b(b, "pack");
  OperandImage im{bl.v, b, bl.k, bl.lo_planes, bl.is_signed, bl.fill, {}, {}};
  for (const int s : bl.ho) nibble(s, bl.is_signed, "pack");
  const RleStream rs = rle_encode(bl.ho, bl.v, bl.fill, b);
  for (const RleEntry& e : rs.entries) {
    uint64_t word = static_cast<uint64_t>(e.index);
    for (int s = 0; s < bl.v; ++s) word |= nibble(e.slices[idx(s)], bl.is_signed, "pack") << (b + 4 * s);
    im.ho_words.push_back(word);
  }
  for (int kk = 0; kk < bl.k; ++kk) {
    for (int j = 0; j < bl.lo_planes; ++j) {
      uint64_t word = 0;
      for (int s = 0; s < bl.v; ++s) word |= nibble(bl.lo_at(kk, j, s), bl.is_signed, "pack") << (4 * s);
      im.lo_words.push_back(word);
    }
  }
  return im;
}

namespace {

RleStream image_stream(const OperandImage& im, const char* what) {
  check_v(im.v, what);
  check_b(im.b, what);
  if (im.k < 1) fail(what, "k must be >= 1");
  check_range(im.lo_planes, 0, 2, what, "lo_planes");
  nibble(im.fill, im.is_signed, what);
  const uint64_t ho_mask = low_mask(im.b + 4 * im.v);
  RleStream rs{im.v, im.b, im.fill, im.k, {}};
  for (const uint64_t word : im.ho_words) {
    if ((word & ~ho_mask) != 0) fail(what, "an HO word has bits above b + 4v");
    RleEntry e{static_cast<int>(word & low_mask(im.b)), {}};
    for (int s = 0; s < im.v; ++s) e.slices.push_back(of_nibble(word >> (im.b + 4 * s), im.is_signed));
    rs.entries.push_back(std::move(e));
  }
  return rs;
}

}  // namespace

BlockSlices unpack(const OperandImage& im) {
  const RleStream rs = image_stream(im, "unpack");
  if (im.lo_words.size() != static_cast<size_t>(im.k) * idx(im.lo_planes))
    fail("unpack", "lo_words must hold k * lo_planes words");
  BlockSlices bl{im.v, im.k, im.lo_planes, im.is_signed, im.fill, rle_decode(rs), {}};
  const uint64_t lo_mask = low_mask(4 * im.v);
  for (const uint64_t word : im.lo_words) {
    if ((word & ~lo_mask) != 0) fail("unpack", "a LO word has bits above 4v");
    for (int s = 0; s < im.v; ++s) bl.lo.push_back(of_nibble(word >> (4 * s), im.is_signed));
  }
  return bl;
}

std::vector<bool> stored_vectors(const OperandImage& im) {
  const RleStream rs = image_stream(im, "stored_vectors");
  std::vector<bool> out(idx(im.k), false);
  for (const int p : rle_positions(rs)) out[idx(p)] = true;
  return out;
}

// ---- AQS-GEMM ----

namespace {

struct Operand {
  BlockSlices slices;
  std::vector<bool> stored;
  size_t ho_words = 0;
  size_t lo_words = 0;
};

Operand load(const BlockSlices& bl, int b) {
  const OperandImage im = pack(bl, b);
  return {unpack(im), stored_vectors(im), im.ho_words.size(), im.lo_words.size()};
}

struct Blocks {
  std::vector<Operand> w, x;
};

Blocks load_all(const Matrix& w, const Matrix& x, const Config& c, const char* what) {
  check_config(c, what);
  check_weights(w, c.k_w, c.v, what);
  check_acts(x, c.z, c.t, c.v, what);
  if (w.cols != x.rows) fail(what, "W is M x K, X must be K x N");
  Blocks bs;
  for (int bi = 0; bi < w.rows / c.v; ++bi) bs.w.push_back(load(weight_block(w, c.k_w, c.v, bi), c.rle_bits));
  for (int bj = 0; bj < x.cols / c.v; ++bj) bs.x.push_back(load(act_block(x, c.z, c.t, c.v, bj), c.rle_bits));
  return bs;
}

}  // namespace

GemmResult aqs_gemm(const Matrix& w, const Matrix& x, const Config& c) {
  const Blocks bs = load_all(w, x, c, "aqs_gemm");
  const int v = c.v, kw = c.k_w, t = c.t, K = w.cols;
  const uint64_t vv = static_cast<uint64_t>(v) * static_cast<uint64_t>(v);
  const int64_t r = frequent_ho(c.z, t);
  GemmResult res{Matrix(w.rows, x.cols), {}};
  Counters& n = res.counters;

  // rowsum_W: offline (the bias), from the weights themselves.
  std::vector<int64_t> rowsum(idx(w.rows), 0);
  for (int i = 0; i < w.rows; ++i)
    for (int kk = 0; kk < K; ++kk) rowsum[idx(i)] += w.at(i, kk);

  std::vector<int64_t> acc(vv), partial(idx(v));
  for (size_t bi = 0; bi < bs.w.size(); ++bi) {
    const Operand& wo = bs.w[bi];
    const BlockSlices& ws = wo.slices;
    for (size_t bj = 0; bj < bs.x.size(); ++bj) {
      const Operand& xo = bs.x[bj];
      const BlockSlices& xs = xo.slices;
      std::fill(acc.begin(), acc.end(), 0);
      std::fill(partial.begin(), partial.end(), 0);
      // One v x v outer product of a weight slice vector and an activation slice vector, shifted.
      auto outer = [&](auto wslice, auto xslice, int shift) {
        for (int a = 0; a < v; ++a)
          for (int e = 0; e < v; ++e)
            acc[idx(a * v + e)] += (static_cast<int64_t>(wslice(a)) * static_cast<int64_t>(xslice(e))) << shift;
        n.mults += vv;
      };
      for (int kk = 0; kk < K; ++kk) {
        const bool w_st = wo.stored[idx(kk)], x_st = xo.stored[idx(kk)];
        auto x_lo = [&](int e) { return xs.lo_at(kk, 0, e); };
        auto x_ho = [&](int e) { return xs.ho_at(kk, e); };
        auto w_ho = [&](int a) { return ws.ho_at(kk, a); };
        for (int j = 0; j < kw; ++j) {  // LO_w x LO_x: static
          outer([&](int a) { return ws.lo_at(kk, j, a); }, x_lo, 3 * j + t);
          ++n.static_products;
        }
        if (w_st) {  // HO_w x LO_x
          outer(w_ho, x_lo, 3 * kw + t);
          ++n.dynamic_products;
        } else {
          ++n.skipped_by_w;
        }
        if (x_st) {  // LO_w x HO_x
          for (int j = 0; j < kw; ++j) outer([&](int a) { return ws.lo_at(kk, j, a); }, x_ho, 3 * j + 4 + t);
          n.dynamic_products += static_cast<uint64_t>(kw);
        } else {
          n.skipped_by_x += static_cast<uint64_t>(kw);
        }
        if (w_st && x_st) {  // HO_w x HO_x
          outer(w_ho, x_ho, 3 * kw + 4 + t);
          ++n.dynamic_products;
        } else if (!w_st) {
          ++n.skipped_by_w;
        } else {
          ++n.skipped_by_x;
        }
        if (x_st) {  // compensator: W[i][k] rebuilt from the loaded slices (a skipped W HO vector is 0)
          for (int a = 0; a < v; ++a) {
            int64_t wik = 0;
            for (int j = 0; j < kw; ++j) wik += static_cast<int64_t>(ws.lo_at(kk, j, a)) << (3 * j);
            if (w_st) wik += static_cast<int64_t>(w_ho(a)) * (int64_t{1} << (3 * kw));
            partial[idx(a)] += wik;
          }
          n.comp_adds += static_cast<uint64_t>(v);
        }
      }
      for (int a = 0; a < v; ++a) {
        const int i = static_cast<int>(bi) * v + a;
        const int64_t comp = (r << (4 + t)) * (rowsum[idx(i)] - partial[idx(a)]);
        for (int e = 0; e < v; ++e) res.y.at(i, static_cast<int>(bj) * v + e) = acc[idx(a * v + e)] + comp;
      }
      n.comp_adds += static_cast<uint64_t>(v) + vv;
      n.comp_mults += static_cast<uint64_t>(v);
    }
  }
  return res;
}

// ---- workload ----

Workload workload(const Matrix& w, const Matrix& x, const Config& c) {
  const Blocks bs = load_all(w, x, c, "workload");
  const uint64_t M = idx(w.rows), K = idx(w.cols), N = idx(x.cols), kw = idx(c.k_w), v = idx(c.v);
  const uint64_t vv = v * v;
  Workload out;

  out.dense.slice_mults = M * N * K * 2 * (kw + 1);
  out.dense.adds = out.dense.slice_mults;
  out.dense.ema_slices = M * K * (kw + 1) + 2 * K * N;

  // zero_skip: HO vectors that are all zero, from the blocks' slices (no RLE).
  auto all_zero = [&](const BlockSlices& bl, int kk) {
    for (int s = 0; s < bl.v; ++s)
      if (bl.ho_at(kk, s) != 0) return false;
    return true;
  };
  uint64_t products = 0;
  for (const Operand& wo : bs.w) {
    for (const Operand& xo : bs.x) {
      for (int kk = 0; kk < w.cols; ++kk) {
        const bool wz = all_zero(wo.slices, kk), xz = all_zero(xo.slices, kk);
        products += kw;                    // LO_w x LO_x
        products += wz ? 0 : 1;            // HO_w x LO_x
        products += xz ? 0 : kw;           // LO_w x HO_x
        products += (wz || xz) ? 0 : 1;    // HO_w x HO_x
      }
    }
  }
  out.zero_skip.slice_mults = products * vv;
  out.zero_skip.adds = out.zero_skip.slice_mults;
  out.zero_skip.ema_slices = out.dense.ema_slices;

  const Counters n = aqs_gemm(w, x, c).counters;
  out.panacea.slice_mults = n.mults;
  out.panacea.comp_mults = n.comp_mults;
  out.panacea.adds = n.mults + n.comp_adds;
  uint64_t entries = 0, lo_words = 0;
  for (const std::vector<Operand>* ops : {&bs.w, &bs.x})
    for (const Operand& o : *ops) {
      entries += o.ho_words;
      lo_words += o.lo_words;
    }
  out.panacea.ema_slices = (entries + lo_words) * v;
  out.panacea.ema_index_bits = entries * idx(c.rle_bits);
  return out;
}

}  // namespace bf::golden::panacea
