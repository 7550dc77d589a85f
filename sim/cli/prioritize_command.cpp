// `cxsim prioritize FILE [--budget X]`: ranks the scenario's fixes and every combination of them
// by net value, picks the best set within a budget, and shows where fixes compound or overlap.

#include <cstdint>
#include <cstdio>
#include <iosfwd>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "command.hpp"
#include "cxsim/application.hpp"
#include "scenario_input.hpp"

namespace cxsim::cli {

struct PrioritizeOptions {
  std::string file;
  std::optional<double> budget;  // PV of the chosen fixes' costs, in the scenario's currency
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
  int threads = 0;
};

// Returns the exit status: 0 done, 2 invalid scenario or one without fixes.
int prioritize_fixes(const PrioritizeOptions& options, std::ostream& out, std::ostream& err);

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
      << payback_text(set.payback_month, set.payback_range, set.cost_pv.mean) << ", P(ROI > 0) "
      << (set.p_roi_positive ? money(*set.p_roi_positive)
                             : std::string("- (needs --replications 2 or more)"))
      << '\n';
}

}  // namespace

int prioritize_fixes(const PrioritizeOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<ScenarioInput> input = valid_scenario(options.file, err);
  if (!input) {
    return 2;
  }
  Prioritization result;
  try {
    check_prioritizable(*input, options.budget);
    SettingsGiven settings;
    settings.customers = prioritize_customers(input->scenario, options.customers);
    settings.replications = options.replications;
    settings.seed = options.seed;
    input = with_settings(*input, settings_overrides(settings), err);
    if (!input) {
      return 2;
    }
    warn_of_few_replications(input->scenario, err);
    result = prioritize_scenario(*input, options.budget, options.threads);
  } catch (const InputError& error) {
    err << "cxsim: " << error.what() << '\n';
    return 2;
  }
  const Scenario& scenario = input->scenario;
  out << scenario.name << ": " << scenario.fixes.size() << " fixes, "
      << scenario.simulation.customers << " simulated customers for "
      << scenario.population.size.value_or(scenario.simulation.customers) << ", "
      << scenario.simulation.replications
      << (scenario.simulation.replications == 1 ? " replication" : " replications") << " (seed "
      << scenario.simulation.seed << "), " << scenario.simulation.confidence * 100.0
      << "% intervals\n";
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
          << ": " << interval(i) << "  " << verdict_name(kind)
          << (kind == PairVerdict::independent ? " (no significant interaction)" : "") << '\n';
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
  command->add_option("--budget", options->budget, "Most PV of fix costs to spend");
  command->add_option("--customers", options->customers,
                      "Simulated customers (default: the file's, at most " +
                          std::to_string(kPrioritizeCustomers) + ")");
  command->add_option("--replications", options->replications,
                      "Replications (uncertain parameters drawn anew in each; 2 or more give "
                      "P(ROI > 0))");
  command->add_option("--seed", options->seed, "Random seed");
  command->add_option("--threads", options->threads, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  return {command, [options] { return prioritize_fixes(*options, std::cout, std::cerr); }};
}

const CommandRegistration registration{3, add_prioritize_command};

}  // namespace cxsim::cli
