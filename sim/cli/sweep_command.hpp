// `cxsim sweep FILE --vary PATH=LO:HI:STEPS …`: sensitivity of the outcomes to model
// parameters (README.md#the-command), one at a time or over a full grid, as CSV, with a tornado of
// Δ NPV.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"

namespace cxsim::cli {

struct SweepOptions {
  std::string file;
  std::vector<std::string> vary;  // each PATH=LO:HI:STEPS
  bool grid = false;              // the Cartesian product instead of one at a time
  std::optional<std::int64_t> customers;
  int threads = 0;     // 0: every core
  std::string output;  // the CSV file; empty: the CSV goes to `out` and no table is printed
  bool quiet = false;
};

// Returns the exit status: 0 done, 2 invalid input (a --vary, the scenario, a point's value;
// nothing written), 1 a failure to write. With an output file, the tornado table of a
// one-at-a-time sweep goes to `out`.
int sweep_scenario(const SweepOptions& options, std::ostream& out, std::ostream& err);

// Declares `cxsim sweep` and its options on `app`.
Command add_sweep_command(CLI::App& app);

}  // namespace cxsim::cli
