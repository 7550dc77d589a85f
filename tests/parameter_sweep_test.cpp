// The sweep library (parameter_sweep.hpp): --vary specs, parameter paths by index and by name,
// the points of one-at-a-time and grid sweeps, the checks of each point, the CSV, the tornado,
// and a sweep of a constant churn against its closed form.
#include "analysis/parameter_sweep.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "engine_fixtures.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {
namespace {

using testing::scenario_from_yaml;

// Two segments, a journey, a fix that changes a touchpoint and one that adds one, and a
// distribution (signup's effort).
constexpr std::string_view kScenario = R"(cxsim: 1
name: sweep library
simulation: {customers: 400, months: 4, seed: 3}
segments:
  - name: smb
    share: 0.6
    retention: {model: constant, monthly_churn: 0.04}
    revenue: {monthly_mean: 100}
  - name: mid market
    share: 0.4
    retention: {model: sbg, alpha: 1, beta: 20}
    revenue: {monthly_mean: 900, monthly_sd: 200}
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9, effort: {uniform: [0.2, 0.4]}}
  - id: support
    when: {after: signup, on: failure}
    emotional: {recovery: 0.4}
fixes:
  - id: better_signup
    changes: [{touchpoint: signup, add: {functional.success: 0.05}}]
    cost: {one_time: 1000}
  - id: outreach
    add_touchpoints:
      - {id: rescue, when: {after: signup, on: failure}, emotional: {tone: 0.3}}
)";

SweepSpec spec(std::string_view text) {
  return parse_sweep_spec(text);
}

// The message of the SweepError `action` throws; a test failure when it throws none.
template <typename Action>
std::string sweep_error(Action action) {
  try {
    action();
  } catch (const SweepError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no SweepError";
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SweepSpec, ReadsPathAndRange) {
  const SweepSpec read = spec("journey[signup].functional.success=0.8:0.99:5");
  EXPECT_EQ(read.text, "journey[signup].functional.success=0.8:0.99:5");
  EXPECT_EQ(read.path, "journey[signup].functional.success");
  EXPECT_EQ(read.lo, 0.8);
  EXPECT_EQ(read.hi, 0.99);
  EXPECT_EQ(read.steps, 5);

  const SweepSpec negative = spec("segments[0].initial_perception=-0.5:5e-1:2");
  EXPECT_EQ(negative.lo, -0.5);
  EXPECT_EQ(negative.hi, 0.5);
  EXPECT_EQ(negative.steps, 2);
  // The range follows the last '=': a segment name may hold one.
  EXPECT_EQ(spec("segments[a=b].revenue.monthly_mean=1:2:3").path,
            "segments[a=b].revenue.monthly_mean");
  EXPECT_EQ(spec("perception.memory=0:1:1000").steps, 1000);
  EXPECT_EQ(spec("perception.memory=0:1:4.0").steps, 4);
}

TEST(SweepSpec, MalformedSpecsSayWhatIsWrong) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"perception.memory", "expected PATH=LO:HI:STEPS"},
      {"=0:1:3", "expected PATH=LO:HI:STEPS"},
      {"perception.memory=0:1", "expected LO:HI:STEPS after '=', such as '0.8:0.99:5', got '0:1'"},
      {"perception.memory=0:1:3:4", "expected LO:HI:STEPS after '='"},
      {"perception.memory=", "expected LO:HI:STEPS after '='"},
      {"perception.memory=low:1:3", "LO must be a number, got 'low'"},
      {"perception.memory=:1:3", "LO must be a number, got ''"},
      {"perception.memory=0:1x:3", "HI must be a number, got '1x'"},
      {"perception.memory=nan:1:3", "LO must be a number, got 'nan'"},
      {"perception.memory=0:inf:3", "HI must be a number, got 'inf'"},
      {"perception.memory=0.9:0.1:3", "LO must be less than HI, got LO 0.9 and HI 0.1"},
      {"perception.memory=0.5:0.5:3", "LO must be less than HI"},
      {"perception.memory=0:1:1", "STEPS must be a whole number from 2 to 1000, got '1'"},
      {"perception.memory=0:1:0", "STEPS must be a whole number from 2 to 1000, got '0'"},
      {"perception.memory=0:1:-3", "STEPS must be a whole number from 2 to 1000, got '-3'"},
      {"perception.memory=0:1:2.5", "STEPS must be a whole number from 2 to 1000, got '2.5'"},
      {"perception.memory=0:1:1001", "STEPS must be a whole number from 2 to 1000, got '1001'"},
      {"perception.memory=0:1:many", "STEPS must be a whole number from 2 to 1000, got 'many'"},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    const std::string message = sweep_error([&] { spec(text); });
    EXPECT_TRUE(message.starts_with("--vary " + text + ": ")) << message;
    EXPECT_TRUE(contains(message, expected)) << message;
  }
}

