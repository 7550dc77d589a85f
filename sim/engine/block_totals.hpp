// What the kernel adds up for one block of customers, per variant: monthly sums (survey answers
// among them), touchpoint counts, and each segment's customers and departures by month. Sized once
// per block; the kernel only adds into it. The figures made of these sums are listed in
// figures.hpp.
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
  nps_net,         // the month's survey answers: promoters minus detractors
  nps_answers,     //   and answers
  terminal_value,  // the value past the horizon of those still here after the month: in the last
                   // month only (docs/model.md#value-past-the-horizon), discounted
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
  BlockTotals(int variants, int months, int touchpoints, int segments)
      : months_(months),
        touchpoints_(touchpoints),
        segments_(segments),
        monthly_(static_cast<std::size_t>(variants * kMonthlyMetrics * months)),
        touchpoint_(static_cast<std::size_t>(variants * touchpoints * kTouchpointMetrics)),
        segment_customers_(static_cast<std::size_t>(segments)),
        segment_departures_(static_cast<std::size_t>(variants * segments * months)),
        cohort_customers_(static_cast<std::size_t>(months)),
        cohort_alive_(static_cast<std::size_t>(variants * months)),
        cohort_value_(static_cast<std::size_t>(variants * months * months)) {}

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
  // Promoters minus detractors, and answers, over every survey month: sums of whole numbers,
  // the same in any order.
  double nps_net(int variant) const { return over_months(variant, MonthlyMetric::nps_net); }
  double nps_responses(int variant) const {
    return over_months(variant, MonthlyMetric::nps_answers);
  }
  // The block's customers of a segment, the same in every variant.
  double& segment_customers(int segment) {
    return segment_customers_[static_cast<std::size_t>(segment)];
  }
  double segment_customers(int segment) const {
    return segment_customers_[static_cast<std::size_t>(segment)];
  }
  // A segment's customers who left in the month (churned at its end or defected during it): a
  // customer leaves once, so this costs the kernel a count a customer, not one a month.
  double& segment_departures(int variant, int segment, int month) {
    return segment_departures_[static_cast<std::size_t>((variant * segments_ + segment) * months_ +
                                                        month)];
  }
  double segment_departures(int variant, int segment, int month) const {
    return const_cast<BlockTotals&>(*this).segment_departures(variant, segment, month);
  }

  // Per cohort (docs/model.md#acquisition), by its join month (0 for the initial base): its
  // customers, those still here after the last month, and its value in each month. Whole numbers
  // but the value, which both kernels add customer by customer within a month. Alive and value
  // only when the run tallies cohorts (CompiledRun::by_cohort).
  double& cohort_customers(int join_month) {
    return cohort_customers_[static_cast<std::size_t>(join_month)];
  }
  double cohort_customers(int join_month) const {
    return cohort_customers_[static_cast<std::size_t>(join_month)];
  }
  double& cohort_alive(int variant, int join_month) {
    return cohort_alive_[static_cast<std::size_t>(variant * months_ + join_month)];
  }
  double cohort_alive(int variant, int join_month) const {
    return cohort_alive_[static_cast<std::size_t>(variant * months_ + join_month)];
  }
  double& cohort_value(int variant, int join_month, int month) {
    return cohort_value_[static_cast<std::size_t>((variant * months_ + join_month) * months_ +
                                                  month)];
  }
  double cohort_value(int variant, int join_month, int month) const {
    return const_cast<BlockTotals&>(*this).cohort_value(variant, join_month, month);
  }

  // The block's customers of the initial base: the unit its sums are per, which with
  // acquisition leaves out the joiners, so that one factor (the population over the simulated
  // base) scales every sum.
  double customers = 0.0;
  std::uint64_t customer_months = 0;
  std::uint64_t interactions = 0;

 private:
  double over_months(int variant, MonthlyMetric metric) const {
    double sum = 0.0;
    for (int t = 0; t < months_; ++t) {
      sum += monthly(variant, metric, t);
    }
    return sum;
  }

  int months_;
  int touchpoints_;
  int segments_;
  std::vector<double> monthly_;
  std::vector<double> touchpoint_;
  std::vector<double> segment_customers_;
  std::vector<double> segment_departures_;
  std::vector<double> cohort_customers_;
  std::vector<double> cohort_alive_;
  std::vector<double> cohort_value_;
};

}  // namespace cxsim
