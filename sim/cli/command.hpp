// A command of the `cxsim` program: the subcommand whose options its own file declares, and
// what runs when the command line names it.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace cxsim::cli {

struct Command {
  CLI::App* subcommand;
  std::function<int()> run;  // returns the exit status (README.md#the-command)
};

}  // namespace cxsim::cli