TEST(SweepSpec, ValuesAreEvenlySpacedWithExactEnds) {
  EXPECT_EQ(sweep_values(spec("x=0:1:5")), (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_EQ(sweep_values(spec("x=-2:2:2")), (std::vector<double>{-2.0, 2.0}));
  const std::vector<double> values = sweep_values(spec("x=0.1:0.7:7"));
  ASSERT_EQ(values.size(), 7u);
  EXPECT_EQ(values.front(), 0.1);
  EXPECT_EQ(values.back(), 0.7);
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_NEAR(values[i], 0.1 + 0.1 * static_cast<double>(i), 1e-15);
  }
}

TEST(ParameterPath, ResolvesIndicesAndNames) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"journey[0].functional.success", "journey[0].functional.success"},
      {"journey[signup].functional.success", "journey[0].functional.success"},
      {"journey[support].emotional.recovery", "journey[1].emotional.recovery"},
      {"journey[support].when.probability", "journey[1].when.probability"},
      {"segments[smb].retention.monthly_churn", "segments[0].retention.monthly_churn"},
      {"segments[mid market].retention.beta", "segments[1].retention.beta"},
      {"segments[1].revenue.monthly_mean", "segments[1].revenue.monthly_mean"},
      {"perception.memory", "perception.memory"},
      {"finance.discount_rate", "finance.discount_rate"},
      {"fixes[0].changes[0].add.functional.success", "fixes[0].changes[0].add.functional.success"},
      {"fixes[better_signup].changes[0].add.functional.success",
       "fixes[0].changes[0].add.functional.success"},
      {"fixes[outreach].add_touchpoints[rescue].emotional.tone",
       "fixes[1].add_touchpoints[0].emotional.tone"},
      {"fixes[1].add_touchpoints[rescue].emotional.tone",
       "fixes[1].add_touchpoints[0].emotional.tone"},
      {"fixes[outreach].add_touchpoints[0].emotional.tone",
       "fixes[1].add_touchpoints[0].emotional.tone"},
      {"fixes[outreach].cost.one_time", "fixes[1].cost.one_time"},
  };
  for (const auto& [path, index_form] : cases) {
    SCOPED_TRACE(path);
    EXPECT_EQ(resolve_parameter_path(scenario, path), index_form);
  }
}

TEST(ParameterPath, EveryPathOfTheScenarioResolvesToItself) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<std::string> paths = parameter_paths(scenario);
  ASSERT_GT(paths.size(), 50u);
  for (const std::string& path : paths) {
    EXPECT_EQ(resolve_parameter_path(scenario, path), path);
  }
}

TEST(ParameterPath, AnIndexWinsOverANameThatLooksLikeOne) {
  // Segment 0 is named "1": `segments[1]` is segment 1, by index.
  const Scenario scenario = scenario_from_yaml(R"(cxsim: 1
name: numeric names
simulation: {customers: 10, months: 2}
segments:
  - {name: "1", share: 0.5, retention: {model: constant, monthly_churn: 0.1},
     revenue: {monthly_mean: 1}}
  - {name: other, share: 0.5, retention: {model: constant, monthly_churn: 0.2},
     revenue: {monthly_mean: 2}}
journey: []
)");
  EXPECT_EQ(resolve_parameter_path(scenario, "segments[1].revenue.monthly_mean"),
            "segments[1].revenue.monthly_mean");
  EXPECT_EQ(resolve_parameter_path(scenario, "segments[other].revenue.monthly_mean"),
            "segments[1].revenue.monthly_mean");
}

