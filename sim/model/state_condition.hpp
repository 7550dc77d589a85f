// A condition on a customer's state at one moment (docs/model.md#stages-and-conditions): their
// perception P, trust T and tenure (months since they joined, 0 in their first). Part of a
// scenario and of the compiled run alike: a condition-scheduled touchpoint fires on one, and a
// stage transition waits for one. A bound left unset holds for everyone.
#pragma once

#include <array>
#include <limits>
#include <string_view>

namespace cxsim {

struct StateCondition {
  double perception_below = std::numeric_limits<double>::infinity();
  double perception_at_least = -std::numeric_limits<double>::infinity();
  double trust_below = std::numeric_limits<double>::infinity();
  double trust_at_least = -std::numeric_limits<double>::infinity();
  int tenure_at_least = 0;
  int tenure_below = std::numeric_limits<int>::max();

  bool operator==(const StateCondition&) const = default;
};

// Every bound at once: P < perception_below, P ≥ perception_at_least, likewise for T, and
// tenure_at_least ≤ tenure < tenure_below. & rather than &&: no branch in a loop over lanes.
inline bool holds(const StateCondition& condition, double perception, double trust, int tenure) {
  return (perception < condition.perception_below) & (perception >= condition.perception_at_least) &
         (trust < condition.trust_below) & (trust >= condition.trust_at_least) &
         (tenure >= condition.tenure_at_least) & (tenure < condition.tenure_below);
}

// How a trigger that follows several touchpoints fires: after each of them (any), or once, when
// the last of them has had the outcome it waits for (all).
enum class TriggerJoin { any, all };
// As scenarios write them, in the enum's order.
inline constexpr std::array<std::string_view, 2> kTriggerJoinNames{"any", "all"};

}  // namespace cxsim
