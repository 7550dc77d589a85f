#include "calibration/calibration.hpp"

#include <ceres/ceres.h>

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "analysis/parameter_sweep.hpp"
#include "analysis/simulation_driver.hpp"
#include "base/text.hpp"
#include "scenario/scenario_numbers.hpp"
#include "scenario/validation.hpp"

namespace cxsim {

namespace {

// The solver works on each unknown's place in its bounds, u = (θ − lower)/(upper − lower) ∈ [0, 1],
// so that parameters of any scale are steps of the same size to it.
double natural(const Unknown& unknown, double place) {
  return unknown.lower + place * (unknown.upper - unknown.lower);
}

// Finite-difference step in u. With common random numbers a moment moves in steps of one
// customer (1/N): a step of 1% of the bounds moves it by many customers, so the difference
// measures the slope, not where the next customer happens to flip.
constexpr double kDifferenceStep = 0.01;
// How far the moments' correlation is shrunk towards the identity.
constexpr double kShrinkage = 0.02;
// A unit's variance from the blocks is kept above this share of what the observations alone
// suggest, so that a moment the simulation happens not to vary does not weigh without bound.
constexpr double kLeastVarianceShare = 0.1;
// An estimate this close to a bound (as a share of the bounds' width) is reported as at it: the
// data push it out of the range given.
constexpr double kNearBound = 1e-3;
// Correlation beyond which two estimates are reported as trading off against each other.
constexpr double kTradeOffCorrelation = 0.95;
// Below this ratio of the least to the largest singular value of the scaled Jacobian, a
// direction of the parameters moves no moment: it is not identified.
constexpr double kRankTolerance = 1e-8;

// What the baseline's customers did in one simulation, summed over its blocks.
struct BaselineCounts {
  explicit BaselineCounts(const Scenario& scenario)
      : alive(static_cast<std::size_t>(scenario.simulation.months), 0.0),
        nps_net(alive.size(), 0.0),
        nps_answers(alive.size(), 0.0),
        touchpoints(scenario.journey.size()),
        segment_customers(scenario.segments.size(), 0.0),
        segment_departures(scenario.segments.size(), std::vector<double>(alive.size(), 0.0)) {}

  void add(const BlockTotals& block) {
    customers += block.customers;
    for (std::size_t s = 0; s < segment_customers.size(); ++s) {
      segment_customers[s] += block.segment_customers(static_cast<int>(s));
    }
    for (std::size_t m = 0; m < alive.size(); ++m) {
      const auto month = static_cast<int>(m);
      alive[m] += block.monthly(0, MonthlyMetric::alive, month);
      nps_net[m] += block.monthly(0, MonthlyMetric::nps_net, month);
      nps_answers[m] += block.monthly(0, MonthlyMetric::nps_answers, month);
      for (std::size_t s = 0; s < segment_departures.size(); ++s) {
        segment_departures[s][m] += block.segment_departures(0, static_cast<int>(s), month);
      }
    }
    for (std::size_t t = 0; t < touchpoints.size(); ++t) {
      const auto at = static_cast<int>(t);
      auto& counts = touchpoints[t];
      counts.events += block.touchpoint(0, at, TouchpointMetric::events);
      counts.failures += block.touchpoint(0, at, TouchpointMetric::failures);
      counts.satisfied += block.touchpoint(0, at, TouchpointMetric::satisfied);
      counts.effort_score += block.touchpoint(0, at, TouchpointMetric::effort_score);
    }
  }

  // Customers of `segment` (every customer for none) alive at the end of period t, t = 0 the start.
  double alive_after(const std::optional<std::size_t>& segment, int period) const {
    if (!segment) {
      return period == 0 ? customers : alive[static_cast<std::size_t>(period - 1)];
    }
    double remaining = segment_customers[*segment];
    for (int month = 0; month < period; ++month) {
      remaining -= segment_departures[*segment][static_cast<std::size_t>(month)];
    }
    return remaining;
  }

