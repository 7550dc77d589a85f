// A command of the `cxsim` program: the subcommand whose options its own file declares, and
// what runs when the command line names it. Each command's file registers its command once, at
// namespace scope, with its place in the list `cxsim --help` prints:
//   const CommandRegistration registration{4, add_sweep_command};
// so that adding a command is adding its file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace cxsim::cli {

struct Command {
  CLI::App* subcommand;
  std::function<int()> run;  // returns the exit status (README.md#the-command)
};

// Declares a command and its options on the program's `app`.
using AddCommand = Command (*)(CLI::App& app);

struct CommandRegistration {
  CommandRegistration(int help_position, AddCommand add);
};

// Every registered command declared on `app`, in the order of their help positions.
std::vector<Command> add_registered_commands(CLI::App& app);

}  // namespace cxsim::cli
