// The `cxsim` program: parses the command line and runs the command it names. Each command
// declares its own options in its own file and registers itself there (command.hpp).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "base/version.hpp"
#include "command.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "cxsim: Monte Carlo what-if modelling of customer experience.\n"
      "Simulates customers through a journey of touchpoints and tells what a fix\n"
      "changes in churn, revenue and value.",
      "cxsim"};
  app.set_version_flag("--version", std::string("cxsim ") + std::string(cxsim::version()));
  app.require_subcommand(1);

  const std::vector<cxsim::cli::Command> commands = cxsim::cli::add_registered_commands(app);

  if (argc == 1) {
    std::cerr << app.help();
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    const std::string first = argv[1];
    const bool known = first.starts_with('-') ||
                       std::any_of(commands.begin(), commands.end(), [&](const auto& command) {
                         return command.subcommand->check_name(first);
                       });
    std::cerr << "cxsim: " << (known ? error.what() : "unknown command '" + first + "'")
              << "\nRun 'cxsim --help' for usage.\n";
    return 2;
  }

  // require_subcommand(1) has made sure exactly one command was given.
  const auto given = std::find_if(commands.begin(), commands.end(),
                                  [](const auto& command) { return command.subcommand->parsed(); });
  try {
    return given->run();
  } catch (const std::exception& error) {
    std::cerr << "cxsim: " << error.what() << '\n';
    return 1;
  }
}
