#include "scenario/touchpoint_parameters.hpp"

#include <algorithm>
#include <array>

namespace cxsim {

namespace {

constexpr std::array<TouchpointParameter, 12> kParameters{{
    {"functional.success", kProbability, true,
     [](Touchpoint& t) -> Number& { return t.functional.success; }},
    {"functional.effort", kUnitInterval, true,
     [](Touchpoint& t) -> Number& { return t.functional.effort; }},
    {"functional.delay", kProbability, true,
     [](Touchpoint& t) -> Number& { return t.functional.delay; }},
    {"emotional.tone", kSignedUnit, false,
     [](Touchpoint& t) -> Number& { return t.emotional.tone; }},
    {"emotional.tone_sd", kNonNegative, false,
     [](Touchpoint& t) -> Number& { return t.emotional.tone_sd; }},
    {"emotional.recovery", kUnitInterval, false,
     [](Touchpoint& t) -> Number& { return t.emotional.recovery; }},
    {"emotional.communication", kUnitInterval, false,
     [](Touchpoint& t) -> Number& { return t.emotional.communication; }},
    {"sensory.polish", kSignedUnit, false,
     [](Touchpoint& t) -> Number& { return t.sensory.polish; }},
    {"sensory.polish_sd", kNonNegative, false,
     [](Touchpoint& t) -> Number& { return t.sensory.polish_sd; }},
    {"sensory.consistency", kUnitInterval, false,
     [](Touchpoint& t) -> Number& { return t.sensory.consistency; }},
    {"weight", kNonNegative, false, [](Touchpoint& t) -> Number& { return t.weight; }},
    {"cost", kNonNegative, false, [](Touchpoint& t) -> Number& { return t.cost; }},
}};

}  // namespace

std::span<const TouchpointParameter> touchpoint_parameters() {
  return kParameters;
}

const TouchpointParameter* find_touchpoint_parameter(std::string_view name) {
  const auto found = std::find_if(kParameters.begin(), kParameters.end(),
                                  [&](const TouchpointParameter& p) { return p.name == name; });
  return found == kParameters.end() ? nullptr : &*found;
}

}  // namespace cxsim
