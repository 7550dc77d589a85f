// Validation on scenarios built in code: the rules the malformed corpus can't show one file at a
// time (combinations, accumulation, options), and the value arithmetic behind range checks.
#include "scenario/validation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "base/number.hpp"
#include "base/value_range.hpp"

namespace cxsim {
namespace {

// A trigger after one touchpoint, at its defaults but for `on`.
Trigger trigger_after(const std::string& id, TriggerOutcome on = TriggerOutcome::any) {
  Trigger trigger;
  trigger.after = {id};
  trigger.on = on;
  return trigger;
}

Scenario valid_scenario() {
  Scenario scenario;
  scenario.name = "built in code";
  scenario.simulation.customers = 1000;
  scenario.simulation.months = 12;
  Segment segment;
  segment.name = "all";
  segment.retention = ConstantChurn{0.02};
  segment.revenue.monthly_mean = 100.0;
  scenario.segments.push_back(segment);
  Touchpoint signup;
  signup.id = "signup";
  signup.functional.success = 0.9;
  Touchpoint support;
  support.id = "support";
  support.when = Trigger{{"signup"}, TriggerJoin::any, TriggerOutcome::failure, 0.5, 0, {}};
  scenario.journey = {signup, support};
  return scenario;
}

std::vector<std::string> problems_of(const Scenario& scenario,
                                     const ValidationOptions& options = {}) {
  std::vector<std::string> lines;
  for (const Diagnostic& problem : validate(scenario, SourceMap("s.yaml"), options)) {
    lines.push_back(problem.path + ": " + problem.message);
  }
  return lines;
}

Fix fix_changing(std::string touchpoint, ChangeOperation operation, std::string parameter,
                 Number value) {
  Fix fix;
  fix.id = "fix";
  fix.changes.push_back({std::move(touchpoint), operation, {{std::move(parameter), value}}});
  return fix;
}

TEST(Validation, AcceptsAValidScenario) {
  EXPECT_TRUE(problems_of(valid_scenario()).empty());
}

TEST(Validation, AnEmptyScenarioLacksNameSizeHorizonAndSegments) {
  EXPECT_EQ(problems_of(Scenario{}),
            (std::vector<std::string>{
                "name: must not be empty", "simulation.customers: must be >= 2, got 0",
                "simulation.months: must be >= 1, got 0", "segments: needs at least one segment"}));
}

TEST(Validation, SharesThatSumToOneInDecimalAreAccepted) {
  Scenario scenario = valid_scenario();
  scenario.segments = {scenario.segments[0], scenario.segments[0], scenario.segments[0]};
  scenario.segments[0].share = 0.1;
  scenario.segments[1].share = 0.2;
  scenario.segments[2].share = 0.7;
  scenario.segments[1].name = "b";
  scenario.segments[2].name = "c";
  EXPECT_TRUE(problems_of(scenario).empty());
}

TEST(Validation, ATriggerCycleIsReportedOnceWhateverItsLength) {
  Scenario scenario = valid_scenario();
  Touchpoint a, b, c;
  a.id = "a";
  b.id = "b";
  c.id = "c";
  a.when = trigger_after("c");
  b.when = trigger_after("a");
  c.when = trigger_after("b");
  scenario.journey.insert(scenario.journey.end(), {a, b, c});
  EXPECT_EQ(problems_of(scenario),
            (std::vector<std::string>{"journey[2].when.after: trigger cycle: a -> c -> b -> a"}));
}

TEST(Validation, AChainOfTriggersIsNotACycle) {
  Scenario scenario = valid_scenario();
  Touchpoint follow_up;
  follow_up.id = "follow_up";
  follow_up.when = Trigger{{"support"}, TriggerJoin::any, TriggerOutcome::any, 1.0, 1, {}};
  scenario.journey.push_back(follow_up);
  EXPECT_TRUE(problems_of(scenario).empty());
}

TEST(Validation, ChangesWithinAFixAccumulate) {
  Scenario scenario = valid_scenario();
  Fix fix = fix_changing("signup", ChangeOperation::add, "functional.success", 0.06);
  fix.changes.push_back(fix.changes[0]);
  scenario.fixes.push_back(fix);
  // 0.9 + 0.06 is fine, + 0.06 again is not.
  EXPECT_EQ(problems_of(scenario),
            (std::vector<std::string>{"fixes[0].changes[1].add.functional.success: takes the "
                                      "value to 1.02 (from 0.96); it must be in [0, 1]"}));
}

TEST(Validation, ScalingIsCheckedOverTheWholeRangeOfAnUncertainFactor) {
  Scenario scenario = valid_scenario();
  scenario.fixes.push_back(fix_changing("signup", ChangeOperation::scale, "functional.success",
                                        Distribution{DistributionFamily::uniform, {0.5, 1.2}}));
  EXPECT_EQ(problems_of(scenario),
            (std::vector<std::string>{"fixes[0].changes[0].scale.functional.success: takes the "
                                      "value to [0.45, 1.08] (from 0.9); it must be in [0, 1]"}));
}

TEST(Validation, AnUncontrollableTouchpointCanBeMitigatedButNotRepaired) {
  Scenario scenario = valid_scenario();
  scenario.journey[0].controllable = false;
  scenario.fixes.push_back(fix_changing("signup", ChangeOperation::set, "emotional.recovery", 0.8));
  EXPECT_TRUE(problems_of(scenario).empty());
  scenario.fixes[0] = fix_changing("signup", ChangeOperation::add, "functional.effort", -0.1);
  ASSERT_EQ(problems_of(scenario).size(), 1u);
  EXPECT_TRUE(problems_of(scenario)[0].starts_with(
      "fixes[0].changes[0].add.functional.effort: touchpoint 'signup' is controllable: false"));
}

TEST(Validation, AFixMayChangeAndFollowItsOwnAddedTouchpointsButNotAnotherFixs) {
  Scenario scenario = valid_scenario();
  Touchpoint outreach;
  outreach.id = "outreach";
  outreach.when = trigger_after("signup", TriggerOutcome::failure);
  Touchpoint second;
  second.id = "second_outreach";
  second.when = trigger_after("outreach");
  Fix first = fix_changing("outreach", ChangeOperation::set, "emotional.tone", 0.5);
  first.add_touchpoints = {outreach, second};
  Fix other = fix_changing("outreach", ChangeOperation::set, "emotional.tone", 0.5);
  other.id = "other";
  scenario.fixes = {first, other};
  EXPECT_EQ(problems_of(scenario),
            (std::vector<std::string>{"fixes[1].changes[0].touchpoint: unknown touchpoint "
                                      "'outreach'; expected 'signup' or 'support'"}));
}

TEST(Validation, AnAddedTouchpointMayNotReuseAJourneyId) {
  Scenario scenario = valid_scenario();
  Fix fix;
  fix.id = "fix";
  fix.add_touchpoints = {scenario.journey[1]};
  scenario.fixes.push_back(fix);
  EXPECT_EQ(problems_of(scenario),
            (std::vector<std::string>{
                "fixes[0].add_touchpoints[0].id: duplicate touchpoint id 'support'"}));
}

TEST(Validation, ReferencesAreLeftUncheckedWhenTheIdsCouldNotBeRead) {
  Scenario scenario = valid_scenario();
  scenario.journey[1].when = trigger_after("unreadable");
  EXPECT_EQ(problems_of(scenario).size(), 1u);
  EXPECT_TRUE(problems_of(scenario, {.check_references = false}).empty());
}

TEST(Validation, ParametersOfDistributionsAreCheckedBeforeTheirRange) {
  Scenario scenario = valid_scenario();
  scenario.journey[0].functional.success = Distribution{DistributionFamily::uniform, {0.99, 0.9}};
  EXPECT_EQ(problems_of(scenario),
            (std::vector<std::string>{"journey[0].functional.success: uniform needs a <= b, got "
                                      "{uniform: [0.99, 0.9]}"}));
}

TEST(Support, CoversEveryValueEachFamilyCanTake) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  const auto support = [](DistributionFamily family, std::vector<double> parameters) {
    const Support s = support_of(Distribution{family, std::move(parameters)});
    return std::pair(s.lo, s.hi);
  };
  EXPECT_EQ(support(DistributionFamily::uniform, {0.2, 0.4}), std::pair(0.2, 0.4));
  EXPECT_EQ(support(DistributionFamily::normal, {1.0, 0.5}), std::pair(-kInfinity, kInfinity));
  EXPECT_EQ(support(DistributionFamily::normal, {1.0, 0.0}), std::pair(1.0, 1.0));
  EXPECT_EQ(support(DistributionFamily::beta, {2.0, 5.0}), std::pair(0.0, 1.0));
  EXPECT_EQ(support(DistributionFamily::triangular, {0.1, 0.3, 0.9}), std::pair(0.1, 0.9));
  const auto lognormal = support(DistributionFamily::lognormal, {100.0, 20.0});
  EXPECT_GT(lognormal.first, 0.0);
  EXPECT_EQ(lognormal.second, kInfinity);
  EXPECT_EQ(support_of(Number{0.3}).lo, 0.3);
}

TEST(ValueRange, OpenEndsExcludeTheirBound) {
  EXPECT_TRUE(kPositive.contains(support_of(Distribution{DistributionFamily::lognormal, {1, 1}})));
  EXPECT_FALSE(kPositive.contains(0.0));
  EXPECT_TRUE(kNonNegative.contains(0.0));
  EXPECT_FALSE(kProbability.contains(Support{0.5, 1.01}));
  EXPECT_EQ(kProbability.describe(), "in [0, 1]");
  EXPECT_EQ(kPositive.describe(), "> 0");
  EXPECT_EQ(kNonNegative.describe(), ">= 0");
  EXPECT_EQ((ValueRange{0.0, 1.0, false, true}).describe(), "in [0, 1)");
}

}  // namespace
}  // namespace cxsim
