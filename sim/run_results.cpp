#include "cxsim/run_results.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "cxsim/compiled_run.hpp"
#include "cxsim/finance.hpp"

namespace cxsim {

namespace {

using Select = std::function<const BlockStatistic&(const RunStatistics&)>;

// Estimates of one run, each from the blocks or, with uncertain parameters and two
// replications or more, from the replications (see run_results.hpp).
class Figures {
 public:
  Figures(const SimulationOutput& output, double confidence)
      : output_(output),
        confidence_(confidence),
        across_replications_(output.uncertain && output.replications.size() >= 2) {}

  Estimate estimate(const Select& select, double scale = 1.0) const {
    return *observed(select, scale, false);
  }

  // None when nothing was observed (no survey answer, no event); across replications, those
  // that observed nothing are left out, and fewer than two left give none.
  std::optional<Estimate> observed(const Select& select, double scale = 1.0,
                                   bool needs_units = true) const {
    if (needs_units && select(output_.statistics).units() <= 0.0) {
      return std::nullopt;
    }
    if (!across_replications_) {
      return select(output_.statistics).interval(confidence_, scale);
    }
    std::vector<double> values;
    for (const ReplicationOutcome& replication : output_.replications) {
      const BlockStatistic& statistic = select(replication.statistics);
      if (!needs_units || statistic.units() > 0.0) {
        values.push_back(statistic.estimate() * scale);
      }
    }
    if (values.size() < 2) {
      return std::nullopt;
    }
    return interval_over(values);
  }

  SeriesEstimate series(int variant, Series series, double scale, bool paired) const {
    SeriesEstimate estimate_by_month;
    for (int t = 0; t < output_.statistics.months(); ++t) {
      const Estimate e = estimate(
          [&](const RunStatistics& s) -> const BlockStatistic& {
            return paired ? s.paired_series(variant, series, t) : s.series(variant, series, t);
          },
          scale);
      estimate_by_month.mean.push_back(e.mean);
      estimate_by_month.lo.push_back(e.lo);
      estimate_by_month.hi.push_back(e.hi);
    }
    return estimate_by_month;
  }

  Estimate interval_over(const std::vector<double>& values) const {
    return cxsim::interval_over(values, confidence_);
  }

  bool across_replications() const { return across_replications_; }

