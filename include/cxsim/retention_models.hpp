// Retention models (SPEC §2.5): how likely a customer still here at the end of a month is to
// stay, from the customer's baseline churn propensity θ and the month's experience. A model is a
// type with a `name` and `log_survival(L, P, X̄, parameters)`: the logarithm of the month's
// survival probability, from L = ln(1 − θ), the customer's baseline log-survival (computed once
// per customer). The kernel keeps a customer when ln u < log_survival, u uniform, which is
// u < survival without an exponential per month. With no perception or effort effect a model
// must reproduce the baseline, log_survival = L. To add a model, write its type here and add it
// to `RetentionModels`.
#pragma once

#include <cmath>
#include <string_view>

#include "cxsim/model_list.hpp"

namespace cxsim {

struct RetentionParameters {
  double perception_effect = 1.5;  // β_P
  double effort_effect = 0.5;      // β_X
};

// The baseline log-survival L = ln(1 − θ) a model's `log_survival` takes.
inline double baseline_log_survival(double theta) {
  return std::log1p(-theta);
}

// Complementary-log-log proportional hazards: s = (1 − θ)^exp(η), so ln s = e^η·L,
// η = −β_P·P + β_X·X̄.
struct ProportionalHazards {
  static constexpr std::string_view name = "proportional_hazards";

  static double log_survival(double baseline, double perception, double mean_effort,
                             const RetentionParameters& p) {
    const double eta = -p.perception_effect * perception + p.effort_effect * mean_effort;
    return std::exp(eta) * baseline;
  }
};

using RetentionModels = ModelList<ProportionalHazards>;

}  // namespace cxsim
