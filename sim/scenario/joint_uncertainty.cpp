#include "scenario/joint_uncertainty.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>

namespace cxsim {

namespace {

Eigen::MatrixXd to_matrix(const std::vector<std::vector<double>>& rows) {
  const auto size = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd matrix(size, size);
  for (Eigen::Index i = 0; i < size; ++i) {
    for (Eigen::Index j = 0; j < size; ++j) {
      matrix(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    }
  }
  return matrix;
}

bool is_square(const std::vector<std::vector<double>>& rows) {
  for (const std::vector<double>& row : rows) {
    if (row.size() != rows.size()) {
      return false;
    }
  }
  return !rows.empty();
}

}  // namespace

ValueRange scale_domain(ParameterScale scale) {
  switch (scale) {
    case ParameterScale::linear:
      return kAnyReal;
    case ParameterScale::log:
      return kPositive;
    case ParameterScale::logit:
      return {0.0, 1.0, true, true};
  }
  return kAnyReal;
}

double to_scale(ParameterScale scale, double value) {
  switch (scale) {
    case ParameterScale::linear:
      return value;
    case ParameterScale::log:
      return std::log(value);
    case ParameterScale::logit:
      return std::log(value / (1.0 - value));
  }
  return value;
}

double from_scale(ParameterScale scale, double transformed) {
  switch (scale) {
    case ParameterScale::linear:
      return transformed;
    case ParameterScale::log:
      return std::exp(transformed);
    case ParameterScale::logit:
      return 1.0 / (1.0 + std::exp(-transformed));
  }
  return transformed;
}

std::optional<std::vector<std::vector<double>>> cholesky_factor(
    const std::vector<std::vector<double>>& covariance) {
  if (!is_square(covariance)) {
    return std::nullopt;
  }
  const Eigen::MatrixXd matrix = to_matrix(covariance);
  // LLT reads the lower triangle alone: an asymmetric matrix would pass as its lower half.
  if (matrix != matrix.transpose()) {
    return std::nullopt;
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(matrix);
  if (llt.info() != Eigen::Success) {
    return std::nullopt;
  }
  const Eigen::MatrixXd lower = llt.matrixL();
  std::vector<std::vector<double>> factor(covariance.size(),
                                          std::vector<double>(covariance.size(), 0.0));
  for (std::size_t i = 0; i < factor.size(); ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      factor[i][j] = lower(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    }
  }
  return factor;
}

double smallest_eigenvalue(const std::vector<std::vector<double>>& matrix) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(to_matrix(matrix),
                                                              Eigen::EigenvaluesOnly);
  return solver.eigenvalues().minCoeff();
}

}  // namespace cxsim
