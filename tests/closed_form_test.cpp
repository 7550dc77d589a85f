// The engine against closed forms (README.md#layout), each within the run's own confidence
// interval, for every registered perception and retention model. With the perception and effort
// effects and defection at 0, whatever a model does to perception must leave the baseline
// retention curve exactly as the retention model's baseline says.
//
// Each test checks every month of a series at once; the runs use a 99.9% interval so that the
// family of checks keeps a small error rate, and fixed seeds make each run reproducible.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "io/result_writers.hpp"
#include "model/perception_models.hpp"
#include "model/retention_models.hpp"

namespace cxsim {
namespace {

template <typename List>
struct AsTestTypes;
template <typename... Models>
struct AsTestTypes<ModelList<Models...>> {
  using type = ::testing::Types<Models...>;
};

// A journey with every kind of interaction effect, so that perception really moves.
constexpr std::string_view kBusyJourney = R"(
journey:
  - {id: signup, when: {month: 0}, functional: {success: 0.8, effort: 0.6, delay: 0.3},
     emotional: {tone: -0.4}, sensory: {polish: 0.5}}
  - {id: support, when: {after: signup, on: failure, probability: 0.7},
     emotional: {recovery: 0.5}, cost: 0}
  - {id: usage, when: {rate: 1.5}, functional: {success: 0.9}, emotional: {tone: 0.3}}
)";

std::string scenario_text(std::string_view perception_model, std::string_view retention_model,
                          std::string_view segment, std::string_view journey,
                          std::string_view extra = "") {
  return std::string(R"(cxsim: 1
name: closed form
simulation: {customers: 40000, months: 18, seed: 11, confidence: 0.999}
population: {size: 250000}
segments:
  - )") + std::string(segment) +
         "\n" + std::string(journey) + "\nperception: {model: " + std::string(perception_model) +
         "}\nretention: {model: " + std::string(retention_model) +
         ", perception_effect: 0, effort_effect: 0, defect_on_failure: 0}\n" + std::string(extra);
}

// Within the interval, widened only by rounding: a figure with no randomness in it (month 0's
// value, when every customer is still here) has an interval of width 0.
void expect_within(const Estimate& estimate, double exact, const std::string& what) {
  const double rounding = 1e-12 * std::abs(exact);
  EXPECT_LE(estimate.lo - rounding, exact)
      << what << ": " << estimate.mean << " [" << estimate.lo << ", " << estimate.hi << "]";
  EXPECT_GE(estimate.hi + rounding, exact)
      << what << ": " << estimate.mean << " [" << estimate.lo << ", " << estimate.hi << "]";
}

void expect_series_within(const SeriesEstimate& series, const std::vector<double>& exact,
                          const std::string& what) {
  ASSERT_EQ(series.mean.size(), exact.size());
  for (std::size_t t = 0; t < exact.size(); ++t) {
    expect_within({series.mean[t], series.lo[t], series.hi[t]}, exact[t],
                  what + " month " + std::to_string(t));
  }
}

double sbg_survival(double alpha, double beta, int months) {
  return boost::math::beta(alpha, beta + months) / boost::math::beta(alpha, beta);
}

// Runs the checks for one (perception, retention) pair.
struct ClosedForms {
  std::string_view perception;
  std::string_view retention;

  void constant_hazard() const {
    const double theta = 0.05;
    const Scenario scenario = testing::scenario_from_yaml(
        scenario_text(perception, retention,
                      "{name: all, retention: {model: constant, monthly_churn: 0.05}, "
                      "revenue: {monthly_mean: 100}}",
                      kBusyJourney));
    const RunResults results = testing::run(scenario);
    std::vector<double> exact;
    for (int t = 0; t < scenario.simulation.months; ++t) {
      exact.push_back(std::pow(1.0 - theta, t + 1));
    }
    expect_series_within(results.variants[0].alive(), exact,
                         "(1 − θ)^(t+1), " + testing::replay(scenario));
  }

