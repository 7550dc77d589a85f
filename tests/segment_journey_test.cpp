// Journeys per segment (docs/model.md#journeys-per-segment): a touchpoint limited to some
// segments, a segment's own parameters and sensitivities at a touchpoint. Counts against their
// closed forms given the customers each segment drew, within a 99.9% interval (fixed seeds); the
// customers of a segment without its own parameters against a run without any, bit for bit.
#include <gtest/gtest.h>

#include <bit>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/block_totals.hpp"
#include "engine/compilation.hpp"
#include "engine/lane_kernel.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "model/compiled_run.hpp"
#include "scenario/variants.hpp"

namespace cxsim {
namespace {

constexpr std::uint32_t kCustomers = 20'000;

// Two segments that never leave (no churn, no defection, no effect of perception or effort), so
// that each customer has every month of the horizon, and the journey and segments' extra keys
// given.
std::string scenario_text(std::string_view journey, std::string_view a_extra = "",
                          std::string_view retention =
                              "perception_effect: 0, effort_effect: 0, "
                              "defect_on_failure: 0") {
  return std::string(R"(cxsim: 1
name: segment journeys
simulation: {customers: 1000, months: 6, seed: 23}
segments:
  - {name: a, share: 0.3, retention: {model: constant, monthly_churn: 0}, revenue: {monthly_mean: 10})") +
         std::string(a_extra) + R"(}
  - {name: b, share: 0.7, retention: {model: constant, monthly_churn: 0}, revenue: {monthly_mean: 10}}
journey:
)" + std::string(journey) +
         "\nretention: {" + std::string(retention) + "}\n";
}

struct Simulated {
  CompiledRun run;
  BlockTotals totals;
};

Simulated simulate(const Scenario& scenario, std::uint32_t customers = kCustomers) {
  CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  BlockTotals totals(run.variant_count, run.months, run.touchpoint_count,
                     static_cast<int>(run.segments.size()));
  simulate_customers_in_lanes(run, 0, customers, totals);
  return {std::move(run), std::move(totals)};
}

// A count within z·sd of its expectation, z two-sided at 99.9%.
void expect_count_within(double count, double mean, double variance, const std::string& what) {
  const double z = boost::math::quantile(boost::math::normal(), 0.9995);
  EXPECT_LE(std::abs(count - mean), z * std::sqrt(variance))
      << what << ": " << count << ", expected " << mean;
}

TEST(SegmentJourney, ATouchpointLimitedToASegmentIsMetByItsCustomersAlone) {
  const Scenario scenario = testing::scenario_from_yaml(scenario_text(
      "  - {id: calls, segments: [a], when: {rate: 1.5}, functional: {success: 0.8}}"));
  const Simulated simulated = simulate(scenario);
  const double months = scenario.simulation.months;
  const double a_months = simulated.totals.segment_customers(0) * months;
  ASSERT_GT(simulated.totals.segment_customers(1), 0.0);
  // Poisson(1.5) a customer-month of segment a, none for b.
  const double events = simulated.totals.touchpoint(0, 0, TouchpointMetric::events);
  expect_count_within(events, 1.5 * a_months, 1.5 * a_months, "events");
}

TEST(SegmentJourney, ASegmentsOwnSuccessIsItsCustomersFailureShare) {
  const Scenario scenario = testing::scenario_from_yaml(
      scenario_text("  - {id: check_in, when: {every: 1}, functional: {success: 0.9}}",
                    ", touchpoints: {check_in: {functional.success: 0.4}}"));
  const Simulated simulated = simulate(scenario);
  const double months = scenario.simulation.months;
  const double a_months = simulated.totals.segment_customers(0) * months;
  const double b_months = simulated.totals.segment_customers(1) * months;
  EXPECT_EQ(simulated.totals.touchpoint(0, 0, TouchpointMetric::events), a_months + b_months);
  // Binomial failures: a's at 1 − 0.4, b's at 1 − 0.9.
  expect_count_within(simulated.totals.touchpoint(0, 0, TouchpointMetric::failures),
                      a_months * 0.6 + b_months * 0.1, a_months * 0.6 * 0.4 + b_months * 0.1 * 0.9,
                      "failures");
}

// With perception and defection moving churn, segment a's own parameters and sensitivities
// change a's customers' journeys and leave b's customers' as they were, bit for bit: a
// customer's draws are keyed by the touchpoint, not by its segment's parameters there.
TEST(SegmentJourney, CustomersOfOtherSegmentsAreUnaffected) {
  constexpr std::string_view kJourney =
      "  - {id: usage, when: {rate: 2}, functional: {success: 0.8}, emotional: {tone: 0.2}}\n"
      "  - {id: help, when: {after: usage, on: failure, probability: 0.6},\n"
      "     functional: {success: 0.7}}";
  constexpr std::string_view kRetention = "defect_on_failure: 0.05";
  const auto churning = [](std::string text) {
    const std::string none = "monthly_churn: 0}";
    for (std::size_t at = text.find(none); at != std::string::npos; at = text.find(none, at)) {
      text.replace(at, none.size(), "monthly_churn: 0.02}");
    }
    return text;
  };
  const Scenario plain =
      testing::scenario_from_yaml(churning(scenario_text(kJourney, "", kRetention)));
  const Scenario own = testing::scenario_from_yaml(churning(scenario_text(
      kJourney,
      ", touchpoints: {usage: {functional.success: 0.5, sensitivity: {emotional: 3}}, "
      "help: {functional.success: 0.2}}",
      kRetention)));
  const Simulated a = simulate(plain, 3000);
  const Simulated b = simulate(own, 3000);
  ASSERT_EQ(b.run.kernel_touchpoint_count, 4);
  EXPECT_EQ(a.totals.segment_customers(1), b.totals.segment_customers(1));
  bool a_differs = false;
  for (int t = 0; t < plain.simulation.months; ++t) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.totals.segment_departures(0, 1, t)),
              std::bit_cast<std::uint64_t>(b.totals.segment_departures(0, 1, t)))
        << "month " << t;
    a_differs =
        a_differs || a.totals.segment_departures(0, 0, t) != b.totals.segment_departures(0, 0, t);
  }
  EXPECT_TRUE(a_differs);
}

