#include "scenario_input.hpp"

#include <ostream>

namespace cxsim::cli {

namespace {

void print_problems(const std::vector<Diagnostic>& problems, std::ostream& err) {
  for (const Diagnostic& problem : problems) {
    err << to_string(problem) << '\n';
  }
}

}  // namespace

std::optional<ScenarioInput> valid_scenario(const std::string& file, std::ostream& err) {
  ScenarioLoading loading = load_scenario_file(file);
  print_problems(loading.problems, err);
  for (const Diagnostic& warning : loading.warnings) {
    err << warning_text(warning) << '\n';
  }
  return std::move(loading.input);
}

std::optional<ScenarioInput> with_settings(const ScenarioInput& input,
                                           std::span<const Override> settings, std::ostream& err) {
  OverriddenScenario overridden = with_overrides(input, settings);
  for (const std::string& problem : overridden.misapplied) {
    err << "cxsim: " << problem << '\n';
  }
  if (!overridden.problems.empty()) {
    sort_by_location(overridden.problems);
    err << "cxsim: " << input.source.file
        << " is not valid with the settings given on the command line:\n";
    print_problems(overridden.problems, err);
  }
  return std::move(overridden.input);
}

void print_warning(const std::string& warning, std::ostream& err) {
  err << "cxsim: warning: " << warning << '\n';
}

void warn_of_few_replications(const Scenario& scenario, std::ostream& err) {
  if (const std::optional<std::string> warning = replications_warning(scenario)) {
    print_warning(*warning, err);
  }
}

}  // namespace cxsim::cli
