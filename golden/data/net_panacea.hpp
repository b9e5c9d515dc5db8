// Panacea's path through a network (docs/evaluate.md, "panacea"): a Conv2D as Panacea's AQS-GEMM
// (golden::panacea::aqs_gemm, the reference of panacea_pea / panacea_core), and its cycles on a panacea_core.
#pragma once

#include <cstdint>

#include "data/net.hpp"
#include "data/net_designs.hpp"
#include "gemm/gemm.hpp"
#include "panacea/panacea.hpp"

namespace bf::data {

// The panacea_core evaluate runs on (docs/evaluate.md): P PEAs of v = 4, k_w = 1 (7-bit weights), kmax 16, b = 4,
// one dynamic item per cycle, no dtp.
struct PanaceaCore {
  int peas = 2, v = 4, dwo = 4, swo = 8, k_w = 1, kmax = 16, rle_bits = 4;
};

// Cycles of W (M x K) . X (K x N) on the core, as `bitforge sim` runs it: M padded with zero rows to a multiple
// of P v, N with columns of z' to a multiple of v, K cut into kmax chunks; one tile per (row group, column
// block, chunk), one after another. A tile of Kc = K's chunk takes Kc + 3 + C cycles (taken, LOAD Kc + 1, COMPUTE
// C, OUT with y_ready high), C = max over PEAs of max(ceil(Kc / S), Dn) + 1, S = floor(swo / k_w), Dn = the k
// whose W HO vector (of that PEA's row block) or X HO vector is stored in its memory image (the pea.hpp
// contract at dtp 0, dyn_items 1). X in [0, 255] with zero point z, DBS type t (0-based).
uint64_t panacea_cycles(const PanaceaCore&, const golden::gemm::Matrix& w, const golden::gemm::Matrix& x, int z,
                        int t);

struct PanaceaLayer {
  FeatureMap out;
  double weight_bits = 0, act_bits = 0;  // memory-image bits per stored weight / patch-matrix activation (padding
                                         // included)
  uint64_t cycles = 0;                   // panacea_cycles (0 unless asked)
  uint64_t tiles = 0;
  uint64_t mults = 0;                    // executed 4b x 4b slice products, per kmax chunk as the core runs them
  int t = 0, z = 0;                      // the DBS type (0-based) and the zero point after ZPM
  SpotTile spot;                         // W's first P v rows, X's first v columns (with the cycles)
};

// One Conv2D: weights per output channel, symmetric, [-63, 63] (k_w = 1); the input asymmetric 8-bit per tensor,
// its zero point moved by ZPM and its DBS type chosen on the final codes (net_panacea.cpp, panacea_acts); the
// GEMM W (Cout x K) . X_t (K x pixels) is aqs_gemm.
PanaceaLayer run_panacea(const PanaceaCore&, const Conv&, const FeatureMap& in, const Patches& p, bool cycles);

}  // namespace bf::data