  struct TouchpointCounts {
    double events = 0.0;
    double failures = 0.0;
    double satisfied = 0.0;
    double effort_score = 0.0;
  };
  double customers = 0.0;
  std::vector<double> alive;
  std::vector<double> nps_net;
  std::vector<double> nps_answers;
  std::vector<TouchpointCounts> touchpoints;
  std::vector<double> segment_customers;
  std::vector<std::vector<double>> segment_departures;  // [segment][month]
};

// Per moment, the variance of one unit of its sample, and the correlation of the moments.
struct MomentNoise {
  std::vector<double> unit_variance;
  Eigen::MatrixXd correlation;
};

struct Simulated {
  BaselineCounts total;
  std::vector<BaselineCounts> blocks;
};

enum class MomentKind { retention, nps, csat, ces, failure_rate };

// A moment: an observed number, its sampling variance, and where its simulated value comes from.
struct MomentSpec {
  MomentKind kind = MomentKind::retention;
  std::string label;
  double observed = 0.0;
  // Variance of one observation unit (a customer at risk, an answer, an interaction) as the
  // observations alone suggest (independent units): the weight until a simulation measures it
  // (MomentEvaluator::noise), and the floor of what it measures.
  double unit_variance = 0.0;
  double observed_sample = 0.0;
  std::optional<std::size_t> segment;
  int month = 0;  // retention: the period t ≥ 1; NPS: the survey month
  std::size_t touchpoint = 0;
};

struct SimulatedMoment {
  double value = 0.0;
  double sample = 0.0;  // simulated units behind it
};

SimulatedMoment simulated(const MomentSpec& spec, const BaselineCounts& counts) {
  const auto per = [](double sum, double units) {
    return SimulatedMoment{units > 0.0 ? sum / units : std::numeric_limits<double>::quiet_NaN(),
                           units};
  };
  switch (spec.kind) {
    case MomentKind::retention: {
      const double at_risk = counts.alive_after(spec.segment, spec.month - 1);
      return per(at_risk - counts.alive_after(spec.segment, spec.month), at_risk);
    }
    case MomentKind::nps: {
      const auto m = static_cast<std::size_t>(spec.month);
      const SimulatedMoment share = per(counts.nps_net[m], counts.nps_answers[m]);
      return {100.0 * share.value, share.sample};
    }
    case MomentKind::csat: {
      const auto& t = counts.touchpoints[spec.touchpoint];
      return per(t.satisfied, t.events);
    }
    case MomentKind::ces: {
      const auto& t = counts.touchpoints[spec.touchpoint];
      return per(t.effort_score, t.events);
    }
    case MomentKind::failure_rate: {
      const auto& t = counts.touchpoints[spec.touchpoint];
      return per(t.failures, t.events);
    }
  }
  return {};
}

// A share's variance per unit, kept off 0 and 1 (half a success added to each side) so that a
// share observed at 0 or 1 still has a weight.
double share_unit_variance(double successes, double sample) {
  const double share = (successes + 0.5) / (sample + 1.0);
  return share * (1.0 - share);
}

std::vector<MomentSpec> moment_specs(const Scenario& scenario, const Observations& observed) {
  std::vector<MomentSpec> specs;
  for (const auto& retention : observed.retention) {
    const std::string who =
        retention.segment ? scenario.segments[*retention.segment].name + ", " : std::string();
    for (std::size_t t = 0; t < retention.at_risk.size(); ++t) {
      if (retention.at_risk[t] <= 0.0) {
        continue;
      }
      MomentSpec spec;
      spec.kind = MomentKind::retention;
      spec.label = who + "month " + std::to_string(t + 1);
      spec.observed = retention.lost[t] / retention.at_risk[t];
      spec.unit_variance = share_unit_variance(retention.lost[t], retention.at_risk[t]);
      spec.observed_sample = retention.at_risk[t];
      spec.segment = retention.segment;
      spec.month = static_cast<int>(t + 1);
      specs.push_back(spec);
    }
  }
  for (const auto& nps : observed.nps) {
    MomentSpec spec;
    spec.kind = MomentKind::nps;
    spec.label = "month " + std::to_string(nps.month);
    spec.observed = nps.score;
    const double mean = nps.score / 100.0;
    const double spread = nps.promoters ? *nps.promoters + *nps.detractors : 1.0;
    // An answer is +1, 0 or −1: its variance is P(±1) − mean², in points².
    spec.unit_variance = 1e4 * std::max(spread - mean * mean, 1.0 / (nps.responses + 1.0));
    spec.observed_sample = nps.responses;
    spec.month = nps.month;
    specs.push_back(spec);
  }
  // A touchpoint's moment: an observed mean with its unit variance and sample.
  const auto add_touchpoint = [&](MomentKind kind, std::size_t touchpoint, double value,
                                  double unit_variance, double sample) {
    MomentSpec spec;
    spec.kind = kind;
    spec.label = scenario.journey[touchpoint].id;
    spec.observed = value;
    spec.unit_variance = unit_variance;
    spec.observed_sample = sample;
    spec.touchpoint = touchpoint;
    specs.push_back(spec);
  };
  for (const auto& csat : observed.csat) {
    add_touchpoint(MomentKind::csat, csat.touchpoint, csat.share,
                   share_unit_variance(csat.share * csat.sample, csat.sample), csat.sample);
  }
  for (const auto& ces : observed.ces) {
    add_touchpoint(MomentKind::ces, ces.touchpoint, ces.mean, ces.sd * ces.sd, ces.responses);
  }
  for (const auto& failure : observed.failure_rate) {
    add_touchpoint(MomentKind::failure_rate, failure.touchpoint, failure.share,
                   share_unit_variance(failure.share * failure.sample, failure.sample),
                   failure.sample);
  }
  return specs;
}

std::string_view kind_name(MomentKind kind) {
  switch (kind) {
    case MomentKind::retention:
      return "churn";
    case MomentKind::nps:
      return "nps";
    case MomentKind::csat:
      return "csat";
    case MomentKind::ces:
      return "ces";
    case MomentKind::failure_rate:
      return "failure_rate";
  }
  return "";
}

// The scenario a calibration simulates: one replication of the baseline on fixed random numbers,
// with every distribution at its mean and no joint uncertainty.
Scenario point_scenario(const Scenario& scenario, const CalibrationSettings& settings) {
  Scenario point = scenario;
  for_each_number(point, [](const std::string&, Number& number) { number = mean_of(number); });
  point.joint_uncertainty.clear();
  point.simulation.replications = 1;
  if (settings.customers > 0) {
    point.simulation.customers = settings.customers;
  }
  if (settings.seed) {
    point.simulation.seed = *settings.seed;
  }
  return point;
}

void set_unknowns(Scenario& scenario, const std::vector<Unknown>& unknowns,
                  const std::vector<double>& values) {
  for (std::size_t k = 0; k < unknowns.size(); ++k) {
    *find_number(scenario, unknowns[k].index_path) = values[k];
  }
}

// Simulates the moments at parameter places u, and weighs their deviations from the
// observations.
class MomentEvaluator {
 public:
  MomentEvaluator(Scenario point, const Observations& observations,
                  const CalibrationSettings& settings)
      : point_(std::move(point)),
        unknowns_(observations.unknowns),
        specs_(moment_specs(point_, observations)),
        settings_(settings) {
    // Until a simulation tells how the moments vary: independent units, as the observations
    // alone suggest.
    for (const MomentSpec& spec : specs_) {
      weights_.unit_variance.push_back(spec.unit_variance);
    }
    const auto n = static_cast<Eigen::Index>(specs_.size());
    weights_.correlation = Eigen::MatrixXd::Identity(n, n);
  }

