// FIT.json, what `cxsim fit-retention` writes (docs/calibration.md#reading-the-output).
#pragma once

#include <string>

#include "calibration/retention_fit.hpp"

namespace cxsim {

std::string retention_fit_json(const RetentionFitReport& report);

}  // namespace cxsim
