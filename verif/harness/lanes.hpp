// Flattened lane vectors (interfaces.md: lane i at bits [i*W +: W]) <-> integer values.
#pragma once

#include <cstdint>
#include <vector>

namespace bf::verif {

// Packs values (two's complement or unsigned, truncated to `width` bits) into 32-bit words, lane 0 lowest.
inline std::vector<uint32_t> pack_lanes(const std::vector<int64_t>& values, int width) {
  const size_t bits = values.size() * static_cast<size_t>(width);
  std::vector<uint32_t> words((bits + 31) / 32, 0);
  for (size_t i = 0; i < values.size(); ++i) {
    const uint64_t v = static_cast<uint64_t>(values[i]);
    for (int b = 0; b < width; ++b) {
      if ((v >> b) & 1) {
        const size_t pos = i * static_cast<size_t>(width) + static_cast<size_t>(b);
        words[pos / 32] |= 1u << (pos % 32);
      }
    }
  }
  return words;
}

// Reads `n` lanes of `width` bits; sign-extended when is_signed.
inline std::vector<int64_t> unpack_lanes(const std::vector<uint32_t>& words, int width, size_t n, bool is_signed) {
  std::vector<int64_t> out(n, 0);
  for (size_t i = 0; i < n; ++i) {
    uint64_t v = 0;
    for (int b = 0; b < width; ++b) {
      const size_t pos = i * static_cast<size_t>(width) + static_cast<size_t>(b);
      if ((words[pos / 32] >> (pos % 32)) & 1) v |= uint64_t{1} << b;
    }
    if (is_signed && width < 64 && ((v >> (width - 1)) & 1)) v |= ~uint64_t{0} << width;
    out[i] = static_cast<int64_t>(v);
  }
  return out;
}

}  // namespace bf::verif