  void shifted_beta_geometric(int tenure) const {
    const double alpha = 0.7;
    const double beta = 3.8;
    const Scenario scenario = testing::scenario_from_yaml(
        scenario_text(perception, retention,
                      "{name: all, retention: {model: sbg, alpha: 0.7, beta: 3.8, tenure: " +
                          std::to_string(tenure) + "}, revenue: {monthly_mean: 100}}",
                      kBusyJourney));
    const RunResults results = testing::run(scenario);
    std::vector<double> exact;
    for (int t = 0; t < scenario.simulation.months; ++t) {
      exact.push_back(sbg_survival(alpha, beta + tenure, t + 1));
    }
    expect_series_within(results.variants[0].alive(), exact,
                         "B(α, β + k + t + 1) / B(α, β + k), k = " + std::to_string(tenure) + ", " +
                             testing::replay(scenario));
  }

  void defection_on_failure() const {
    const double p = 0.7, recovery = 0.4, q = 0.5, theta = 0.03;
    const Scenario scenario = testing::scenario_from_yaml(
        scenario_text(perception, retention,
                      "{name: all, retention: {model: constant, monthly_churn: 0.03}, "
                      "revenue: {monthly_mean: 100}}",
                      "journey: [{id: onboarding, when: {month: 0}, functional: {success: 0.7}, "
                      "emotional: {recovery: 0.4}}]"));
    Scenario with_defection = scenario;
    with_defection.retention.defect_on_failure = q;
    const RunResults results = testing::run(with_defection);
    expect_within({results.variants[0].alive().mean[0], results.variants[0].alive().lo[0],
                   results.variants[0].alive().hi[0]},
                  (1.0 - (1.0 - p) * q * (1.0 - recovery)) * (1.0 - theta),
                  "(1 − (1 − p)·q·(1 − ρ))·(1 − θ), " + testing::replay(with_defection));
  }

