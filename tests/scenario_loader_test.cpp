// Every valid form of every scenario key (SPEC §4.1), loaded from YAML written here, checked
// field by field against the scenario model. Malformed input is malformed_scenarios_test's job,
// value ranges validation_test's: every scenario here loads without a diagnostic and validates.
#include "cxsim/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cxsim/diagnostics.hpp"
#include "cxsim/number.hpp"
#include "cxsim/scenario.hpp"
#include "cxsim/scenario_reader.hpp"

namespace cxsim {
namespace {

constexpr const char* kFileName = "test.yaml";

std::string messages(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics) {
    text += to_string(diagnostic) + "\n";
  }
  return text;
}

// Loads `text`, expecting no diagnostic from the loader and no problem from the full read
// (load + validate), and returns the scenario as loaded.
Scenario load_valid(std::string_view text) {
  const LoadedScenario loaded = load_scenario_text(text, kFileName);
  EXPECT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const ScenarioReading reading = read_scenario_text(text, kFileName);
  EXPECT_TRUE(reading.problems.empty()) << messages(reading.problems);
  EXPECT_TRUE(reading.scenario.has_value());
  return loaded.scenario;
}

// The constant a number holds (NaN, and a failure, when it holds a distribution).
double value_of(const Number& number) {
  if (const double* value = std::get_if<double>(&number)) {
    return *value;
  }
  ADD_FAILURE() << "expected a constant, got a distribution";
  return std::numeric_limits<double>::quiet_NaN();
}

void expect_distribution(const Number& number, std::string_view family,
                         const std::vector<double>& parameters) {
  const auto* distribution = std::get_if<Distribution>(&number);
  ASSERT_NE(distribution, nullptr) << "expected a distribution, got a constant";
  EXPECT_EQ(family_name(distribution->family), family);
  ASSERT_EQ(distribution->parameters.size(), parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    EXPECT_DOUBLE_EQ(distribution->parameters[i], parameters[i]) << "parameter " << i;
  }
}

std::string_view name_of(TriggerOutcome outcome) {
  switch (outcome) {
    case TriggerOutcome::failure:
      return "failure";
    case TriggerOutcome::success:
      return "success";
    case TriggerOutcome::any:
      return "any";
  }
  return "?";
}

std::string_view name_of(ChangeOperation operation) {
  switch (operation) {
    case ChangeOperation::set:
      return "set";
    case ChangeOperation::add:
      return "add";
    case ChangeOperation::scale:
      return "scale";
  }
  return "?";
}

// The keys every scenario needs but `journey`, so that a test writes only what it is about.
constexpr std::string_view kPreamble = R"(cxsim: 1
name: forms
simulation: {customers: 100, months: 24}
segments:
  - name: everyone
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 100}
)";

std::string scenario_with(std::string_view rest) {
  return std::string(kPreamble) + std::string(rest);
}

// One journey of two touchpoints for the fixes to change: signup, then support on failure.
constexpr std::string_view kTwoTouchpoints = R"(journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9, effort: 0.4}
    emotional: {tone: 0.1, recovery: 0.3}
  - id: support
    when: {after: signup, on: failure}
    functional: {success: 0.8}
    cost: 20
)";

std::string scenario_with_fixes(std::string_view fixes) {
  return scenario_with(std::string(kTwoTouchpoints) + std::string(fixes));
}

// ---------------------------------------------------------------------------------------------
// A minimal scenario: only the required keys, everything else takes the SPEC's default.

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
  EXPECT_DOUBLE_EQ(value_of(churn->monthly_churn), 0.02);
  EXPECT_DOUBLE_EQ(value_of(scenario.segments[0].revenue.monthly_mean), 50.0);
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
  EXPECT_DOUBLE_EQ(value_of(segment.sensitivity.functional), 1.0);
  EXPECT_DOUBLE_EQ(value_of(segment.sensitivity.emotional), 1.0);
  EXPECT_DOUBLE_EQ(value_of(segment.sensitivity.sensory), 1.0);
  EXPECT_DOUBLE_EQ(value_of(segment.initial_perception), 0.0);
  EXPECT_DOUBLE_EQ(value_of(segment.initial_trust), 0.9);
  EXPECT_DOUBLE_EQ(value_of(segment.revenue.monthly_sd), 0.0);
  EXPECT_DOUBLE_EQ(value_of(segment.revenue.gross_margin), 1.0);
}

TEST(MinimalScenario, TouchpointTakesDefaults) {
  const Scenario scenario = load_valid(kMinimal);
  ASSERT_EQ(scenario.journey.size(), 1u);
  const Touchpoint& touchpoint = scenario.journey[0];
  EXPECT_DOUBLE_EQ(value_of(touchpoint.functional.success), 1.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.functional.effort), 0.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.functional.delay), 0.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.emotional.tone), 0.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.emotional.tone_sd), 0.3);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.emotional.recovery), 0.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.emotional.communication), 0.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.sensory.polish), 0.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.sensory.polish_sd), 0.3);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.sensory.consistency), 1.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.weight), 1.0);
  EXPECT_DOUBLE_EQ(value_of(touchpoint.cost), 0.0);
  EXPECT_TRUE(touchpoint.controllable);
}

