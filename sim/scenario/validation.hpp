// Whether a loaded scenario makes sense: value ranges, distribution parameters, months within
// the horizon, unique ids, references to touchpoints and fixes, trigger cycles, segment shares,
// and fixes that try to change what a business does not control.
#pragma once

#include <vector>

#include "base/diagnostics.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct ValidationOptions {
  // Off when loading could not read every touchpoint and fix id: a reference to one of them
  // would be reported as unknown and send the reader after the wrong line.
  bool check_references = true;
};

// Every problem found, in no particular order; empty when the scenario is valid.
std::vector<Diagnostic> validate(const Scenario& scenario, const SourceMap& source_map,
                                 const ValidationOptions& options = {});

}  // namespace cxsim
