#include "cxsim/parameter_draws.hpp"

#include <boost/random/beta_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/seed_seq.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "cxsim/scenario_numbers.hpp"

namespace cxsim {

namespace {

double draw(const Distribution& distribution, boost::random::mt19937_64& engine) {
  const auto& p = distribution.parameters;
  switch (distribution.family) {
    case DistributionFamily::uniform:
      return p[0] == p[1] ? p[0]
                          : boost::random::uniform_real_distribution<double>(p[0], p[1])(engine);
    case DistributionFamily::normal:
      return p[1] == 0.0 ? p[0] : boost::random::normal_distribution<double>(p[0], p[1])(engine);
    case DistributionFamily::beta:
      return boost::random::beta_distribution<double>(p[0], p[1])(engine);
    case DistributionFamily::triangular:
      return boost::random::triangle_distribution<double>(p[0], p[1], p[2])(engine);
    case DistributionFamily::lognormal: {
      // The scenario gives the mean m and sd s of the quantity; the log has
      // σ² = ln(1 + s²/m²) and μ = ln m − σ²/2.
      if (p[1] == 0.0) {
        return p[0];
      }
      const double log_variance = std::log1p(p[1] * p[1] / (p[0] * p[0]));
      return boost::random::lognormal_distribution<double>(std::log(p[0]) - 0.5 * log_variance,
                                                           std::sqrt(log_variance))(engine);
    }
  }
  return p[0];
}

}  // namespace

bool has_uncertainty(const Scenario& scenario) {
  Scenario copy = scenario;
  bool uncertain = false;
  for_each_number(copy, [&](const std::string&, Number& number) {
    uncertain = uncertain || !is_constant(number);
  });
  return uncertain;
}

Scenario draw_parameters(const Scenario& scenario, std::uint32_t replication) {
  Scenario drawn = scenario;
  boost::random::seed_seq seeds{static_cast<std::uint32_t>(scenario.simulation.seed),
                                static_cast<std::uint32_t>(scenario.simulation.seed >> 32),
                                replication};
  boost::random::mt19937_64 engine(seeds);
  for_each_number(drawn, [&](const std::string&, Number& number) {
    if (const auto* distribution = std::get_if<Distribution>(&number)) {
      number = draw(*distribution, engine);
    }
  });
  return drawn;
}

}  // namespace cxsim
