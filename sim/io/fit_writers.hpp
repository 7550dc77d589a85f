// FIT.json, what `cxsim fit-retention` writes (docs/calibration.md#reading-the-output), written
// whole or not at all.
#pragma once

#include <filesystem>
#include <string>

#include "calibration/retention_fit.hpp"

namespace cxsim {

std::string retention_fit_json(const RetentionFitReport& report);

// Writes the report to `path` through a temporary file beside it, renamed into place once whole.
// Throws std::runtime_error naming the file when the write fails, leaving nothing behind.
void write_retention_fit(const RetentionFitReport& report, const std::filesystem::path& path);

}  // namespace cxsim
