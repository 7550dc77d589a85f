// Warnings about a valid scenario (docs/scenarios.md#warnings): each
// tests/warning_scenarios/NAME.yaml is valid and warns exactly as NAME.expected lists
// (`LINE:COL: warning: PATH: message` a line, file name left out); what a fix or a joint draw may
// change is no reason to warn; the shipped scenarios warn of nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus.hpp"
#include "loader_fixtures.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {
namespace {

std::vector<std::string> warnings_of(const ScenarioReading& reading) {
  std::vector<std::string> lines;
  for (const Diagnostic& warning : reading.warnings) {
    lines.push_back(warning_text(warning));
  }
  return lines;
}

class WarningScenario : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(WarningScenario, IsValidAndWarnsExactlyAsExpected) {
  const std::filesystem::path& file = GetParam();
  const ScenarioReading reading = read_scenario_file(file.string());

  EXPECT_TRUE(reading.scenario.has_value());
  EXPECT_TRUE(reading.problems.empty()) << testing::messages(reading.problems);
  const std::vector<std::string> expected = testing::expected_problems(file, file.string());
  EXPECT_FALSE(expected.empty()) << file << " expects nothing";
  EXPECT_EQ(warnings_of(reading), expected);
}

INSTANTIATE_TEST_SUITE_P(Corpus, WarningScenario,
                         ::testing::ValuesIn(testing::yaml_files("tests/warning_scenarios")),
                         testing::file_stem);

TEST(ScenarioWarnings, ShippedScenariosWarnOfNothing) {
  const auto files = testing::yaml_files("scenarios");
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const ScenarioReading reading = read_scenario_file(file.string());
    EXPECT_TRUE(reading.scenario.has_value()) << file;
    EXPECT_EQ(warnings_of(reading), std::vector<std::string>{}) << file;
  }
}

// The journey every case below builds on: a touchpoint that never fails and one on its failures.
constexpr const char* kNeverFails = R"(cxsim: 1
name: warnings
simulation: {customers: 1000, months: 12}
segments:
  - name: all
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 100}
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 1}
    emotional: {tone: 0.1}
  - id: support
    when: {after: signup, on: failure}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

ScenarioReading read(const std::string& text) {
  ScenarioReading reading = read_scenario_text(text, testing::kFileName);
  EXPECT_TRUE(reading.problems.empty()) << testing::messages(reading.problems);
  return reading;
}

TEST(ScenarioWarnings, ATriggerOnFailuresOfATouchpointThatNeverFailsWarns) {
  EXPECT_EQ(warnings_of(read(kNeverFails)),
            std::vector<std::string>{
                "test.yaml:14:31: warning: journey[1].when.on: touchpoint 'support' follows "
                "failures of 'signup', whose functional.success is 1 in every variant, so it "
                "never runs"});
}

TEST(ScenarioWarnings, AFixThatMayMakeATouchpointFailMakesItsTriggerReachable) {
  for (const std::string change :
       {"set: {functional.success: 0.95}", "add: {functional.success: {uniform: [-0.1, 0]}}",
        "scale: {functional.success: 0.9}"}) {
    SCOPED_TRACE(change);
    const std::string fixes =
        "fixes:\n  - id: worse\n    changes: [{touchpoint: signup, " + change + "}]\n";
    EXPECT_EQ(warnings_of(read(kNeverFails + fixes)), std::vector<std::string>{});
  }
}

TEST(ScenarioWarnings, AnUncertainSuccessMayFail) {
  const std::string text = replaced(kNeverFails, "success: 1", "success: {beta: [50, 1]}");
  EXPECT_EQ(warnings_of(read(text)), std::vector<std::string>{});
}

TEST(ScenarioWarnings, ARateDrawnJointlyMayBeAboveZero) {
  const std::string text = replaced(kNeverFails, "{after: signup, on: failure}", "{rate: 0}") +
                           R"(joint_uncertainty:
  - parameters: [{path: "journey[support].when.rate", scale: linear}]
    covariance: [[0.01]]
)";
  EXPECT_EQ(warnings_of(read(text)), std::vector<std::string>{});
}

TEST(ScenarioWarnings, SettingTheValueAlreadyThereWarnsOnlyWhenNoOtherChangeMovesIt) {
  const std::string same = R"(fixes:
  - id: same
    changes: [{touchpoint: signup, set: {emotional.tone: 0.1}}]
)";
  const std::string text = replaced(kNeverFails, "on: failure", "on: any");
  EXPECT_EQ(warnings_of(read(text + same)),
            std::vector<std::string>{
                "test.yaml:17:58: warning: fixes[0].changes[0].set.emotional.tone: sets the value "
                "touchpoint 'signup' already has (0.1), so the change alters no interaction"});
  const std::string other = R"(  - id: warmer
    changes: [{touchpoint: signup, add: {emotional.tone: 0.3}}]
)";
  EXPECT_EQ(warnings_of(read(text + same + other)), std::vector<std::string>{});
}

TEST(ScenarioWarnings, AnInvalidScenarioHasProblemsAndNoWarnings) {
  const ScenarioReading reading =
      read_scenario_text(replaced(kNeverFails, "months: 12", "months: 0"), testing::kFileName);
  EXPECT_FALSE(reading.problems.empty());
  EXPECT_TRUE(reading.warnings.empty());
}

}  // namespace
}  // namespace cxsim
