#include "scenario/acquisition.hpp"

#include <algorithm>
#include <cmath>

namespace cxsim {

bool has_acquisition(const Scenario& scenario) {
  return std::any_of(scenario.segments.begin(), scenario.segments.end(),
                     [](const Segment& segment) { return segment.acquisition.has_value(); });
}

double sampling_fraction(const Scenario& scenario) {
  const auto customers = static_cast<double>(scenario.simulation.customers);
  return customers /
         static_cast<double>(scenario.population.size.value_or(scenario.simulation.customers));
}

double real_joiners(const Acquisition& acquisition, int month, double (*value)(const Number&)) {
  const auto& per_month = acquisition.per_month;
  if (acquisition.listed) {
    const auto k = static_cast<std::size_t>(month - 1);
    return k < per_month.size() ? value(per_month[k]) : 0.0;
  }
  return per_month.empty()
             ? 0.0
             : value(per_month.front()) * std::pow(1.0 + value(acquisition.growth), month - 1);
}

std::int64_t simulated_joiners(double real, double fraction) {
  return std::llround(real * fraction);
}

}  // namespace cxsim
