#include "ebsp/ebsp_test_util.hpp"

#include <bit>

namespace bf::golden::ebsp::ebsp_test {
namespace {

int ref_mag_bits(const Pattern& p) { return p.is_signed ? p.bits - 1 : p.bits; }

}  // namespace

int64_t pow2(int n) { return int64_t{1} << n; }
uint64_t upow2(int n) { return uint64_t{1} << n; }

// ---- independent references ----

// v conforms to s when v = 0 or the bits from its leading one down to its lowest set bit span at most s.
bool ref_conforms(uint64_t v, int s) {
  if (v == 0) return true;
  const int top = 63 - std::countl_zero(v);
  const int bottom = std::countr_zero(v);
  return top - bottom + 1 <= s;
}

// Walks the bits from the MSB: after the leading one, keeps the next s - 1 positions and drops the rest.
uint64_t ref_truncate(uint64_t v, int s) {
  uint64_t out = 0;
  int positions = 0;  // positions from the leading one (inclusive) seen so far
  for (int b = 63; b >= 0; --b) {
    const bool bit = (v >> b) & 1;
    if (positions == 0 && !bit) continue;
    if (positions < s && bit) out |= uint64_t{1} << b;
    ++positions;
  }
  return out;
}

// The conforming value of `width` bits nearest to v by searching down and up; a tie goes up; no conforming value
// above v within the width: down.
uint64_t ref_nearest(uint64_t v, int s, int width) {
  uint64_t down = v;
  while (!ref_conforms(down, s)) --down;
  uint64_t up = v;
  while (up < upow2(width) && !ref_conforms(up, s)) ++up;
  if (up == upow2(width)) return down;
  return (up - v <= v - down) ? up : down;
}

// The signed value after the pattern.
int64_t ref_value(const Pattern& p, int64_t v, bool nearest_mode) {
  const uint64_t mag = static_cast<uint64_t>(v < 0 ? -v : v);
  const uint64_t q = nearest_mode ? ref_nearest(mag, p.length, ref_mag_bits(p)) : ref_truncate(mag, p.length);
  return v < 0 ? -static_cast<int64_t>(q) : static_cast<int64_t>(q);
}

// Every integer of the pattern's domain.
std::vector<int64_t> domain(const Pattern& p) {
  std::vector<int64_t> out;
  const int64_t hi = pow2(ref_mag_bits(p)) - 1;
  for (int64_t v = p.is_signed ? -hi : 0; v <= hi; ++v) out.push_back(v);
  return out;
}

// Every valid pattern up to `max_bits`.
std::vector<Pattern> patterns_up_to(int max_bits) {
  std::vector<Pattern> out;
  for (const bool sg : {false, true})
    for (int b = sg ? 2 : 1; b <= max_bits; ++b)
      for (int s = 1; s <= (sg ? b - 1 : b); ++s) out.push_back({b, s, sg});
  return out;
}

std::string name(const Pattern& p) {
  return "(" + std::to_string(p.bits) + "," + std::to_string(p.length) + (p.is_signed ? ",s)" : ",u)");
}

}  // namespace bf::golden::ebsp::ebsp_test
