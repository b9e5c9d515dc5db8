// The generator core: template rendering, config validation, emission, manifest and docs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config.hpp"
#include "core/docs.hpp"
#include "core/emit.hpp"
#include "base/errors.hpp"
#include "core/template.hpp"
#include "harness/bench.hpp"
#include "util/tempdir.hpp"

namespace bf {
namespace {

TEST(Template, SubstitutesAndSelectsLines) {
  TemplateVars v;
  v.text["name"] = "top";
  v.text["w"] = "8";
  v.flags["a"] = true;
  v.flags["b"] = false;
  const std::string src =
      "module ${name} #(${ w }) {{B{1'b0}}};\n"
      "// @if a\n"
      "A${w}\n"
      "  // @if b\n"
      "AB\n"
      "  // @else\n"
      "A!B\n"
      "  // @endif\n"
      "// @else\n"
      "!A\n"
      "// @endif\n"
      "// @if !b\n"
      "!B\n"
      "// @endif\n"
      "end";
  EXPECT_EQ(render_template(src, v, "t"), "module top #(8) {{B{1'b0}}};\nA8\nA!B\n!B\nend");
}

TEST(Template, UnknownKeysAndBadNestingAreGeneratorBugs) {
  TemplateVars v;
  v.flags["a"] = true;
  EXPECT_THROW(render_template("${missing}", v, "t"), std::logic_error);
  EXPECT_THROW(render_template("// @if nope\n// @endif\n", v, "t"), std::logic_error);
  EXPECT_THROW(render_template("// @if a\n", v, "t"), std::logic_error);
  EXPECT_THROW(render_template("// @endif\n", v, "t"), std::logic_error);
  EXPECT_THROW(render_template("${a", v, "t"), std::logic_error);
}

// The message of the std::logic_error that rendering `src` with `v` throws, or "" when it does not throw.
std::string render_error(const std::string& src, const TemplateVars& v) {
  try {
    render_template(src, v, "rtl_templates/x/t.sv");
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "";
}

TEST(Template, UnusedKeysAndFlagsAreGeneratorBugs) {
  TemplateVars v;
  v.text["w"] = "8";
  v.flags["a"] = true;
  const std::string src = "// @if a\nx ${w}\n// @endif\n";
  EXPECT_EQ(render_template(src, v, "t"), "x 8\n");

  TemplateVars key = v;
  key.text["extra"] = "1";
  EXPECT_THROW(render_template(src, key, "t"), std::logic_error);
  EXPECT_EQ(render_error(src, key), "rtl_templates/x/t.sv: unused value ${extra} (never used)");

  TemplateVars flag = v;
  flag.flags["extra"] = false;
  EXPECT_THROW(render_template(src, flag, "t"), std::logic_error);
  EXPECT_EQ(render_error(src, flag), "rtl_templates/x/t.sv: unused flag 'extra' (never used)");

  // A flag used only as `// @if !flag` is used.
  TemplateVars negated;
  negated.flags["b"] = false;
  EXPECT_EQ(render_template("// @if !b\nnot b\n// @endif\n", negated, "t"), "not b\n");
}

TEST(Template, TypedSettersGiveNumbersNamesAndFlags) {
  TemplateVars v;
  v.str("name", "top").num("w", 8).nums({{"lo", -256}, {"hi", int64_t{1} << 40}}).flag("a", true);
  EXPECT_EQ(render_template("${name} ${w} ${lo} ${hi}\n// @if a\nA\n// @endif\n", v, "t"),
            "top 8 -256 1099511627776\nA\n");
  // Setting a key twice is a generator bug.
  EXPECT_THROW(v.num("w", 9), std::logic_error);
  EXPECT_THROW(v.str("name", "other"), std::logic_error);
  EXPECT_THROW(v.flag("a", false), std::logic_error);
}

TEST(Template, ValuesOnDroppedLinesAreUsedAndNeedNotExist) {
  // `${w}` sits on a line this configuration drops: giving it is not an error, and neither is leaving it out (a
  // value may exist only in the configurations that keep its lines).
  const std::string src = "// @if a\nx ${w}\n// @else\ny\n// @endif\n";
  TemplateVars with;
  with.text["w"] = "8";
  with.flags["a"] = false;
  EXPECT_EQ(render_template(src, with, "t"), "y\n");
  TemplateVars without;
  without.flags["a"] = false;
  EXPECT_EQ(render_template(src, without, "t"), "y\n");
  // A dropped line is still checked for an unterminated `${`.
  EXPECT_THROW(render_template("// @if a\n${w\n// @endif\n", without, "t"), std::logic_error);
}

// The message of the InputError that resolving `j` throws, or "" when it does not throw.
std::string error_of(const nlohmann::json& j) {
  try {
    resolve_config(j, "cfg.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// k_max derives acc_bits (Block::derive) before the checks; setting both is refused, naming k_max.
TEST(Config, KMaxDerivesTheAccumulatorWidth) {
  const ResolvedConfig c = resolve_config({{"block", "int_array"}, {"params", {{"k_max", 256}}}}, "cfg.json");
  EXPECT_EQ(c.value("acc_bits"), 24);
  EXPECT_EQ(c.value("k_max"), 256);
  const ResolvedConfig u = resolve_config(
      {{"block", "int_mac"}, {"params", {{"a_signed", false}, {"b_signed", false}, {"k_max", 1000}}}}, "cfg.json");
  EXPECT_EQ(u.value("acc_bits"), 8 + 8 + 10 + 1);
  EXPECT_EQ(resolve_config({{"block", "int_array"}}, "cfg.json").value("acc_bits"), 32);  // k_max 0: as set
  // The other families, by hand: SPARK magnitudes below 2^8: 256 x 255 x 255 = 16646400 < 2^24 - 1 -> 25 bits;
  // EBSP unsigned 8-bit activations, sign-magnitude 8-bit weights: 256 x 255 x 127 = 8290560 < 2^23 - 1 -> 24;
  // ebsp_array's K counts products (beats x lanes): 2048 x 255 x 127 = 66324480 < 2^26 - 1 -> 27.
  const auto acc = [](const nlohmann::json& j) { return resolve_config(j, "cfg.json").value("acc_bits"); };
  EXPECT_EQ(acc({{"block", "spark_array"}, {"params", {{"k_max", 256}}}}), 25);
  EXPECT_EQ(acc({{"block", "spark_pe"}, {"params", {{"k_max", 256}}}}), 25);
  EXPECT_EQ(acc({{"block", "mult_pe"}, {"params", {{"k_max", 256}}}}), 24);
  EXPECT_EQ(acc({{"block", "ebsp_pe"}, {"params", {{"k_max", 256}}}}), 24);
  EXPECT_EQ(acc({{"block", "ebsp_array"}, {"params", {{"k_max", 2048}}}}), 27);
  // ANT, 8-bit mode: unsigned 8-bit A x signed 8-bit B: 256 x 255 x 128 = 8355840 < 2^23 - 1, unless a 4-bit
  // type reaches further (unsigned 4-bit PoT reaches 2^14: 256 x 2^14 x 128 = 2^29 -> 31 bits).
  EXPECT_EQ(acc({{"block", "ant_array"}, {"params", {{"k_max", 256}}}}), 31);
  EXPECT_NE(error_of({{"block", "int_array"}, {"params", {{"k_max", 256}, {"acc_bits", 32}}}}).find(
                "cfg.json: /params/k_max: sets acc_bits by the k_max rule"),
            std::string::npos);
}

TEST(Config, DefaultsAndTypedValues) {
  const ResolvedConfig c = resolve_config({{"block", "spark_decoder"}}, "cfg.json");
  EXPECT_EQ(c.name, "spark_decoder");
  EXPECT_EQ(c.value("bits"), 8);
  EXPECT_EQ(c.value("signed"), 0);
  const ResolvedConfig d =
      resolve_config({{"block", "spark_encoder"}, {"name", "enc"}, {"params", {{"bits", 12}, {"signed", true}}}}, "x");
  EXPECT_EQ(d.name, "enc");
  EXPECT_EQ(d.value("bits"), 12);
  EXPECT_EQ(d.value("signed"), 1);
  EXPECT_EQ(d.value("pipeline"), 0);
  EXPECT_EQ(d.params_text(), "bits=12 signed=true pipeline=0");
}

TEST(Config, ErrorsNameTheFileAndJsonPath) {
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"params", {{"bits", 7}}}}),
            "cfg.json: /params/bits: must be an integer in [6, 16], even, got 7");
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"params", {{"bits", 18}}}}),
            "cfg.json: /params/bits: must be an integer in [6, 16], even, got 18");
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"params", {{"bits", 8.0}}}}),
            "cfg.json: /params/bits: must be an integer in [6, 16], even, got 8.0");
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"params", {{"bits", "8"}}}}),
            "cfg.json: /params/bits: must be an integer in [6, 16], even, got \"8\"");
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"params", {{"signed", 1}}}}),
            "cfg.json: /params/signed: must be true or false, got 1");
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"params", {{"rows", 1}}}}),
            "cfg.json: /params/rows: unknown parameter of spark_decoder (allowed: bits, signed)");
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"extra", 1}}),
            "cfg.json: /extra: unknown key (allowed: block, name, params)");
  EXPECT_EQ(error_of({{"name", "x"}}).rfind("cfg.json: /block: missing", 0), 0u);
  EXPECT_EQ(error_of({{"block", "nope"}}).rfind("cfg.json: /block: unknown block \"nope\"", 0), 0u);
  EXPECT_EQ(error_of({{"block", 3}}), "cfg.json: /block: must be a string, got 3");
  EXPECT_EQ(error_of(nlohmann::json::array()), "cfg.json: /: must be a JSON object, got an array");
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"params", 3}}), "cfg.json: /params: must be an object, got 3");
  for (const char* bad : {"1abc", "a-b", "module", "", "x y"}) {
    EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"name", bad}}).rfind("cfg.json: /name: must be a Verilog", 0),
              0u)
        << bad;
  }
  EXPECT_EQ(error_of({{"block", "spark_decoder"}, {"name", "ok_Name_1"}}), "");
  // IEEE 1800-2017 Annex B has 248 keywords; none may name a module.
  EXPECT_EQ(verilog_keywords().size(), 248u);
  for (const char* kw : {"fork", "nmos", "assert", "wand", "this", "module", "logic", "always_ff", "uwire"}) {
    EXPECT_TRUE(verilog_keywords().count(kw)) << kw;
  }
  for (const auto& kw : verilog_keywords()) EXPECT_FALSE(is_verilog_identifier(kw)) << kw;
}

