#include "engine/parameter_draws.hpp"

#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/seed_seq.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <limits>

#include "scenario/joint_uncertainty.hpp"
#include "scenario/scenario_numbers.hpp"

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

// The path of a number with each segment, touchpoint and fix named by its name or id rather than
// its position (`fixes[outreach].add_touchpoints[rescue].emotional.tone`), so that inserting,
// removing or reordering them moves no other number's key. A fix's changes keep their position
// within the fix, having no ids.
std::string stable_key(const Scenario& scenario, const std::string& path) {
  std::string key;
  const Fix* fix = nullptr;
  std::size_t at = 0;
  while (at < path.size()) {
    const std::size_t open = path.find('[', at);
    if (open == std::string::npos) {
      key += path.substr(at);
      break;
    }
    const std::size_t close = path.find(']', open);
    const std::string list = path.substr(at, open - at);
    const auto index =
        static_cast<std::size_t>(std::stoul(path.substr(open + 1, close - open - 1)));
    std::string name = std::to_string(index);
    if (list == "segments") {
      name = scenario.segments[index].name;
    } else if (list == "journey") {
      name = scenario.journey[index].id;
    } else if (list == "fixes") {
      fix = &scenario.fixes[index];
      name = fix->id;
    } else if (list.ends_with("add_touchpoints") && fix != nullptr) {
      name = fix->add_touchpoints[index].id;
    }
    key += list + "[" + name + "]";
    at = close + 1;
  }
  return key;
}

// Each number draws from its own engine, keyed by (seed, replication, stable key): adding,
// removing, reordering or sweeping one number leaves every other number's draws as they were,
// so runs that differ in one number still share the rest (common random numbers across sweeps
// and comparisons).
boost::random::mt19937_64 engine_for(std::int64_t seed, std::uint32_t replication,
                                     const std::string& key) {
  // FNV-1a: a fixed, portable hash of the key (std::hash may differ between libraries).
  std::uint64_t path_hash = 0xcbf29ce484222325ULL;
  for (const char c : key) {
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

// The nearest value of `range` to `value`; an open end is approached by the nearest double inside.
double clamp_to(const ValueRange& range, double value) {
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  const double lo = range.lo_open ? std::nextafter(range.lo, kInfinity) : range.lo;
  const double hi = range.hi_open ? std::nextafter(range.hi, -kInfinity) : range.hi;
  return std::clamp(value, lo, hi);
}

// Sets the parameters of `block` in `drawn` to their joint draw for `replication`: on each
// parameter's scale, its constant plus (L z)_k, with z standard normal and L the Cholesky factor
// of the covariance. The block's normals come from one engine keyed by its parameters' stable
// keys, so no other number's draws move with it, nor its draws with another block.
void draw_jointly(const Scenario& scenario, const JointUncertainty& block,
                  std::uint32_t replication, Scenario& drawn) {
  std::vector<std::string> paths;
  std::string key = "joint_uncertainty[";
  for (const JointParameter& parameter : block.parameters) {
    paths.push_back(index_form_path(scenario, parameter.path));
    if (paths.size() > 1) {
      key += ',';
    }
    key += stable_key(scenario, paths.back());
  }
  key += "]";
  const std::vector<std::vector<double>> factor = cholesky_factor(block.covariance).value();
  auto engine = engine_for(scenario.simulation.seed, replication, key);
  boost::random::normal_distribution<double> standard_normal(0.0, 1.0);
  std::vector<double> normals(paths.size());
  for (double& z : normals) {
    z = standard_normal(engine);
  }
  for (std::size_t k = 0; k < paths.size(); ++k) {
    double shift = 0.0;
    for (std::size_t j = 0; j <= k; ++j) {
      shift += factor[k][j] * normals[j];
    }
    const ParameterScale scale = block.parameters[k].scale;
    Number& number = *find_number(drawn, paths[k]);
    const double transformed = to_scale(scale, value_of(number)) + shift;
    number = clamp_to(number_range(scenario, paths[k]), from_scale(scale, transformed));
  }
}

}  // namespace

bool has_uncertainty(const Scenario& scenario) {
  if (!scenario.joint_uncertainty.empty()) {
    return true;
  }
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
      auto engine = engine_for(scenario.simulation.seed, replication, stable_key(scenario, path));
      number = draw(*distribution, engine);
    }
  });
  for (const JointUncertainty& block : scenario.joint_uncertainty) {
    draw_jointly(scenario, block, replication, drawn);
  }
  return drawn;
}

}  // namespace cxsim
