// The statistics of a run, folded block by block in block order from the kernel's BlockTotals:
// per variant, one statistic per figure of figures.hpp that sums something (per month for a
// series, per touchpoint for a touchpoint's figure, per segment and month for a segment's series),
// and for every variant but the baseline the sums per customer paired against the baseline block by
// block (docs/model.md#statistics).
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "engine/block_totals.hpp"

namespace cxsim {

class RunStatistics {
 public:
  RunStatistics(int variants, int months, int touchpoints, int segments);

  // Adds one block; blocks must come in the same order in every run.
  void fold(const BlockTotals& block);

  int variants() const { return variants_; }
  int months() const { return months_; }

  // The statistic of the figure at `figure` in figure_table() for `variant`; `at` is the month
  // of a series, the touchpoint of a touchpoint's figure, or segment · months + month of a
  // segment's series. A figure against the baseline
  // (Sum::baseline) gives its paired figure's paired statistic.
  const BlockStatistic& statistic(std::size_t figure, int variant, int at = 0) const;
  // Variant minus baseline, paired on the same customers, of a figure with is_paired_sum;
  // variant 0 has none.
  const BlockStatistic& paired(std::size_t figure, int variant, int at = 0) const;

  // Per cohort, by join month (docs/model.md#acquisition), per customer of the base: its
  // customers, those still here at the horizon, and its discounted value over the horizon, with
  // the value paired against the baseline's (variant 0 has none).
  const BlockStatistic& cohort_customers(int join_month) const {
    return cohort_customers_[static_cast<std::size_t>(join_month)];
  }
  const BlockStatistic& cohort_alive(int variant, int join_month) const {
    return cohort_alive_[static_cast<std::size_t>(variant * months_ + join_month)];
  }
  const BlockStatistic& cohort_value(int variant, int join_month) const {
    return cohort_value_[static_cast<std::size_t>(variant * months_ + join_month)];
  }
  const BlockStatistic& cohort_value_paired(int variant, int join_month) const {
    return cohort_value_paired_[static_cast<std::size_t>(variant * months_ + join_month)];
  }

 private:
  void fold_cohorts(const BlockTotals& block);
  std::size_t index(std::size_t figure, int variant, int at) const {
    return offsets_[figure] + static_cast<std::size_t>(variant * extents_[figure] + at);
  }

  int variants_;
  int months_;
  int touchpoints_;
  int segments_;
  // Per figure of figure_table(): where its statistics start, and how many per variant (0 for
  // a figure that sums nothing of its own).
  std::vector<std::size_t> offsets_;
  std::vector<int> extents_;
  // Per figure, the figure whose statistics it reads: itself, or for a figure against the
  // baseline the one it is the difference of (paired_figure_index).
  std::vector<std::size_t> paired_figures_;
  std::vector<BlockStatistic> statistics_;
  std::vector<BlockStatistic> paired_;
  // This block's sums and units, in the layout of `statistics_`, so that pairs can be differenced.
  std::vector<double> block_sums_;
  std::vector<double> block_units_;
  std::vector<BlockStatistic> cohort_customers_;
  std::vector<BlockStatistic> cohort_alive_;
  std::vector<BlockStatistic> cohort_value_;
  std::vector<BlockStatistic> cohort_value_paired_;
  std::vector<double> block_cohort_value_;  // this block's, [variant · months + join month]
};

}  // namespace cxsim
