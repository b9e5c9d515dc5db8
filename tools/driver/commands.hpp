// The bitforge subcommands (interfaces.md, "Command line"). Each returns the process exit status:
// 0 success, 1 a mismatch or a failed check, 2 bad input. InputError/ToolError are caught in main().
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "flow/area.hpp"

namespace bf {
struct Generated;
}
namespace bf::verif {
struct Bench;
}

namespace bf::cli {

int cmd_list(bool json);
int cmd_gen(const std::string& config, const std::string& out_dir);
int cmd_verify(const std::string& config, const std::string& seed, int count, const std::string& trace);
int cmd_sim(const std::string& config, const std::string& input, const std::string& output, const std::string& trace);
// `map`: how the design is mapped (timing-driven or plain, flattened or per module); its clock_ns is the default.
int cmd_area(const std::string& config, const std::string& liberty, const std::string& json_out,
             const flow::MapOptions& map);
struct PpaArgs {
  std::string config, input, clock_ns, liberty, json_out;
  bool plain_map = false;       // no delay target, no fanout repair
  bool keep_hierarchy = false;  // map each module on its own, as `area` does by default
  bool vectorless = false;      // no simulation: every net at a nominal activity
  bool adder_cells = false;     // map Yosys's adders onto the library's adder cells
  std::string keep_dir;         // keep the work files (RTL, netlist, Yosys and OpenSTA scripts and logs) here
};
int cmd_ppa(const PpaArgs& a);
int cmd_lint(const std::string& config, bool full_synth, bool registers);
// (trace false: a model without the waveform code)
int cmd_model(const std::string& config, const std::string& out_dir, bool trace);
int cmd_docs(const std::string& output);
int cmd_demo(const std::string& out_dir);
int cmd_quantize(const std::string& input, const std::string& shape, int bits, bool is_signed, bool per_channel,
                 const std::string& channel_axis, const std::string& output, const std::string& report);
int cmd_aqs(const std::string& input, const std::string& output);
int cmd_weights(const std::string& model, const std::string& out_dir, int rows, const std::string& seed, int max_k);
struct EvaluateArgs {
  std::string model_dir, image, designs = "float,int8,spark,ant,ebsp,panacea", json_out, plot;
  int crop = 64;             // centre crop of the photo (pixels per side, before shrinking)
  int scale = 0;             // the model's enlargement, checked against the model (0: take the model's)
  bool no_hardware = false;  // skip the RTL spot checks and ppa (no energy, no area)
  bool layers = false;       // also print a table per design, one row per Conv2D
};
int cmd_evaluate(const EvaluateArgs& a);

// An output path a user named: its directory must exist and it must not be a directory (checked before any
// work, so nothing is written on bad input). Empty: nothing to check.
void write_file_check(const std::string& path, const std::string& option);

// The liberty to size with: --liberty (user input: unreadable or malformed is exit 2) or Debian's osu018.
std::filesystem::path check_liberty(const std::string& liberty);

// Writes the generated RTL into `dir` and returns the source paths in compile order.
std::vector<std::filesystem::path> write_rtl(const Generated& g, const std::filesystem::path& dir);

// The block's bench; ToolError when the block has none.
const verif::Bench& sim_bench(const Generated& g);

// A sim input file (--input), read and checked against the block's bench: InputError names the file and the JSON
// path of what is wrong.
nlohmann::json read_sim_input(const Generated& g, const std::string& input);

// A --seed value: a decimal integer in [0, 2^64 - 1]; anything else is InputError.
uint64_t parse_seed(const std::string& text);

}  // namespace bf::cli
