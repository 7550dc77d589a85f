// What-if and finance against closed forms (docs/model.md#fixes, #finance-of-a-fix): a fix that
// changes churn deterministically, its ramp, the value of common random numbers, the functional
// floor, and the probability that an uncertain fix pays back. Each check is within the run's own
// interval.
//
// The deterministic churn change: with perception effect and defection 0 and effort effect 1, a
// touchpoint of effort e every month makes the month's churn θ(e) = 1 − (1 − θ₀)^exp(e) exactly
// (docs/model.md#retention-and-survival), so a fix that lowers the effort from its start month
// lowers churn from then on.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/figures.hpp"
#include "analysis/prioritization.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"

namespace cxsim {
namespace {

constexpr double kBaseChurn = 0.03;
constexpr double kRevenue = 100.0;
constexpr double kPopulation = 100000.0;
constexpr double kBaseEffort = 0.6;
constexpr int kMonths = 12;

constexpr double kOneTimeCost = 200000.0;
constexpr double kMonthlyCost = 5000.0;

std::string effort_fix_scenario(const std::string& fix_effort, int start_month, int ramp_months,
                                int replications = 1, int customers = 40000,
                                const std::string& one_time_cost = std::to_string(kOneTimeCost)) {
  return R"(cxsim: 1
name: effort fix
simulation: {customers: )" +
         std::to_string(customers) + ", months: 12, replications: " + std::to_string(replications) +
         R"(, seed: 21, confidence: 0.999}
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
    changes: [{touchpoint: usage, set: {functional.effort: )" +
         fix_effort + R"(}}]
    cost: {one_time: )" +
         one_time_cost + R"(, monthly: 5000}
    start_month: )" +
         std::to_string(start_month) + "\n    ramp_months: " + std::to_string(ramp_months) + "\n";
}

double churn_at(double effort) {
  return 1.0 - std::pow(1.0 - kBaseChurn, std::exp(effort));
}

double discount(int month) {
  return std::pow(1.1, -(month + 1) / 12.0);
}

// Share of the cohort here at the start of each month, for an effort path by month.
std::vector<double> here_at_start(const std::function<double(int)>& effort) {
  std::vector<double> here{1.0};
  for (int t = 0; t + 1 < kMonths; ++t) {
    here.push_back(here.back() * (1.0 - churn_at(effort(t))));
  }
  return here;
}

// Cumulative Δ NPV to each month of a fix that takes the effort to `fixed(t)`.
std::vector<double> cumulative_delta_npv(const std::function<double(int)>& fixed) {
  const std::vector<double> base = here_at_start([](int) { return kBaseEffort; });
  const std::vector<double> with_fix = here_at_start(fixed);
  std::vector<double> cumulative;
  double sum = 0.0;
  for (int t = 0; t < kMonths; ++t) {
    sum += kPopulation * kRevenue * (with_fix[t] - base[t]) * discount(t);
    cumulative.push_back(sum);
  }
  return cumulative;
}

std::vector<double> cumulative_cost_pv(int start_month, double one_time_cost = kOneTimeCost) {
  std::vector<double> cumulative;
  double sum = 0.0;
  for (int t = 0; t < kMonths; ++t) {
    sum += ((t == start_month ? one_time_cost : 0.0) + (t >= start_month ? kMonthlyCost : 0.0)) *
           discount(t);
    cumulative.push_back(sum);
  }
  return cumulative;
}

void expect_within(const Estimate& estimate, double exact, const std::string& what) {
  EXPECT_LE(estimate.lo, exact) << what << ": " << estimate.mean << " [" << estimate.lo << ", "
                                << estimate.hi << "]";
  EXPECT_GE(estimate.hi, exact) << what << ": " << estimate.mean << " [" << estimate.lo << ", "
                                << estimate.hi << "]";
}

TEST(WhatIf, AFixThatChangesChurnHasTheClosedFormNpvCostRoiAndPayback) {
  constexpr int kStart = 3;
  const Scenario scenario = testing::scenario_from_yaml(effort_fix_scenario("0.1", kStart, 0));
  const VariantResult vs = testing::run(scenario).variants[1];

  const auto fixed = [](int t) { return t >= kStart ? 0.1 : kBaseEffort; };
  const std::vector<double> benefit = cumulative_delta_npv(fixed);
  const std::vector<double> cost = cumulative_cost_pv(kStart);
  const std::string replay = testing::replay(scenario);
  expect_within(vs.delta_npv(), benefit.back(), "Δ NPV, " + replay);
  EXPECT_NEAR(vs.cost_pv().mean, cost.back(), 1e-9 * cost.back()) << "PV of cost";
  ASSERT_TRUE(vs.roi().has_value());
  expect_within(*vs.roi(), (benefit.back() - cost.back()) / cost.back(), "ROI, " + replay);
  // The first month that has cost something from which the net benefit stays ≥ 0.
  int payback = kMonths;
  while (payback > 0 && benefit[payback - 1] >= cost[payback - 1]) {
    --payback;
  }
  while (payback < kMonths && cost[payback] <= 0.0) {
    ++payback;
  }
  ASSERT_LT(payback, kMonths) << "the closed form never pays back: the scenario needs changing";
  EXPECT_EQ(vs.payback_month(), payback) << replay;
  // And within the range the ends of Δ NPV's interval give.
  ASSERT_TRUE(vs.payback_range().earliest.has_value());
  ASSERT_TRUE(vs.payback_range().latest.has_value());
  EXPECT_LE(*vs.payback_range().earliest, payback) << replay;
  EXPECT_GE(*vs.payback_range().latest, payback) << replay;
}

TEST(WhatIf, ARampedFixHasItsPartialEffectInEachRampMonth) {
  constexpr int kStart = 2, kRamp = 3;
  const Scenario scenario = testing::scenario_from_yaml(effort_fix_scenario("0.1", kStart, kRamp));
  const RunResults results = testing::run(scenario);
  const VariantResult& fix = results.variants[1];
  // f(t) = min(1, (t − start + 1)/ramp): a third, two thirds, then all of the change.
  const auto ramped = [](int t) {
    const double f = t < kStart ? 0.0 : std::min(1.0, (t - kStart + 1.0) / kRamp);
    return kBaseEffort + f * (0.1 - kBaseEffort);
  };
  double alive = 1.0;
  for (int t = 0; t < kMonths; ++t) {
    alive *= 1.0 - churn_at(ramped(t));
    expect_within({fix.alive().mean[t], fix.alive().lo[t], fix.alive().hi[t]}, alive,
                  "alive after month " + std::to_string(t) + ", " + testing::replay(scenario));
  }
}

// The same ramp seen as the fix's own effect: the survival gained over the baseline, paired on
// the same customers, month by month, is zero before the start and then the closed form's.
TEST(WhatIf, ARampedFixGainsItsClosedFormSurvivalOverTheBaselineInEachMonth) {
  constexpr int kStart = 2, kRamp = 3;
  const Scenario scenario = testing::scenario_from_yaml(effort_fix_scenario("0.1", kStart, kRamp));
  DriverOptions options;
  options.threads = 2;
  const SimulationOutput output = simulate(scenario, standard_variants(scenario), options);
  const auto ramped = [](int t) {
    const double f = t < kStart ? 0.0 : std::min(1.0, (t - kStart + 1.0) / kRamp);
    return kBaseEffort + f * (0.1 - kBaseEffort);
  };
  // Had the fix taken full effect at once, the gain would be larger: the partial effect of each
  // ramp month must be told from it, and from no effect.
  double with_fix = 1.0, at_once = 1.0, without = 1.0;
  for (int t = 0; t < kMonths; ++t) {
    with_fix *= 1.0 - churn_at(ramped(t));
    at_once *= 1.0 - churn_at(t < kStart ? kBaseEffort : 0.1);
    without *= 1.0 - churn_at(kBaseEffort);
    const Estimate gain =
        output.statistics.paired(figure_index(FigureSection::monthly, "alive"), 1, t)
            .interval(scenario.simulation.confidence);
    const std::string what =
        "Δ alive after month " + std::to_string(t) + ", " + testing::replay(scenario);
    if (t < kStart) {
      EXPECT_EQ(gain.mean, 0.0) << what;
      EXPECT_EQ(gain.hi, 0.0) << what;
    } else {
      expect_within(gain, with_fix - without, what);
      EXPECT_LT(gain.hi, at_once - without) << what;
      EXPECT_GT(gain.lo, 0.0) << what;
    }
  }
}

TEST(WhatIf, CommonRandomNumbersMakeTheFixsIntervalFiveTimesNarrower) {
  ScenarioReading reading =
      read_scenario_file(std::string(CXSIM_SOURCE_DIR) + "/scenarios/saas_b2b.yaml");
  ASSERT_TRUE(reading.scenario.has_value());
  Scenario scenario = *reading.scenario;
  scenario.simulation.customers = 20000;
  const RunResults paired = testing::run(scenario);
  scenario.simulation.seed += 1;
  const RunResults independent = testing::run(scenario);
  // The smallest fix of the reference scenario by Δ NPV.
  std::size_t smallest = 1;
  for (std::size_t v = 1; v <= scenario.fixes.size(); ++v) {
    if (std::abs(paired.variants[v].delta_npv().mean) <
        std::abs(paired.variants[smallest].delta_npv().mean)) {
      smallest = v;
    }
  }
  const Estimate& delta = paired.variants[smallest].delta_npv();
  const Estimate& baseline = paired.variants[0].npv();
  const Estimate& fix_elsewhere = independent.variants[smallest].npv();
  // Two independent runs: the half-width of a difference of independent estimates.
  const double unpaired =
      std::hypot(baseline.hi - baseline.mean, fix_elsewhere.hi - fix_elsewhere.mean);
  EXPECT_LE(5.0 * (delta.hi - delta.mean), unpaired)
      << paired.variants[smallest].id << ": paired ±" << delta.hi - delta.mean << ", unpaired ±"
      << unpaired;
}

// Where a touchpoint keeps failing, tone sits on a low functional floor
// (docs/model.md#one-interaction).
constexpr std::string_view kFailingTouchpoint = R"(cxsim: 1
name: functional floor
simulation: {customers: 20000, months: 12, seed: 4}
population: {size: 100000}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.02},
     revenue: {monthly_mean: 100, gross_margin: 0.8}}
journey:
  - {id: checkout, when: {every: 1}, functional: {success: 0.7}}
fixes:
  - id: warmer_tone
    changes: [{touchpoint: checkout, add: {emotional.tone: 0.5}}]
    cost: {one_time: 10000}
  - id: reliable
    changes: [{touchpoint: checkout, set: {functional.success: 0.99}}]
    cost: {one_time: 10000}
)";

