// The kernel in lanes: kLanes consecutive customers side by side, month by month through every
// variant, the arithmetic of each step a loop over the lanes that the compiler turns into SIMD
// instructions. It adds into a BlockTotals exactly, bit for bit, what the one-customer kernel
// (customer_kernel.hpp) adds for the same customers (tested on every shipped scenario and
// model), which stays the reference that replays a single customer. Both call the same
// equations (sim/engine/month_equations.hpp) and differ only in control flow: here masks and lanes.
//
// It is compiled for several x86-64 instruction sets in one binary (portable SSE2, AVX2,
// AVX-512); the best this processor has runs. All compute the same bits: the build forbids
// fused multiply-adds (-ffp-contract=off), the logarithm is the engine's own (natural_log.hpp),
// and each lane's arithmetic is kept apart, never summed across lanes, so that no vector width
// changes an order of additions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/block_totals.hpp"
#include "model/compiled_run.hpp"

namespace cxsim {

enum class LaneInstructionSet {
  portable,  // x86-64 as every such processor has it (SSE2): what a build without -march gives
  avx2,      // x86-64-v3
  avx512,    // x86-64-v4
};

// The instruction sets this processor runs, portable first, the best last.
std::vector<LaneInstructionSet> lane_instruction_sets();
std::string_view name(LaneInstructionSet set);

// The customers [first, first + count) of `run`'s replication, each through every variant, with
// the models `run` names: what simulate_customers adds, faster. On the best instruction set
// this processor has, or on `set`: std::invalid_argument if this processor lacks it.
void simulate_customers_in_lanes(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                                 BlockTotals& totals);
void simulate_customers_in_lanes(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                                 BlockTotals& totals, LaneInstructionSet set);

}  // namespace cxsim
