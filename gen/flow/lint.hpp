// Lint of generated (System)Verilog with three independent tools; no waivers: any warning fails.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bf::flow {

struct LintResult {
  std::string tool;     // "verilator", "iverilog" or "yosys"
  bool ok = false;      // the tool accepted the design
  std::string log;      // everything the tool printed (yosys: warnings and errors, plus a latch summary)
  std::string command;  // the command line, reproducible from any directory
};

// Runs, in this order, each in `workdir` (created if needed):
//   verilator --lint-only -Wall --top-module <top> <files>   ok: exit 0 and no "%Warning" / "%Error" printed
//   iverilog -g2012 -s <top> -o <workdir>/iv.out <files>      ok: exit 0
//   yosys -q -l <workdir>/lint.log -s <workdir>/lint.ys       ok: exit 0; the script reads the files,
//       elaborates <top>, runs proc, rejects latches (same check as run_area) and runs `check -assert` (no
//       multiple drivers, no undriven or unused-but-undriven wires, no combinational loops). With
//       `full_synth`, it then also runs a generic `synth -noshare -top <top>`: the lint gate needs latch freedom
//       and a synthesizable design, not a mapped netlist (that is `area`'s job), and synthesis is most of the
//       gate's time on large blocks (a Panacea PEA: 4 s against 280 s).
// A failing tool (syntax error, missing file, tool not installed) gives ok == false, never an exception.
// Throws FlowError only for unusable arguments (no files, a top that is not an identifier, a work
// directory that cannot be created or written).
std::vector<LintResult> run_lint(const std::vector<std::filesystem::path>& sv_files, const std::string& top,
                                 const std::filesystem::path& workdir, bool full_synth = false);

}  // namespace bf::flow
