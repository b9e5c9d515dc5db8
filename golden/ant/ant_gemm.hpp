// The arithmetic of ant_array (golden for its bench and sim): C = A . B over decoded values, A with one type per
// job, B with a type per column (per output channel, as `bitforge quantize --per-channel` selects them).
#pragma once

#include <span>
#include <stdexcept>

#include "ant/ant.hpp"
#include "gemm/gemm.hpp"

namespace bf::golden::ant {

// The values of a code matrix whose column c has type col_types[c] (a single entry: every column).
inline gemm::Matrix decode_columns(const gemm::Matrix& codes, std::span<const Type> col_types, int bits,
                                   bool is_signed) {
  if (col_types.size() != 1 && col_types.size() != static_cast<size_t>(codes.cols))
    throw std::invalid_argument("ant: decode_columns: one type, or one per column");
  gemm::Matrix m = codes;
  for (int r = 0; r < m.rows; ++r) {
    for (int c = 0; c < m.cols; ++c) {
      const Type t = col_types.size() == 1 ? col_types[0] : col_types[static_cast<size_t>(c)];
      m.at(r, c) = value({t, bits, is_signed}, static_cast<uint32_t>(codes.at(r, c)));
    }
  }
  return m;
}

// The exact C (wrapping in acc_bits) of A codes of type a_type and B codes with a type per column.
inline gemm::Matrix typed_gemm(const gemm::Matrix& a, Type a_type, bool a_signed, const gemm::Matrix& b,
                               std::span<const Type> b_types, bool b_signed, int bits, int acc_bits) {
  const Type at[] = {a_type};
  return gemm::gemm(decode_columns(a, at, bits, a_signed), decode_columns(b, b_types, bits, b_signed), acc_bits);
}

}  // namespace bf::golden::ant