TEST(WhatIf, ToneOnABrokenFloorIsWorthLittleAndMoreOnceTheFloorIsFixed) {
  const Scenario scenario = testing::scenario_from_yaml(kFailingTouchpoint);
  const RunResults results = testing::run(scenario);
  const Estimate& tone = results.variants[1].delta_npv();
  const Estimate& reliability = results.variants[2].delta_npv();
  EXPECT_LT(tone.hi, reliability.lo / 3.0) << "tone " << tone.mean << ", reliability "
                                           << reliability.mean << ", " << testing::replay(scenario);

  DriverOptions options;
  options.threads = 2;
  const Prioritization ranked = prioritize(scenario, std::nullopt, options);
  ASSERT_EQ(ranked.pairs.size(), 1u);
  const Estimate& interaction = ranked.pairs[0].interaction;
  EXPECT_GT(interaction.lo, 0.0) << "tone after the floor is fixed is worth no more: "
                                 << interaction.mean << " [" << interaction.lo << ", "
                                 << interaction.hi << "], " << testing::replay(scenario);
}

TEST(WhatIf, AnUncertainEffectPaysBackWithItsClosedFormProbability) {
  // The fixed effort is U(0, 0.6): ROI > 0 exactly when Δ NPV(e) > PV of cost, that is for e
  // below the e* where they are equal, so P(ROI > 0) = e*/0.6.
  constexpr int kStart = 1, kReplications = 200;
  const auto benefit = [](double effort) {
    return cumulative_delta_npv([&](int t) { return t >= kStart ? effort : kBaseEffort; }).back();
  };
  // A one-time cost that makes an effort of 0.3 break even, so that the answer is near 1/2.
  const double one_time =
      std::round((benefit(0.3) - cumulative_cost_pv(kStart, 0.0).back()) / discount(kStart));
  const double cost = cumulative_cost_pv(kStart, one_time).back();
  const Scenario scenario = testing::scenario_from_yaml(effort_fix_scenario(
      "{uniform: [0.0, 0.6]}", kStart, 0, kReplications, 5000, std::to_string(one_time)));
  double low = 0.0, high = 0.6;  // benefit falls as the effort rises
  for (int i = 0; i < 60; ++i) {
    const double middle = 0.5 * (low + high);
    (benefit(middle) > cost ? low : high) = middle;
  }
  const double probability = low / 0.6;
  ASSERT_GT(probability, 0.05);
  ASSERT_LT(probability, 0.95);

  const RunResults results = testing::run(scenario);
  const VariantResult& vs = results.variants[1];
  ASSERT_TRUE(vs.p_roi_positive().has_value());
  // Against the distribution: the binomial sampling error of 200 replications, at 4 sd.
  EXPECT_NEAR(*vs.p_roi_positive(), probability,
              4.0 * std::sqrt(probability * (1.0 - probability) / kReplications))
      << testing::replay(scenario);

  // Against the draws themselves: replication r drew effort e_r, so its Δ NPV is the closed
  // form's Δ NPV(e_r) up to its Monte Carlo error, whose typical size σ the run reports: it
  // pays back with probability p_r = Φ((Δ NPV(e_r) − cost)/σ), and the count that pay back has
  // mean Σ p_r and variance Σ p_r(1 − p_r), which only replications near the break-even add to.
  ASSERT_TRUE(results.intervals_across_replications);
  const Estimate& monte_carlo = results.monte_carlo[1].delta_npv();
  const double error = (monte_carlo.hi - monte_carlo.mean) /
                       t_quantile(scenario.simulation.confidence, 1e4) *
                       std::sqrt(static_cast<double>(kReplications));
  std::vector<double> exact_roi;
  std::vector<double> exact_delta_npv;
  double expected_paying = 0.0, variance = 0.0;
  for (std::uint32_t r = 0; r < kReplications; ++r) {
    const double effort =
        value_of(draw_parameters(scenario, r).fixes[0].changes[0].parameters[0].value);
    const double delta_npv = benefit(effort);
    exact_delta_npv.push_back(delta_npv);
    exact_roi.push_back((delta_npv - cost) / cost);
    const double pays = 0.5 * std::erfc(-(delta_npv - cost) / error / std::sqrt(2.0));
    expected_paying += pays;
    variance += pays * (1.0 - pays);
  }
  const double binomial_variance = probability * (1.0 - probability) * kReplications;
  ASSERT_LT(variance, 0.1 * binomial_variance) << "the draws should explain most of the spread";
  EXPECT_NEAR(*vs.p_roi_positive() * kReplications, expected_paying, 4.0 * std::sqrt(variance))
      << "from the draws, " << testing::replay(scenario);
  // A quantile moves no more than the values it is taken of: at most 5 errors.
  ASSERT_TRUE(vs.roi_quantiles().has_value());
  ASSERT_TRUE(vs.delta_npv_quantiles().has_value());
  for (const auto& [q, reported_roi, reported_delta_npv] :
       {std::tuple{0.05, vs.roi_quantiles()->p5, vs.delta_npv_quantiles()->p5},
        std::tuple{0.5, vs.roi_quantiles()->p50, vs.delta_npv_quantiles()->p50},
        std::tuple{0.95, vs.roi_quantiles()->p95, vs.delta_npv_quantiles()->p95}}) {
    SCOPED_TRACE("quantile " + std::to_string(q));
    EXPECT_NEAR(reported_roi, quantile(exact_roi, q), 5.0 * error / cost);
    EXPECT_NEAR(reported_delta_npv, quantile(exact_delta_npv, q), 5.0 * error);
  }
  // And against the distribution: ROI falls with the effort, so its p5 is ROI at the effort's
  // p95, 0.57, and its p95 ROI at 0.03; the sample quantiles of 200 draws are within
  // 4·√(q(1 − q)/200) of q.
  const double spread = 4.0 * std::sqrt(0.05 * 0.95 / kReplications) * 0.6;
  EXPECT_LE(vs.roi_quantiles()->p5, (benefit(0.57 - spread) - cost) / cost + 5.0 * error / cost);
  EXPECT_GE(vs.roi_quantiles()->p5, (benefit(0.57 + spread) - cost) / cost - 5.0 * error / cost);
  EXPECT_LE(vs.roi_quantiles()->p95, (benefit(0.03 - spread) - cost) / cost + 5.0 * error / cost);
  EXPECT_GE(vs.roi_quantiles()->p95, (benefit(0.03 + spread) - cost) / cost - 5.0 * error / cost);
}