TEST(MinimalScenario, PerceptionTakesDefaults) {
  const PerceptionSettings perception = load_valid(kMinimal).perception;
  EXPECT_EQ(perception.model, "ewma");
  EXPECT_DOUBLE_EQ(value_of(perception.memory), 0.7);
  EXPECT_DOUBLE_EQ(value_of(perception.negativity_bias), 2.0);
  EXPECT_DOUBLE_EQ(value_of(perception.fade), 0.02);
  EXPECT_DOUBLE_EQ(value_of(perception.success_value), 0.2);
  EXPECT_DOUBLE_EQ(value_of(perception.recovery_ceiling), 0.8);
  EXPECT_DOUBLE_EQ(value_of(perception.trust_floor), 0.6);
  EXPECT_DOUBLE_EQ(value_of(perception.failure_gate), 0.1);
  EXPECT_DOUBLE_EQ(value_of(perception.delay_penalty), 0.5);
  EXPECT_DOUBLE_EQ(value_of(perception.trust_rate), 0.3);
}

TEST(MinimalScenario, RetentionTakesDefaults) {
  const RetentionSettings retention = load_valid(kMinimal).retention;
  EXPECT_DOUBLE_EQ(value_of(retention.perception_effect), 1.5);
  EXPECT_DOUBLE_EQ(value_of(retention.effort_effect), 0.5);
  EXPECT_DOUBLE_EQ(value_of(retention.defect_on_failure), 0.02);
}

TEST(MinimalScenario, RevenueFinanceAndSurveysTakeDefaults) {
  const Scenario scenario = load_valid(kMinimal);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.expansion.rate), 0.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.expansion.uplift), 0.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.referral.rate), 0.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.referral.value), 0.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.referral.promoter_threshold), 0.6);
  EXPECT_DOUBLE_EQ(value_of(scenario.finance.discount_rate), 0.10);
  EXPECT_TRUE(scenario.surveys.nps.months.empty());
  EXPECT_DOUBLE_EQ(value_of(scenario.surveys.nps.response_rate), 1.0);
}

TEST(MinimalScenario, HasNoFixesAndNoCombinations) {
  const Scenario scenario = load_valid(kMinimal);
  EXPECT_TRUE(scenario.fixes.empty());
  EXPECT_TRUE(scenario.scenarios.empty());
}

// ---------------------------------------------------------------------------------------------
// Every key set to a value other than its default, once in block style and once in flow style.

constexpr std::string_view kEveryKeyBlock = R"(cxsim: 1
name: Every key
description: All keys set in block style
simulation:
  customers: 5000
  months: 36
  replications: 8
  seed: 42
  confidence: 0.9
population:
  size: 1500000
segments:
  - name: smb
    share: 0.7
    retention:
      model: sbg
      alpha: 0.7
      beta: 3.8
      tenure: 6
    revenue:
      monthly_mean: 300
      monthly_sd: 120
      gross_margin: 0.8
    sensitivity:
      functional: 1.2
      emotional: 0.8
      sensory: 0.5
    initial_perception: 0.1
    initial_trust: 0.75
  - name: enterprise
    share: 0.3
    retention:
      model: constant
      monthly_churn: 0.01
    revenue:
      monthly_mean: 2000
journey:
  - id: signup
    when:
      month: 2
    functional:
      success: 0.93
      effort: 0.4
      delay: 0.1
    emotional:
      tone: 0.2
      tone_sd: 0.15
      recovery: 0.5
      communication: 0.6
    sensory:
      polish: 0.3
      polish_sd: 0.1
      consistency: 0.85
    weight: 2
    cost: 15
    controllable: false
  - id: support
    when:
      after: signup
      on: failure
      probability: 0.7
      delay: 1
    functional:
      success: 0.8
    cost: 40
perception:
  model: peak_end
  memory: 0.6
  negativity_bias: 2.5
  fade: 0.05
  success_value: 0.3
  recovery_ceiling: 0.7
  trust_floor: 0.5
  failure_gate: 0.2
  delay_penalty: 0.4
  trust_rate: 0.25
retention:
  perception_effect: 1.2
  effort_effect: 0.4
  defect_on_failure: 0.03
revenue:
  expansion:
    rate: 0.01
    uplift: 0.1
  referral:
    rate: 0.005
    value: 800
    promoter_threshold: 0.7
finance:
  discount_rate: 0.08
surveys:
  nps:
    months: [6, 12, 18]
    response_rate: 0.2
fixes:
  - id: reliable_signup
    description: Better recovery at signup and a stronger support desk
    changes:
      - touchpoint: signup
        add:
          emotional.recovery: 0.2
      - touchpoint: support
        set:
          functional.success: 0.95
    add_touchpoints:
      - id: outreach
        when:
          after: signup
          on: failure
        emotional:
          communication: 0.8
        cost: 5
    cost:
      one_time: 120000
      monthly: 2000
    start_month: 3
    ramp_months: 2
  - id: cheaper_support
    changes:
      - touchpoint: support
        scale:
          cost: 0.5
scenarios:
  - id: both
    fixes:
      - reliable_signup
      - cheaper_support
)";

