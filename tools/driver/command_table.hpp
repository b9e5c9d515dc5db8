// The bitforge commands, one entry each: name, help, options and run (interfaces.md, "Command line").
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace bf::cli {

struct Command {
  std::string name;
  std::string help;
  // Declares the command's arguments and options on its subcommand and returns how to run it once parsed.
  std::function<std::function<int()>(CLI::App& app)> declare;
};

// An entry from a typed argument struct: `options` binds its members to the subcommand, `run` runs with them.
template <class Args>
Command command(std::string name, std::string help, void (*options)(CLI::App&, Args&), int (*run)(const Args&)) {
  return {std::move(name), std::move(help), [options, run](CLI::App& app) -> std::function<int()> {
            auto args = std::make_shared<Args>();
            options(app, *args);
            return [args, run] { return run(*args); };
          }};
}

// Every command, in the order `bitforge --help` lists them.
const std::vector<Command>& command_table();

}  // namespace bf::cli
