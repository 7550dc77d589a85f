// A segment's retention models (docs/scenarios.md#segments) and its acquisition
// (docs/scenarios.md#acquisition): each form read back.
#include <gtest/gtest.h>

#include <variant>

#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::constant_of;
using testing::expect_distribution;
using testing::load_valid;

TEST(SegmentRetention, ConstantChurn) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: constant
simulation: {customers: 100, months: 12}
segments:
  - name: everyone
    retention: {model: constant, monthly_churn: 0.035}
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* constant = std::get_if<ConstantChurn>(&scenario.segments[0].retention);
  ASSERT_NE(constant, nullptr);
  EXPECT_DOUBLE_EQ(constant_of(constant->monthly_churn), 0.035);
}

TEST(SegmentRetention, ShiftedBetaGeometricWithTenure) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: sbg with tenure
simulation: {customers: 100, months: 12}
segments:
  - name: survivors
    retention:
      model: sbg
      alpha: 0.7
      beta: 3.8
      tenure: 12
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* sbg = std::get_if<ShiftedBetaGeometric>(&scenario.segments[0].retention);
  ASSERT_NE(sbg, nullptr);
  EXPECT_DOUBLE_EQ(constant_of(sbg->alpha), 0.7);
  EXPECT_DOUBLE_EQ(constant_of(sbg->beta), 3.8);
  EXPECT_EQ(sbg->tenure, 12);
}

TEST(SegmentRetention, ShiftedBetaGeometricWithoutTenureIsANewCohort) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: sbg new cohort
simulation: {customers: 100, months: 12}
segments:
  - name: new
    retention: {model: sbg, alpha: 1.2, beta: 5}
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* sbg = std::get_if<ShiftedBetaGeometric>(&scenario.segments[0].retention);
  ASSERT_NE(sbg, nullptr);
  EXPECT_DOUBLE_EQ(constant_of(sbg->alpha), 1.2);
  EXPECT_DOUBLE_EQ(constant_of(sbg->beta), 5.0);
  EXPECT_EQ(sbg->tenure, 0);
}

TEST(SegmentRetention, ShiftedBetaGeometricParametersMayBeDistributions) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: uncertain sbg
simulation: {customers: 100, months: 12}
segments:
  - name: everyone
    retention:
      model: sbg
      alpha: {lognormal: {mean: 0.7, sd: 0.1}}
      beta: {uniform: [3, 4.5]}
    revenue: {monthly_mean: 10}
journey: []
)");
  ASSERT_EQ(scenario.segments.size(), 1u);
  const auto* sbg = std::get_if<ShiftedBetaGeometric>(&scenario.segments[0].retention);
  ASSERT_NE(sbg, nullptr);
  expect_distribution(sbg->alpha, "lognormal", {0.7, 0.1});
  expect_distribution(sbg->beta, "uniform", {3.0, 4.5});
}

TEST(SegmentAcquisition, AbsentIsNone) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: no acquisition
simulation: {customers: 100, months: 12}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.02}, revenue: {monthly_mean: 10}}]
journey: []
)");
  EXPECT_FALSE(scenario.segments[0].acquisition.has_value());
}

TEST(SegmentAcquisition, OneNumberGrownEachMonthOrAListOneNumberAMonth) {
  const Scenario scenario = load_valid(R"(cxsim: 1
name: acquisition
simulation: {customers: 1000, months: 12}
population: {size: 10000}
segments:
  - name: grown
    share: 0.5
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 10}
    acquisition: {per_month: {uniform: [400, 600]}, growth: 0.02}
  - name: listed
    share: 0.5
    retention: {model: sbg, alpha: 1, beta: 4, tenure: 6}
    revenue: {monthly_mean: 10}
    acquisition:
      per_month: [100, 0, 250]
journey: []
)");
  const Acquisition& grown = scenario.segments[0].acquisition.value();
  EXPECT_FALSE(grown.listed);
  ASSERT_EQ(grown.per_month.size(), 1u);
  expect_distribution(grown.per_month[0], "uniform", {400, 600});
  EXPECT_DOUBLE_EQ(constant_of(grown.growth), 0.02);
  const Acquisition& listed = scenario.segments[1].acquisition.value();
  EXPECT_TRUE(listed.listed);
  ASSERT_EQ(listed.per_month.size(), 3u);
  EXPECT_DOUBLE_EQ(constant_of(listed.per_month[1]), 0.0);
  EXPECT_DOUBLE_EQ(constant_of(listed.per_month[2]), 250.0);
  EXPECT_DOUBLE_EQ(constant_of(listed.growth), 0.0);
}

}  // namespace
}  // namespace cxsim
