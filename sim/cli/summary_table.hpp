// The table `cxsim run` prints: per variant, retention, revenue and NPV with their intervals,
// and each fix's Δ NPV, ROI and payback against the baseline.
#pragma once

#include <iosfwd>

#include "cxsim/run_results.hpp"

namespace cxsim::cli {

void print_summary(const RunResults& results, std::ostream& out);

}  // namespace cxsim::cli
