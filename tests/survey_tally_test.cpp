// The survey answer model's parameters (surveys.nps, surveys.csat, surveys.ces) and the tallies
// by survey month and by segment, against closed forms within the run's own interval (a 99.9%
// interval, fixed seeds), and against the statistics they are summed from.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/figures.hpp"
#include "analysis/parameter_sweep.hpp"
#include "engine_fixtures.hpp"
#include "io/result_writers.hpp"

namespace cxsim {
namespace {

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

void expect_within(const std::optional<Estimate>& estimate, double exact, const std::string& what) {
  ASSERT_TRUE(estimate.has_value()) << what;
  EXPECT_LE(estimate->lo, exact) << what << ": " << estimate->mean << " [" << estimate->lo << ", "
                                 << estimate->hi << "]";
  EXPECT_GE(estimate->hi, exact) << what << ": " << estimate->mean << " [" << estimate->lo << ", "
                                 << estimate->hi << "]";
}

// One segment, one interaction in month 0 whose experience is known: a success without delay,
// tone or polish, so x = φ·(1 − effort) = 0.5·(1 − 0.2) = 0.4.
std::string one_interaction(std::string_view surveys) {
  return std::string(R"(cxsim: 1
name: csat closed form
simulation: {customers: 40000, months: 1, seed: 5, confidence: 0.999}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.1}, revenue: {monthly_mean: 10}}
journey:
  - {id: chat, when: {month: 0}, functional: {success: 1, effort: 0.2},
     emotional: {tone: 0, tone_sd: 0}, sensory: {polish: 0, polish_sd: 0}}
perception: {success_value: 0.5}
surveys: )") +
         std::string(surveys) + "\n";
}

// With noise σ > 0, a rating is satisfied when level + scale·x + σ·z ≥ 3.5: a share
// Φ((level + scale·x − 3.5)/σ) of the interactions.
TEST(SurveyAnswerModel, CsatNoiseGivesTheNormalShareAboveTheThreshold) {
  const double x = 0.4;
  struct Case {
    double level, scale, noise;
  };
  for (const Case c : {Case{3.0, 2.0, 0.8}, Case{3.4, 1.0, 0.3}, Case{2.0, 2.5, 1.5}}) {
    const Scenario scenario = testing::scenario_from_yaml(one_interaction(
        "{nps: {months: [0]}, csat: {level: " + std::to_string(c.level) +
        ", scale: " + std::to_string(c.scale) + ", noise: " + std::to_string(c.noise) + "}}"));
    const RunResults results = testing::run(scenario);
    expect_within(results.variants[0].touchpoints[0].csat(),
                  normal_cdf((c.level + c.scale * x - 3.5) / c.noise),
                  "Φ((level + scale·x − 3.5)/σ), level " + std::to_string(c.level) + ", " +
                      testing::replay(scenario));
  }
}

// Without noise the rating is level + scale·x exactly: all satisfied or none.
TEST(SurveyAnswerModel, CsatWithoutNoiseIsTheThresholdOfTheScale) {
  for (const double level : {3.0, 2.6, 2.8}) {  // 3.8, 3.4, 3.6 before rounding
    const Scenario scenario = testing::scenario_from_yaml(
        one_interaction("{nps: {months: [0]}, csat: {level: " + std::to_string(level) + "}}"));
    const std::optional<Estimate> csat = testing::run(scenario).variants[0].touchpoints[0].csat();
    ASSERT_TRUE(csat.has_value());
    EXPECT_EQ(csat->mean, level + 2.0 * 0.4 >= 3.5 ? 1.0 : 0.0) << level;
  }
}

// CES is level + scale·e.
TEST(SurveyAnswerModel, CesIsTheLevelPlusTheScaledEffort) {
  const Scenario scenario = testing::scenario_from_yaml(
      one_interaction("{nps: {months: [0]}, ces: {level: 2, scale: 5}}"));
  const std::optional<Estimate> ces = testing::run(scenario).variants[0].touchpoints[0].ces();
  ASSERT_TRUE(ces.has_value());
  EXPECT_DOUBLE_EQ(ces->mean, 2.0 + 5.0 * 0.2);
}

