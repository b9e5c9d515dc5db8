#include "flow/liberty.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "flow/flow_error.hpp"

namespace bf::flow {

namespace {

struct Token {
  enum Kind { Word, String, Punct, End } kind = End;
  std::string text;  // the word, the string without quotes, or the punctuation character
  int line = 0;      // 1-based physical line (for messages)
  int logical = 0;   // logical line: a backslash-newline continuation does not start a new one
};

bool is_punct(char c) { return c == '(' || c == ')' || c == '{' || c == '}' || c == ':' || c == ';' || c == ','; }

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    for (;;) {
      skip_space_and_comments();
      Token t;
      t.line = line_;
      t.logical = logical_;
      if (pos_ >= text_.size()) {
        t.kind = Token::End;
        out.push_back(t);
        return out;
      }
      const char c = text_[pos_];
      if (is_punct(c)) {
        t.kind = Token::Punct;
        t.text = std::string(1, c);
        ++pos_;
      } else if (c == '"') {
        t.kind = Token::String;
        t.text = read_string();
      } else {
        t.kind = Token::Word;
        while (pos_ < text_.size()) {
          const char d = text_[pos_];
          if (std::isspace(static_cast<unsigned char>(d)) || is_punct(d) || d == '"') break;
          if (d == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '*' || text_[pos_ + 1] == '/')) break;
          if (d == '\\' && continuation_at(pos_)) break;
          t.text += d;
          ++pos_;
        }
      }
      out.push_back(std::move(t));
    }
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw FlowError("Liberty " + origin_ + ":" + std::to_string(line) + ": " + what);
  }

  // A backslash followed by optional blanks and a newline: a line continuation.
  bool continuation_at(size_t p) const {
    if (text_[p] != '\\') return false;
    size_t q = p + 1;
    while (q < text_.size() && (text_[q] == ' ' || text_[q] == '\t' || text_[q] == '\r')) ++q;
    return q < text_.size() && text_[q] == '\n';
  }

  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++logical_;
        ++pos_;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '\\' && continuation_at(pos_)) {
        pos_ = text_.find('\n', pos_) + 1;
        ++line_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        const int start = line_;
        const size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) fail(start, "unterminated comment");
        for (size_t i = pos_; i < end; ++i) {
          if (text_[i] == '\n') {  // a newline inside a comment still ends the logical line
            ++line_;
            ++logical_;
          }
        }
        pos_ = end + 2;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        return;
      }
    }
  }

  std::string read_string() {
    const int start = line_;
    ++pos_;  // opening quote
    std::string s;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return s;
      }
      if (c == '\\' && continuation_at(pos_)) {
        pos_ = text_.find('\n', pos_) + 1;
        ++line_;
        continue;
      }
      if (c == '\\' && pos_ + 1 < text_.size()) {
        s += text_[pos_ + 1];
        if (text_[pos_ + 1] == '\n') ++line_;
        pos_ += 2;
        continue;
      }
      if (c == '\n') ++line_;
      s += c;
      ++pos_;
    }
    fail(start, "unterminated string");
  }

  std::string_view text_;
  const std::string& origin_;
  size_t pos_ = 0;
  int line_ = 1;
  int logical_ = 1;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, const std::string& origin) : toks_(std::move(tokens)), origin_(origin) {}

  LibertyLibrary run() {
    parse_body(/*depth=*/0, /*cell=*/nullptr);
    return std::move(lib_);
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw FlowError("Liberty " + origin_ + ":" + std::to_string(line) + ": " + what);
  }

  const Token& peek() const { return toks_[pos_]; }
  const Token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  bool at_punct(char c) const { return peek().kind == Token::Punct && peek().text[0] == c; }

  double parse_number(const std::string& s, int line) const {
    double v = 0;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (!s.empty() && *b == '+') ++b;
    const auto [ptr, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || ptr != e) fail(line, "'" + s + "' is not a number");
    return v;
  }

  // Parses statements until the closing brace of the current group (depth > 0) or the end of the text.
  // `cell` is the cell whose body (at any nesting) is being parsed, or nullptr.
  void parse_body(int depth, LibertyCell* cell) {
    const int cell_depth = depth;
    for (;;) {
      const Token& t = peek();
      if (t.kind == Token::End) {
        if (depth > 0) fail(t.line, "unexpected end of file: missing '}'");
        return;
      }
      if (t.kind == Token::Punct) {
        if (t.text[0] == '}') {
          if (depth == 0) fail(t.line, "unbalanced '}'");
          next();
          return;
        }
        if (t.text[0] == ';' || t.text[0] == ',') {  // stray separators are harmless
          next();
          continue;
        }
        fail(t.line, std::string("unexpected '") + t.text + "'");
      }
      const Token name = next();  // a word or a string used as a statement name
      if (at_punct(':')) {
        next();
        parse_simple_attribute(name, cell, cell_depth);
        continue;
      }
      if (at_punct('(')) {
        next();
        std::vector<std::string> args;
        int nesting = 1;
        for (;;) {
          const Token& a = next();
          if (a.kind == Token::End) fail(name.line, "unexpected end of file in the arguments of '" + name.text + "'");
          if (a.kind == Token::Punct && a.text[0] == '(') ++nesting;
          if (a.kind == Token::Punct && a.text[0] == ')' && --nesting == 0) break;
          if (a.kind == Token::Punct && (a.text[0] == '{' || a.text[0] == '}')) {
            fail(a.line, "unexpected '" + a.text + "' in the arguments of '" + name.text + "'");
          }
          if (a.kind != Token::Punct) args.push_back(a.text);
        }
        if (at_punct('{')) {
          next();
          open_group(name, args, depth, cell);
          continue;
        }
        if (at_punct(';')) next();  // a complex attribute such as capacitive_load_unit (1, pf);
        continue;
      }
      if (at_punct('{')) {  // a group without arguments
        next();
        open_group(name, {}, depth, cell);
        continue;
      }
      // A bare word: tolerate it (some writers emit value-less statements).
      if (at_punct(';')) next();
    }
  }

  void open_group(const Token& name, const std::vector<std::string>& args, int depth, LibertyCell* cell) {
    if (name.text == "library" && depth == 0 && cell == nullptr) {
      if (!args.empty()) lib_.name = args[0];
      parse_body(depth + 1, nullptr);
      return;
    }
    if (name.text == "cell" && cell == nullptr) {
      if (args.empty()) fail(name.line, "cell group without a name");
      LibertyCell c;
      c.name = args[0];
      parse_body_of_cell(c, depth + 1);
      lib_.cells[c.name] = std::move(c);
      return;
    }
    if (cell != nullptr &&
        (name.text == "ff" || name.text == "latch" || name.text == "ff_bank" || name.text == "latch_bank")) {
      cell->sequential = true;
      cell->state.push_back(LibertyStateGroup{.kind = name.text, .vars = args, .attrs = {}});
      state_level_ = depth + 1;
      parse_body(depth + 1, cell);
      state_level_ = -1;
      return;
    }
    if (cell != nullptr && name.text == "pin" && depth == cell_level_ && !args.empty()) {
      cell->pins.push_back(LibertyPin{.name = args[0], .direction = {}, .function = {}, .capacitance = 0, .three_state = {}});
      pin_level_ = depth + 1;
      parse_body(depth + 1, cell);
      pin_level_ = -1;
      return;
    }
    parse_body(depth + 1, cell);
  }

  void parse_body_of_cell(LibertyCell& c, int depth) {
    cell_level_ = depth;
    parse_body(depth, &c);
    cell_level_ = -1;
  }

  void parse_simple_attribute(const Token& name, LibertyCell* cell, int depth) {
    // The value runs to ';', to a '}' (not consumed) or to the end of the logical line holding it.
    std::vector<Token> value;
    for (;;) {
      const Token& v = peek();
      if (v.kind == Token::End) break;
      if (v.kind == Token::Punct && v.text[0] == ';') {
        next();
        break;
      }
      if (v.kind == Token::Punct && v.text[0] == '}') break;
      // Semicolons are optional in some libraries: a new logical line after a value ends the attribute.
      if (!value.empty() && v.logical != value.back().logical) break;
      value.push_back(next());
    }
    if (cell != nullptr && depth == pin_level_ && !cell->pins.empty() && value.size() == 1) {
      LibertyPin& pin = cell->pins.back();
      if (name.text == "direction") pin.direction = value[0].text;
      if (name.text == "function") pin.function = value[0].text;
      if (name.text == "capacitance") pin.capacitance = parse_number(value[0].text, name.line);
      if (name.text == "three_state") pin.three_state = value[0].text;
    }
    if (cell != nullptr && depth == state_level_ && !cell->state.empty() && value.size() == 1) {
      cell->state.back().attrs[name.text] = value[0].text;
    }
    if (cell == nullptr && depth == 1 && name.text == "nom_voltage" && value.size() == 1) {
      lib_.nom_voltage = parse_number(value[0].text, name.line);
    }
    if (cell != nullptr && depth == cell_level_ && name.text == "area") {
      if (value.size() != 1) fail(name.line, "cell '" + cell->name + "': malformed area attribute");
      cell->area = parse_number(value[0].text, name.line);
    }
  }

  std::vector<Token> toks_;
  const std::string& origin_;
  size_t pos_ = 0;
  int cell_level_ = -1;
  int pin_level_ = -1;
  int state_level_ = -1;
  LibertyLibrary lib_;
};

}  // namespace