TEST(ParameterPath, AnUnknownPathSuggestsTheClosest) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"journey[0].functional.sucess", "journey[0].functional.success"},
      {"journey[signin].functional.success", "journey[signup].functional.success"},
      {"journey[signup].functional.succes", "journey[signup].functional.success"},
      {"segments[smb].revenue.monthly_man", "segments[smb].revenue.monthly_mean"},
      {"perception.memroy", "perception.memory"},
      // Too long for a whole-path comparison: matched after the start they share.
      {"fixes[outreach].add_touchpoints[rescue].emotional.comunication",
       "fixes[outreach].add_touchpoints[rescue].emotional.communication"},
  };
  for (const auto& [path, suggestion] : cases) {
    SCOPED_TRACE(path);
    const std::string message = sweep_error([&] { resolve_parameter_path(scenario, path); });
    EXPECT_EQ(message, "unknown parameter '" + path + "'; did you mean '" + suggestion + "'?");
  }
  // Not a model parameter at all: how parameters are named.
  const std::string message =
      sweep_error([&] { resolve_parameter_path(scenario, "simulation.customers"); });
  EXPECT_EQ(message,
            "unknown parameter 'simulation.customers'; a parameter is named by its place in the "
            "scenario, such as 'journey[0].functional.success' or 'perception.memory'");
  // An index past the end, and a number the scenario does not have (signup is no trigger).
  for (const std::string path : {"journey[2].functional.success", "journey[0].when.probability"}) {
    EXPECT_TRUE(sweep_error([&] {
                  resolve_parameter_path(scenario, path);
                }).starts_with("unknown parameter"));
  }
}

TEST(ParameterPath, FindsTheNumberAndAPointReplacesIt) {
  Scenario scenario = scenario_from_yaml(kScenario);
  Number* success = find_number(scenario, "journey[0].functional.success");
  ASSERT_NE(success, nullptr);
  EXPECT_EQ(std::get<double>(*success), 0.9);
  EXPECT_EQ(find_number(scenario, "journey[signup].functional.success"), nullptr);
  EXPECT_EQ(find_number(scenario, "no.such.path"), nullptr);

  // A distribution swept becomes the constant.
  const SweepPlan plan = plan_sweep(
      scenario, std::vector<SweepSpec>{spec("journey[signup].functional.effort=0:0.5:3")},
      SweepMode::one_at_a_time);
  ASSERT_EQ(plan.parameters.size(), 1u);
  EXPECT_FALSE(plan.parameters[0].file_value.has_value());
  Scenario at = scenario_at(scenario, plan, plan.points[1]);
  EXPECT_EQ(std::get<double>(*find_number(at, "journey[0].functional.effort")), 0.25);
  EXPECT_TRUE(std::holds_alternative<Distribution>(scenario.journey[0].functional.effort));
  // Everything else as in the file.
  EXPECT_EQ(std::get<double>(at.journey[0].functional.success), 0.9);
}

TEST(SweepPlan, OneAtATimeVariesEachParameterAloneInOrder) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<SweepSpec> specs{spec("journey[signup].functional.success=0.7:0.9:3"),
                                     spec("perception.memory=0.5:0.9:2")};
  const SweepPlan plan = plan_sweep(scenario, specs, SweepMode::one_at_a_time);
  ASSERT_EQ(plan.parameters.size(), 2u);
  EXPECT_EQ(plan.parameters[0].path, "journey[0].functional.success");
  EXPECT_EQ(plan.parameters[0].file_value, 0.9);
  EXPECT_EQ(plan.parameters[1].path, "perception.memory");
  EXPECT_EQ(plan.parameters[1].file_value, 0.7);
  ASSERT_EQ(plan.points.size(), 5u);
  const std::vector<std::pair<std::size_t, double>> expected{
      {0, 0.7}, {0, 0.8}, {0, 0.9}, {1, 0.5}, {1, 0.9}};
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    SCOPED_TRACE(p);
    const auto [varied, value] = expected[p];
    EXPECT_EQ(plan.points[p].varied, varied);
    ASSERT_EQ(plan.points[p].values.size(), 2u);
    ASSERT_TRUE(plan.points[p].values[varied].has_value());
    EXPECT_NEAR(*plan.points[p].values[varied], value, 1e-15);
    EXPECT_FALSE(plan.points[p].values[1 - varied].has_value());
    const Scenario at = scenario_at(scenario, plan, plan.points[p]);
    EXPECT_NEAR(std::get<double>(at.journey[0].functional.success), varied == 0 ? value : 0.9,
                1e-15);
    EXPECT_NEAR(std::get<double>(at.perception.memory), varied == 1 ? value : 0.7, 1e-15);
  }
}