  std::size_t moments() const { return specs_.size(); }
  std::size_t unknowns() const { return unknowns_.size(); }
  const std::vector<MomentSpec>& specs() const { return specs_; }
  int simulations() const { return simulations_; }

  std::vector<double> values(const std::vector<double>& places) const {
    std::vector<double> result(places.size());
    for (std::size_t k = 0; k < places.size(); ++k) {
      result[k] = natural(unknowns_[k], places[k]);
    }
    return result;
  }

  // What the baseline does at places u, in all and block by block (memoised: the solver asks
  // again for points it has).
  const Simulated& counts(const std::vector<double>& places) const {
    if (const auto found = cache_.find(places); found != cache_.end()) {
      return found->second;
    }
    Scenario at = point_;
    set_unknowns(at, unknowns_, values(places));
    Simulated simulated{BaselineCounts(at), {}};
    DriverOptions options;
    options.threads = settings_.threads;
    options.observe_block = [&](std::uint32_t, const BlockTotals& block) {
      simulated.total.add(block);
      simulated.blocks.emplace_back(at).add(block);
    };
    simulate(at, {Variant{"baseline", {}}}, options);
    ++simulations_;
    return cache_.emplace(places, std::move(simulated)).first->second;
  }

  // The moments' noise, from how they vary across the simulation's blocks (each moment a ratio
  // of sums, linearised: a block's influence is (S_b − m·U_b)/U). The variance of one unit (a
  // customer at risk, an answer, an interaction) is the simulated moment's variance times its
  // units, so that customers who differ, or answers that cluster within a customer, weigh as
  // they really vary rather than as independent draws. The observations come from the same
  // process, so their noise is correlated alike: a CSAT share and a failure rate of one
  // touchpoint are, and treating them as independent would count the same evidence twice. The
  // correlation is shrunk slightly towards independence, so that moments that move exactly
  // together still leave it invertible.
  MomentNoise noise(const std::vector<double>& places) const {
    const Simulated& simulated = counts(places);
    const auto n = static_cast<Eigen::Index>(specs_.size());
    const auto blocks = static_cast<Eigen::Index>(simulated.blocks.size());
    Eigen::MatrixXd influence(blocks, n);
    MomentNoise noise{std::vector<double>(specs_.size()), {}};
    for (Eigen::Index i = 0; i < n; ++i) {
      const MomentSpec& spec = specs_[static_cast<std::size_t>(i)];
      const SimulatedMoment total = cxsim::simulated(spec, simulated.total);
      for (Eigen::Index b = 0; b < blocks; ++b) {
        const SimulatedMoment block =
            cxsim::simulated(spec, simulated.blocks[static_cast<std::size_t>(b)]);
        const double sum = block.sample > 0.0 ? block.value * block.sample : 0.0;
        influence(b, i) = (sum - total.value * block.sample) / total.sample;
      }
      const double variance = influence.col(i).squaredNorm();
      noise.unit_variance[static_cast<std::size_t>(i)] =
          std::max(variance * total.sample, kLeastVarianceShare * spec.unit_variance);
    }
    const Eigen::MatrixXd covariance = influence.transpose() * influence;
    const Eigen::VectorXd scale = covariance.diagonal().cwiseMax(1e-300).cwiseSqrt().cwiseInverse();
    const Eigen::MatrixXd correlation = scale.asDiagonal() * covariance * scale.asDiagonal();
    noise.correlation =
        (1.0 - kShrinkage) * correlation + kShrinkage * Eigen::MatrixXd::Identity(n, n);
    return noise;
  }

