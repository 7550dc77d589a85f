// CALIBRATED.yaml (docs/calibration.md): a scenario file with fitted parameters written in. Each
// fitted value replaces the file's value at its key (or is inserted where the file relied on the
// default), with a comment giving estimate, standard error, data file and date; a
// joint_uncertainty block with the fit's covariance is appended, so that replications draw the
// fitted parameters together (docs/model.md#uncertain-parameters). The rest of the file, comments
// included, stays as written.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.hpp"

namespace cxsim {

struct FittedParameter {
  std::string path;  // as `sweep --vary` takes it: indices or names
  double estimate = 0.0;
  double standard_error = 0.0;
  ParameterScale scale = ParameterScale::linear;  // the scale the covariance is on
};

// The calibrated text could not be written: the original does not validate, a path names no
// parameter, or the text written does not read back with the fitted values (then nothing should
// be written). The message is for the user.
class CalibratedScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The scenario text `scenario_text` (read from `scenario_file`, which labels messages) with each
// parameter's estimate written at its path, commented `# calibrated: ESTIMATE (se SE) from
// DATA_FILE on DATE`, and a joint_uncertainty block for the parameters with `covariance` (on
// their scales, one row and column per parameter in their order) at the end, replacing any
// block that draws one of them. Estimates and covariances are written to round-trip exactly.
// Throws CalibratedScenarioError when the result does not load back with every estimate.
std::string calibrated_scenario_text(std::string_view scenario_text,
                                     const std::string& scenario_file,
                                     std::span<const FittedParameter> parameters,
                                     const std::vector<std::vector<double>>& covariance,
                                     std::string_view data_file, std::string_view date);

}  // namespace cxsim