TEST(SweepPlan, GridIsTheProductWithTheLastParameterFastest) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<SweepSpec> specs{spec("journey[signup].functional.success=0.7:0.9:3"),
                                     spec("perception.memory=0.5:0.9:2")};
  const SweepPlan plan = plan_sweep(scenario, specs, SweepMode::grid);
  const std::vector<std::pair<double, double>> expected{{0.7, 0.5}, {0.7, 0.9}, {0.8, 0.5},
                                                        {0.8, 0.9}, {0.9, 0.5}, {0.9, 0.9}};
  ASSERT_EQ(plan.points.size(), expected.size());
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    SCOPED_TRACE(p);
    EXPECT_FALSE(plan.points[p].varied.has_value());
    ASSERT_TRUE(plan.points[p].values[0] && plan.points[p].values[1]);
    EXPECT_NEAR(*plan.points[p].values[0], expected[p].first, 1e-15);
    EXPECT_EQ(*plan.points[p].values[1], expected[p].second);
  }
}

TEST(SweepPlan, RefusesAGridOfMoreThanAThousandPoints) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  std::vector<SweepSpec> specs{spec("perception.memory=0.1:0.9:10"),
                               spec("perception.fade=0:0.1:10"),
                               spec("perception.trust_rate=0.1:0.5:10")};
  EXPECT_EQ(plan_sweep(scenario, specs, SweepMode::grid).points.size(), 1000u);
  specs.back() = spec("perception.trust_rate=0.1:0.5:11");
  const std::string message = sweep_error([&] { plan_sweep(scenario, specs, SweepMode::grid); });
  EXPECT_TRUE(contains(message, "10 x 10 x 11 = 1100 points, more than the 1000")) << message;
  // One at a time, the same specs make 31 points.
  EXPECT_EQ(plan_sweep(scenario, specs, SweepMode::one_at_a_time).points.size(), 31u);
}

TEST(SweepPlan, RefusesUnknownPathsRepeatsAndNothingToVary) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<SweepSpec> unknown{spec("journey[signup].functional.sucess=0.5:1:3")};
  EXPECT_EQ(sweep_error([&] { plan_sweep(scenario, unknown, SweepMode::one_at_a_time); }),
            "--vary journey[signup].functional.sucess=0.5:1:3: unknown parameter "
            "'journey[signup].functional.sucess'; did you mean "
            "'journey[signup].functional.success'?");
  const std::vector<SweepSpec> twice{spec("journey[0].functional.success=0.5:1:3"),
                                     spec("journey[signup].functional.success=0.6:1:2")};
  EXPECT_EQ(sweep_error([&] { plan_sweep(scenario, twice, SweepMode::grid); }),
            "--vary journey[signup].functional.success=0.6:1:2: journey[0].functional.success is "
            "already varied by --vary journey[0].functional.success=0.5:1:3");
  EXPECT_TRUE(sweep_error([&] {
                plan_sweep(scenario, std::vector<SweepSpec>{}, SweepMode::one_at_a_time);
              }).starts_with("no --vary given"));
}

