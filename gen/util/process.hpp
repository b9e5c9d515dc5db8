// Running external tools (verilator, yosys, iverilog, the C++ compiler) as child processes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bf::util {

struct ProcessResult {
  int exit_code = -1;   // the child's exit status; 128 + signal when killed; -1 when it could not start
  std::string output;   // stdout and stderr, interleaved
};

// Runs argv[0] (searched in PATH) with the given arguments in `cwd` (empty: the current directory),
// waits for it and returns its exit code and everything it printed. Never throws for a failing child.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {});

// Quotes one argument for a POSIX shell, for printing reproducible command lines.
std::string shell_quote(const std::string& arg);
std::string shell_join(const std::vector<std::string>& argv);

}  // namespace bf::util
