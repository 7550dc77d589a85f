// Perception models (docs/model.md#perception-models): how each experience x moves a customer's
// perception P ∈ [−1, 1]. A model is a type with a `name`, the `parameters` it reads, a `Month` of
// what it remembers within a month, and
//   experience(P, month, parameters, x, weight)  after each interaction,
//   end_month(P, month, parameters)              once at the end of the month.
// Fading towards the segment's baseline between months is the engine's, common to all models.
// To add a model, write its type here and add it to `PerceptionModels`.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "model/model_list.hpp"

namespace cxsim {

// From the scenario's `perception` section, whose defaults they take (scenario.hpp).
struct PerceptionParameters {
  double memory = 0.0;
  double negativity_bias = 0.0;  // λ: how much more a bad experience weighs than a good one
};

inline constexpr ModelParameter<PerceptionParameters> kMemory{"memory", kUnitInterval,
                                                              &PerceptionParameters::memory};
inline constexpr ModelParameter<PerceptionParameters> kNegativityBias{
    "negativity_bias", kNonNegative, &PerceptionParameters::negativity_bias};

inline double clip_perception(double perception) {
  return std::clamp(perception, -1.0, 1.0);
}

// Exponentially weighted moving average, faster to move down than up:
//   d = x − P;  k = min(1, w·(1 − memory)·(λ if d < 0 else 1));  P ← clip(P + k·d).
struct EwmaPerception {
  static constexpr std::string_view name = "ewma";
  static constexpr std::array parameters{kMemory, kNegativityBias};
  struct Month {};

  static void experience(double& perception, Month&, const PerceptionParameters& p, double x,
                         double weight) {
    const double gap = x - perception;
    const double rate =
        std::min(1.0, weight * (1.0 - p.memory) * (gap < 0.0 ? p.negativity_bias : 1.0));
    perception = clip_perception(perception + rate * gap);
  }
  static void end_month(double&, Month&, const PerceptionParameters&) {}
};

// Peak-end rule: a month is remembered by its most extreme and its last experience,
//   P ← memory·P + (1 − memory)·(peak + end)/2   at month end, in months with an interaction.
// The peak is the experience of largest w·|x|, a negative one counted λ times (negativity bias
// decides which moment is remembered as the peak). A moment of weight 0 is not remembered.
struct PeakEndPerception {
  static constexpr std::string_view name = "peak_end";
  static constexpr std::array parameters{kMemory, kNegativityBias};
  struct Month {
    double peak = 0.0;
    double peak_salience = -1.0;  // below any real salience: no experience yet
    double end = 0.0;
  };

  static void experience(double&, Month& month, const PerceptionParameters& p, double x,
                         double weight) {
    if (weight <= 0.0) {
      return;
    }
    const double salience = weight * std::abs(x) * (x < 0.0 ? p.negativity_bias : 1.0);
    if (salience > month.peak_salience) {
      month.peak = x;
      month.peak_salience = salience;
    }
    month.end = x;
  }
  static void end_month(double& perception, Month& month, const PerceptionParameters& p) {
    if (month.peak_salience >= 0.0) {
      perception = clip_perception(p.memory * perception +
                                   (1.0 - p.memory) * 0.5 * (month.peak + month.end));
    }
  }
};

using PerceptionModels = ModelList<EwmaPerception, PeakEndPerception>;

}  // namespace cxsim