TEST(SweepCheck, BlamesAnOutOfRangeValueOnItsVary) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const ScenarioReading reading = read_scenario_text(kScenario, "test.yaml");
  const std::vector<SweepSpec> specs{spec("perception.memory=0.5:0.9:2"),
                                     spec("journey[signup].functional.success=0.8:1.2:3")};
  for (const SweepMode mode : {SweepMode::one_at_a_time, SweepMode::grid}) {
    const SweepPlan plan = plan_sweep(scenario, specs, mode);
    const std::vector<InvalidPoint> invalid = check_sweep(scenario, reading.source_map, plan);
    // 1.0 is fine alone, but better_signup adds 0.05 to it; 1.2 is out of range itself.
    ASSERT_EQ(invalid.size(), 2u);
    EXPECT_EQ(invalid[0].values, (std::vector<std::pair<std::size_t, double>>{{1, 1.0}}));
    ASSERT_EQ(invalid[0].problems.size(), 1u);
    EXPECT_EQ(to_string(invalid[0].problems[0]),
              "test.yaml:22:62: fixes[0].changes[0].add.functional.success: takes the value to "
              "1.05 (from 1); it must be in [0, 1]");
    EXPECT_EQ(invalid[1].values, (std::vector<std::pair<std::size_t, double>>{{1, 1.2}}));
    ASSERT_FALSE(invalid[1].problems.empty());
    EXPECT_EQ(to_string(invalid[1].problems[0]),
              "test.yaml:16:27: journey[0].functional.success: must be in [0, 1], got 1.2");
  }
  const SweepPlan fine = plan_sweep(
      scenario, std::vector<SweepSpec>{spec("perception.memory=0.5:0.9:2")}, SweepMode::grid);
  EXPECT_TRUE(check_sweep(scenario, reading.source_map, fine).empty());
}

TEST(SweepCheck, InAGridChecksTheCombinationsToo) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const ScenarioReading reading = read_scenario_text(kScenario, "test.yaml");
  // Each value is fine with the other at its file value (0.94 + 0.05, 0.9 + 0.09), but
  // 0.94 + 0.09 is not.
  const std::vector<SweepSpec> specs{
      spec("journey[signup].functional.success=0.6:0.94:2"),
      spec("fixes[better_signup].changes[0].add.functional.success=0.02:0.09:2")};
  EXPECT_TRUE(check_sweep(scenario, reading.source_map,
                          plan_sweep(scenario, specs, SweepMode::one_at_a_time))
                  .empty());
  const std::vector<InvalidPoint> invalid =
      check_sweep(scenario, reading.source_map, plan_sweep(scenario, specs, SweepMode::grid));
  ASSERT_EQ(invalid.size(), 1u);
  EXPECT_EQ(invalid[0].values, (std::vector<std::pair<std::size_t, double>>{{0, 0.94}, {1, 0.09}}));
  ASSERT_EQ(invalid[0].problems.size(), 1u);
  EXPECT_EQ(invalid[0].problems[0].path, "fixes[0].changes[0].add.functional.success");
}

// Sweeping a constant churn θ with the perception and effort effects and defection at 0: every
// point's retention is (1 − θ)^H within its own interval, and, on shared random numbers, falls
// strictly as θ rises.
TEST(SweepRun, ConstantChurnSweepMatchesItsClosedFormAtEveryPoint) {
  const Scenario scenario = scenario_from_yaml(R"(cxsim: 1
name: constant churn sweep
simulation: {customers: 20000, months: 12, seed: 17, confidence: 0.999}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.05}, revenue: {monthly_mean: 10}}
journey:
  - {id: signup, when: {month: 0}, functional: {success: 0.7, effort: 0.8},
     emotional: {tone: -0.5}}
  - {id: usage, when: {rate: 1}, functional: {success: 0.6, effort: 0.5}}
