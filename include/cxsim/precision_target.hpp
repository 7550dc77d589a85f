// Running until an interval is narrow enough (SPEC §3.3, `cxsim run --until-ci`): which figure,
// how narrow, and how many customers the next round needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cxsim/run_results.hpp"

namespace cxsim {

// `[VARIANT.]FIGURE=HALFWIDTH`: FIGURE is a total of results.json (retention, revenue, npv,
// cost_to_serve, referrals) or a difference against the baseline (delta_retention,
// delta_customers, delta_revenue, delta_cost_to_serve, delta_npv), in its own unit (a share for
// retention, the scenario's currency for money); VARIANT defaults to the baseline.
struct PrecisionTarget {
  std::string variant = "baseline";
  std::string figure;
  double half_width = 0.0;
};

// The target, or a message saying what is wrong with `spec`.
struct ParsedTarget {
  std::optional<PrecisionTarget> target;
  std::string problem;
};
ParsedTarget parse_precision_target(const std::string& spec);

// The figure's estimate in `results`, or none when the variant or figure does not exist there
// (a delta of the baseline, an unknown variant).
std::optional<Estimate> target_estimate(const RunResults& results, const PrecisionTarget& target);

// Customers for the next round: a half-width shrinks as 1/√N, so N·(achieved/target)², with 10%
// to spare, at least double and at most `most`.
std::int64_t customers_for(std::int64_t customers, double achieved, double target,
                           std::int64_t most);

}  // namespace cxsim