  void npv_of_fixed_revenue() const {
    const double theta = 0.04, revenue = 250.0, annual_rate = 0.10;
    const Scenario scenario = testing::scenario_from_yaml(
        scenario_text(perception, retention,
                      "{name: all, retention: {model: constant, monthly_churn: 0.04}, "
                      "revenue: {monthly_mean: 250, gross_margin: 1}}",
                      kBusyJourney, "finance: {discount_rate: 0.10}\n"));
    const RunResults results = testing::run(scenario);
    // Revenue of month t is earned by the (1 − θ)^t customers here at its start and discounted
    // by (1 + d)^(t+1), d = 1.1^(1/12) − 1; the busy journey's touchpoints cost nothing.
    const double monthly_growth = std::pow(1.0 + annual_rate, 1.0 / 12.0);
    const double population = 250000.0;
    double npv = 0.0;
    std::vector<double> cumulative;
    for (int t = 0; t < scenario.simulation.months; ++t) {
      npv += population * revenue * std::pow(1.0 - theta, t) / std::pow(monthly_growth, t + 1);
      cumulative.push_back(npv);
    }
    expect_within(results.variants[0].npv(), npv, "NPV, " + testing::replay(scenario));
    expect_series_within(results.variants[0].monthly_npv(), cumulative,
                         "cumulative NPV, " + testing::replay(scenario));
  }
};

// With every interaction the same and certain (success 1, no spread in tone or polish), the
// perception path is deterministic: P_t follows from the stack (docs/model.md#one-interaction) and
// the model's own update, and survival is Π (1 − θ)^exp(−β_P·P_t + β_X·e). The model's equations
// are its own (models_test.cpp); this checks that the engine composes them as
// docs/model.md#a-month says.
template <typename Perception>
std::vector<double> deterministic_survival(int months) {
  const double theta = 0.03, effort = 0.2, tone = 0.5, polish = 0.3, consistency = 0.8;
  const PerceptionParameters parameters{0.7, 2.0};
  const double fade = 0.02, floor = 0.6, trust_rate = 0.3, success_value = 0.2;
  double perception = 0.0, trust = 0.9, alive = 1.0;
  std::vector<double> survival;
  for (int t = 0; t < months; ++t) {
    if (t > 0) {
      perception += fade * (0.0 - perception);
    }
    typename Perception::Month month{};
    const double g = std::clamp((trust - floor) / (1.0 - floor), 0.0, 1.0);
    const double x = success_value * (1.0 - effort) + g * (tone + consistency * polish);
    Perception::experience(perception, month, parameters, x, 1.0);
    trust += trust_rate * (1.0 - trust);
    Perception::end_month(perception, month, parameters);
    alive *= std::pow(1.0 - theta, std::exp(-1.5 * perception + 0.5 * effort));
    survival.push_back(alive);
  }
  return survival;
}

template <typename Model>
class PerceptionModelClosedForms : public ::testing::Test {
 protected:
  const ClosedForms forms{Model::name, RetentionModels::names[0]};
};
TYPED_TEST_SUITE(PerceptionModelClosedForms, AsTestTypes<PerceptionModels>::type);

TYPED_TEST(PerceptionModelClosedForms, ConstantHazard) {
  this->forms.constant_hazard();
}
TYPED_TEST(PerceptionModelClosedForms, ShiftedBetaGeometric) {
  this->forms.shifted_beta_geometric(0);
}
TYPED_TEST(PerceptionModelClosedForms, ShiftedBetaGeometricWithTenure) {
  this->forms.shifted_beta_geometric(6);
}
TYPED_TEST(PerceptionModelClosedForms, DefectionOnFailure) {
  this->forms.defection_on_failure();
}
TYPED_TEST(PerceptionModelClosedForms, NpvOfFixedRevenue) {
  this->forms.npv_of_fixed_revenue();
}
TYPED_TEST(PerceptionModelClosedForms, DeterministicPerceptionPathDrivesSurvival) {
  const Scenario scenario = testing::scenario_from_yaml(std::string(R"(cxsim: 1
name: deterministic perception
simulation: {customers: 40000, months: 12, seed: 5, confidence: 0.999}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.03}, revenue: {monthly_mean: 10}}
journey:
  - {id: check_in, when: {every: 1}, functional: {success: 1, effort: 0.2},
     emotional: {tone: 0.5, tone_sd: 0}, sensory: {polish: 0.3, polish_sd: 0, consistency: 0.8}}
perception: {model: )") + std::string(TypeParam::name) + R"(}
retention: {perception_effect: 1.5, effort_effect: 0.5, defect_on_failure: 0}
)");
  expect_series_within(testing::run(scenario).variants[0].alive(),
                       deterministic_survival<TypeParam>(scenario.simulation.months),
                       "Π (1 − θ)^exp(−β_P·P_t + β_X·e), " + testing::replay(scenario));
}

// θ ~ U(0.02, 0.12), drawn once per replication, and nothing else moving churn.
constexpr std::string_view kUncertainChurn = R"(cxsim: 1
name: uncertain churn
simulation: {customers: 2000, months: 6, replications: 40, seed: 3, confidence: 0.99}
segments:
  - {name: all, retention: {model: constant, monthly_churn: {uniform: [0.02, 0.12]}},
     revenue: {monthly_mean: 10}}
journey: []
retention: {perception_effect: 0, effort_effect: 0, defect_on_failure: 0}
)";

// An uncertain churn rate, θ ~ U(a, b), drawn once per replication: retention after H months
// has mean E[(1 − θ)^H] = ((1 − a)^(H+1) − (1 − b)^(H+1)) / ((H + 1)(b − a)). Its interval must
// come from the spread across replications, which blocks within one replication cannot show.
TEST(UncertainParameters, IntervalsComeFromTheSpreadAcrossReplications) {
  const Scenario scenario = testing::scenario_from_yaml(kUncertainChurn);
  const double a = 0.02, b = 0.12, h = 6.0;
  const double mean =
      (std::pow(1.0 - a, h + 1.0) - std::pow(1.0 - b, h + 1.0)) / ((h + 1.0) * (b - a));
  const Estimate retention = testing::run(scenario).variants[0].retention();
  expect_within(retention, mean, "E[(1 − θ)^6], " + testing::replay(scenario));
  // One replication's retention varies across θ with sd about (b − a)·H·(1 − θ̄)^(H−1)/√12
  // ≈ 0.12, so the mean of 40 has a standard error near 0.02: an interval from blocks alone
  // (80,000 customers, binomial standard error about 0.002) would be ten times too narrow.
  EXPECT_GT(retention.hi - retention.lo, 0.02);
}

