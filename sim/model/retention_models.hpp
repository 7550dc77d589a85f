// Retention models (docs/model.md#retention-and-survival): how likely a customer still here at the
// end of a month is to stay, from the customer's baseline churn propensity θ and the month's
// experience. A model is a type with a `name`, the `parameters` it reads and `log_hazard(H, P, X̄,
// parameters)`: ln(−ln s), the logarithm of the month's cumulative hazard, s the survival
// probability, from H = ln(−ln(1 − θ)), the customer's baseline (baseline_hazard.hpp, once per
// customer). The kernel keeps a customer when ln(−ln u) > log_hazard, u uniform, which is u < s:
// the draw's side is computed once per month and shared by every variant, so a variant's month
// costs no transcendental function for a linear model. With no perception or effort effect a model
// must reproduce the baseline, log_hazard = H. To add a model, write its type here and add it to
// `RetentionModels`.
#pragma once

#include <array>
#include <string_view>

#include "model/model_list.hpp"
#include "model/natural_log.hpp"

namespace cxsim {

// From the scenario's `retention` section, whose defaults they take (scenario.hpp).
struct RetentionParameters {
  double perception_effect = 0.0;  // β_P
  double effort_effect = 0.0;      // β_X
};

inline constexpr ModelParameter<RetentionParameters> kPerceptionEffect{
    "perception_effect", kAnyReal, &RetentionParameters::perception_effect};
inline constexpr ModelParameter<RetentionParameters> kEffortEffect{
    "effort_effect", kAnyReal, &RetentionParameters::effort_effect};

// The survival draw's side of the comparison: ln(−ln u) for u uniform in (0, 1).
inline double survival_draw(double u) {
  return natural_log(-natural_log(u));
}

// Complementary-log-log proportional hazards: s = (1 − θ)^exp(η), so ln(−ln s) = H + η,
// η = −β_P·P + β_X·X̄.
struct ProportionalHazards {
  static constexpr std::string_view name = "proportional_hazards";
  static constexpr std::array parameters{kPerceptionEffect, kEffortEffect};

  static double log_hazard(double baseline, double perception, double mean_effort,
                           const RetentionParameters& p) {
    return baseline - p.perception_effect * perception + p.effort_effect * mean_effort;
  }
};

using RetentionModels = ModelList<ProportionalHazards>;

}  // namespace cxsim
