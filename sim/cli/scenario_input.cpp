#include "scenario_input.hpp"

#include <ostream>

#include "cxsim/validation.hpp"

namespace cxsim::cli {

namespace {

void print_problems(const std::vector<Diagnostic>& problems, std::ostream& err) {
  for (const Diagnostic& problem : problems) {
    err << to_string(problem) << '\n';
  }
}

}  // namespace

std::optional<ScenarioReading> read_valid_scenario(const std::string& file, std::ostream& err) {
  ScenarioReading reading = read_scenario_file(file);
  if (!reading.scenario) {
    print_problems(reading.problems, err);
    return std::nullopt;
  }
  return reading;
}

bool still_valid(const Scenario& scenario, const ScenarioReading& reading, const std::string& file,
                 std::ostream& err) {
  std::vector<Diagnostic> problems = validate(scenario, reading.source_map);
  if (problems.empty()) {
    return true;
  }
  sort_by_location(problems);
  err << "cxsim: " << file << " is not valid with the settings given on the command line:\n";
  print_problems(problems, err);
  return false;
}

}  // namespace cxsim::cli
