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
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "analysis/figures.hpp"
#include "analysis/simulation_driver.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct SeriesEstimate {
  std::vector<double> mean;
  std::vector<double> lo;
  std::vector<double> hi;
};

struct TouchpointResult {
  std::string id;
  Estimate events;  // interactions in the whole base over the horizon
  Estimate failures;
  std::optional<Estimate> csat;  // share of ratings 4–5; none without an event
  std::optional<Estimate> ces;   // mean effort score, 1 (very easy) to 7; none without an event
};

// Across replications: how an outcome spreads when uncertain parameters are drawn anew.
struct Quantiles {
  double p5 = 0.0;
  double p50 = 0.0;
  double p95 = 0.0;
};

struct VsBaseline {
  Estimate delta_retention;
  Estimate delta_customers;
  Estimate delta_revenue;
  Estimate delta_cost_to_serve;
  Estimate delta_npv;
  // The present value of the fix's costs; an interval only when costs are uncertain.
  Estimate cost_pv;
  // Δ NPV − PV of cost, each replication's cost against its own Δ NPV.
  Estimate net_value;
  std::optional<Estimate> roi;       // none for a fix that costs nothing
  std::optional<int> payback_month;  // none when it does not pay back within the horizon
  // The payback month at the two ends of Δ NPV's interval, month by month: earliest from its
  // upper bound, latest from its lower bound (none: not within the horizon).
  std::optional<int> payback_earliest;
  std::optional<int> payback_latest;
  // With two replications or more: the share of replications whose own ROI is positive, and
  // the quantiles of ROI and Δ NPV across replications.
  std::optional<double> p_roi_positive;
  std::optional<Quantiles> roi_quantiles;
  std::optional<Quantiles> delta_npv_quantiles;
};

// The figures of one variant, each kept where its entry of figures.hpp places it.
struct VariantResult {
  std::string id;
  std::vector<std::string> fixes;
  Estimate retention;
  Estimate revenue;
  Estimate npv;
  Estimate cost_to_serve;
  Estimate referrals;           // referral value
  std::optional<Estimate> nps;  // −100 to 100; none without a survey answer
  SeriesEstimate alive;
  SeriesEstimate monthly_revenue;
  SeriesEstimate monthly_npv;  // cumulative
  std::vector<TouchpointResult> touchpoints;
  std::optional<VsBaseline> vs_baseline;
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
  std::vector<VariantResult> variants;
  // Whether the intervals of `variants` are taken across replications (uncertain parameters and
  // two replications or more). Then `monte_carlo` holds the same figures with the same means and
  // intervals of Monte Carlo error alone, each replication's own, which simulating more
  // customers would shrink; the rest of the width is the parameters' uncertainty.
  bool intervals_across_replications = false;
  std::vector<VariantResult> monte_carlo;
  double seconds = 0.0;
  std::uint64_t customer_months = 0;
  std::uint64_t interactions = 0;
};

// Whether the intervals of a run are taken across its replications: some parameter is uncertain
// and there are two replications or more (see the top of this file).
bool intervals_across_replications(const SimulationOutput& output);

RunResults summarize(const Scenario& scenario, const ScenarioSource& source,
                     const SimulationOutput& output, int threads);

// The estimate of a figure that is one estimate (a total or a figure against the baseline,
// is_single_estimate), or none when it has none in `variant` (no survey answer, a fix that costs
// nothing, the baseline against itself).
std::optional<Estimate> single_estimate(const VariantResult& variant,
                                        const FigureDefinition& figure);

// Calls `use` with the value `figure` has in `variant`: a const reference to its Estimate,
// std::optional<Estimate>, SeriesEstimate, std::optional<int>, std::optional<double>,
// std::optional<Quantiles>, or for the payback range a pair of std::optional<int>. A touchpoint's
// figure is read from `touchpoint`; a figure against the baseline needs `variant.vs_baseline`.
template <class Use>
void visit_figure(const FigureDefinition& figure, const VariantResult& variant,
                  const TouchpointResult* touchpoint, Use&& use) {
  std::visit(
      [&]<class Place>(const Place& place) {
        if constexpr (std::is_member_object_pointer_v<Place>) {
          if constexpr (std::is_invocable_v<Place, const VariantResult&>) {
            use(variant.*place);
          } else if constexpr (std::is_invocable_v<Place, const TouchpointResult&>) {
            use((*touchpoint).*place);
          } else {
            use((*variant.vs_baseline).*place);
          }
        } else {
          use(std::pair{(*variant.vs_baseline).*place.first, (*variant.vs_baseline).*place.second});
        }
      },
      figure.place);
}

// The q-quantile (0 ≤ q ≤ 1) of `values`, interpolating linearly between order statistics.
double quantile(std::vector<double> values, double q);

}  // namespace cxsim
