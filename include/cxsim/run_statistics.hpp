// The statistics of a run, folded block by block in block order from the kernel's BlockTotals:
// per variant, monthly series and totals per customer, and for every variant but the baseline
// the same figures paired against the baseline block by block (SPEC §3.3).
#pragma once

#include <vector>

#include "cxsim/block_statistic.hpp"
#include "cxsim/block_totals.hpp"

namespace cxsim {

// Per-customer monthly series; `npv` is cumulative (discounted value up to and including t).
enum class Series : int { alive, revenue, npv };
inline constexpr int kSeries = 3;

// Per-customer totals over the horizon.
enum class Total : int { revenue, npv, cost_to_serve, referral_value };
inline constexpr int kTotals = 4;

class RunStatistics {
 public:
  RunStatistics(int variants, int months, int touchpoints);

  // Adds one block; blocks must come in the same order in every run.
  void fold(const BlockTotals& block);

  int variants() const { return variants_; }
  int months() const { return months_; }

  const BlockStatistic& series(int variant, Series series, int month) const {
    return series_[series_index(variant, series, month)];
  }
  // Variant minus baseline, paired on the same customers; variant 0 has none.
  const BlockStatistic& paired_series(int variant, Series series, int month) const {
    return paired_series_[series_index(variant, series, month)];
  }
  const BlockStatistic& total(int variant, Total total) const {
    return totals_[total_index(variant, total)];
  }
  const BlockStatistic& paired_total(int variant, Total total) const {
    return paired_totals_[total_index(variant, total)];
  }
  // Per customer: events and failures; per event: satisfied (CSAT 4–5) and mean CES.
  const BlockStatistic& touchpoint(int variant, int touchpoint, TouchpointMetric metric) const {
    return touchpoint_statistics_[touchpoint_index(variant, touchpoint, metric)];
  }
  // Net promoter score as a share: (promoters − detractors) / answers.
  const BlockStatistic& nps(int variant) const { return nps_[static_cast<std::size_t>(variant)]; }

 private:
  std::size_t series_index(int variant, Series series, int month) const {
    return static_cast<std::size_t>((variant * kSeries + static_cast<int>(series)) * months_ +
                                    month);
  }
  std::size_t total_index(int variant, Total total) const {
    return static_cast<std::size_t>(variant * kTotals + static_cast<int>(total));
  }
  std::size_t touchpoint_index(int variant, int touchpoint, TouchpointMetric metric) const {
    return static_cast<std::size_t>((variant * touchpoints_ + touchpoint) * kTouchpointMetrics +
                                    static_cast<int>(metric));
  }

  int variants_;
  int months_;
  int touchpoints_;
  std::vector<BlockStatistic> series_;
  std::vector<BlockStatistic> paired_series_;
  std::vector<BlockStatistic> totals_;
  std::vector<BlockStatistic> paired_totals_;
  std::vector<BlockStatistic> touchpoint_statistics_;
  std::vector<BlockStatistic> nps_;
};

}  // namespace cxsim