// No interaction before month 6, so a survey's answers in months 0 to 4 see the initial
// perception P₀: an answer is promoter when μ + σ·z ≥ 8.5 and detractor when below 6.5,
// μ = level + scale·P₀, so NPS = 100·(1 − Φ((8.5 − μ)/σ) − Φ((6.5 − μ)/σ)) in each survey month.
std::string quiet_months(std::string_view nps) {
  return std::string(R"(cxsim: 1
name: nps closed form
simulation: {customers: 30000, months: 8, seed: 10, confidence: 0.999}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.05}, revenue: {monthly_mean: 10},
     initial_perception: 0.2}
journey:
  - {id: renewal, when: {month: 6}}
surveys: {nps: )") +
         std::string(nps) + "}\n";
}

double closed_form_nps(double level, double scale, double noise, double perception) {
  const double mean = level + scale * perception;
  return 100.0 * (1.0 - normal_cdf((8.5 - mean) / noise) - normal_cdf((6.5 - mean) / noise));
}

TEST(SurveyAnswerModel, NpsLevelMovesEachSurveyMonthAsTheClosedFormSays) {
  const std::vector<int> survey_months{0, 2, 4};
  for (const double level : {7.0, 8.0, 5.5}) {
    const Scenario scenario = testing::scenario_from_yaml(quiet_months(
        "{months: [0, 2, 4], response_rate: 0.6, level: " + std::to_string(level) + "}"));
    const RunResults results = testing::run(scenario);
    const double exact = closed_form_nps(level, 3.0, 1.5, 0.2);
    for (int month = 0; month < scenario.simulation.months; ++month) {
      const std::optional<Estimate> nps = monthly_nps_estimate(results, 0, month);
      if (std::find(survey_months.begin(), survey_months.end(), month) == survey_months.end()) {
        EXPECT_FALSE(nps.has_value()) << "month " << month << " has no survey";
        continue;
      }
      expect_within(nps, exact,
                    "NPS at level " + std::to_string(level) + ", month " + std::to_string(month) +
                        ", " + testing::replay(scenario));
    }
    expect_within(results.variants[0].nps(), exact, "overall NPS, level " + std::to_string(level));
  }
}

// The overall NPS is the monthly answers summed: its answers are the months' answers, and its
// net the months' NPS weighted by their answers.
TEST(SurveyAnswerModel, MonthlyNpsSumsBackToTheOverallNps) {
  Scenario scenario = testing::scenario_from_yaml(
      quiet_months("{months: [0, 1, 3, 7], response_rate: 0.3, noise: 2}"));
  scenario.simulation.customers = 5000;
  DriverOptions options;
  options.threads = 2;
  const SimulationOutput output = simulate(scenario, standard_variants(scenario), options);
  const std::size_t overall = figure_index(FigureSection::totals, "nps");
  const std::size_t monthly = figure_index(FigureSection::monthly, "nps");
  double answers = 0.0;
  double net = 0.0;
  for (int month = 0; month < scenario.simulation.months; ++month) {
    const BlockStatistic& in_month = output.statistics.statistic(monthly, 0, month);
    answers += in_month.units();
    net += in_month.units() > 0.0 ? in_month.estimate() * in_month.units() : 0.0;
    if (month == 2) {
      EXPECT_EQ(in_month.units(), 0.0) << "no survey in month 2";
    }
  }
  const BlockStatistic& total = output.statistics.statistic(overall, 0);
  EXPECT_GT(answers, 0.0);
  EXPECT_EQ(total.units(), answers);
  EXPECT_NEAR(total.estimate() * total.units(), net, 1e-9 * answers);
}

