// Shared helpers of the Panacea golden model tests (golden/panacea/panacea.hpp; golden_panacea_*_test.cpp, one file
// per topic), against formats.md "Panacea" and paper 003 (III-B SBR and the AQS-GEMM, Table I, III-C ZPM and DBS).
//
// Expectations are derived by hand (the arithmetic written out next to each case) or come from the independent
// references declared here, written with different arithmetic: SBR as "the slice congruent to the remainder mod 8,
// in [0, 7] for a non-negative and [-8, -1] for a negative remainder", activation slices by division, ZPM by a
// search over [0, 255], RLE storage by "the 2^b-th, 2*2^b-th, ... vector of each run of compressed vectors",
// AQS-GEMM results by the plain integer GEMM of W and X with its dropped bits cleared, counters from the
// documented per-(I, J, k) rules. Nothing is copied from running the model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "panacea/panacea.hpp"

namespace bf::golden::panacea::panacea_test {

int64_t pow2(int n);

// ---- independent references ----

// SBR by congruence: each LO slice is the value congruent to the remainder mod 8 in [0, 7] (remainder >= 0) or
// [-8, -1] (remainder < 0); the remainder then becomes (remainder - slice) / 8, exactly.
std::vector<int> ref_sbr(int64_t w, int k_w);
int ref_w_ho(int64_t w, int k_w);

int ref_a_ho(int64_t x, int t);
int ref_a_lo(int64_t x, int t);
int64_t ref_trunc(int64_t x, int t);
// r: the HO value of the zero point's bucket (ZPM keeps the bucket).
int ref_r(int z, int t);

Matrix ref_truncate(const Matrix& x, int t);

// Stored flags of a stream of compressed / uncompressed vectors: uncompressed always; a compressed one when it
// is the (m * 2^b)-th of its run of consecutive compressed vectors.
std::vector<bool> ref_stored(const std::vector<bool>& compressed, int b);

struct RefMaps {
  std::vector<std::vector<bool>> w_comp, x_comp;  // [block][k]
};
RefMaps ref_maps(const Matrix& w, const Matrix& x, const Config& c);

// Counters from the documented rules, per (I, J, k).
Counters ref_counters(const Matrix& w, const Matrix& x, const Config& c);

// ---- generators ----

// An activation whose HO slice is r (want_r) or not.
int64_t gen_act(std::mt19937_64& rng, int t, int r, bool want_r);

// W (M x K) with exactly round(sparsity * vectors) compressed HO vectors: compressed vectors take weights with HO
// 0; uncompressed ones take random weights with one random row forced to a nonzero HO.
Matrix gen_w(std::mt19937_64& rng, int M, int K, const Config& c, double sparsity);
// X (K x N) likewise: compressed vectors take values with HO r.
Matrix gen_x(std::mt19937_64& rng, int K, int N, const Config& c, double sparsity);

size_t count_true(const std::vector<std::vector<bool>>& m);

std::string cfg_name(const Config& c);

Matrix mat(int rows, int cols, std::vector<int64_t> values);

}  // namespace bf::golden::panacea::panacea_test
