// bitforge golden model: SPARK variable-length integer code. See spark.hpp and formats.md "SPARK".
#include "spark/spark.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace bf::golden::spark {

namespace {

// 2^n - 1 for 0 <= n <= 32 (as 64-bit, so n = 32 is well defined).
uint64_t mask(int n) { return (uint64_t{1} << n) - 1; }

uint32_t bit(uint64_t x, int i) { return static_cast<uint32_t>((x >> i) & 1u); }

void require_valid(const Format& f) {
  if (!valid_format(f))
    throw std::invalid_argument("spark: invalid format, bits = " + std::to_string(f.bits));
}

void require_unit(const Format& f, Unit u) {
  if (u > mask(f.unit_width()))
    throw std::invalid_argument("spark: unit " + std::to_string(u) + " wider than " +
                                std::to_string(f.unit_width()) + " bits");
}

void require_word_bits(const Format& f, int word_bits) {
  if (word_bits <= 0 || word_bits > 64 || word_bits % f.unit_width() != 0)
    throw std::invalid_argument("spark: word width " + std::to_string(word_bits) +
                                " is not a multiple of the unit width " +
                                std::to_string(f.unit_width()) + " in [1,64]");
}

}  // namespace

int Format::unit_bits() const { return bits / 2; }
int Format::unit_width() const { return unit_bits() + (is_signed ? 1 : 0); }
int64_t Format::min_input() const { return is_signed ? -(int64_t{1} << bits) : 0; }
int64_t Format::max_input() const { return (int64_t{1} << bits) - 1; }

bool valid_format(const Format& f) { return f.bits % 2 == 0 && f.bits >= 6 && f.bits <= 16; }

int Encoded::num_units() const { return is_long ? 2 : 1; }

uint32_t Encoded::code() const {
  if (!is_long) return upper;
  return (upper << format.unit_bits()) | lower;
}

std::vector<Unit> Encoded::units() const {
  const Unit s = (format.is_signed && sign) ? Unit{1} << format.unit_bits() : 0;
  if (!is_long) return {upper | s};
  return {upper | s, lower | s};
}

Encoded encode(const Format& f, int64_t v) {
  require_valid(f);
  if (v < f.min_input() || v > f.max_input())
    throw std::out_of_range("spark: value " + std::to_string(v) + " outside the " +
                            std::to_string(f.bits) + "-bit input range");
  const int b = f.unit_bits();
  Encoded e;
  e.format = f;
  e.sign = v < 0;
  // Choice: magnitude 2^N (only v = -(2^N), the most negative port value) saturates to 2^N - 1.
  const uint64_t m = std::min(static_cast<uint64_t>(v < 0 ? -v : v), static_cast<uint64_t>(f.max_input()));
  if (m < (uint64_t{1} << (b - 1))) {  // short code: the value itself, unit MSB 0
    e.upper = static_cast<uint32_t>(m);
    return e;
  }
  e.is_long = true;
  const uint64_t h = m >> b;
  const uint64_t l = m & mask(b);
  const uint32_t h_top = bit(h, b - 1);
  const uint32_t h_low = bit(h, 0);
  // upper = {1, H[B-2:1], H[B-1]}
  e.upper = static_cast<uint32_t>((uint64_t{1} << (b - 1)) | (h & mask(b - 1) & ~uint64_t{1}) | h_top);
  if (h_top == h_low)
    e.lower = static_cast<uint32_t>(l);  // lossless
  else if (h_low == 1)
    e.lower = static_cast<uint32_t>(mask(b));  // H[0]=1, H[B-1]=0: round down to H*2^B - 1
  else
    e.lower = 0;  // H[0]=0, H[B-1]=1: round up to (H+1)*2^B
  return e;
}

StreamDecoder::StreamDecoder(Format f) : fmt_(f) { require_valid(f); }

bool StreamDecoder::pending() const { return pending_; }

void StreamDecoder::reset() {
  pending_ = false;
  upper_half_ = 0;
}

