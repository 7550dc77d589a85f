#include "analysis/block_statistic.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace cxsim {

void BlockStatistic::add(double total, double units) {
  if (blocks_ == 0 && units > 0.0) {
    shift_ = total / units;
  }
  const double shifted = total - shift_ * units;
  ++blocks_;
  sum_shifted_ += shifted;
  sum_units_ += units;
  sum_shifted_squares_ += shifted * shifted;
  sum_shifted_units_ += shifted * units;
  sum_unit_squares_ += units * units;
}

double BlockStatistic::estimate() const {
  return sum_units_ > 0.0 ? shift_ + sum_shifted_ / sum_units_ : 0.0;
}

double BlockStatistic::standard_error() const {
  if (blocks_ < 2 || sum_units_ <= 0.0) {
    return 0.0;
  }
  // With y' = y − shift·n and R' = R − shift: Σ(y − R·n)² = Σ(y' − R'·n)².
  const double r = sum_shifted_ / sum_units_;
  const double squares =
      sum_shifted_squares_ - 2.0 * r * sum_shifted_units_ + r * r * sum_unit_squares_;
  const double k = static_cast<double>(blocks_);
  return std::sqrt(std::max(0.0, squares) * k / (k - 1.0)) / sum_units_;
}

Estimate BlockStatistic::interval(double confidence, double scale) const {
  const double mean = estimate() * scale;
  if (blocks_ < 2) {
    return {mean, mean, mean};
  }
  const double half_width =
      t_quantile(confidence, static_cast<double>(blocks_ - 1)) * standard_error() * std::abs(scale);
  return {mean, mean - half_width, mean + half_width};
}

Estimate interval_over(const std::vector<double>& values, double confidence) {
  const auto n = static_cast<double>(values.size());
  double mean = 0.0;
  for (const double value : values) {
    mean += value / n;
  }
  if (values.size() < 2) {
    return {mean, mean, mean};
  }
  double squares = 0.0;
  for (const double value : values) {
    squares += (value - mean) * (value - mean);
  }
  const double half_width = t_quantile(confidence, n - 1.0) * std::sqrt(squares / (n - 1.0) / n);
  return {mean, mean - half_width, mean + half_width};
}

Estimate monte_carlo_interval_over(const std::vector<double>& values,
                                   const std::vector<double>& standard_errors, double degrees,
                                   double confidence) {
  const auto n = static_cast<double>(values.size());
  double mean = 0.0;
  double variance = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    mean += values[i] / n;
    variance += standard_errors[i] * standard_errors[i] / (n * n);
  }
  if (values.empty() || degrees < 1.0) {
    return {mean, mean, mean};
  }
  const double half_width = t_quantile(confidence, degrees) * std::sqrt(variance);
  return {mean, mean - half_width, mean + half_width};
}

double t_quantile(double confidence, double degrees) {
  return boost::math::quantile(boost::math::students_t(degrees), 0.5 + 0.5 * confidence);
}

}  // namespace cxsim
