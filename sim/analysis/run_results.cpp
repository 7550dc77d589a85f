#include "analysis/run_results.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "analysis/finance.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "model/compiled_run.hpp"
#include "scenario/acquisition.hpp"

namespace cxsim {

namespace {

using Select = std::function<const BlockStatistic&(const RunStatistics&)>;

// What an interval counts when parameters are uncertain and there are two replications or more.
enum class Uncertainty {
  all,          // the spread of the replications' estimates: parameters and Monte Carlo alike
  monte_carlo,  // each replication's own Monte Carlo error only
};

// Per replication, a figure's estimate and its Monte Carlo standard error.
struct ByReplication {
  std::vector<double> values;
  std::vector<double> standard_errors;
  double degrees = 0.0;  // Σ (blocks − 1)

  void add(const BlockStatistic& statistic, double scale) {
    values.push_back(statistic.estimate() * scale);
    standard_errors.push_back(statistic.standard_error() * std::abs(scale));
    degrees += static_cast<double>(statistic.blocks() - 1);
  }
};

// Estimates of one run, each from the blocks or, with uncertain parameters and two
// replications or more, from the replications (see run_results.hpp).
class Figures {
 public:
  Figures(const SimulationOutput& output, double confidence, Uncertainty uncertainty)
      : output_(output),
        confidence_(confidence),
        across_replications_(intervals_across_replications(output)),
        uncertainty_(uncertainty) {}

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
    ByReplication by_replication;
    for (const ReplicationOutcome& replication : output_.replications) {
      const BlockStatistic& statistic = select(replication.statistics);
      if (!needs_units || statistic.units() > 0.0) {
        by_replication.add(statistic, scale);
      }
    }
    if (by_replication.values.size() < 2) {
      return std::nullopt;
    }
    return over_replications(by_replication);
  }

  // A series figure month by month, or its difference against the baseline when `paired`; its
  // months from the statistic at `first` on (a segment's series starts at segment · months). A
  // series per event, answer or segment customer has NaN in the months that observed none.
  SeriesEstimate series(std::size_t figure, int variant, double scale, bool paired,
                        int first = 0) const {
    const bool needs_units = figure_table()[figure].per != Per::customer;
    SeriesEstimate estimate_by_month;
    for (int t = 0; t < output_.statistics.months(); ++t) {
      const std::optional<Estimate> observed_in_month = observed(
          [&](const RunStatistics& s) -> const BlockStatistic& {
            return paired ? s.paired(figure, variant, first + t)
                          : s.statistic(figure, variant, first + t);
          },
          scale, needs_units);
      const double none = std::numeric_limits<double>::quiet_NaN();
      const Estimate e = observed_in_month.value_or(Estimate{none, none, none});
      estimate_by_month.mean.push_back(e.mean);
      estimate_by_month.lo.push_back(e.lo);
      estimate_by_month.hi.push_back(e.hi);
    }
    return estimate_by_month;
  }

  Estimate over_replications(const ByReplication& by_replication) const {
    return uncertainty_ == Uncertainty::all
               ? interval_over(by_replication.values, confidence_)
               : monte_carlo_interval_over(by_replication.values, by_replication.standard_errors,
                                           by_replication.degrees, confidence_);
  }

  bool across_replications() const { return across_replications_; }
  int months() const { return output_.statistics.months(); }

