#include "scenario/scenario_reader.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "scenario/scenario_warnings.hpp"
#include "scenario/validation.hpp"

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
  // A document that could not be read as a scenario leaves nothing to validate.
  if (loaded.readable) {
    const ValidationOptions options{
        .check_references =
            std::none_of(loaded.unread_paths.begin(), loaded.unread_paths.end(), hides_ids)};
    for (Diagnostic& problem : validate(loaded.scenario, loaded.source_map, options)) {
      const bool consequence =
          std::any_of(loaded.unread_paths.begin(), loaded.unread_paths.end(),
                      [&](const std::string& unread) { return path_within(problem.path, unread); });
      if (!consequence) {
        reading.problems.push_back(std::move(problem));
      }
    }
  }
  sort_by_location(reading.problems);
  if (reading.problems.empty()) {
    reading.warnings = scenario_warnings(loaded.scenario, loaded.source_map);
    sort_by_location(reading.warnings);
    reading.scenario = std::move(loaded.scenario);
  }
  reading.source_map = std::move(loaded.source_map);
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
