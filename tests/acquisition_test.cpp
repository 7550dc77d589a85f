// Acquisition (docs/model.md#acquisition) against closed forms, each within the run's own
// confidence interval at a fixed seed: the customers still here when cohorts join every month,
// and what an onboarding fix is worth when it meets every cohort that joins after it starts
// rather than the initial base alone.
#include "scenario/acquisition.hpp"

#include <gtest/gtest.h>

#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "cxsim/application.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"

namespace cxsim {
namespace {

constexpr double kChurn = 0.04;
constexpr double kRevenue = 100.0;
constexpr double kMargin = 0.8;
constexpr double kSuccess = 0.6;  // onboarding's, before the fixes
constexpr double kFixedSuccess = 0.9;
constexpr double kDefect = 0.5;  // chance a failed onboarding loses the customer at once
constexpr int kLaterStart = 6;

// Without perception or effort effects, so that a customer's value depends only on onboarding
// and the constant churn. `acquisition` is the segment's key, or empty.
std::string onboarding_scenario(const std::string& acquisition) {
  return R"(cxsim: 1
name: onboarding with acquisition
simulation: {customers: 20000, months: 36, seed: 17, confidence: 0.999}
population: {size: 200000}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.04},
     revenue: {monthly_mean: 100, gross_margin: 0.8})" +
         (acquisition.empty() ? std::string() : ",\n     acquisition: " + acquisition) + R"(}
journey:
  - {id: onboarding, when: {month: 0}, functional: {success: 0.6}}
retention: {perception_effect: 0, effort_effect: 0, defect_on_failure: 0.5}
fixes:
  - {id: onboarding_now, changes: [{touchpoint: onboarding, set: {functional.success: 0.9}}]}
  - {id: onboarding_later, start_month: 6,
     changes: [{touchpoint: onboarding, set: {functional.success: 0.9}}]}
)";
}

constexpr const char* kAcquisition = "{per_month: 6000, growth: 0.03}";

// What the fix adds to one customer who joins in month a and meets the fixed onboarding: it
// stays past its first month with probability 1 − (1 − p)·d instead of 1 − (1 − p₀)·d, and is
// then here at the start of month t > a with probability (1 − c)^(t−a):
//   ΔV(a) = (p − p₀)·d · Σ_{t=a+1}^{H−1} r·g·D_t·(1 − c)^(t−a).
double fix_value_per_customer(const CompiledRun& run, int join_month) {
  double sum = 0.0;
  for (int t = join_month + 1; t < run.months; ++t) {
    sum += kRevenue * kMargin * run.discount[static_cast<std::size_t>(t)] *
           std::pow(1.0 - kChurn, t - join_month);
  }
  return (kFixedSuccess - kSuccess) * kDefect * sum;
}

// Σ over the cohorts joining from `first_month` on of their real customers (the simulated ones
// over the sampling fraction) times ΔV.
double cohorts_fix_value(const Scenario& scenario, const CompiledRun& run, int first_month) {
  const double fraction = sampling_fraction(scenario);
  double sum = 0.0;
  for (const CompiledCohort& cohort : run.cohorts) {
    if (cohort.join_month >= first_month) {
      sum += cohort.count / fraction * fix_value_per_customer(run, cohort.join_month);
    }
  }
  return sum;
}

std::string describe(const Estimate& estimate) {
  return std::to_string(estimate.mean) + " [" + std::to_string(estimate.lo) + ", " +
         std::to_string(estimate.hi) + "]";
}

void expect_within(const Estimate& estimate, double exact, const std::string& what) {
  EXPECT_LE(estimate.lo, exact) << what << ": " << describe(estimate) << " vs " << exact;
  EXPECT_GE(estimate.hi, exact) << what << ": " << describe(estimate) << " vs " << exact;
}

TEST(Acquisition, SizesEachCohortByTheSamplingFraction) {
  const Scenario scenario = testing::scenario_from_yaml(onboarding_scenario(kAcquisition));
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  ASSERT_EQ(run.cohorts.size(), 35U);  // months 1 … 35
  std::uint32_t first = 20000;         // after the base
  for (const CompiledCohort& cohort : run.cohorts) {
    const double real = 6000.0 * std::pow(1.03, cohort.join_month - 1);
    EXPECT_EQ(cohort.count, static_cast<std::uint32_t>(std::llround(real * 0.1)));
    EXPECT_EQ(cohort.first, first);
    first += cohort.count;
  }
}

// With constant churn c and no effects, a customer who joined in month a is still here after
// month t with probability (1 − c)^(t−a+1): per customer of the base,
//   alive(t) = (N·(1 − c)^(t+1) + Σ_{a=1}^{t} n_a·(1 − c)^(t−a+1)) / N.
TEST(Acquisition, KeepsTheCustomersEveryCohortLeaves) {
  const Scenario scenario = testing::scenario_from_yaml(
      onboarding_scenario("{per_month: [3000, 500, 0, 2500, 1000, 4000]}"));
  Scenario no_onboarding = scenario;
  no_onboarding.retention.defect_on_failure = 0.0;
  const CompiledRun run =
      compile_run(draw_parameters(no_onboarding, 0), standard_variants(no_onboarding), 0);
  ASSERT_EQ(run.cohorts.size(), 5U);  // month 3 acquires no one
  const RunResults results = testing::run(no_onboarding);
  const double base = static_cast<double>(no_onboarding.simulation.customers);
  const SeriesEstimate& alive = results.variants[0].alive();
  for (int t = 0; t < run.months; ++t) {
    double here = base * std::pow(1.0 - kChurn, t + 1);
    for (const CompiledCohort& cohort : run.cohorts) {
      if (cohort.join_month <= t) {
        here += cohort.count * std::pow(1.0 - kChurn, t - cohort.join_month + 1);
      }
    }
    const auto m = static_cast<std::size_t>(t);
    expect_within({alive.mean[m], alive.lo[m], alive.hi[m]}, here / base,
                  "alive after month " + std::to_string(t));
  }
}