retention: {perception_effect: 0, effort_effect: 0, defect_on_failure: 0}
fixes:
  - id: smoother
    changes: [{touchpoint: usage, set: {functional.success: 0.95}}]
)");
  const SweepPlan plan = plan_sweep(
      scenario, std::vector<SweepSpec>{spec("segments[all].retention.monthly_churn=0.02:0.1:3")},
      SweepMode::one_at_a_time);
  ASSERT_EQ(plan.points.size(), 3u);
  const std::vector<SweepPointOutcome> outcomes = run_sweep(scenario, plan, {2, {}});
  ASSERT_EQ(outcomes.size(), 3u);
  const std::vector<double> churn{0.02, 0.06, 0.1};
  for (std::size_t p = 0; p < outcomes.size(); ++p) {
    const double exact = std::pow(1.0 - churn[p], 12);
    ASSERT_EQ(outcomes[p].size(), 2u);
    for (const SweepVariantOutcome& variant : outcomes[p]) {
      SCOPED_TRACE("θ " + std::to_string(churn[p]) + ", " + variant.variant + ", " +
                   testing::replay(scenario));
      EXPECT_LE(variant.retention.lo, exact) << variant.retention.mean;
      EXPECT_GE(variant.retention.hi, exact) << variant.retention.mean;
      EXPECT_LT(variant.retention.lo, variant.retention.hi);
    }
    if (p > 0) {
      EXPECT_LT(outcomes[p][0].retention.mean, outcomes[p - 1][0].retention.mean);
    }
  }
}

// Points share random numbers: a parameter that changes nothing but the discounting leaves
// retention the same to the last bit at every point, and NPV falls as the discount rate rises.
TEST(SweepRun, PointsShareRandomNumbers) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const SweepPlan plan = plan_sweep(
      scenario, std::vector<SweepSpec>{spec("finance.discount_rate=0:0.5:3")}, SweepMode::grid);
  std::size_t calls = 0;
  const std::vector<SweepPointOutcome> outcomes =
      run_sweep(scenario, plan, {1, [&](std::size_t done, std::size_t total) {
                                   EXPECT_EQ(done, ++calls);
                                   EXPECT_EQ(total, 3u);
                                 }});
  EXPECT_EQ(calls, 3u);
  ASSERT_EQ(outcomes.size(), 3u);
  const std::vector<std::string> variants{"baseline", "better_signup", "outreach", "all_fixes"};
  for (std::size_t p = 0; p < outcomes.size(); ++p) {
    ASSERT_EQ(outcomes[p].size(), variants.size());
    for (std::size_t v = 0; v < variants.size(); ++v) {
      EXPECT_EQ(outcomes[p][v].variant, variants[v]);
      EXPECT_EQ(outcomes[p][v].delta_npv.has_value(), v > 0);
      EXPECT_EQ(outcomes[p][v].retention.mean, outcomes[0][v].retention.mean);
      EXPECT_EQ(outcomes[p][v].retention.lo, outcomes[0][v].retention.lo);
      if (p > 0) {
        EXPECT_LT(outcomes[p][v].npv.mean, outcomes[p - 1][v].npv.mean);
      }
    }
  }
}

// A made-up outcome: a fix's net value is its Δ NPV less a cost of `cost`.
SweepVariantOutcome outcome(std::string variant, double npv, std::optional<double> delta,
                            double cost = 10.0) {
  SweepVariantOutcome made{
      std::move(variant), {0.5, 0.4, 0.6}, {npv, npv - 1, npv + 1}, {}, {}, {}};
  if (delta) {
    made.delta_npv = Estimate{*delta, *delta - 2, *delta + 2};
    made.net_value = Estimate{*delta - cost, *delta - cost - 2, *delta - cost + 2};
    made.roi = Estimate{0.5, 0.25, 0.75};
  }
  return made;
}

