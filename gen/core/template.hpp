// Rendering of the Verilog templates in rtl_templates/ (embedded into the binary at build time).
//
// Syntax, chosen so a template still reads as Verilog:
//   ${key}                       replaced by vars.text[key]  (`${` never occurs in Verilog)
//   // @if flag   // @if !flag   // @else   // @endif    (whole lines; they nest) keep or drop lines
// The generator passes values (numbers, names, the port list, table data computed by the golden model) and flags,
// never Verilog expressions: logic that differs between configurations is written out in the template under
// `// @if`. A fact needed both ways may be a flag and a 0/1 value of the same name (`1'b${a_signed}`).
// An unknown key or flag is a generator bug and throws std::logic_error, and so is a value or flag in `vars` that
// the template never uses (on any line, kept or dropped): each template gets exactly the vars it uses.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace bf {

struct TemplateVars {
  std::map<std::string, std::string> text;  // ${key}
  std::map<std::string, bool> flags;        // // @if key

  // Typed setters (chainable); setting a key twice is a generator bug and throws std::logic_error.
  // A name (module, instance), the port list or table data computed by the golden model:
  TemplateVars& str(const std::string& key, std::string value);
  // A number in decimal (a bool is a flag; give a 0/1 value as `b ? 1 : 0`):
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  TemplateVars& num(const std::string& key, T value) {
    return str(key, std::to_string(value));
  }
  // Several numbers: v.nums({{"rows", 8}, {"cols", 4}}).
  TemplateVars& nums(std::initializer_list<std::pair<const char*, int64_t>> values);
  TemplateVars& flag(const std::string& key, bool on);
};

std::string render_template(std::string_view source, const TemplateVars& vars, const std::string& template_name);

// The text of an embedded template by its path under rtl_templates/, e.g. "spark/spark_decoder.sv".
std::string_view embedded_template(const std::string& path);

// Renders an embedded template.
std::string render(const std::string& path, const TemplateVars& vars);

}  // namespace bf
