#include "spark/spark_data.hpp"

#include <algorithm>
#include <cmath>

namespace bf::verif::spark {

using namespace bf::golden::spark;
namespace gemm = bf::golden::gemm;

namespace {

int64_t pow2(int n) { return int64_t{1} << n; }

int64_t clamp_to(const Format& f, int64_t v) { return std::clamp(v, f.min_input(), f.max_input()); }

// A value whose code is short (|v| < 2^(B-1)) or long.
int64_t short_value(const Format& f, std::mt19937_64& rng) {
  const int64_t m = static_cast<int64_t>(rng() % static_cast<uint64_t>(pow2(f.unit_bits() - 1)));
  return f.is_signed && rng() % 2 ? -m : m;
}
int64_t long_value(const Format& f, std::mt19937_64& rng) {
  const int64_t lo = pow2(f.unit_bits() - 1);
  const int64_t m = lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(f.max_input() - lo + 1));
  if (f.is_signed && rng() % 64 == 0) return f.min_input();  // -2^N: saturates to -(2^N - 1)
  return f.is_signed && rng() % 2 ? -m : m;
}

}  // namespace

const char* dist_name(Dist d) {
  switch (d) {
    case Dist::Gaussian: return "gaussian";
    case Dist::Laplace: return "laplace";
    case Dist::Uniform: return "uniform";
    case Dist::AllLong: return "all-long";
    case Dist::AllShort: return "all-short";
    case Dist::Alternating: return "alternating";
    case Dist::OneLong: return "one-long";
    case Dist::Bunched: return "bunched";
  }
  return "?";
}

// K values of one lane (an A row or a B column) out of `lanes`.
std::vector<int64_t> lane_values(const Format& f, Dist d, int k, int lane, int lanes, double scale, std::mt19937_64& rng) {
  std::vector<int64_t> v(static_cast<size_t>(k));
  const double sigma = scale * static_cast<double>(pow2(f.unit_bits() - 1));
  const int one = static_cast<int>(rng() % static_cast<uint64_t>(k));
  const int win = std::max(1, k / 4), start = lanes > 1 ? lane * (k - win) / (lanes - 1) : 0;
  for (int i = 0; i < k; ++i) {
    int64_t x = 0;
    switch (d) {
      case Dist::Gaussian: x = std::llround(std::normal_distribution<double>(0, sigma)(rng)); break;
      case Dist::Laplace: {
        const double e = std::exponential_distribution<double>(1.0 / sigma)(rng);
        x = std::llround(rng() % 2 ? e : -e);
        break;
      }
      case Dist::Uniform: x = f.min_input() + static_cast<int64_t>(rng() % static_cast<uint64_t>(f.max_input() - f.min_input() + 1)); break;
      case Dist::AllLong: x = long_value(f, rng); break;
      case Dist::AllShort: x = short_value(f, rng); break;
      case Dist::Alternating: x = (i + lane) % 2 ? long_value(f, rng) : short_value(f, rng); break;
      case Dist::OneLong: x = i == one ? long_value(f, rng) : short_value(f, rng); break;
      case Dist::Bunched: x = i >= start && i < start + win ? long_value(f, rng) : short_value(f, rng); break;
    }
    if (!f.is_signed) x = x < 0 ? -x : x;
    v[static_cast<size_t>(i)] = clamp_to(f, x);
  }
  return v;
}

gemm::Job random_job(const ArrayShape& s, int k, Dist da, Dist db, std::mt19937_64& rng) {
  gemm::Job j{gemm::Matrix(s.rows, k), gemm::Matrix(k, s.cols)};
  const double scales[] = {0.25, 1, 4, 16};
  const double sa = scales[rng() % 4], sb = scales[rng() % 4];
  for (int r = 0; r < s.rows; ++r) {
    const auto v = lane_values(s.a_format(), da, k, r, s.rows, sa, rng);
    for (int i = 0; i < k; ++i) j.a.at(r, i) = v[static_cast<size_t>(i)];
  }
  for (int c = 0; c < s.cols; ++c) {
    const auto v = lane_values(s.b_format(), db, k, c, s.cols, sb, rng);
    for (int i = 0; i < k; ++i) j.b.at(i, c) = v[static_cast<size_t>(i)];
  }
  return j;
}


}  // namespace bf::verif::spark
