// A number in a scenario: a constant, or a distribution over an uncertain parameter
// (docs/model.md#uncertain-parameters). The scenario keeps distributions as written; drawing them
// once per replication is the engine's job, so this header knows nothing about random numbers.
#pragma once

#include <array>
#include <string_view>
#include <variant>
#include <vector>

namespace cxsim {

enum class DistributionFamily { uniform, normal, beta, triangular, lognormal };
// As scenarios write them, in the enum's order.
inline constexpr std::array<std::string_view, 5> kDistributionFamilyNames{
    "uniform", "normal", "beta", "triangular", "lognormal"};

// Parameters in the order the scenario writes them:
//   uniform [a, b], normal [mean, sd], beta [alpha, beta], triangular [lo, mode, hi],
//   lognormal [mean, sd] (mean and sd of the variable itself, not of its logarithm).
struct Distribution {
  DistributionFamily family = DistributionFamily::uniform;
  std::vector<double> parameters;

  bool operator==(const Distribution&) const = default;
};

using Number = std::variant<double, Distribution>;

inline std::string_view family_name(DistributionFamily family) {
  return kDistributionFamilyNames[static_cast<std::size_t>(family)];
}

// The number of parameters a family takes (lognormal's two are named, the others listed).
int family_arity(DistributionFamily family);

// Closed interval holding every value the number can take; infinite where unbounded.
struct Support {
  double lo;
  double hi;
};

// Assumes the distribution is well formed (see validation.hpp).
Support support_of(const Number& number);

// The number's expected value (the constant itself for a constant). Assumes a well-formed
// distribution.
double mean_of(const Number& number);

inline bool is_constant(const Number& number) {
  return std::holds_alternative<double>(number);
}

}  // namespace cxsim
