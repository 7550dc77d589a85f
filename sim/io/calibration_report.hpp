// REPORT.json of `cxsim calibrate` (docs/calibration.md#the-report): each fit's estimates with
// their standard errors, covariance and identification, the observed against the fitted
// moments, the retention curves and the goodness of fit.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "analysis/run_results.hpp"
#include "calibration/calibration.hpp"

namespace cxsim {

// `fits` in order (one per perception model when models are compared), `favoured` the index of
// the one the data favour; the scenario and the observations named as results.json names its
// scenario.
std::string calibration_report_json(const ScenarioSource& scenario,
                                    const ScenarioSource& observations,
                                    std::span<const Calibration> fits, std::size_t favoured);

}  // namespace cxsim
