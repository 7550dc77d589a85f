// Compilation of a scenario into the flat tables the kernel runs on (compiled_run.hpp): one
// replication's drawn parameters, each variant's fixes applied month by month.
#pragma once

#include <cstdint>
#include <vector>

#include "model/compiled_run.hpp"
#include "scenario/scenario.hpp"
#include "scenario/variants.hpp"

namespace cxsim {

// A touchpoint of a run, in the kernel's order: the journey's, then each fix's added ones.
struct RunTouchpoint {
  const Touchpoint* touchpoint;
  int added_by;  // the index of the fix that adds it; −1 for the journey's own
};
std::vector<RunTouchpoint> run_touchpoints(const Scenario& scenario);

// The share of a fix's effect in force in `month`: 0 before `start_month`, then rising
// linearly to 1 over `ramp_months` months (1/k, 2/k, … from the start month), at once for 0.
double ramp_fraction(const Fix& fix, int month);

// The cohorts of joiners (docs/model.md#acquisition) of `drawn`, every Number resolved.
std::vector<CompiledCohort> compile_cohorts(const Scenario& drawn);

// `drawn` must have every Number resolved (parameter_draws.hpp) and be valid.
CompiledRun compile_run(const Scenario& drawn, const std::vector<Variant>& variants,
                        std::uint32_t replication);

}  // namespace cxsim
