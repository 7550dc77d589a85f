// What the kernel adds up for one block of customers, per variant: monthly sums, touchpoint
// counts and survey answers. Sized once per block; the kernel only adds into it. The figures
// made of these sums are listed in figures.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cxsim {

enum class MonthlyMetric : int {
  alive,           // customers still here after the month's churn
  revenue,         // earned by the customers here at the start of the month
  value,           // contribution − cost to serve + referral value, discounted
                   // (docs/model.md#value-and-discounting)
  cost_to_serve,   // Σ touchpoint cost of the month's interactions
  referral_value,  // value of the month's referrals
  count_,          // not a metric: how many there are
};
inline constexpr int kMonthlyMetrics = static_cast<int>(MonthlyMetric::count_);

enum class TouchpointMetric : int {
  events,
  failures,
  satisfied,     // CSAT 4–5
  effort_score,  // Σ CES (1–7)
  count_,        // not a metric: how many there are
};
inline constexpr int kTouchpointMetrics = static_cast<int>(TouchpointMetric::count_);

class BlockTotals {
 public:
  BlockTotals(int variants, int months, int touchpoints)
      : months_(months),
        touchpoints_(touchpoints),
        monthly_(static_cast<std::size_t>(variants * kMonthlyMetrics * months)),
        touchpoint_(static_cast<std::size_t>(variants * touchpoints * kTouchpointMetrics)),
        nps_(static_cast<std::size_t>(variants * 2)) {}

  double& monthly(int variant, MonthlyMetric metric, int month) {
    return monthly_[static_cast<std::size_t>(
        (variant * kMonthlyMetrics + static_cast<int>(metric)) * months_ + month)];
  }
  double monthly(int variant, MonthlyMetric metric, int month) const {
    return const_cast<BlockTotals&>(*this).monthly(variant, metric, month);
  }
  double& touchpoint(int variant, int touchpoint, TouchpointMetric metric) {
    return touchpoint_[static_cast<std::size_t>(
        (variant * touchpoints_ + touchpoint) * kTouchpointMetrics + static_cast<int>(metric))];
  }
  double touchpoint(int variant, int touchpoint, TouchpointMetric metric) const {
    return const_cast<BlockTotals&>(*this).touchpoint(variant, touchpoint, metric);
  }
  // Promoters minus detractors, and answers, over every survey month.
  double& nps_net(int variant) { return nps_[static_cast<std::size_t>(variant * 2)]; }
  double& nps_responses(int variant) { return nps_[static_cast<std::size_t>(variant * 2 + 1)]; }
  double nps_net(int variant) const { return nps_[static_cast<std::size_t>(variant * 2)]; }
  double nps_responses(int variant) const {
    return nps_[static_cast<std::size_t>(variant * 2 + 1)];
  }

  double customers = 0.0;
  std::uint64_t customer_months = 0;
  std::uint64_t interactions = 0;

 private:
  int months_;
  int touchpoints_;
  std::vector<double> monthly_;
  std::vector<double> touchpoint_;
  std::vector<double> nps_;
};

}  // namespace cxsim
