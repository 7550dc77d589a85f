// What a survey answer and a touchpoint rating are, from the simulated experience
// (docs/model.md, "What customers would say"): the scales customers answer on, with the
// parameters of each (`surveys.nps`, `surveys.csat`, `surveys.ces` of a scenario), shared by both
// kernels (sim/engine/month_equations.hpp) and by whatever tests them.
#pragma once

#include <algorithm>
#include <cmath>

namespace cxsim {

// How an experience becomes an answer: the rating before rounding is level + scale·experience,
// plus noise·z for a standard normal z (CES has none).
struct SurveyParameters {
  double nps_level = 0.0;
  double nps_scale = 0.0;
  double nps_noise = 0.0;
  double csat_level = 0.0;
  double csat_scale = 0.0;
  double csat_noise = 0.0;  // 0: no draw is made for it
  double ces_level = 0.0;
  double ces_scale = 0.0;
};

// Likelihood to recommend 0–10: round(level + scale·P + noise·z) clipped, z standard normal (by
// default 7 + 3·P + 1.5·z: a neutral perception answers 7, passive). Promoters answer 9–10,
// detractors 0–6.
inline int likelihood_to_recommend(const SurveyParameters& survey, double perception,
                                   double noise) {
  return static_cast<int>(std::clamp(
      std::round(survey.nps_level + survey.nps_scale * perception + survey.nps_noise * noise), 0.0,
      10.0));
}

// An answer's share of the net promoter score: +1 a promoter, −1 a detractor, 0 a passive.
inline double net_promoter_score(int likelihood_to_recommend) {
  return likelihood_to_recommend >= 9 ? 1.0 : likelihood_to_recommend <= 6 ? -1.0 : 0.0;
}

// CSAT 1–5 is round(level + scale·x + noise·z) clipped (by default 3 + 2·x, without noise);
// satisfied means a 4 or a 5, which (halves rounding up) is exactly a rating before rounding of
// 3.5 or more, decided here without rounding or clipping. `noise` is z, 0 when the noise is 0.
inline bool satisfied(const SurveyParameters& survey, double experience, double noise) {
  return survey.csat_level + survey.csat_scale * experience + survey.csat_noise * noise >= 3.5;
}

// CES 1–7 from the interaction's effort e ∈ [0, 1]: level + scale·e (by default 1 + 6·e: 1 very
// easy, 7 very hard).
inline double effort_score(const SurveyParameters& survey, double effort) {
  return survey.ces_level + survey.ces_scale * effort;
}

}  // namespace cxsim
