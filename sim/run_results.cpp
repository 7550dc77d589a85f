#include "cxsim/run_results.hpp"

#include <algorithm>

#include "cxsim/finance.hpp"

namespace cxsim {

namespace {

SeriesEstimate series_estimate(const RunStatistics& statistics, int variant, Series series,
                               double confidence, double scale, bool paired) {
  SeriesEstimate estimate;
  for (int t = 0; t < statistics.months(); ++t) {
    const BlockStatistic& statistic = paired ? statistics.paired_series(variant, series, t)
                                             : statistics.series(variant, series, t);
    const Estimate e = statistic.interval(confidence, scale);
    estimate.mean.push_back(e.mean);
    estimate.lo.push_back(e.lo);
    estimate.hi.push_back(e.hi);
  }
  return estimate;
}

VsBaseline vs_baseline(const RunStatistics& statistics, const SimulationOutput& output, int variant,
                       double confidence, double population) {
  const int last = statistics.months() - 1;
  VsBaseline result;
  result.delta_retention =
      statistics.paired_series(variant, Series::alive, last).interval(confidence);
  result.delta_customers =
      statistics.paired_series(variant, Series::alive, last).interval(confidence, population);
  result.delta_revenue =
      statistics.paired_total(variant, Total::revenue).interval(confidence, population);
  result.delta_cost_to_serve =
      statistics.paired_total(variant, Total::cost_to_serve).interval(confidence, population);
  result.delta_npv = statistics.paired_total(variant, Total::npv).interval(confidence, population);

  // Fix costs may be uncertain: their PV is the mean over replications, month by month.
  const auto months = static_cast<std::size_t>(statistics.months());
  std::vector<double> cost_to_month(months, 0.0);
  for (const ReplicationOutcome& replication : output.replications) {
    for (std::size_t t = 0; t < months; ++t) {
      cost_to_month[t] +=
          replication.cumulative_cost_pv[static_cast<std::size_t>(variant) * months + t] /
          static_cast<double>(output.replications.size());
    }
  }
  result.cost_pv = cost_to_month.back();
  result.roi = return_on_investment(result.delta_npv, result.cost_pv);

  const SeriesEstimate delta_npv_to_month =
      series_estimate(statistics, variant, Series::npv, confidence, population, true);
  result.payback_month = payback_month(delta_npv_to_month.mean, cost_to_month);

  if (result.cost_pv > 0.0) {
    int positive = 0;
    for (const ReplicationOutcome& replication : output.replications) {
      const double cost =
          replication.cumulative_cost_pv[static_cast<std::size_t>(variant) * months + months - 1];
      const double benefit = replication.delta_npv[static_cast<std::size_t>(variant)] * population;
      positive += benefit - cost > 0.0 ? 1 : 0;
    }
    result.p_roi_positive =
        static_cast<double>(positive) / static_cast<double>(output.replications.size());
  }
  return result;
}

}  // namespace

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

  // Touchpoints in the kernel's order: the journey's, then each fix's added ones.
  std::vector<std::pair<std::string, int>> touchpoints;  // id, fix that adds it (−1: journey)
  for (const Touchpoint& touchpoint : scenario.journey) {
    touchpoints.emplace_back(touchpoint.id, -1);
  }
  for (std::size_t f = 0; f < scenario.fixes.size(); ++f) {
    for (const Touchpoint& touchpoint : scenario.fixes[f].add_touchpoints) {
      touchpoints.emplace_back(touchpoint.id, static_cast<int>(f));
    }
  }

  const RunStatistics& statistics = output.statistics;
  const double confidence = settings.confidence;
  const auto population = static_cast<double>(results.population_size);
  const int last = settings.months - 1;
  for (int v = 0; v < statistics.variants(); ++v) {
    const Variant& variant = output.variants[static_cast<std::size_t>(v)];
    VariantResult result;
    result.id = variant.id;
    for (const std::size_t f : variant.fixes) {
      result.fixes.push_back(scenario.fixes[f].id);
    }
    result.retention = statistics.series(v, Series::alive, last).interval(confidence);
    result.revenue = statistics.total(v, Total::revenue).interval(confidence, population);
    result.npv = statistics.total(v, Total::npv).interval(confidence, population);
    result.cost_to_serve =
        statistics.total(v, Total::cost_to_serve).interval(confidence, population);
    result.referrals = statistics.total(v, Total::referral_value).interval(confidence, population);
    result.nps = statistics.nps(v).interval(confidence, 100.0);
    result.alive = series_estimate(statistics, v, Series::alive, confidence, 1.0, false);
    result.monthly_revenue =
        series_estimate(statistics, v, Series::revenue, confidence, population, false);
    result.monthly_npv = series_estimate(statistics, v, Series::npv, confidence, population, false);
    for (std::size_t j = 0; j < touchpoints.size(); ++j) {
      const int added_by = touchpoints[j].second;
      if (added_by >= 0 && std::find(variant.fixes.begin(), variant.fixes.end(),
                                     static_cast<std::size_t>(added_by)) == variant.fixes.end()) {
        continue;
      }
      const int index = static_cast<int>(j);
      result.touchpoints.push_back(
          {touchpoints[j].first,
           statistics.touchpoint(v, index, TouchpointMetric::events)
               .interval(confidence, population),
           statistics.touchpoint(v, index, TouchpointMetric::failures)
               .interval(confidence, population),
           statistics.touchpoint(v, index, TouchpointMetric::satisfied).interval(confidence),
           statistics.touchpoint(v, index, TouchpointMetric::effort_score).interval(confidence)});
    }
    if (v > 0) {
      result.vs_baseline = vs_baseline(statistics, output, v, confidence, population);
    }
    results.variants.push_back(std::move(result));
  }
  return results;
}

}  // namespace cxsim
