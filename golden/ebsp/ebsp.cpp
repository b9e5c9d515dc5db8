#include "ebsp/ebsp.hpp"

#include <bit>
#include <stdexcept>
#include <string>

namespace bf::golden::ebsp {

namespace {

std::string describe(const Pattern& p) {
  return "{bits " + std::to_string(p.bits) + ", length " + std::to_string(p.length) + ", " +
         (p.is_signed ? "signed" : "unsigned") + "}";
}

void check_pattern(const Pattern& p, const char* what) {
  if (!valid_pattern(p)) throw std::invalid_argument(std::string("ebsp: ") + what + ": invalid pattern " + describe(p));
}

void check_value(const Pattern& p, int64_t v, const char* what) {
  if (v < min_value(p) || v > max_value(p))
    throw std::invalid_argument(std::string("ebsp: ") + what + ": value " + std::to_string(v) + " outside the domain of " +
                                describe(p));
}

void check_length(int length, int max, const char* what) {
  if (length < 1 || length > max)
    throw std::invalid_argument(std::string("ebsp: ") + what + ": length " + std::to_string(length) + " not in [1, " +
                                std::to_string(max) + "]");
}

int floor_log2(uint64_t v) { return 63 - std::countl_zero(v); }  // v != 0

uint64_t magnitude(int64_t v) { return v < 0 ? static_cast<uint64_t>(-v) : static_cast<uint64_t>(v); }

// The weight of the lowest kept bit of a non-zero v: 2^(e - s + 1), or 1 when e < s - 1 (nothing cleared).
uint64_t ulp(uint64_t v, int length) {
  const int low = floor_log2(v) - length + 1;
  return low > 0 ? uint64_t{1} << low : 1;
}

}  // namespace

bool valid_pattern(const Pattern& p) {
  const int min_bits = p.is_signed ? 2 : 1;
  if (p.bits < min_bits || p.bits > 16) return false;
  const int mb = p.is_signed ? p.bits - 1 : p.bits;
  return p.length >= 1 && p.length <= mb;
}

int magnitude_bits(const Pattern& p) {
  check_pattern(p, "magnitude_bits");
  return p.is_signed ? p.bits - 1 : p.bits;
}

int64_t min_value(const Pattern& p) {
  check_pattern(p, "min_value");
  return p.is_signed ? -max_value(p) : 0;  // sign-magnitude: symmetric, no -2^(bits-1)
}

int64_t max_value(const Pattern& p) {
  check_pattern(p, "max_value");
  return (int64_t{1} << magnitude_bits(p)) - 1;
}

bool conforms(uint64_t mag, int length) {
  check_length(length, 64, "conforms");
  return truncate(mag, length) == mag;
}

uint64_t truncate(uint64_t mag, int length) {
  check_length(length, 64, "truncate");
  if (mag == 0) return 0;
  return mag & ~(ulp(mag, length) - 1);
}

uint64_t nearest(uint64_t mag, int length, int mag_bits) {
  if (mag_bits < 1 || mag_bits > 63)
    throw std::invalid_argument("ebsp: nearest: mag_bits " + std::to_string(mag_bits) + " not in [1, 63]");
  check_length(length, mag_bits, "nearest");
  if (mag >> mag_bits)
    throw std::invalid_argument("ebsp: nearest: " + std::to_string(mag) + " wider than " + std::to_string(mag_bits) +
                                " bits");
  const uint64_t down = truncate(mag, length);
  if (down == mag) return mag;
  // The conforming values in [2^e, 2^(e+1)] are spaced by ulp (2^(e+1) itself conforms), so the neighbours of a
  // non-conforming mag are down and down + ulp.
  const uint64_t up = down + ulp(mag, length);
  if (up >> mag_bits) return down;  // saturate: down is the largest conforming value of the width
  return (up - mag <= mag - down) ? up : down;
}

int64_t pattern_value(const Pattern& p, int64_t v, bool nearest_mode) {
  check_pattern(p, "pattern_value");
  check_value(p, v, "pattern_value");
  const uint64_t mag = magnitude(v);
  const uint64_t q = nearest_mode ? nearest(mag, p.length, magnitude_bits(p)) : truncate(mag, p.length);
  return v < 0 ? -static_cast<int64_t>(q) : static_cast<int64_t>(q);
}

Decomposed decompose(uint64_t mag, int length) {
  check_length(length, 33, "decompose");
  const uint64_t t = truncate(mag, length);
  if (t == 0) return {true, 0, 0};
  const int e = floor_log2(t);
  const uint64_t below = t - (uint64_t{1} << e);  // the bits after the leading one
  const int shift = e - (length - 1);             // > 0: drop (zero) bits; < 0: pad zeros below bit 0
  const uint64_t m = shift >= 0 ? below >> shift : below << -shift;
  return {false, e, static_cast<uint32_t>(m)};
}

int lut_entries(int s_a, int s_w) {
  check_length(s_a, 16, "lut_entries (s_a)");
  check_length(s_w, 16, "lut_entries (s_w)");
  return 1 << ((s_a - 1) + (s_w - 1));
}

std::vector<uint32_t> lut(int s_a, int s_w) {
  const int n = lut_entries(s_a, s_w);
  if ((s_a - 1) + (s_w - 1) > 24) throw std::invalid_argument("ebsp: lut: more than 2^24 entries");
  std::vector<uint32_t> t(static_cast<size_t>(n));
  const uint32_t ma_hidden = uint32_t{1} << (s_a - 1), mw_hidden = uint32_t{1} << (s_w - 1);
  for (uint32_t ma = 0; ma < ma_hidden; ++ma)
    for (uint32_t mw = 0; mw < mw_hidden; ++mw) t[(ma << (s_w - 1)) | mw] = (ma_hidden + ma) * (mw_hidden + mw);
  return t;
}

SplitLayout split_layout(const Pattern& p) {
  const int mb = magnitude_bits(p);
  SplitLayout l;
  l.e_bits = mb > 1 ? floor_log2(static_cast<uint64_t>(mb - 1)) + 1 : 1;  // e in [0, mb - 1]
  l.m_bits = p.length - 1;
  l.bits = (p.is_signed ? 1 : 0) + 1 + l.e_bits + l.m_bits;
  return l;
}

uint64_t split_fields(const Pattern& p, int64_t v) {
  check_value(p, v, "split_fields");
  const SplitLayout l = split_layout(p);
  const Decomposed d = decompose(magnitude(v), p.length);
  if (d.zero) return uint64_t{1} << (l.e_bits + l.m_bits);
  const uint64_t sign = v < 0 ? 1 : 0;
  return (sign << (l.e_bits + l.m_bits + 1)) | (static_cast<uint64_t>(d.e) << l.m_bits) | d.m;
}

uint64_t split_fields_of_bits(const Pattern& p, uint64_t value_bits) {
  return split_fields(p, wgt_value_of_bits(p, value_bits));
}

int64_t lut_product(const Pattern& act, const Pattern& wgt, int64_t a, int64_t w) {
  check_pattern(act, "lut_product (act)");
  check_pattern(wgt, "lut_product (wgt)");
  check_value(act, a, "lut_product (act)");
  check_value(wgt, w, "lut_product (wgt)");
  const Decomposed da = decompose(magnitude(a), act.length);
  const Decomposed dw = decompose(magnitude(w), wgt.length);
  if (da.zero || dw.zero) return 0;
  // The entry computed as the LUT stores it (lut() is not built here: it may be large).
  const uint64_t entry = ((uint64_t{1} << (act.length - 1)) + da.m) * ((uint64_t{1} << (wgt.length - 1)) + dw.m);
  // entry < 2^(s_a+s_w) <= 2^31, e_a + e_w <= 29: no overflow.
  const uint64_t mag = (entry << (da.e + dw.e)) >> ((act.length - 1) + (wgt.length - 1));
  const bool neg = (a < 0) != (w < 0);
  return neg ? -static_cast<int64_t>(mag) : static_cast<int64_t>(mag);
}

uint64_t wgt_bits_of(const Pattern& p, int64_t w) {
  check_pattern(p, "wgt_bits_of");
  check_value(p, w, "wgt_bits_of");
  if (!p.is_signed) return static_cast<uint64_t>(w);
  return (w < 0 ? uint64_t{1} << (p.bits - 1) : 0) | magnitude(w);
}

int64_t wgt_value_of_bits(const Pattern& p, uint64_t port) {
  check_pattern(p, "wgt_value_of_bits");
  if (port >> p.bits)
    throw std::invalid_argument("ebsp: wgt_value_of_bits: " + std::to_string(port) + " wider than " +
                                std::to_string(p.bits) + " bits");
  if (!p.is_signed) return static_cast<int64_t>(port);
  const int64_t mag = static_cast<int64_t>(port & ((uint64_t{1} << (p.bits - 1)) - 1));
  return (port >> (p.bits - 1)) ? -mag : mag;  // negative zero -> 0
}

TensorStats stats(const Pattern& p, std::span<const int64_t> values, bool nearest_mode) {
  check_pattern(p, "stats");
  TensorStats s;
  s.count = values.size();
  if (values.empty()) return s;
  double sq = 0;
  for (const int64_t v : values) {
    const int64_t err = v - pattern_value(p, v, nearest_mode);
    const int64_t abs_err = err < 0 ? -err : err;
    if (err != 0) ++s.changed;
    if (abs_err > s.max_abs_error) s.max_abs_error = abs_err;
    sq += static_cast<double>(err) * static_cast<double>(err);
  }
  s.changed_fraction = static_cast<double>(s.changed) / static_cast<double>(s.count);
  s.mse = sq / static_cast<double>(s.count);
  return s;
}

}  // namespace bf::golden::ebsp
