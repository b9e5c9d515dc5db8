// bitforge golden model: ANT types int / pot / flint. See ant.hpp and formats.md "ANT".
#include "ant/ant.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

namespace bf::golden::ant {

namespace {

void require_valid(const Format& f) {
  if (!valid_format(f))
    throw std::invalid_argument(std::string("ant: invalid format ") +
                                (static_cast<int>(f.type) >= 0 && static_cast<int>(f.type) <= 2 ? type_name(f.type)
                                                                                               : "?") +
                                " bits = " + std::to_string(f.bits));
}

void require_finite(std::span<const double> x, const char* what) {
  for (const double v : x)
    if (!std::isfinite(v)) throw std::invalid_argument(std::string("ant: ") + what + ": NaN or infinite input");
}

// Bits of the unsigned magnitude type: n, or n-1 for signed pot / flint (sign-magnitude).
int magnitude_bits(const Format& f) { return (f.is_signed && f.type != Type::Int) ? f.bits - 1 : f.bits; }

// Decodes an m-bit unsigned code of `type` (m >= 2 for flint, m >= 1 otherwise; no range checks).
BaseExp decode_unsigned(Type type, int m, uint32_t c) {
  switch (type) {
    case Type::Int:
      return {static_cast<int64_t>(c), 0};
    case Type::Pot:
      if (c == 0) return {0, 0};
      return {1, static_cast<int>(c) - 1};
    case Type::Flint: {
      const uint32_t msb = uint32_t{1} << (m - 1);
      if ((c & msb) == 0) return {static_cast<int64_t>(c), 0};
      const uint32_t r = c & (msb - 1);
      if (r == 0) return {1, 2 * m - 2};
      const int k = (m - 1) - std::bit_width(r);  // leading zeros of r in m-1 bits
      return {static_cast<int64_t>(r) << 1, 2 * k};
    }
  }
  throw std::invalid_argument("ant: bad type");
}

// Sorted grid of every valid format, built once (function-local static: thread-safe initialisation).
// Index: type (0..2) x bits (0..16) x signed (0..1); invalid formats stay empty.
const std::vector<GridPoint>& cached_grid(const Format& f) {
  static const std::array<std::vector<GridPoint>, 3 * 17 * 2> table = [] {
    std::array<std::vector<GridPoint>, 3 * 17 * 2> t;
    for (int ty = 0; ty < 3; ++ty) {
      for (int n = 0; n <= 16; ++n) {
        for (int s = 0; s < 2; ++s) {
          const Format g{static_cast<Type>(ty), n, s == 1};
          if (!valid_format(g)) continue;
          std::map<int64_t, uint32_t> first;  // value -> smallest code (codes visited ascending)
          for (uint32_t c = 0; c < (uint32_t{1} << n); ++c) first.emplace(value(g, c), c);
          auto& v = t[static_cast<size_t>((ty * 17 + n) * 2 + s)];
          v.reserve(first.size());
          for (const auto& [val, code] : first) v.push_back({val, code});
        }
      }
    }
    return t;
  }();
  require_valid(f);
  return table[static_cast<size_t>((static_cast<int>(f.type) * 17 + f.bits) * 2 + (f.is_signed ? 1 : 0))];
}

// Mean squared error of x against its quantization with `scale` (summed in element order).
double mse_of(const Format& f, std::span<const double> x, double scale) {
  double sum = 0;
  for (const double v : x) {
    const double e = v - scale * static_cast<double>(value(f, quantize_real(f, v, scale)));
    sum += e * e;
  }
  return sum / static_cast<double>(x.size());
}

}  // namespace

const char* type_name(Type t) {
  switch (t) {
    case Type::Int: return "int";
    case Type::Pot: return "pot";
    case Type::Flint: return "flint";
  }
  throw std::invalid_argument("ant: bad type");
}

// Choice: exact, case-sensitive names.
std::optional<Type> type_from_name(std::string_view s) {
  if (s == "int") return Type::Int;
  if (s == "pot") return Type::Pot;
  if (s == "flint") return Type::Flint;
  return std::nullopt;
}

bool valid_format(const Format& f) {
  switch (f.type) {
    case Type::Int: return f.bits >= 2 && f.bits <= 16;
    case Type::Pot: return f.bits >= 3 && f.bits <= 4;
    case Type::Flint: return f.bits >= 3 && f.bits <= 8;
  }
  return false;
}

BaseExp decode(const Format& f, uint32_t code) {
  require_valid(f);
  if (code >= (uint32_t{1} << f.bits))
    throw std::invalid_argument("ant: code " + std::to_string(code) + " wider than " + std::to_string(f.bits) +
                                " bits");
  if (!f.is_signed) return decode_unsigned(f.type, f.bits, code);
  const uint32_t sign_bit = uint32_t{1} << (f.bits - 1);
  if (f.type == Type::Int)  // two's complement
    return {(code & sign_bit) ? static_cast<int64_t>(code) - (int64_t{1} << f.bits) : static_cast<int64_t>(code), 0};
  // Sign-magnitude over the (n-1)-bit unsigned type; negative zero -> (0, 0).
  BaseExp m = decode_unsigned(f.type, f.bits - 1, code & (sign_bit - 1));
  if (m.base == 0) return {0, 0};
  if (code & sign_bit) m.base = -m.base;
  return m;
}

int64_t value(const Format& f, uint32_t code) {
  const BaseExp d = decode(f, code);
  return d.base * (int64_t{1} << d.exp);  // base << exp, sign kept
}

int max_exp(const Format& f) {
  require_valid(f);
  const int m = magnitude_bits(f);
  switch (f.type) {
    case Type::Int: return 0;
    case Type::Pot: return (1 << m) - 2;  // code 2^m - 1 -> exp 2^m - 2
    case Type::Flint: return 2 * m - 2;   // code 100..0
  }
  return 0;
}

int base_bits(const Format& f) {
  require_valid(f);
  switch (f.type) {
    case Type::Int: return f.is_signed ? f.bits : f.bits + 1;
    case Type::Pot: return 2;  // bases in {-1, 0, 1} (unsigned: {0, 1})
    // Choice: the flint_decoder base_o width [n:0] for both signednesses (unsigned bases reach 2^n - 2 and
    // need all n+1 bits; signed bases reach +-(2^(n-1) - 2) and would fit in n).
    case Type::Flint: return f.bits + 1;
  }
  return 0;
}

int64_t max_abs(const Format& f) {
  const auto& g = cached_grid(f);
  return std::max(std::abs(g.front().value), std::abs(g.back().value));
}

int64_t grid_max(const Format& f) { return cached_grid(f).back().value; }

std::vector<GridPoint> grid(const Format& f) { return cached_grid(f); }

uint32_t quantize(const Format& f, int64_t x) {
  const auto& g = cached_grid(f);
  const auto it = std::lower_bound(g.begin(), g.end(), x, [](const GridPoint& p, int64_t v) { return p.value < v; });
  if (it == g.begin()) return it->code;       // x <= min: saturate low (or exact)
  if (it == g.end()) return g.back().code;    // x > max: saturate high
  const GridPoint& lo = *(it - 1);            // lo.value < x <= hi.value
  const GridPoint& hi = *it;
  return (x - lo.value < hi.value - x) ? lo.code : hi.code;  // tie -> larger value
}

uint32_t quantize_real(const Format& f, double x, double scale) {
  if (!std::isfinite(x)) throw std::invalid_argument("ant: quantize_real: NaN or infinite input");
  if (!std::isfinite(scale) || !(scale > 0)) throw std::invalid_argument("ant: quantize_real: scale must be finite and > 0");
  const auto& g = cached_grid(f);
  const double y = x / scale;  // may overflow to +-inf: saturates below
  const auto it = std::lower_bound(g.begin(), g.end(), y,
                                   [](const GridPoint& p, double v) { return static_cast<double>(p.value) < v; });
  if (it == g.begin()) return it->code;
  if (it == g.end()) return g.back().code;
  const GridPoint& lo = *(it - 1);
  const GridPoint& hi = *it;
  // Exact midpoint: |values| < 2^17, so the sum and the halving are exact in double.
  const double mid = (static_cast<double>(lo.value) + static_cast<double>(hi.value)) / 2.0;
  return (y < mid) ? lo.code : hi.code;  // y == mid -> larger value
}

TypeChoice best_scale(const Format& f, std::span<const double> x) {
  require_valid(f);
  if (x.empty()) throw std::invalid_argument("ant: best_scale: empty tensor");
  require_finite(x, "best_scale");
  double max_x = 0;
  for (const double v : x) max_x = std::max(max_x, std::abs(v));
  TypeChoice best{f, 1.0, 0.0, 0.0};
  if (max_x == 0) return best;  // choice: all-zero tensor -> scale 1, alpha 0, mse 0 (exact)
  const double gmax = static_cast<double>(grid_max(f));  // formats.md: scale = alpha / max(grid)
  bool have = false;
  for (int i = 75; i < 150; ++i) {
    const double alpha = max_x * static_cast<double>(i) / 100.0;
    const double scale = alpha / gmax;
    if (!std::isfinite(alpha) || !(scale > 0) || !std::isfinite(scale)) {
      throw std::invalid_argument("ant: best_scale: the tensor's range (max |x| = " + std::to_string(max_x) +
                                  ") gives no usable scale");
    }
    const double m = mse_of(f, x, scale);
    if (!have || m < best.mse) {  // strict: the first minimum wins
      best = {f, scale, alpha, m};
      have = true;
    }
  }
  return best;
}

Selection select_type(std::span<const double> x, int bits, bool is_signed) {
  Selection s;
  for (const Type t : {Type::Int, Type::Flint, Type::Pot}) {
    const Format f{t, bits, is_signed};
    if (!valid_format(f)) continue;
    s.candidates.push_back(best_scale(f, x));
    if (s.candidates.size() == 1 || s.candidates.back().mse < s.chosen.mse) s.chosen = s.candidates.back();
  }
  if (s.candidates.empty())
    throw std::invalid_argument("ant: select_type: no type supports " + std::to_string(bits) + " bits");
  return s;
}

std::vector<Selection> select_per_channel(std::span<const double> x, size_t channels, bool is_signed, int bits) {
  if (channels == 0 || x.empty() || x.size() % channels != 0)
    throw std::invalid_argument("ant: select_per_channel: tensor size is not a non-zero multiple of channels");
  const size_t per = x.size() / channels;
  std::vector<Selection> out;
  out.reserve(channels);
  for (size_t c = 0; c < channels; ++c) out.push_back(select_type(x.subspan(c * per, per), bits, is_signed));
  return out;
}

std::vector<uint32_t> quantize_tensor(const TypeChoice& choice, std::span<const double> x) {
  require_valid(choice.format);
  require_finite(x, "quantize_tensor");
  std::vector<uint32_t> out;
  out.reserve(x.size());
  for (const double v : x) out.push_back(quantize_real(choice.format, v, choice.scale));
  return out;
}

Split4 split_int8(int64_t x, bool is_signed) {
  const int64_t lo_lim = is_signed ? -128 : 0;
  const int64_t hi_lim = is_signed ? 127 : 255;
  if (x < lo_lim || x > hi_lim)
    throw std::invalid_argument("ant: split_int8: " + std::to_string(x) + " is not an 8-bit " +
                                (is_signed ? "signed" : "unsigned") + " value");
  return {x >> 4, x & 15};  // arithmetic shift (C++20); x & 15 == x mod 16 in [0, 15]
}

std::array<int64_t, 4> int8_partial_products(int64_t a, bool a_signed, int64_t b, bool b_signed) {
  const Split4 sa = split_int8(a, a_signed);
  const Split4 sb = split_int8(b, b_signed);
  return {sa.hi * sb.hi * 256, sa.hi * sb.lo * 16, sa.lo * sb.hi * 16, sa.lo * sb.lo};
}

}  // namespace bf::golden::ant
