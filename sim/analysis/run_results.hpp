// What a run reports (docs/results.md), as plain data: estimates with their confidence intervals
// per variant, scaled to the real customer base, and each fix's finance against the baseline.
//
// An interval is a Monte Carlo interval over blocks of customers (docs/model.md#statistics), except
// when some parameter is uncertain and there are two replications or more: then the blocks of one
// replication share its drawn parameters, and intervals are taken over the replications'
// estimates instead, so that they include the parameters' uncertainty; the Monte Carlo part of
// each is reported beside it (RunResults::monte_carlo), so that an uncertain effect can be told
// from too few customers simulated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "analysis/figures.hpp"
#include "analysis/finance.hpp"
#include "analysis/simulation_driver.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct SeriesEstimate {
  std::vector<double> mean;
  std::vector<double> lo;
  std::vector<double> hi;
};

// Across replications: how an outcome spreads when uncertain parameters are drawn anew.
struct Quantiles {
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
};

// The value of one figure, of the kind its entry of figures.hpp gives it; std::monostate when it
// has none (no survey answer, no event, a fix that costs nothing, no payback within the horizon,
// fewer than two replications).
using FigureResult =
    std::variant<std::monostate, Estimate, SeriesEstimate, int, double, Quantiles, MonthRange>;

// The values of the figures of figure_table(), by their index in it: summarize() fills them from
// the table, so that a new figure needs no field here. A figure of another section holds none.
class FigureResults {
 public:
  FigureResults();

  const FigureResult& operator[](std::size_t figure) const { return values_[figure]; }
  FigureResult& operator[](std::size_t figure) { return values_[figure]; }
  // The value of `section`'s figure `key` as a T; throws std::logic_error for a figure the table
  // does not have and std::bad_variant_access for one without a value or of another kind.
  template <class T>
  const T& get(FigureSection section, std::string_view key) const {
    return std::get<T>(values_[figure_index(section, key)]);
  }
  // The same, or none when the figure has no value.
  template <class T>
  std::optional<T> find(FigureSection section, std::string_view key) const {
    const T* value = std::get_if<T>(&values_[figure_index(section, key)]);
    return value == nullptr ? std::nullopt : std::optional<T>(*value);
  }

 private:
  std::vector<FigureResult> values_;
};

struct TouchpointResult {
  std::string id;
  FigureResults figures;  // those of FigureSection::touchpoints

  // Interactions in the whole base over the horizon, failures among them, the share of ratings
  // 4–5 and the mean effort score, 1 (very easy) to 7; CSAT and CES have none without an event.
  const Estimate& events() const { return figures.get<Estimate>(kSection, "events"); }
  const Estimate& failures() const { return figures.get<Estimate>(kSection, "failures"); }
  std::optional<Estimate> csat() const { return figures.find<Estimate>(kSection, "csat"); }
  std::optional<Estimate> ces() const { return figures.find<Estimate>(kSection, "ces"); }

 private:
  static constexpr FigureSection kSection = FigureSection::touchpoints;
};

// The figures of one segment of a variant (docs/results.md, "segments").
struct SegmentResult {
  std::string name;
  FigureResults figures;  // those of FigureSection::segments

  // The share of the segment's customers still here after each month; NaN in every month when
  // the run drew none of them.
  const SeriesEstimate& alive() const {
    return figures.get<SeriesEstimate>(FigureSection::segments, "alive");
  }
};

// With acquisition, one cohort's figures (docs/model.md#acquisition, docs/results.md#cohorts):
// the customers who joined in `join_month` (0: the initial base), those still here after the
// last month, and their discounted value over the horizon, scaled to the population like the
// totals, with its difference from the baseline's on the same customers.
struct CohortResult {
  int join_month = 0;
  Estimate customers;
  Estimate alive;
  Estimate npv;
  std::optional<Estimate> delta_npv;  // none for the baseline
};

// The figures of one variant. The named accessors read the figures that code outside the tables
// uses by name; any figure is in `figures`.
struct VariantResult {
  std::string id;
  std::vector<std::string> fixes;
  FigureResults figures;  // totals, monthly series and, but for the baseline, vs_baseline
  std::vector<TouchpointResult> touchpoints;
  std::vector<SegmentResult> segments;  // in the scenario's order
  bool against_baseline = false;        // whether it has the figures of FigureSection::vs_baseline
  // With acquisition, by join month: the base, then every month a customer joined; else none.
  // Their intervals are of Monte Carlo error over every replication's blocks together.
  std::vector<CohortResult> cohorts;

  const Estimate& retention() const { return total("retention"); }
  const Estimate& revenue() const { return total("revenue"); }
  const Estimate& npv() const { return total("npv"); }
  const Estimate& cost_to_serve() const { return total("cost_to_serve"); }
  const Estimate& referrals() const { return total("referrals"); }  // referral value
  // −100 to 100; none without a survey answer.
  std::optional<Estimate> nps() const { return figures.find<Estimate>(kTotals, "nps"); }
  const SeriesEstimate& alive() const { return series("alive"); }
  const SeriesEstimate& monthly_revenue() const { return series("revenue"); }
  const SeriesEstimate& monthly_npv() const { return series("npv"); }  // cumulative
  // −100 to 100 by survey month; NaN in a month without an answer.
  const SeriesEstimate& monthly_nps() const { return series("nps"); }

