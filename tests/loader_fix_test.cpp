// Fixes and their combinations (docs/scenarios.md#fixes): changes, added touchpoints, costs,
// start and ramp, read back in file order.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::constant_of;
using testing::expect_distribution;
using testing::load_valid;
using testing::name_of;
using testing::scenario_with_fixes;

TEST(Fix, SetChangeKeepsParametersInFileOrder) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: better_signup
    changes:
      - touchpoint: signup
        set: {sensory.polish: 0.5, functional.success: 0.99, emotional.tone: 0.4}
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  ASSERT_EQ(scenario.fixes[0].changes.size(), 1u);
  const TouchpointChange& change = scenario.fixes[0].changes[0];
  EXPECT_EQ(change.touchpoint, "signup");
  EXPECT_EQ(name_of(change.operation), "set");
  ASSERT_EQ(change.parameters.size(), 3u);
  EXPECT_EQ(change.parameters[0].parameter, "sensory.polish");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[0].value), 0.5);
  EXPECT_EQ(change.parameters[1].parameter, "functional.success");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[1].value), 0.99);
  EXPECT_EQ(change.parameters[2].parameter, "emotional.tone");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[2].value), 0.4);
}

TEST(Fix, ChangeMayNestParametersInTheirLayersAsTheJourneyDoes) {
  const std::string nested = R"(fixes:
  - id: better_signup
    changes:
      - touchpoint: signup
        set: {sensory: {polish: 0.5}, functional: {success: 0.99, effort: 0.1}, weight: 2}
)";
  const std::string dotted = R"(fixes:
  - id: better_signup
    changes:
      - touchpoint: signup
        set: {sensory.polish: 0.5, functional.success: 0.99, functional.effort: 0.1, weight: 2}
)";
  const Scenario from_nested = load_valid(scenario_with_fixes(nested));
  const Scenario from_dotted = load_valid(scenario_with_fixes(dotted));
  ASSERT_EQ(from_nested.fixes.size(), 1u);
  ASSERT_EQ(from_nested.fixes[0].changes.size(), 1u);
  const auto& parameters = from_nested.fixes[0].changes[0].parameters;
  const auto& expected = from_dotted.fixes[0].changes[0].parameters;
  ASSERT_EQ(parameters.size(), 4u);
  ASSERT_EQ(expected.size(), 4u);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    EXPECT_EQ(parameters[i].parameter, expected[i].parameter);
    EXPECT_DOUBLE_EQ(constant_of(parameters[i].value), constant_of(expected[i].value));
  }
}

TEST(Fix, AddChange) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: warmer_signup
    changes: [{touchpoint: signup, add: {emotional.tone: 0.2, emotional.recovery: 0.4}}]
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  ASSERT_EQ(scenario.fixes[0].changes.size(), 1u);
  const TouchpointChange& change = scenario.fixes[0].changes[0];
  EXPECT_EQ(change.touchpoint, "signup");
  EXPECT_EQ(name_of(change.operation), "add");
  ASSERT_EQ(change.parameters.size(), 2u);
  EXPECT_EQ(change.parameters[0].parameter, "emotional.tone");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[0].value), 0.2);
  EXPECT_EQ(change.parameters[1].parameter, "emotional.recovery");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[1].value), 0.4);
}

TEST(Fix, ScaleChange) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: easier_signup
    changes:
      - touchpoint: signup
        scale:
          functional.effort: 0.5
          weight: 1.5
          cost: 0
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  ASSERT_EQ(scenario.fixes[0].changes.size(), 1u);
  const TouchpointChange& change = scenario.fixes[0].changes[0];
  EXPECT_EQ(change.touchpoint, "signup");
  EXPECT_EQ(name_of(change.operation), "scale");
  ASSERT_EQ(change.parameters.size(), 3u);
  EXPECT_EQ(change.parameters[0].parameter, "functional.effort");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[0].value), 0.5);
  EXPECT_EQ(change.parameters[1].parameter, "weight");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[1].value), 1.5);
  EXPECT_EQ(change.parameters[2].parameter, "cost");
  EXPECT_DOUBLE_EQ(constant_of(change.parameters[2].value), 0.0);
}

