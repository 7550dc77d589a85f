#include "base/number.hpp"

#include <limits>

namespace cxsim {

int family_arity(DistributionFamily family) {
  return family == DistributionFamily::triangular ? 3 : 2;
}

double mean_of(const Number& number) {
  if (const double* value = std::get_if<double>(&number)) {
    return *value;
  }
  const auto& distribution = std::get<Distribution>(number);
  const auto& p = distribution.parameters;
  switch (distribution.family) {
    case DistributionFamily::uniform:
      return 0.5 * (p[0] + p[1]);
    case DistributionFamily::beta:
      return p[0] / (p[0] + p[1]);
    case DistributionFamily::triangular:
      return (p[0] + p[1] + p[2]) / 3.0;
    case DistributionFamily::normal:
    case DistributionFamily::lognormal:
      return p[0];
  }
  return p[0];
}

Support support_of(const Number& number) {
  if (const double* value = std::get_if<double>(&number)) {
    return {*value, *value};
  }
  constexpr double infinity = std::numeric_limits<double>::infinity();
  const auto& distribution = std::get<Distribution>(number);
  const auto& p = distribution.parameters;
  switch (distribution.family) {
    case DistributionFamily::uniform:
      return {p[0], p[1]};
    case DistributionFamily::normal:
      return p[1] == 0.0 ? Support{p[0], p[0]} : Support{-infinity, infinity};
    case DistributionFamily::beta:
      return {0.0, 1.0};
    case DistributionFamily::triangular:
      return {p[0], p[2]};
    case DistributionFamily::lognormal:
      // The open lower end (0, ∞) is kept apart from [0, ∞) by the smallest positive double.
      return p[1] == 0.0 ? Support{p[0], p[0]}
                         : Support{std::numeric_limits<double>::denorm_min(), infinity};
  }
  return {-infinity, infinity};
}

}  // namespace cxsim
