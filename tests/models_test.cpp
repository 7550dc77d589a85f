// The model registries and each model's own equations (docs/model.md#perception-models,
// #retention-and-survival). The engine's closed-form tests (closed_form_test.cpp) run against every
// registered model as well.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "engine_fixtures.hpp"
#include "model/baseline_hazard.hpp"
#include "model/perception_models.hpp"
#include "model/retention_models.hpp"
#include "model/survey_answers.hpp"

namespace cxsim {
namespace {

template <typename List>
void expect_unique_names_each_accepted_by_validation(std::string_view key) {
  const std::set<std::string_view> unique(List::names.begin(), List::names.end());
  EXPECT_EQ(unique.size(), List::names.size());
  for (const std::string_view name : List::names) {
    const std::string yaml = std::string(R"(cxsim: 1
name: registry
simulation: {customers: 10, months: 2}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.1}, revenue: {monthly_mean: 1}}]
journey: []
)") + std::string(key) +
                             ": {model: " + std::string(name) + "}\n";
    EXPECT_TRUE(read_scenario_text(yaml, "registry.yaml").scenario.has_value()) << name;
  }
}

TEST(Registry, EveryPerceptionModelHasItsOwnNameAndValidates) {
  expect_unique_names_each_accepted_by_validation<PerceptionModels>("perception");
  EXPECT_EQ(PerceptionModels::names[0], "ewma");  // the default comes first
}

TEST(Registry, EveryRetentionModelHasItsOwnNameAndValidates) {
  expect_unique_names_each_accepted_by_validation<RetentionModels>("retention");
}

TEST(Registry, DispatchReachesTheModelAtEachIndex) {
  for (std::size_t i = 0; i < PerceptionModels::names.size(); ++i) {
    std::string_view reached;
    PerceptionModels::dispatch(i, [&]<typename Model>() { reached = Model::name; });
    EXPECT_EQ(reached, PerceptionModels::names[i]);
  }
}

const PerceptionParameters kParameters{0.7, 2.0};

TEST(EwmaPerception, MovesTowardsTheExperienceFasterDownThanUp) {
  EwmaPerception::Month month;
  double up = 0.0;
  EwmaPerception::experience(up, month, kParameters, 0.5, 1.0);
  EXPECT_DOUBLE_EQ(up, 0.3 * 0.5);  // k = w·(1 − memory)
  double down = 0.0;
  EwmaPerception::experience(down, month, kParameters, -0.5, 1.0);
  EXPECT_DOUBLE_EQ(down, -0.6 * 0.5);  // k = w·(1 − memory)·λ
  double heavy = 0.0;
  EwmaPerception::experience(heavy, month, kParameters, -0.5, 3.0);
  EXPECT_DOUBLE_EQ(heavy, -0.5);  // k capped at 1
}

TEST(PeakEndPerception, RemembersTheMostSalientAndTheLastExperience) {
  PeakEndPerception::Month month;
  double perception = 0.2;
  PeakEndPerception::experience(perception, month, kParameters, 0.6, 1.0);
  PeakEndPerception::experience(perception, month, kParameters, -0.4, 1.0);  // salience 0.8
  PeakEndPerception::experience(perception, month, kParameters, 0.1, 1.0);
  EXPECT_DOUBLE_EQ(perception, 0.2);  // nothing moves until the month ends
  PeakEndPerception::end_month(perception, month, kParameters);
  EXPECT_DOUBLE_EQ(perception, 0.7 * 0.2 + 0.3 * 0.5 * (-0.4 + 0.1));
}

TEST(PeakEndPerception, AMomentOfWeightZeroIsNotRemembered) {
  PeakEndPerception::Month month;
  double perception = 0.2;
  PeakEndPerception::experience(perception, month, kParameters, 0.4, 1.0);
  PeakEndPerception::experience(perception, month, kParameters, -1.0, 0.0);
  PeakEndPerception::end_month(perception, month, kParameters);
  EXPECT_DOUBLE_EQ(perception, 0.7 * 0.2 + 0.3 * 0.5 * (0.4 + 0.4));
}

TEST(PeakEndPerception, AMonthWithoutInteractionsLeavesPerceptionAlone) {
  PeakEndPerception::Month month;
  double perception = -0.3;
  PeakEndPerception::end_month(perception, month, kParameters);
  EXPECT_EQ(perception, -0.3);
}