  // Against the baseline, on the same customers; only with against_baseline.
  const Estimate& delta_retention() const { return versus("delta_retention"); }
  const Estimate& delta_customers() const { return versus("delta_customers"); }
  const Estimate& delta_revenue() const { return versus("delta_revenue"); }
  const Estimate& delta_cost_to_serve() const { return versus("delta_cost_to_serve"); }
  const Estimate& delta_npv() const { return versus("delta_npv"); }
  // The present value of the fix's costs; an interval only when costs are uncertain.
  const Estimate& cost_pv() const { return versus("cost_pv"); }
  // Δ NPV − PV of cost, each replication's cost against its own Δ NPV; with ROI on the total
  // (RunResults::roi_basis), Δ NPV with terminal value − PV of cost within and past the horizon.
  const Estimate& net_value() const { return versus("net_value"); }
  // None for a fix that costs nothing.
  std::optional<Estimate> roi() const { return figures.find<Estimate>(kVersus, "roi"); }
  // None when it does not pay back within the horizon.
  std::optional<int> payback_month() const { return figures.find<int>(kVersus, "payback_month"); }
  const MonthRange& payback_range() const {
    return figures.get<MonthRange>(kVersus, "payback_month_interval");
  }
  // With two replications or more: the share of replications whose own ROI is positive, and
  // the quantiles of ROI and Δ NPV across replications.
  std::optional<double> p_roi_positive() const {
    return figures.find<double>(kVersus, "p_roi_positive");
  }
  std::optional<Quantiles> roi_quantiles() const {
    return figures.find<Quantiles>(kVersus, "roi_quantiles");
  }
  std::optional<Quantiles> delta_npv_quantiles() const {
    return figures.find<Quantiles>(kVersus, "delta_npv_quantiles");
  }

 private:
  static constexpr FigureSection kTotals = FigureSection::totals;
  static constexpr FigureSection kVersus = FigureSection::vs_baseline;
  const Estimate& total(std::string_view key) const { return figures.get<Estimate>(kTotals, key); }
  const SeriesEstimate& series(std::string_view key) const {
    return figures.get<SeriesEstimate>(FigureSection::monthly, key);
  }
  const Estimate& versus(std::string_view key) const { return figures.get<Estimate>(kVersus, key); }
};

struct ScenarioSource {
  std::string name;
  std::string file;
  std::string sha256;
};

struct RunResults {
  ScenarioSource scenario;
  std::int64_t customers = 0;
  std::int64_t population_size = 0;
  int months = 0;
  int replications = 0;
  std::int64_t seed = 0;
  double confidence = 0.95;
  int threads = 0;
  // The scenario's value past the horizon, and what ROI and net value are taken on: Δ NPV within
  // the horizon (`npv`) or with the terminal value (`npv_with_terminal_value`).
  std::string terminal_value_method;
  std::optional<std::int64_t> run_off_months;  // none: without end
  std::string roi_basis;
  std::vector<VariantResult> variants;
  // Whether the intervals of `variants` are taken across replications (uncertain parameters and
  // two replications or more). Then `monte_carlo` holds the same figures with the same means and
  // intervals of Monte Carlo error alone, each replication's own, which simulating more
  // customers would shrink; the rest of the width is the parameters' uncertainty.
  bool intervals_across_replications = false;
  std::vector<VariantResult> monte_carlo;
  std::vector<std::string> warnings;  // replications_warning's, if any
  double seconds = 0.0;
  std::uint64_t customer_months = 0;
  std::uint64_t interactions = 0;
};

// The NPS (−100 to 100) of the answers of `month` (0-based) in variant `variant` (its index in
// `results.variants`), or none in a month without an answer.
std::optional<Estimate> monthly_nps_estimate(const RunResults& results, int variant, int month);

// The share of segment `segment`'s customers (its index in the scenario's segments) still here
// after `month` (0-based) in variant `variant`, or none when the run drew none of them.
std::optional<Estimate> segment_alive_estimate(const RunResults& results, int variant, int segment,
                                               int month);

// Whether the intervals of a run are taken across its replications: some parameter is uncertain
// and there are two replications or more (see the top of this file).
bool intervals_across_replications(const SimulationOutput& output);

// With uncertain parameters, the fewest replications whose figures describe them fairly: the
// intervals across R replications are t-intervals whose half-width rests on the replications'
// sample standard deviation, itself uncertain by about 1/√(2(R − 1)) of its value for normal
// estimates (71% at 2, 13% at 30); from 30 the t quantile is within 5% of the normal's, and the
// p5 and p95 across replications fall between order statistics rather than at the extremes
// (docs/results.md#replications).
inline constexpr int kFewestUncertainReplications = 30;

// What is wrong with running `scenario` with its settings' replications, when some parameter is
// uncertain (has_uncertainty) and they are fewer than kFewestUncertainReplications: with one, every
// figure is for one random draw of the parameters; with more, the intervals are rough. None
// otherwise. The commands write it on standard error and results.json in `warnings`.
std::optional<std::string> replications_warning(const Scenario& scenario);

RunResults summarize(const Scenario& scenario, const ScenarioSource& source,
                     const SimulationOutput& output, int threads);

// The estimate of a figure that is one estimate (a total or a figure against the baseline,
// is_single_estimate), or none when it has none in `variant` (no survey answer, a fix that costs
// nothing, the baseline against itself).
std::optional<Estimate> single_estimate(const VariantResult& variant,
                                        const FigureDefinition& figure);

// The q-quantile (0 ≤ q ≤ 1) of `values`, interpolating linearly between order statistics.
double quantile(std::vector<double> values, double q);

}  // namespace cxsim
