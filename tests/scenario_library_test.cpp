// Every scenario shipped in scenarios/ must read without a single problem.
#include <gtest/gtest.h>

#include "corpus.hpp"
#include "cxsim/scenario_reader.hpp"

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