  // Standardises the deviations by `weights` from now on.
  void weigh_by(MomentNoise weights) { weights_ = std::move(weights); }
  const MomentNoise& weights() const { return weights_; }

  // (simulated − observed) / sd, the sd from the observation's and the simulation's variance.
  // False when some moment has no simulated units (nobody at risk, no answers).
  bool residuals(const std::vector<double>& places, double* out) const {
    const BaselineCounts& at = counts(places).total;
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      const MomentSpec& spec = specs_[i];
      const SimulatedMoment moment = simulated(spec, at);
      if (!(moment.sample > 0.0) || !std::isfinite(moment.value)) {
        return false;
      }
      out[i] = (moment.value - spec.observed) / deviation(i, moment.sample);
    }
    return true;
  }

  // The sd of simulated − observed for moment i: both samples' noise.
  double deviation(std::size_t i, double simulated_sample) const {
    return std::sqrt(weights_.unit_variance[i] *
                     (1.0 / specs_[i].observed_sample + 1.0 / simulated_sample));
  }

  // ∂ residual / ∂ u by central differences (one-sided at a bound), row-major moments × unknowns.
  bool jacobian(const std::vector<double>& places, double* out) const {
    const std::size_t n = moments();
    std::vector<double> up(n);
    std::vector<double> down(n);
    for (std::size_t k = 0; k < unknowns(); ++k) {
      std::vector<double> higher = places;
      std::vector<double> lower = places;
      higher[k] = std::min(1.0, places[k] + kDifferenceStep);
      lower[k] = std::max(0.0, places[k] - kDifferenceStep);
      if (!residuals(higher, up.data()) || !residuals(lower, down.data())) {
        return false;
      }
      for (std::size_t i = 0; i < n; ++i) {
        out[i * unknowns() + k] = (up[i] - down[i]) / (higher[k] - lower[k]);
      }
    }
    return true;
  }

