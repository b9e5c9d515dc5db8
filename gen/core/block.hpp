// A block: its parameter declaration, cross-parameter checks and RTL emitter, declared once.
//
// A family declares a typed parameter struct and a TypedBlock<P> that maps each declared parameter onto a
// member of P. Everything else (validation, `bitforge list`, the manifest, docs/blocks.md) reads the same
// declaration through the type-erased Block interface.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/design.hpp"
#include "core/param.hpp"

namespace bf {

class Block;

// A config after validation: every parameter resolved, in declaration order.
struct ResolvedConfig {
  const Block* block = nullptr;
  std::string name;             // top module name
  std::vector<int64_t> values;  // one per declared parameter

  int64_t value(const std::string& param) const;  // throws std::logic_error for an undeclared name
  std::string canonical_json() const;  // {"block":..,"name":..,"params":{..}} with sorted keys, one line
  std::string hash() const;            // 16 hex digits of FNV-1a 64 over canonical_json()
  std::string params_text() const;     // "bits=8 signed=false", declaration order
};

// A problem found by a cross-parameter check: which parameter, and what is wrong.
struct ParamProblem {
  std::string param;
  std::string message;
};

class Block {
 public:
  virtual ~Block() = default;
  virtual const std::string& name() const = 0;
  virtual const std::string& family() const = 0;  // folder name under gen/, golden/, verif/, rtl_templates/
  virtual const std::string& doc() const = 0;
  virtual const std::vector<ParamDecl>& params() const = 0;
  virtual std::optional<ParamProblem> check(const std::vector<int64_t>& values) const = 0;
  // Derived values (Gemmini's habit): rewrites `values` from the others before check(); `given` says whether the
  // user's config set a parameter. A problem names the parameter (e.g. two that must not both be set).
  virtual std::optional<ParamProblem> derive(std::vector<int64_t>& values,
                                             const std::function<bool(const std::string&)>& given) const = 0;
  virtual Design emit(const ResolvedConfig& cfg) const = 0;
};

template <class P>
class TypedBlock final : public Block {
 public:
  using Member = std::variant<int P::*, bool P::*>;
  struct Param {
    ParamDecl decl;
    Member member;
  };
  struct Spec {
    std::string name;
    std::string family;
    std::string doc;
    std::vector<Param> params;
    std::function<std::optional<ParamProblem>(const P&)> check;  // may be empty
    std::function<Design(const P&, const std::string& top)> emit;
    // May be empty: values derived from others (e.g. acc_bits from k_max); `given(name)`: set in the config.
    std::function<std::optional<ParamProblem>(P&, const std::function<bool(const std::string&)>& given)> derive = {};
  };

  explicit TypedBlock(Spec spec) : spec_(std::move(spec)) {
    for (const auto& p : spec_.params) decls_.push_back(p.decl);
  }

  const std::string& name() const override { return spec_.name; }
  const std::string& family() const override { return spec_.family; }
  const std::string& doc() const override { return spec_.doc; }
  const std::vector<ParamDecl>& params() const override { return decls_; }

  // The typed view of resolved values (declaration order).
  P typed(const std::vector<int64_t>& values) const {
    P p{};
    for (size_t i = 0; i < spec_.params.size() && i < values.size(); ++i) {
      std::visit(
          [&](auto member) {
            using T = std::remove_reference_t<decltype(p.*member)>;
            p.*member = static_cast<T>(values[i]);
          },
          spec_.params[i].member);
    }
    return p;
  }
  P typed(const ResolvedConfig& cfg) const { return typed(cfg.values); }

  std::optional<ParamProblem> check(const std::vector<int64_t>& values) const override {
    if (!spec_.check) return std::nullopt;
    return spec_.check(typed(values));
  }
  Design emit(const ResolvedConfig& cfg) const override { return spec_.emit(typed(cfg), cfg.name); }

  std::optional<ParamProblem> derive(std::vector<int64_t>& values,
                                     const std::function<bool(const std::string&)>& given) const override {
    if (!spec_.derive) return std::nullopt;
    P p = typed(values);
    if (auto problem = spec_.derive(p, given)) return problem;
    for (size_t i = 0; i < spec_.params.size() && i < values.size(); ++i) {
      std::visit([&](auto member) { values[i] = static_cast<int64_t>(p.*member); }, spec_.params[i].member);
    }
    return std::nullopt;
  }

 private:
  Spec spec_;
  std::vector<ParamDecl> decls_;
};

// Every block bitforge knows, in a stable order (family, then declaration order).
const std::vector<const Block*>& all_blocks();
const Block* find_block(const std::string& name);

}  // namespace bf
