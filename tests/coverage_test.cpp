// Do the intervals mean what they say? Over 100 seeds, the 95% interval of a known quantity must
// cover it between 90% and 99% of the time (binomial(100, 0.95) lies there with probability
// above 0.99).
#include <gtest/gtest.h>

#include <cmath>

#include "engine_fixtures.hpp"

namespace cxsim {
namespace {

constexpr std::string_view kConstantChurn = R"(cxsim: 1
name: coverage
simulation: {customers: 2000, months: 6, confidence: 0.95}
population: {size: 10000}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.08},
     revenue: {monthly_mean: 50, monthly_sd: 30}}
journey:
  - {id: check_in, when: {every: 1}, functional: {success: 0.9}, emotional: {tone_sd: 0.5}}
retention: {perception_effect: 0, effort_effect: 0, defect_on_failure: 0}
)";

TEST(Coverage, NinetyFivePercentIntervalsCoverTheTruthNinetyToNinetyNinePercentOfTheTime) {
  Scenario scenario = testing::scenario_from_yaml(kConstantChurn);
  const double theta = 0.08;
  const int months = scenario.simulation.months;
  const double retention = std::pow(1.0 - theta, months);
  // Revenue of month t is earned by (1 − θ)^t of the base, each paying 50 on average.
  double revenue = 0.0;
  for (int t = 0; t < months; ++t) {
    revenue += 10000.0 * 50.0 * std::pow(1.0 - theta, t);
  }
  int retention_covered = 0;
  int revenue_covered = 0;
  constexpr int kSeeds = 100;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    scenario.simulation.seed = seed;
    const RunResults results = testing::run(scenario);
    const Estimate& r = results.variants[0].retention();
    const Estimate& m = results.variants[0].revenue();
    retention_covered += r.lo <= retention && retention <= r.hi ? 1 : 0;
    revenue_covered += m.lo <= revenue && revenue <= m.hi ? 1 : 0;
  }
  RecordProperty("retention_covered", retention_covered);
  RecordProperty("revenue_covered", revenue_covered);
  EXPECT_GE(retention_covered, 90);
  EXPECT_LE(retention_covered, 99);
  EXPECT_GE(revenue_covered, 90);
  EXPECT_LE(revenue_covered, 99);
}

}  // namespace
}  // namespace cxsim
