#include "analysis/run_statistics.hpp"

#include "analysis/figures.hpp"

namespace cxsim {

namespace {

// How many statistics a figure has per variant.
int extent_of(const FigureDefinition& figure, int months, int touchpoints, int segments) {
  switch (figure.sum) {
    case Sum::each_month:
    case Sum::through_month:
    case Sum::survey_month:
      return months;
    case Sum::segment_month:
      return segments * months;
    case Sum::touchpoint:
      return touchpoints;
    case Sum::last_month:
    case Sum::horizon:
    case Sum::with_terminal:
    case Sum::survey:
      return 1;
    case Sum::baseline:
    case Sum::finance:
      return 0;
  }
  return 0;
}

}  // namespace

RunStatistics::RunStatistics(int variants, int months, int touchpoints, int segments)
    : variants_(variants), months_(months), touchpoints_(touchpoints), segments_(segments) {
  std::size_t size = 0;
  for (const FigureDefinition& figure : figure_table()) {
    offsets_.push_back(size);
    extents_.push_back(extent_of(figure, months, touchpoints, segments));
    paired_figures_.push_back(figure.sum == Sum::baseline ? paired_figure_index(figure)
                                                          : offsets_.size() - 1);
    size += static_cast<std::size_t>(variants * extents_.back());
  }
  statistics_.resize(size);
  paired_.resize(size);
  block_sums_.resize(size);
  block_units_.resize(size);
  const auto cohorts = static_cast<std::size_t>(variants * months);
  cohort_customers_.resize(static_cast<std::size_t>(months));
  cohort_alive_.resize(cohorts);
  cohort_value_.resize(cohorts);
  cohort_value_paired_.resize(cohorts);
  block_cohort_value_.resize(cohorts);
}

const BlockStatistic& RunStatistics::statistic(std::size_t figure, int variant, int at) const {
  if (figure_table()[figure].sum == Sum::baseline) {
    return paired(paired_figures_[figure], variant, at);
  }
  return statistics_[index(figure, variant, at)];
}

const BlockStatistic& RunStatistics::paired(std::size_t figure, int variant, int at) const {
  return paired_[index(figure, variant, at)];
}

void RunStatistics::fold(const BlockTotals& block) {
  fold_cohorts(block);
  const std::span<const FigureDefinition> figures = figure_table();
  for (std::size_t f = 0; f < figures.size(); ++f) {
    const FigureDefinition& figure = figures[f];
    const auto monthly = [&](int v, int t) {
      return block.monthly(v, static_cast<MonthlyMetric>(figure.metric), t);
    };
    for (int v = 0; v < variants_; ++v) {
      const auto put = [&](int at, double sum, double units) {
        block_sums_[index(f, v, at)] = sum;
        block_units_[index(f, v, at)] = units;
      };
      double running = 0.0;
      switch (figure.sum) {
        case Sum::last_month:
          put(0, monthly(v, months_ - 1), block.customers);
          break;
        case Sum::each_month:
          for (int t = 0; t < months_; ++t) {
            put(t, monthly(v, t), block.customers);
          }
          break;
        case Sum::through_month:
          for (int t = 0; t < months_; ++t) {
            running += monthly(v, t);
            put(t, running, block.customers);
          }
          break;
        case Sum::horizon:
          for (int t = 0; t < months_; ++t) {
            running += monthly(v, t);
          }
          put(0, running, block.customers);
          break;
        case Sum::with_terminal:
          for (int t = 0; t < months_; ++t) {
            running += monthly(v, t);
          }
          put(0, running + block.monthly(v, MonthlyMetric::terminal_value, months_ - 1),
              block.customers);
          break;
        case Sum::touchpoint:
          for (int j = 0; j < touchpoints_; ++j) {
            put(j, block.touchpoint(v, j, static_cast<TouchpointMetric>(figure.metric)),
                figure.per == Per::event ? block.touchpoint(v, j, TouchpointMetric::events)
                                         : block.customers);
          }
          break;
        case Sum::survey:
          put(0, block.nps_net(v), block.nps_responses(v));
          break;
        case Sum::survey_month:
          for (int t = 0; t < months_; ++t) {
            put(t, monthly(v, t), block.monthly(v, MonthlyMetric::nps_answers, t));
          }
          break;
        case Sum::segment_month:
          // Those still here: the segment's customers less those gone by the month's end, whole
          // numbers, exact.
          for (int segment = 0; segment < segments_; ++segment) {
            const double customers = block.segment_customers(segment);
            double gone = 0.0;
            for (int t = 0; t < months_; ++t) {
              gone += block.segment_departures(v, segment, t);
              put(segment * months_ + t, customers - gone, customers);
            }
          }
          break;
        case Sum::baseline:
        case Sum::finance:
          break;
      }
    }
    const bool paired_sum = is_paired_sum(figure);
    for (int v = 0; v < variants_; ++v) {
      for (int at = 0; at < extents_[f]; ++at) {
        const std::size_t i = index(f, v, at);
        statistics_[i].add(block_sums_[i], block_units_[i]);
        if (paired_sum && v > 0) {
          paired_[i].add(block_sums_[i] - block_sums_[index(f, 0, at)], block_units_[i]);
        }
      }
    }
  }
}

void RunStatistics::fold_cohorts(const BlockTotals& block) {
  for (int a = 0; a < months_; ++a) {
    cohort_customers_[static_cast<std::size_t>(a)].add(block.cohort_customers(a), block.customers);
  }
  for (int v = 0; v < variants_; ++v) {
    for (int a = 0; a < months_; ++a) {
      const auto i = static_cast<std::size_t>(v * months_ + a);
      double value = 0.0;
      for (int t = a; t < months_; ++t) {
        value += block.cohort_value(v, a, t);
      }
      block_cohort_value_[i] = value;
      cohort_alive_[i].add(block.cohort_alive(v, a), block.customers);
      cohort_value_[i].add(value, block.customers);
      if (v > 0) {
        cohort_value_paired_[i].add(value - block_cohort_value_[static_cast<std::size_t>(a)],
                                    block.customers);
      }
    }
  }
}

}  // namespace cxsim