TEST(Fix, EveryTouchpointParameterMayBeChanged) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: everything
    changes:
      - touchpoint: signup
        set:
          functional.success: 0.99
          functional.effort: 0.1
          functional.delay: 0.05
          emotional.tone: 0.3
          emotional.tone_sd: 0.2
          emotional.recovery: 0.6
          emotional.communication: 0.7
          sensory.polish: 0.4
          sensory.polish_sd: 0.1
          sensory.consistency: 0.9
          weight: 1.5
          cost: 3
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  ASSERT_EQ(scenario.fixes[0].changes.size(), 1u);
  const std::vector<ParameterChange>& parameters = scenario.fixes[0].changes[0].parameters;
  const std::vector<std::string> names{"functional.success",
                                       "functional.effort",
                                       "functional.delay",
                                       "emotional.tone",
                                       "emotional.tone_sd",
                                       "emotional.recovery",
                                       "emotional.communication",
                                       "sensory.polish",
                                       "sensory.polish_sd",
                                       "sensory.consistency",
                                       "weight",
                                       "cost"};
  const std::vector<double> values{0.99, 0.1, 0.05, 0.3, 0.2, 0.6, 0.7, 0.4, 0.1, 0.9, 1.5, 3.0};
  ASSERT_EQ(parameters.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(parameters[i].parameter, names[i]);
    EXPECT_DOUBLE_EQ(constant_of(parameters[i].value), values[i]) << names[i];
  }
}

TEST(Fix, SeveralChangesKeepTheirOrderAndOperations) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: overhaul
    changes:
      - {touchpoint: support, scale: {cost: 0.8}}
      - {touchpoint: signup, set: {functional.success: 0.97}}
      - {touchpoint: signup, add: {emotional.recovery: 0.1}}
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  const std::vector<TouchpointChange>& changes = scenario.fixes[0].changes;
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].touchpoint, "support");
  EXPECT_EQ(name_of(changes[0].operation), "scale");
  EXPECT_EQ(changes[1].touchpoint, "signup");
  EXPECT_EQ(name_of(changes[1].operation), "set");
  EXPECT_EQ(changes[2].touchpoint, "signup");
  EXPECT_EQ(name_of(changes[2].operation), "add");
}

TEST(Fix, ChangeValueMayBeADistribution) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: uncertain
    changes:
      - touchpoint: signup
        set: {functional.success: {uniform: [0.95, 0.99]}}
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  ASSERT_EQ(scenario.fixes[0].changes.size(), 1u);
  ASSERT_EQ(scenario.fixes[0].changes[0].parameters.size(), 1u);
  expect_distribution(scenario.fixes[0].changes[0].parameters[0].value, "uniform", {0.95, 0.99});
}

TEST(Fix, AddTouchpointsAreFullTouchpointEntries) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: proactive
    add_touchpoints:
      - id: outreach
        when: {after: signup, on: failure, probability: 0.9}
        functional: {success: 0.95, effort: 0.1}
        emotional: {tone: 0.5, recovery: 0.7, communication: 0.8}
        sensory: {polish: 0.2}
        weight: 1.5
        cost: 12
      - id: check_in
        when: {every: 3, start: 1}
        controllable: false
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  const Fix& fix = scenario.fixes[0];
  EXPECT_TRUE(fix.changes.empty());
  ASSERT_EQ(fix.add_touchpoints.size(), 2u);
  const Touchpoint& outreach = fix.add_touchpoints[0];
  EXPECT_EQ(outreach.id, "outreach");
  const auto* trigger = std::get_if<Trigger>(&outreach.when);
  ASSERT_NE(trigger, nullptr);
  EXPECT_EQ(trigger->after, std::vector<std::string>{"signup"});
  EXPECT_EQ(name_of(trigger->on), "failure");
  EXPECT_DOUBLE_EQ(constant_of(trigger->probability), 0.9);
  EXPECT_DOUBLE_EQ(constant_of(outreach.functional.success), 0.95);
  EXPECT_DOUBLE_EQ(constant_of(outreach.functional.effort), 0.1);
  EXPECT_DOUBLE_EQ(constant_of(outreach.emotional.tone), 0.5);
  EXPECT_DOUBLE_EQ(constant_of(outreach.emotional.recovery), 0.7);
  EXPECT_DOUBLE_EQ(constant_of(outreach.emotional.communication), 0.8);
  EXPECT_DOUBLE_EQ(constant_of(outreach.sensory.polish), 0.2);
  EXPECT_DOUBLE_EQ(constant_of(outreach.sensory.polish_sd), 0.3);
  EXPECT_DOUBLE_EQ(constant_of(outreach.weight), 1.5);
  EXPECT_DOUBLE_EQ(constant_of(outreach.cost), 12.0);
  EXPECT_TRUE(outreach.controllable);
  const Touchpoint& check_in = fix.add_touchpoints[1];
  EXPECT_EQ(check_in.id, "check_in");
  const auto* every = std::get_if<EveryMonths>(&check_in.when);
  ASSERT_NE(every, nullptr);
  EXPECT_EQ(every->every, 3);
  EXPECT_EQ(every->start, 1);
  EXPECT_FALSE(check_in.controllable);
}

