#include "flow/cell_logic.hpp"

#include <cctype>

#include "flow/flow_error.hpp"

namespace bf::flow {

namespace {

// The table of variable i: rows whose bit i is set.
uint64_t variable_table(size_t i) {
  uint64_t t = 0;
  for (unsigned r = 0; r < 64; ++r) {
    if ((r >> i) & 1u) t |= uint64_t{1} << r;
  }
  return t;
}

uint64_t rows_mask(size_t vars) { return vars >= 6 ? ~uint64_t{0} : (uint64_t{1} << (1u << vars)) - 1; }

// Recursive descent over a Liberty function: or := and (('+'|'|') and)*; and := xor (['&'|'*'] xor)*;
// xor := unary ('^' unary)*; unary := '!' unary | primary '\''*; primary := name | 0 | 1 | '(' or ')'.
class Expression {
 public:
  Expression(const std::string& text, const std::vector<std::string>& vars, const std::string& where)
      : s_(text), vars_(vars), where_(where), mask_(rows_mask(vars.size())) {}

  uint64_t parse() {
    const uint64_t t = parse_or();
    skip();
    if (p_ != s_.size()) fail("unexpected '" + std::string(1, s_[p_]) + "'");
    return t & mask_;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw FlowError(where_ + ": cannot read the function \"" + s_ + "\": " + what);
  }
  void skip() {
    while (p_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
  }
  bool eat(char c) {
    skip();
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  static bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '['
                                         || c == ']' || c == '.'; }
  bool starts_operand() {
    skip();
    return p_ < s_.size() && (name_char(s_[p_]) || s_[p_] == '(' || s_[p_] == '!');
  }

  uint64_t parse_or() {
    uint64_t t = parse_and();
    while (eat('+') || eat('|')) t |= parse_and();
    return t;
  }
  uint64_t parse_and() {
    uint64_t t = parse_xor();
    for (;;) {
      if (eat('&') || eat('*') || starts_operand()) {
        t &= parse_xor();
      } else {
        return t;
      }
    }
  }
  uint64_t parse_xor() {
    uint64_t t = parse_unary();
    while (eat('^')) t ^= parse_unary();
    return t;
  }
  uint64_t parse_unary() {
    if (eat('!')) return ~parse_unary() & mask_;
    uint64_t t = parse_primary();
    while (eat('\'')) t = ~t & mask_;
    return t;
  }
  uint64_t parse_primary() {
    if (eat('(')) {
      const uint64_t t = parse_or();
      if (!eat(')')) fail("missing ')'");
      return t;
    }
    skip();
    const size_t start = p_;
    while (p_ < s_.size() && name_char(s_[p_])) ++p_;
    const std::string name = s_.substr(start, p_ - start);
    if (name.empty()) fail(p_ < s_.size() ? "unexpected '" + std::string(1, s_[p_]) + "'" : "unexpected end");
    if (name == "0") return 0;
    if (name == "1") return mask_;
    for (size_t i = 0; i < vars_.size(); ++i) {
      if (vars_[i] == name) return variable_table(i) & mask_;
    }
    fail("'" + name + "' is not an input pin or state variable of the cell");
  }

  const std::string& s_;
  const std::vector<std::string>& vars_;
  const std::string& where_;
  uint64_t mask_;
  size_t p_ = 0;
};

// The state group's attribute `key` as a table over the inputs; 0 when absent (or `fallback` if required).
uint64_t state_table(const LibertyStateGroup& g, const std::string& key, const std::vector<std::string>& inputs,
                     const std::string& where, bool required) {
  const auto it = g.attrs.find(key);
  if (it == g.attrs.end()) {
    if (required) throw FlowError(where + ": its " + g.kind + " group has no " + key);
    return 0;
  }
  return expression_table(it->second, inputs, where + " (" + key + ")");
}

void compile_state(const LibertyCell& cell, CellLogic& l) {
  const std::string where = "Liberty cell " + cell.name;
  if (cell.state.size() != 1) throw FlowError(where + ": more than one state group is not simulated");
  const LibertyStateGroup& g = cell.state[0];
  if (g.kind != "ff" && g.kind != "latch") throw FlowError(where + ": " + g.kind + " groups are not simulated");
  const bool ff = g.kind == "ff";
  l.kind = ff ? CellLogic::Kind::FlipFlop : CellLogic::Kind::Latch;
  l.data = state_table(g, ff ? "next_state" : "data_in", l.inputs, where, true);
  l.clock = state_table(g, ff ? "clocked_on" : "enable", l.inputs, where, true);
  l.clear = state_table(g, "clear", l.inputs, where, false);
  l.preset = state_table(g, "preset", l.inputs, where, false);
  if (const auto it = g.attrs.find("clear_preset_var1"); it != g.attrs.end() && !it->second.empty()) {
    l.clear_and_preset = it->second[0];
    if (std::string("LHNTX").find(l.clear_and_preset) == std::string::npos) {
      throw FlowError(where + ": clear_preset_var1 '" + it->second + "' is not L, H, N, T or X");
    }
  }
}

}  // namespace

uint64_t expression_table(const std::string& expr, const std::vector<std::string>& vars, const std::string& where) {
  if (vars.size() > kMaxCellVariables) {
    throw FlowError(where + ": more than " + std::to_string(kMaxCellVariables) + " variables are not simulated");
  }
  return Expression(expr, vars, where).parse();
}

CellLogic cell_logic(const LibertyCell& cell) {
  CellLogic l;
  l.cell = cell.name;
  const std::string where = "Liberty cell " + cell.name;
  for (const LibertyPin& p : cell.pins) {
    if (p.direction == "input") l.inputs.push_back(p.name);
  }
  std::vector<std::string> vars = l.inputs;
  if (!cell.state.empty()) {
    compile_state(cell, l);
    const auto& sv = cell.state[0].vars;
    if (sv.empty()) throw FlowError(where + ": its state group names no variable");
    vars.push_back(sv[0]);
    if (sv.size() > 1) vars.push_back(sv[1]);
  }
  for (const LibertyPin& p : cell.pins) {
    if (p.direction != "output") continue;
    if (!p.three_state.empty()) throw FlowError(where + ": three-state outputs are not simulated");
    if (p.function.empty()) throw FlowError(where + ": output " + p.name + " has no function");
    l.outputs.push_back(CellOutput{p.name, expression_table(p.function, vars, where + " pin " + p.name)});
  }
  if (l.outputs.empty()) throw FlowError(where + ": no output pin");
  return l;
}

}  // namespace bf::flow
