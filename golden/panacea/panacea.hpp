// bitforge golden model: Panacea (paper 003): SBR weight slices, DBS activation slices, zero-point manipulation
// (ZPM), DBS classification, HO slice-vector compression with RLE, the operands' memory image, the AQS-GEMM
// with compensation, and workload counts in the spirit of the paper's Table I.
//
// Bit-exact contract: the shared spec formats.md, section "Panacea" (the paper's equations were lost; the spec
// restates them). Summary:
//   * Weights: signed integers of 3k_w+4 bits, k_w in {0, 1, 2}, range [-2^(3k_w+3), 2^(3k_w+3) - 1]. SBR: k_w
//     times from the least significant end: q = r >> 3 (arithmetic), l = r mod 8, s = (q < 0), emit l - 8s,
//     continue with r = q + s; the remaining r is the HO slice. Slices are in [-8, 7] and
//     w = HO * 2^(3k_w) + sum_j LO_j * 2^(3j).
//   * Activations: unsigned 8-bit x, DBS type t in {0, 1, 2} (the paper's types 1, 2, 3): HO = x >> (4+t),
//     LO = (x >> t) mod 16; x_t = HO * 2^(4+t) + LO * 2^t (x with its t least significant bits cleared).
//   * ZPM: z' = floor(z / 2^(4+t)) * 2^(4+t) + 2^(3+t); the frequent HO value r = z' >> (4+t).
//   * Slice vectors (v rows of W's HO slices at one k; v columns of X's HO slices at one k), compressed when all
//     are 0 (W) or all equal r (X); RLE after Sibia with b-bit indices.
//   * AQS-GEMM: Y = W . X_t from shifted 4b x 4b slice products; compressed W vectors skipped, compressed X
//     vectors skipped and compensated with (r << (4+t)) * (rowsum_W[i] - partial[i]); exactly W . X_t.
//
// Choices made here (beyond the spec), each also commented at its declaration:
//   * Type t is the 0-based DBS type everywhere (t = 0, 1, 2 are the paper's types 1, 2, 3).
//   * r from z: r = zpm(z, t) >> (4+t) = z >> (4+t), so it does not matter whether a caller passes the zero
//     point before or after ZPM; the AQS-GEMM takes z and derives r.
//   * DBS: a direct skip-range measure on the histogram (after ZPM) instead of the paper's sigma / z-score
//     table; see dbs_classify.
//   * Blocks: M and N must be multiples of v (no implicit padding; a caller pads W with zero rows and X with
//     columns equal to z', which keeps every padded vector compressible).
//   * RLE: streaming encoder without look-ahead; a run of 2^b - 1 skipped vectors followed by another compressed
//     one stores that one explicitly with index 2^b - 1; a trailing run (< 2^b) is not stored (the decoder knows
//     the stream length K). See rle_encode.
//   * The RLE stream decides what is executed: a vector is *skipped* when it is compressed and not stored; a
//     compressed vector stored explicitly (a run breaker) is loaded and executed like an uncompressed one (the
//     compensation covers only skipped activation vectors; the result is exact either way).
//   * Memory image: word layout at OperandImage.
//   * Counting (Counters, WorkloadRow): one add per 4b x 4b product accumulated; compensation counted per row.
//   * Arithmetic: exact 64-bit, no accumulator width (|W[i][k] * X[k][j]| < 2^17, so Y fits for any K < 2^46).
//   * Errors: every function throws std::invalid_argument for an out-of-range parameter or value (details at
//     each declaration). Nothing throws std::out_of_range.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gemm/gemm.hpp"

