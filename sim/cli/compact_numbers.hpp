// Numbers for tables a person scans: money and counts with a k, M or B suffix.
#pragma once

#include <string>

namespace cxsim::cli {

// 1234567 ±2345 → "1.23M ±0.00M": the interval in the value's unit; without the interval
// when `half_width` is negative.
std::string compact(double value, double half_width = -1.0);

}  // namespace cxsim::cli
