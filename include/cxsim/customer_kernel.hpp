// The per-customer kernel: one customer through every variant, month by month (SPEC §2), on
// random numbers that depend only on (seed, replication, customer). It adds what happened into
// a BlockTotals. Its scratch is allocated once per call, before the first customer; per customer
// it allocates nothing, takes no lock and makes no virtual call.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cxsim/block_totals.hpp"
#include "cxsim/compiled_run.hpp"

namespace cxsim {

// The customers [first, first + count) of `run`'s replication, each through every variant, with
// the models `run` names. Any single customer can be replayed alone with count = 1.
void simulate_customers(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                        BlockTotals& totals);

// What a survey answer and a touchpoint rating are, from the simulated experience (SPEC §2.7).
// Likelihood to recommend 0–10: round(7 + 3·P + 1.5·z) clipped, z standard normal; a neutral
// perception answers 7 (passive). Promoters answer 9–10, detractors 0–6.
inline int likelihood_to_recommend(double perception, double noise) {
  return static_cast<int>(std::clamp(std::round(7.0 + 3.0 * perception + 1.5 * noise), 0.0, 10.0));
}
// CSAT 1–5 is round(3 + 2·x) clipped; satisfied means a 4 or a 5, which (halves rounding up)
// is exactly 3 + 2·x ≥ 3.5, decided here without rounding or clipping.
inline bool satisfied(double experience) {
  return 3.0 + 2.0 * experience >= 3.5;
}
// CES 1–7 from the interaction's effort e ∈ [0, 1]: 1 + 6·e (1 very easy, 7 very hard).
inline double effort_score(double effort) {
  return 1.0 + 6.0 * effort;
}

}  // namespace cxsim