 private:
  const SimulationOutput& output_;
  double confidence_;
  bool across_replications_;
};

VsBaseline vs_baseline(const Figures& figures, const SimulationOutput& output, int variant,
                       double population) {
  const int months = output.statistics.months();
  const int last = months - 1;
  const auto paired_total = [&](Total total) {
    return figures.estimate(
        [&](const RunStatistics& s) -> const BlockStatistic& {
          return s.paired_total(variant, total);
        },
        population);
  };
  const Select paired_retention = [&](const RunStatistics& s) -> const BlockStatistic& {
    return s.paired_series(variant, Series::alive, last);
  };
  VsBaseline result;
  result.delta_retention = figures.estimate(paired_retention);
  result.delta_customers = figures.estimate(paired_retention, population);
  result.delta_revenue = paired_total(Total::revenue);
  result.delta_cost_to_serve = paired_total(Total::cost_to_serve);
  result.delta_npv = paired_total(Total::npv);

  // Each replication's own fix cost and Δ NPV (costs may be uncertain too).
  const auto cost_to = [&](const ReplicationOutcome& replication, int month) {
    return replication.cumulative_cost_pv[static_cast<std::size_t>(variant * months + month)];
  };
  const auto replications = static_cast<double>(output.replications.size());
  std::vector<double> cost_to_month(static_cast<std::size_t>(months), 0.0);
  for (const ReplicationOutcome& replication : output.replications) {
    for (int t = 0; t < months; ++t) {
      cost_to_month[static_cast<std::size_t>(t)] += cost_to(replication, t) / replications;
    }
  }
  result.cost_pv = cost_to_month.back();
  const SeriesEstimate benefit_to_month = figures.series(variant, Series::npv, population, true);
  result.payback_month = payback_month(benefit_to_month.mean, cost_to_month);
  result.payback_earliest = payback_month(benefit_to_month.hi, cost_to_month);
  result.payback_latest = payback_month(benefit_to_month.lo, cost_to_month);

  std::vector<double> delta_npv;
  std::vector<double> roi;
  for (const ReplicationOutcome& replication : output.replications) {
    const double benefit =
        replication.statistics.paired_total(variant, Total::npv).estimate() * population;
    delta_npv.push_back(benefit);
    const double cost = cost_to(replication, last);
    if (cost > 0.0) {
      roi.push_back((benefit - cost) / cost);
    }
  }
  if (result.cost_pv > 0.0) {
    result.roi = figures.across_replications() && roi.size() == delta_npv.size()
                     ? figures.interval_over(roi)
                     : return_on_investment(result.delta_npv, result.cost_pv);
  }
  if (delta_npv.size() >= 2) {
    const auto quantiles = [](const std::vector<double>& values) {
      return Quantiles{quantile(values, 0.05), quantile(values, 0.5), quantile(values, 0.95)};
    };
    result.delta_npv_quantiles = quantiles(delta_npv);
    if (roi.size() == delta_npv.size()) {
      result.roi_quantiles = quantiles(roi);
      result.p_roi_positive = static_cast<double>(std::count_if(roi.begin(), roi.end(),
                                                                [](double r) { return r > 0.0; })) /
                              static_cast<double>(roi.size());
    }
  }
  return result;
}

}  // namespace

double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

RunResults summarize(const Scenario& scenario, const ScenarioSource& source,
                     const SimulationOutput& output, int threads) {
  const SimulationSettings& settings = scenario.simulation;
  RunResults results;
  results.scenario = source;
  results.customers = settings.customers;
  results.population_size = scenario.population.size.value_or(settings.customers);
  results.months = settings.months;
  results.replications = settings.replications;
  results.seed = settings.seed;
  results.confidence = settings.confidence;
  results.threads = threads;
  results.seconds = output.seconds;
  results.customer_months = output.customer_months;
  results.interactions = output.interactions;

  const Figures figures(output, settings.confidence);
  const auto population = static_cast<double>(results.population_size);
  const int last = settings.months - 1;
  const std::vector<RunTouchpoint> touchpoints = run_touchpoints(scenario);
  for (int v = 0; v < output.statistics.variants(); ++v) {
    const Variant& variant = output.variants[static_cast<std::size_t>(v)];
    const auto total = [&](Total which) {
      return figures.estimate(
          [&](const RunStatistics& s) -> const BlockStatistic& { return s.total(v, which); },
          population);
    };
    VariantResult result;
    result.id = variant.id;
    for (const std::size_t f : variant.fixes) {
      result.fixes.push_back(scenario.fixes[f].id);
    }
    result.retention = figures.estimate([&](const RunStatistics& s) -> const BlockStatistic& {
      return s.series(v, Series::alive, last);
    });
    result.revenue = total(Total::revenue);
    result.npv = total(Total::npv);
    result.cost_to_serve = total(Total::cost_to_serve);
    result.referrals = total(Total::referral_value);
    result.nps = figures.observed(
        [&](const RunStatistics& s) -> const BlockStatistic& { return s.nps(v); }, 100.0);
    result.alive = figures.series(v, Series::alive, 1.0, false);
    result.monthly_revenue = figures.series(v, Series::revenue, population, false);
    result.monthly_npv = figures.series(v, Series::npv, population, false);
    for (std::size_t j = 0; j < touchpoints.size(); ++j) {
      const int added_by = touchpoints[j].added_by;
      if (added_by >= 0 && std::find(variant.fixes.begin(), variant.fixes.end(),
                                     static_cast<std::size_t>(added_by)) == variant.fixes.end()) {
        continue;
      }
      const auto metric = [&](TouchpointMetric which) -> Select {
        return [&, which](const RunStatistics& s) -> const BlockStatistic& {
          return s.touchpoint(v, static_cast<int>(j), which);
        };
      };
      result.touchpoints.push_back(
          {touchpoints[j].touchpoint->id,
           figures.estimate(metric(TouchpointMetric::events), population),
           figures.estimate(metric(TouchpointMetric::failures), population),
           figures.observed(metric(TouchpointMetric::satisfied)),
           figures.observed(metric(TouchpointMetric::effort_score))});
    }
    if (v > 0) {
      result.vs_baseline = vs_baseline(figures, output, v, population);
    }
    results.variants.push_back(std::move(result));
  }
  return results;
}

}  // namespace cxsim
