// The shipped scenarios (scenarios/) as the tests of their behaviour read them, and what those
// tests print about an estimate.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <variant>

#include "analysis/run_results.hpp"
#include "corpus.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim::testing {

// scenarios/NAME.yaml; the test fails (and the scenario is empty) if it does not validate.
inline Scenario library_scenario(const std::string& name) {
  const ScenarioReading reading =
      read_scenario_file((source_dir() / "scenarios" / (name + ".yaml")).string());
  for (const Diagnostic& problem : reading.problems) {
    ADD_FAILURE() << to_string(problem);
  }
  return reading.scenario.value_or(Scenario{});
}

inline const VariantResult& variant(const RunResults& results, const std::string& id) {
  const auto found = std::find_if(results.variants.begin(), results.variants.end(),
                                  [&](const VariantResult& v) { return v.id == id; });
  if (found == results.variants.end()) {
    throw std::runtime_error("no variant " + id);
  }
  return *found;
}

inline double value_of_constant(const Number& number) {
  const double* value = std::get_if<double>(&number);
  if (value == nullptr) {
    throw std::runtime_error("expected a constant, not a distribution");
  }
  return *value;
}

inline std::string shown(const Estimate& e) {
  return std::to_string(e.mean) + " [" + std::to_string(e.lo) + ", " + std::to_string(e.hi) + "]";
}

}  // namespace cxsim::testing