constexpr std::string_view kEveryKeyFlow = R"({cxsim: 1, name: Every key,
 description: All keys set in flow style,
 simulation: {customers: 5000, months: 36, replications: 8, seed: 42, confidence: 0.9},
 population: {size: 1500000},
 segments: [
   {name: smb, share: 0.7, retention: {model: sbg, alpha: 0.7, beta: 3.8, tenure: 6},
    revenue: {monthly_mean: 300, monthly_sd: 120, gross_margin: 0.8},
    sensitivity: {functional: 1.2, emotional: 0.8, sensory: 0.5},
    initial_perception: 0.1, initial_trust: 0.75},
   {name: enterprise, share: 0.3, retention: {model: constant, monthly_churn: 0.01},
    revenue: {monthly_mean: 2000}}],
 journey: [
   {id: signup, when: {month: 2}, functional: {success: 0.93, effort: 0.4, delay: 0.1},
    emotional: {tone: 0.2, tone_sd: 0.15, recovery: 0.5, communication: 0.6},
    sensory: {polish: 0.3, polish_sd: 0.1, consistency: 0.85},
    weight: 2, cost: 15, controllable: false},
   {id: support, when: {after: signup, on: failure, probability: 0.7, delay: 1},
    functional: {success: 0.8}, cost: 40}],
 perception: {model: peak_end, memory: 0.6, negativity_bias: 2.5, fade: 0.05,
   success_value: 0.3, recovery_ceiling: 0.7, trust_floor: 0.5, failure_gate: 0.2,
   delay_penalty: 0.4, trust_rate: 0.25},
 retention: {perception_effect: 1.2, effort_effect: 0.4, defect_on_failure: 0.03},
 revenue: {expansion: {rate: 0.01, uplift: 0.1},
   referral: {rate: 0.005, value: 800, promoter_threshold: 0.7}},
 finance: {discount_rate: 0.08},
 surveys: {nps: {months: [6, 12, 18], response_rate: 0.2}},
 fixes: [
   {id: reliable_signup,
    description: Better recovery at signup and a stronger support desk,
    changes: [{touchpoint: signup, add: {emotional.recovery: 0.2}},
              {touchpoint: support, set: {functional.success: 0.95}}],
    add_touchpoints: [{id: outreach, when: {after: signup, on: failure},
                       emotional: {communication: 0.8}, cost: 5}],
    cost: {one_time: 120000, monthly: 2000}, start_month: 3, ramp_months: 2},
   {id: cheaper_support, changes: [{touchpoint: support, scale: {cost: 0.5}}]}],
 scenarios: [{id: both, fixes: [reliable_signup, cheaper_support]}]}
)";

