// Reading a scenario file (YAML, SPEC §4.1) into the scenario model. The loader checks form:
// YAML syntax, types, unknown, duplicate and missing keys, the shape of schedules and
// distributions, and the resource limits below. Whether the values make sense (ranges,
// references, cycles) is validation's job (validation.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cxsim/diagnostics.hpp"
#include "cxsim/scenario.hpp"

namespace cxsim {

// Bounds that keep a hostile or broken file from exhausting memory, stack or time.
struct LoaderLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  int max_depth = 64;               // nesting of mappings and lists
  std::size_t max_nodes = 200'000;  // nodes after expanding aliases (the "billion laughs")
};

struct LoadedScenario {
  Scenario scenario;
  SourceMap source_map;
  std::vector<Diagnostic> diagnostics;  // empty when the file has the right form
};

// `file_name` is only used to label diagnostics.
LoadedScenario load_scenario_text(std::string_view text, const std::string& file_name,
                                  const LoaderLimits& limits = {});

// A file that can't be read is reported as a diagnostic at 1:1, like any other problem.
LoadedScenario load_scenario_file(const std::string& path, const LoaderLimits& limits = {});

}  // namespace cxsim
