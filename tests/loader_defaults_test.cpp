// What the loader gives every key a scenario leaves out, or writes with nothing in it: the
// defaults of docs/scenarios.md, section by section.
#include <gtest/gtest.h>

#include <string_view>
#include <variant>
#include <vector>

#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::constant_of;
using testing::load_valid;
using testing::scenario_with;

// A minimal scenario: only the required keys, everything else takes its default.

constexpr std::string_view kMinimal = R"(cxsim: 1
name: minimal
simulation: {customers: 1000, months: 12}
segments:
  - name: everyone
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 50}
journey:
  - id: visit
    when: {month: 0}
)";

TEST(MinimalScenario, ReadsTheRequiredKeys) {
  const Scenario scenario = load_valid(kMinimal);
  EXPECT_EQ(scenario.schema, 1);
  EXPECT_EQ(scenario.name, "minimal");
  EXPECT_EQ(scenario.description, "");
  EXPECT_EQ(scenario.simulation.customers, 1000);
  EXPECT_EQ(scenario.simulation.months, 12);
  ASSERT_EQ(scenario.segments.size(), 1u);
  EXPECT_EQ(scenario.segments[0].name, "everyone");
  const auto* churn = std::get_if<ConstantChurn>(&scenario.segments[0].retention);
  ASSERT_NE(churn, nullptr);
  EXPECT_DOUBLE_EQ(constant_of(churn->monthly_churn), 0.02);
  EXPECT_DOUBLE_EQ(constant_of(scenario.segments[0].revenue.monthly_mean), 50.0);
  ASSERT_EQ(scenario.journey.size(), 1u);
  EXPECT_EQ(scenario.journey[0].id, "visit");
  const auto* at = std::get_if<AtMonth>(&scenario.journey[0].when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->month, 0);
}

TEST(MinimalScenario, SimulationAndPopulationTakeDefaults) {
  const Scenario scenario = load_valid(kMinimal);
  EXPECT_EQ(scenario.simulation.replications, 1);
  EXPECT_EQ(scenario.simulation.seed, 1);
  EXPECT_DOUBLE_EQ(scenario.simulation.confidence, 0.95);
  EXPECT_FALSE(scenario.population.size.has_value());
}

TEST(MinimalScenario, SegmentTakesDefaults) {
  const Scenario scenario = load_valid(kMinimal);
  ASSERT_EQ(scenario.segments.size(), 1u);
  const Segment& segment = scenario.segments[0];
  EXPECT_DOUBLE_EQ(segment.share, 1.0);
  EXPECT_DOUBLE_EQ(constant_of(segment.sensitivity.functional), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(segment.sensitivity.emotional), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(segment.sensitivity.sensory), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(segment.initial_perception), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(segment.initial_trust), 0.9);
  EXPECT_DOUBLE_EQ(constant_of(segment.revenue.monthly_sd), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(segment.revenue.gross_margin), 1.0);
}

TEST(MinimalScenario, TouchpointTakesDefaults) {
  const Scenario scenario = load_valid(kMinimal);
  ASSERT_EQ(scenario.journey.size(), 1u);
  const Touchpoint& touchpoint = scenario.journey[0];
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.functional.success), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.functional.effort), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.functional.delay), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.emotional.tone), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.emotional.tone_sd), 0.3);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.emotional.recovery), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.emotional.communication), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.sensory.polish), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.sensory.polish_sd), 0.3);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.sensory.consistency), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.weight), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(touchpoint.cost), 0.0);
  EXPECT_TRUE(touchpoint.controllable);
}