TEST(Fix, ChangesMayTargetATouchpointTheFixAdds) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: proactive
    add_touchpoints:
      - {id: outreach, when: {after: signup, on: failure}}
    changes:
      - {touchpoint: outreach, set: {emotional.communication: 0.9}}
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  ASSERT_EQ(scenario.fixes[0].changes.size(), 1u);
  EXPECT_EQ(scenario.fixes[0].changes[0].touchpoint, "outreach");
  ASSERT_EQ(scenario.fixes[0].add_touchpoints.size(), 1u);
  EXPECT_EQ(scenario.fixes[0].add_touchpoints[0].id, "outreach");
}

TEST(Fix, CostOneTimeAndMonthly) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: both_costs
    changes: [{touchpoint: signup, set: {functional.success: 0.99}}]
    cost: {one_time: 120000, monthly: 2000}
  - id: one_time_only
    changes: [{touchpoint: signup, set: {functional.success: 0.95}}]
    cost: {one_time: 5000}
  - id: monthly_only
    changes: [{touchpoint: signup, set: {functional.success: 0.93}}]
    cost:
      monthly: 750
  - id: uncertain_cost
    changes: [{touchpoint: signup, set: {functional.success: 0.92}}]
    cost: {one_time: {lognormal: {mean: 50000, sd: 10000}}, monthly: {uniform: [100, 300]}}
)"));
  ASSERT_EQ(scenario.fixes.size(), 4u);
  EXPECT_DOUBLE_EQ(constant_of(scenario.fixes[0].cost.one_time), 120000.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.fixes[0].cost.monthly), 2000.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.fixes[1].cost.one_time), 5000.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.fixes[1].cost.monthly), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.fixes[2].cost.one_time), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.fixes[2].cost.monthly), 750.0);
  expect_distribution(scenario.fixes[3].cost.one_time, "lognormal", {50000.0, 10000.0});
  expect_distribution(scenario.fixes[3].cost.monthly, "uniform", {100.0, 300.0});
}

TEST(Fix, WithoutCostStartOrRampTakesDefaults) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: bare
    changes: [{touchpoint: signup, set: {functional.success: 0.99}}]
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  const Fix& fix = scenario.fixes[0];
  EXPECT_EQ(fix.description, "");
  EXPECT_TRUE(fix.add_touchpoints.empty());
  EXPECT_DOUBLE_EQ(constant_of(fix.cost.one_time), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(fix.cost.monthly), 0.0);
  EXPECT_EQ(fix.start_month, 0);
  EXPECT_EQ(fix.ramp_months, 0);
}

TEST(Fix, StartMonthAndRampMonths) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: later
    changes: [{touchpoint: signup, set: {functional.success: 0.99}}]
    start_month: 6
    ramp_months: 3
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  EXPECT_EQ(scenario.fixes[0].start_month, 6);
  EXPECT_EQ(scenario.fixes[0].ramp_months, 3);
}

TEST(Fix, Description) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: described
    description: "Retry failed payments: twice, a day apart"
    changes: [{touchpoint: signup, set: {functional.success: 0.99}}]
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  EXPECT_EQ(scenario.fixes[0].description, "Retry failed payments: twice, a day apart");
}

TEST(Fix, ScenariosNameCombinationsOfFixes) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: a
    changes: [{touchpoint: signup, set: {functional.success: 0.99}}]
  - id: b
    changes: [{touchpoint: signup, add: {emotional.tone: 0.2}}]
  - id: c
    changes: [{touchpoint: support, scale: {cost: 0.5}}]
scenarios:
  - id: a_and_b
    fixes: [a, b]
  - id: c_then_a
    fixes:
      - c
      - a
  - {id: everything, fixes: [a, b, c]}
)"));
  ASSERT_EQ(scenario.scenarios.size(), 3u);
  EXPECT_EQ(scenario.scenarios[0].id, "a_and_b");
  EXPECT_EQ(scenario.scenarios[0].fixes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(scenario.scenarios[1].id, "c_then_a");
  EXPECT_EQ(scenario.scenarios[1].fixes, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(scenario.scenarios[2].id, "everything");
  EXPECT_EQ(scenario.scenarios[2].fixes, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace cxsim