// Three segments that differ only in their constant churn θ: each one's share alive after month
// t is (1 − θ)^(t+1).
TEST(SegmentRetention, EachSegmentFollowsItsOwnConstantChurn) {
  const Scenario scenario = testing::scenario_from_yaml(R"(cxsim: 1
name: segment closed form
simulation: {customers: 40000, months: 12, seed: 17, confidence: 0.999}
segments:
  - {name: low, share: 0.3, retention: {model: constant, monthly_churn: 0.02},
     revenue: {monthly_mean: 10}}
  - {name: mid, share: 0.3, retention: {model: constant, monthly_churn: 0.06},
     revenue: {monthly_mean: 10}}
  - {name: high, share: 0.4, retention: {model: constant, monthly_churn: 0.15},
     revenue: {monthly_mean: 10}}
journey:
  - {id: signup, when: {month: 0}, functional: {success: 0.8}}
retention: {perception_effect: 0, effort_effect: 0, defect_on_failure: 0}
fixes:
  - id: better_signup
    changes: [{touchpoint: signup, set: {functional.success: 0.95}}]
)");
  const RunResults results = testing::run(scenario);
  const std::vector<double> churn{0.02, 0.06, 0.15};
  ASSERT_EQ(results.variants.size(), 2u);
  for (int v = 0; v < 2; ++v) {
    ASSERT_EQ(results.variants[static_cast<std::size_t>(v)].segments.size(), churn.size());
    for (int s = 0; s < 3; ++s) {
      EXPECT_EQ(
          results.variants[static_cast<std::size_t>(v)].segments[static_cast<std::size_t>(s)].name,
          scenario.segments[static_cast<std::size_t>(s)].name);
      for (int t = 0; t < scenario.simulation.months; ++t) {
        expect_within(segment_alive_estimate(results, v, s, t),
                      std::pow(1.0 - churn[static_cast<std::size_t>(s)], t + 1),
                      "(1 − θ)^(t+1), variant " + std::to_string(v) + ", segment " +
                          std::to_string(s) + ", month " + std::to_string(t) + ", " +
                          testing::replay(scenario));
      }
    }
  }
}

// monthly.csv: the NPS columns after the existing series, empty in a month without answers, then
// each segment's alive series as `segments.NAME.alive_*`.
TEST(SegmentRetention, MonthlyCsvAddsColumnsAfterTheSeries) {
  Scenario scenario = testing::scenario_from_yaml(quiet_months("{months: [1]}"));
  scenario.simulation.customers = 200;
  const std::string csv = monthly_csv(testing::run(scenario));
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header,
            "variant,month,alive_mean,alive_lo,alive_hi,revenue_mean,revenue_lo,revenue_hi,"
            "npv_mean,npv_lo,npv_hi,nps_mean,nps_lo,nps_hi,segments.all.alive_mean,"
            "segments.all.alive_lo,segments.all.alive_hi");
  const std::size_t month_zero = csv.find('\n') + 1;
  const std::string row = csv.substr(month_zero, csv.find('\n', month_zero) - month_zero);
  EXPECT_NE(row.find(",,,"), std::string::npos) << "no NPS in month 0: " << row;
}

// The parameters are model parameters: sweeps and overrides address them by path.
TEST(SurveyAnswerModel, ParametersArePathsSweepsCanVary) {
  const Scenario scenario = testing::scenario_from_yaml(quiet_months("{months: [1]}"));
  const std::vector<std::string> paths = parameter_paths(scenario);
  for (const std::string_view path :
       {"surveys.nps.level", "surveys.nps.scale", "surveys.nps.noise", "surveys.csat.level",
        "surveys.csat.scale", "surveys.csat.noise", "surveys.ces.level", "surveys.ces.scale"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), path), paths.end()) << path;
    EXPECT_EQ(resolve_parameter_path(scenario, path), path);
  }
}

// A distribution is drawn per replication like any number.
TEST(SurveyAnswerModel, ALevelMayBeADistribution) {
  Scenario scenario = testing::scenario_from_yaml(
      one_interaction("{nps: {months: [0]}, csat: {level: {uniform: [2.0, 4.0]}, noise: 0.5}}"));
  scenario.simulation.customers = 2000;
  scenario.simulation.replications = 3;
  const RunResults results = testing::run(scenario);
  EXPECT_TRUE(results.intervals_across_replications);
  EXPECT_TRUE(results.variants[0].touchpoints[0].csat().has_value());
}

}  // namespace
}  // namespace cxsim
