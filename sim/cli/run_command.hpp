// `cxsim run FILE`: simulates a scenario and writes results.json and monthly.csv
// (README.md#the-command).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "command.hpp"
#include "cxsim/application.hpp"

namespace cxsim::cli {

struct RunOptions {
  std::string file;
  std::string output_directory;  // empty: results/<scenario name>
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> months;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
  int threads = 0;  // 0: every core
  bool quiet = false;
  std::optional<std::string> until_ci;  // [VARIANT.]FIGURE=HALFWIDTH (precision_target.hpp)
  std::int64_t max_customers = kDefaultMostCustomers;  // the most --until-ci may simulate
};

// Returns the exit status: 0 done, 2 invalid scenario (nothing written), 1 a failure to write.
int run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err);

// Declares `cxsim run` and its options on `app`.
Command add_run_command(CLI::App& app);

}  // namespace cxsim::cli
