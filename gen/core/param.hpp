// One parameter of a block: the single declaration that drives validation, `bitforge list`, the manifest and docs.
#pragma once

#include <cstdint>
#include <string>

namespace bf {

enum class ParamKind { Int, Bool };

struct ParamDecl {
  std::string name;
  ParamKind kind = ParamKind::Int;
  int64_t def = 0;          // the default (0/1 for Bool)
  int64_t min = 0;          // inclusive range (Int only)
  int64_t max = 0;
  int64_t multiple_of = 1;  // e.g. 2 for an even width
  std::string doc;

  std::string type_name() const { return kind == ParamKind::Bool ? "bool" : "int"; }
  std::string range_text() const {
    if (kind == ParamKind::Bool) return "true | false";
    std::string r = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
    if (multiple_of == 2) return r + ", even";
    if (multiple_of > 2) return r + ", multiple of " + std::to_string(multiple_of);
    return r;
  }
  std::string value_text(int64_t v) const {
    if (kind == ParamKind::Bool) return v ? "true" : "false";
    return std::to_string(v);
  }
  bool accepts(int64_t v) const {
    if (kind == ParamKind::Bool) return v == 0 || v == 1;
    return v >= min && v <= max && (v - min) % multiple_of == 0;
  }
};

}  // namespace bf