// Beside that interval, its Monte Carlo part: replication r keeps each of its N customers with
// probability S_r = (1 − θ_r)^H, θ_r its own draw, so the mean of R replications has Monte Carlo
// variance Σ S_r(1 − S_r)/N / R². The reported half-width must be that, times t, within the
// precision of a variance estimated from some ten thousand blocks (about 1%).
TEST(UncertainParameters, TheMonteCarloPartOfAnIntervalIsReportedApart) {
  const Scenario scenario = testing::scenario_from_yaml(kUncertainChurn);
  const RunResults results = testing::run(scenario);
  ASSERT_TRUE(results.intervals_across_replications);
  ASSERT_EQ(results.monte_carlo.size(), results.variants.size());
  const Estimate& all = results.variants[0].retention();
  const Estimate& monte_carlo = results.monte_carlo[0].retention();
  EXPECT_DOUBLE_EQ(monte_carlo.mean, all.mean);

  double variance = 0.0;
  const double replications = scenario.simulation.replications;
  const auto customers = static_cast<double>(scenario.simulation.customers);
  for (std::uint32_t r = 0; r < static_cast<std::uint32_t>(replications); ++r) {
    const Scenario drawn = draw_parameters(scenario, r);
    const double churn =
        value_of(std::get<ConstantChurn>(drawn.segments[0].retention).monthly_churn);
    const double survival = std::pow(1.0 - churn, scenario.simulation.months);
    variance += survival * (1.0 - survival) / customers / (replications * replications);
  }
  const double expected = t_quantile(0.99, 1e4) * std::sqrt(variance);
  EXPECT_NEAR(monte_carlo.hi - monte_carlo.mean, expected, 0.05 * expected)
      << testing::replay(scenario);
  // Here the parameters, not the customers, make most of the width.
  EXPECT_LT(monte_carlo.hi - monte_carlo.lo, 0.25 * (all.hi - all.lo));

  // results.json says which intervals it holds and gives the Monte Carlo half-width beside
  // each estimate, monthly series included.
  const auto json = nlohmann::json::parse(results_json(results));
  EXPECT_EQ(json["settings"]["intervals"], "across_replications");
  const auto& retention = json["variants"][0]["totals"]["retention"];
  EXPECT_DOUBLE_EQ(retention["mc_half_width"].get<double>(),
                   0.5 * (monte_carlo.hi - monte_carlo.lo));
  const auto& alive = json["variants"][0]["monthly"]["alive"];
  ASSERT_EQ(alive["mc_half_width"].size(), alive["mean"].size());
  EXPECT_DOUBLE_EQ(alive["mc_half_width"].back().get<double>(),
                   0.5 * (monte_carlo.hi - monte_carlo.lo));
}

template <typename Model>
class RetentionModelClosedForms : public ::testing::Test {
 protected:
  const ClosedForms forms{PerceptionModels::names[0], Model::name};
};
TYPED_TEST_SUITE(RetentionModelClosedForms, AsTestTypes<RetentionModels>::type);

TYPED_TEST(RetentionModelClosedForms, ConstantHazard) {
  this->forms.constant_hazard();
}
TYPED_TEST(RetentionModelClosedForms, ShiftedBetaGeometricWithTenure) {
  this->forms.shifted_beta_geometric(3);
}
TYPED_TEST(RetentionModelClosedForms, DefectionOnFailure) {
  this->forms.defection_on_failure();
}

}  // namespace
}  // namespace cxsim