void expect_every_key_set(const Scenario& scenario) {
  EXPECT_EQ(scenario.name, "Every key");
  EXPECT_EQ(scenario.simulation.customers, 5000);
  EXPECT_EQ(scenario.simulation.months, 36);
  EXPECT_EQ(scenario.simulation.replications, 8);
  EXPECT_EQ(scenario.simulation.seed, 42);
  EXPECT_DOUBLE_EQ(scenario.simulation.confidence, 0.9);
  ASSERT_TRUE(scenario.population.size.has_value());
  EXPECT_EQ(*scenario.population.size, 1500000);

  ASSERT_EQ(scenario.segments.size(), 2u);
  const Segment& smb = scenario.segments[0];
  EXPECT_EQ(smb.name, "smb");
  EXPECT_DOUBLE_EQ(smb.share, 0.7);
  const auto* sbg = std::get_if<ShiftedBetaGeometric>(&smb.retention);
  ASSERT_NE(sbg, nullptr);
  EXPECT_DOUBLE_EQ(value_of(sbg->alpha), 0.7);
  EXPECT_DOUBLE_EQ(value_of(sbg->beta), 3.8);
  EXPECT_EQ(sbg->tenure, 6);
  EXPECT_DOUBLE_EQ(value_of(smb.revenue.monthly_mean), 300.0);
  EXPECT_DOUBLE_EQ(value_of(smb.revenue.monthly_sd), 120.0);
  EXPECT_DOUBLE_EQ(value_of(smb.revenue.gross_margin), 0.8);
  EXPECT_DOUBLE_EQ(value_of(smb.sensitivity.functional), 1.2);
  EXPECT_DOUBLE_EQ(value_of(smb.sensitivity.emotional), 0.8);
  EXPECT_DOUBLE_EQ(value_of(smb.sensitivity.sensory), 0.5);
  EXPECT_DOUBLE_EQ(value_of(smb.initial_perception), 0.1);
  EXPECT_DOUBLE_EQ(value_of(smb.initial_trust), 0.75);
  const Segment& enterprise = scenario.segments[1];
  EXPECT_EQ(enterprise.name, "enterprise");
  EXPECT_DOUBLE_EQ(enterprise.share, 0.3);
  const auto* constant = std::get_if<ConstantChurn>(&enterprise.retention);
  ASSERT_NE(constant, nullptr);
  EXPECT_DOUBLE_EQ(value_of(constant->monthly_churn), 0.01);
  EXPECT_DOUBLE_EQ(value_of(enterprise.revenue.monthly_mean), 2000.0);

  ASSERT_EQ(scenario.journey.size(), 2u);
  const Touchpoint& signup = scenario.journey[0];
  EXPECT_EQ(signup.id, "signup");
  const auto* at = std::get_if<AtMonth>(&signup.when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->month, 2);
  EXPECT_DOUBLE_EQ(value_of(signup.functional.success), 0.93);
  EXPECT_DOUBLE_EQ(value_of(signup.functional.effort), 0.4);
  EXPECT_DOUBLE_EQ(value_of(signup.functional.delay), 0.1);
  EXPECT_DOUBLE_EQ(value_of(signup.emotional.tone), 0.2);
  EXPECT_DOUBLE_EQ(value_of(signup.emotional.tone_sd), 0.15);
  EXPECT_DOUBLE_EQ(value_of(signup.emotional.recovery), 0.5);
  EXPECT_DOUBLE_EQ(value_of(signup.emotional.communication), 0.6);
  EXPECT_DOUBLE_EQ(value_of(signup.sensory.polish), 0.3);
  EXPECT_DOUBLE_EQ(value_of(signup.sensory.polish_sd), 0.1);
  EXPECT_DOUBLE_EQ(value_of(signup.sensory.consistency), 0.85);
  EXPECT_DOUBLE_EQ(value_of(signup.weight), 2.0);
  EXPECT_DOUBLE_EQ(value_of(signup.cost), 15.0);
  EXPECT_FALSE(signup.controllable);
  const Touchpoint& support = scenario.journey[1];
  EXPECT_EQ(support.id, "support");
  const auto* trigger = std::get_if<Trigger>(&support.when);
  ASSERT_NE(trigger, nullptr);
  EXPECT_EQ(trigger->after, "signup");
  EXPECT_EQ(name_of(trigger->on), "failure");
  EXPECT_DOUBLE_EQ(value_of(trigger->probability), 0.7);
  EXPECT_EQ(trigger->delay, 1);
  EXPECT_DOUBLE_EQ(value_of(support.functional.success), 0.8);
  EXPECT_DOUBLE_EQ(value_of(support.cost), 40.0);
  EXPECT_TRUE(support.controllable);

  const PerceptionSettings& perception = scenario.perception;
  EXPECT_EQ(perception.model, "peak_end");
  EXPECT_DOUBLE_EQ(value_of(perception.memory), 0.6);
  EXPECT_DOUBLE_EQ(value_of(perception.negativity_bias), 2.5);
  EXPECT_DOUBLE_EQ(value_of(perception.fade), 0.05);
  EXPECT_DOUBLE_EQ(value_of(perception.success_value), 0.3);
  EXPECT_DOUBLE_EQ(value_of(perception.recovery_ceiling), 0.7);
  EXPECT_DOUBLE_EQ(value_of(perception.trust_floor), 0.5);
  EXPECT_DOUBLE_EQ(value_of(perception.failure_gate), 0.2);
  EXPECT_DOUBLE_EQ(value_of(perception.delay_penalty), 0.4);
  EXPECT_DOUBLE_EQ(value_of(perception.trust_rate), 0.25);

  EXPECT_DOUBLE_EQ(value_of(scenario.retention.perception_effect), 1.2);
  EXPECT_DOUBLE_EQ(value_of(scenario.retention.effort_effect), 0.4);
  EXPECT_DOUBLE_EQ(value_of(scenario.retention.defect_on_failure), 0.03);

  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.expansion.rate), 0.01);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.expansion.uplift), 0.1);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.referral.rate), 0.005);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.referral.value), 800.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.referral.promoter_threshold), 0.7);
  EXPECT_DOUBLE_EQ(value_of(scenario.finance.discount_rate), 0.08);
  EXPECT_EQ(scenario.surveys.nps.months, (std::vector<int>{6, 12, 18}));
  EXPECT_DOUBLE_EQ(value_of(scenario.surveys.nps.response_rate), 0.2);

  ASSERT_EQ(scenario.fixes.size(), 2u);
  const Fix& reliable = scenario.fixes[0];
  EXPECT_EQ(reliable.id, "reliable_signup");
  EXPECT_EQ(reliable.description, "Better recovery at signup and a stronger support desk");
  ASSERT_EQ(reliable.changes.size(), 2u);
  EXPECT_EQ(reliable.changes[0].touchpoint, "signup");
  EXPECT_EQ(name_of(reliable.changes[0].operation), "add");
  ASSERT_EQ(reliable.changes[0].parameters.size(), 1u);
  EXPECT_EQ(reliable.changes[0].parameters[0].parameter, "emotional.recovery");
  EXPECT_DOUBLE_EQ(value_of(reliable.changes[0].parameters[0].value), 0.2);
  EXPECT_EQ(reliable.changes[1].touchpoint, "support");
  EXPECT_EQ(name_of(reliable.changes[1].operation), "set");
  ASSERT_EQ(reliable.changes[1].parameters.size(), 1u);
  EXPECT_EQ(reliable.changes[1].parameters[0].parameter, "functional.success");
  EXPECT_DOUBLE_EQ(value_of(reliable.changes[1].parameters[0].value), 0.95);
  ASSERT_EQ(reliable.add_touchpoints.size(), 1u);
  const Touchpoint& outreach = reliable.add_touchpoints[0];
  EXPECT_EQ(outreach.id, "outreach");
  const auto* outreach_trigger = std::get_if<Trigger>(&outreach.when);
  ASSERT_NE(outreach_trigger, nullptr);
  EXPECT_EQ(outreach_trigger->after, "signup");
  EXPECT_EQ(name_of(outreach_trigger->on), "failure");
  EXPECT_DOUBLE_EQ(value_of(outreach.emotional.communication), 0.8);
  EXPECT_DOUBLE_EQ(value_of(outreach.cost), 5.0);
  EXPECT_DOUBLE_EQ(value_of(reliable.cost.one_time), 120000.0);
  EXPECT_DOUBLE_EQ(value_of(reliable.cost.monthly), 2000.0);
  EXPECT_EQ(reliable.start_month, 3);
  EXPECT_EQ(reliable.ramp_months, 2);
  const Fix& cheaper = scenario.fixes[1];
  EXPECT_EQ(cheaper.id, "cheaper_support");
  ASSERT_EQ(cheaper.changes.size(), 1u);
  EXPECT_EQ(cheaper.changes[0].touchpoint, "support");
  EXPECT_EQ(name_of(cheaper.changes[0].operation), "scale");
  ASSERT_EQ(cheaper.changes[0].parameters.size(), 1u);
  EXPECT_EQ(cheaper.changes[0].parameters[0].parameter, "cost");
  EXPECT_DOUBLE_EQ(value_of(cheaper.changes[0].parameters[0].value), 0.5);

  ASSERT_EQ(scenario.scenarios.size(), 1u);
  EXPECT_EQ(scenario.scenarios[0].id, "both");
  EXPECT_EQ(scenario.scenarios[0].fixes,
            (std::vector<std::string>{"reliable_signup", "cheaper_support"}));
}

