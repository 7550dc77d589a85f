// `cxsim run FILE`: simulates a scenario and writes results.json and monthly.csv
// (README.md#the-command).

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "base/text.hpp"
#include "command.hpp"
#include "cxsim/application.hpp"
#include "io/result_writers.hpp"
#include "progress_bar.hpp"
#include "scenario_input.hpp"
#include "summary_table.hpp"

namespace cxsim::cli {

struct RunOptions {
  std::string file;
  std::string output_directory;  // empty: results/<scenario name>
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> months;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
  int threads = 0;  // 0: every core
  bool quiet = false;
  std::optional<std::string> until_ci;  // [VARIANT.]FIGURE=HALFWIDTH (precision_target.hpp)
  std::int64_t max_customers = kDefaultMostCustomers;  // the most --until-ci may simulate
};

// Returns the exit status: 0 done, 2 invalid scenario (nothing written), 1 a failure to write.
int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);

namespace {

// A scenario name as a folder name: ASCII letters, digits and '-' kept, other ASCII characters
// (spaces, '/', quotes) become '_', non-ASCII characters (UTF-8 bytes) are kept as they are.
std::string folder_name(const std::string& name) {
  std::string folder;
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    folder += byte >= 0x80 || std::isalnum(byte) || c == '-' ? c : '_';
  }
  return folder.empty() ? "scenario" : folder;
}

std::string precision_report(const PrecisionOutcome& precision) {
  const std::string reached = "--until-ci " + precision.target + ": ±" +
                              format_number(precision.half_width) + " with " +
                              std::to_string(precision.customers) + " customers and " +
                              std::to_string(precision.replications) +
                              (precision.replications == 1 ? " replication" : " replications");
  if (precision.reached) {
    return reached + ", reached\n";
  }
  return reached + ", NOT reached: the most allowed is " +
         (precision.by_replications
              ? std::to_string(precision.most) + " replications"
              : std::to_string(precision.most) + " customers (--max-customers)") +
         "\n";
}

}  // namespace

int run_command(const RunOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<ScenarioInput> input = valid_scenario(options.file, err);
  if (!input) {
    return 2;
  }
  input = with_settings(
      *input,
      settings_overrides({options.customers, options.months, options.replications, options.seed}),
      err);
  if (!input) {
    return 2;
  }
  RunOutcome outcome;
  try {
    ProgressBar progress(!options.quiet);
    RunRequest request;
    request.threads = options.threads;
    request.until_ci = options.until_ci;
    request.max_customers = options.max_customers;
    request.progress = [&](std::int64_t done, std::int64_t total) { progress.update(done, total); };
    outcome = cxsim::run_scenario(*input, request);
  } catch (const InputError& error) {
    err << "cxsim: " << (options.until_ci ? "--until-ci: " : "") << error.what() << '\n';
    return 2;
  }

  const std::filesystem::path directory =
      options.output_directory.empty()
          ? std::filesystem::path("results") / folder_name(input->scenario.name)
          : std::filesystem::path(options.output_directory);
  try {
    write_results(outcome.results, directory);
  } catch (const std::exception& error) {
    err << "cxsim: " << error.what() << '\n';
    return 1;
  }
  for (const std::string& warning : outcome.results.warnings) {
    print_warning(warning, err);
  }
  print_summary(outcome.results, out);
  if (outcome.precision) {
    out << '\n' << precision_report(*outcome.precision);
  }
  out << "\nwrote " << (directory / "results.json").string() << " and "
      << (directory / "monthly.csv").string() << '\n';
  return 0;
}

Command add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand(
      "run", "Simulate a scenario: writes results.json and monthly.csv, prints a summary.");
  run->add_option("FILE", options->file, "Scenario file (YAML)")->required();
  run->add_option("-o,--output", options->output_directory,
                  "Directory for the results (default results/<scenario name>)");
  // The settings' ranges are the scenario's own: validation checks them.
  run->add_option("--customers", options->customers, "Simulated customers per replication");
  run->add_option("--months", options->months, "Horizon in months");
  run->add_option("--replications", options->replications,
                  "Replications (uncertain parameters drawn anew in each)");
  run->add_option("--seed", options->seed, "Random seed");
  run->add_option("--threads", options->threads, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  run->add_flag("--quiet", options->quiet, "No progress bar");
  run->add_option("--until-ci", options->until_ci,
                  "Add customers in rounds until [VARIANT.]FIGURE's interval has at most this "
                  "half-width, e.g. npv=5e6 or reliable_signup.delta_npv=1e6");
  run->add_option("--max-customers", options->max_customers,
                  "The most customers --until-ci may simulate (default " +
                      std::to_string(kDefaultMostCustomers) + ")");
  return {run, [options] { return run_command(*options, std::cout, std::cerr); }};
}

const CommandRegistration registration{1, add_run_command};

}  // namespace cxsim::cli
