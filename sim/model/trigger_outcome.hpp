// What a triggered touchpoint waits for in its source's outcome: part of a scenario and of the
// compiled run alike.
#pragma once

#include <array>
#include <string_view>

namespace cxsim {

enum class TriggerOutcome { failure, success, any };
// As scenarios write them, in the enum's order.
inline constexpr std::array<std::string_view, 3> kTriggerOutcomeNames{"failure", "success", "any"};

}  // namespace cxsim
