#include "run_command.hpp"

#include <tbb/info.h>

#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <ostream>
#include <sstream>

#include "cxsim/file_digest.hpp"
#include "cxsim/precision_target.hpp"
#include "cxsim/result_writers.hpp"
#include "cxsim/run_results.hpp"
#include "cxsim/scenario_reader.hpp"
#include "cxsim/simulation_driver.hpp"
#include "cxsim/text.hpp"
#include "progress_bar.hpp"
#include "scenario_input.hpp"
#include "summary_table.hpp"

namespace cxsim::cli {

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

std::string file_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

}  // namespace

int run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<ScenarioReading> reading = read_valid_scenario(options.file, err);
  if (!reading) {
    return 2;
  }
  Scenario& scenario = *reading->scenario;
  SimulationSettings& settings = scenario.simulation;
  settings.customers = options.customers.value_or(settings.customers);
  settings.months = options.months.value_or(settings.months);
  settings.replications = options.replications.value_or(settings.replications);
  settings.seed = options.seed.value_or(settings.seed);
  if (!still_valid(scenario, *reading, options.file, err)) {
    return 2;
  }

  std::optional<PrecisionTarget> target;
  if (options.until_ci) {
    const ParsedTarget parsed = parse_precision_target(*options.until_ci);
    const auto variants = standard_variants(scenario);
    if (parsed.target && std::none_of(variants.begin(), variants.end(), [&](const Variant& v) {
          return v.id == parsed.target->variant;
        })) {
      err << "cxsim: --until-ci: no variant " << quoted_text(parsed.target->variant) << '\n';
      return 2;
    }
    if (!parsed.target ||
        (parsed.target->figure.starts_with("delta_") && parsed.target->variant == "baseline")) {
      err << "cxsim: --until-ci: "
          << (parsed.target ? "a delta needs a variant other than the baseline, as FIX.delta_npv"
                            : parsed.problem)
          << '\n';
      return 2;
    }
    target = parsed.target;
  }

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  const ScenarioSource source{scenario.name, options.file, sha256_hex(file_bytes(options.file))};
  std::string precision_report;
  RunResults results;
  // Without a target one round; with one, rounds of more customers until the interval is narrow
  // enough. Customers are keyed by their index, so a round repeats the previous round's
  // customers and adds new ones.
  while (true) {
    const SimulationOutput output = [&] {
      ProgressBar progress(!options.quiet);
      DriverOptions driver;
      driver.threads = threads;
      driver.progress = [&](std::int64_t done, std::int64_t total) {
        progress.update(done, total);
      };
      return simulate(scenario, standard_variants(scenario), driver);
    }();
    results = summarize(scenario, source, output, threads);
    if (!target) {
      break;
    }
    const std::optional<Estimate> estimate = target_estimate(results, *target);
    if (!estimate) {  // a fix that costs nothing has no ROI, a run without survey answers no NPS
      err << "cxsim: --until-ci: " << *options.until_ci
          << ": the figure has no value in this run\n";
      return 2;
    }
    const double achieved = 0.5 * (estimate->hi - estimate->lo);
    // With uncertain parameters and several replications the interval comes from the spread
    // across replications, which more customers do not narrow: more replications do.
    const bool by_replications = output.uncertain && settings.replications >= 2;
    const std::string reached = "--until-ci " + *options.until_ci + ": ±" +
                                format_number(achieved) + " with " +
                                std::to_string(settings.customers) + " customers and " +
                                std::to_string(settings.replications) +
                                (settings.replications == 1 ? " replication" : " replications");
    if (achieved <= target->half_width) {
      precision_report = reached + ", reached\n";
      break;
    }
    if (by_replications ? settings.replications >= kMostReplications
                        : settings.customers >= options.max_customers) {
      precision_report = reached + ", NOT reached: the most allowed is " +
                         (by_replications ? std::to_string(kMostReplications) + " replications"
                                          : std::to_string(options.max_customers) +
                                                " customers (--max-customers)") +
                         "\n";
      break;
    }
    if (by_replications) {
      settings.replications = static_cast<int>(
          customers_for(settings.replications, achieved, target->half_width, kMostReplications));
    } else {
      settings.customers =
          customers_for(settings.customers, achieved, target->half_width, options.max_customers);
    }
  }

  const std::filesystem::path directory =
      options.output_directory.empty()
          ? std::filesystem::path("results") / folder_name(scenario.name)
          : std::filesystem::path(options.output_directory);
  try {
    write_results(results, directory);
  } catch (const std::exception& error) {
    err << "cxsim: " << error.what() << '\n';
    return 1;
  }
  print_summary(results, out);
  out << (precision_report.empty() ? "" : "\n" + precision_report);
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
  run->add_option("--customers", options->customers, "Simulated customers per replication")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{4294967295}));
  run->add_option("--months", options->months, "Horizon in months")->check(CLI::Range(1, 600));
  run->add_option("--replications", options->replications,
                  "Replications (uncertain parameters drawn anew in each)")
      ->check(CLI::Range(1, 100000));
  run->add_option("--seed", options->seed, "Random seed")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
  run->add_option("--threads", options->threads, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  run->add_flag("--quiet", options->quiet, "No progress bar");
  run->add_option("--until-ci", options->until_ci,
                  "Add customers in rounds until [VARIANT.]FIGURE's interval has at most this "
                  "half-width, e.g. npv=5e6 or reliable_signup.delta_npv=1e6");
  run->add_option("--max-customers", options->max_customers,
                  "The most customers --until-ci may simulate (default 10000000)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{4294967295}));
  return {run, [options] { return run_scenario(*options, std::cout, std::cerr); }};
}

}  // namespace cxsim::cli
