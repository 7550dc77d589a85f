// What a valid scenario says that can have no effect, so is likely a slip: a touchpoint no
// customer can reach (a rate of 0, a trigger that can never fire, an added touchpoint that runs
// only before its fix starts) and a change of a fix that can alter no interaction (its
// touchpoint runs only before the fix starts, or it leaves the parameter as it is). A warning
// does not stop a run (docs/scenarios.md#warnings).
#pragma once

#include <vector>

#include "base/diagnostics.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

// Every warning, in no particular order; the scenario must be valid (validation.hpp). The
// judgement takes every variant into account: a trigger on failure of a touchpoint whose
// success is 1 fires where a fix may lower that success. A parameter drawn jointly
// (joint_uncertainty) may take any value.
std::vector<Diagnostic> scenario_warnings(const Scenario& scenario, const SourceMap& source_map);

}  // namespace cxsim