TEST(EveryKey, BlockStyleSetsEveryField) {
  const Scenario scenario = load_valid(kEveryKeyBlock);
  EXPECT_EQ(scenario.description, "All keys set in block style");
  expect_every_key_set(scenario);
}

TEST(EveryKey, FlowStyleSetsEveryField) {
  const Scenario scenario = load_valid(kEveryKeyFlow);
  EXPECT_EQ(scenario.description, "All keys set in flow style");
  expect_every_key_set(scenario);
}

// ---------------------------------------------------------------------------------------------
// Schedules (`when`).

TEST(Schedule, MonthIsOnceAtThatMonth) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: renewal
    when: {month: 11}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* at = std::get_if<AtMonth>(&scenario.journey[0].when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->month, 11);
}

TEST(Schedule, MonthsListsEachMonthInFileOrder) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: review
    when: {months: [12, 1, 6]}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* at = std::get_if<AtMonths>(&scenario.journey[0].when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->months, (std::vector<int>{12, 1, 6}));
}

TEST(Schedule, MonthsMayListASingleMonthInBlockStyle) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: review
    when:
      months:
        - 3
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* at = std::get_if<AtMonths>(&scenario.journey[0].when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->months, (std::vector<int>{3}));
}

TEST(Schedule, EveryWithStart) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: invoice
    when: {every: 3, start: 2}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* every = std::get_if<EveryMonths>(&scenario.journey[0].when);
  ASSERT_NE(every, nullptr);
  EXPECT_EQ(every->every, 3);
  EXPECT_EQ(every->start, 2);
}

TEST(Schedule, EveryAloneStartsAtMonthZero) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: invoice
    when: {every: 4}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* every = std::get_if<EveryMonths>(&scenario.journey[0].when);
  ASSERT_NE(every, nullptr);
  EXPECT_EQ(every->every, 4);
  EXPECT_EQ(every->start, 0);
}

TEST(Schedule, EveryInBlockStyle) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: invoice
    when:
      start: 1
      every: 6
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* every = std::get_if<EveryMonths>(&scenario.journey[0].when);
  ASSERT_NE(every, nullptr);
  EXPECT_EQ(every->every, 6);
  EXPECT_EQ(every->start, 1);
}

TEST(Schedule, RateIsAPoissonCountPerMonth) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: ticket
    when: {rate: 0.25}
  - id: login
    when: {rate: 4}
)"));
  ASSERT_EQ(scenario.journey.size(), 2u);
  const auto* ticket = std::get_if<PoissonRate>(&scenario.journey[0].when);
  ASSERT_NE(ticket, nullptr);
  EXPECT_DOUBLE_EQ(value_of(ticket->rate), 0.25);
  const auto* login = std::get_if<PoissonRate>(&scenario.journey[1].when);
  ASSERT_NE(login, nullptr);
  EXPECT_DOUBLE_EQ(value_of(login->rate), 4.0);
}

TEST(Schedule, RateMayBeADistribution) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: ticket
    when: {rate: {uniform: [0.1, 0.3]}}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  const auto* rate = std::get_if<PoissonRate>(&scenario.journey[0].when);
  ASSERT_NE(rate, nullptr);
  expect_distribution(rate->rate, "uniform", {0.1, 0.3});
}

TEST(Schedule, AfterOnFailureWithProbabilityAndDelay) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9}
  - id: support
    when: {after: signup, on: failure, probability: 0.7, delay: 2}
)"));
  ASSERT_EQ(scenario.journey.size(), 2u);
  const auto* trigger = std::get_if<Trigger>(&scenario.journey[1].when);
  ASSERT_NE(trigger, nullptr);
  EXPECT_EQ(trigger->after, "signup");
  EXPECT_EQ(name_of(trigger->on), "failure");
  EXPECT_DOUBLE_EQ(value_of(trigger->probability), 0.7);
  EXPECT_EQ(trigger->delay, 2);
}

TEST(Schedule, AfterOnSuccess) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
  - id: welcome
    when: {after: signup, on: success, probability: 0.5}
)"));
  ASSERT_EQ(scenario.journey.size(), 2u);
  const auto* trigger = std::get_if<Trigger>(&scenario.journey[1].when);
  ASSERT_NE(trigger, nullptr);
  EXPECT_EQ(trigger->after, "signup");
  EXPECT_EQ(name_of(trigger->on), "success");
  EXPECT_DOUBLE_EQ(value_of(trigger->probability), 0.5);
  EXPECT_EQ(trigger->delay, 0);
}

