// Parameters drawn together (docs/model.md#uncertain-parameters): each replication, a
// joint_uncertainty block's parameters are their constants plus a multivariate normal draw on
// their scales, from an engine of the block's own, so the draws have the block's mean and
// covariance and no other number's draws move.
#include "scenario/joint_uncertainty.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"

namespace cxsim {
namespace {

using testing::scenario_from_yaml;

constexpr const char* kScenario = R"(cxsim: 1
name: joint draws
simulation: {customers: 100, months: 6, replications: 8, seed: 91}
segments:
  - {name: smb, retention: {model: constant, monthly_churn: 0.03},
     revenue: {monthly_mean: {uniform: [40, 60]}}}
journey:
  - {id: signup, when: {month: 0}, functional: {success: 0.8}, emotional: {tone: 0.1}}
  - {id: support, when: {rate: 0.5}, functional: {success: {beta: [8, 2]}}}
)";

constexpr const char* kJointBlock = R"(joint_uncertainty:
  - parameters:
      - path: journey[signup].functional.success
        scale: logit
      - path: segments[smb].retention.monthly_churn
        scale: log
      - path: journey[signup].emotional.tone
        scale: linear
    covariance: [[0.04, -0.01, 0.002], [-0.01, 0.09, 0.0], [0.002, 0.0, 0.0025]]
)";

const std::vector<std::vector<double>> kCovariance{
    {0.04, -0.01, 0.002}, {-0.01, 0.09, 0.0}, {0.002, 0.0, 0.0025}};
const std::vector<double> kCentres{std::log(0.8 / 0.2), std::log(0.03), 0.1};

double success_of(const Scenario& scenario, std::size_t touchpoint) {
  return value_of(scenario.journey[touchpoint].functional.success);
}
double churn_of(const Scenario& scenario) {
  return value_of(std::get<ConstantChurn>(scenario.segments[0].retention).monthly_churn);
}

// The drawn parameters of kJointBlock on their scales.
std::vector<double> transformed_draw(const Scenario& drawn) {
  const double success = success_of(drawn, 0);
  return {std::log(success / (1.0 - success)), std::log(churn_of(drawn)),
          value_of(drawn.journey[0].emotional.tone)};
}

TEST(JointUncertainty, TheCholeskyFactorReproducesTheCovariance) {
  const auto factor = cholesky_factor(kCovariance);
  ASSERT_TRUE(factor.has_value());
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      double product = 0.0;
      for (std::size_t k = 0; k < 3; ++k) {
        product += (*factor)[i][k] * (*factor)[j][k];
      }
      EXPECT_NEAR(product, kCovariance[i][j], 1e-15) << i << ", " << j;
      if (j > i) {
        EXPECT_EQ((*factor)[i][j], 0.0);
      }
    }
  }
  EXPECT_FALSE(cholesky_factor({{1.0, 1.0}, {1.0, 1.0}}).has_value());   // singular
  EXPECT_FALSE(cholesky_factor({{1.0, 0.5}, {0.4, 1.0}}).has_value());   // asymmetric
  EXPECT_FALSE(cholesky_factor({{1.0, 0.0}, {0.0, -0.1}}).has_value());  // a negative variance
}

TEST(JointUncertainty, ScalesRoundTrip) {
  for (const ParameterScale scale :
       {ParameterScale::linear, ParameterScale::log, ParameterScale::logit}) {
    for (const double value : {0.03, 0.5, 0.8}) {
      EXPECT_NEAR(from_scale(scale, to_scale(scale, value)), value, 1e-15);
    }
  }
}

// Over many replications, the transformed draws have the block's mean (the scenario's constants
// on their scales) and covariance, each within four standard errors of its estimate: sd/√n for a
// mean, √((σ_ii σ_jj + σ_ij²)/n) for a covariance of normal variates.
TEST(JointUncertainty, DrawsHaveTheBlocksMeanAndCovariance) {
  const Scenario scenario = scenario_from_yaml(std::string(kScenario) + kJointBlock);
  ASSERT_EQ(scenario.joint_uncertainty.size(), 1u);
  constexpr std::uint32_t kReplications = 4000;
  std::vector<std::vector<double>> draws;
  for (std::uint32_t replication = 0; replication < kReplications; ++replication) {
    draws.push_back(transformed_draw(draw_parameters(scenario, replication)));
  }
  const double n = kReplications;
  std::vector<double> mean(3, 0.0);
  for (const auto& draw : draws) {
    for (std::size_t k = 0; k < 3; ++k) {
      mean[k] += draw[k] / n;
    }
  }
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(mean[k], kCentres[k], 4.0 * std::sqrt(kCovariance[k][k] / n)) << "mean " << k;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double covariance = 0.0;
      for (const auto& draw : draws) {
        covariance += (draw[i] - mean[i]) * (draw[j] - mean[j]) / (n - 1.0);
      }
      const double standard_error = std::sqrt(
          (kCovariance[i][i] * kCovariance[j][j] + kCovariance[i][j] * kCovariance[i][j]) / n);
      EXPECT_NEAR(covariance, kCovariance[i][j], 4.0 * standard_error) << i << ", " << j;
    }
  }
}

