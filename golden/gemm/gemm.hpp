// Exact integer GEMM and the job model of the array interface (interfaces.md, "GEMM arrays"), shared by
// every array's cycle model, test bench and `sim`.
//
// One job computes C (R x C) = A (R x K) . B (K x C). Row r of A is one stream (A[r][0..K-1], `last` on the
// final beat); column c of B is one stream (B[0..K-1][c]); C leaves row by row. Accumulators are acc_bits-bit
// two's complement and wrap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bf::golden::gemm {

struct Matrix {
  int rows = 0;
  int cols = 0;
  std::vector<int64_t> v;  // row-major

  Matrix() = default;
  Matrix(int r, int c) : rows(r), cols(c), v(static_cast<size_t>(r) * static_cast<size_t>(c), 0) {}
  int64_t& at(int r, int c) { return v[static_cast<size_t>(r) * static_cast<size_t>(cols) + static_cast<size_t>(c)]; }
  int64_t at(int r, int c) const {
    return v[static_cast<size_t>(r) * static_cast<size_t>(cols) + static_cast<size_t>(c)];
  }
  bool operator==(const Matrix&) const = default;
};

// v reduced to `bits`-bit two's complement (bits in 1..64).
int64_t wrap(int64_t v, int bits);

// C = A . B exactly, each element wrapped to acc_bits (the array's accumulator arithmetic; products and sums
// are taken modulo 2^acc_bits, which is exact whenever the true result fits).
Matrix gemm(const Matrix& a, const Matrix& b, int acc_bits = 64);

// The k_max rule: the narrowest two's complement accumulator that holds every sum of up to k_max products of
// operands with |a| <= max_abs_a and |b| <= max_abs_b exactly: W = 1 + ceil(log2(k_max * max_abs_a * max_abs_b
// + 1)), i.e. the bound k_max * max|a| * max|b| <= 2^(W-1) - 1. Beyond k_max products a sum may wrap (modulo
// 2^W). Every family states its operands' largest magnitudes; k_max >= 1, the bound below 2^62.
int exact_acc_bits(uint64_t max_abs_a, uint64_t max_abs_b, int64_t k_max);
// For integer operands: max |a| = 2^(bits-1) when signed, 2^bits - 1 when not. 8 x 8 signed over K <= 256: 24.
int exact_acc_bits(int a_bits, bool a_signed, int b_bits, bool b_signed, int64_t k_max);
uint64_t max_abs_int(int bits, bool is_signed);

// Operand range of a `bits`-bit integer: [0, 2^bits) or [-2^(bits-1), 2^(bits-1)).
int64_t min_value(int bits, bool is_signed);
int64_t max_value(int bits, bool is_signed);

struct Job {
  Matrix a;  // R x K
  Matrix b;  // K x C
  // Multiply-accumulates of the job: R x K x C.
  uint64_t macs() const {
    return static_cast<uint64_t>(a.rows) * static_cast<uint64_t>(a.cols) * static_cast<uint64_t>(b.cols);
  }
};

// Tiling of M x K . K x N onto an R x C array: one job per (row tile, column tile), rows and columns
// zero-padded to R and C; K is not split (a job takes any K >= 1).
struct Tiling {
  int m = 0, n = 0, row_tiles = 0, col_tiles = 0;
  std::vector<Job> jobs;  // row tile major: job index = rt * col_tiles + ct
};
Tiling tile(const Matrix& a, const Matrix& b, int rows, int cols);
// Assembles the M x N result from the jobs' C tiles (each R x C), dropping the padding.
Matrix untile(const Tiling& t, const std::vector<Matrix>& c_tiles);

}  // namespace bf::golden::gemm