 private:
  Scenario point_;
  std::vector<Unknown> unknowns_;
  std::vector<MomentSpec> specs_;
  const CalibrationSettings& settings_;
  MomentNoise weights_;
  mutable std::map<std::vector<double>, Simulated> cache_;
  mutable int simulations_ = 0;
};

// The solver's variables are unbounded, v with place u = 1/(1 + e^−v): the bounds hold by
// construction, and the solver never has to project a step back into them (which in Ceres costs
// a line search with a Jacobian, four simulations an unknown, at every trial point).
double place_of(double variable) {
  return 1.0 / (1.0 + std::exp(-variable));
}
double variable_of(double place) {
  const double inside = std::clamp(place, kDifferenceStep, 1.0 - kDifferenceStep);
  return std::log(inside / (1.0 - inside));
}

// The standardised deviations, decorrelated by the Cholesky factor L of their correlation at
// the start (L⁻¹r): the solver minimises rᵀR⁻¹r, the efficient weighting of the moments.
class MomentResiduals final : public ceres::CostFunction {
 public:
  MomentResiduals(const MomentEvaluator& evaluator, const Eigen::MatrixXd& correlation)
      : evaluator_(evaluator), factor_(correlation.llt().matrixL()) {
    set_num_residuals(static_cast<int>(evaluator.moments()));
    mutable_parameter_block_sizes()->push_back(static_cast<std::int32_t>(evaluator.unknowns()));
  }

  bool Evaluate(double const* const* parameters, double* residuals,
                double** jacobians) const override {
    const std::size_t count = evaluator_.unknowns();
    std::vector<double> places(count);
    for (std::size_t k = 0; k < count; ++k) {
      places[k] = place_of(parameters[0][k]);
    }
    const auto n = static_cast<Eigen::Index>(evaluator_.moments());
    Eigen::Map<Eigen::VectorXd> deviations(residuals, n);
    if (!evaluator_.residuals(places, residuals)) {
      return false;
    }
    factor_.triangularView<Eigen::Lower>().solveInPlace(deviations);
    if (jacobians == nullptr || jacobians[0] == nullptr) {
      return true;
    }
    Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> slopes(
        jacobians[0], n, static_cast<Eigen::Index>(count));
    if (!evaluator_.jacobian(places, jacobians[0])) {
      return false;
    }
    for (std::size_t k = 0; k < count; ++k) {
      slopes.col(static_cast<Eigen::Index>(k)) *= places[k] * (1.0 - places[k]);
    }
    factor_.triangularView<Eigen::Lower>().solveInPlace(slopes);
    return true;
  }

 private:
  const MomentEvaluator& evaluator_;
  Eigen::MatrixXd factor_;
};

// Each bound of each unknown, the others at the scenario's values, must give a valid scenario:
// otherwise the solver could step where the model is not defined.
void check_bounds(const Scenario& scenario, const std::vector<Unknown>& unknowns) {
  for (const Unknown& unknown : unknowns) {
    for (const double bound : {unknown.lower, unknown.upper}) {
      Scenario at = scenario;
      *find_number(at, unknown.index_path) = bound;
      const auto problems = validate(at, SourceMap{});
      if (!problems.empty()) {
        throw std::invalid_argument(
            unknown.path + " = " + format_number(bound) +
            " (a bound) makes the scenario invalid: " + problems.front().message);
      }
    }
  }
}

// Who is not pinned down, and what it trades off against, from the scaled Jacobian (unknowns in
// their bounds' units) and the covariance.
void name_what_is_not_identified(const Eigen::MatrixXd& scaled_jacobian,
                                 const Eigen::MatrixXd& covariance, double z,
                                 std::vector<FittedUnknown>& fitted) {
  const auto count = static_cast<Eigen::Index>(fitted.size());
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(scaled_jacobian, Eigen::ComputeFullV);
  const Eigen::VectorXd singular = svd.singularValues();
  for (Eigen::Index d = 0; d < singular.size(); ++d) {
    if (singular(d) > kRankTolerance * std::max(singular(0), 1e-300)) {
      continue;
    }
    // A direction that moves no moment: its largest components are the parameters that move
    // together without the data noticing.
    const Eigen::VectorXd direction = svd.matrixV().col(d).cwiseAbs();
    Eigen::Index first = 0;
    direction.maxCoeff(&first);
    auto& who = fitted[static_cast<std::size_t>(first)];
    who.not_identified = "no observation moves it";
    Eigen::VectorXd others = direction;
    others(first) = -1.0;
    Eigen::Index second = 0;
    if (count > 1 && others.maxCoeff(&second) > 0.1) {
      who.trades_off_with = static_cast<std::size_t>(second);
      who.not_identified = "the observations move it only together with another";
    }
  }
  for (Eigen::Index j = 0; j < count; ++j) {
    auto& who = fitted[static_cast<std::size_t>(j)];
    if (who.not_identified) {
      continue;
    }
    Eigen::Index partner = -1;
    double strongest = 0.0;
    for (Eigen::Index k = 0; k < count; ++k) {
      const double correlation =
          k == j ? 0.0 : covariance(j, k) / std::sqrt(covariance(j, j) * covariance(k, k));
      if (std::abs(correlation) > std::abs(strongest)) {
        strongest = correlation;
        partner = k;
      }
    }
    if (std::abs(strongest) > kTradeOffCorrelation) {
      who.trades_off_with = static_cast<std::size_t>(partner);
      who.not_identified = "its estimate is correlated " + format_number(strongest) +
                           " with another's: the data pin down a combination of the two";
    } else if (2.0 * z * who.se > who.unknown.upper - who.unknown.lower) {
      who.not_identified = "its interval is wider than its bounds: the data say little about it";
    }
  }
}

ceres::Solver::Summary solve(const MomentEvaluator& evaluator, std::vector<double>& variables,
                             const CalibrationSettings& settings) {
  ceres::Problem::Options problem_options;
  problem_options.cost_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
  ceres::Problem problem(problem_options);
  MomentResiduals cost(evaluator, evaluator.weights().correlation);
  problem.AddResidualBlock(&cost, nullptr, variables.data());
  ceres::Solver::Options options;
  options.linear_solver_type = ceres::DENSE_QR;
  options.max_num_iterations = settings.most_iterations;
  options.logging_type = ceres::SILENT;
  // The objective is known to about one customer in the simulated sample: asking for more than
  // a relative change of 1e-7 would chase the noise of common random numbers.
  options.function_tolerance = 1e-7;
  options.parameter_tolerance = 1e-6;
  ceres::Solver::Summary summary;
  ceres::Solve(options, &problem, &summary);
  return summary;
}

}  // namespace