TEST(JointUncertainty, AddingABlockMovesNoOtherNumbersDraws) {
  const Scenario without = scenario_from_yaml(kScenario);
  const Scenario with = scenario_from_yaml(std::string(kScenario) + kJointBlock);
  EXPECT_TRUE(has_uncertainty(with));
  for (std::uint32_t replication = 0; replication < 16; ++replication) {
    const Scenario a = draw_parameters(without, replication);
    const Scenario b = draw_parameters(with, replication);
    EXPECT_EQ(success_of(a, 1), success_of(b, 1));
    EXPECT_EQ(value_of(a.segments[0].revenue.monthly_mean),
              value_of(b.segments[0].revenue.monthly_mean));
    EXPECT_NE(success_of(b, 0), 0.8);
    EXPECT_EQ(success_of(a, 0), 0.8);
  }
}

TEST(JointUncertainty, ABlockAloneMakesTheScenarioUncertain) {
  const std::string certain = R"(cxsim: 1
name: certain
simulation: {customers: 100, months: 6}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.03}, revenue: {monthly_mean: 50}}
journey:
  - {id: signup, when: {month: 0}, functional: {success: 0.8}}
)";
  EXPECT_FALSE(has_uncertainty(scenario_from_yaml(certain)));
  const Scenario jointly = scenario_from_yaml(certain + R"(joint_uncertainty:
  - parameters:
      - path: journey[0].functional.success
        scale: logit
    covariance: [[0.1]]
)");
  EXPECT_TRUE(has_uncertainty(jointly));
  EXPECT_NE(success_of(draw_parameters(jointly, 0), 0), success_of(draw_parameters(jointly, 1), 0));
  EXPECT_EQ(success_of(draw_parameters(jointly, 2), 0), success_of(draw_parameters(jointly, 2), 0));
}

// The block's draws are keyed by its parameters with names for positions: a touchpoint inserted
// before the one it draws leaves its draws alone.
TEST(JointUncertainty, InsertingATouchpointBeforeLeavesTheBlocksDrawsAlone) {
  const std::string block = R"(joint_uncertainty:
  - parameters:
      - path: journey[signup].functional.success
        scale: logit
    covariance: [[0.1]]
)";
  const Scenario reference = scenario_from_yaml(std::string(kScenario) + block);
  std::string inserted = kScenario;
  inserted.insert(inserted.find("  - {id: signup"), "  - {id: welcome, when: {month: 1}}\n");
  const Scenario moved = scenario_from_yaml(inserted + block);
  ASSERT_EQ(moved.journey.size(), 3u);
  for (std::uint32_t replication = 0; replication < 8; ++replication) {
    EXPECT_EQ(success_of(draw_parameters(reference, replication), 0),
              success_of(draw_parameters(moved, replication), 1));
  }
}

// A linear draw, or a log draw of a probability, can leave the parameter's range: it is clamped
// to the range, so every draw is a value the parameter may take, and the ends are reached.
TEST(JointUncertainty, DrawsOutsideTheParametersRangeAreClampedToIt) {
  const Scenario scenario = scenario_from_yaml(std::string(kScenario) + R"(joint_uncertainty:
  - parameters:
      - path: journey[signup].emotional.tone
        scale: linear
      - path: journey[signup].functional.success
        scale: log
    covariance: [[4.0, 0.0], [0.0, 1.0]]
)");
  int at_an_end = 0;
  int at_one = 0;
  for (std::uint32_t replication = 0; replication < 200; ++replication) {
    const Scenario drawn = draw_parameters(scenario, replication);
    const double tone = value_of(drawn.journey[0].emotional.tone);
    const double success = success_of(drawn, 0);
    EXPECT_GE(tone, -1.0);
    EXPECT_LE(tone, 1.0);
    EXPECT_GT(success, 0.0);
    EXPECT_LE(success, 1.0);
    at_an_end += std::abs(tone) == 1.0 ? 1 : 0;
    at_one += success == 1.0 ? 1 : 0;
  }
  EXPECT_GT(at_an_end, 0);
  EXPECT_GT(at_one, 0);
}

}  // namespace
}  // namespace cxsim