TEST(Schedule, AfterOnAny) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
  - id: survey
    when: {after: signup, on: any, delay: 1}
)"));
  ASSERT_EQ(scenario.journey.size(), 2u);
  const auto* trigger = std::get_if<Trigger>(&scenario.journey[1].when);
  ASSERT_NE(trigger, nullptr);
  EXPECT_EQ(name_of(trigger->on), "any");
  EXPECT_DOUBLE_EQ(value_of(trigger->probability), 1.0);
  EXPECT_EQ(trigger->delay, 1);
}

TEST(Schedule, AfterAloneIsOnAnyWithProbabilityOneAndNoDelay) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
  - id: follow_up
    when: {after: signup}
)"));
  ASSERT_EQ(scenario.journey.size(), 2u);
  const auto* trigger = std::get_if<Trigger>(&scenario.journey[1].when);
  ASSERT_NE(trigger, nullptr);
  EXPECT_EQ(trigger->after, "signup");
  EXPECT_EQ(name_of(trigger->on), "any");
  EXPECT_DOUBLE_EQ(value_of(trigger->probability), 1.0);
  EXPECT_EQ(trigger->delay, 0);
}

TEST(Schedule, TriggersMayChain) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: order
    when: {every: 1}
  - id: complaint
    when: {after: order, on: failure, probability: 0.4}
  - id: callback
    when:
      after: complaint
      on: any
      delay: 1
)"));
  ASSERT_EQ(scenario.journey.size(), 3u);
  const auto* complaint = std::get_if<Trigger>(&scenario.journey[1].when);
  ASSERT_NE(complaint, nullptr);
  EXPECT_EQ(complaint->after, "order");
  const auto* callback = std::get_if<Trigger>(&scenario.journey[2].when);
  ASSERT_NE(callback, nullptr);
  EXPECT_EQ(callback->after, "complaint");
  EXPECT_EQ(name_of(callback->on), "any");
  EXPECT_EQ(callback->delay, 1);
}

TEST(Schedule, TriggerProbabilityMayBeADistribution) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
  - id: support
    when: {after: signup, on: failure, probability: {beta: [7, 3]}}
)"));
  ASSERT_EQ(scenario.journey.size(), 2u);
  const auto* trigger = std::get_if<Trigger>(&scenario.journey[1].when);
  ASSERT_NE(trigger, nullptr);
  expect_distribution(trigger->probability, "beta", {7.0, 3.0});
}

// ---------------------------------------------------------------------------------------------
// Segment retention models.

TEST(SegmentRetention, ConstantChurn) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: constant
simulation: {customers: 100, months: 12}
segments:
  - name: everyone
    retention: {model: constant, monthly_churn: 0.035}
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* constant = std::get_if<ConstantChurn>(&scenario.segments[0].retention);
  ASSERT_NE(constant, nullptr);
  EXPECT_DOUBLE_EQ(value_of(constant->monthly_churn), 0.035);
}

TEST(SegmentRetention, ShiftedBetaGeometricWithTenure) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: sbg with tenure
simulation: {customers: 100, months: 12}
segments:
  - name: survivors
    retention:
      model: sbg
      alpha: 0.7
      beta: 3.8
      tenure: 12
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* sbg = std::get_if<ShiftedBetaGeometric>(&scenario.segments[0].retention);
  ASSERT_NE(sbg, nullptr);
  EXPECT_DOUBLE_EQ(value_of(sbg->alpha), 0.7);
  EXPECT_DOUBLE_EQ(value_of(sbg->beta), 3.8);
  EXPECT_EQ(sbg->tenure, 12);
}

TEST(SegmentRetention, ShiftedBetaGeometricWithoutTenureIsANewCohort) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: sbg new cohort
simulation: {customers: 100, months: 12}
segments:
  - name: new
    retention: {model: sbg, alpha: 1.2, beta: 5}
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* sbg = std::get_if<ShiftedBetaGeometric>(&scenario.segments[0].retention);
  ASSERT_NE(sbg, nullptr);
  EXPECT_DOUBLE_EQ(value_of(sbg->alpha), 1.2);
  EXPECT_DOUBLE_EQ(value_of(sbg->beta), 5.0);
  EXPECT_EQ(sbg->tenure, 0);
}

TEST(SegmentRetention, ShiftedBetaGeometricParametersMayBeDistributions) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: uncertain sbg
simulation: {customers: 100, months: 12}
segments:
  - name: everyone
    retention:
      model: sbg
      alpha: {lognormal: {mean: 0.7, sd: 0.1}}
      beta: {uniform: [3, 4.5]}
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* sbg = std::get_if<ShiftedBetaGeometric>(&scenario.segments[0].retention);
  ASSERT_NE(sbg, nullptr);
  expect_distribution(sbg->alpha, "lognormal", {0.7, 0.1});
  expect_distribution(sbg->beta, "uniform", {3.0, 4.5});
}

// ---------------------------------------------------------------------------------------------
// Distributions in a number's place.

TEST(Distribution, UniformInABoundedKey) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    functional: {success: {uniform: [0.8, 0.95]}}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  expect_distribution(scenario.journey[0].functional.success, "uniform", {0.8, 0.95});
}

