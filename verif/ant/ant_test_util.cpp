#include "ant/ant_test_util.hpp"

#include <gtest/gtest.h>

#include <cstddef>

namespace bf::golden::ant::ant_test {

int64_t pow2(int n) { return int64_t{1} << n; }

namespace {

// ---- independent reference value tables (code -> value) ----

// Unsigned m-bit flint from the paper's interval view (Table II generalised to m bits): value 0 at code 0;
// interval i (values in [2^(i-1), 2^i)) for i = 1 .. 2m-1.
//   i <= m-1: exponent field 0..01 of length m+1-i, mantissa bits i-1: code 2^(i-1) + t, value 2^(i-1) + t.
//   m <= i <= 2m-2: exponent field 1 0..0 1 of length i-m+2, mantissa bits mb = 2m-2-i:
//                   code 2^(m-1) + 2^mb + t, value 2^(i-1) * (1 + t / 2^mb).
//   i = 2m-1: the code 1 0..0, value 2^(2m-2).
std::vector<int64_t> ref_unsigned_flint(int m) {
  std::vector<int64_t> v(static_cast<size_t>(pow2(m)), -1);
  v[0] = 0;
  for (int i = 1; i <= m - 1; ++i)
    for (int64_t t = 0; t < pow2(i - 1); ++t) v[static_cast<size_t>(pow2(i - 1) + t)] = pow2(i - 1) + t;
  for (int i = m; i <= 2 * m - 2; ++i) {
    const int mb = 2 * m - 2 - i;
    for (int64_t t = 0; t < pow2(mb); ++t)
      v[static_cast<size_t>(pow2(m - 1) + pow2(mb) + t)] = pow2(i - 1) + t * pow2(i - 1 - mb);
  }
  v[static_cast<size_t>(pow2(m - 1))] = pow2(2 * m - 2);
  for (const int64_t x : v) EXPECT_GE(x, 0) << "reference flint table has a hole, m = " << m;
  return v;
}

std::vector<int64_t> ref_unsigned(Type t, int m) {
  if (t == Type::Flint) return ref_unsigned_flint(m);
  std::vector<int64_t> v(static_cast<size_t>(pow2(m)));
  for (int64_t c = 0; c < pow2(m); ++c)
    v[static_cast<size_t>(c)] = (t == Type::Int) ? c : (c == 0 ? 0 : pow2(static_cast<int>(c) - 1));
  return v;
}

}  // namespace

// code -> value for any valid format: signed int two's complement; signed pot / flint sign-magnitude.
std::vector<int64_t> ref_values(const Format& f) {
  const int n = f.bits;
  if (!f.is_signed) return ref_unsigned(f.type, n);
  std::vector<int64_t> v(static_cast<size_t>(pow2(n)));
  if (f.type == Type::Int) {
    for (int64_t c = 0; c < pow2(n); ++c) v[static_cast<size_t>(c)] = c < pow2(n - 1) ? c : c - pow2(n);
    return v;
  }
  const auto mag = ref_unsigned(f.type, n - 1);
  for (int64_t c = 0; c < pow2(n); ++c) {
    const int64_t m = mag[static_cast<size_t>(c & (pow2(n - 1) - 1))];
    v[static_cast<size_t>(c)] = (c >> (n - 1)) ? -m : m;
  }
  return v;
}

std::vector<Format> all_valid_formats() {
  std::vector<Format> out;
  for (const bool s : {false, true}) {
    for (int n = 2; n <= 16; ++n) out.push_back({Type::Int, n, s});
    for (int n = 3; n <= 4; ++n) out.push_back({Type::Pot, n, s});
    for (int n = 3; n <= 8; ++n) out.push_back({Type::Flint, n, s});
  }
  return out;
}

std::string name(const Format& f) {
  return std::string(f.is_signed ? "s" : "u") + std::to_string(f.bits) + " " + an::type_name(f.type);
}

// Distinct values ascending with their smallest code.
std::map<int64_t, uint32_t> ref_canonical(const std::vector<int64_t>& vals) {
  std::map<int64_t, uint32_t> m;
  for (uint32_t c = 0; c < vals.size(); ++c) m.emplace(vals[c], c);  // first (smallest) code kept
  return m;
}

std::set<int64_t> value_set(const Format& f) {
  std::set<int64_t> s;
  for (uint32_t c = 0; c < pow2(f.bits); ++c) s.insert(an::value(f, c));
  return s;
}

std::set<int64_t> signed_set(std::initializer_list<int64_t> mags) {
  std::set<int64_t> s;
  for (const int64_t m : mags) {
    s.insert(m);
    s.insert(-m);
  }
  return s;
}

// Reference real quantizer: the largest distinct value whose lower midpoint y reaches (ties upward).
uint32_t ref_quantize_real(const std::map<int64_t, uint32_t>& canon, double y) {
  auto it = canon.begin();
  uint32_t code = it->second;
  double prev = static_cast<double>(it->first);
  for (++it; it != canon.end(); ++it) {
    const double v = static_cast<double>(it->first);
    if (y >= (prev + v) / 2.0) code = it->second;
    else break;
    prev = v;
  }
  return code;
}

}  // namespace bf::golden::ant::ant_test
