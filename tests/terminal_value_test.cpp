// Value past the horizon (docs/model.md#value-past-the-horizon) against closed forms: with no
// perception or effort effect every survivor's hazard at the horizon is the segment's θ, or their
// own drawn θ_i with `sbg`, and their terminal value a geometric sum; with an effort effect alone
// a fix's hazard at the horizon is known exactly, so its Δ terminal value and the ROI taken on
// the total are too. Each statistical check is within the run's own interval; the value of one
// survivor, the same for all, is checked to rounding.
#include <gtest/gtest.h>

#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine_fixtures.hpp"
#include "io/result_writers.hpp"

namespace cxsim {
namespace {

constexpr double kPopulation = 100000.0;
constexpr int kMonths = 12;

// 1/(1 + d), d the monthly rate of an annual one.
double month_discount(double annual_rate) {
  return std::pow(1.0 + annual_rate, -1.0 / 12.0);
}

// Σ_{k=0…M−1} s^k·b^(k+1), the value of a month held over the run-off at survival s and monthly
// discount b, counted from the month after the horizon; M = 0: without end.
double run_off(double s, double b, int months = 0) {
  const double q = s * b;
  return b * (months == 0 ? 1.0 / (1.0 - q) : (1.0 - std::pow(q, months)) / (1.0 - q));
}

void expect_within(const Estimate& estimate, double exact, const std::string& what) {
  EXPECT_LE(estimate.lo, exact) << what << ": " << estimate.mean << " [" << estimate.lo << ", "
                                << estimate.hi << "]";
  EXPECT_GE(estimate.hi, exact) << what << ": " << estimate.mean << " [" << estimate.lo << ", "
                                << estimate.hi << "]";
}

const Estimate& total(const VariantResult& variant, std::string_view key) {
  return variant.figures.get<Estimate>(FigureSection::totals, key);
}

const Estimate& versus(const VariantResult& variant, std::string_view key) {
  return variant.figures.get<Estimate>(FigureSection::vs_baseline, key);
}

// Constant churn θ = 0.04 and nothing moving it; a journey whose recurring cost a month is known:
// `usage` 0.5 a month at 4, its failures (20%) followed by `support` half the time at 10, a
// `review` every third month at 6, and `onboarding` once, which does not recur past the horizon:
// c = 0.5·4 + 0.5·0.2·0.5·10 + 6/3 = 4.5 a month.
std::string constant_churn_scenario(const std::string& finance) {
  return R"(cxsim: 1
name: terminal value
simulation: {customers: 20000, months: 12, seed: 17, confidence: 0.999}
population: {size: 100000}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.04},
     revenue: {monthly_mean: 100, gross_margin: 0.8}}
journey:
  - {id: onboarding, when: {month: 0}, cost: 50}
  - {id: usage, when: {rate: 0.5}, functional: {success: 0.8}, cost: 4}
  - {id: support, when: {after: usage, on: failure, probability: 0.5}, cost: 10}
  - {id: review, when: {every: 3}, cost: 6}
retention: {perception_effect: 0, effort_effect: 0, defect_on_failure: 0}
finance: )" +
         finance + "\n";
}

constexpr double kMonthlyValue = 100.0 * 0.8 - 4.5;

// Every survivor is worth v·b^H·Σ_k (1 − θ)^k·b^(k+1); the total is that times the survivors,
// (1 − θ)^H of the base in expectation, and the NPV with it is the sum of the two.
void expect_constant_hazard_closed_form(const std::string& finance, double annual_rate,
                                        int run_off_months) {
  const Scenario scenario = testing::scenario_from_yaml(constant_churn_scenario(finance));
  const RunResults results = testing::run(scenario);
  const VariantResult& baseline = results.variants[0];
  const double b = month_discount(annual_rate);
  const double each = kMonthlyValue * std::pow(b, kMonths) * run_off(0.96, b, run_off_months);
  const Estimate& terminal = total(baseline, "terminal_value");
  EXPECT_NEAR(terminal.mean / (baseline.retention().mean * kPopulation), each, 1e-9 * each);
  expect_within(terminal, kPopulation * std::pow(0.96, kMonths) * each,
                "(1 − θ)^H·v·b^H·Σ, " + testing::replay(scenario));
  const double npv = baseline.npv().mean;
  EXPECT_NEAR(total(baseline, "npv_with_terminal_value").mean, npv + terminal.mean,
              1e-12 * (npv + terminal.mean));
}

TEST(TerminalValue, ConstantHazardWithoutEnd) {
  expect_constant_hazard_closed_form(
      "{discount_rate: 0.10, terminal_value: "
      "{method: hazard_at_horizon}}",
      0.10, 0);
}

// A run-off of M months sums M terms, here undiscounted: (1 − (1 − θ)^24)/θ months of value.
TEST(TerminalValue, RunOffMonthsCapTheSum) {
  expect_constant_hazard_closed_form(
      "{discount_rate: 0, terminal_value: "
      "{method: hazard_at_horizon, run_off_months: 24}}",
      0.0, 24);
}

