// Reading a scenario file for use: load (scenario_loader.hpp), then validate (validation.hpp),
// all problems together in file order. A scenario comes back only when there is no problem, so
// nothing ever runs a half-valid scenario; with it, what it says that can have no effect
// (scenario_warnings.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_loader.hpp"

namespace cxsim {

struct ScenarioReading {
  std::optional<Scenario> scenario;  // set exactly when `problems` is empty
  std::vector<Diagnostic> problems;  // sorted by line and column
  std::vector<Diagnostic> warnings;  // of a valid scenario, sorted by line and column
  SourceMap source_map;  // to locate problems found later, such as with command-line settings
};

ScenarioReading read_scenario_file(const std::string& path, const LoaderLimits& limits = {});
ScenarioReading read_scenario_text(std::string_view text, const std::string& file_name,
                                   const LoaderLimits& limits = {});

}  // namespace cxsim