const LibertyCell* LibertyLibrary::find(const std::string& cell) const {
  const auto it = cells.find(cell);
  return it == cells.end() ? nullptr : &it->second;
}

LibertyBuffer LibertyLibrary::smallest_buffer() const {
  const LibertyCell* best = nullptr;
  LibertyBuffer buf;
  for (const auto& [cell_name, c] : cells) {
    if (c.sequential || c.pins.size() != 2) continue;
    const LibertyPin* in = c.pins[0].direction == "input" ? &c.pins[0] : &c.pins[1];
    const LibertyPin* out = in == &c.pins[0] ? &c.pins[1] : &c.pins[0];
    if (in->direction != "input" || out->direction != "output" || out->function != in->name) continue;
    if (best == nullptr || c.area < best->area) {
      best = &c;
      buf = {cell_name, in->name, out->name};
    }
  }
  if (best == nullptr) throw FlowError("Liberty file '" + path.string() + "' has no buffer cell");
  return buf;
}

LibertyLibrary parse_liberty(std::string_view text, const std::string& origin) {
  Lexer lexer(text, origin);
  Parser parser(lexer.run(), origin);
  return parser.run();
}

LibertyLibrary read_liberty(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw FlowError("cannot read Liberty file '" + path.string() + "': it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw FlowError("cannot read Liberty file '" + path.string() + "': " + std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw FlowError("cannot read Liberty file '" + path.string() + "': read error");
  LibertyLibrary lib = parse_liberty(ss.str(), path.string());
  if (lib.cells.empty()) {
    throw FlowError("Liberty file '" + path.string() + "' defines no cell (not a Liberty library?)");
  }
  lib.path = path;
  return lib;
}

}  // namespace bf::flow
