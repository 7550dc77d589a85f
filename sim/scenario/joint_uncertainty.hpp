// What a joint_uncertainty block (scenario.hpp) means, for validation and for the draws: the
// scales its parameters are normal on, and the Cholesky factor of its covariance.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/value_range.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

inline std::string_view scale_name(ParameterScale scale) {
  return kParameterScaleNames[static_cast<std::size_t>(scale)];
}

// The values a scale can transform: log needs > 0, logit (0, 1), linear takes any real.
ValueRange scale_domain(ParameterScale scale);

// A value on its scale (log x, log(x / (1 − x))), and back.
double to_scale(ParameterScale scale, double value);
double from_scale(ParameterScale scale, double transformed);

// The lower-triangular L with L Lᵀ = covariance, row by row; none when the covariance is not
// symmetric positive definite (or not square).
std::optional<std::vector<std::vector<double>>> cholesky_factor(
    const std::vector<std::vector<double>>& covariance);

// The smallest eigenvalue of a square symmetric matrix, to say how far it is from positive
// definite.
double smallest_eigenvalue(const std::vector<std::vector<double>>& matrix);

}  // namespace cxsim