TEST(SweepTornado, BarsAreSortedBySwingLargestFirst) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<SweepSpec> specs{spec("perception.memory=0.5:0.9:2"),
                                     spec("journey[signup].functional.success=0.7:0.9:3")};
  const SweepPlan plan = plan_sweep(scenario, specs, SweepMode::one_at_a_time);
  ASSERT_EQ(plan.points.size(), 5u);
  // Δ NPV per point for fixes a and b.
  const std::vector<std::pair<double, double>> deltas{{10, 20},
                                                      {13, 50},  // memory: swings 3 and 30
                                                      {100, 5},
                                                      {0, 0},
                                                      {-20, 15}};  // success: swings 120 and 10
  std::vector<SweepPointOutcome> outcomes;
  for (const auto& [a, b] : deltas) {
    outcomes.push_back(
        {outcome("baseline", 1000, std::nullopt), outcome("a", 0, a), outcome("b", 0, b)});
  }
  const std::vector<TornadoBar> bars = tornado(plan, outcomes);
  ASSERT_EQ(bars.size(), 4u);
  const std::vector<std::tuple<std::size_t, std::string, double, double, double>> expected{
      {1, "a", 100, -20, 120}, {0, "b", 20, 50, 30}, {1, "b", 5, 15, 10}, {0, "a", 10, 13, 3}};
  for (std::size_t i = 0; i < bars.size(); ++i) {
    SCOPED_TRACE(i);
    const auto& [parameter, variant, lo, hi, swing] = expected[i];
    EXPECT_EQ(bars[i].parameter, parameter);
    EXPECT_EQ(bars[i].variant, variant);
    EXPECT_EQ(bars[i].at_lo.mean, lo);
    EXPECT_EQ(bars[i].at_lo.lo, lo - 2);
    EXPECT_EQ(bars[i].at_hi.mean, hi);
    EXPECT_EQ(bars[i].swing, swing);
  }

  EXPECT_THROW(tornado(plan_sweep(scenario, specs, SweepMode::grid), outcomes), std::logic_error);
}

// Fixes that override a swept parameter share its swing but for the last bits of their sums:
// those bits must not order them.
TEST(SweepTornado, SwingsEqualButForRoundingKeepVariantOrder) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const SweepPlan plan =
      plan_sweep(scenario, std::vector<SweepSpec>{spec("perception.memory=0.5:0.9:2")},
                 SweepMode::one_at_a_time);
  const double larger_by_a_bit = std::nextafter(1e8, 2e8);
  const std::vector<SweepPointOutcome> outcomes{
      {outcome("baseline", 1000, std::nullopt), outcome("a", 0, 0.0), outcome("b", 0, 0.0)},
      {outcome("baseline", 1000, std::nullopt), outcome("a", 0, 1e8),
       outcome("b", 0, larger_by_a_bit)}};
  const std::vector<TornadoBar> bars = tornado(plan, outcomes);
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bars[0].variant, "a");
  EXPECT_EQ(bars[1].variant, "b");
  EXPECT_EQ(bars[1].swing, larger_by_a_bit);
}

// The net-value tornado: a parameter that moves a fix's cost swings its net value even where
// its Δ NPV stays.
TEST(SweepTornado, TheNetValueTornadoCountsTheCost) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<SweepSpec> specs{spec("perception.memory=0.5:0.9:2"),
                                     spec("fixes[outreach].cost.monthly=0:100:2")};
  const SweepPlan plan = plan_sweep(scenario, specs, SweepMode::one_at_a_time);
  ASSERT_EQ(plan.points.size(), 4u);
  // (Δ NPV, cost) of the one fix at each point: memory moves Δ NPV by 5, the cost by 40.
  const std::vector<std::pair<double, double>> points{{20, 10}, {25, 10}, {20, 10}, {20, 50}};
  std::vector<SweepPointOutcome> outcomes;
  for (const auto& [delta, cost] : points) {
    outcomes.push_back({outcome("baseline", 1000, std::nullopt), outcome("a", 0, delta, cost)});
  }
  const std::vector<TornadoBar> delta_npv = tornado(plan, outcomes, TornadoFigure::delta_npv);
  ASSERT_EQ(delta_npv.size(), 2u);
  EXPECT_EQ(delta_npv[0].parameter, 0u);
  EXPECT_EQ(delta_npv[0].swing, 5.0);
  EXPECT_EQ(delta_npv[1].swing, 0.0);
  const std::vector<TornadoBar> net_value = tornado(plan, outcomes, TornadoFigure::net_value);
  ASSERT_EQ(net_value.size(), 2u);
  EXPECT_EQ(net_value[0].parameter, 1u);
  EXPECT_EQ(net_value[0].at_lo.mean, 10.0);
  EXPECT_EQ(net_value[0].at_hi.mean, -30.0);
  EXPECT_EQ(net_value[0].swing, 40.0);
  EXPECT_EQ(net_value[1].swing, 5.0);
}

