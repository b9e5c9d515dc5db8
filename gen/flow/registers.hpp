// Every register of a design, per module, and whether it has a reset: the check of the reset policy (control
// state resets, data registers do not; docs/architecture.md). Yosys elaborates the design (read, hierarchy,
// proc, opt_clean; no synthesis) and its flip-flop cells are read back with the name of the signal they drive.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bf::flow {

struct Register {
  std::string module;  // as Yosys names it (parameterized modules: $paramod$<hash>\<name>)
  std::string name;    // the signal its output drives (the first public name), e.g. acc_q
  int bits = 0;
  bool reset = false;  // an asynchronous or synchronous reset or set ($adff, $sdff, $dffsr, ... cells)
};

// Throws FlowError when Yosys cannot elaborate the design (the message carries its errors).
std::vector<Register> list_registers(const std::vector<std::filesystem::path>& sv_files, const std::string& top,
                                     const std::filesystem::path& workdir);

// One line per module: "<module>: reset <name>[bits] ...; no reset <name>[bits] ..." (modules sorted by name).
std::string registers_table(const std::vector<Register>& regs);

}  // namespace bf::flow
