// Direction (docs/model.md#one-interaction): on the reference scenario, raising a touchpoint's
// success, tone, polish, recovery or communication never lowers expected retention. Each raise is a
// variant of one run, paired with the baseline on the same customers and random numbers; "never
// lowers" means the paired interval of Δ retention does not lie below 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "corpus.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {
namespace {

TEST(Direction, RaisingAnyPositiveLeverNeverLowersRetention) {
  ScenarioReading reading =
      read_scenario_file((testing::source_dir() / "scenarios/saas_b2b.yaml").string());
  ASSERT_TRUE(reading.scenario.has_value());
  Scenario scenario = draw_parameters(*reading.scenario, 0);
  scenario.simulation.customers = 20000;
  scenario.simulation.confidence = 0.999;  // some 40 comparisons in one test
  scenario.fixes.clear();
  scenario.scenarios.clear();

  constexpr std::array<std::string_view, 5> kLevers{"functional.success", "emotional.tone",
                                                    "sensory.polish", "emotional.recovery",
                                                    "emotional.communication"};
  constexpr double kRaise = 0.2;
  for (const Touchpoint& touchpoint : scenario.journey) {
    for (const std::string_view lever : kLevers) {
      const TouchpointParameter& parameter = *find_touchpoint_parameter(lever);
      const double now = value_of(parameter.of(touchpoint));
      const double raised = std::min(now + kRaise, parameter.range.hi);
      if (raised == now) {
        continue;  // already at its best
      }
      Fix fix;
      fix.id = touchpoint.id + "_" + std::string(lever.substr(lever.find('.') + 1));
      fix.changes.push_back(
          {touchpoint.id, ChangeOperation::set, {{std::string(lever), Number{raised}}}});
      scenario.fixes.push_back(fix);
    }
  }
  ASSERT_GE(scenario.fixes.size(), 20u);

  const RunResults results = testing::run(scenario);
  for (const VariantResult& variant : results.variants) {
    if (!variant.against_baseline || variant.id == "all_fixes") {
      continue;
    }
    const Estimate& delta = variant.delta_retention();
    EXPECT_GE(delta.hi, 0.0) << variant.id << " lowers retention: " << delta.mean << " ["
                             << delta.lo << ", " << delta.hi << "], " << testing::replay(scenario);
  }
}

}  // namespace
}  // namespace cxsim
