// Small integer helpers for widths in emitted RTL.
#pragma once

namespace bf::util {

// ceil(log2 n) for n >= 1 (0 for n = 1).
inline int clog2(int n) {
  int b = 0;
  while ((1 << b) < n) ++b;
  return b;
}

}  // namespace bf::util
