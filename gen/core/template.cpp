#include "core/template.hpp"

#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace bf {

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// Calls `on_text(text)` and `on_key(key)` for the pieces of `line` in order.
template <class OnText, class OnKey>
void scan_keys(std::string_view line, const std::string& where, OnText on_text, OnKey on_key) {
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t open = line.find("${", pos);
    if (open == std::string_view::npos) {
      on_text(line.substr(pos));
      break;
    }
    const size_t close = line.find('}', open + 2);
    if (close == std::string_view::npos) throw std::logic_error(where + ": unterminated ${");
    on_text(line.substr(pos, open - pos));
    on_key(trim(line.substr(open + 2, close - open - 2)));
    pos = close + 1;
  }
}

// Every value and flag of `vars` must be used somewhere in the template (on a kept line or not): one that is never
// used is a generator bug, like a missing one.
void check_all_used(const TemplateVars& vars, const std::set<std::string>& keys, const std::set<std::string>& flags,
                    const std::string& template_name) {
  for (const auto& [key, value] : vars.text) {
    if (!keys.contains(key)) throw std::logic_error(template_name + ": unused value ${" + key + "} (never used)");
  }
  for (const auto& [flag, on] : vars.flags) {
    if (!flags.contains(flag)) throw std::logic_error(template_name + ": unused flag '" + flag + "' (never used)");
  }
}

}  // namespace

std::string render_template(std::string_view source, const TemplateVars& vars, const std::string& template_name) {
  struct Frame {
    bool parent_on;
    bool cond;
    bool in_else;
  };
  std::vector<Frame> stack;
  std::set<std::string> used_keys, used_flags;
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
      used_flags.insert(flag);
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
    scan_keys(
        line, where,
        [&](std::string_view text) {
          if (on) out.append(text);
        },
        [&](const std::string& key) {
          used_keys.insert(key);
          if (!on) return;
          const auto it = vars.text.find(key);
          if (it == vars.text.end()) throw std::logic_error(where + ": no value for ${" + key + "}");
          out += it->second;
        });
    if (on && has_nl) out += '\n';
  }
  if (!stack.empty()) throw std::logic_error(template_name + ": @if without @endif");
  check_all_used(vars, used_keys, used_flags, template_name);
  return out;
}

TemplateVars& TemplateVars::str(const std::string& key, std::string value) {
  if (!text.emplace(key, std::move(value)).second) throw std::logic_error("template value ${" + key + "} set twice");
  return *this;
}

TemplateVars& TemplateVars::nums(std::initializer_list<std::pair<const char*, int64_t>> values) {
  for (const auto& [key, value] : values) num(key, value);
  return *this;
}

TemplateVars& TemplateVars::flag(const std::string& key, bool on) {
  if (!flags.emplace(key, on).second) throw std::logic_error("template flag '" + key + "' set twice");
  return *this;
}

std::string render(const std::string& path, const TemplateVars& vars) {
  return render_template(embedded_template(path), vars, "rtl_templates/" + path);
}

}  // namespace bf
