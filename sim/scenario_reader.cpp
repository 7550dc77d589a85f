#include "cxsim/scenario_reader.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "cxsim/validation.hpp"

namespace cxsim {

namespace {

// A problem in reading the touchpoints or fixes themselves, or their ids: references to them
// can't be checked, and "unknown touchpoint" would send the reader after the wrong line.
bool hides_ids(const std::string& path) {
  // Compare the path's shape, with every index dropped: `journey[3].id` reads `journey[].id`.
  std::string shape;
  for (std::size_t i = 0; i < path.size(); ++i) {
    shape += path[i];
    if (path[i] == '[') {
      while (i + 1 < path.size() && path[i + 1] != ']') {
        ++i;
      }
    }
  }
  static constexpr std::array<std::string_view, 9> kIdBearing{"journey",
                                                              "journey[]",
                                                              "journey[].id",
                                                              "fixes",
                                                              "fixes[]",
                                                              "fixes[].id",
                                                              "fixes[].add_touchpoints",
                                                              "fixes[].add_touchpoints[]",
                                                              "fixes[].add_touchpoints[].id"};
  return std::find(kIdBearing.begin(), kIdBearing.end(), shape) != kIdBearing.end();
}

ScenarioReading finish(LoadedScenario loaded) {
  ScenarioReading reading;
  reading.problems = std::move(loaded.diagnostics);
  // A problem of the whole document (syntax, size, schema version) leaves nothing to validate.
  const bool document_unreadable =
      std::any_of(reading.problems.begin(), reading.problems.end(),
                  [](const Diagnostic& d) { return d.path.empty() || d.path == "cxsim"; });
  if (!document_unreadable) {
    const ValidationOptions options{
        .check_references = std::none_of(reading.problems.begin(), reading.problems.end(),
                                         [](const Diagnostic& d) { return hides_ids(d.path); })};
    // A key the loader could not read keeps its default; checking that default would only
    // repeat the loader's message, so validation is not reported inside such a key.
    const std::vector<Diagnostic> load_problems = reading.problems;
    for (Diagnostic& problem : validate(loaded.scenario, loaded.source_map, options)) {
      const bool consequence =
          std::any_of(load_problems.begin(), load_problems.end(),
                      [&](const Diagnostic& d) { return path_within(problem.path, d.path); });
      if (!consequence) {
        reading.problems.push_back(std::move(problem));
      }
    }
  }
  std::stable_sort(reading.problems.begin(), reading.problems.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.location.line, a.location.column) <
                            std::pair(b.location.line, b.location.column);
                   });
  if (reading.problems.empty()) {
    reading.scenario = std::move(loaded.scenario);
  }
  return reading;
}

}  // namespace

ScenarioReading read_scenario_file(const std::string& path, const LoaderLimits& limits) {
  return finish(load_scenario_file(path, limits));
}

ScenarioReading read_scenario_text(std::string_view text, const std::string& file_name,
                                   const LoaderLimits& limits) {
  return finish(load_scenario_text(text, file_name, limits));
}

}  // namespace cxsim
