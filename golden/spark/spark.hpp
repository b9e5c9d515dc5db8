// bitforge golden model: SPARK variable-length integer code (paper 000).
//
// Bit-exact contract: the shared spec formats.md, section "SPARK". Summary for N bits, B = N/2:
//   encode v (0 <= v < 2^N), H = v >> B, L = v mod 2^B:
//     v < 2^(B-1)        -> one unit: v
//     otherwise          -> two units, upper first:
//                           upper = {1, H[B-2:1], H[B-1]}
//                           lower = L        if H[B-1] == H[0]
//                                   all ones if H[0] == 1, H[B-1] == 0
//                                   zeros    if H[0] == 0, H[B-1] == 1
//   decode (one unit per step): idle + MSB 0 -> short value; idle + MSB 1 -> pending upper
//   H' = {U[0], U[B-2:1], U[0]}; pending + next unit L' -> H' * 2^B + L'.
//
// Choices made here (beyond formats.md), all also commented at the definitions:
//   * Signed formats are sign-magnitude: |v| is coded and every unit carries the sign in bit B.
//   * The encoder port is N+1-bit two's complement for signed formats, so v = -(2^N) is accepted; its
//     magnitude 2^N does not fit in N bits and saturates to 2^N - 1 (value -(2^N - 1)).
//   * On decode, the value's sign is the sign bit of the unit that completes the value (the lower unit of a
//     long code; the upper unit's sign bit is ignored). Negative zero decodes to 0.
//   * Encoded keeps a copy of its Format so that code() and units() need no extra parameter.
//   * Every function throws std::invalid_argument for an invalid Format, and for units that do not fit in
//     unit_width() bits; encode throws std::out_of_range for values outside [min_input, max_input].
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace bf::golden::spark {

struct Format {
  int bits = 8;            // N, even, 6..16
  bool is_signed = false;  // sign-magnitude, sign in bit B of every unit
  int unit_bits() const;   // B = N/2: payload bits of a unit
  int unit_width() const;  // B, or B+1 when signed
  int64_t min_input() const;  // unsigned: 0; signed: -(2^N)
  int64_t max_input() const;  // 2^N - 1
};

bool valid_format(const Format&);  // bits even and in [6,16]

using Unit = uint32_t;  // bits [B-1:0] payload; bit B the sign when signed

struct Encoded {
  bool is_long = false;
  bool sign = false;   // signed formats only; always false for unsigned
  uint32_t upper = 0;  // long: the upper unit payload; short: the only unit payload
  uint32_t lower = 0;  // long only (0 for short)
  Format format{};     // the format this was encoded with (gives B for code() and units())
  int num_units() const;
  // N-bit code_o of the encoder port: long = {upper, lower} (upper in bits N-1..B),
  // short = the unit in the low B bits, upper bits 0. The sign is not part of code().
  uint32_t code() const;
  // The units in stream order: payload | (sign << B) for signed formats, payload for unsigned ones.
  std::vector<Unit> units() const;
};

Encoded encode(const Format&, int64_t v);

struct Decoded {
  int64_t value = 0;
  bool is_long = false;
  bool operator==(const Decoded&) const = default;
};

// The streaming decoder of formats.md: one unit per push; state = one pending bit plus the pending upper half.
class StreamDecoder {
 public:
  explicit StreamDecoder(Format f);
  std::optional<Decoded> push(Unit u);  // returns a value when one completes
  bool pending() const;
  void reset();

 private:
  Format fmt_;
  bool pending_ = false;
  uint32_t upper_half_ = 0;  // H' of the pending long code
};

// Decodes a whole stream; a trailing pending upper unit is dropped (produces no value).
std::vector<Decoded> decode_stream(const Format&, std::span<const Unit> units);
std::vector<Unit> encode_stream(const Format&, std::span<const int64_t> values);

int64_t spark_value(const Format&, int64_t v);  // decode(encode(v))
bool is_lossless(const Format&, int64_t v);      // spark_value(v) == v

// Memory image: units packed little-end first (first unit in the least significant bits) into words of
// word_bits bits; word_bits must be a positive multiple of unit_width() and <= 64 (else
// std::invalid_argument). The last word is zero-padded. unpack reads `count` units and throws
// std::invalid_argument if the words hold fewer; word bits above word_bits are ignored.
std::vector<uint64_t> pack(const Format&, std::span<const Unit> units, int word_bits);
std::vector<Unit> unpack(const Format&, std::span<const uint64_t> words, int word_bits, size_t count);

struct Stats {
  size_t count = 0;
  size_t long_count = 0;
  double long_fraction = 0;   // long_count / count
  double bits_per_value = 0;  // units * unit_width / count
  size_t lossy_count = 0;
  int64_t max_abs_error = 0;
  double mean_abs_error = 0;
};
// Stats of encoding `values`; all fields 0 for an empty span.
Stats stats(const Format&, std::span<const int64_t> values);

}  // namespace bf::golden::spark
