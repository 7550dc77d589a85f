// Stages, conditions and triggers that follow several touchpoints
// (docs/model.md#stages-and-conditions), each checked against what it must come to: counts that
// follow exactly from the journey, closed forms within the run's own confidence interval, and
// paired runs that must agree bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/block_totals.hpp"
#include "engine/compilation.hpp"
#include "engine/lane_kernel.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "model/compiled_run.hpp"
#include "scenario/variants.hpp"

namespace cxsim {
namespace {

constexpr std::uint32_t kCustomers = 20'000;
// Two-sided 99.9%: the checks below are several at once.
constexpr double kZ = 3.29;

struct Simulated {
  CompiledRun run;
  BlockTotals totals;
};

// The baseline of `yaml` for `customers` customers, through the kernel in lanes (which
// lane_kernel_test holds to the one-customer kernel).
Simulated simulate(std::string_view yaml, std::uint32_t customers = kCustomers) {
  const Scenario scenario = testing::scenario_from_yaml(yaml);
  std::vector<Variant> variants = standard_variants(scenario);
  variants.resize(1);
  CompiledRun run = compile_run(draw_parameters(scenario, 0), variants, 0);
  BlockTotals totals(run.variant_count, run.months, run.touchpoint_count,
                     static_cast<int>(run.segments.size()));
  simulate_customers_in_lanes(run, 0, customers, totals);
  return {std::move(run), std::move(totals)};
}

double events(const Simulated& s, int touchpoint) {
  return s.totals.touchpoint(0, touchpoint, TouchpointMetric::events);
}
double failures(const Simulated& s, int touchpoint) {
  return s.totals.touchpoint(0, touchpoint, TouchpointMetric::failures);
}
double monthly(const Simulated& s, MonthlyMetric metric, int month) {
  return s.totals.monthly(0, metric, month);
}

// A count of `n` trials with probability p each is within kZ standard errors of n·p.
void expect_binomial(double count, double n, double p, const std::string& what) {
  const double sd = std::sqrt(n * p * (1.0 - p));
  EXPECT_NEAR(count, n * p, kZ * sd) << what << " (seed 1, " << n << " trials)";
}

// Every monthly figure, touchpoint figure and departure of variant 0.
void expect_same_totals(const Simulated& a, const Simulated& b) {
  ASSERT_EQ(a.run.months, b.run.months);
  for (int t = 0; t < a.run.months; ++t) {
    for (int m = 0; m < static_cast<int>(MonthlyMetric::count_); ++m) {
      const auto metric = static_cast<MonthlyMetric>(m);
      EXPECT_EQ(monthly(a, metric, t), monthly(b, metric, t)) << "metric " << m << ", month " << t;
    }
  }
  for (int j = 0; j < std::min(a.run.touchpoint_count, b.run.touchpoint_count); ++j) {
    for (int m = 0; m < static_cast<int>(TouchpointMetric::count_); ++m) {
      const auto metric = static_cast<TouchpointMetric>(m);
      EXPECT_EQ(a.totals.touchpoint(0, j, metric), b.totals.touchpoint(0, j, metric))
          << "touchpoint " << j << ", metric " << m;
    }
  }
}

// A scenario of one segment, without churn or defection unless `defect_on_failure` says, with
// `body`'s journey.
std::string scenario(std::string_view body, int months = 6, double defect_on_failure = 0.0) {
  return R"(cxsim: 1
name: stages
simulation: {customers: 100, months: )" +
         std::to_string(months) + R"(, seed: 1}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.0},
            revenue: {monthly_mean: 100}}]
retention: {defect_on_failure: )" +
         std::to_string(defect_on_failure) + "}\n" + std::string(body);
}

