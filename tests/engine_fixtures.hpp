// Running scenarios written inline in a test, for the engine's tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "analysis/run_results.hpp"
#include "analysis/simulation_driver.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/variants.hpp"

namespace cxsim::testing {

// The scenario in `yaml`; the test fails (and the scenario is empty) if it does not validate.
inline Scenario scenario_from_yaml(std::string_view yaml) {
  ScenarioReading reading = read_scenario_text(yaml, "test.yaml");
  for (const Diagnostic& problem : reading.problems) {
    ADD_FAILURE() << to_string(problem);
  }
  return reading.scenario.value_or(Scenario{});
}

// The scenario's standard variants simulated and summarised, on `threads` threads.
inline RunResults run(const Scenario& scenario, int threads = 2) {
  DriverOptions options;
  options.threads = threads;
  const SimulationOutput output = simulate(scenario, standard_variants(scenario), options);
  return summarize(scenario, {scenario.name, "test.yaml", "unhashed"}, output, threads);
}

// What a failing statistical check prints so that its run can be replayed.
inline std::string replay(const Scenario& scenario) {
  return "seed " + std::to_string(scenario.simulation.seed) + ", " +
         std::to_string(scenario.simulation.customers) + " customers";
}

}  // namespace cxsim::testing