TEST(SweepTornado, WithoutFixesItIsTheBaselinesNpv) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const SweepPlan plan =
      plan_sweep(scenario, std::vector<SweepSpec>{spec("perception.memory=0.5:0.9:3")},
                 SweepMode::one_at_a_time);
  const std::vector<SweepPointOutcome> outcomes{{outcome("baseline", 700, std::nullopt)},
                                                {outcome("baseline", 650, std::nullopt)},
                                                {outcome("baseline", 400, std::nullopt)}};
  const std::vector<TornadoBar> bars = tornado(plan, outcomes);
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].variant, "baseline");
  EXPECT_EQ(bars[0].at_lo.mean, 700);
  EXPECT_EQ(bars[0].at_hi.mean, 400);
  EXPECT_EQ(bars[0].at_hi.hi, 401);
  EXPECT_EQ(bars[0].swing, 300);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  return lines;
}

TEST(SweepCsv, OneRowPerPointAndVariantWithTheFilesValuesForTheOthers) {
  const Scenario scenario = scenario_from_yaml(kScenario);
  const std::vector<SweepSpec> specs{spec("perception.memory=0.5:0.9:2"),
                                     spec("journey[signup].functional.effort=0.1:0.3:2"),
                                     spec("segments[mid market].revenue.monthly_mean=800:1000:2")};
  const SweepPlan plan = plan_sweep(scenario, specs, SweepMode::one_at_a_time);
  std::vector<SweepPointOutcome> outcomes;
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    outcomes.push_back({outcome("baseline", 1000.5, std::nullopt),
                        outcome("better_signup", 0, 12.25 + static_cast<double>(p))});
  }
  const std::vector<std::string> lines = lines_of(sweep_csv(plan, outcomes));
  ASSERT_EQ(lines.size(), 1 + 6 * 2u);
  EXPECT_EQ(lines[0],
            "perception.memory,journey[signup].functional.effort,segments[mid market].revenue."
            "monthly_mean,variant,retention_mean,retention_lo,retention_hi,npv_mean,npv_lo,npv_hi,"
            "delta_npv_mean,delta_npv_lo,delta_npv_hi,net_value_mean,net_value_lo,net_value_hi,"
            "roi_mean,roi_lo,roi_hi");
  // The effort is a distribution in the file: empty where the point keeps it.
  EXPECT_EQ(lines[1],
            "0.5,,900,baseline,0.5,0.40000000000000002,0.59999999999999998,1000.5,"
            "999.5,1001.5,,,,,,,,,");
  EXPECT_EQ(lines[2],
            "0.5,,900,better_signup,0.5,0.40000000000000002,0.59999999999999998,0,-1,"
            "1,12.25,10.25,14.25,2.25,0.25,4.25,0.5,0.25,0.75");
  EXPECT_TRUE(lines[5].starts_with("0.7,0.1,900,baseline,")) << lines[5];
  EXPECT_TRUE(lines[12].starts_with("0.7,,1000,better_signup,")) << lines[12];
  EXPECT_TRUE(lines[12].ends_with(",17.25,15.25,19.25,7.25,5.25,9.25,0.5,0.25,0.75")) << lines[12];

  // A header field with a comma is quoted.
  const Scenario commas = scenario_from_yaml(R"(cxsim: 1
name: commas
simulation: {customers: 10, months: 2}
segments:
  - {name: "SMB, EU", retention: {model: constant, monthly_churn: 0.1}, revenue: {monthly_mean: 1}}
journey: []
)");
  const SweepPlan quoted = plan_sweep(
      commas, std::vector<SweepSpec>{spec("segments[SMB, EU].revenue.monthly_mean=1:2:2")},
      SweepMode::grid);
  const std::vector<SweepPointOutcome> two{{outcome("baseline", 1, std::nullopt)},
                                           {outcome("baseline", 2, std::nullopt)}};
  EXPECT_TRUE(lines_of(sweep_csv(quoted, two))[0].starts_with(
      "\"segments[SMB, EU].revenue.monthly_mean\",variant,"));
}

}  // namespace
}  // namespace cxsim
