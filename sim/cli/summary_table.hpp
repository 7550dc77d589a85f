// The table `cxsim run` prints: per variant, the figures with a TableColumn in figures.hpp
// (retention, revenue and NPV with their intervals, and each fix's Δ retention, Δ NPV, cost PV,
// net value and ROI against the baseline), and each fix's payback.
#pragma once

#include <iosfwd>

#include "analysis/run_results.hpp"

namespace cxsim::cli {

void print_summary(const RunResults& results, std::ostream& out);

}  // namespace cxsim::cli
