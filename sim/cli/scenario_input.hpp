// The scenario a command works on: read and validated, with the settings given on the command
// line applied and validated again, its problems printed when it is not valid.
#pragma once

#include <iosfwd>
#include <optional>
#include <span>
#include <string>

#include "cxsim/application.hpp"

namespace cxsim::cli {

// The scenario in `file` when it is valid, its warnings (scenario_warnings.hpp) printed to `err`;
// otherwise its problems go to `err`, one a line, and nothing comes back (the command exits 2).
std::optional<ScenarioInput> valid_scenario(const std::string& file, std::ostream& err);

// `input` with `settings` (overrides of simulation settings) applied, when it is still valid.
// Otherwise the problems go to `err`: when the settings make it invalid (a shorter horizon than
// the file's scheduled months, a setting out of its range), located in the file.
std::optional<ScenarioInput> with_settings(const ScenarioInput& input,
                                           std::span<const Override> settings, std::ostream& err);

// A warning as the commands write it on `err`: "cxsim: warning: " and the text, one line.
void print_warning(const std::string& warning, std::ostream& err);

// The scenario's replications_warning (run_results.hpp), if it has one, on `err`: for the
// commands that write no results.json.
void warn_of_few_replications(const Scenario& scenario, std::ostream& err);

}  // namespace cxsim::cli
