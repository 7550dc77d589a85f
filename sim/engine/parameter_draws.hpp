// Parameter uncertainty (docs/model.md#uncertain-parameters): a number written as a distribution is
// drawn once per replication, with Boost.Random seeded from the scenario seed, the replication
// number and the number's path with names for positions
// (`fixes[calmer].changes[0].add.emotional.tone`), so a replication's parameters are the same
// whatever else runs, and one number's draws do not move when another number changes or another
// segment, touchpoint or fix is added, removed or moved. The parameters of a joint_uncertainty
// block are drawn together, from the block's own engine keyed the same way by its parameters.
#pragma once

#include <cstdint>

#include "scenario/scenario.hpp"

namespace cxsim {

// The scenario with every distribution replaced by its draw for `replication`, and the parameters
// of each joint block by their joint draw; other constants stay. A joint draw outside its
// parameter's range is clamped to the range. Assumes a valid scenario (validation.hpp).
Scenario draw_parameters(const Scenario& scenario, std::uint32_t replication);

// Whether any number of the scenario is a distribution or the scenario has a joint block.
bool has_uncertainty(const Scenario& scenario);

// The value of a number that `draw_parameters` has resolved.
inline double value_of(const Number& number) {
  return std::get<double>(number);
}

}  // namespace cxsim
