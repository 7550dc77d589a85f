// `cxsim calibrate` (docs/calibration.md): the scenario's unknown parameters estimated from
// observed outcomes by the method of simulated moments. Each evaluation simulates the baseline on
// the same customers and random numbers (common random numbers), so that the moments move with
// the parameters rather than with the noise; a bounded trust-region least-squares solver (Ceres)
// minimises the moments' deviations, each weighted by the variance of the observation and of the
// simulation. Nothing here prints or writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calibration/observations.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct CalibrationSettings {
  std::int64_t customers = 0;        // simulated per evaluation; 0: the scenario's
  std::optional<std::int64_t> seed;  // none: the scenario's
  int threads = 0;                   // 0: every core
  int most_iterations = 50;
  double confidence = 0.95;  // of the intervals reported
};

struct FittedUnknown {
  Unknown unknown;
  double start = 0.0;  // the scenario's value (its mean for a distribution)
  double estimate = 0.0;
  double se = 0.0;  // from the observations and the simulation's own noise
  bool at_bound = false;
  // Set when the data cannot pin the parameter down: why, and the parameter it trades off
  // against (the unknown index) when there is one.
  std::optional<std::string> not_identified;
  std::optional<std::size_t> trades_off_with;
};

// One moment: what was observed and what the calibrated model gives, with intervals.
struct MomentFit {
  std::string kind;   // retention, nps, csat, ces, failure_rate
  std::string label;  // what it is of: `smb, month 3`, `support_chat`
  double observed = 0.0;
  double observed_se = 0.0;
  double fitted = 0.0;
  double fitted_se = 0.0;  // parameter uncertainty and simulation noise
  double residual = 0.0;   // (fitted − observed) / its standard deviation
};

// A retention curve, observed (pooled over cohorts, Kaplan–Meier) against fitted.
struct RetentionCurveFit {
  std::string label;             // the segment, or `all customers`
  std::vector<double> observed;  // survival after periods 1…K
  std::vector<double> fitted;
};

struct Calibration {
  std::string perception_model;
  std::vector<FittedUnknown> unknowns;
  std::vector<double> covariance;  // row-major, unknowns × unknowns, natural scale
  std::vector<MomentFit> moments;
  std::vector<RetentionCurveFit> retention_curves;
  double chi_square = 0.0;        // Σ residual², the objective at the estimate
  int degrees_of_freedom = 0;     // moments − unknowns
  std::optional<double> p_value;  // of the χ² goodness-of-fit test; none without freedom
  bool converged = false;
  std::string solver_report;  // Ceres's one-line reason for stopping
  int iterations = 0;
  int simulations = 0;
  std::int64_t customers = 0;
  std::int64_t seed = 0;
  double confidence = 0.95;
  double z = 1.96;  // the normal quantile of the intervals at `confidence`
  double seconds = 0.0;
};

// Calibrates `scenario` (valid) to `observations` (read against it). Numbers the scenario gives
// as distributions are held at their means; joint uncertainty is set aside. Throws
// std::invalid_argument when a bound of an unknown makes the scenario invalid (say which).
Calibration calibrate(const Scenario& scenario, const Observations& observations,
                      const CalibrationSettings& settings);

// The scenario with each unknown at its estimate.
Scenario calibrated(const Scenario& scenario, const Calibration& calibration);

}  // namespace cxsim
