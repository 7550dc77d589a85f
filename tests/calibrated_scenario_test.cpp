// CALIBRATED.yaml (sim/io/calibrated_scenario.hpp): the scenario file with fitted values written
// in place, each commented, and the fit's joint uncertainty appended; it loads back as the
// original scenario with the new values and the joint block, and a text that would not is never
// returned.
#include "io/calibrated_scenario.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/scenario_numbers.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {
namespace {

constexpr std::string_view kData = "retention.csv";
constexpr std::string_view kDate = "2026-12-04";

std::string file_text(const std::string& name) {
  std::ifstream file(std::string(CXSIM_SOURCE_DIR) + "/scenarios/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

Scenario read_valid(std::string_view text) {
  ScenarioReading reading = read_scenario_text(text, "test.yaml");
  for (const Diagnostic& problem : reading.problems) {
    ADD_FAILURE() << to_string(problem);
  }
  return reading.scenario.value_or(Scenario{});
}

// Every number of the scenario by its index-form path.
std::map<std::string, Number> numbers_of(Scenario scenario) {
  std::map<std::string, Number> numbers;
  for_each_number(scenario,
                  [&](const std::string& path, Number& number) { numbers.emplace(path, number); });
  return numbers;
}

// A covariance with correlations, positive definite.
std::vector<std::vector<double>> covariance_for(std::size_t size) {
  std::vector<std::vector<double>> covariance(size, std::vector<double>(size, 0.0));
  for (std::size_t i = 0; i < size; ++i) {
    for (std::size_t j = 0; j < size; ++j) {
      covariance[i][j] = i == j ? 0.01 * static_cast<double>(i + 1) : -0.002;
    }
  }
  return covariance;
}

// The calibrated text of `original` loads back as `original` with each estimate at its path,
// every other number as it was, and the fit as the last joint block.
void expect_round_trip(const std::string& original, const std::vector<FittedParameter>& fit,
                       const std::string& calibrated) {
  const Scenario before = read_valid(original);
  const Scenario after = read_valid(calibrated);
  std::map<std::string, Number> expected = numbers_of(before);
  for (const FittedParameter& parameter : fit) {
    expected[index_form_path(before, parameter.path)] = parameter.estimate;
  }
  EXPECT_EQ(numbers_of(after), expected);
  EXPECT_EQ(after.name, before.name);
  EXPECT_EQ(after.journey.size(), before.journey.size());
  EXPECT_EQ(after.fixes.size(), before.fixes.size());
  ASSERT_FALSE(after.joint_uncertainty.empty());
  const JointUncertainty& block = after.joint_uncertainty.back();
  ASSERT_EQ(block.parameters.size(), fit.size());
  for (std::size_t k = 0; k < fit.size(); ++k) {
    EXPECT_EQ(block.parameters[k].path, fit[k].path);
    EXPECT_EQ(block.parameters[k].scale, fit[k].scale);
  }
  EXPECT_EQ(block.covariance, covariance_for(fit.size()));
}

// The line of `text` holding `needle`.
std::string line_with(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) {
    ADD_FAILURE() << "no line holds " << needle;
    return "";
  }
  const std::size_t start = text.rfind('\n', at) + 1;
  return text.substr(start, text.find('\n', at) - start);
}

TEST(CalibratedScenario, WritesFittedValuesOfARealScenarioInPlace) {
  const std::string original = file_text("saas_b2b.yaml");
  const std::vector<FittedParameter> fit{
      // A touchpoint's field by name, in a flow mapping with others.
      {"journey[trial_signup].functional.success", 0.8734567890123456, 0.0123,
       ParameterScale::logit},
      // A segment's baseline churn (sBG beta), in its flow mapping.
      {"segments[smb].retention.beta", 10.25, 1.5, ParameterScale::log},
      // A setting written as a block scalar with a comment.
      {"perception.memory", 0.65, 0.04, ParameterScale::logit},
      // A setting absent from the file (the segment relies on the default).
      {"segments[smb].initial_trust", 0.85, 0.02, ParameterScale::logit},
      // A key absent from a flow mapping.
      {"journey[renewal].sensory.consistency", 0.95, 0.05, ParameterScale::logit},
      // A value given as a distribution.
      {"fixes[reliable_activation].changes[0].set.functional.success", 0.87, 0.01,
       ParameterScale::logit},
  };
  const std::string calibrated = calibrated_scenario_text(original, "saas_b2b.yaml", fit,
                                                          covariance_for(fit.size()), kData, kDate);
  expect_round_trip(original, fit, calibrated);

  EXPECT_EQ(line_with(calibrated, "- id: trial_signup\n"), "  - id: trial_signup");
  EXPECT_EQ(line_with(calibrated, "functional: {success: 0.8734567890123456"),
            "    functional: {success: 0.8734567890123456, effort: 0.35, delay: 0.05}"
            "  # calibrated: 0.8734567890123456 (se 0.0123) from retention.csv on 2026-12-04");
  EXPECT_EQ(line_with(calibrated, "beta: 10.25"),
            "    retention: {model: sbg, alpha: 0.7, beta: 10.25}"
            "  # calibrated: 10.25 (se 1.5) from retention.csv on 2026-12-04");
  // After the line's own comment, which stays.
  EXPECT_EQ(line_with(calibrated, "memory:"),
            "  memory: 0.65                 # a weight-1 moment closes 30% of the gap (60% when "
            "it is worse)  # calibrated: 0.65 (se 0.04) from retention.csv on 2026-12-04");
  EXPECT_EQ(line_with(calibrated, "consistency: 0.95"),
            "    sensory: {polish: 0.2, consistency: 0.95}"
            "  # calibrated: 0.95 (se 0.05) from retention.csv on 2026-12-04");
  EXPECT_EQ(line_with(calibrated, "initial_trust:"),
            "    initial_trust: 0.85  # calibrated: 0.85 (se 0.02) from retention.csv on "
            "2026-12-04");
  EXPECT_NE(line_with(calibrated, "set: {functional.success: 0.87}").find("# calibrated: 0.87"),
            std::string::npos);
  EXPECT_EQ(calibrated.find("triangular: [0.80, 0.86, 0.90]"), std::string::npos);
  // The file's other comments stay.
  EXPECT_NE(calibrated.find("# cxsim reference scenario: B2B SaaS"), std::string::npos);
}

TEST(CalibratedScenario, CreatesAnAbsentSectionAndWritesABlockDistributionInPlace) {
  const std::string original = R"(cxsim: 1
name: small
simulation: {customers: 100, months: 6}
segments:
  - name: all
    retention: {model: constant, monthly_churn: 0.02}
    revenue:
      monthly_mean:
        uniform: [40, 60]
      gross_margin: 0.8
journey:
  - id: signup
    when: {month: 0}
)";
  const std::vector<FittedParameter> fit{
      {"segments[all].revenue.monthly_mean", 52.5, 2.0, ParameterScale::log},
      {"perception.memory", 0.6, 0.05, ParameterScale::logit},
      {"perception.fade", 0.03, 0.01, ParameterScale::log},
      {"journey[signup].functional.success", 0.9, 0.02, ParameterScale::logit},
  };
  const std::string calibrated = calibrated_scenario_text(original, "small.yaml", fit,
                                                          covariance_for(fit.size()), kData, kDate);
  expect_round_trip(original, fit, calibrated);
  EXPECT_NE(calibrated.find("      monthly_mean: 52.5  # calibrated: 52.5 (se 2)"),
            std::string::npos)
      << calibrated;
  EXPECT_NE(calibrated.find("      gross_margin: 0.8\n"), std::string::npos) << calibrated;
  EXPECT_NE(calibrated.find("    when: {month: 0}\n    functional:\n      success: 0.9  #"),
            std::string::npos)
      << calibrated;
}

TEST(CalibratedScenario, CalibratingAgainReplacesTheBlockAndTheComments) {
  const std::string original = file_text("checkout_functional_first.yaml");
  const Scenario scenario = read_valid(original);
  ASSERT_FALSE(scenario.journey.empty());
  const std::string path = "journey[" + scenario.journey[0].id + "].functional.success";
  const std::vector<FittedParameter> first{{path, 0.91, 0.01, ParameterScale::logit},
                                           {"perception.memory", 0.7, 0.02, ParameterScale::logit}};
  const std::string once = calibrated_scenario_text(original, "checkout.yaml", first,
                                                    covariance_for(2), kData, "2026-12-01");
  std::vector<FittedParameter> second = first;
  second[0].estimate = 0.93;
  second[1].estimate = 0.72;
  const std::string twice =
      calibrated_scenario_text(once, "checkout.yaml", second, covariance_for(2), kData, kDate);
  expect_round_trip(original, second, twice);
  EXPECT_EQ(read_valid(twice).joint_uncertainty.size(), 1u);
  EXPECT_EQ(twice.find("2026-12-01"), std::string::npos) << twice;
  EXPECT_EQ(twice.find("0.91"), std::string::npos);
}

TEST(CalibratedScenario, ABlockOfOtherParametersIsKept) {
  const std::string original = file_text("checkout_functional_first.yaml") + R"(joint_uncertainty:
  - parameters:
      - path: retention.perception_effect
        scale: log
    covariance: [[0.04]]
)";
  const std::vector<FittedParameter> fit{{"perception.memory", 0.7, 0.02, ParameterScale::logit}};
  const std::string calibrated =
      calibrated_scenario_text(original, "checkout.yaml", fit, covariance_for(1), kData, kDate);
  const Scenario after = read_valid(calibrated);
  ASSERT_EQ(after.joint_uncertainty.size(), 2u);
  EXPECT_EQ(after.joint_uncertainty[0].parameters[0].path, "retention.perception_effect");
  EXPECT_EQ(after.joint_uncertainty[0].covariance, (std::vector<std::vector<double>>{{0.04}}));
  EXPECT_EQ(after.joint_uncertainty[1].parameters[0].path, "perception.memory");
}

