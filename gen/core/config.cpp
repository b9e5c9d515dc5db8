#include "core/config.hpp"

#include <cctype>
#include <climits>
#include <fstream>
#include <set>
#include <sstream>

#include "core/errors.hpp"
#include "core/hash.hpp"

namespace bf {

namespace {

const std::set<std::string>& reserved_words() {
  // SystemVerilog keywords a user could plausibly pick as a module name; all are refused.
  static const std::set<std::string> words = {
      "always", "always_comb", "always_ff", "always_latch", "and", "assign", "begin", "bit", "buf", "byte", "case",
      "casex", "casez", "class", "config", "default", "define", "design", "do", "edge", "else", "end", "endcase",
      "endfunction", "endgenerate", "endmodule", "endpackage", "enum", "event", "final", "for", "force", "forever",
      "function", "generate", "genvar", "if", "initial", "inout", "input", "int", "integer", "interface", "logic",
      "longint", "macromodule", "module", "nand", "negedge", "nor", "not", "or", "output", "package", "parameter",
      "posedge", "primitive", "program", "real", "reg", "repeat", "return", "shortint", "signed", "struct", "supply0",
      "supply1", "table", "task", "time", "tri", "type", "typedef", "union", "unique", "unsigned", "var", "void",
      "wait", "while", "wire", "xnor", "xor", "localparam", "specify", "string", "import", "export", "const"};
  return words;
}

std::string json_kind(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) return v.dump();
  if (v.is_string()) return v.dump();
  if (v.is_array()) return "an array";
  return "an object";
}

std::string block_names() {
  std::string out;
  for (const Block* b : all_blocks()) out += (out.empty() ? "" : ", ") + b->name();
  return out;
}

}  // namespace

bool is_verilog_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  const auto first = static_cast<unsigned char>(s[0]);
  if (!(std::isalpha(first) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return reserved_words().count(s) == 0;
}

nlohmann::json read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "", "cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    std::string msg = e.what();
    const auto p = msg.find("parse error");
    throw InputError(file.string(), "", "not valid JSON: " + (p == std::string::npos ? msg : msg.substr(p)));
  }
}

ResolvedConfig resolve_config(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw InputError(where, "/", "must be a JSON object, got " + json_kind(j));
  for (const auto& [key, value] : j.items()) {
    if (key != "block" && key != "name" && key != "params") {
      throw InputError(where, "/" + key, "unknown key (allowed: block, name, params)");
    }
  }
  if (!j.contains("block")) throw InputError(where, "/block", "missing (one of: " + block_names() + ")");
  if (!j["block"].is_string()) throw InputError(where, "/block", "must be a string, got " + json_kind(j["block"]));
  const std::string block_name = j["block"].get<std::string>();
  const Block* block = find_block(block_name);
  if (block == nullptr) {
    throw InputError(where, "/block", "unknown block \"" + block_name + "\" (one of: " + block_names() + ")");
  }

  ResolvedConfig cfg;
  cfg.block = block;
  cfg.name = block->name();
  if (j.contains("name")) {
    const auto& n = j["name"];
    if (!n.is_string() || !is_verilog_identifier(n.get<std::string>())) {
      throw InputError(where, "/name",
                       "must be a Verilog identifier ([A-Za-z_][A-Za-z0-9_]*, at most 64 characters, not a keyword), "
                       "got " + json_kind(n));
    }
    cfg.name = n.get<std::string>();
  }

  nlohmann::json params = nlohmann::json::object();
  if (j.contains("params")) {
    params = j["params"];
    if (!params.is_object()) throw InputError(where, "/params", "must be an object, got " + json_kind(params));
  }
  for (const auto& [key, value] : params.items()) {
    bool known = false;
    for (const auto& d : block->params()) known = known || d.name == key;
    if (!known) {
      std::string names;
      for (const auto& d : block->params()) names += (names.empty() ? "" : ", ") + d.name;
      throw InputError(where, "/params/" + key, "unknown parameter of " + block->name() + " (allowed: " + names + ")");
    }
  }
  for (const auto& d : block->params()) {
    int64_t v = d.def;
    if (params.contains(d.name)) {
      const auto& pv = params[d.name];
      const std::string path = "/params/" + d.name;
      if (d.kind == ParamKind::Bool) {
        if (!pv.is_boolean()) throw InputError(where, path, "must be true or false, got " + json_kind(pv));
        v = pv.get<bool>() ? 1 : 0;
      } else {
        const bool fits = pv.is_number_integer() &&
                          (pv.is_number_unsigned() ? pv.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX) : true);
        if (!fits || !d.accepts(pv.get<int64_t>())) {
          throw InputError(where, path, "must be an integer in " + d.range_text() + ", got " + json_kind(pv));
        }
        v = pv.get<int64_t>();
      }
    }
    cfg.values.push_back(v);
  }
  if (auto problem = block->check(cfg.values)) {
    throw InputError(where, "/params/" + problem->param, problem->message);
  }
  return cfg;
}

ResolvedConfig load_config(const std::filesystem::path& file) {
  return resolve_config(read_json_file(file), file.string());
}

int64_t ResolvedConfig::value(const std::string& param) const {
  const auto& decls = block->params();
  for (size_t i = 0; i < decls.size(); ++i) {
    if (decls[i].name == param) return values.at(i);
  }
  throw std::logic_error("block " + block->name() + " has no parameter " + param);
}

std::string ResolvedConfig::canonical_json() const {
  nlohmann::json params = nlohmann::json::object();
  const auto& decls = block->params();
  for (size_t i = 0; i < decls.size(); ++i) {
    if (decls[i].kind == ParamKind::Bool) {
      params[decls[i].name] = values[i] != 0;
    } else {
      params[decls[i].name] = values[i];
    }
  }
  nlohmann::json j = {{"block", block->name()}, {"name", name}, {"params", params}};
  return j.dump();
}

std::string ResolvedConfig::hash() const { return hex64(fnv1a64(canonical_json())); }

std::string ResolvedConfig::params_text() const {
  std::string out;
  const auto& decls = block->params();
  for (size_t i = 0; i < decls.size(); ++i) {
    out += (out.empty() ? "" : " ") + decls[i].name + "=" + decls[i].value_text(values[i]);
  }
  return out;
}

}  // namespace bf