 private:
  const SimulationOutput& output_;
  double confidence_;
  bool across_replications_;
  Uncertainty uncertainty_;
};

// The estimates of the figure at `figure` in figure_table() for `variant` (at `at`: the
// touchpoint of a touchpoint's figure, the segment of a segment's), kept in `values` at the
// figure's index. A figure of
// Sum::finance is add_finance()'s to compute.
void put_figure(const Figures& figures, std::size_t figure, int variant, int at, double population,
                FigureResults& values) {
  const FigureDefinition& definition = figure_table()[figure];
  const double scale = (definition.scaled_to_population ? population : 1.0) * definition.factor;
  const Select select = [&](const RunStatistics& s) -> const BlockStatistic& {
    return s.statistic(figure, variant, at);
  };
  if (definition.kind == FigureKind::series) {
    const int first = definition.section == FigureSection::segments ? at * figures.months() : 0;
    values[figure] = figures.series(figure, variant, scale, false, first);
  } else if (definition.kind == FigureKind::estimate) {
    values[figure] = figures.estimate(select, scale);
  } else if (const std::optional<Estimate> observed =
                 figures.observed(select, scale, definition.per != Per::customer)) {
    values[figure] = *observed;
  }
}

// An optional value as a figure's: none when it has none.
template <class T>
FigureResult value_or_none(const std::optional<T>& value) {
  return value ? FigureResult(*value) : FigureResult();
}

// The mean over replications of a cost each has, taken as is when it is the same in all (the
// mean of equal numbers need not be exactly each of them).
struct CostAcross {
  ByReplication values;
  bool differs = false;
  double mean = 0.0;
};

CostAcross cost_across(const std::vector<double>& spent) {
  CostAcross cost;
  double sum = 0.0;
  for (const double value : spent) {
    cost.values.values.push_back(value);
    cost.values.standard_errors.push_back(0.0);  // no Monte Carlo error: its interval is a point
    sum += value / static_cast<double>(spent.size());
  }
  cost.differs =
      std::adjacent_find(spent.begin(), spent.end(), std::not_equal_to<>()) != spent.end();
  cost.mean = cost.differs ? sum : spent.front();
  return cost;
}

// The fix's finance against the baseline (the figures of Sum::finance), from its Δ NPV, or its
// Δ NPV with terminal value when ROI is taken on it (`on_total`), already in `result`, and its
// costs: within the horizon, and past it too with `on_total`.
void add_finance(const Figures& figures, const SimulationOutput& output, int variant,
                 double population, bool terminal_value, bool on_total, FigureResults& result) {
  const auto put = [&](std::string_view key, FigureResult value) {
    result[figure_index(FigureSection::vs_baseline, key)] = std::move(value);
  };
  static const std::size_t kNpv = figure_index(FigureSection::totals, "npv");
  static const std::size_t kNpvWithTerminalValue =
      figure_index(FigureSection::totals, "npv_with_terminal_value");
  static const std::size_t kMonthlyNpv = figure_index(FigureSection::monthly, "npv");
  const int months = output.statistics.months();
  const int last = months - 1;

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
  // Per replication: Δ NPV, the costs, and from them net value and ROI, each with the Monte
  // Carlo error it inherits from its benefit (a cost is not simulated: it has none).
  ByReplication delta_npv;
  std::vector<double> spent_within;
  std::vector<double> spent_past;
  ByReplication net_value;
  ByReplication roi;
  for (const ReplicationOutcome& replication : output.replications) {
    delta_npv.add(replication.statistics.paired(kNpv, variant), population);
    const BlockStatistic& benefit =
        replication.statistics.paired(on_total ? kNpvWithTerminalValue : kNpv, variant);
    spent_within.push_back(cost_to(replication, last));
    spent_past.push_back(replication.cost_pv_past_horizon[static_cast<std::size_t>(variant)]);
    const double spent = spent_within.back() + (on_total ? spent_past.back() : 0.0);
    net_value.add(benefit, population);
    net_value.values.back() -= spent;
    if (spent > 0.0) {
      roi.add(benefit, population / spent);
      roi.values.back() -= 1.0;
    }
  }
  const CostAcross cost = cost_across(spent_within);
  const CostAcross cost_past = cost_across(spent_past);
  const bool costs_differ = cost.differs || (on_total && cost_past.differs);
  const double mean_cost = cost.mean + (on_total ? cost_past.mean : 0.0);
  const Estimate& benefit = result.get<Estimate>(
      FigureSection::vs_baseline, on_total ? "delta_npv_with_terminal_value" : "delta_npv");
  // One set of parameters, or costs the same in every replication: a cost without spread.
  const auto cost_estimate = [&](const CostAcross& spent) {
    return figures.across_replications() && spent.differs
               ? figures.over_replications(spent.values)
               : Estimate{spent.mean, spent.mean, spent.mean};
  };
  put("cost_pv", cost_estimate(cost));
  if (terminal_value) {
    put("cost_pv_past_horizon", cost_estimate(cost_past));
  }
  put("net_value",
      figures.across_replications() && costs_differ
          ? figures.over_replications(net_value)
          : Estimate{benefit.mean - mean_cost, benefit.lo - mean_cost, benefit.hi - mean_cost});
  // The payback month, and its range from the ends of the cumulative Δ NPV's monthly interval
  // (its upper end pays back earliest), each end only where the interval of the net value at
  // the horizon allows a payback at all: with uncertain costs that interval, each replication's
  // cost against its own Δ NPV, may reach lower than Δ NPV's end less the mean cost.
  const SeriesEstimate benefit_to_month = figures.series(kMonthlyNpv, variant, population, true);
  const Estimate& net = result.get<Estimate>(FigureSection::vs_baseline, "net_value");
  const auto payback_if = [&](bool possible, const std::vector<double>& benefit_to) {
    return possible ? payback_month(benefit_to, cost_to_month) : std::nullopt;
  };
  put("payback_month", value_or_none(payback_month(benefit_to_month.mean, cost_to_month)));
  put("payback_month_interval", MonthRange{payback_if(net.hi >= 0.0, benefit_to_month.hi),
                                           payback_if(net.lo >= 0.0, benefit_to_month.lo)});

  const bool every_replication_costs = roi.values.size() == delta_npv.values.size();
  if (mean_cost > 0.0) {
    put("roi", value_or_none(figures.across_replications() && every_replication_costs
                                 ? figures.over_replications(roi)
                                 : return_on_investment(benefit, mean_cost)));
  }
  if (delta_npv.values.size() >= 2) {
    const auto quantiles = [](const std::vector<double>& values) {
      return Quantiles{quantile(values, 0.05), quantile(values, 0.5), quantile(values, 0.95)};
    };
    put("delta_npv_quantiles", quantiles(delta_npv.values));
    if (every_replication_costs) {
      put("roi_quantiles", quantiles(roi.values));
      put("p_roi_positive", static_cast<double>(std::count_if(roi.values.begin(), roi.values.end(),
                                                              [](double r) { return r > 0.0; })) /
                                static_cast<double>(roi.values.size()));
    }
  }
}

// Every variant's figures, with intervals as `figures` takes them.
std::vector<VariantResult> variant_results(const Scenario& scenario, const SimulationOutput& output,
                                           const Figures& figures, double population) {
  const std::span<const FigureDefinition> table = figure_table();
  const FinanceSettings& finance = scenario.finance;
  const bool terminal_value = finance.terminal_value_method != kTerminalValueMethods[0];
  const bool on_total = finance.roi_basis != kRoiBases[0];
  const auto each_figure = [&](FigureSection section, const auto& use) {
    for (std::size_t f = 0; f < table.size(); ++f) {
      if (table[f].section == section && table[f].sum != Sum::finance &&
          (terminal_value || !table[f].past_horizon)) {
        use(f);
      }
    }
  };
  std::vector<VariantResult> results;
  const std::vector<RunTouchpoint> touchpoints = run_touchpoints(scenario);
  for (int v = 0; v < output.statistics.variants(); ++v) {
    const Variant& variant = output.variants[static_cast<std::size_t>(v)];
    VariantResult result;
    result.id = variant.id;
    for (const std::size_t f : variant.fixes) {
      result.fixes.push_back(scenario.fixes[f].id);
    }
    for (const FigureSection section : {FigureSection::totals, FigureSection::monthly}) {
      each_figure(section,
                  [&](std::size_t f) { put_figure(figures, f, v, 0, population, result.figures); });
    }
    for (std::size_t j = 0; j < touchpoints.size(); ++j) {
      const int added_by = touchpoints[j].added_by;
      if (added_by >= 0 && std::find(variant.fixes.begin(), variant.fixes.end(),
                                     static_cast<std::size_t>(added_by)) == variant.fixes.end()) {
        continue;
      }
      TouchpointResult touchpoint{touchpoints[j].touchpoint->id, {}};
      each_figure(FigureSection::touchpoints, [&](std::size_t f) {
        put_figure(figures, f, v, static_cast<int>(j), population, touchpoint.figures);
      });
      result.touchpoints.push_back(std::move(touchpoint));
    }
    for (std::size_t segment = 0; segment < scenario.segments.size(); ++segment) {
      SegmentResult segment_result{scenario.segments[segment].name, {}};
      each_figure(FigureSection::segments, [&](std::size_t f) {
        put_figure(figures, f, v, static_cast<int>(segment), population, segment_result.figures);
      });
      result.segments.push_back(std::move(segment_result));
    }
    if (v > 0) {
      result.against_baseline = true;
      each_figure(FigureSection::vs_baseline,
                  [&](std::size_t f) { put_figure(figures, f, v, 0, population, result.figures); });
      add_finance(figures, output, v, population, terminal_value, on_total, result.figures);
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace

double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

bool intervals_across_replications(const SimulationOutput& output) {
  return output.uncertain && output.replications.size() >= 2;
}

FigureResults::FigureResults() : values_(figure_table().size()) {}

namespace {

// Month `month` of `series`, or none where it has NaN.
std::optional<Estimate> month_of(const SeriesEstimate& series, int month) {
  const auto t = static_cast<std::size_t>(month);
  if (std::isnan(series.mean.at(t))) {
    return std::nullopt;
  }
  return Estimate{series.mean[t], series.lo[t], series.hi[t]};
}

}  // namespace

std::optional<Estimate> monthly_nps_estimate(const RunResults& results, int variant, int month) {
  return month_of(results.variants.at(static_cast<std::size_t>(variant)).monthly_nps(), month);
}

std::optional<Estimate> segment_alive_estimate(const RunResults& results, int variant, int segment,
                                               int month) {
  return month_of(results.variants.at(static_cast<std::size_t>(variant))
                      .segments.at(static_cast<std::size_t>(segment))
                      .alive(),
                  month);
}

std::optional<Estimate> single_estimate(const VariantResult& variant,
                                        const FigureDefinition& figure) {
  const Estimate* estimate = std::get_if<Estimate>(&variant.figures[figure_index(figure)]);
  return estimate == nullptr ? std::nullopt : std::optional<Estimate>(*estimate);
}

std::optional<std::string> replications_warning(const Scenario& scenario) {
  const int replications = scenario.simulation.replications;
  if (replications >= kFewestUncertainReplications || !has_uncertainty(scenario)) {
    return std::nullopt;
  }
  const std::string advice = "; run " + std::to_string(kFewestUncertainReplications) +
                             " replications or more (--replications, simulation.replications)";
  if (replications == 1) {
    return "the scenario has uncertain parameters but the run has 1 replication: every figure is "
           "for one random draw of them, and its intervals leave their uncertainty out" +
           advice;
  }
  const auto spread = std::lround(100.0 / std::sqrt(2.0 * static_cast<double>(replications - 1)));
  return "the scenario has uncertain parameters but the run has only " +
         std::to_string(replications) +
         " replications: intervals across so few are rough (their width is itself uncertain by "
         "about ±" +
         std::to_string(spread) + "%)" + advice;
}

namespace {

void add_cohorts(const SimulationOutput& output, double confidence, double population,
                 std::vector<VariantResult>& variants) {
  const RunStatistics& statistics = output.statistics;
  for (int v = 0; v < statistics.variants(); ++v) {
    for (int a = 0; a < statistics.months(); ++a) {
      if (statistics.cohort_customers(a).estimate() == 0.0) {
        continue;
      }
      CohortResult cohort{a, statistics.cohort_customers(a).interval(confidence, population),
                          statistics.cohort_alive(v, a).interval(confidence, population),
                          statistics.cohort_value(v, a).interval(confidence, population),
                          std::nullopt};
      if (v > 0) {
        cohort.delta_npv = statistics.cohort_value_paired(v, a).interval(confidence, population);
      }
      variants[static_cast<std::size_t>(v)].cohorts.push_back(cohort);
    }
  }
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
  results.terminal_value_method = scenario.finance.terminal_value_method;
  results.run_off_months = scenario.finance.run_off_months;
  results.roi_basis = scenario.finance.roi_basis;
  results.seconds = output.seconds;
  results.customer_months = output.customer_months;
  results.interactions = output.interactions;
  if (std::optional<std::string> warning = replications_warning(scenario)) {
    results.warnings.push_back(std::move(*warning));
  }

  const auto population = static_cast<double>(results.population_size);
  const Figures all(output, settings.confidence, Uncertainty::all);
  results.variants = variant_results(scenario, output, all, population);
  if (has_acquisition(scenario)) {
    add_cohorts(output, settings.confidence, population, results.variants);
  }
  results.intervals_across_replications = all.across_replications();
  if (results.intervals_across_replications) {
    const Figures monte_carlo(output, settings.confidence, Uncertainty::monte_carlo);
    results.monte_carlo = variant_results(scenario, output, monte_carlo, population);
  }
  return results;
}

}  // namespace cxsim
