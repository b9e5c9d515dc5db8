#include "core/config.hpp"

#include <cctype>
#include <climits>
#include <fstream>
#include <set>
#include <sstream>

#include "base/errors.hpp"
#include "core/hash.hpp"
#include "base/json_io.hpp"

namespace bf {

namespace {

const std::set<std::string>& reserved_words() {
  // Every keyword of IEEE 1800-2017 (Annex B): a module name must not be one.
  static const std::set<std::string> words = {
      "accept_on", "alias", "always", "always_comb", "always_ff", "always_latch", "and", "assert", "assign",
      "assume", "automatic", "before", "begin", "bind", "bins", "binsof", "bit", "break", "buf", "bufif0", "bufif1",
      "byte", "case", "casex", "casez", "cell", "chandle", "checker", "class", "clocking", "cmos", "config",
      "const", "constraint", "context", "continue", "cover", "covergroup", "coverpoint", "cross", "deassign",
      "default", "defparam", "design", "disable", "dist", "do", "edge", "else", "end", "endcase", "endchecker",
      "endclass", "endclocking", "endconfig", "endfunction", "endgenerate", "endgroup", "endinterface", "endmodule",
      "endpackage", "endprimitive", "endprogram", "endproperty", "endsequence", "endspecify", "endtable", "endtask",
      "enum", "event", "eventually", "expect", "export", "extends", "extern", "final", "first_match", "for",
      "force", "foreach", "forever", "fork", "forkjoin", "function", "generate", "genvar", "global", "highz0",
      "highz1", "if", "iff", "ifnone", "ignore_bins", "illegal_bins", "implements", "implies", "import", "incdir",
      "include", "initial", "inout", "input", "inside", "instance", "int", "integer", "interconnect", "interface",
      "intersect", "join", "join_any", "join_none", "large", "let", "liblist", "library", "local", "localparam",
      "logic", "longint", "macromodule", "matches", "medium", "modport", "module", "nand", "negedge", "nettype",
      "new", "nexttime", "nmos", "nor", "noshowcancelled", "not", "notif0", "notif1", "null", "or", "output",
      "package", "packed", "parameter", "pmos", "posedge", "primitive", "priority", "program", "property",
      "protected", "pull0", "pull1", "pulldown", "pullup", "pulsestyle_ondetect", "pulsestyle_onevent", "pure",
      "rand", "randc", "randcase", "randsequence", "rcmos", "real", "realtime", "ref", "reg", "reject_on",
      "release", "repeat", "restrict", "return", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "s_always",
      "s_eventually", "s_nexttime", "s_until", "s_until_with", "scalared", "sequence", "shortint", "shortreal",
      "showcancelled", "signed", "small", "soft", "solve", "specify", "specparam", "static", "string", "strong",
      "strong0", "strong1", "struct", "super", "supply0", "supply1", "sync_accept_on", "sync_reject_on", "table",
      "tagged", "task", "this", "throughout", "time", "timeprecision", "timeunit", "tran", "tranif0", "tranif1",
      "tri", "tri0", "tri1", "triand", "trior", "trireg", "type", "typedef", "union", "unique", "unique0",
      "unsigned", "until", "until_with", "untyped", "use", "uwire", "var", "vectored", "virtual", "void", "wait",
      "wait_order", "wand", "weak", "weak0", "weak1", "while", "wildcard", "wire", "with", "within", "wor", "xnor",
      "xor"};
  return words;
}

std::string block_names() {
  std::string out;
  for (const Block* b : all_blocks()) out += (out.empty() ? "" : ", ") + b->name();
  return out;
}

}  // namespace

const std::set<std::string>& verilog_keywords() { return reserved_words(); }

bool is_verilog_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  const auto first = static_cast<unsigned char>(s[0]);
  if (!(std::isalpha(first) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return reserved_words().count(s) == 0;
}

ResolvedConfig resolve_config(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw InputError(where, "/", "must be a JSON object, got " + describe_json(j));
  for (const auto& [key, value] : j.items()) {
    if (key != "block" && key != "name" && key != "params") {
      throw InputError(where, "/" + key, "unknown key (allowed: block, name, params)");
    }
  }
  if (!j.contains("block")) throw InputError(where, "/block", "missing (one of: " + block_names() + ")");
  if (!j["block"].is_string()) throw InputError(where, "/block", "must be a string, got " + describe_json(j["block"]));
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
                       "got " + describe_json(n));
    }
    cfg.name = n.get<std::string>();
  }

  nlohmann::json params = nlohmann::json::object();
  if (j.contains("params")) {
    params = j["params"];
    if (!params.is_object()) throw InputError(where, "/params", "must be an object, got " + describe_json(params));
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
        if (!pv.is_boolean()) throw InputError(where, path, "must be true or false, got " + describe_json(pv));
        v = pv.get<bool>() ? 1 : 0;
      } else {
        const bool fits = pv.is_number_integer() &&
                          (pv.is_number_unsigned() ? pv.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX) : true);
        if (!fits || !d.accepts(pv.get<int64_t>())) {
          throw InputError(where, path, "must be an integer in " + d.range_text() + ", got " + describe_json(pv));
        }
        v = pv.get<int64_t>();
      }
    }
    cfg.values.push_back(v);
  }
  if (auto problem = block->derive(cfg.values, [&](const std::string& name) { return params.contains(name); })) {
    throw InputError(where, "/params/" + problem->param, problem->message);
  }
  for (size_t i = 0; i < block->params().size(); ++i) {  // a derived value must still be in its range
    const ParamDecl& d = block->params()[i];
    if (!d.accepts(cfg.values[i])) {
      throw InputError(where, "/params/" + d.name, "derived as " + d.value_text(cfg.values[i]) + ", outside " +
                                                     d.range_text() + " (from the parameters it follows)");
    }
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