// An uncertain cost, U(100k, 300k) one-time: its PV has an interval across replications holding
// the closed form's mean, the Monte Carlo part of which is nothing (a cost is not simulated),
// and net value takes each replication's cost from its own Δ NPV.
TEST(WhatIf, AnUncertainCostHasAnIntervalAndNetValueCarriesIt) {
  constexpr int kStart = 1, kReplications = 60;
  const Scenario scenario = testing::scenario_from_yaml(
      effort_fix_scenario("0.1", kStart, 0, kReplications, 2000, "{uniform: [100000, 300000]}"));
  const RunResults results = testing::run(scenario);
  const VariantResult& vs = results.variants[1];
  const double mean_cost = cumulative_cost_pv(kStart, 200000.0).back();
  expect_within(vs.cost_pv(), mean_cost, "E[PV of cost], " + testing::replay(scenario));
  EXPECT_GT(vs.cost_pv().hi - vs.cost_pv().lo, 0.0);
  const Estimate& monte_carlo_cost = results.monte_carlo[1].cost_pv();
  EXPECT_EQ(monte_carlo_cost.hi, monte_carlo_cost.lo);
  EXPECT_NEAR(vs.net_value().mean, vs.delta_npv().mean - vs.cost_pv().mean, 1e-9 * mean_cost);
  // The cost's spread is independent of Δ NPV's here (the effect is certain): the net value's
  // interval is wider than Δ NPV's.
  EXPECT_GT(vs.net_value().hi - vs.net_value().lo, vs.delta_npv().hi - vs.delta_npv().lo);
}

}  // namespace
}  // namespace cxsim
