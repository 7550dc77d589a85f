#include "compact_numbers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace cxsim::cli {

namespace {

std::string two_decimals(double value) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.2f", value);
  return buffer.data();
}

}  // namespace

std::string compact(double value, double half_width) {
  const double magnitude = std::max(std::abs(value), std::abs(half_width));
  const char* suffix = "";
  double unit = 1.0;
  if (magnitude >= 1e9) {
    unit = 1e9;
    suffix = "B";
  } else if (magnitude >= 1e6) {
    unit = 1e6;
    suffix = "M";
  } else if (magnitude >= 1e3) {
    unit = 1e3;
    suffix = "k";
  }
  std::string text = two_decimals(value / unit) + suffix;
  if (half_width >= 0.0) {
    text += " ±" + two_decimals(half_width / unit) + suffix;
  }
  return text;
}

}  // namespace cxsim::cli
