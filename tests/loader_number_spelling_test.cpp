// How numbers and flags may be spelled (docs/scenarios.md, "Types"): every spelling reads as
// the same value.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::constant_of;
using testing::kPreamble;
using testing::load_valid;
using testing::scenario_with;
using testing::scenario_with_fixes;

TEST(NumberSpelling, WholeNumbersMayBeWrittenInAnyExactForm) {
  for (const std::string spelling : {"200000", "2e5", "2E5", "200000.0", "+200000"}) {
    SCOPED_TRACE(spelling);
    const Scenario scenario =
        load_valid("cxsim: 1\nname: spellings\nsimulation: {customers: " + spelling +
                   ", months: 24}\npopulation: {size: " + spelling + "}\n" +
                   std::string(kPreamble.substr(kPreamble.find("segments:"))) + "journey: []\n");
    EXPECT_EQ(scenario.simulation.customers, 200000);
    ASSERT_TRUE(scenario.population.size.has_value());
    EXPECT_EQ(*scenario.population.size, 200000);
  }
}

TEST(NumberSpelling, WholeNumbersInSchedulesAndFixes) {
  const Scenario scenario = load_valid(scenario_with_fixes(R"(fixes:
  - id: later
    changes: [{touchpoint: signup, set: {functional.success: 0.99}}]
    start_month: 2.0
    ramp_months: 3e0
surveys: {nps: {months: [6.0, 1.2e1, +18]}}
)"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  EXPECT_EQ(scenario.fixes[0].start_month, 2);
  EXPECT_EQ(scenario.fixes[0].ramp_months, 3);
  EXPECT_EQ(scenario.surveys.nps.months, (std::vector<int>{6, 12, 18}));
}

TEST(NumberSpelling, QuotedNumbersAreNumbers) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: "3"}
    functional: {success: "0.5", effort: '0.25'}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* at = std::get_if<AtMonth>(&scenario.journey[0].when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->month, 3);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].functional.success), 0.5);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].functional.effort), 0.25);
}

TEST(NumberSpelling, ExplicitPlusSign) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: +1}
    emotional: {tone: +1}
retention: {perception_effect: +1.25}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* at = std::get_if<AtMonth>(&scenario.journey[0].when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->month, 1);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].emotional.tone), 1.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.retention.perception_effect), 1.25);
}

TEST(NumberSpelling, NegativeAndExponentReals) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    emotional: {tone: -0.5}
    sensory: {polish: -1}
    cost: 1.5e2
retention: {effort_effect: -2.5E-1}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].emotional.tone), -0.5);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].sensory.polish), -1.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.journey[0].cost), 150.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.retention.effort_effect), -0.25);
}

TEST(NumberSpelling, ControllableTrueAndFalse) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: own_app
    when: {month: 0}
    controllable: true
  - id: partner_delivery
    when: {month: 1}
    controllable: false
)"));
  ASSERT_EQ(scenario.journey.size(), 2u);
  EXPECT_TRUE(scenario.journey[0].controllable);
  EXPECT_FALSE(scenario.journey[1].controllable);
}

}  // namespace
}  // namespace cxsim
