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
  std::optional<int> replications;
  int threads = 0;
};

// Simulated customers when the command line does not say: every combination of fixes is a
// variant, so the file's count (sized for one run of a few variants) is capped at this.
inline constexpr std::int64_t kPrioritizeCustomers = 20'000;

// Returns the exit status: 0 done, 2 invalid scenario or one without fixes.
int prioritize_fixes(const PrioritizeOptions& options, std::ostream& out, std::ostream& err);

Command add_prioritize_command(CLI::App& app);

}  // namespace cxsim::cli
