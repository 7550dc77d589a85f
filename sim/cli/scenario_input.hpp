// The scenario a command works on: read and validated, its problems printed when it is not,
// and checked again once the command line has changed its settings.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "cxsim/scenario_reader.hpp"

namespace cxsim::cli {

// The reading of `file` when the scenario is valid; otherwise its problems go to `err`, one a
// line, and nothing comes back (the command exits 2).
std::optional<ScenarioReading> read_valid_scenario(const std::string& file, std::ostream& err);

// False, with the problems on `err`, when settings given on the command line (a shorter
// horizon than the file's scheduled months, say) make `scenario` invalid; the problems are
// located in the file.
bool still_valid(const Scenario& scenario, const ScenarioReading& reading, const std::string& file,
                 std::ostream& err);

}  // namespace cxsim::cli
