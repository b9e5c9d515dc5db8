// bitforge: generate, verify, simulate and size bit-level quantized DNN accelerator blocks. The commands are
// the entries of command_table() (command_table.cpp); main parses, runs the chosen one and maps errors to exit
// codes: 2 bad input (InputError, a bad argument), 1 a failed check or tool (ToolError, anything else).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <utility>

#include "base/errors.hpp"
#include "command_table.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"bitforge: generator of verified RTL for bit-level quantized DNN accelerators"};
  app.set_version_flag("--version", bf::kGeneratorVersion);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, std::function<int()>>> runs;
  for (const bf::cli::Command& c : bf::cli::command_table()) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    runs.emplace_back(sub, c.declare(*sub));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "bitforge: %s (see bitforge --help)\n", e.what());
    return 2;
  }
  try {
    for (const auto& [sub, run] : runs) {
      if (sub->parsed()) return run();
    }
  } catch (const bf::InputError& e) {
    std::fprintf(stderr, "bitforge: %s\n", e.what());
    return 2;
  } catch (const bf::ToolError& e) {
    std::fprintf(stderr, "bitforge: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bitforge: internal error: %s\n", e.what());
    return 1;
  }
  return 2;
}
