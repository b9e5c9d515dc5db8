// bitforge golden model: ANT adaptive numeric types int / pot / flint (paper 002).
//
// Bit-exact contract: the shared spec formats.md, section "ANT". Summary for an unsigned m-bit code c,
// r = c[m-2:0] (every code decodes to value = base << exp, Table III of the paper generalised):
//   int    (c, 0)
//   pot    c == 0 -> (0, 0); otherwise (1, c - 1)
//   flint  MSB 0        -> (c, 0)
//          MSB 1, r != 0 -> (r << 1, 2k), k = leading zeros of r in m-1 bits
//          c == 100..0  -> (1, 2m - 2)
// Signed pot and flint are sign-magnitude over the (n-1)-bit unsigned type (m = n-1, sign in bit n-1; the
// base carries the sign); signed int is two's complement (m = n, base = the code sign-extended).
//
// Choices made here (beyond formats.md), all also commented at the definitions:
//   * Negative zero (sign 1, magnitude decoding to 0) decodes to (0, 0). Where several codes share a value
//     (only +0 / -0), the canonical code is the smallest one (+0 = code 0).
//   * base_bits(): int and pot use the narrowest two's complement width holding every base (int: n+1
//     unsigned, n signed; pot: 2, for bases in {-1, 0, 1}); flint uses n+1 for both signednesses, the width
//     of the flint_decoder base_o port (interfaces.md), which is one more than needed when signed.
//   * quantize_real(): y = x / scale is formed in double, then compared exactly with the midpoints of
//     adjacent grid values (grid values are integers below 2^17, so the midpoints are exact in double);
//     y == midpoint goes to the larger value. A non-finite x or a scale that is not finite and > 0 throws
//     std::invalid_argument; a finite x whose y overflows to +-inf saturates like any large value.
//   * Tensor quantization: scale = alpha / grid_max(), the largest grid value (formats.md: alpha / max(grid);
//     for signed int 2^(n-1) - 1, so the most negative code, -2^(n-1), is reached only below -alpha); alpha = max|x| * i / 100.0 in double for i = 75..149; mse = the mean of
//     (x - scale * value(quantize_real(x, scale)))^2 summed in element order; strict '<' keeps the first
//     minimum, for alpha and for the type.
//   * An all-zero tensor (max|x| = 0): every type gets alpha 0, scale 1, mse 0, so the order rule picks int.
//   * An empty tensor, a NaN or an infinity anywhere in a tensor throws std::invalid_argument.
//   * Type names are exactly "int", "pot", "flint" (lower case); anything else is std::nullopt.
//   * Every function taking a Format throws std::invalid_argument for an invalid one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace bf::golden::ant {

// Also the hardware type_i encoding of ant_decoder (interfaces.md).
enum class Type { Int = 0, Pot = 1, Flint = 2 };

const char* type_name(Type);  // "int", "pot", "flint"
std::optional<Type> type_from_name(std::string_view);

struct Format {
  Type type = Type::Flint;
  int bits = 4;            // n, the code width
  bool is_signed = false;  // int: two's complement; pot / flint: sign-magnitude, sign in bit n-1
  bool operator==(const Format&) const = default;
};

// Supported widths (formats.md): int 2..16, flint 3..8, pot 3..4 (both signednesses).
bool valid_format(const Format&);

// value = base << exp; base carries the sign.
struct BaseExp {
  int64_t base = 0;
  int exp = 0;
  bool operator==(const BaseExp&) const = default;
};

// Throws std::invalid_argument for an invalid format or a code >= 2^bits.
BaseExp decode(const Format&, uint32_t code);
int64_t value(const Format&, uint32_t code);  // base << exp
int max_exp(const Format&);                   // the largest exp decode() returns over all codes
int base_bits(const Format&);                 // two's complement width holding every base (see choices)
int64_t grid_max(const Format&);              // the largest grid value: scale = alpha / max(grid) (formats.md)
int64_t max_abs(const Format&);               // max |value| over all codes (not the scale's denominator)

// Every representable value once, with its canonical (smallest) code, sorted by value ascending.
struct GridPoint {
  int64_t value;
  uint32_t code;
  bool operator==(const GridPoint&) const = default;
};
std::vector<GridPoint> grid(const Format&);

// The canonical code of the grid value nearest to x; an exact tie goes to the larger value; values beyond
// the grid saturate to the extreme codes.
uint32_t quantize(const Format&, int64_t x);
// The same rules for y = x / scale (see choices for how y is formed and compared).
uint32_t quantize_real(const Format&, double x, double scale);

// Tensor quantization and type selection (formats.md "Tensor quantization and type selection",
// Algorithm 2 of the paper).
struct TypeChoice {
  Format format;
  double scale = 0;  // real value of a code = scale * value(code)
  double alpha = 0;  // clipping range; scale = alpha / grid_max(format) (for signed int 2^(n-1) - 1)
  double mse = 0;
};
// The alpha search for one type: alpha = max|x| * i / 100, i in [75, 150), the first minimum MSE wins.
TypeChoice best_scale(const Format& f, std::span<const double> x);

struct Selection {
  TypeChoice chosen;
  std::vector<TypeChoice> candidates;  // in the order tried: int, flint, pot (those valid at `bits`)
};
// Throws std::invalid_argument when no type is valid at `bits` (bits outside 2..16).
Selection select_type(std::span<const double> x, int bits, bool is_signed);
// x row-major as channels x per_channel (x.size() must be a non-zero multiple of channels, channels >= 1);
// one Selection per output channel.
std::vector<Selection> select_per_channel(std::span<const double> x, size_t channels, bool is_signed, int bits);
// quantize_real of every element with the choice's format and scale.
std::vector<uint32_t> quantize_tensor(const TypeChoice&, std::span<const double> x);

// 8-bit int from 4-bit PEs (formats.md): x = hi * 16 + lo, hi = x >> 4 (arithmetic when signed),
// lo = x mod 16 in [0, 15]; hi in [-8, 7] signed, [0, 15] unsigned. x must be an 8-bit value of the given
// signedness ([-128, 127] or [0, 255]), else std::invalid_argument.
struct Split4 {
  int64_t hi;
  int64_t lo;
  bool operator==(const Split4&) const = default;
};
Split4 split_int8(int64_t x, bool is_signed);

// {hi_a*hi_b << 8, hi_a*lo_b << 4, lo_a*hi_b << 4, lo_a*lo_b}; their sum is a*b.
std::array<int64_t, 4> int8_partial_products(int64_t a, bool a_signed, int64_t b, bool b_signed);

}  // namespace bf::golden::ant