TEST(Config, FileErrors) {
  util::TempDir tmp;
  const auto bad = tmp.path() / "bad.json";
  std::ofstream(bad) << "{\"block\": ";
  try {
    load_config(bad);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(bad.string() + ": not valid JSON", 0), 0u) << e.what();
  }
  try {
    load_config(tmp.path() / "missing.json");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), (tmp.path() / "missing.json").string() + ": cannot read the file");
  }
}

TEST(Emit, ManifestAndHeadersDescribeTheDesign) {
  const Generated g = generate(
      resolve_config({{"block", "spark_decoder"}, {"name", "dec"}, {"params", {{"bits", 10}, {"signed", true}}}}, "x"));
  const auto& m = g.manifest;
  EXPECT_EQ(m["block"], "spark_decoder");
  EXPECT_EQ(m["name"], "dec");
  EXPECT_EQ(m["top"], "dec");
  EXPECT_EQ(m["params"]["bits"], 10);
  EXPECT_EQ(m["params"]["signed"], true);
  EXPECT_EQ(m["config_hash"], g.cfg.hash());
  EXPECT_EQ(m["files"], nlohmann::json::array({"dec_core.sv", "dec.sv"}));  // compile order: the top last
  // interfaces.md: unit_i is N/2 bits, value_o N+1 bits two's complement when signed.
  std::map<std::string, std::pair<int, std::string>> ports;
  for (const auto& p : m["ports"]) ports[p["name"]] = {p["width"].get<int>(), p["dir"].get<std::string>()};
  EXPECT_EQ(ports["unit_i"], std::make_pair(5, std::string("in")));
  EXPECT_EQ(ports["unit_sign_i"], std::make_pair(1, std::string("in")));
  EXPECT_EQ(ports["value_o"], std::make_pair(11, std::string("out")));
  EXPECT_EQ(ports["unit_ready_o"], std::make_pair(1, std::string("out")));
  EXPECT_EQ(ports.size(), 10u);
  for (const auto& f : g.rtl) EXPECT_EQ(f.text.rfind("// Generated by bitforge ", 0), 0u) << f.name;
  const std::string& sv = g.rtl.at(1).text;
  EXPECT_NE(sv.find("// config_hash: " + g.cfg.hash()), std::string::npos);
  EXPECT_NE(sv.find("module dec ("), std::string::npos);
  EXPECT_NE(sv.find("input  logic [4:0] unit_i,"), std::string::npos);
  EXPECT_NE(sv.find("output logic signed [10:0] value_o,"), std::string::npos);
}

