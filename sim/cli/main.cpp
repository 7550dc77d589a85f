// The `cxsim` command: parses the command line and hands each command to its own file.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "cxsim/version.hpp"
#include "run_command.hpp"
#include "validate_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "cxsim: Monte Carlo what-if modelling of customer experience.\n"
      "Simulates customers through a journey of touchpoints and tells what a fix\n"
      "changes in churn, revenue and value.",
      "cxsim"};
  app.set_version_flag("--version", std::string("cxsim ") + std::string(cxsim::version()));
  app.require_subcommand(1);

  cxsim::cli::RunOptions run_options;
  CLI::App* run = app.add_subcommand(
      "run", "Simulate a scenario: writes results.json and monthly.csv, prints a summary.");
  run->add_option("FILE", run_options.file, "Scenario file (YAML)")->required();
  run->add_option("-o,--output", run_options.output_directory,
                  "Directory for the results (default results/<scenario name>)");
  run->add_option("--customers", run_options.customers, "Simulated customers per replication")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{4294967295}));
  run->add_option("--months", run_options.months, "Horizon in months")->check(CLI::Range(1, 600));
  run->add_option("--replications", run_options.replications,
                  "Replications (uncertain parameters drawn anew in each)")
      ->check(CLI::Range(1, 100000));
  run->add_option("--seed", run_options.seed, "Random seed")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
  run->add_option("--threads", run_options.threads, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  run->add_flag("--quiet", run_options.quiet, "No progress bar");

  std::vector<std::string> validate_files;
  CLI::App* validate = app.add_subcommand(
      "validate", "Check scenario files; prints 'FILE: ok' or each problem as FILE:LINE:COL.");
  validate->add_option("FILE", validate_files, "Scenario files (YAML)")->required();

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
    const auto commands = app.get_subcommands([](CLI::App*) { return true; });
    const bool known = first.starts_with('-') ||
                       std::any_of(commands.begin(), commands.end(), [&](const CLI::App* command) {
                         return command->check_name(first);
                       });
    std::cerr << "cxsim: " << (known ? error.what() : "unknown command '" + first + "'")
              << "\nRun 'cxsim --help' for usage.\n";
    return 2;
  }

  // require_subcommand(1) has made sure exactly one command was given.
  try {
    return run->parsed() ? cxsim::cli::run_scenario(run_options, std::cout, std::cerr)
                         : cxsim::cli::run_validate(validate_files, std::cout, std::cerr);
  } catch (const std::exception& error) {
    std::cerr << "cxsim: " << error.what() << '\n';
    return 1;
  }
}
