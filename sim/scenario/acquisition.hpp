// Acquisition (docs/model.md#acquisition): how many real customers of a segment join in a month,
// and how many simulated customers stand for them at the run's sampling fraction.
#pragma once

#include <cstdint>
#include <limits>

#include "base/value_range.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

inline constexpr ValueRange kJoinersRange = kNonNegative;
inline constexpr ValueRange kGrowthRange{-1.0, std::numeric_limits<double>::infinity(), true};

// Whether some segment acquires customers.
bool has_acquisition(const Scenario& scenario);

// simulation.customers / population.size: the simulated share of the real customers, which every
// cohort of joiners is simulated at too, so that one factor scales every simulated sum.
double sampling_fraction(const Scenario& scenario);

// The real customers of `acquisition` joining at the start of `month` (1 … H−1), its numbers read
// by `value` (their draw, or their mean): per_month·(1 + growth)^(month−1), or the list's entry.
double real_joiners(const Acquisition& acquisition, int month, double (*value)(const Number&));

// The simulated customers standing for `real` joiners: round(real · fraction), halves away from 0.
std::int64_t simulated_joiners(double real, double fraction);

}  // namespace cxsim