TEST(MinimalScenario, PerceptionTakesDefaults) {
  const PerceptionSettings perception = load_valid(kMinimal).perception;
  EXPECT_EQ(perception.model, "ewma");
  EXPECT_DOUBLE_EQ(constant_of(perception.memory), 0.7);
  EXPECT_DOUBLE_EQ(constant_of(perception.negativity_bias), 2.0);
  EXPECT_DOUBLE_EQ(constant_of(perception.fade), 0.02);
  EXPECT_DOUBLE_EQ(constant_of(perception.success_value), 0.2);
  EXPECT_DOUBLE_EQ(constant_of(perception.recovery_ceiling), 0.8);
  EXPECT_DOUBLE_EQ(constant_of(perception.trust_floor), 0.6);
  EXPECT_DOUBLE_EQ(constant_of(perception.failure_gate), 0.1);
  EXPECT_DOUBLE_EQ(constant_of(perception.delay_penalty), 0.5);
  EXPECT_DOUBLE_EQ(constant_of(perception.trust_rate), 0.3);
}

TEST(MinimalScenario, RetentionTakesDefaults) {
  const RetentionSettings retention = load_valid(kMinimal).retention;
  EXPECT_DOUBLE_EQ(constant_of(retention.perception_effect), 1.5);
  EXPECT_DOUBLE_EQ(constant_of(retention.effort_effect), 0.5);
  EXPECT_DOUBLE_EQ(constant_of(retention.defect_on_failure), 0.02);
}

TEST(MinimalScenario, RevenueFinanceAndSurveysTakeDefaults) {
  const Scenario scenario = load_valid(kMinimal);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.expansion.rate), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.expansion.uplift), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.referral.rate), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.referral.value), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.referral.promoter_threshold), 0.6);
  EXPECT_DOUBLE_EQ(constant_of(scenario.finance.discount_rate), 0.10);
  EXPECT_TRUE(scenario.surveys.nps.months.empty());
  EXPECT_DOUBLE_EQ(constant_of(scenario.surveys.nps.response_rate), 1.0);
}

TEST(MinimalScenario, HasNoFixesAndNoCombinations) {
  const Scenario scenario = load_valid(kMinimal);
  EXPECT_TRUE(scenario.fixes.empty());
  EXPECT_TRUE(scenario.scenarios.empty());
}

// ---------------------------------------------------------------------------------------------
// Sections written with nothing in them.

TEST(NullSection, EmptyFixesMeansNoFixes) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
fixes:
scenarios:
)"));
  EXPECT_TRUE(scenario.fixes.empty());
  EXPECT_TRUE(scenario.scenarios.empty());
}

TEST(NullSection, EmptyPerceptionKeepsDefaults) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
perception:
retention: {}
)"));
  EXPECT_EQ(scenario.perception.model, "ewma");
  EXPECT_DOUBLE_EQ(constant_of(scenario.perception.memory), 0.7);
  EXPECT_DOUBLE_EQ(constant_of(scenario.perception.negativity_bias), 2.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.perception.trust_rate), 0.3);
  EXPECT_DOUBLE_EQ(constant_of(scenario.retention.perception_effect), 1.5);
}

TEST(NullSection, EmptySettingsSectionsKeepDefaults) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    functional:
    emotional: ~
    sensory: {}
retention:
revenue:
  expansion:
  referral: null
finance:
surveys:
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].functional.success), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].emotional.tone_sd), 0.3);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].sensory.consistency), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.retention.defect_on_failure), 0.02);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.expansion.rate), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.referral.promoter_threshold), 0.6);
  EXPECT_DOUBLE_EQ(constant_of(scenario.finance.discount_rate), 0.10);
  EXPECT_TRUE(scenario.surveys.nps.months.empty());
}

TEST(NullSection, EmptySegmentSensitivityKeepsDefaults) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: empty sensitivity
simulation: {customers: 100, months: 12}
segments:
  - name: everyone
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 10}
    sensitivity:
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  EXPECT_DOUBLE_EQ(constant_of(scenario.segments[0].sensitivity.functional), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.segments[0].sensitivity.emotional), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.segments[0].sensitivity.sensory), 1.0);
}

TEST(NullSection, EmptyJourneyListIsAllowed) {
  const Scenario scenario = load_valid(scenario_with("journey: []\n"));
  EXPECT_TRUE(scenario.journey.empty());
}

}  // namespace
}  // namespace cxsim
