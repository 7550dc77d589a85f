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

// Each number draws from its own engine, keyed by (seed, replication, path): adding, removing or
// sweeping one distribution leaves every other number's draws as they were, so runs that differ
// in one number still share the rest (common random numbers across sweeps and comparisons).
boost::random::mt19937_64 engine_for(std::int64_t seed, std::uint32_t replication,
                                     const std::string& path) {
  // FNV-1a: a fixed, portable hash of the path (std::hash may differ between libraries).
  std::uint64_t path_hash = 0xcbf29ce484222325ULL;
  for (const char c : path) {
    path_hash = (path_hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  const auto word = [](std::uint64_t value, int shift) {
    return static_cast<std::uint32_t>(value >> shift);
  };
  const auto seed_bits = static_cast<std::uint64_t>(seed);
  boost::random::seed_seq seeds{word(seed_bits, 0), word(seed_bits, 32), replication,
                                word(path_hash, 0), word(path_hash, 32)};
  return boost::random::mt19937_64(seeds);
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
  for_each_number(drawn, [&](const std::string& path, Number& number) {
    if (const auto* distribution = std::get_if<Distribution>(&number)) {
      auto engine = engine_for(scenario.simulation.seed, replication, path);
      number = draw(*distribution, engine);
    }
  });
  return drawn;
}

}  // namespace cxsim