TEST(Distribution, NormalInAnUnboundedKey) {
  const Scenario scenario = load_valid(scenario_with(R"(journey: []
retention: {perception_effect: {normal: [1.5, 0.3]}, effort_effect: {normal: [-0.2, 0.1]}}
)"));
  expect_distribution(scenario.retention.perception_effect, "normal", {1.5, 0.3});
  expect_distribution(scenario.retention.effort_effect, "normal", {-0.2, 0.1});
}

TEST(Distribution, Beta) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    functional: {effort: {beta: [2, 5]}}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  expect_distribution(scenario.journey[0].functional.effort, "beta", {2.0, 5.0});
}

TEST(Distribution, TriangularKeepsLowModeHighOrder) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    emotional: {tone: {triangular: [-0.2, 0.1, 0.4]}}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  expect_distribution(scenario.journey[0].emotional.tone, "triangular", {-0.2, 0.1, 0.4});
}

TEST(Distribution, LognormalStoresMeanThenSd) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    cost: {lognormal: {mean: 15, sd: 4}}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  expect_distribution(scenario.journey[0].cost, "lognormal", {15.0, 4.0});
}

TEST(Distribution, LognormalNamedParametersMayComeInAnyOrder) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    cost: {lognormal: {sd: 4, mean: 15}}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  expect_distribution(scenario.journey[0].cost, "lognormal", {15.0, 4.0});
}

TEST(Distribution, WrittenInBlockStyle) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    functional:
      success:
        triangular:
          - 0.85
          - 0.9
          - 0.97
    cost:
      lognormal:
        mean: 15
        sd: 4
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  expect_distribution(scenario.journey[0].functional.success, "triangular", {0.85, 0.9, 0.97});
  expect_distribution(scenario.journey[0].cost, "lognormal", {15.0, 4.0});
}

TEST(Distribution, ParametersAcceptEveryNumberSpelling) {
  const Scenario scenario = load_valid(scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    cost: {uniform: [1e1, "20.5"]}
    weight: {triangular: [+0, 1, 2.0]}
)"));
  ASSERT_EQ(scenario.journey.size(), 1u);
  expect_distribution(scenario.journey[0].cost, "uniform", {10.0, 20.5});
  expect_distribution(scenario.journey[0].weight, "triangular", {0.0, 1.0, 2.0});
}

TEST(Distribution, AcceptedInEverySectionOfNumbers) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: uncertain everywhere
simulation: {customers: 100, months: 12}
segments:
  - name: everyone
    retention: {model: constant, monthly_churn: {beta: [2, 98]}}
    revenue:
      monthly_mean: {lognormal: {mean: 300, sd: 50}}
      gross_margin: {uniform: [0.7, 0.9]}
    sensitivity: {emotional: {triangular: [0.5, 1, 1.5]}}
    initial_trust: {beta: [9, 1]}
journey:
  - id: signup
    when: {month: 0}
perception: {memory: {uniform: [0.6, 0.8]}}
revenue: {referral: {value: {lognormal: {mean: 800, sd: 200}}}}
finance: {discount_rate: {triangular: [0.05, 0.08, 0.12]}}
surveys: {nps: {months: [6], response_rate: {beta: [2, 8]}}}
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const Segment& segment = scenario.segments[0];
  const auto* constant = std::get_if<ConstantChurn>(&segment.retention);
  ASSERT_NE(constant, nullptr);
  expect_distribution(constant->monthly_churn, "beta", {2.0, 98.0});
  expect_distribution(segment.revenue.monthly_mean, "lognormal", {300.0, 50.0});
  expect_distribution(segment.revenue.gross_margin, "uniform", {0.7, 0.9});
  expect_distribution(segment.sensitivity.emotional, "triangular", {0.5, 1.0, 1.5});
  expect_distribution(segment.initial_trust, "beta", {9.0, 1.0});
  expect_distribution(scenario.perception.memory, "uniform", {0.6, 0.8});
  expect_distribution(scenario.revenue.referral.value, "lognormal", {800.0, 200.0});
  expect_distribution(scenario.finance.discount_rate, "triangular", {0.05, 0.08, 0.12});
  expect_distribution(scenario.surveys.nps.response_rate, "beta", {2.0, 8.0});
}

