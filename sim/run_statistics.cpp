#include "cxsim/run_statistics.hpp"

namespace cxsim {

RunStatistics::RunStatistics(int variants, int months, int touchpoints)
    : variants_(variants),
      months_(months),
      touchpoints_(touchpoints),
      series_(static_cast<std::size_t>(variants * kSeries * months)),
      paired_series_(series_.size()),
      totals_(static_cast<std::size_t>(variants * kTotals)),
      paired_totals_(totals_.size()),
      touchpoint_statistics_(static_cast<std::size_t>(variants * touchpoints * kTouchpointMetrics)),
      nps_(static_cast<std::size_t>(variants)) {}

void RunStatistics::fold(const BlockTotals& block) {
  const double customers = block.customers;
  // This block's per-variant series and totals, so that pairs can be differenced.
  std::vector<double> series(static_cast<std::size_t>(variants_ * kSeries * months_));
  std::vector<double> totals(static_cast<std::size_t>(variants_ * kTotals), 0.0);
  for (int v = 0; v < variants_; ++v) {
    double npv = 0.0;
    for (int t = 0; t < months_; ++t) {
      npv += block.monthly(v, MonthlyMetric::value, t);
      const double revenue = block.monthly(v, MonthlyMetric::revenue, t);
      series[series_index(v, Series::alive, t)] = block.monthly(v, MonthlyMetric::alive, t);
      series[series_index(v, Series::revenue, t)] = revenue;
      series[series_index(v, Series::npv, t)] = npv;
      totals[total_index(v, Total::revenue)] += revenue;
      totals[total_index(v, Total::cost_to_serve)] +=
          block.monthly(v, MonthlyMetric::cost_to_serve, t);
      totals[total_index(v, Total::referral_value)] +=
          block.monthly(v, MonthlyMetric::referral_value, t);
    }
    totals[total_index(v, Total::npv)] = npv;
  }
  for (int v = 0; v < variants_; ++v) {
    for (int s = 0; s < kSeries; ++s) {
      for (int t = 0; t < months_; ++t) {
        const std::size_t i = series_index(v, static_cast<Series>(s), t);
        series_[i].add(series[i], customers);
        if (v > 0) {
          paired_series_[i].add(series[i] - series[series_index(0, static_cast<Series>(s), t)],
                                customers);
        }
      }
    }
    for (int k = 0; k < kTotals; ++k) {
      const std::size_t i = total_index(v, static_cast<Total>(k));
      totals_[i].add(totals[i], customers);
      if (v > 0) {
        paired_totals_[i].add(totals[i] - totals[total_index(0, static_cast<Total>(k))], customers);
      }
    }
    for (int j = 0; j < touchpoints_; ++j) {
      const double events = block.touchpoint(v, j, TouchpointMetric::events);
      touchpoint_statistics_[touchpoint_index(v, j, TouchpointMetric::events)].add(events,
                                                                                   customers);
      touchpoint_statistics_[touchpoint_index(v, j, TouchpointMetric::failures)].add(
          block.touchpoint(v, j, TouchpointMetric::failures), customers);
      touchpoint_statistics_[touchpoint_index(v, j, TouchpointMetric::satisfied)].add(
          block.touchpoint(v, j, TouchpointMetric::satisfied), events);
      touchpoint_statistics_[touchpoint_index(v, j, TouchpointMetric::effort_score)].add(
          block.touchpoint(v, j, TouchpointMetric::effort_score), events);
    }
    nps_[static_cast<std::size_t>(v)].add(block.nps_net(v), block.nps_responses(v));
  }
}

}  // namespace cxsim
