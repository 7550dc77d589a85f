// The equations of one interaction (SPEC §2.3), written once for both kernels: the one-customer
// kernel (customer_kernel.cpp) and the kernel in lanes (lane_kernel.cpp) must compute the same
// bits from the same draws.
#pragma once

#include <algorithm>

#include "cxsim/compiled_run.hpp"

namespace cxsim {

// How strongly a segment feels each layer of an experience.
struct LayerSensitivity {
  double functional = 1.0;
  double emotional = 1.0;
  double sensory = 1.0;
};

// The experience x of an interaction, from its outcome (success, delay), the normal noise of its
// tone and polish, and the customer's trust T before it:
//   F = φ·(1 − effort) on success, −(1 − recovery·R_max) on failure;
//   E = clip(tone + sd·z₁), S = clip(polish + sd·z₂);
//   floor = clip((T − f₀)/(1 − f₀), 0, 1), gate = 1 on success, g on failure;
//   x = s_F·F + gate·floor·(s_E·E + s_S·consistency·S) − [delayed]·δ·(1 − communication).
inline double interaction_experience(const InteractionParameters& p, const StackParameters& stack,
                                     const LayerSensitivity& sensitivity, double trust,
                                     bool success, bool delayed, double tone_noise,
                                     double polish_noise) {
  const double emotional = std::clamp(p.tone + p.tone_sd * tone_noise, -1.0, 1.0);
  const double sensory = std::clamp(p.polish + p.polish_sd * polish_noise, -1.0, 1.0);
  const double functional = success ? stack.success_value * (1.0 - p.effort)
                                    : -(1.0 - p.recovery * stack.recovery_ceiling);
  const double floor =
      std::clamp((trust - stack.trust_floor) / (1.0 - stack.trust_floor), 0.0, 1.0);
  const double gate = success ? 1.0 : stack.failure_gate;
  return sensitivity.functional * functional +
         gate * floor *
             (sensitivity.emotional * emotional + sensitivity.sensory * p.consistency * sensory) -
         (delayed ? stack.delay_penalty * (1.0 - p.communication) : 0.0);
}

// Trust after an interaction: T ← T + τ·([success] − T).
inline double trust_after(double trust, bool success, const StackParameters& stack) {
  return trust + stack.trust_rate * ((success ? 1.0 : 0.0) - trust);
}

// Whether a failed interaction, drawn as u₀ ≥ p_s, makes the customer leave at once. Given the
// failure, (1 − u₀)/(1 − p_s) is uniform again: the defection draw costs nothing, and a fix that
// raises p_s keeps, among its failures, the baseline's defectors. The kernel in lanes asks it of
// successful lanes too and discards the answer: with p_s = 1 they divide by 1, not by 0, and
// raise no floating-point exception a host could see.
inline bool defects_after_failure(double u0, const InteractionParameters& p,
                                  double defect_on_failure) {
  const double failure_share = 1.0 - p.success;
  return (1.0 - u0) / (failure_share > 0.0 ? failure_share : 1.0) <
         defect_on_failure * (1.0 - p.recovery);
}

// Whether a customer who stays expands this month (SPEC §2.6): u < clip(rate·(1 + P), 0, 1).
inline bool expands(double u, double expansion_rate, double perception) {
  return u < std::clamp(expansion_rate * (1.0 + perception), 0.0, 1.0);
}

}  // namespace cxsim