TEST(Emit, PortListCarriesEachPortsDocAsAComment) {
  const std::vector<Port> ports = {{"a_i", Dir::In, 8, false, "A operand, two's complement", false},
                                   {"v_i", Dir::In, 1, false, "", true},
                                   {"y_o", Dir::Out, 9, true, "sum", false}};
  EXPECT_EQ(verilog_port_list(ports),
            "  input  logic [7:0] a_i,  // A operand, two's complement\n"
            "  input  logic [0:0] v_i,\n"
            "  output logic signed [8:0] y_o  // sum");
  // A doc is a one-line comment: a line break in it is a generator bug.
  EXPECT_THROW(verilog_port_list({{"a_i", Dir::In, 1, false, "two\nlines", false}}), std::logic_error);
}

TEST(Emit, SameConfigSameBytesOtherConfigOtherHash) {
  const nlohmann::json j = {{"block", "spark_encoder"}, {"params", {{"bits", 8}}}};
  const auto a = generate(resolve_config(j, "a")).all_files();
  const auto b = generate(resolve_config(j, "b")).all_files();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].text, b[i].text);
  }
  // Omitting a default or spelling it out is the same config.
  const nlohmann::json k = {{"block", "spark_encoder"}, {"params", {{"bits", 8}, {"signed", false}, {"pipeline", 0}}}};
  EXPECT_EQ(resolve_config(j, "a").hash(), resolve_config(k, "k").hash());
  const nlohmann::json l = {{"block", "spark_encoder"}, {"params", {{"bits", 10}}}};
  EXPECT_NE(resolve_config(j, "a").hash(), resolve_config(l, "l").hash());
}

