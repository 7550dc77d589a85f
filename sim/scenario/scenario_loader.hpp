// Reading a scenario file (YAML, docs/scenarios.md) into the scenario model. The loader checks
// form: YAML syntax, types, unknown, duplicate and missing keys, the shape of schedules and
// distributions, and the resource limits below. Whether the values make sense (ranges,
// references, cycles) is validation's job (validation.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "scenario/loader_limits.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct LoadedScenario {
  Scenario scenario;
  SourceMap source_map;
  std::vector<Diagnostic> diagnostics;  // empty when the file has the right form
  // False when the text could not be read as a scenario at all (syntax, limits, schema
  // version): then `scenario` holds nothing worth validating.
  bool readable = false;
  // Paths whose values could not be read and keep their defaults: checking those defaults would
  // only repeat the loader's message (a misplaced or unknown key leaves no such path).
  std::vector<std::string> unread_paths;
};

// `file_name` is only used to label diagnostics.
LoadedScenario load_scenario_text(std::string_view text, const std::string& file_name,
                                  const LoaderLimits& limits = {});

// A file that can't be read is reported as a diagnostic at 1:1, like any other problem.
LoadedScenario load_scenario_file(const std::string& path, const LoaderLimits& limits = {});

}  // namespace cxsim
