// The per-customer kernel: one customer through every variant, month by month
// (docs/model.md#a-month), on random numbers that depend only on (seed, replication, customer). It
// adds what happened into a BlockTotals. Its scratch is allocated once per call, before the first
// customer; per customer it allocates nothing, takes no lock and makes no virtual call.
// The month's equations are the kernel in lanes' (sim/engine/month_equations.hpp); this kernel owns
// only the control flow of one customer. Tests and benchmarks use it; the engine runs the kernel in
// lanes (lane_kernel.hpp).
#pragma once

#include <cstdint>

#include "engine/block_totals.hpp"
#include "model/compiled_run.hpp"

namespace cxsim {

// The customers [first, first + count) of `run`'s replication, each through every variant, with
// the models `run` names. Any single customer can be replayed alone with count = 1.
void simulate_customers(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                        BlockTotals& totals);

}  // namespace cxsim
