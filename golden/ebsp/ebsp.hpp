// bitforge golden model: EBSP bit-sparsity patterns and the LUT-based product (paper 001).
//
// Bit-exact contract: docs/ebsp.md "Formats" and the shared spec formats.md, section "EBSP". Summary:
//   * A magnitude v conforms to a pattern of length s when v = 0 or every bit below e - s + 1 is 0
//     (e = floor(log2 v)): the leading one and at most s - 1 bits after it.
//   * truncate (the paper's mask, what the hardware does): clear the bits below e - s + 1.
//   * nearest (software only): the conforming value nearest to v, a tie to the larger one; above the largest
//     conforming value of the width (s ones followed by zeros) it saturates there.
//   * decomposition of a conforming v != 0: (e, m), m = the s - 1 bits after the leading one, zero-padded
//     below bit 0 when e < s - 1, so v = (2^(s-1) + m) x 2^(e-s+1).
//   * LUT: 2^((s_a-1)+(s_w-1)) entries, entry[m_a][m_w] = (2^(s_a-1) + m_a) x (2^(s_w-1) + m_w), index
//     (m_a << (s_w-1)) | m_w.
//   * product: (entry << (e_a + e_w)) >> ((s_a-1) + (s_w-1)), 0 when an operand is 0, negated for a negative
//     weight; equals pattern_value(a) x pattern_value(w).
//
// Choices made here (beyond the docs), all also commented at the definitions:
//   * Pattern widths: bits in [1, 16] unsigned, [2, 16] signed (sign-magnitude, magnitude bits = bits - 1),
//     so every intermediate of the product (entry << (e_a + e_w) < 2^60) fits in 64 bits.
//   * Values are integers of the pattern's input domain: unsigned [0, 2^bits - 1]; signed
//     [-(2^(bits-1) - 1), 2^(bits-1) - 1] (a negative zero is just 0). Values outside throw.
//   * lut_product takes any signedness for either operand: the product's sign is sign(a) xor sign(w) (for
//     the hardware's unsigned activations: the weight's sign).
//   * Errors: every function throws std::invalid_argument for an invalid pattern or length, and for a value
//     outside its domain (details at each declaration). Nothing throws std::out_of_range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace bf::golden::ebsp {

struct Pattern {
  int bits = 8;            // the integer width (unsigned: magnitude bits; signed: sign + bits-1 magnitude bits)
  int length = 4;          // s: the leading one and at most s - 1 bits after it
  bool is_signed = false;  // activations unsigned; weights sign-magnitude (sign in bit bits-1)
  bool operator==(const Pattern&) const = default;
};

// bits in [1, 16] (unsigned) or [2, 16] (signed) and length in [1, magnitude_bits].
bool valid_pattern(const Pattern&);
// bits (unsigned) or bits - 1 (signed). Throws for an invalid pattern.
int magnitude_bits(const Pattern&);
// The integer input domain: unsigned [0, 2^bits - 1]; signed [-(2^(bits-1) - 1), 2^(bits-1) - 1].
// Throw for an invalid pattern.
int64_t min_value(const Pattern&);
int64_t max_value(const Pattern&);

// length in [1, 64], any mag; else std::invalid_argument.
bool conforms(uint64_t mag, int length);
// Clears the bits below e - length + 1 (0 stays 0). length in [1, 64], any mag.
uint64_t truncate(uint64_t mag, int length);
// The conforming value of mag_bits bits nearest to mag; a tie goes to the larger one; a mag above the largest
// conforming value (2^length - 1) << (mag_bits - length) gives that value. mag_bits in [1, 63], length in
// [1, mag_bits], mag < 2^mag_bits; else std::invalid_argument.
uint64_t nearest(uint64_t mag, int length, int mag_bits);

// The signed value after the pattern: sign kept, magnitude truncated (or nearest at magnitude_bits when
// nearest_mode). v must be in [min_value, max_value].
int64_t pattern_value(const Pattern&, int64_t v, bool nearest_mode = false);

// Decomposition of truncate(mag, length): zero (then e = 0, m = 0); e = floor(log2); m = the length - 1 bits
// after the leading one, zero-padded below bit 0. length in [1, 33] (m fits in 32 bits), any mag.
struct Decomposed {
  bool zero = true;
  int e = 0;
  uint32_t m = 0;
  bool operator==(const Decomposed&) const = default;
};
Decomposed decompose(uint64_t mag, int length);

// Pre-split storage (docs/ebsp.md "Pre-split operands", the paper's stored format): a value after its pattern
// as the fields {sign (signed patterns only), zero, e, m}, most significant first, e of split_layout().e_bits
// bits (max(1, ceil(log2(magnitude_bits)))), m the length - 1 bits of its decomposition (no field for length 1).
// A zero (a negative zero too) is sign 0, zero 1, e 0, m 0. Throws for an invalid pattern or a value outside
// the domain.
struct SplitLayout {
  int e_bits = 1;
  int m_bits = 0;
  int bits = 2;  // (signed) + 1 + e_bits + m_bits
};
SplitLayout split_layout(const Pattern&);
uint64_t split_fields(const Pattern&, int64_t v);
// The port bits of `value_bits` (an integer port: sign-magnitude for signed patterns, a negative zero allowed)
// split; value_bits < 2^bits.
uint64_t split_fields_of_bits(const Pattern&, uint64_t value_bits);

// 2^((s_a-1)+(s_w-1)). s_a, s_w in [1, 16]; else std::invalid_argument.
int lut_entries(int s_a, int s_w);
// The LUT, index (m_a << (s_w-1)) | m_w, entry (2^(s_a-1) + m_a) x (2^(s_w-1) + m_w) (s_a + s_w bits).
// s_a, s_w in [1, 16] and (s_a-1)+(s_w-1) <= 24 (at most 16M entries); else std::invalid_argument.
std::vector<uint32_t> lut(int s_a, int s_w);

// The PE's datapath: decompose both operands (truncating), (entry << (e_a + e_w)) >> ((s_a-1) + (s_w-1)),
// 0 when either is zero, negated when the signs differ (see choices). Equals pattern_value(act, a) x
// pattern_value(wgt, w). Throws for invalid patterns or out-of-domain a / w.
int64_t lut_product(const Pattern& act, const Pattern& wgt, int64_t a, int64_t w);

// Port bits <-> values. Signed: bits = sign << (bits-1) | |w|; back: negative zero -> 0. Unsigned: the
// identity. w must be in the pattern's domain, `port` < 2^bits; else std::invalid_argument.
uint64_t wgt_bits_of(const Pattern&, int64_t w);
int64_t wgt_value_of_bits(const Pattern&, uint64_t port);

struct TensorStats {
  size_t count = 0;
  size_t changed = 0;            // elements with pattern_value != value
  double changed_fraction = 0;   // changed / count
  double mse = 0;                // mean of (value - pattern_value)^2, integer units
  int64_t max_abs_error = 0;
};
// All fields 0 for an empty span; throws for an invalid pattern or an out-of-domain value.
TensorStats stats(const Pattern&, std::span<const int64_t> values, bool nearest_mode = false);

}  // namespace bf::golden::ebsp
