#include "prioritize_command.hpp"

#include <tbb/info.h>

#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>

#include "cxsim/prioritization.hpp"
#include "cxsim/scenario_reader.hpp"
#include "scenario_input.hpp"

namespace cxsim::cli {

namespace {

std::string money(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", value);
  return buffer;
}

// A figure without spread (a certain cost) is printed alone.
std::string interval(const Estimate& e) {
  if (e.lo == e.hi) {
    return money(e.mean);
  }
  return money(e.mean) + " [" + money(e.lo) + ", " + money(e.hi) + "]";
}

std::string fix_names(const Scenario& scenario, const std::vector<std::size_t>& fixes) {
  std::string names;
  for (const std::size_t fix : fixes) {
    names += (names.empty() ? "" : " + ") + scenario.fixes[fix].id;
  }
  return names;
}

void print_set(const Scenario& scenario, const FixSetValue& set, std::ostream& out) {
  out << "  " << fix_names(scenario, set.fixes) << "\n    net value " << interval(set.net_value)
      << ", delta NPV " << interval(set.delta_npv) << ", cost PV " << interval(set.cost_pv)
      << "\n    ROI " << (set.roi ? interval(*set.roi) : std::string("- (no cost)")) << ", payback "
      << (set.payback_month ? "month " + std::to_string(*set.payback_month)
                            : std::string("not within the horizon"))
      << ", P(ROI > 0) "
      << (set.p_roi_positive ? money(*set.p_roi_positive)
                             : std::string("- (needs --replications 2 or more)"))
      << '\n';
}

}  // namespace

int prioritize_fixes(const PrioritizeOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<ScenarioReading> reading = read_valid_scenario(options.file, err);
  if (!reading) {
    return 2;
  }
  Scenario& scenario = *reading->scenario;
  if (scenario.fixes.empty()) {
    err << "cxsim: " << options.file << " has no fixes to prioritize\n";
    return 2;
  }
  scenario.simulation.customers =
      options.customers.value_or(std::min(scenario.simulation.customers, kPrioritizeCustomers));
  scenario.simulation.replications =
      options.replications.value_or(scenario.simulation.replications);
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  DriverOptions driver;
  driver.threads = threads;
  const Prioritization result = prioritize(scenario, options.budget, driver);

  out << scenario.name << ": " << scenario.fixes.size() << " fixes, "
      << scenario.simulation.customers << " simulated customers for "
      << scenario.population.size.value_or(scenario.simulation.customers) << ", "
      << scenario.simulation.confidence * 100.0 << "% intervals\n";
  if (!result.exhaustive) {
    out << "More than " << kMostFixesExhaustive
        << " fixes: sets grown greedily, one fix at a time by the largest gain in net value, "
           "not every combination.\n";
  }
  out << "\nBy net value (delta NPV - PV of cost), best first:\n";
  for (const FixSetValue& set : result.ranking) {
    print_set(scenario, set, out);
  }
  if (options.budget) {
    out << "\nBest within a budget of " << money(*options.budget) << " (PV of cost):\n";
    if (result.best_within_budget) {
      print_set(scenario, *result.best_within_budget, out);
    } else {
      out << "  no set of fixes that pays back (net value > 0) costs that little: fund none\n";
    }
  }
  if (!result.pairs.empty()) {
    out << "\nPairs: delta NPV of the pair minus the two alone:\n";
    for (const PairInteraction& pair : result.pairs) {
      const Estimate& i = pair.interaction;
      const PairVerdict kind = verdict(pair);
      out << "  " << scenario.fixes[pair.first].id << " + " << scenario.fixes[pair.second].id
          << ": " << interval(i) << "  "
          << (kind == PairVerdict::compound  ? "compound"
              : kind == PairVerdict::overlap ? "overlap"
                                             : "independent (no significant interaction)")
          << '\n';
    }
  }
  return 0;
}

Command add_prioritize_command(CLI::App& app) {
  auto options = std::make_shared<PrioritizeOptions>();
  CLI::App* command = app.add_subcommand(
      "prioritize",
      "Rank the fixes and their combinations by net value, pick the best set within a budget, "
      "and show which fixes compound or overlap.");
  command->add_option("FILE", options->file, "Scenario file (YAML)")->required();
  command->add_option("--budget", options->budget, "Most PV of fix costs to spend")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--customers", options->customers,
                   "Simulated customers (default: the file's, at most 20000)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{4294967295}));
  command
      ->add_option("--replications", options->replications,
                   "Replications (uncertain parameters drawn anew in each; 2 or more give "
                   "P(ROI > 0))")
      ->check(CLI::Range(1, 100000));
  command->add_option("--threads", options->threads, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  return {command, [options] { return prioritize_fixes(*options, std::cout, std::cerr); }};
}

}  // namespace cxsim::cli
