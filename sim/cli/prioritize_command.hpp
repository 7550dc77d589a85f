// `cxsim prioritize FILE [--budget X]`: ranks the scenario's fixes and every combination of them
// by net value, picks the best set within a budget, and shows where fixes compound or overlap.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "command.hpp"

namespace cxsim::cli {

struct PrioritizeOptions {
  std::string file;
  std::optional<double> budget;  // PV of the chosen fixes' costs, in the scenario's currency
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> replications;
  int threads = 0;
};

// Returns the exit status: 0 done, 2 invalid scenario or one without fixes.
int prioritize_fixes(const PrioritizeOptions& options, std::ostream& out, std::ostream& err);

Command add_prioritize_command(CLI::App& app);

}  // namespace cxsim::cli
