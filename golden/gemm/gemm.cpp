#include "gemm/gemm.hpp"

#include <stdexcept>

namespace bf::golden::gemm {

int exact_acc_bits(uint64_t max_abs_a, uint64_t max_abs_b, int64_t k_max) {
  uint64_t ab = 0, bound = 0;
  if (k_max < 1 || __builtin_mul_overflow(max_abs_a, max_abs_b, &ab) ||
      __builtin_mul_overflow(ab, static_cast<uint64_t>(k_max), &bound) || bound >= (uint64_t{1} << 62)) {
    throw std::invalid_argument("exact_acc_bits: k_max x max|a| x max|b| must be below 2^62");
  }
  int w = 1;
  while ((uint64_t{1} << (w - 1)) - 1 < bound) ++w;
  return w;
}

uint64_t max_abs_int(int bits, bool is_signed) {
  return is_signed ? uint64_t{1} << (bits - 1) : (uint64_t{1} << bits) - 1;
}

int exact_acc_bits(int a_bits, bool a_signed, int b_bits, bool b_signed, int64_t k_max) {
  return exact_acc_bits(max_abs_int(a_bits, a_signed), max_abs_int(b_bits, b_signed), k_max);
}

int64_t wrap(int64_t v, int bits) {
  if (bits < 1 || bits > 64) throw std::invalid_argument("wrap: bits must be in [1, 64]");
  if (bits == 64) return v;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  const uint64_t sign = uint64_t{1} << (bits - 1);
  const uint64_t u = static_cast<uint64_t>(v) & mask;
  return static_cast<int64_t>(u ^ sign) - static_cast<int64_t>(sign);
}

Matrix gemm(const Matrix& a, const Matrix& b, int acc_bits) {
  if (a.cols != b.rows) throw std::invalid_argument("gemm: A is R x K, B must be K x C");
  Matrix c(a.rows, b.cols);
  for (int i = 0; i < a.rows; ++i) {
    for (int j = 0; j < b.cols; ++j) {
      uint64_t acc = 0;  // modulo 2^64, then wrapped: no signed overflow
      for (int k = 0; k < a.cols; ++k) acc += static_cast<uint64_t>(a.at(i, k)) * static_cast<uint64_t>(b.at(k, j));
      c.at(i, j) = wrap(static_cast<int64_t>(acc), acc_bits);
    }
  }
  return c;
}

int64_t min_value(int bits, bool is_signed) { return is_signed ? -(int64_t{1} << (bits - 1)) : 0; }
int64_t max_value(int bits, bool is_signed) {
  return is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
}

Tiling tile(const Matrix& a, const Matrix& b, int rows, int cols) {
  if (a.cols != b.rows || a.cols < 1) throw std::invalid_argument("tile: A is M x K, B is K x N, K >= 1");
  Tiling t;
  t.m = a.rows;
  t.n = b.cols;
  t.row_tiles = (a.rows + rows - 1) / rows;
  t.col_tiles = (b.cols + cols - 1) / cols;
  const int k = a.cols;
  for (int rt = 0; rt < t.row_tiles; ++rt) {
    for (int ct = 0; ct < t.col_tiles; ++ct) {
      Job j{Matrix(rows, k), Matrix(k, cols)};
      for (int r = 0; r < rows && rt * rows + r < a.rows; ++r) {
        for (int kk = 0; kk < k; ++kk) j.a.at(r, kk) = a.at(rt * rows + r, kk);
      }
      for (int kk = 0; kk < k; ++kk) {
        for (int c = 0; c < cols && ct * cols + c < b.cols; ++c) j.b.at(kk, c) = b.at(kk, ct * cols + c);
      }
      t.jobs.push_back(std::move(j));
    }
  }
  return t;
}

Matrix untile(const Tiling& t, const std::vector<Matrix>& c_tiles) {
  Matrix c(t.m, t.n);
  for (int rt = 0; rt < t.row_tiles; ++rt) {
    for (int ct = 0; ct < t.col_tiles; ++ct) {
      const Matrix& tilec = c_tiles.at(static_cast<size_t>(rt * t.col_tiles + ct));
      for (int r = 0; r < tilec.rows && rt * tilec.rows + r < t.m; ++r) {
        for (int col = 0; col < tilec.cols && ct * tilec.cols + col < t.n; ++col) {
          c.at(rt * tilec.rows + r, ct * tilec.cols + col) = tilec.at(r, col);
        }
      }
    }
  }
  return c;
}

}  // namespace bf::golden::gemm
