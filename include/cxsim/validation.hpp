// Whether a loaded scenario makes sense: value ranges, distribution parameters, months within
// the horizon, unique ids, references to touchpoints and fixes, trigger cycles, segment shares,
// and fixes that try to change what a business does not control.
#pragma once

#include <cstdint>
#include <vector>

#include "cxsim/diagnostics.hpp"
#include "cxsim/scenario.hpp"

namespace cxsim {

// The largest simulation settings validation accepts. The random streams name a customer in 32
// bits and a month in 16 (random_streams.hpp); a horizon of 50 years is far beyond any use, and
// so are more replications than these.
inline constexpr std::int64_t kMaxCustomers = 4'294'967'295;
inline constexpr int kMaxMonths = 600;
inline constexpr int kMaxReplications = 100'000;

struct ValidationOptions {
  // Off when loading could not read every touchpoint and fix id: a reference to one of them
  // would be reported as unknown and send the reader after the wrong line.
  bool check_references = true;
};

// Every problem found, in no particular order; empty when the scenario is valid.
std::vector<Diagnostic> validate(const Scenario& scenario, const SourceMap& source_map,
                                 const ValidationOptions& options = {});

}  // namespace cxsim
