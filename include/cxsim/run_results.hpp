// What a run reports (SPEC §4.3), as plain data: estimates with their confidence intervals per
// variant, scaled to the real customer base, and each fix's finance against the baseline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cxsim/block_statistic.hpp"
#include "cxsim/scenario.hpp"
#include "cxsim/simulation_driver.hpp"

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
  Estimate csat;  // share of ratings 4–5
  Estimate ces;   // mean effort score, 1 (very easy) to 7
};

struct VsBaseline {
  Estimate delta_retention;
  Estimate delta_customers;
  Estimate delta_revenue;
  Estimate delta_cost_to_serve;
  Estimate delta_npv;
  double cost_pv = 0.0;
  std::optional<Estimate> roi;           // none for a fix that costs nothing
  std::optional<int> payback_month;      // none when it does not pay back within the horizon
  std::optional<double> p_roi_positive;  // share of replications with ROI > 0
};

struct VariantResult {
  std::string id;
  std::vector<std::string> fixes;
  Estimate retention;
  Estimate revenue;
  Estimate npv;
  Estimate cost_to_serve;
  Estimate referrals;  // referral value
  Estimate nps;        // −100 to 100
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
  double seconds = 0.0;
  std::uint64_t customer_months = 0;
  std::uint64_t interactions = 0;
};

RunResults summarize(const Scenario& scenario, const ScenarioSource& source,
                     const SimulationOutput& output, int threads);

}  // namespace cxsim