// A joiner has survived no month yet: an sBG segment's joiners draw θ ~ Beta(α, β), whatever
// the tenure of its base, and one who joins in month a is still here after month H−1 with
// probability B(α, β + H − a)/B(α, β).
TEST(Acquisition, AnSbgJoinerStartsAtTenureZero) {
  const Scenario scenario = testing::scenario_from_yaml(R"(cxsim: 1
name: sbg joiners
simulation: {customers: 20000, months: 12, seed: 5, confidence: 0.999}
population: {size: 100000}
segments:
  - {name: all, retention: {model: sbg, alpha: 0.9, beta: 3, tenure: 24},
     revenue: {monthly_mean: 10}, acquisition: {per_month: [0, 0, 60000]}}
journey: []
)");
  const RunResults results = testing::run(scenario);
  const std::vector<CohortResult>& cohorts = results.variants[0].cohorts;
  ASSERT_EQ(cohorts.size(), 2u);
  ASSERT_EQ(cohorts[1].join_month, 3);
  EXPECT_DOUBLE_EQ(cohorts[1].customers.mean, 60000.0);
  const double survives = boost::math::beta(0.9, 3.0 + 12 - 3) / boost::math::beta(0.9, 3.0);
  expect_within(cohorts[1].alive, 60000.0 * survives, "the month-3 cohort at the horizon");
  expect_within(cohorts[0].alive,
                100000.0 * boost::math::beta(0.9, 3.0 + 24 + 12) / boost::math::beta(0.9, 27.0),
                "the base at the horizon");
}

// The issue's check: an onboarding fix over 36 months is worth more with acquisition than
// without, by what the cohorts that meet it are worth (cohorts_fix_value); a fix from month 6
// is worth nothing without acquisition (no one of the base is onboarded again) and what the
// cohorts from month 6 on are worth with it.
TEST(Acquisition, AnOnboardingFixMeetsEveryLaterCohort) {
  const Scenario without = testing::scenario_from_yaml(onboarding_scenario(""));
  const Scenario with = testing::scenario_from_yaml(onboarding_scenario(kAcquisition));
  const CompiledRun run = compile_run(draw_parameters(with, 0), standard_variants(with), 0);
  const RunResults alone = testing::run(without);
  const RunResults acquiring = testing::run(with);
  const double population = 200000.0;

  const Estimate& now_alone = alone.variants[1].delta_npv();
  const Estimate& now_acquiring = acquiring.variants[1].delta_npv();
  expect_within(now_alone, population * fix_value_per_customer(run, 0), "without acquisition");
  const double gain = cohorts_fix_value(with, run, 1);
  EXPECT_GT(now_acquiring.mean, now_alone.mean + 0.5 * gain);
  // The base is the same customers in both runs, so the difference is the cohorts' alone; its
  // error is at most the whole run's.
  const double half_width = 0.5 * (now_acquiring.hi - now_acquiring.lo);
  EXPECT_NEAR(now_acquiring.mean - now_alone.mean, gain, half_width)
      << describe(now_acquiring) << " − " << describe(now_alone);
  expect_within(now_acquiring, population * fix_value_per_customer(run, 0) + gain,
                "with acquisition");

  EXPECT_EQ(alone.variants[2].delta_npv().mean, 0.0);
  expect_within(acquiring.variants[2].delta_npv(), cohorts_fix_value(with, run, kLaterStart),
                "from month 6, with acquisition");

  // The cohorts' figures add up to the totals: the difference of the two runs is theirs.
  double cohorts_delta = 0.0;
  for (const CohortResult& cohort : acquiring.variants[1].cohorts) {
    if (cohort.join_month > 0) {
      ASSERT_TRUE(cohort.delta_npv.has_value());
      cohorts_delta += cohort.delta_npv->mean;
      if (cohort.join_month < kLaterStart) {
        EXPECT_EQ(acquiring.variants[2]
                      .cohorts[static_cast<std::size_t>(cohort.join_month)]
                      .delta_npv->mean,
                  0.0);
      }
    }
  }
  EXPECT_NEAR(cohorts_delta, now_acquiring.mean - now_alone.mean,
              1e-9 * std::abs(now_acquiring.mean));
  EXPECT_TRUE(alone.variants[1].cohorts.empty());
}

// Cohorts are sized by the sampling fraction, which more customers would change: a run with
// acquisition does not grow in customers, and `run --until-ci` says so rather than mixing
// fractions.
TEST(Acquisition, ARunWithAcquisitionDoesNotGrowInCustomers) {
  Scenario scenario = testing::scenario_from_yaml(onboarding_scenario(kAcquisition));
  scenario.simulation.customers = 2000;
  scenario.simulation.months = 6;
  Simulation simulation(scenario, standard_variants(scenario));
  EXPECT_THROW(simulation.add_customers(4000), std::logic_error);

  RunRequest request;
  request.until_ci = "npv=1";
  try {
    run_scenario({scenario, SourceMap("test.yaml"), {scenario.name, "test.yaml", ""}}, request);
    ADD_FAILURE() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("acquisition"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace cxsim
