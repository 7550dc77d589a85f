// Parameter draws (docs/model.md#uncertain-parameters): each number written as a distribution is
// drawn once per replication from a stream keyed by the seed, the replication and the number's
// path, so a replication's draws are reproducible and one number's draws do not move when another
// changes.
#include "engine/parameter_draws.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine_fixtures.hpp"

namespace cxsim {
namespace {

using testing::scenario_from_yaml;

std::string scenario_with(const std::string& churn, const std::string& revenue,
                          const std::string& extra_fix = "") {
  return R"(cxsim: 1
name: draws
simulation: {customers: 100, months: 6, replications: 8, seed: 77}
segments:
  - {name: all, retention: {model: constant, monthly_churn: )" +
         churn + R"(},
     revenue: {monthly_mean: )" +
         revenue + R"(}}
journey:
  - {id: usage, when: {every: 1}}
fixes:
  - id: calmer
    changes: [{touchpoint: usage, add: {emotional.tone: {uniform: [0.1, 0.5]}}}]
    cost: {one_time: 1000}
)" + extra_fix;
}

double churn_of(const Scenario& scenario) {
  return value_of(std::get<ConstantChurn>(scenario.segments[0].retention).monthly_churn);
}

double tone_of(const Scenario& scenario) {
  return value_of(scenario.fixes[0].changes[0].parameters[0].value);
}

TEST(ParameterDraws, AReplicationsDrawsAreReproducibleAndDifferBetweenReplications) {
  const Scenario scenario = scenario_from_yaml(scenario_with("{uniform: [0.01, 0.05]}", "50"));
  ASSERT_TRUE(has_uncertainty(scenario));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  EXPECT_EQ(churn_of(draw_parameters(scenario, 3)), churn_of(draw_parameters(scenario, 3)));
  EXPECT_NE(churn_of(draw_parameters(scenario, 3)), churn_of(draw_parameters(scenario, 4)));
  // Two numbers, two streams: their uniform variates differ.
  const Scenario drawn = draw_parameters(scenario, 3);
  EXPECT_NE((churn_of(drawn) - 0.01) / 0.04, (tone_of(drawn) - 0.1) / 0.4);
}

TEST(ParameterDraws, ConstantsStayAndTheScenarioWithoutDistributionsIsCertain) {
  const Scenario scenario = scenario_from_yaml(scenario_with("0.02", "50"));
  ASSERT_EQ(scenario.fixes.size(), 1u);
  EXPECT_EQ(churn_of(draw_parameters(scenario, 5)), 0.02);
  Scenario certain = scenario;
  certain.fixes[0].changes[0].parameters[0].value = 0.3;
  EXPECT_FALSE(has_uncertainty(certain));
}

TEST(ParameterDraws, ChangingOrAddingOneDistributionLeavesTheOthersDrawsAlone) {
  const Scenario reference = scenario_from_yaml(scenario_with("{uniform: [0.01, 0.05]}", "50"));
  // Revenue becomes uncertain, churn's range changes, and a second uncertain fix is added:
  // none of it may move the first fix's tone, drawn under its own path.
  const Scenario changed = scenario_from_yaml(scenario_with(
      "{uniform: [0.02, 0.08]}", "{uniform: [45, 55]}",
      "  - id: polish\n"
      "    changes: [{touchpoint: usage, add: {sensory.polish: {uniform: [0, 0.2]}}}]\n"
      "    cost: {one_time: 500}\n"));
  ASSERT_EQ(reference.fixes.size(), 1u);
  ASSERT_EQ(changed.fixes.size(), 2u);
  for (std::uint32_t replication = 0; replication < 8; ++replication) {
    SCOPED_TRACE("replication " + std::to_string(replication));
    EXPECT_EQ(tone_of(draw_parameters(reference, replication)),
              tone_of(draw_parameters(changed, replication)));
    // The churn's draws moved with its own range: the same uniform variate, rescaled.
    const double u = (churn_of(draw_parameters(reference, replication)) - 0.01) / 0.04;
    EXPECT_NEAR(churn_of(draw_parameters(changed, replication)), 0.02 + 0.06 * u, 1e-12);
  }
}

// Keys name touchpoints and fixes by id: a touchpoint and a fix inserted before the others
// renumber them, and move none of their draws.
TEST(ParameterDraws, InsertingATouchpointOrAFixBeforeOthersLeavesTheirDrawsAlone) {
  const Scenario reference = scenario_from_yaml(scenario_with("0.02", "50"));
  std::string inserted = scenario_with("0.02", "50");
  inserted.replace(inserted.find("journey:\n"), 9,
                   "journey:\n  - {id: welcome, when: {month: 0}, functional: {success: "
                   "{uniform: [0.8, 1]}}}\n");
  inserted.replace(inserted.find("fixes:\n"), 7,
                   "fixes:\n  - id: first\n    changes: [{touchpoint: welcome, set: "
                   "{functional.success: {uniform: [0.9, 1]}}}]\n");
  const Scenario changed = scenario_from_yaml(inserted);
  ASSERT_EQ(changed.fixes.size(), 2u);
  ASSERT_EQ(changed.fixes[1].id, "calmer");
  for (std::uint32_t replication = 0; replication < 8; ++replication) {
    const double before = tone_of(draw_parameters(reference, replication));
    EXPECT_EQ(
        value_of(draw_parameters(changed, replication).fixes[1].changes[0].parameters[0].value),
        before)
        << "replication " << replication;
  }
}

TEST(ParameterDraws, ADifferentSeedDrawsAnew) {
  Scenario scenario = scenario_from_yaml(scenario_with("{uniform: [0.01, 0.05]}", "50"));
  const double drawn = churn_of(draw_parameters(scenario, 0));
  scenario.simulation.seed += 1;
  EXPECT_NE(churn_of(draw_parameters(scenario, 0)), drawn);
}

// The draws follow their distribution: the mean of uniform [a, b] over many replications is
// (a + b)/2 within the sample's own interval.
TEST(ParameterDraws, UniformDrawsHaveTheirClosedFormMean) {
  const Scenario scenario = scenario_from_yaml(scenario_with("{uniform: [0.01, 0.05]}", "50"));
  std::vector<double> draws;
  for (std::uint32_t replication = 0; replication < 4000; ++replication) {
    const double churn = churn_of(draw_parameters(scenario, replication));
    ASSERT_GE(churn, 0.01);
    ASSERT_LE(churn, 0.05);
    draws.push_back(churn);
  }
  const Estimate mean = interval_over(draws, 0.999);
  EXPECT_LE(mean.lo, 0.03);
  EXPECT_GE(mean.hi, 0.03);
}

}  // namespace
}  // namespace cxsim