Calibration calibrate(const Scenario& scenario, const Observations& observations,
                      const CalibrationSettings& settings) {
  const auto started = std::chrono::steady_clock::now();
  const Scenario point = point_scenario(scenario, settings);
  check_bounds(point, observations.unknowns);
  MomentEvaluator evaluator(point, observations, settings);
  const std::size_t unknowns = evaluator.unknowns();
  const std::size_t moments = evaluator.moments();

  Calibration result;
  result.perception_model = point.perception.model;
  result.customers = point.simulation.customers;
  result.seed = point.simulation.seed;
  result.confidence = settings.confidence;

  std::vector<double> places(unknowns);
  Scenario start_scenario = point;
  for (std::size_t k = 0; k < unknowns; ++k) {
    const Unknown& unknown = observations.unknowns[k];
    const double start = std::get<double>(*find_number(start_scenario, unknown.index_path));
    places[k] = (start - unknown.lower) / (unknown.upper - unknown.lower);
    FittedUnknown fitted;
    fitted.unknown = unknown;
    fitted.start = start;
    result.unknowns.push_back(std::move(fitted));
  }

  // Two steps, as in two-step GMM: weights from a simulation at the start, then from one at the
  // first estimate, which the second solve refines.
  std::vector<double> variables(unknowns);
  std::transform(places.begin(), places.end(), variables.begin(), variable_of);
  for (int step = 0; step < 2; ++step) {
    evaluator.weigh_by(evaluator.noise(places));
    const ceres::Solver::Summary summary = solve(evaluator, variables, settings);
    result.converged = summary.termination_type == ceres::CONVERGENCE;
    result.solver_report = summary.message;
    result.iterations += static_cast<int>(summary.iterations.size());
    std::transform(variables.begin(), variables.end(), places.begin(), place_of);
  }

  const std::vector<double> estimate = evaluator.values(places);
  const auto n = static_cast<Eigen::Index>(moments);
  const auto p = static_cast<Eigen::Index>(unknowns);
  Eigen::VectorXd residuals(n);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> by_place(n, p);
  if (!evaluator.residuals(places, residuals.data()) ||
      !evaluator.jacobian(places, by_place.data())) {
    result.converged = false;
    result.solver_report = "the model has no customers to compare at the estimate";
    return result;
  }
  Eigen::MatrixXd by_value = by_place;
  for (Eigen::Index k = 0; k < p; ++k) {
    const Unknown& unknown = observations.unknowns[static_cast<std::size_t>(k)];
    by_value.col(k) /= unknown.upper - unknown.lower;
  }
  // The deviations are standardised by the weights of the last solve (sd σ, correlation R);
  // at the estimate they have sd σ̂ and correlation R̂, so covariance V = D R̂ D, D = σ̂/σ. The
  // estimate's covariance is the sandwich (JᵀWJ)⁻¹ JᵀW V WJ (JᵀWJ)⁻¹ with W = R⁻¹, simulation
  // noise included.
  const MomentNoise at_estimate = evaluator.noise(places);
  const BaselineCounts& at = evaluator.counts(places).total;
  Eigen::VectorXd sd_ratio(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto moment = static_cast<std::size_t>(i);
    sd_ratio(i) =
        std::sqrt(at_estimate.unit_variance[moment] / evaluator.weights().unit_variance[moment]);
  }
  const Eigen::MatrixXd noise =
      sd_ratio.asDiagonal() * at_estimate.correlation * sd_ratio.asDiagonal();
  const Eigen::MatrixXd weighted = evaluator.weights().correlation.llt().solve(by_value);
  const Eigen::MatrixXd bread =
      (by_value.transpose() * weighted).completeOrthogonalDecomposition().pseudoInverse();
  const Eigen::MatrixXd covariance = bread * (weighted.transpose() * noise * weighted) * bread;
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + 0.5 * settings.confidence);

  result.z = z;
  result.covariance.assign(covariance.data(), covariance.data() + covariance.size());
  for (std::size_t k = 0; k < unknowns; ++k) {
    auto& fitted = result.unknowns[k];
    fitted.estimate = estimate[k];
    const auto index = static_cast<Eigen::Index>(k);
    fitted.se = std::sqrt(std::max(0.0, covariance(index, index)));
    fitted.at_bound = places[k] < kNearBound || places[k] > 1.0 - kNearBound;
  }
  name_what_is_not_identified(by_place, covariance, z, result.unknowns);

  for (Eigen::Index i = 0; i < n; ++i) {
    const MomentSpec& spec = evaluator.specs()[static_cast<std::size_t>(i)];
    const SimulatedMoment moment = simulated(spec, at);
    const auto index = static_cast<std::size_t>(i);
    const double deviation = evaluator.deviation(index, moment.sample);
    const double unit_variance = at_estimate.unit_variance[index];
    // The simulated moment's slope in the parameters, for the spread the estimate carries into it.
    const Eigen::RowVectorXd slope = by_value.row(i) * deviation;
    const double parameter_variance = slope * covariance * slope.transpose();
    MomentFit fit;
    fit.kind = kind_name(spec.kind);
    fit.label = spec.label;
    fit.observed = spec.observed;
    fit.observed_se = std::sqrt(unit_variance / spec.observed_sample);
    fit.fitted = moment.value;
    fit.fitted_se = std::sqrt(parameter_variance + unit_variance / moment.sample);
    fit.residual = residuals(i);
    result.moments.push_back(fit);
  }
  for (const auto& retention : observations.retention) {
    RetentionCurveFit curve;
    curve.label = retention.segment ? scenario.segments[*retention.segment].name : "all customers";
    double survival = 1.0;
    for (std::size_t t = 0; t < retention.at_risk.size(); ++t) {
      survival *= retention.at_risk[t] > 0.0 ? 1.0 - retention.lost[t] / retention.at_risk[t] : 1.0;
      curve.observed.push_back(survival);
      curve.fitted.push_back(at.alive_after(retention.segment, static_cast<int>(t + 1)) /
                             at.alive_after(retention.segment, 0));
    }
    result.retention_curves.push_back(std::move(curve));
  }

  result.chi_square = residuals.dot(noise.llt().solve(residuals));
  result.degrees_of_freedom = static_cast<int>(moments) - static_cast<int>(unknowns);
  if (result.degrees_of_freedom > 0) {
    result.p_value = boost::math::cdf(boost::math::complement(
        boost::math::chi_squared(result.degrees_of_freedom), result.chi_square));
  }
  result.simulations = evaluator.simulations();
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

Scenario calibrated(const Scenario& scenario, const Calibration& calibration) {
  Scenario result = scenario;
  for (const auto& fitted : calibration.unknowns) {
    *find_number(result, fitted.unknown.index_path) = fitted.estimate;
  }
  return result;
}

}  // namespace cxsim
