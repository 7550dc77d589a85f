// Text for the tables a person scans: money and counts with a k, M or B suffix, and columns
// padded as a terminal counts them.
#pragma once

#include <cstddef>
#include <string>

#include "analysis/block_statistic.hpp"

namespace cxsim::cli {

// 1234567 ±2345 → "1.23M ±0.00M": the interval in the value's unit; without the interval
// when `half_width` is negative.
std::string compact(double value, double half_width = -1.0);

// An estimate as "441.01M ±18.86M".
std::string money(const Estimate& estimate);

// Pads to `width` columns as a terminal counts them (UTF-8: "Δ" is two bytes, one column).
std::string pad(std::string text, std::size_t width);

}  // namespace cxsim::cli
