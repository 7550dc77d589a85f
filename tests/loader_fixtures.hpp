// What the scenario loader's tests share: loading a valid scenario, reading a number back, and
// the YAML that several of them build on, so that a test writes only the keys it is about.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/number.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_loader.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim::testing {

inline constexpr const char* kFileName = "test.yaml";

inline std::string messages(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics) {
    text += to_string(diagnostic) + "\n";
  }
  return text;
}

// Loads `text`, expecting no diagnostic from the loader and no problem from the full read
// (load + validate), and returns the scenario as loaded.
inline Scenario load_valid(std::string_view text) {
  const LoadedScenario loaded = load_scenario_text(text, kFileName);
  EXPECT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const ScenarioReading reading = read_scenario_text(text, kFileName);
  EXPECT_TRUE(reading.problems.empty()) << messages(reading.problems);
  EXPECT_TRUE(reading.scenario.has_value());
  return loaded.scenario;
}

// The constant a number holds (NaN, and a failure, when it holds a distribution).
inline double constant_of(const Number& number) {
  if (const double* value = std::get_if<double>(&number)) {
    return *value;
  }
  ADD_FAILURE() << "expected a constant, got a distribution";
  return std::numeric_limits<double>::quiet_NaN();
}

inline void expect_distribution(const Number& number, std::string_view family,
                                const std::vector<double>& parameters) {
  const auto* distribution = std::get_if<Distribution>(&number);
  ASSERT_NE(distribution, nullptr) << "expected a distribution, got a constant";
  EXPECT_EQ(family_name(distribution->family), family);
  ASSERT_EQ(distribution->parameters.size(), parameters.size());
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    EXPECT_DOUBLE_EQ(distribution->parameters[i], parameters[i]) << "parameter " << i;
  }
}

// `actual` holds what `expected` holds: the same constant, or the same family and parameters.
inline void expect_number(const Number& actual, const Number& expected) {
  if (const auto* distribution = std::get_if<Distribution>(&expected)) {
    expect_distribution(actual, family_name(distribution->family), distribution->parameters);
  } else {
    EXPECT_DOUBLE_EQ(constant_of(actual), std::get<double>(expected));
  }
}

// Names written here, not taken from the loader's tables, so that a wrong table fails a test.
inline std::string_view name_of(TriggerOutcome outcome) {
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

inline std::string_view name_of(ChangeOperation operation) {
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

// The keys every scenario needs but `journey`.
inline constexpr std::string_view kPreamble = R"(cxsim: 1
name: forms
simulation: {customers: 100, months: 24}
segments:
  - name: everyone
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 100}
)";

inline std::string scenario_with(std::string_view rest) {
  return std::string(kPreamble) + std::string(rest);
}

// One journey of two touchpoints for the fixes to change: signup, then support on failure.
inline constexpr std::string_view kTwoTouchpoints = R"(journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9, effort: 0.4}
    emotional: {tone: 0.1, recovery: 0.3}
  - id: support
    when: {after: signup, on: failure}
    functional: {success: 0.8}
    cost: 20
)";

inline std::string scenario_with_fixes(std::string_view fixes) {
  return scenario_with(std::string(kTwoTouchpoints) + std::string(fixes));
}

// Names a parametrised case after its `name`: `Schedule/ScheduleForm.ReadsAsWritten/AfterOnAny`.
template <typename Case>
std::string case_name(const ::testing::TestParamInfo<Case>& tested) {
  return std::string(tested.param.name);
}

}  // namespace cxsim::testing