TEST(CalibratedScenario, ABlockWhoseListStartsAtItsKeysColumnIsReplacedWhole) {
  const std::string original = R"(cxsim: 1
name: small
simulation: {customers: 100, months: 6}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.02}, revenue: {monthly_mean: 50}}
journey:
  - {id: signup, when: {month: 0}}
joint_uncertainty:
- parameters:
  - path: perception.memory
    scale: logit
  covariance: [[0.04]]
finance:
  discount_rate: 0.1
)";
  const std::vector<FittedParameter> fit{{"perception.memory", 0.7, 0.02, ParameterScale::logit}};
  const std::string calibrated =
      calibrated_scenario_text(original, "small.yaml", fit, covariance_for(1), kData, kDate);
  expect_round_trip(original, fit, calibrated);
  EXPECT_EQ(read_valid(calibrated).joint_uncertainty.size(), 1u);
  EXPECT_NE(calibrated.find("finance:\n  discount_rate: 0.1\n"), std::string::npos);
}

TEST(CalibratedScenario, ATextThatWouldNotReadBackIsRefused) {
  const std::string original = file_text("saas_b2b.yaml");
  const std::vector<FittedParameter> outside{
      {"journey[website].functional.success", 1.5, 0.1, ParameterScale::linear}};
  EXPECT_THROW(
      calibrated_scenario_text(original, "saas_b2b.yaml", outside, covariance_for(1), kData, kDate),
      CalibratedScenarioError);
  const std::vector<FittedParameter> unknown{
      {"journey[nowhere].functional.success", 0.5, 0.1, ParameterScale::logit}};
  EXPECT_THROW(
      calibrated_scenario_text(original, "saas_b2b.yaml", unknown, covariance_for(1), kData, kDate),
      CalibratedScenarioError);
  const std::vector<FittedParameter> fit{
      {"journey[website].functional.success", 0.9, 0.1, ParameterScale::logit}};
  EXPECT_THROW(calibrated_scenario_text(original, "saas_b2b.yaml", fit, {{1.0, 0.0}, {0.0, 1.0}},
                                        kData, kDate),
               CalibratedScenarioError);
  EXPECT_THROW(calibrated_scenario_text(original, "saas_b2b.yaml", fit, {{-1.0}}, kData, kDate),
               CalibratedScenarioError);
}

}  // namespace
}  // namespace cxsim