TEST(ProportionalHazards, IsTheBaselineWithoutEffectsAndAComplementaryLogLogLinkWith) {
  const double baseline = baseline_log_hazard(0.1);
  EXPECT_EQ(ProportionalHazards::log_hazard(baseline, 0.8, 0.9, {0.0, 0.0}), baseline);
  EXPECT_NEAR(std::exp(-std::exp(baseline)), 0.9, 1e-15);
  const RetentionParameters p{1.5, 0.5};
  EXPECT_NEAR(std::exp(-std::exp(ProportionalHazards::log_hazard(baseline, 0.4, 0.2, p))),
              std::pow(0.9, std::exp(-1.5 * 0.4 + 0.5 * 0.2)), 1e-15);
  EXPECT_LT(ProportionalHazards::log_hazard(baseline, 0.5, 0.0, p),
            ProportionalHazards::log_hazard(baseline, -0.5, 0.0, p));
}

// The kernel keeps a customer when survival_draw(u) > log_hazard, which must be u < s: checked
// on both sides of s for several θ, and at θ = 0 and 1, where nobody and everybody leaves.
TEST(RetentionComparison, KeepsACustomerExactlyWhenTheUniformIsBelowTheSurvival) {
  for (const double theta : {1e-6, 0.02, 0.3, 0.9}) {
    const double survival = 1.0 - theta;
    const double hazard = baseline_log_hazard(theta);
    EXPECT_GT(survival_draw(survival * (1.0 - 1e-9)), hazard) << theta;
    EXPECT_LT(survival_draw(survival * (1.0 + 1e-9)), hazard) << theta;
  }
  for (const double u : {0x1p-33, 0.5, 1.0 - 0x1p-33}) {
    EXPECT_GT(survival_draw(u), baseline_log_hazard(0.0)) << u;
    EXPECT_LT(survival_draw(u), baseline_log_hazard(1.0)) << u;
  }
}

// Satisfied is a rating of 4 or 5 on round(level + scale·x + noise·z) clipped to 1–5, including
// at the halves and the ends, and for the doubles right beside them: with the default answer model
// (3 + 2·x, no noise) and with others.
TEST(SurveyAnswers, SatisfiedIsARatingOfFourOrFive) {
  struct Model {
    double level, scale, noise, z;
  };
  for (const Model m : {Model{3.0, 2.0, 0.0, 0.0}, Model{3.5, 1.0, 0.0, 0.0},
                        Model{2.0, 4.0, 0.5, 1.0}, Model{4.0, 0.5, 2.0, -0.75}}) {
    const SurveyParameters survey{
        .csat_level = m.level, .csat_scale = m.scale, .csat_noise = m.noise};
    for (const double x : {-2.0, -1.0, 0.0, 0.2, 0.25, 0.3, 0.75, 1.0, 3.0}) {
      for (const double near : {std::nextafter(x, -10.0), x, std::nextafter(x, 10.0)}) {
        const double rating =
            std::clamp(std::round(m.level + m.scale * near + m.noise * m.z), 1.0, 5.0);
        EXPECT_EQ(satisfied(survey, near, m.z), rating >= 4.0) << near << " level " << m.level;
      }
    }
  }
}

// Likelihood to recommend is round(level + scale·P + noise·z) clipped to 0–10.
TEST(SurveyAnswers, LikelihoodToRecommendIsTheRoundedClippedScale) {
  const SurveyParameters survey{.nps_level = 6.0, .nps_scale = 4.0, .nps_noise = 2.0};
  EXPECT_EQ(likelihood_to_recommend(survey, 0.0, 0.0), 6);
  EXPECT_EQ(likelihood_to_recommend(survey, 0.5, 0.3), 9);   // 8.6
  EXPECT_EQ(likelihood_to_recommend(survey, 1.0, 2.0), 10);  // 14, clipped
  EXPECT_EQ(likelihood_to_recommend(survey, -1.0, -1.0), 0);
  EXPECT_EQ(effort_score(SurveyParameters{.ces_level = 2.0, .ces_scale = 3.0}, 0.5), 3.5);
}

}  // namespace
}  // namespace cxsim
