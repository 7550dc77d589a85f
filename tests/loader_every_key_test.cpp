// Every scenario key set to a value other than its default, in block and in flow style, read
// back field by field.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::constant_of;
using testing::load_valid;
using testing::name_of;

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
  EXPECT_DOUBLE_EQ(constant_of(sbg->alpha), 0.7);
  EXPECT_DOUBLE_EQ(constant_of(sbg->beta), 3.8);
  EXPECT_EQ(sbg->tenure, 6);
  EXPECT_DOUBLE_EQ(constant_of(smb.revenue.monthly_mean), 300.0);
  EXPECT_DOUBLE_EQ(constant_of(smb.revenue.monthly_sd), 120.0);
  EXPECT_DOUBLE_EQ(constant_of(smb.revenue.gross_margin), 0.8);
  EXPECT_DOUBLE_EQ(constant_of(smb.sensitivity.functional), 1.2);
  EXPECT_DOUBLE_EQ(constant_of(smb.sensitivity.emotional), 0.8);
  EXPECT_DOUBLE_EQ(constant_of(smb.sensitivity.sensory), 0.5);
  EXPECT_DOUBLE_EQ(constant_of(smb.initial_perception), 0.1);
  EXPECT_DOUBLE_EQ(constant_of(smb.initial_trust), 0.75);
  const Segment& enterprise = scenario.segments[1];
  EXPECT_EQ(enterprise.name, "enterprise");
  EXPECT_DOUBLE_EQ(enterprise.share, 0.3);
  const auto* constant = std::get_if<ConstantChurn>(&enterprise.retention);
  ASSERT_NE(constant, nullptr);
  EXPECT_DOUBLE_EQ(constant_of(constant->monthly_churn), 0.01);
  EXPECT_DOUBLE_EQ(constant_of(enterprise.revenue.monthly_mean), 2000.0);

  ASSERT_EQ(scenario.journey.size(), 2u);
  const Touchpoint& signup = scenario.journey[0];
  EXPECT_EQ(signup.id, "signup");
  const auto* at = std::get_if<AtMonth>(&signup.when);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->month, 2);
  EXPECT_DOUBLE_EQ(constant_of(signup.functional.success), 0.93);
  EXPECT_DOUBLE_EQ(constant_of(signup.functional.effort), 0.4);
  EXPECT_DOUBLE_EQ(constant_of(signup.functional.delay), 0.1);
  EXPECT_DOUBLE_EQ(constant_of(signup.emotional.tone), 0.2);
  EXPECT_DOUBLE_EQ(constant_of(signup.emotional.tone_sd), 0.15);
  EXPECT_DOUBLE_EQ(constant_of(signup.emotional.recovery), 0.5);
  EXPECT_DOUBLE_EQ(constant_of(signup.emotional.communication), 0.6);
  EXPECT_DOUBLE_EQ(constant_of(signup.sensory.polish), 0.3);
  EXPECT_DOUBLE_EQ(constant_of(signup.sensory.polish_sd), 0.1);
  EXPECT_DOUBLE_EQ(constant_of(signup.sensory.consistency), 0.85);
  EXPECT_DOUBLE_EQ(constant_of(signup.weight), 2.0);
  EXPECT_DOUBLE_EQ(constant_of(signup.cost), 15.0);
  EXPECT_FALSE(signup.controllable);
  const Touchpoint& support = scenario.journey[1];
  EXPECT_EQ(support.id, "support");
  const auto* trigger = std::get_if<Trigger>(&support.when);
  ASSERT_NE(trigger, nullptr);
  EXPECT_EQ(trigger->after, std::vector<std::string>{"signup"});
  EXPECT_EQ(name_of(trigger->on), "failure");
  EXPECT_DOUBLE_EQ(constant_of(trigger->probability), 0.7);
  EXPECT_EQ(trigger->delay, 1);
  EXPECT_DOUBLE_EQ(constant_of(support.functional.success), 0.8);
  EXPECT_DOUBLE_EQ(constant_of(support.cost), 40.0);
  EXPECT_TRUE(support.controllable);

  const PerceptionSettings& perception = scenario.perception;
  EXPECT_EQ(perception.model, "peak_end");
  EXPECT_DOUBLE_EQ(constant_of(perception.memory), 0.6);
  EXPECT_DOUBLE_EQ(constant_of(perception.negativity_bias), 2.5);
  EXPECT_DOUBLE_EQ(constant_of(perception.fade), 0.05);
  EXPECT_DOUBLE_EQ(constant_of(perception.success_value), 0.3);
  EXPECT_DOUBLE_EQ(constant_of(perception.recovery_ceiling), 0.7);
  EXPECT_DOUBLE_EQ(constant_of(perception.trust_floor), 0.5);
  EXPECT_DOUBLE_EQ(constant_of(perception.failure_gate), 0.2);
  EXPECT_DOUBLE_EQ(constant_of(perception.delay_penalty), 0.4);
  EXPECT_DOUBLE_EQ(constant_of(perception.trust_rate), 0.25);

  EXPECT_DOUBLE_EQ(constant_of(scenario.retention.perception_effect), 1.2);
  EXPECT_DOUBLE_EQ(constant_of(scenario.retention.effort_effect), 0.4);
  EXPECT_DOUBLE_EQ(constant_of(scenario.retention.defect_on_failure), 0.03);

  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.expansion.rate), 0.01);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.expansion.uplift), 0.1);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.referral.rate), 0.005);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.referral.value), 800.0);
  EXPECT_DOUBLE_EQ(constant_of(scenario.revenue.referral.promoter_threshold), 0.7);
  EXPECT_DOUBLE_EQ(constant_of(scenario.finance.discount_rate), 0.08);
  EXPECT_EQ(scenario.surveys.nps.months, (std::vector<int>{6, 12, 18}));
  EXPECT_DOUBLE_EQ(constant_of(scenario.surveys.nps.response_rate), 0.2);

  ASSERT_EQ(scenario.fixes.size(), 2u);
  const Fix& reliable = scenario.fixes[0];
  EXPECT_EQ(reliable.id, "reliable_signup");
  EXPECT_EQ(reliable.description, "Better recovery at signup and a stronger support desk");
  ASSERT_EQ(reliable.changes.size(), 2u);
  EXPECT_EQ(reliable.changes[0].touchpoint, "signup");
  EXPECT_EQ(name_of(reliable.changes[0].operation), "add");
  ASSERT_EQ(reliable.changes[0].parameters.size(), 1u);
  EXPECT_EQ(reliable.changes[0].parameters[0].parameter, "emotional.recovery");
  EXPECT_DOUBLE_EQ(constant_of(reliable.changes[0].parameters[0].value), 0.2);
  EXPECT_EQ(reliable.changes[1].touchpoint, "support");
  EXPECT_EQ(name_of(reliable.changes[1].operation), "set");
  ASSERT_EQ(reliable.changes[1].parameters.size(), 1u);
  EXPECT_EQ(reliable.changes[1].parameters[0].parameter, "functional.success");
  EXPECT_DOUBLE_EQ(constant_of(reliable.changes[1].parameters[0].value), 0.95);
  ASSERT_EQ(reliable.add_touchpoints.size(), 1u);
  const Touchpoint& outreach = reliable.add_touchpoints[0];
  EXPECT_EQ(outreach.id, "outreach");
  const auto* outreach_trigger = std::get_if<Trigger>(&outreach.when);
  ASSERT_NE(outreach_trigger, nullptr);
  EXPECT_EQ(outreach_trigger->after, std::vector<std::string>{"signup"});
  EXPECT_EQ(name_of(outreach_trigger->on), "failure");
  EXPECT_DOUBLE_EQ(constant_of(outreach.emotional.communication), 0.8);
  EXPECT_DOUBLE_EQ(constant_of(outreach.cost), 5.0);
  EXPECT_DOUBLE_EQ(constant_of(reliable.cost.one_time), 120000.0);
  EXPECT_DOUBLE_EQ(constant_of(reliable.cost.monthly), 2000.0);
  EXPECT_EQ(reliable.start_month, 3);
  EXPECT_EQ(reliable.ramp_months, 2);
  const Fix& cheaper = scenario.fixes[1];
  EXPECT_EQ(cheaper.id, "cheaper_support");
  ASSERT_EQ(cheaper.changes.size(), 1u);
  EXPECT_EQ(cheaper.changes[0].touchpoint, "support");
  EXPECT_EQ(name_of(cheaper.changes[0].operation), "scale");
  ASSERT_EQ(cheaper.changes[0].parameters.size(), 1u);
  EXPECT_EQ(cheaper.changes[0].parameters[0].parameter, "cost");
  EXPECT_DOUBLE_EQ(constant_of(cheaper.changes[0].parameters[0].value), 0.5);

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

}  // namespace
}  // namespace cxsim
