#include "scenario/touchpoint_parameters.hpp"

#include <algorithm>
#include <array>

namespace cxsim {

namespace {

constexpr auto kParameters = std::to_array<TouchpointParameter>({
    {"functional.success", kProbability, true,
     [](Touchpoint& t) -> Number& { return t.functional.success; },
     &InteractionParameters::success},
    {"functional.effort", kUnitInterval, true,
     [](Touchpoint& t) -> Number& { return t.functional.effort; }, &InteractionParameters::effort},
    {"functional.delay", kProbability, true,
     [](Touchpoint& t) -> Number& { return t.functional.delay; }, &InteractionParameters::delay},
    {"emotional.tone", kSignedUnit, false,
     [](Touchpoint& t) -> Number& { return t.emotional.tone; }, &InteractionParameters::tone},
    {"emotional.tone_sd", kNonNegative, false,
     [](Touchpoint& t) -> Number& { return t.emotional.tone_sd; }, &InteractionParameters::tone_sd},
    {"emotional.recovery", kUnitInterval, false,
     [](Touchpoint& t) -> Number& { return t.emotional.recovery; },
     &InteractionParameters::recovery},
    {"emotional.communication", kUnitInterval, false,
     [](Touchpoint& t) -> Number& { return t.emotional.communication; },
     &InteractionParameters::communication},
    {"sensory.polish", kSignedUnit, false,
     [](Touchpoint& t) -> Number& { return t.sensory.polish; }, &InteractionParameters::polish},
    {"sensory.polish_sd", kNonNegative, false,
     [](Touchpoint& t) -> Number& { return t.sensory.polish_sd; },
     &InteractionParameters::polish_sd},
    {"sensory.consistency", kUnitInterval, false,
     [](Touchpoint& t) -> Number& { return t.sensory.consistency; },
     &InteractionParameters::consistency},
    {"weight", kNonNegative, false, [](Touchpoint& t) -> Number& { return t.weight; },
     &InteractionParameters::weight},
    {"cost", kNonNegative, false, [](Touchpoint& t) -> Number& { return t.cost; },
     &InteractionParameters::cost},
});

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