// Base → the segment's own values → the fix: a fix's change applies to the segment's copy too.
TEST(SegmentJourney, AFixAppliesOnTopOfASegmentsOwnParameters) {
  const Scenario scenario = testing::scenario_from_yaml(
      scenario_text("  - {id: check_in, when: {every: 1}, functional: {success: 0.7}}",
                    ", touchpoints: {check_in: {functional.success: 0.4, "
                    "sensitivity: {functional: 2}}}") +
      "fixes:\n  - {id: better, changes: [{touchpoint: check_in, add: {functional.success: "
      "0.2}}]}\n");
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  ASSERT_EQ(run.touchpoint_count, 1);
  ASSERT_EQ(run.kernel_touchpoint_count, 2);
  EXPECT_EQ(run.run_touchpoint[1], 0);
  EXPECT_EQ(run.segments_meeting[0], 0b10U);  // b
  EXPECT_EQ(run.segments_meeting[1], 0b01U);  // a's own
  EXPECT_DOUBLE_EQ(run.at(0, 0, 0).success, 0.7);
  EXPECT_DOUBLE_EQ(run.at(0, 0, 1).success, 0.4);
  EXPECT_DOUBLE_EQ(run.at(1, 0, 0).success, 0.9);
  EXPECT_DOUBLE_EQ(run.at(1, 0, 1).success, 0.6);
  EXPECT_EQ(run.at(1, 0, 0).functional_sensitivity, 1.0);
  EXPECT_EQ(run.at(1, 0, 1).functional_sensitivity, 2.0);
}

TEST(SegmentJourney, TheLoaderReadsASegmentsTouchpointsAndATouchpointsSegments) {
  const Scenario scenario = testing::scenario_from_yaml(
      scenario_text("  - {id: check_in, segments: [b, a], when: {every: 1}}",
                    ", touchpoints: {check_in: {functional.success: 0.4, emotional.tone: 0.3,\n"
                    "     sensitivity: {emotional: 2, sensory: 0.5}}}"));
  EXPECT_EQ(scenario.journey[0].segments, (std::vector<std::string>{"b", "a"}));
  ASSERT_EQ(scenario.segments[0].touchpoints.size(), 1U);
  const SegmentTouchpoint& own = scenario.segments[0].touchpoints[0];
  EXPECT_EQ(own.touchpoint, "check_in");
  ASSERT_EQ(own.parameters.size(), 2U);
  EXPECT_EQ(own.parameters[0].parameter, "functional.success");
  EXPECT_EQ(std::get<double>(own.parameters[0].value), 0.4);
  EXPECT_EQ(own.parameters[1].parameter, "emotional.tone");
  EXPECT_EQ(std::get<double>(own.parameters[1].value), 0.3);
  EXPECT_EQ(std::get<double>(own.sensitivity.functional), 1.0);
  EXPECT_EQ(std::get<double>(own.sensitivity.emotional), 2.0);
  EXPECT_EQ(std::get<double>(own.sensitivity.sensory), 0.5);
  EXPECT_TRUE(scenario.segments[1].touchpoints.empty());
}

// Without any segment's own journey the kernel meets the run's touchpoints alone, each by every
// segment.
TEST(SegmentJourney, WithoutThemEverySegmentMeetsEveryTouchpoint) {
  const Scenario scenario = testing::scenario_from_yaml(
      scenario_text("  - {id: check_in, when: {every: 1}, functional: {success: 0.7}}"));
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  EXPECT_EQ(run.kernel_touchpoint_count, run.touchpoint_count);
  EXPECT_EQ(run.segments_meeting[0], 0b11U);
}

}  // namespace
}  // namespace cxsim
