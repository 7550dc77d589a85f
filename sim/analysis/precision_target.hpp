// Running until an interval is narrow enough (docs/model.md#statistics, `cxsim run --until-ci`):
// which figure, how narrow, and how many customers the next round needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "analysis/run_results.hpp"

namespace cxsim {

// `[VARIANT.]FIGURE=HALFWIDTH`: FIGURE is any figure of results.json that is one estimate
// (figures.hpp: is_single_estimate), a total (retention, npv, nps…) or a figure against the
// baseline (delta_npv, net_value, roi…), in its own unit (a share for retention, the scenario's
// currency for money, a ratio for ROI); VARIANT defaults to the baseline, which a figure against
// the baseline cannot take.
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

// The figure's estimate in `results`, or none when the variant does not exist there or the
// figure has no value in it (a fix that costs nothing has no ROI, a run without survey answers no
// NPS).
std::optional<Estimate> target_estimate(const RunResults& results, const PrecisionTarget& target);

// Customers for the next round: a half-width shrinks as 1/√N, so N·(achieved/target)², with 10%
// to spare, at least double and at most `most`.
std::int64_t customers_for(std::int64_t customers, double achieved, double target,
                           std::int64_t most);

}  // namespace cxsim
