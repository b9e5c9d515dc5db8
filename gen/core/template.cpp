#include "core/template.hpp"

#include <stdexcept>
#include <vector>

namespace bf {

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string substitute(std::string_view line, const TemplateVars& vars, const std::string& where) {
  std::string out;
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t open = line.find("${", pos);
    if (open == std::string_view::npos) {
      out.append(line.substr(pos));
      break;
    }
    const size_t close = line.find('}', open + 2);
    if (close == std::string_view::npos) throw std::logic_error(where + ": unterminated ${");
    out.append(line.substr(pos, open - pos));
    const std::string key = trim(line.substr(open + 2, close - open - 2));
    const auto it = vars.text.find(key);
    if (it == vars.text.end()) throw std::logic_error(where + ": no value for ${" + key + "}");
    out += it->second;
    pos = close + 1;
  }
  return out;
}

}  // namespace

std::string render_template(std::string_view source, const TemplateVars& vars, const std::string& template_name) {
  struct Frame {
    bool parent_on;
    bool cond;
    bool in_else;
  };
  std::vector<Frame> stack;
  bool on = true;
  std::string out;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < source.size()) {
    size_t end = source.find('\n', pos);
    const bool has_nl = end != std::string_view::npos;
    if (!has_nl) end = source.size();
    const std::string_view line = source.substr(pos, end - pos);
    pos = has_nl ? end + 1 : end;
    ++line_no;
    const std::string where = template_name + ":" + std::to_string(line_no);
    const std::string t = trim(line);
    if (t.rfind("// @if ", 0) == 0) {
      std::string flag = trim(t.substr(7));
      const bool negate = !flag.empty() && flag[0] == '!';
      if (negate) flag = flag.substr(1);
      const auto it = vars.flags.find(flag);
      if (it == vars.flags.end()) throw std::logic_error(where + ": no flag '" + flag + "'");
      const bool cond = it->second != negate;
      stack.push_back({on, cond, false});
      on = on && cond;
      continue;
    }
    if (t == "// @else") {
      if (stack.empty() || stack.back().in_else) throw std::logic_error(where + ": @else without @if");
      stack.back().in_else = true;
      on = stack.back().parent_on && !stack.back().cond;
      continue;
    }
    if (t == "// @endif") {
      if (stack.empty()) throw std::logic_error(where + ": @endif without @if");
      on = stack.back().parent_on;
      stack.pop_back();
      continue;
    }
    if (!on) continue;
    out += substitute(line, vars, where);
    if (has_nl) out += '\n';
  }
  if (!stack.empty()) throw std::logic_error(template_name + ": @if without @endif");
  return out;
}

std::string render(const std::string& path, const TemplateVars& vars) {
  return render_template(embedded_template(path), vars, "rtl_templates/" + path);
}

}  // namespace bf
