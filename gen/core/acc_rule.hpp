// The k_max parameter: the largest K whose sums an accumulator must keep exact. A block that declares it derives
// acc_bits by golden::gemm::exact_acc_bits from its operands' largest magnitudes (docs/gemm.md, "the k_max rule");
// 0 leaves acc_bits as set, and giving both is an error.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "core/block.hpp"
#include "gemm/gemm.hpp"

namespace bf {

inline ParamDecl k_max_decl() {
  return {.name = "k_max", .kind = ParamKind::Int, .def = 0, .min = 0, .max = int64_t{1} << 24, .doc =
          "largest K kept exact: 0 = acc_bits as set; else acc_bits = 1 + ceil(log2(k_max x max|a| x max|b| + 1)) "
          "(docs/gemm.md; do not set acc_bits too)"};
}

// Block::derive for a parameter struct P with k_max and acc_bits; max_abs(p) gives {max |a|, max |b|}.
template <class P, class MaxAbs>
auto acc_bits_from_k_max(MaxAbs max_abs) {
  return [max_abs](P& p, const std::function<bool(const std::string&)>& given) -> std::optional<ParamProblem> {
    if (p.k_max == 0) return std::nullopt;
    if (given("acc_bits")) {
      return ParamProblem{"k_max", "sets acc_bits by the k_max rule: give k_max or acc_bits, not both"};
    }
    const std::pair<uint64_t, uint64_t> m = max_abs(p);
    p.acc_bits = golden::gemm::exact_acc_bits(m.first, m.second, p.k_max);
    return std::nullopt;
  };
}

}  // namespace bf
