// A customer's baseline log-hazard H = ln(−ln(1 − θ)) from the uniform u that draws θ by
// inversion (docs/model.md#customers-and-segments, #retention-and-survival): θ = F⁻¹(u) for the sBG
// segment's Beta(α, β), a constant θ otherwise. The exact Beta quantile (Boost's ibeta_inv) costs
// about 2 µs a customer, a third of the reference scenario's baseline kernel, so a segment
// tabulates H against t = ln(u / (1 − u)), where it is smooth for most shapes: linear as u → 0 (H ≈
// ln θ ≈ c + t/α) and logarithmic as u → 1 (H ≈ ln(c' + t/β)). Between nodes 1/16 apart in t, cubic
// Hermite interpolation on the exact slopes. Each interval is checked at its middle, where the
// interpolant's error peaks, against the exact H: one that misses it by more than
// kIntervalTolerance (|ΔH|, the relative error of the monthly hazard) is computed exactly, as
// is everything beyond the nodes, where θ under- or overflows. U-shaped distributions
// (α, β ≪ 1), whose H climbs steeply in t, are where intervals fall back.
#pragma once

#include <cmath>
#include <vector>

namespace cxsim {

class BaselineHazard {
 public:
  static constexpr double kNodesPerUnit = 16.0;
  static constexpr double kIntervalTolerance = 1e-7;

  // Every customer the same θ.
  static BaselineHazard constant(double theta);
  // θ ~ Beta(alpha, beta), both > 0: up to 737 nodes and as many interval checks, each an exact
  // quantile; about two milliseconds.
  static BaselineHazard shifted_beta_geometric(double alpha, double beta);

  // H for the customer whose θ is drawn with u ∈ (0, 1).
  double operator()(double u) const {
    if (is_constant_) {
      return constant_;
    }
    const double position = (std::log(u / (1.0 - u)) - first_t_) * kNodesPerUnit;
    if (!(position >= 0.0 && position < last_position_)) {
      return exact(u);
    }
    const auto k = static_cast<std::size_t>(position);
    const Node& a = nodes_[k];
    if (!a.interpolates) {
      return exact(u);
    }
    const Node& b = nodes_[k + 1];
    return hermite(a, b, position - static_cast<double>(k));
  }

  // H from the exact quantile, as the nodes are; u must have 1 − u exact in double, as the
  // streams' uniforms do.
  double exact(double u) const;

 private:
  struct Node {
    double h;
    double slope;       // dH/dt over one node spacing
    bool interpolates;  // the interval from here to the next node passed its check
  };

  // Cubic Hermite on [0, 1] between two nodes.
  static double hermite(const Node& a, const Node& b, double s) {
    const double s2 = s * s;
    const double s3 = s2 * s;
    return (2.0 * s3 - 3.0 * s2 + 1.0) * a.h + (s3 - 2.0 * s2 + s) * a.slope +
           (3.0 * s2 - 2.0 * s3) * b.h + (s3 - s2) * b.slope;
  }

  bool is_constant_ = true;
  double constant_ = -INFINITY;  // θ = 0
  double alpha_ = 1.0;
  double beta_ = 1.0;
  double first_t_ = 0.0;
  double last_position_ = 0.0;  // nodes − 1, 0 without a table: every u exactly
  std::vector<Node> nodes_;     // at t = first_t_ + k / kNodesPerUnit
};

// H for a given θ: −∞ for θ = 0 (nobody leaves), +∞ for θ = 1 (everybody does).
inline double baseline_log_hazard(double theta) {
  return std::log(-std::log1p(-theta));
}

}  // namespace cxsim
