// The tabulated baseline log-hazard against the exact Beta quantile (Boost's ibeta_inv) and
// against closed forms, over the whole range of uniforms the streams make and over shapes from
// a barely-churning population to a nearly-certain one, U-shaped ones included.
#include "model/baseline_hazard.hpp"

#include <gtest/gtest.h>

#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <vector>

namespace cxsim {
namespace {

// The table's promise, checked at each interval's middle, where a cubic's error term peaks;
// elsewhere in an interval the error may exceed it a little.
constexpr double kTolerance = 1.5 * BaselineHazard::kIntervalTolerance;

// From the quantile θ, or where θ > 1/2 from 1 − θ ~ Beta(β, α) at 1 − u, whose digits 1 − θ in
// double would lose.
double exact_log_hazard(double alpha, double beta, double u) {
  using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
  const double theta = boost::math::ibeta_inv(alpha, beta, u, DoublePolicy());
  if (theta <= 0.5) {
    return baseline_log_hazard(theta);
  }
  return std::log(-std::log(boost::math::ibeta_inv(beta, alpha, 1.0 - u, DoublePolicy())));
}

// Uniforms evenly spread in t = ln(u / (1 − u)), off the table's nodes, and the extremes the
// streams can make.
std::vector<double> uniforms() {
  std::vector<double> u{0x1p-33, 1.0 - 0x1p-33};
  for (int i = 0; i < 2000; ++i) {
    const double t = -22.8 + 45.6 * (i + 0.37) / 2000.0;
    u.push_back(std::round(0x1p32 / (1.0 + std::exp(-t))) * 0x1p-32);  // 1 − u exact
  }
  return u;
}

TEST(BaselineHazard, MatchesTheExactQuantileEverywhere) {
  for (const double alpha : {0.01, 0.05, 0.3, 0.7, 1.0, 3.0, 20.0, 200.0}) {
    for (const double beta : {0.01, 0.05, 0.3, 2.0, 12.0, 30.0, 500.0, 1e4}) {
      const BaselineHazard hazard = BaselineHazard::shifted_beta_geometric(alpha, beta);
      for (const double u : uniforms()) {
        const double exact = exact_log_hazard(alpha, beta, u);
        const double tabulated = hazard(u);
        if (std::isinf(exact)) {
          EXPECT_EQ(tabulated, exact) << "alpha " << alpha << " beta " << beta << " u " << u;
        } else {
          EXPECT_NEAR(tabulated, exact, kTolerance)
              << "alpha " << alpha << " beta " << beta << " u " << u;
        }
      }
    }
  }
}

// Closed forms, independent of how the table finds its quantiles: for α = 1, 1 − θ = (1 − u)^(1/β)
// so H = ln(−ln(1 − u)) − ln β; for β = 1, θ = u^(1/α), and where θ > 1/2 the digits of
// 1 − θ = −expm1(ln(u)/α).
TEST(BaselineHazard, MatchesTheClosedFormsOfAlphaOrBetaOne) {
  for (const double shape : {0.05, 0.3, 12.0, 1e4}) {
    const BaselineHazard alpha_one = BaselineHazard::shifted_beta_geometric(1.0, shape);
    const BaselineHazard beta_one = BaselineHazard::shifted_beta_geometric(shape, 1.0);
    for (const double u : uniforms()) {
      EXPECT_NEAR(alpha_one(u), std::log(-std::log1p(-u)) - std::log(shape), kTolerance)
          << "beta " << shape << " u " << u;
      const double log_theta = std::log1p(-(1.0 - u)) / shape;
      const double theta = std::exp(log_theta);
      EXPECT_NEAR(
          beta_one(u),
          theta <= 0.5 ? baseline_log_hazard(theta) : std::log(-std::log(-std::expm1(log_theta))),
          kTolerance)
          << "alpha " << shape << " u " << u;
    }
  }
}

// Inversion couples a customer's θ to its uniform: a higher u never gives a lower hazard, so
// that a swept α or β moves every customer the same way.
TEST(BaselineHazard, RisesWithTheUniform) {
  for (const double alpha : {0.01, 0.05, 0.7, 3.0, 200.0}) {
    for (const double beta : {0.01, 0.3, 12.0, 1e4}) {
      const BaselineHazard hazard = BaselineHazard::shifted_beta_geometric(alpha, beta);
      double previous = -INFINITY;
      for (const double u : uniforms()) {
        const double h = hazard(u);
        if (u != 1.0 - 0x1p-33) {  // the extremes come first, out of order
          EXPECT_GE(h, previous) << "alpha " << alpha << " beta " << beta << " u " << u;
          previous = h;
        }
      }
    }
  }
}

TEST(BaselineHazard, AConstantChurnIsTheSameForEveryCustomer) {
  const BaselineHazard hazard = BaselineHazard::constant(0.03);
  for (const double u : {0x1p-33, 0.5, 1.0 - 0x1p-33}) {
    EXPECT_EQ(hazard(u), baseline_log_hazard(0.03));
  }
  EXPECT_EQ(BaselineHazard::constant(0.0)(0.5), -INFINITY);
  EXPECT_EQ(BaselineHazard::constant(1.0)(0.5), INFINITY);
}

}  // namespace
}  // namespace cxsim
