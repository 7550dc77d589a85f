#include "base/value_range.hpp"

#include <cmath>

#include "base/text.hpp"

namespace cxsim {

bool ValueRange::contains(double value) const {
  const bool above_lo = lo_open ? value > lo : value >= lo;
  const bool below_hi = hi_open ? value < hi : value <= hi;
  return above_lo && below_hi;
}

bool ValueRange::contains(Support support) const {
  return contains(support.lo) && contains(support.hi);
}

std::string ValueRange::describe() const {
  if (std::isinf(hi)) {
    if (std::isinf(lo)) {
      return "a finite number";
    }
    return (lo_open ? "> " : ">= ") + format_number(lo);
  }
  if (std::isinf(lo)) {
    return (hi_open ? "< " : "<= ") + format_number(hi);
  }
  return std::string("in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) +
         (hi_open ? ")" : "]");
}

}  // namespace cxsim
