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
        touchpoints(scenario.journey.size()) {}

  void add(const BlockTotals& block) {
    customers += block.customers;
    for (std::size_t m = 0; m < alive.size(); ++m) {
      const auto month = static_cast<int>(m);
      alive[m] += block.monthly(0, MonthlyMetric::alive, month);
      nps_net[m] += 0.0;      // STUB
      nps_answers[m] += 0.0;  // STUB
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
    if (segment) {
      throw std::logic_error("retention by segment needs the segment tallies");
    }
    return period == 0 ? customers : alive[static_cast<std::size_t>(period - 1)];
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
};

enum class MomentKind { retention, nps, csat, ces, failure_rate };

// A moment: an observed number, its sampling variance, and where its simulated value comes from.
struct MomentSpec {
  MomentKind kind = MomentKind::retention;
  std::string label;
  double observed = 0.0;
  // Variance of one observation unit (a customer at risk, an answer, an interaction): the
  // observed mean's variance is unit_variance / observed_sample, the simulated one's
  // unit_variance / simulated sample, so both noises enter the weight.
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
  const auto touchpoint_label = [&](std::size_t t) { return scenario.journey[t].id; };
  for (const auto& csat : observed.csat) {
    MomentSpec spec;
    spec.kind = MomentKind::csat;
    spec.label = touchpoint_label(csat.touchpoint);
    spec.observed = csat.share;
    spec.unit_variance = share_unit_variance(csat.share * csat.sample, csat.sample);
    spec.observed_sample = csat.sample;
    spec.touchpoint = csat.touchpoint;
    specs.push_back(spec);
  }
  for (const auto& ces : observed.ces) {
    MomentSpec spec;
    spec.kind = MomentKind::ces;
    spec.label = touchpoint_label(ces.touchpoint);
    spec.observed = ces.mean;
    spec.unit_variance = ces.sd * ces.sd;
    spec.observed_sample = ces.responses;
    spec.touchpoint = ces.touchpoint;
    specs.push_back(spec);
  }
  for (const auto& failure : observed.failure_rate) {
    MomentSpec spec;
    spec.kind = MomentKind::failure_rate;
    spec.label = touchpoint_label(failure.touchpoint);
    spec.observed = failure.share;
    spec.unit_variance = share_unit_variance(failure.share * failure.sample, failure.sample);
    spec.observed_sample = failure.sample;
    spec.touchpoint = failure.touchpoint;
    specs.push_back(spec);
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
// with every distribution at its mean.
Scenario point_scenario(const Scenario& scenario, const CalibrationSettings& settings) {
  Scenario point = scenario;
  for_each_number(point, [](const std::string&, Number& number) { number = mean_of(number); });
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
        settings_(settings) {}

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

  // What the baseline does at places u (memoised: the solver asks again for points it has).
  const BaselineCounts& counts(const std::vector<double>& places) const {
    if (const auto found = cache_.find(places); found != cache_.end()) {
      return found->second;
    }
    Scenario at = point_;
    set_unknowns(at, unknowns_, values(places));
    BaselineCounts counts(at);
    DriverOptions options;
    options.threads = settings_.threads;
    options.observe_block = [&](std::uint32_t, const BlockTotals& block) { counts.add(block); };
    simulate(at, {Variant{"baseline", {}}}, options);
    ++simulations_;
    return cache_.emplace(places, std::move(counts)).first->second;
  }

  // (simulated − observed) / sd, the sd from the observation's and the simulation's variance.
  // False when some moment has no simulated units (nobody at risk, no answers).
  bool residuals(const std::vector<double>& places, double* out) const {
    const BaselineCounts& at = counts(places);
    for (std::size_t i = 0; i < specs_.size(); ++i) {
      const MomentSpec& spec = specs_[i];
      const SimulatedMoment moment = simulated(spec, at);
      if (!(moment.sample > 0.0) || !std::isfinite(moment.value)) {
        return false;
      }
      out[i] = (moment.value - spec.observed) / deviation(spec, moment.sample);
    }
    return true;
  }

  static double deviation(const MomentSpec& spec, double simulated_sample) {
    return std::sqrt(spec.unit_variance * (1.0 / spec.observed_sample + 1.0 / simulated_sample));
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
  mutable std::map<std::vector<double>, BaselineCounts> cache_;
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

class MomentResiduals final : public ceres::CostFunction {
 public:
  explicit MomentResiduals(const MomentEvaluator& evaluator) : evaluator_(evaluator) {
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
    if (!evaluator_.residuals(places, residuals)) {
      return false;
    }
    if (jacobians == nullptr || jacobians[0] == nullptr) {
      return true;
    }
    if (!evaluator_.jacobian(places, jacobians[0])) {
      return false;
    }
    for (std::size_t i = 0; i < evaluator_.moments(); ++i) {
      for (std::size_t k = 0; k < count; ++k) {
        jacobians[0][i * count + k] *= places[k] * (1.0 - places[k]);
      }
    }
    return true;
  }

 private:
  const MomentEvaluator& evaluator_;
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

}  // namespace

Calibration calibrate(const Scenario& scenario, const Observations& observations,
                      const CalibrationSettings& settings) {
  const auto started = std::chrono::steady_clock::now();
  const Scenario point = point_scenario(scenario, settings);
  check_bounds(point, observations.unknowns);
  const MomentEvaluator evaluator(point, observations, settings);
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

  ceres::Problem::Options problem_options;
  problem_options.cost_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
  ceres::Problem problem(problem_options);
  MomentResiduals cost(evaluator);
  std::vector<double> variables(unknowns);
  std::transform(places.begin(), places.end(), variables.begin(), variable_of);
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
  result.converged = summary.termination_type == ceres::CONVERGENCE;
  result.solver_report = summary.message;
  result.iterations = static_cast<int>(summary.iterations.size());
  std::transform(variables.begin(), variables.end(), places.begin(), place_of);

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
  // The deviations are standardised by the observations' and the simulation's variance, so
  // the estimate's covariance is (JᵀJ)⁻¹, simulation noise included.
  const Eigen::MatrixXd information = by_value.transpose() * by_value;
  const Eigen::MatrixXd covariance = information.completeOrthogonalDecomposition().pseudoInverse();
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + 0.5 * settings.confidence);

  result.z = z;
  result.covariance.assign(covariance.data(), covariance.data() + covariance.size());
  for (std::size_t k = 0; k < unknowns; ++k) {
    auto& fitted = result.unknowns[k];
    fitted.estimate = estimate[k];
    const auto at = static_cast<Eigen::Index>(k);
    fitted.se = std::sqrt(std::max(0.0, covariance(at, at)));
    fitted.at_bound = places[k] < kNearBound || places[k] > 1.0 - kNearBound;
  }
  name_what_is_not_identified(by_place, covariance, z, result.unknowns);

  const BaselineCounts& at = evaluator.counts(places);
  for (Eigen::Index i = 0; i < n; ++i) {
    const MomentSpec& spec = evaluator.specs()[static_cast<std::size_t>(i)];
    const SimulatedMoment moment = simulated(spec, at);
    const double deviation = MomentEvaluator::deviation(spec, moment.sample);
    // The simulated moment's slope in the parameters, for the spread the estimate carries into it.
    const Eigen::RowVectorXd slope = by_value.row(i) * deviation;
    const double parameter_variance = slope * covariance * slope.transpose();
    MomentFit fit;
    fit.kind = kind_name(spec.kind);
    fit.label = spec.label;
    fit.observed = spec.observed;
    fit.observed_se = std::sqrt(spec.unit_variance / spec.observed_sample);
    fit.fitted = moment.value;
    fit.fitted_se = std::sqrt(parameter_variance + spec.unit_variance / moment.sample);
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

  result.chi_square = residuals.squaredNorm();
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
