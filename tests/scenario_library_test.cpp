// Every scenario shipped in scenarios/ must read without a single problem, open with a comment
// block on its sources and assumptions, offer at least two fixes, and run at a small customer
// count. What each one must show is in scenario_behaviour_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include "corpus.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {
namespace {

class ShippedScenario : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(ShippedScenario, Validates) {
  const ScenarioReading reading = read_scenario_file(GetParam().string());
  for (const Diagnostic& problem : reading.problems) {
    ADD_FAILURE() << to_string(problem);
  }
  EXPECT_TRUE(reading.scenario.has_value());
}

TEST_P(ShippedScenario, OpensWithItsSourcesAndOffersTwoFixes) {
  std::ifstream file(GetParam());
  std::string first_line;
  std::getline(file, first_line);
  EXPECT_TRUE(first_line.starts_with("#")) << "a scenario starts with a comment block";
  const ScenarioReading reading = read_scenario_file(GetParam().string());
  ASSERT_TRUE(reading.scenario.has_value());
  EXPECT_GE(reading.scenario->fixes.size(), 2u);
}

TEST_P(ShippedScenario, RunsAtASmallCustomerCount) {
  const ScenarioReading reading = read_scenario_file(GetParam().string());
  ASSERT_TRUE(reading.scenario.has_value());
  Scenario scenario = *reading.scenario;
  scenario.simulation.customers = 300;
  scenario.simulation.replications = std::min(scenario.simulation.replications, 2);
  const RunResults results = testing::run(scenario);
  ASSERT_EQ(results.variants.size(), standard_variants(scenario).size());
  // Customers here per customer of the starting base: at most 1, or with acquisition everyone
  // who ever joined (docs/model.md#acquisition).
  double everyone = 0.0;
  for (int r = 0; r < scenario.simulation.replications; ++r) {
    double joined = static_cast<double>(scenario.simulation.customers);
    for (const CompiledCohort& cohort :
         compile_cohorts(draw_parameters(scenario, static_cast<std::uint32_t>(r)))) {
      joined += cohort.count;
    }
    everyone = std::max(everyone, joined);
  }
  for (const VariantResult& variant : results.variants) {
    SCOPED_TRACE(variant.id);
    EXPECT_GE(variant.retention().mean, 0.0);
    EXPECT_LE(variant.retention().mean,
              everyone / static_cast<double>(scenario.simulation.customers));
    EXPECT_TRUE(std::isfinite(variant.npv().mean));
    EXPECT_EQ(variant.against_baseline, variant.id != "baseline");
  }
}

INSTANTIATE_TEST_SUITE_P(Library, ShippedScenario,
                         ::testing::ValuesIn(testing::yaml_files("scenarios")), testing::file_stem);

TEST(ReferenceScenario, IsTheEightTouchpointSaasJourneyWithFixes) {
  const ScenarioReading reading =
      read_scenario_file((testing::source_dir() / "scenarios/saas_b2b.yaml").string());
  ASSERT_TRUE(reading.scenario.has_value());
  EXPECT_EQ(reading.scenario->journey.size(), 8u);
  EXPECT_GE(reading.scenario->fixes.size(), 2u);
}

}  // namespace
}  // namespace cxsim