TEST(Stages, OneStageWrittenOutChangesNoBit) {
  constexpr std::string_view kJourney = R"(
journey:
  - {id: usage, when: {rate: 1.5}, functional: {success: 0.8, effort: 0.2}}
  - {id: help, when: {after: usage, on: failure, probability: 0.6, delay: 1}, cost: 3}
)";
  const std::string implicit = scenario(kJourney, 6, 0.1);
  const std::string written = implicit + "stages: [{id: customer}]\n";
  const Simulated a = simulate(implicit, 5000);
  const Simulated b = simulate(written, 5000);
  ASSERT_TRUE(b.run.staged);
  expect_same_totals(a, b);
}

TEST(Stages, AStageThatEndsTheRelationshipOnFailureIsCertainDefection) {
  // Usage never fails, so defecting on failure with certainty touches only the check.
  const Simulated staged = simulate(scenario(R"(
stages: [{id: active}, {id: closed, ends_relationship: true}]
journey:
  - {id: identity_check, when: {month: 0}, functional: {success: 0.8}, moves: {failure: closed}}
  - {id: usage, when: {rate: 1}}
)"));
  const Simulated defecting = simulate(scenario(R"(
journey:
  - {id: identity_check, when: {month: 0}, functional: {success: 0.8}}
  - {id: usage, when: {rate: 1}}
)",
                                                6, 1.0));
  expect_same_totals(staged, defecting);
  expect_binomial(monthly(staged, MonthlyMetric::alive, 0), kCustomers, 0.8,
                  "kept after the check");
}

constexpr std::string_view kActivation = R"(
stages: [{id: onboarding, revenue: false}, {id: active}]
journey:
  - {id: activation, when: {month: 0}, functional: {success: 0.7}, moves: {success: active}}
  - {id: welcome, when: {month: 1}, stages: active}
)";

TEST(Stages, NoRevenueBeforeActivationAndTouchpointsServeOnlyTheirStages) {
  const Simulated s = simulate(scenario(kActivation));
  EXPECT_EQ(monthly(s, MonthlyMetric::revenue, 0), 0.0);
  const double activated = monthly(s, MonthlyMetric::revenue, 1) / 100.0;
  expect_binomial(activated, kCustomers, 0.7, "activated");
  EXPECT_EQ(activated, kCustomers - failures(s, 0));
  EXPECT_EQ(events(s, 1), activated);  // only the active are welcomed
  for (int t = 2; t < s.run.months; ++t) {
    EXPECT_EQ(monthly(s, MonthlyMetric::revenue, t), activated * 100.0) << "month " << t;
  }
}

TEST(Stages, TenureMovesCustomersOnAfterTheMonthsItCounts) {
  // Two whole months of onboarding: revenue from the third month (index 2) on.
  const Simulated s = simulate(scenario(R"(
stages: [{id: onboarding, revenue: false}, {id: active}]
transitions: [{from: onboarding, to: active, when: {tenure_at_least: 2}}]
journey: [{id: usage, when: {rate: 1}}]
)"));
  EXPECT_EQ(monthly(s, MonthlyMetric::revenue, 0), 0.0);
  EXPECT_EQ(monthly(s, MonthlyMetric::revenue, 1), 0.0);
  for (int t = 2; t < s.run.months; ++t) {
    EXPECT_EQ(monthly(s, MonthlyMetric::revenue, t), kCustomers * 100.0) << "month " << t;
  }
}

// Without noise in tone or polish, a failure leaves perception below −0.05 and a success above
// it: who is at risk follows from the check's outcomes alone.
constexpr std::string_view kAtRisk = R"(
stages: [{id: active}, {id: at_risk}]
transitions:
  - {from: active, to: at_risk, when: {perception_below: -0.05}}
  - {from: at_risk, to: active, when: {perception_at_least: 0.5}}
journey:
  - {id: check, when: {month: 0}, functional: {success: 0.6},
     emotional: {tone_sd: 0}, sensory: {polish_sd: 0}}
  - {id: save_desk, when: {month: 1}, stages: [at_risk], emotional: {tone_sd: 0},
     sensory: {polish_sd: 0}}
)";

TEST(Stages, PerceptionMovesCustomersToAStageTheirTouchpointsServe) {
  const Simulated s = simulate(scenario(kAtRisk));
  EXPECT_GT(failures(s, 0), 0.0);
  EXPECT_EQ(events(s, 1), failures(s, 0));
}

