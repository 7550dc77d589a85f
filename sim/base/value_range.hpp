// The allowed values of a scenario key, e.g. [0, 1] for a probability, and how to say so.
#pragma once

#include <limits>
#include <string>

#include "base/number.hpp"

namespace cxsim {

struct ValueRange {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // true: lo itself is excluded
  bool hi_open = false;

  bool contains(double value) const;
  // True when every value of the support lies in the range.
  bool contains(Support support) const;
  // "[0, 1]", ">= 0", "> 0", "in (0, 1)": reads after "must be ".
  std::string describe() const;
};

inline constexpr ValueRange kProbability{0.0, 1.0};
inline constexpr ValueRange kUnitInterval{0.0, 1.0};
inline constexpr ValueRange kSignedUnit{-1.0, 1.0};
inline constexpr ValueRange kNonNegative{0.0};
inline constexpr ValueRange kPositive{0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr ValueRange kAnyReal{};

}  // namespace cxsim
