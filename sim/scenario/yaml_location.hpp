// Where a yaml-cpp mark points, as editors count: lines and columns from 1.
#pragma once

#include <yaml-cpp/mark.h>

#include "base/diagnostics.hpp"

namespace cxsim {

inline SourceLocation location_of(const YAML::Mark& mark) {
  return {mark.line + 1, mark.column + 1};
}

}  // namespace cxsim
