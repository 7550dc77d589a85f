// Retention models (SPEC §2.5): the probability that a customer still here at the end of a month
// stays, from the customer's baseline churn propensity θ and the month's experience. A model is
// a type with a `name` and `survival(θ, P, X̄, parameters)`; with no perception or effort effect
// it must reproduce the baseline, survival = 1 − θ. To add a model, write its type here and add
// it to `RetentionModels`.
#pragma once

#include <cmath>
#include <string_view>

#include "cxsim/model_list.hpp"

namespace cxsim {

struct RetentionParameters {
  double perception_effect = 1.5;  // β_P
  double effort_effect = 0.5;      // β_X
};

// Complementary-log-log proportional hazards: s = (1 − θ)^exp(η), η = −β_P·P + β_X·X̄.
struct ProportionalHazards {
  static constexpr std::string_view name = "proportional_hazards";

  static double survival(double theta, double perception, double mean_effort,
                         const RetentionParameters& p) {
    const double eta = -p.perception_effect * perception + p.effort_effect * mean_effort;
    return std::pow(1.0 - theta, std::exp(eta));
  }
};

using RetentionModels = ModelList<ProportionalHazards>;

}  // namespace cxsim
