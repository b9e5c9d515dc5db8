// FNV-1a 64-bit: a stable, dependency-free digest for config hashes and cache keys (not for security).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace bf {

inline uint64_t fnv1a64(std::string_view data, uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

inline std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace bf
