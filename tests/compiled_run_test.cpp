// Compilation: fixes become per-variant, per-month parameters with their start month and ramp;
// fix costs fall in the right months; added touchpoints exist only where their fix is in force.
#include "model/compiled_run.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {
namespace {

constexpr std::string_view kScenario = R"(cxsim: 1
name: compile
simulation: {customers: 10, months: 12}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.1}, revenue: {monthly_mean: 1}}]
journey:
  - {id: signup, when: {month: 0}, functional: {success: 0.6}, emotional: {tone: 0.2}}
  - {id: invoice, when: {every: 3, start: 1}}
  - {id: support, when: {after: signup, on: failure, probability: 0.5, delay: 2}}
fixes:
  - id: ramped
    changes:
      - {touchpoint: signup, set: {functional.success: 1.0}}
      - {touchpoint: signup, add: {emotional.tone: 0.4}}
    cost: {one_time: 1000, monthly: 10}
    start_month: 2
    ramp_months: 4
  - id: outreach
    add_touchpoints: [{id: call, when: {after: signup, on: failure}}]
    start_month: 1
scenarios: [{id: both, fixes: [outreach, ramped]}]
)";

CompiledRun compiled() {
  const Scenario scenario = testing::scenario_from_yaml(kScenario);
  return compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
}

TEST(RampFraction, RisesLinearlyFromTheStartMonth) {
  Fix fix;
  fix.start_month = 2;
  fix.ramp_months = 4;
  const double expected[] = {0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.0};
  for (int t = 0; t < 7; ++t) {
    EXPECT_DOUBLE_EQ(ramp_fraction(fix, t), expected[t]) << "month " << t;
  }
  fix.ramp_months = 0;
  EXPECT_EQ(ramp_fraction(fix, 1), 0.0);
  EXPECT_EQ(ramp_fraction(fix, 2), 1.0);
}

// Each touchpoint parameter reaches its own compiled field: every parameter gets a value no
// other has, and each compiled field must hold its parameter's.
TEST(CompileRun, EveryTouchpointParameterReachesItsCompiledField) {
  Scenario scenario = testing::scenario_from_yaml(kScenario);
  Touchpoint& signup = scenario.journey.front();
  const auto parameters = touchpoint_parameters();
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    parameters[i].field(signup) = 0.01 * static_cast<double>(i + 1);
  }
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    EXPECT_EQ(run.at(0, 0, 0).*parameters[i].compiled, 0.01 * static_cast<double>(i + 1))
        << parameters[i].name;
  }
}

TEST(CompileRun, VariantsAreBaselineEachFixAllFixesAndCombinations) {
  const Scenario scenario = testing::scenario_from_yaml(kScenario);
  const auto variants = standard_variants(scenario);
  ASSERT_EQ(variants.size(), 5u);
  EXPECT_EQ(variants[0].id, "baseline");
  EXPECT_EQ(variants[1].id, "ramped");
  EXPECT_EQ(variants[2].id, "outreach");
  EXPECT_EQ(variants[3].id, "all_fixes");
  EXPECT_EQ(variants[4].id, "both");
  EXPECT_EQ(variants[4].fixes, (std::vector<std::size_t>{0, 1}));
}

TEST(CompileRun, AFixMovesItsParametersByItsRampFraction) {
  const CompiledRun run = compiled();
  const int signup = 0;
  for (int t = 0; t < run.months; ++t) {
    Fix ramp;
    ramp.start_month = 2;
    ramp.ramp_months = 4;
    const double f = ramp_fraction(ramp, t);
    EXPECT_DOUBLE_EQ(run.at(0, t, signup).success, 0.6) << t;
    EXPECT_NEAR(run.at(1, t, signup).success, 0.6 + f * 0.4, 1e-15) << t;
    EXPECT_NEAR(run.at(1, t, signup).tone, 0.2 + f * 0.4, 1e-15) << t;
  }
}

TEST(CompileRun, FixCostsFallInTheStartMonthAndMonthlyAfter) {
  const CompiledRun run = compiled();
  for (int t = 0; t < run.months; ++t) {
    const double expected = t < 2 ? 0.0 : t == 2 ? 1010.0 : 10.0;
    EXPECT_EQ(run.fix_cost[static_cast<std::size_t>(1 * run.months + t)], expected) << t;
    EXPECT_EQ(run.fix_cost[static_cast<std::size_t>(0 * run.months + t)], 0.0) << t;
  }
}

TEST(CompileRun, AnAddedTouchpointIsActiveOnlyInItsFixesVariantsFromItsStart) {
  const CompiledRun run = compiled();
  const int call = 3;
  ASSERT_EQ(run.touchpoint_count, 4);
  for (int t = 0; t < run.months; ++t) {
    EXPECT_FALSE(run.at(0, t, call).active);
    EXPECT_FALSE(run.at(1, t, call).active);
    EXPECT_EQ(run.at(2, t, call).active, t >= 1) << t;
    EXPECT_EQ(run.at(4, t, call).active, t >= 1) << t;
  }
}

TEST(CompileRun, SchedulesAndTriggersBecomeTables) {
  const CompiledRun run = compiled();
  EXPECT_EQ(run.schedules[0].kind, ScheduleKind::fixed);
  EXPECT_EQ(run.schedules[2].kind, ScheduleKind::trigger);
  EXPECT_EQ(run.schedules[2].delay, 2);
  // signup triggers support and the added call, in touchpoint order.
  EXPECT_EQ(std::vector<int>(run.dependents.begin() + run.dependents_begin[0],
                             run.dependents.begin() + run.dependents_begin[1]),
            (std::vector<int>{2, 3}));
  // Each month visits the fixed schedules due (signup in month 0, invoice every third month from
  // 1) and the delayed support every month (it may have fired two months before); the call,
  // triggered without delay, is never visited.
  for (int t = 0; t < run.months; ++t) {
    std::vector<int> expected;
    if (t == 0) {
      expected.push_back(0);
    }
    if (t % 3 == 1) {
      expected.push_back(1);
    }
    expected.push_back(2);
    EXPECT_EQ(
        std::vector<int>(run.visits.begin() + run.visits_begin[static_cast<std::size_t>(t)],
                         run.visits.begin() + run.visits_begin[static_cast<std::size_t>(t + 1)]),
        expected)
        << t;
  }
  EXPECT_EQ(run.pending_slots, 4);  // a delay of two months: three slots, rounded up to four
}

TEST(CompileRun, DiscountingCompoundsTheAnnualRateMonthly) {
  const CompiledRun run = compiled();
  // Default annual rate 10%: twelve months of discount make 1/1.1.
  EXPECT_NEAR(run.discount[11], 1.0 / 1.1, 1e-14);
  EXPECT_NEAR(run.discount[0], std::pow(1.1, -1.0 / 12.0), 1e-15);
}

}  // namespace
}  // namespace cxsim