std::string outreach(double probability) {
  return scenario(R"(
journey:
  - {id: check, when: {month: 0}, functional: {success: 0.6},
     emotional: {tone_sd: 0}, sensory: {polish_sd: 0}}
  - {id: outreach, when: {condition: {perception_below: -0.05}, probability: )" +
                      std::to_string(probability) + "}}\n",
                  1);
}

TEST(Conditions, FireForCustomersWhoseStateMeetsThem) {
  // Listed after the check, the outreach meets this month's failures, with its probability.
  const Simulated certain = simulate(outreach(1.0));
  EXPECT_EQ(events(certain, 1), failures(certain, 0));
  const Simulated half = simulate(outreach(0.5));
  EXPECT_EQ(failures(half, 0), failures(certain, 0));
  expect_binomial(events(half, 1), failures(half, 0), 0.5, "reached out");
}

TEST(Triggers, WithAConditionFireOnlyForCustomersWhoseStateMeetsIt) {
  // Whatever the outcome, only the customers it left unhappy are answered.
  const Simulated s = simulate(scenario(R"(
journey:
  - {id: check, when: {month: 0}, functional: {success: 0.6},
     emotional: {tone_sd: 0}, sensory: {polish_sd: 0}}
  - {id: apology, when: {after: check, on: any, condition: {perception_below: -0.05}}}
)"));
  EXPECT_GT(failures(s, 0), 0.0);
  EXPECT_EQ(events(s, 1), failures(s, 0));
}

TEST(Triggers, FollowingAnyOfSeveralSourcesFollowsEach) {
  const Simulated s = simulate(scenario(R"(
journey:
  - {id: call, when: {rate: 0.8}, functional: {success: 0.7}}
  - {id: chat, when: {rate: 1.2}, functional: {success: 0.5}}
  - {id: apology, when: {after: [call, chat], on: failure}}
)"));
  EXPECT_EQ(events(s, 2), failures(s, 0) + failures(s, 1));
}

TEST(Triggers, FollowingAllSourcesFiresOnceWhenTheLastHasItsOutcome) {
  // Card activation needs a successful identity check (two tries) and a delivered card.
  const Simulated s = simulate(scenario(R"(
journey:
  - {id: identity_check, when: {months: [0, 1]}, functional: {success: 0.7}}
  - {id: card_delivery, when: {month: 2}, functional: {success: 0.6}}
  - {id: card_activation, when: {after: [identity_check, card_delivery], require: all,
                                 on: success}}
)"));
  const double either_check = 1.0 - 0.3 * 0.3;
  expect_binomial(events(s, 2), kCustomers, either_check * 0.6, "activated cards");
  EXPECT_LE(events(s, 2), kCustomers - failures(s, 1));
}

TEST(Triggers, FollowingAllSourcesFiresForEverySegmentsOwnVersion) {
  // The small businesses have their own deposit: it fires for them as the base one does for
  // the others, once each, after both sources.
  const Simulated s = simulate(R"(cxsim: 1
name: joined copies
simulation: {customers: 100, months: 4, seed: 1}
segments:
  - {name: consumers, share: 0.7, retention: {model: constant, monthly_churn: 0.0},
     revenue: {monthly_mean: 10}}
  - {name: small_businesses, share: 0.3, retention: {model: constant, monthly_churn: 0.0},
     revenue: {monthly_mean: 40}, touchpoints: {deposit: {functional.success: 0.5}}}
retention: {defect_on_failure: 0}
journey:
  - {id: identity_check, when: {month: 0}}
  - {id: card, when: {months: [1, 2]}}
  - {id: deposit, when: {after: [identity_check, card], require: all}}
)");
  ASSERT_GT(s.run.kernel_touchpoint_count, s.run.touchpoint_count);
  EXPECT_EQ(events(s, 2), kCustomers);
}

}  // namespace
}  // namespace cxsim