// ---------------------------------------------------------------------------------------------
// Fixes and combinations.

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
  EXPECT_DOUBLE_EQ(value_of(change.parameters[0].value), 0.5);
  EXPECT_EQ(change.parameters[1].parameter, "functional.success");
  EXPECT_DOUBLE_EQ(value_of(change.parameters[1].value), 0.99);
  EXPECT_EQ(change.parameters[2].parameter, "emotional.tone");
  EXPECT_DOUBLE_EQ(value_of(change.parameters[2].value), 0.4);
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
  EXPECT_DOUBLE_EQ(value_of(change.parameters[0].value), 0.2);
  EXPECT_EQ(change.parameters[1].parameter, "emotional.recovery");
  EXPECT_DOUBLE_EQ(value_of(change.parameters[1].value), 0.4);
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
  EXPECT_DOUBLE_EQ(value_of(change.parameters[0].value), 0.5);
  EXPECT_EQ(change.parameters[1].parameter, "weight");
  EXPECT_DOUBLE_EQ(value_of(change.parameters[1].value), 1.5);
  EXPECT_EQ(change.parameters[2].parameter, "cost");
  EXPECT_DOUBLE_EQ(value_of(change.parameters[2].value), 0.0);
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
    EXPECT_DOUBLE_EQ(value_of(parameters[i].value), values[i]) << names[i];
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
  EXPECT_EQ(trigger->after, "signup");
  EXPECT_EQ(name_of(trigger->on), "failure");
  EXPECT_DOUBLE_EQ(value_of(trigger->probability), 0.9);
  EXPECT_DOUBLE_EQ(value_of(outreach.functional.success), 0.95);
  EXPECT_DOUBLE_EQ(value_of(outreach.functional.effort), 0.1);
  EXPECT_DOUBLE_EQ(value_of(outreach.emotional.tone), 0.5);
  EXPECT_DOUBLE_EQ(value_of(outreach.emotional.recovery), 0.7);
  EXPECT_DOUBLE_EQ(value_of(outreach.emotional.communication), 0.8);
  EXPECT_DOUBLE_EQ(value_of(outreach.sensory.polish), 0.2);
  EXPECT_DOUBLE_EQ(value_of(outreach.sensory.polish_sd), 0.3);
  EXPECT_DOUBLE_EQ(value_of(outreach.weight), 1.5);
  EXPECT_DOUBLE_EQ(value_of(outreach.cost), 12.0);
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
  EXPECT_DOUBLE_EQ(value_of(scenario.fixes[0].cost.one_time), 120000.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.fixes[0].cost.monthly), 2000.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.fixes[1].cost.one_time), 5000.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.fixes[1].cost.monthly), 0.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.fixes[2].cost.one_time), 0.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.fixes[2].cost.monthly), 750.0);
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
  EXPECT_DOUBLE_EQ(value_of(fix.cost.one_time), 0.0);
  EXPECT_DOUBLE_EQ(value_of(fix.cost.monthly), 0.0);
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

// ---------------------------------------------------------------------------------------------
// How numbers and flags may be spelled.

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
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].functional.success), 0.5);
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].functional.effort), 0.25);
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
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].emotional.tone), 1.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.retention.perception_effect), 1.25);
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
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].emotional.tone), -0.5);
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].sensory.polish), -1.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].cost), 150.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.retention.effort_effect), -0.25);
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
  EXPECT_DOUBLE_EQ(value_of(scenario.perception.memory), 0.7);
  EXPECT_DOUBLE_EQ(value_of(scenario.perception.negativity_bias), 2.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.perception.trust_rate), 0.3);
  EXPECT_DOUBLE_EQ(value_of(scenario.retention.perception_effect), 1.5);
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
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].functional.success), 1.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].emotional.tone_sd), 0.3);
  EXPECT_DOUBLE_EQ(value_of(scenario.journey[0].sensory.consistency), 1.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.retention.defect_on_failure), 0.02);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.expansion.rate), 0.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.revenue.referral.promoter_threshold), 0.6);
  EXPECT_DOUBLE_EQ(value_of(scenario.finance.discount_rate), 0.10);
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
  EXPECT_DOUBLE_EQ(value_of(scenario.segments[0].sensitivity.functional), 1.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.segments[0].sensitivity.emotional), 1.0);
  EXPECT_DOUBLE_EQ(value_of(scenario.segments[0].sensitivity.sensory), 1.0);
}

TEST(NullSection, EmptyJourneyListIsAllowed) {
  const Scenario scenario = load_valid(scenario_with("journey: []\n"));
  EXPECT_TRUE(scenario.journey.empty());
}

// ---------------------------------------------------------------------------------------------
// The source map: where each scenario path was written.

// Line 16 holds `      success: 0.8` (value at column 16); line 11 holds the flow mapping
// `    functional: {success: 0.9}` (value at column 27).
constexpr std::string_view kLocated = R"(cxsim: 1
name: located
simulation: {customers: 10, months: 12}
segments:
  - name: all
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 100}
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9}
  - id: support
    when: {after: signup, on: failure}
    functional:
      effort: 0.3
      success: 0.8
)";

TEST(SourceMap, LocatesABlockStyleValue) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const SourceLocation location = loaded.source_map.locate("journey[1].functional.success");
  EXPECT_EQ(location.line, 16);
  EXPECT_EQ(location.column, 16);
}

TEST(SourceMap, LocatesAFlowStyleValue) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const SourceLocation location = loaded.source_map.locate("journey[0].functional.success");
  EXPECT_EQ(location.line, 11);
  EXPECT_EQ(location.column, 27);
}

TEST(SourceMap, LocatesListItemsAndSections) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const SourceLocation item = loaded.source_map.locate("journey[1]");
  EXPECT_EQ(item.line, 12);
  EXPECT_EQ(item.column, 5);
  const SourceLocation when = loaded.source_map.locate("journey[1].when.on");
  EXPECT_EQ(when.line, 13);
  EXPECT_EQ(when.column, 31);
  const SourceLocation churn = loaded.source_map.locate("segments[0].retention.monthly_churn");
  EXPECT_EQ(churn.line, 6);
  EXPECT_EQ(churn.column, 49);
}

TEST(SourceMap, AnUnwrittenKeyIsLocatedAtItsSection) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  // `delay` is not written: it lives where journey[1].functional starts (`effort`, line 15).
  const SourceLocation location = loaded.source_map.locate("journey[1].functional.delay");
  EXPECT_EQ(location.line, 15);
  EXPECT_EQ(location.column, 7);
}

TEST(SourceMap, KnowsItsFile) {
  const LoadedScenario loaded = load_scenario_text(kLocated, "saas.yaml");
  EXPECT_EQ(loaded.source_map.file(), "saas.yaml");
}

}  // namespace
}  // namespace cxsim