// sBG: each customer keeps their own θ_i ~ Beta(α, β), so the total is
// N·v·b^H·E[(1 − θ)^H·b/(1 − (1 − θ)·b)] over the Beta distribution: the survivors at the horizon
// are the low-θ customers, each summed with their own hazard.
TEST(TerminalValue, ShiftedBetaGeometricSurvivorsKeepTheirOwnHazard) {
  const double alpha = 0.7, beta = 3.8, annual_rate = 0.10;
  const Scenario scenario = testing::scenario_from_yaml(R"(cxsim: 1
name: terminal value sbg
simulation: {customers: 40000, months: 12, seed: 23, confidence: 0.999}
population: {size: 100000}
segments:
  - {name: all, retention: {model: sbg, alpha: 0.7, beta: 3.8}, revenue: {monthly_mean: 100}}
journey: []
retention: {perception_effect: 0, effort_effect: 0, defect_on_failure: 0}
finance: {discount_rate: 0.10, terminal_value: {method: hazard_at_horizon}}
)");
  const double b = month_discount(annual_rate);
  const double normaliser = boost::math::beta(alpha, beta);
  const double expected = boost::math::quadrature::tanh_sinh<double>().integrate(
      [&](double theta) {
        return std::pow(theta, alpha - 1.0) * std::pow(1.0 - theta, beta - 1.0) / normaliser *
               std::pow(1.0 - theta, kMonths) * run_off(1.0 - theta, b);
      },
      0.0, 1.0);
  expect_within(total(testing::run(scenario).variants[0], "terminal_value"),
                kPopulation * 100.0 * std::pow(b, kMonths) * expected,
                "N·v·b^H·E[(1 − θ)^H·Σ], " + testing::replay(scenario));
}

// Effort alone moves churn (effort effect 1): a touchpoint of effort e every month makes each
// month's survival s(e) = (1 − θ)^exp(e), the hazard every survivor has at the horizon. The fix
// lowers the effort 0.6 → 0.2 from month 0 and costs 200,000 once and 5,000 a month.
std::string effort_fix_scenario(const std::string& finance) {
  return R"(cxsim: 1
name: effort fix past the horizon
simulation: {customers: 40000, months: 12, seed: 21, confidence: 0.999}
population: {size: 100000}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.03},
     revenue: {monthly_mean: 100, gross_margin: 1}}
journey:
  - {id: usage, when: {every: 1}, functional: {success: 1, effort: 0.6},
     emotional: {tone_sd: 0}, sensory: {polish_sd: 0}}
retention: {perception_effect: 0, effort_effect: 1, defect_on_failure: 0}
fixes:
  - id: easier
    changes: [{touchpoint: usage, set: {functional.effort: 0.2}}]
    cost: {one_time: 200000, monthly: 5000}
finance: )" +
         finance + "\n";
}

TEST(TerminalValue, PairedDeltaAndTheRoiTakenOnTheTotal) {
  const Scenario scenario = testing::scenario_from_yaml(effort_fix_scenario(
      "{discount_rate: 0.10, terminal_value: {method: hazard_at_horizon, run_off_months: 36}, "
      "roi_basis: npv_with_terminal_value}"));
  const RunResults results = testing::run(scenario);
  const VariantResult& fix = results.variants[1];
  const double b = month_discount(0.10);
  const auto survivors_worth = [&](double effort) {
    const double s = std::pow(0.97, std::exp(effort));
    return std::pow(s, kMonths) * 100.0 * std::pow(b, kMonths) * run_off(s, b, 36);
  };
  expect_within(versus(fix, "delta_terminal_value"),
                kPopulation * (survivors_worth(0.2) - survivors_worth(0.6)),
                "N·v·b^H·(S_f·Σ_f − S_b·Σ_b), " + testing::replay(scenario));

  // The fix's monthly cost goes on for the 36 months of the run-off, whoever stays.
  const double past = 5000.0 * std::pow(b, kMonths) * run_off(1.0, b, 36);
  const double within = fix.cost_pv().mean;
  EXPECT_NEAR(versus(fix, "cost_pv_past_horizon").mean, past, 1e-9 * past);
  const double benefit = versus(fix, "delta_npv_with_terminal_value").mean;
  EXPECT_NEAR(fix.net_value().mean, benefit - within - past, 1e-9 * benefit);
  ASSERT_TRUE(fix.roi());
  EXPECT_NEAR(fix.roi()->mean, (benefit - within - past) / (within + past), 1e-9);
  EXPECT_EQ(results.roi_basis, "npv_with_terminal_value");
  const nlohmann::json json = nlohmann::json::parse(results_json(results));
  EXPECT_EQ(json["settings"]["roi_basis"], "npv_with_terminal_value");
  EXPECT_EQ(json["settings"]["terminal_value"]["run_off_months"], 36);
}

// By default ROI stays on Δ NPV within the horizon, and the terminal value adds figures without
// changing any other; a run without one reports its figures as none.
TEST(TerminalValue, ByDefaultRoiIsWithinTheHorizonAndOtherFiguresDoNotMove) {
  const RunResults with = testing::run(testing::scenario_from_yaml(
      effort_fix_scenario("{discount_rate: 0.10, terminal_value: {method: hazard_at_horizon}}")));
  const RunResults without =
      testing::run(testing::scenario_from_yaml(effort_fix_scenario("{discount_rate: 0.10}")));
  EXPECT_EQ(with.roi_basis, "npv");
  const VariantResult& fix = with.variants[1];
  EXPECT_GT(versus(fix, "delta_terminal_value").mean, 0.0);
  for (const char* key : {"delta_npv", "cost_pv", "net_value", "roi"}) {
    EXPECT_EQ(versus(fix, key).mean, versus(without.variants[1], key).mean) << key;
    EXPECT_EQ(versus(fix, key).lo, versus(without.variants[1], key).lo) << key;
  }
  for (const char* key : {"terminal_value", "npv_with_terminal_value"}) {
    EXPECT_FALSE(without.variants[0].figures.find<Estimate>(FigureSection::totals, key)) << key;
  }
  EXPECT_FALSE(without.variants[1].figures.find<Estimate>(FigureSection::vs_baseline,
                                                          "cost_pv_past_horizon"));
}

}  // namespace
}  // namespace cxsim