namespace bf::golden::panacea {

using gemm::Matrix;

// =========================================================================================================
// Weights: SBR
// =========================================================================================================

// 3k_w + 4. k_w in [0, 2]; else std::invalid_argument (as for every function taking k_w).
int weight_bits(int k_w);
// The weight range [-2^(3k_w+3), 2^(3k_w+3) - 1].
int64_t weight_min(int k_w);
int64_t weight_max(int k_w);

// The k_w + 1 SBR slices of w, each in [-8, 7]: index j < k_w is LO slice j (offset 3j), index k_w is the HO
// slice (offset 3k_w). So slice j always has offset 3j. w in [weight_min, weight_max].
std::vector<int> slice_weight(int64_t w, int k_w);
// sum_j slices[j] * 2^(3j): the inverse of slice_weight. 1 to 3 slices, each in [-8, 7].
int64_t join_weight(std::span<const int> slices);

// =========================================================================================================
// Activations: DBS slicing and ZPM
// =========================================================================================================

struct ActSlices {
  int ho = 0;  // x >> (4+t), in [0, 2^(4-t) - 1] (a 4-bit slice whose top t bits are 0)
  int lo = 0;  // (x >> t) mod 16, in [0, 15]
  bool operator==(const ActSlices&) const = default;
};
// t in [0, 2] and x in [0, 255]; else std::invalid_argument (as for every function taking t, x or z).
ActSlices slice_act(int x, int t);
// ho * 2^(4+t) + lo * 2^t. ho in [0, 2^(4-t) - 1], lo in [0, 15].
int join_act(const ActSlices& s, int t);
// x with its t least significant bits cleared (= join_act(slice_act(x, t), t)).
int truncate_act(int x, int t);
// Every element truncated; elements in [0, 255].
Matrix truncate_acts(const Matrix& x, int t);

// z' = floor(z / 2^(4+t)) * 2^(4+t) + 2^(3+t), in [0, 255] for z in [0, 255].
int zpm(int z, int t);
// r = zpm(z, t) >> (4+t) (= z >> (4+t)).
int frequent_ho(int z, int t);
// An activation quantized with zero point z re-expressed with zero point zpm(z, t): clamp(x - z + z', 0, 255)
// (the calibration's shift of the distribution; the clamp is the quantizer's saturation).
int apply_zpm(int x, int z, int t);

// =========================================================================================================
// DBS classification
// =========================================================================================================

// Rule (choice). For each type t = 0, 1, 2 the histogram (of 8-bit activations quantized with zero point z) is
// shifted as ZPM for that t would shift it (apply_zpm) and in_range[t] counts the values whose HO slice then
// equals r_t = frequent_ho(z, t) (the values the AQS-GEMM can skip at slice level). The chosen t is the first
// with in_range[t] >= target * total; when none reaches the target, the t with the largest in_range (the
// smallest t on a tie: fewer dropped bits). An empty histogram (total 0) gives t = 0.
//
// Why not the paper's sigma rule: the paper estimates exactly this skip-range fraction from the standard
// deviation and a normal z-score table (a distribution centred in a skip range of width 2^(4+t) has
// erf(2^(3+t) / (sigma sqrt 2)) of its mass inside, so at target 0.9 the type-1/2/3 bounds would be
// sigma <= 8 / 1.645, 16 / 1.645, 32 / 1.645). Counting the histogram gives that fraction directly, with no
// normality assumption (skewed post-GELU / post-ReLU layers), and is an exact integer rule to test.
struct DbsChoice {
  int t = 0;                          // the chosen type (0-based)
  int z_prime = 0;                    // zpm(z, t) for the chosen t
  int r = 0;                          // frequent_ho(z, t) for the chosen t
  uint64_t total = 0;                 // sum of the histogram
  std::array<uint64_t, 3> in_range{};  // per t: values in the skip range after ZPM
  std::array<double, 3> fraction{};   // per t: in_range / total (0 when total is 0)
};
// histogram: exactly 256 counts (index = activation value), total < 2^53 (exact in double); target in [0, 1].
DbsChoice dbs_classify(std::span<const uint64_t> histogram, int z, double target = 0.9);

// =========================================================================================================
// Slice vectors and compression
// =========================================================================================================

// Which HO slice vectors are compressed: for W (M x K), block I covers rows I*v .. I*v + v - 1, compressed when
// all their HO slices at k are 0; for X (K x N), block J covers columns J*v .. J*v + v - 1, compressed when
// all their HO slices at k equal r = frequent_ho(z, t).
struct VectorMap {
  int blocks = 0;                 // M / v or N / v
  int k = 0;                      // K
  std::vector<bool> compressed;   // [block * k + kk]
  bool at(int block, int kk) const {
    return compressed[static_cast<size_t>(block) * static_cast<size_t>(k) + static_cast<size_t>(kk)];
  }
  bool operator==(const VectorMap&) const = default;
};
// v in [1, 12]; M (N) a positive multiple of v, K >= 1; weights in range for k_w; activations in [0, 255].
VectorMap weight_map(const Matrix& w, int k_w, int v);
VectorMap act_map(const Matrix& x, int z, int t, int v);

// =========================================================================================================
// RLE
// =========================================================================================================

// A stream is `length` vectors of v slices, flat: slices[n * v + s]. A vector is compressed when all its slices
// equal `fill` (0 for W, r for X). Entries are the stored vectors in order:
//   index = the number of compressed vectors skipped since the previous entry (or the stream start), in
//           [0, 2^b - 1];
//   slices = the stored vector.
// Encoder (streaming, no look-ahead): a pending run counter starts at 0. An uncompressed vector is stored with
// index = run, run = 0. A compressed vector with run < 2^b - 1 is skipped (run + 1); with run = 2^b - 1 it is
// stored explicitly with index 2^b - 1 and run = 0 (so a maximal run of L compressed vectors costs
// floor(L / 2^b) explicit entries). The trailing run (< 2^b vectors) needs no entry: the decoder fills up to
// `length` with fill vectors.
struct RleEntry {
  int index = 0;
  std::vector<int> slices;
  bool operator==(const RleEntry&) const = default;
};
struct RleStream {
  int v = 4;
  int b = 4;
  int fill = 0;
  int length = 0;  // vectors in the decoded stream
  std::vector<RleEntry> entries;
  bool operator==(const RleStream&) const = default;
};
// v in [1, 12], b in [1, 16], slices.size() a multiple of v (any slice values).
RleStream rle_encode(std::span<const int> slices, int v, int fill, int b);
// The flat stream. Accepts any well-formed stream, also non-canonical ones (an entry may hold a compressed
// vector with any index): skipped vectors become fill vectors. Throws for v / b out of range, an index outside
// [0, 2^b - 1], an entry without v slices, or entries that run past `length`.
std::vector<int> rle_decode(const RleStream& s);
// The vector position of each entry (what the hardware's index decoder recovers); same checks as rle_decode.
std::vector<int> rle_positions(const RleStream& s);

// =========================================================================================================
// Operand blocks and their memory image
// =========================================================================================================

// One operand block as 4-bit slices, k major: a weight row block (v rows x K) or an activation column block
// (K x v columns). Slice s of a vector is row I*v + s (W) or column J*v + s (X).
struct BlockSlices {
  int v = 4;
  int k = 0;
  int lo_planes = 1;       // k_w for W (may be 0), 1 for X
  bool is_signed = false;  // W: two's complement slices in [-8, 7]; X: unsigned slices in [0, 15]
  int fill = 0;            // the compressed HO value: 0 for W, r for X
  std::vector<int> ho;     // [kk * v + s]
  std::vector<int> lo;     // [(kk * lo_planes + j) * v + s]
  int ho_at(int kk, int s) const { return ho[static_cast<size_t>(kk * v + s)]; }
  int lo_at(int kk, int j, int s) const { return lo[static_cast<size_t>((kk * lo_planes + j) * v + s)]; }
  bool operator==(const BlockSlices&) const = default;
};
// Row block `row_block` of W (M x K): HO slices, LO planes j = 0 .. k_w - 1. Same checks as weight_map, and
// row_block in [0, M / v).
BlockSlices weight_block(const Matrix& w, int k_w, int v, int row_block);
// Column block `col_block` of X (K x N) sliced with type t, fill = frequent_ho(z, t). Same checks as act_map,
// and col_block in [0, N / v).
BlockSlices act_block(const Matrix& x, int z, int t, int v, int col_block);

// The memory image of one block (what the hardware loads). Two word streams, each word LSB first:
//   ho_words: the HO RLE entries (rle_encode of the block's HO vectors with fill and b) in order; entry word =
//             index in bits [0, b), slice s in bits [b + 4s, b + 4s + 4) (4-bit two's complement for W,
//             unsigned for X); b + 4v <= 64 bits, the bits above are 0.
//   lo_words: the dense LO slices, for kk = 0 .. K-1, for j = 0 .. lo_planes-1: one word with slice s in
//             bits [4s, 4s + 4) (same encoding); 4v bits. W has k_w words per k (none at k_w = 0), X one.
// The header fields travel as configuration (registers), not in memory.
struct OperandImage {
  int v = 4;
  int b = 4;
  int k = 0;
  int lo_planes = 1;
  bool is_signed = false;
  int fill = 0;
  std::vector<uint64_t> ho_words;
  std::vector<uint64_t> lo_words;
  bool operator==(const OperandImage&) const = default;
};
// b in [1, 16]; the block's v in [1, 12], k >= 1, lo_planes in [0, 2], slice counts and ranges consistent
// (signed [-8, 7], unsigned [0, 15], fill in the same range).
OperandImage pack(const BlockSlices& block, int b);
// The inverse: skipped HO vectors come back as fill vectors. Throws for an inconsistent header, a word with bits
// above its width, a wrong lo_words count, or RLE entries past k.
BlockSlices unpack(const OperandImage& image);
// Per k: whether the HO vector is in ho_words (stored) or skipped. Same checks as unpack.
std::vector<bool> stored_vectors(const OperandImage& image);

// =========================================================================================================
// AQS-GEMM
// =========================================================================================================

struct Config {
  int k_w = 1;       // weight LO slices (weights 3k_w + 4 bits), [0, 2]
  int t = 0;         // DBS type (0-based), [0, 2]
  int z = 128;       // activation zero point (before or after ZPM: r is the same), [0, 255]
  int v = 4;         // slice-vector length, [1, 12]
  int rle_bits = 4;  // b, [1, 16]
};

// Counters of one AQS-GEMM. Per (row block I, column block J, k) there are 2(k_w + 1) slice outer products
// (weight slices j = 0..k_w times activation LO / HO), each v x v:
//   executed: LO_w x LO_x always (k_w "static" products); HO_w x LO_x when the W vector is stored;
//             LO_w x HO_x (k_w of them) when the X vector is stored; HO_w x HO_x when both are ("dynamic").
//   skipped_by_w: the 2 products with HO_w when the W vector is skipped (also when the X vector is skipped);
//   skipped_by_x: the products with HO_x when the X vector is skipped, not already counted under W
//                 (k_w + 1 when the W vector is stored, k_w when it is skipped).
//   executed + skipped_by_w + skipped_by_x = 2(k_w + 1) for every (I, J, k).
// Compensation per (I, J), for each of its v rows i (rowsum_W[i] is offline, folded into the bias):
//   partial[i] = sum of W[i][k] over the k whose X vector is stored: one add per (i, stored k);
//   c[i] = (r << (4+t)) * (rowsum_W[i] - partial[i]): one subtract and one multiply per i (the paper's
//   hardware does it as a v x v outer product with a vector of r, Table I's "16" for v = 4; the v columns share
//   c[i], so v multiplies suffice);
//   Y[i][j] = acc[i][j] + c[i]: one add per (i, j).
// Compensation is always computed (also when r = 0).
struct Counters {
  uint64_t mults = 0;             // 4b x 4b multiplications: v * v per executed outer product
  uint64_t static_products = 0;   // executed LO x LO outer products
  uint64_t dynamic_products = 0;  // executed outer products with an HO slice
  uint64_t skipped_by_w = 0;      // outer products skipped (see above)
  uint64_t skipped_by_x = 0;
  uint64_t comp_adds = 0;   // sum over (I, J) of v * |stored X k in J| + v + v * v
  uint64_t comp_mults = 0;  // v per (I, J)
  bool operator==(const Counters&) const = default;
};
struct GemmResult {
  Matrix y;  // M x N, = W . X_t exactly
  Counters counters;
};
// W (M x K, weights of 3k_w + 4 bits), X (K x N, values in [0, 255]), M and N positive multiples of v, K >= 1.
// Computed from the memory images (pack, then unpack and stored_vectors), block by block, as the hardware does.
GemmResult aqs_gemm(const Matrix& w, const Matrix& x, const Config& cfg);

// =========================================================================================================
// Workload counts (Table I)
// =========================================================================================================

// Each operand is loaded once (the paper's "sufficient memory"); every row counts the whole M x K x N GEMM.
//   slice_mults: 4b x 4b multiplications (v * v per executed outer product).
//   comp_mults: compensation multiplies (Panacea only; Counters.comp_mults).
//   adds: one per 4b x 4b product accumulated into a partial sum, plus (Panacea) Counters.comp_adds.
//   ema_slices: 4-bit slices loaded; ema_index_bits: RLE index bits loaded.
// Rows:
//   dense: every outer product executed; loads every slice (M K (k_w + 1) + 2 K N), no indices.
//   zero_skip (Sibia-style zero-slice skipping): skips the products of an HO vector that is all zero (W: the
//     Panacea rule; X: all-zero HO vectors, i.e. the r = 0 rule, whatever r is), no compensation, no run limit;
//     loads dense matrices (the paper: Sibia "loads dense matrices regardless of compression"). Note: Sibia
//     itself exploits only one operand's sparsity at a time (paper III-B); this row skips both, so it is the
//     best case of zero-only skipping.
//   panacea: aqs_gemm's counters; loads every LO slice (M K k_w + K N), the stored HO vectors (v slices each)
//     and their indices (b bits each), i.e. exactly the memory images.
struct WorkloadRow {
  uint64_t slice_mults = 0;
  uint64_t comp_mults = 0;
  uint64_t adds = 0;
  uint64_t ema_slices = 0;
  uint64_t ema_index_bits = 0;
  uint64_t ema_bits() const { return 4 * ema_slices + ema_index_bits; }
  bool operator==(const WorkloadRow&) const = default;
};
struct Workload {
  WorkloadRow dense;
  WorkloadRow zero_skip;
  WorkloadRow panacea;
};
// Same arguments and checks as aqs_gemm.
Workload workload(const Matrix& w, const Matrix& x, const Config& cfg);

}  // namespace bf::golden::panacea