TEST(Emit, WriteFilesIsAllOrNothing) {
  util::TempDir tmp;
  const auto dir = tmp.path() / "out";
  write_files({{"a.txt", "A"}, {"b.txt", "B"}}, dir);
  std::ifstream in(dir / "b.txt");
  std::string s;
  in >> s;
  EXPECT_EQ(s, "B");
  // A path that is a file, not a directory: refused, and the file is left as it was.
  std::ofstream(tmp.path() / "plain") << "keep";
  EXPECT_THROW(write_files({{"a.txt", "A"}}, tmp.path() / "plain"), InputError);
  std::ifstream kept(tmp.path() / "plain");
  kept >> s;
  EXPECT_EQ(s, "keep");
  // No temporary directories are left behind.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 2);
}

// Port::valid names the 1-bit port that qualifies a data output: it must exist in the same design.
TEST(Ports, EveryQualifiedDataOutputNamesAOneBitValidOfItsBlock) {
  int qualified_ports = 0;
  for (const Block* b : all_blocks()) {
    ResolvedConfig cfg{b, b->name(), {}};
    for (const auto& p : b->params()) cfg.values.push_back(p.def);
    const Design d = b->emit(cfg);
    for (const Port& p : d.ports) {
      if (p.valid.empty()) continue;
      ++qualified_ports;
      const Port* v = d.port(p.valid);
      ASSERT_NE(v, nullptr) << b->name() << "." << p.name << " names no port " << p.valid;
      EXPECT_EQ(v->width, 1) << b->name() << "." << p.valid;
      EXPECT_EQ(p.dir, Dir::Out) << b->name() << "." << p.name;
    }
  }
  EXPECT_GE(qualified_ports, 8);  // the arrays' C, the PEs' accumulators, the decoders' values, Panacea's Y
}

TEST(Docs, BlocksMdIsCurrent) {
  // docs_blocks_md_is_current: docs/blocks.md must be what `bitforge docs` writes today.
  std::ifstream in(std::string(BF_SOURCE_DIR) + "/docs/blocks.md");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), blocks_markdown()) << "regenerate with: build/bin/bitforge docs -o docs/blocks.md";
}

// The one list of families (gen/core/families.def) and what it promises: every block's family is listed and owns
// its four folders, every block has a bench and a test config.
std::vector<std::string> listed_families() {
  std::vector<std::string> out;
  std::ifstream in(std::string(BF_SOURCE_DIR) + "/gen/core/families.def");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("BF_FAMILY(", 0) == 0) out.push_back(line.substr(10, line.find(')') - 10));
  }
  return out;
}

TEST(Registry, EveryBlockBelongsToAListedFamilyWithItsFoldersBenchAndTestConfig) {
  namespace fs = std::filesystem;
  const std::vector<std::string> families = listed_families();
  ASSERT_GE(families.size(), 5u);
  const fs::path root = BF_SOURCE_DIR;
  for (const std::string& f : families) {
    for (const char* dir : {"golden", "gen", "rtl_templates", "verif"}) {
      EXPECT_TRUE(fs::is_directory(root / dir / f)) << dir << "/" << f << " missing for family " << f;
    }
  }
  for (const Block* b : all_blocks()) {
    EXPECT_NE(std::find(families.begin(), families.end(), b->family()), families.end())
        << b->name() << ": family " << b->family() << " is not in gen/core/families.def";
    EXPECT_NE(verif::find_bench(b->name()), nullptr) << b->name() << " has no bench";
    bool has_config = false;
    for (const auto& e : fs::directory_iterator(root / "verif" / b->family() / "test_configs")) {
      if (e.path().extension() == ".json") has_config = has_config || load_config(e.path()).block == b;
    }
    EXPECT_TRUE(has_config) << b->name() << " has no test config in verif/" << b->family() << "/test_configs";
  }
}

TEST(Registry, EveryParameterDefaultIsInRange) {
  for (const Block* b : all_blocks()) {
    for (const auto& p : b->params()) {
      EXPECT_TRUE(p.accepts(p.def)) << b->name() << "." << p.name;
      EXPECT_FALSE(p.doc.empty()) << b->name() << "." << p.name;
    }
    EXPECT_EQ(find_block(b->name()), b);
  }
  EXPECT_EQ(find_block("no_such_block"), nullptr);
}

}  // namespace
}  // namespace bf
