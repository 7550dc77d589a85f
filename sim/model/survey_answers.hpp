// What a survey answer and a touchpoint rating are, from the simulated experience
// (docs/model.md, "What customers would say"): the scales customers answer on, shared by both
// kernels (sim/engine/month_equations.hpp) and by whatever tests them.
#pragma once

#include <algorithm>
#include <cmath>

namespace cxsim {

// Likelihood to recommend 0–10: round(7 + 3·P + 1.5·z) clipped, z standard normal; a neutral
// perception answers 7 (passive). Promoters answer 9–10, detractors 0–6.
inline int likelihood_to_recommend(double perception, double noise) {
  return static_cast<int>(std::clamp(std::round(7.0 + 3.0 * perception + 1.5 * noise), 0.0, 10.0));
}

// An answer's share of the net promoter score: +1 a promoter, −1 a detractor, 0 a passive.
inline double net_promoter_score(int likelihood_to_recommend) {
  return likelihood_to_recommend >= 9 ? 1.0 : likelihood_to_recommend <= 6 ? -1.0 : 0.0;
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
