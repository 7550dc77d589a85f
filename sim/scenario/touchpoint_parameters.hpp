// The parameters of a touchpoint that a fix may change, by the dotted names scenarios use
// (`functional.success`), with their ranges, their layer of the CX stack and where the compiled
// run keeps them. Loading, validation, parameter paths, fixes' changes and compilation read this
// table: adding a parameter is a field of Touchpoint, an entry here and a field of
// InteractionParameters.
#pragma once

#include <span>
#include <string_view>

#include "base/value_range.hpp"
#include "model/compiled_run.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct TouchpointParameter {
  std::string_view name;
  ValueRange range;
  // Functional parameters of an uncontrollable touchpoint can't be changed by a fix
  // (docs/model.md#fixes).
  bool functional;
  Number& (*field)(Touchpoint&);
  double InteractionParameters::*compiled;

  const Number& of(const Touchpoint& touchpoint) const {
    return field(const_cast<Touchpoint&>(touchpoint));
  }
};

std::span<const TouchpointParameter> touchpoint_parameters();

// Null when no parameter has that name.
const TouchpointParameter* find_touchpoint_parameter(std::string_view name);

}  // namespace cxsim
