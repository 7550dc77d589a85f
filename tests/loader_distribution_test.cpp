// Distributions in a number's place (docs/scenarios.md#distributions): each case is a scenario
// and the family and parameters that each of its uncertain numbers must read as.
#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/number.hpp"
#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::case_name;
using testing::expect_distribution;
using testing::load_valid;
using testing::scenario_with;

// Where an uncertain number lives in the scenario; nullptr when the scenario has no such number
// (a segment with another retention model).
using NumberAt = const Number* (*)(const Scenario&);

struct ExpectedDistribution {
  std::string_view path;
  NumberAt number;
  std::string_view family;
  std::vector<double> parameters;
};

struct DistributionCase {
  std::string_view name;
  std::string yaml;
  std::size_t touchpoints;
  std::vector<ExpectedDistribution> expected;
};

// Names the case in a failure message instead of gtest's dump of its bytes.
void PrintTo(const DistributionCase& distribution_case, std::ostream* out) {
  *out << distribution_case.name;
}

const Number* signup_success(const Scenario& scenario) {
  return &scenario.journey[0].functional.success;
}
const Number* signup_effort(const Scenario& scenario) {
  return &scenario.journey[0].functional.effort;
}
const Number* signup_tone(const Scenario& scenario) {
  return &scenario.journey[0].emotional.tone;
}
const Number* signup_cost(const Scenario& scenario) {
  return &scenario.journey[0].cost;
}
const Number* signup_weight(const Scenario& scenario) {
  return &scenario.journey[0].weight;
}
const Number* perception_effect(const Scenario& scenario) {
  return &scenario.retention.perception_effect;
}
const Number* effort_effect(const Scenario& scenario) {
  return &scenario.retention.effort_effect;
}
const Number* monthly_churn(const Scenario& scenario) {
  const auto* constant = std::get_if<ConstantChurn>(&scenario.segments[0].retention);
  return constant != nullptr ? &constant->monthly_churn : nullptr;
}
const Number* monthly_mean(const Scenario& scenario) {
  return &scenario.segments[0].revenue.monthly_mean;
}
const Number* gross_margin(const Scenario& scenario) {
  return &scenario.segments[0].revenue.gross_margin;
}
const Number* emotional_sensitivity(const Scenario& scenario) {
  return &scenario.segments[0].sensitivity.emotional;
}
const Number* initial_trust(const Scenario& scenario) {
  return &scenario.segments[0].initial_trust;
}
const Number* memory(const Scenario& scenario) {
  return &scenario.perception.memory;
}
const Number* referral_value(const Scenario& scenario) {
  return &scenario.revenue.referral.value;
}
const Number* discount_rate(const Scenario& scenario) {
  return &scenario.finance.discount_rate;
}
const Number* response_rate(const Scenario& scenario) {
  return &scenario.surveys.nps.response_rate;
}

const DistributionCase kDistributionCases[] = {
    {"UniformInABoundedKey",
     scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    functional: {success: {uniform: [0.8, 0.95]}}
)"),
     1,
     {{"journey[0].functional.success", signup_success, "uniform", {0.8, 0.95}}}},
    {"NormalInAnUnboundedKey",
     scenario_with(R"(journey: []
retention: {perception_effect: {normal: [1.5, 0.3]}, effort_effect: {normal: [-0.2, 0.1]}}
)"),
     0,
     {{"retention.perception_effect", perception_effect, "normal", {1.5, 0.3}},
      {"retention.effort_effect", effort_effect, "normal", {-0.2, 0.1}}}},
    {"Beta",
     scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    functional: {effort: {beta: [2, 5]}}
)"),
     1,
     {{"journey[0].functional.effort", signup_effort, "beta", {2.0, 5.0}}}},
    {"TriangularKeepsLowModeHighOrder",
     scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    emotional: {tone: {triangular: [-0.2, 0.1, 0.4]}}
)"),
     1,
     {{"journey[0].emotional.tone", signup_tone, "triangular", {-0.2, 0.1, 0.4}}}},
    {"LognormalStoresMeanThenSd",
     scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    cost: {lognormal: {mean: 15, sd: 4}}
)"),
     1,
     {{"journey[0].cost", signup_cost, "lognormal", {15.0, 4.0}}}},
    {"LognormalNamedParametersMayComeInAnyOrder",
     scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    cost: {lognormal: {sd: 4, mean: 15}}
)"),
     1,
     {{"journey[0].cost", signup_cost, "lognormal", {15.0, 4.0}}}},
    {"WrittenInBlockStyle",
     scenario_with(R"(journey:
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
)"),
     1,
     {{"journey[0].functional.success", signup_success, "triangular", {0.85, 0.9, 0.97}},
      {"journey[0].cost", signup_cost, "lognormal", {15.0, 4.0}}}},
    {"ParametersAcceptEveryNumberSpelling",
     scenario_with(R"(journey:
  - id: signup
    when: {month: 0}
    cost: {uniform: [1e1, "20.5"]}
    weight: {triangular: [+0, 1, 2.0]}
)"),
     1,
     {{"journey[0].cost", signup_cost, "uniform", {10.0, 20.5}},
      {"journey[0].weight", signup_weight, "triangular", {0.0, 1.0, 2.0}}}},
    {"AcceptedInEverySectionOfNumbers",
     R"(cxsim: 1
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
)",
     1,
     {{"segments[0].retention.monthly_churn", monthly_churn, "beta", {2.0, 98.0}},
      {"segments[0].revenue.monthly_mean", monthly_mean, "lognormal", {300.0, 50.0}},
      {"segments[0].revenue.gross_margin", gross_margin, "uniform", {0.7, 0.9}},
      {"segments[0].sensitivity.emotional", emotional_sensitivity, "triangular", {0.5, 1.0, 1.5}},
      {"segments[0].initial_trust", initial_trust, "beta", {9.0, 1.0}},
      {"perception.memory", memory, "uniform", {0.6, 0.8}},
      {"revenue.referral.value", referral_value, "lognormal", {800.0, 200.0}},
      {"finance.discount_rate", discount_rate, "triangular", {0.05, 0.08, 0.12}},
      {"surveys.nps.response_rate", response_rate, "beta", {2.0, 8.0}}}},
};

class DistributionForm : public ::testing::TestWithParam<DistributionCase> {};

TEST_P(DistributionForm, ReadsFamilyAndParameters) {
  const DistributionCase& distribution_case = GetParam();
  const Scenario scenario = load_valid(distribution_case.yaml);
  // Every case has one segment, which the segment numbers above read.
  ASSERT_EQ(scenario.segments.size(), 1u);
  ASSERT_EQ(scenario.journey.size(), distribution_case.touchpoints);
  for (const ExpectedDistribution& expected : distribution_case.expected) {
    SCOPED_TRACE(expected.path);
    const Number* number = expected.number(scenario);
    ASSERT_NE(number, nullptr);
    expect_distribution(*number, expected.family, expected.parameters);
  }
}

INSTANTIATE_TEST_SUITE_P(Distribution, DistributionForm, ::testing::ValuesIn(kDistributionCases),
                         case_name<DistributionCase>);

}  // namespace
}  // namespace cxsim
