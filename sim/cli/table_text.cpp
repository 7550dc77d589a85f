#include "table_text.hpp"

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

std::string money(const Estimate& estimate) {
  return compact(estimate.mean, estimate.hi - estimate.mean);
}

std::string pad(std::string text, std::size_t width) {
  const auto columns = static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
  if (columns < width) {
    text.append(width - columns, ' ');
  }
  return text;
}

}  // namespace cxsim::cli