std::optional<Decoded> StreamDecoder::push(Unit u) {
  require_unit(fmt_, u);
  const int b = fmt_.unit_bits();
  const uint32_t payload = static_cast<uint32_t>(u & mask(b));
  // Choice: the sign of a value is the sign bit of the unit that completes it (the upper unit's is ignored).
  const bool negative = fmt_.is_signed && bit(u, b) == 1;
  auto finish = [negative](uint64_t magnitude, bool is_long) {
    const auto m = static_cast<int64_t>(magnitude);
    return Decoded{negative ? -m : m, is_long};  // negative zero becomes 0
  };
  if (pending_) {
    pending_ = false;
    return finish((uint64_t{upper_half_} << b) | payload, true);
  }
  if (bit(payload, b - 1) == 0) return finish(payload, false);
  // H' = {U[0], U[B-2:1], U[0]}
  const uint32_t u0 = bit(payload, 0);
  upper_half_ = static_cast<uint32_t>((uint64_t{u0} << (b - 1)) | (payload & mask(b - 1) & ~uint64_t{1}) | u0);
  pending_ = true;
  return std::nullopt;
}

std::vector<Decoded> decode_stream(const Format& f, std::span<const Unit> units) {
  StreamDecoder d(f);
  std::vector<Decoded> out;
  for (Unit u : units)
    if (auto r = d.push(u)) out.push_back(*r);
  return out;  // a trailing pending upper unit is dropped
}

std::vector<Unit> encode_stream(const Format& f, std::span<const int64_t> values) {
  std::vector<Unit> out;
  out.reserve(values.size());
  for (int64_t v : values)
    for (Unit u : encode(f, v).units()) out.push_back(u);
  return out;
}

int64_t spark_value(const Format& f, int64_t v) {
  const std::vector<Decoded> d = decode_stream(f, encode(f, v).units());
  return d.at(0).value;
}

bool is_lossless(const Format& f, int64_t v) { return spark_value(f, v) == v; }

std::vector<uint64_t> pack(const Format& f, std::span<const Unit> units, int word_bits) {
  require_valid(f);
  require_word_bits(f, word_bits);
  const int w = f.unit_width();
  const size_t per_word = static_cast<size_t>(word_bits / w);
  std::vector<uint64_t> words((units.size() + per_word - 1) / per_word, 0);
  for (size_t i = 0; i < units.size(); ++i) {
    require_unit(f, units[i]);
    words[i / per_word] |= uint64_t{units[i]} << (static_cast<int>(i % per_word) * w);
  }
  return words;
}

std::vector<Unit> unpack(const Format& f, std::span<const uint64_t> words, int word_bits, size_t count) {
  require_valid(f);
  require_word_bits(f, word_bits);
  const int w = f.unit_width();
  const size_t per_word = static_cast<size_t>(word_bits / w);
  if (count > words.size() * per_word)
    throw std::invalid_argument("spark: unpack of " + std::to_string(count) + " units from " +
                                std::to_string(words.size()) + " words");
  std::vector<Unit> units(count);
  for (size_t i = 0; i < count; ++i)
    units[i] = static_cast<Unit>((words[i / per_word] >> (static_cast<int>(i % per_word) * w)) & mask(w));
  return units;
}

Stats stats(const Format& f, std::span<const int64_t> values) {
  Stats s;
  size_t unit_count = 0;
  int64_t error_sum = 0;
  for (int64_t v : values) {
    const Encoded e = encode(f, v);
    const int64_t err = std::abs(spark_value(f, v) - v);
    ++s.count;
    unit_count += static_cast<size_t>(e.num_units());
    if (e.is_long) ++s.long_count;
    if (err != 0) ++s.lossy_count;
    s.max_abs_error = std::max(s.max_abs_error, err);
    error_sum += err;
  }
  if (s.count == 0) return s;
  const auto n = static_cast<double>(s.count);
  s.long_fraction = static_cast<double>(s.long_count) / n;
  s.bits_per_value = static_cast<double>(unit_count) * f.unit_width() / n;
  s.mean_abs_error = static_cast<double>(error_sum) / n;
  return s;
}

}  // namespace bf::golden::spark
