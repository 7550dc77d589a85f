#include "model/baseline_hazard.hpp"

#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <utility>

namespace cxsim {

namespace {

// In double throughout: Boost would otherwise work in long double, at twice the cost.
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

// The uniforms the streams make lie in [2^−33, 1 − 2^−33]: |t| ≤ 22.9.
constexpr double kLargestT = 23.0;

// The Beta(α, β) quantile θ of u and its logarithms, given 1 − u exactly as `complement`. Each
// side is taken from the quantile of the smaller probability: θ from 1 − u when u > 1/2, and
// where θ > 1/2 the digits of 1 − θ from 1 − θ ~ Beta(β, α) at 1 − u, as 1 − θ computed in
// double would have lost them.
struct Quantile {
  double theta;
  double survival;      // 1 − θ
  double log_theta;     // ln θ
  double log_survival;  // ln(1 − θ) = −L
};
Quantile beta_quantile(double alpha, double beta, double u, double complement) {
  const double theta = u <= 0.5 ? boost::math::ibeta_inv(alpha, beta, u, DoublePolicy())
                                : boost::math::ibetac_inv(alpha, beta, complement, DoublePolicy());
  if (theta <= 0.5) {
    return {theta, 1.0 - theta, std::log(theta), std::log1p(-theta)};
  }
  const double survival = boost::math::ibeta_inv(beta, alpha, complement, DoublePolicy());
  return {1.0 - survival, survival, std::log1p(-survival), std::log(survival)};
}

// ln B(α, β) = ln Γ(α) + ln(Γ(β) / Γ(α + β)), the ratio from Boost, which keeps its digits for
// a large β where the difference of two log-gammas would cancel (Boost's lgamma, unlike the C
// library's, writes no global sign).
double log_beta_function(double alpha, double beta) {
  const double ratio = boost::math::tgamma_delta_ratio(beta, alpha, DoublePolicy());
  const double log_ratio = ratio > 0.0 && std::isfinite(ratio)
                               ? std::log(ratio)
                               : boost::math::lgamma(beta, DoublePolicy()) -
                                     boost::math::lgamma(alpha + beta, DoublePolicy());
  return boost::math::lgamma(alpha, DoublePolicy()) + log_ratio;
}

}  // namespace

BaselineHazard BaselineHazard::constant(double theta) {
  BaselineHazard hazard;
  hazard.constant_ = baseline_log_hazard(theta);
  return hazard;
}

BaselineHazard BaselineHazard::shifted_beta_geometric(double alpha, double beta) {
  BaselineHazard hazard;
  hazard.is_constant_ = false;
  hazard.alpha_ = alpha;
  hazard.beta_ = beta;
  const double log_b = log_beta_function(alpha, beta);
  const auto uniform_at = [](double t) {
    return std::pair{1.0 / (1.0 + std::exp(-t)), 1.0 / (1.0 + std::exp(t))};
  };
  // Nodes where θ under- or overflows are left to `exact`: the table keeps the longest run of
  // finite nodes, which holds the middle of the distribution.
  std::vector<Node> run;
  double run_first_t = 0.0;
  const auto keep_the_longest = [&] {
    if (run.size() > hazard.nodes_.size()) {
      hazard.nodes_ = std::move(run);
      hazard.first_t_ = run_first_t;
    }
    run.clear();
  };
  const auto count = static_cast<int>(2.0 * kLargestT * kNodesPerUnit) + 1;
  for (int k = 0; k < count; ++k) {
    const double t = -kLargestT + k / kNodesPerUnit;
    const auto [u, complement] = uniform_at(t);
    const Quantile q = beta_quantile(alpha, beta, u, complement);
    const double cumulative_hazard = -q.log_survival;  // L = −ln(1 − θ)
    // dH/dt = (dH/dθ)(dθ/du)(du/dt) = u(1 − u) / (f(θ)·(1 − θ)·L), f the Beta density, written
    // with f(θ)·θ and L/θ, which stay finite as θ → 0.
    const double density_times_theta =
        std::exp(alpha * q.log_theta + (beta - 1.0) * q.log_survival - log_b);
    const double slope =
        u * complement / (density_times_theta * q.survival * (cumulative_hazard / q.theta));
    const Node node{std::log(cumulative_hazard), slope / kNodesPerUnit, true};
    if (!std::isfinite(node.h) || !std::isfinite(node.slope)) {
      keep_the_longest();
      continue;
    }
    if (run.empty()) {
      run_first_t = t;
    }
    run.push_back(node);
  }
  keep_the_longest();
  if (hazard.nodes_.size() < 2) {
    hazard.nodes_.clear();
    return hazard;  // every customer exactly
  }
  hazard.last_position_ = static_cast<double>(hazard.nodes_.size() - 1);
  for (std::size_t k = 0; k + 1 < hazard.nodes_.size(); ++k) {
    const double middle = hazard.first_t_ + (static_cast<double>(k) + 0.5) / kNodesPerUnit;
    const auto [u, complement] = uniform_at(middle);
    const double exact = std::log(-beta_quantile(alpha, beta, u, complement).log_survival);
    Node& node = hazard.nodes_[k];
    node.interpolates =
        std::abs(hermite(node, hazard.nodes_[k + 1], 0.5) - exact) <= kIntervalTolerance;
  }
  return hazard;
}

double BaselineHazard::exact(double u) const {
  if (is_constant_) {
    return constant_;
  }
  return std::log(-beta_quantile(alpha_, beta_, u, 1.0 - u).log_survival);
}

}  // namespace cxsim
