// The engine's reproducibility guarantees (docs/model.md#parallel-runs-and-reproducibility): the
// same bytes for any number of threads and on every rerun, common random numbers exact across
// variants, a customer replayable alone, and results.json with every key docs/results.md names.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/figures.hpp"
#include "analysis/run_results.hpp"
#include "analysis/simulation_driver.hpp"
#include "base/version.hpp"
#include "corpus.hpp"
#include "engine/block_totals.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "io/result_writers.hpp"
#include "model/compiled_run.hpp"
#include "model/perception_models.hpp"
#include "reference_kernel/customer_kernel.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/variants.hpp"

namespace cxsim {
namespace {

using testing::run;
using testing::scenario_from_yaml;

// Everything the kernel can do in a few months: both retention families, lognormal and fixed
// revenue, a delayed trigger chain, a Poisson schedule with an uncertain success, expansion,
// referrals, surveys and two fixes, one ramped and one adding a touchpoint. 2999 customers are
// not a multiple of the block size, so the last block is short; two replications redraw the
// uncertain parameters.
std::string busy_yaml(std::string_view perception_model) {
  return R"(cxsim: 1
name: reproducibility
simulation: {customers: 2999, months: 8, replications: 2, seed: 11}
population: {size: 50000}
segments:
  - name: steady
    share: 0.4
    retention: {model: constant, monthly_churn: 0.03}
    revenue: {monthly_mean: 120, monthly_sd: 60, gross_margin: 0.7}
  - name: fickle
    share: 0.6
    retention: {model: sbg, alpha: 0.8, beta: 6, tenure: 2}
    revenue: {monthly_mean: 300, monthly_sd: 0}
    sensitivity: {functional: 1.2, emotional: 0.8, sensory: 0.5}
    initial_perception: 0.1
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.85, effort: 0.4, delay: 0.2}
    emotional: {tone: 0.2, communication: 0.3}
  - id: support
    when: {after: signup, on: failure, probability: 0.7}
    functional: {success: 0.8}
    emotional: {recovery: 0.5}
    cost: 15
  - id: follow_up
    when: {after: support, on: any, probability: 0.5, delay: 2}
    functional: {success: 0.9}
    cost: 5
  - id: usage
    when: {rate: 1.5}
    functional: {success: {uniform: [0.9, 0.97]}, effort: 0.2}
    sensory: {polish: 0.3, consistency: 0.8}
    weight: 0.3
  - id: invoice
    when: {every: 1, start: 1}
    functional: {success: 0.98}
    cost: 1
perception: {model: )" +
         std::string(perception_model) + R"(}
retention: {defect_on_failure: 0.05}
revenue:
  expansion: {rate: 0.05, uplift: 0.1}
  referral: {rate: 0.02, value: 500, promoter_threshold: 0.1}
surveys: {nps: {months: [2, 5], response_rate: 0.5}}
)";
}

std::string busy_fixes_yaml() {
  return R"(fixes:
  - id: better_signup
    changes: [{touchpoint: signup, set: {functional.success: 0.97}}]
    cost: {one_time: 20000, monthly: 500}
    start_month: 1
    ramp_months: 2
  - id: rescue
    add_touchpoints:
      - id: rescue_call
        when: {after: signup, on: failure, probability: 0.9}
        emotional: {recovery: 0.7}
        cost: 40
    cost: {monthly: 1000}
)";
}

Scenario busy_scenario(std::string_view perception_model) {
  return scenario_from_yaml(busy_yaml(perception_model) + busy_fixes_yaml());
}

Scenario reference_scenario(std::int64_t customers) {
  const std::string file = (testing::source_dir() / "scenarios/saas_b2b.yaml").string();
  ScenarioReading reading = read_scenario_file(file);
  for (const Diagnostic& problem : reading.problems) {
    ADD_FAILURE() << to_string(problem);
  }
  Scenario scenario = reading.scenario.value_or(Scenario{});
  scenario.simulation.customers = customers;
  return scenario;
}

// Equal bytes, or the first line where they differ.
::testing::AssertionResult same_bytes(const std::string& expected, const std::string& actual) {
  if (expected == actual) {
    return ::testing::AssertionSuccess();
  }
  std::istringstream a(expected);
  std::istringstream b(actual);
  std::string line_a;
  std::string line_b;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a || !more_b || line_a != line_b) {
      return ::testing::AssertionFailure() << "first difference at line " << line
                                           << ":\n  expected: " << (more_a ? line_a : "<end>")
                                           << "\n  actual:   " << (more_b ? line_b : "<end>");
    }
  }
}

void expect_same_bytes_for_one_and_two_threads(const Scenario& scenario) {
  const RunResults one = run(scenario, 1);
  const RunResults two = run(scenario, 2);
  ASSERT_FALSE(one.variants.empty());
  EXPECT_TRUE(same_bytes(results_json(one, false), results_json(two, false)));
  EXPECT_TRUE(same_bytes(monthly_csv(one), monthly_csv(two)));
  EXPECT_EQ(one.customer_months, two.customer_months);
  EXPECT_EQ(one.interactions, two.interactions);
}

TEST(EngineReproducibility, ReferenceScenarioIsByteIdenticalForOneAndTwoThreads) {
  const Scenario scenario = reference_scenario(3000);
  ASSERT_EQ(scenario.simulation.customers, 3000);
  expect_same_bytes_for_one_and_two_threads(scenario);
}

TEST(EngineReproducibility, ShortLastBlockIsByteIdenticalForOneAndTwoThreadsForEveryModel) {
  for (const std::string_view model : PerceptionModels::names) {
    SCOPED_TRACE(model);
    const Scenario scenario = busy_scenario(model);
    const std::int64_t customers = scenario.simulation.customers;
    ASSERT_NE(customers % block_size(customers), 0) << "the last block must be short";
    expect_same_bytes_for_one_and_two_threads(scenario);
  }
}

TEST(EngineReproducibility, RerunsAreByteIdentical) {
  const Scenario scenario = busy_scenario("ewma");
  const RunResults first = run(scenario, 2);
  const RunResults second = run(scenario, 2);
  EXPECT_TRUE(same_bytes(results_json(first, false), results_json(second, false)));
  EXPECT_TRUE(same_bytes(monthly_csv(first), monthly_csv(second)));
}

TEST(EngineReproducibility, ADifferentSeedChangesTheResults) {
  // No uncertain parameter: what differs is the customers' own random numbers.
  std::string yaml = busy_yaml("ewma") + busy_fixes_yaml();
  const std::string uncertain = "{uniform: [0.9, 0.97]}";
  ASSERT_NE(yaml.find(uncertain), std::string::npos);
  yaml.replace(yaml.find(uncertain), uncertain.size(), "0.93");
  Scenario scenario = scenario_from_yaml(yaml);
  const RunResults first = run(scenario, 2);
  scenario.simulation.seed += 1;
  RunResults second = run(scenario, 2);
  second.seed = first.seed;  // the seed itself is in the file: only what it drew may differ
  EXPECT_NE(results_json(first, false), results_json(second, false));
  EXPECT_NE(monthly_csv(first), monthly_csv(second));
}

void expect_equal(const Estimate& expected, const Estimate& actual, const std::string& what) {
  EXPECT_EQ(actual.mean, expected.mean) << what;
  EXPECT_EQ(actual.lo, expected.lo) << what;
  EXPECT_EQ(actual.hi, expected.hi) << what;
}

void expect_equal(const std::optional<Estimate>& expected, const std::optional<Estimate>& actual,
                  const std::string& what) {
  ASSERT_EQ(actual.has_value(), expected.has_value()) << what;
  if (expected) {
    expect_equal(*expected, *actual, what);
  }
}

void expect_zero(const Estimate& delta, const std::string& what) {
  expect_equal({0.0, 0.0, 0.0}, delta, what);
}

void expect_equal(const SeriesEstimate& expected, const SeriesEstimate& actual,
                  const std::string& what) {
  EXPECT_EQ(actual.mean, expected.mean) << what;
  EXPECT_EQ(actual.lo, expected.lo) << what;
  EXPECT_EQ(actual.hi, expected.hi) << what;
}

TEST(EngineReproducibility, VariantsThatChangeNothingDifferFromTheBaselineByExactlyZero) {
  // Each fix sets a parameter to the value it has, adds 0 or scales by 1, ramped in and costed:
  // with common random numbers, every variant is the baseline to the last bit.
  const Scenario scenario = scenario_from_yaml(busy_yaml("ewma") + R"(fixes:
  - id: same_signup
    changes:
      - {touchpoint: signup, set: {functional.success: 0.85, emotional.tone: 0.2}}
      - {touchpoint: usage, add: {functional.effort: 0}}
    cost: {one_time: 10000}
    start_month: 1
    ramp_months: 3
  - id: same_support
    changes:
      - {touchpoint: support, scale: {emotional.recovery: 1, cost: 1}}
      - {touchpoint: follow_up, set: {functional.success: 0.9}}
)");
  const RunResults results = run(scenario, 2);
  ASSERT_EQ(results.variants.size(), 4u);  // baseline, each fix, all fixes
  const VariantResult& baseline = results.variants[0];
  ASSERT_EQ(baseline.id, "baseline");
  ASSERT_GT(baseline.alive().mean.size(), 0u);
  for (std::size_t v = 1; v < results.variants.size(); ++v) {
    const VariantResult& variant = results.variants[v];
    SCOPED_TRACE(variant.id);
    ASSERT_TRUE(variant.against_baseline);
    const VariantResult& vs = variant;
    expect_zero(vs.delta_retention(), "delta_retention");
    expect_zero(vs.delta_customers(), "delta_customers");
    expect_zero(vs.delta_revenue(), "delta_revenue");
    expect_zero(vs.delta_cost_to_serve(), "delta_cost_to_serve");
    expect_zero(vs.delta_npv(), "delta_npv");

    expect_equal(baseline.retention(), variant.retention(), "retention");
    expect_equal(baseline.revenue(), variant.revenue(), "revenue");
    expect_equal(baseline.npv(), variant.npv(), "npv");
    expect_equal(baseline.cost_to_serve(), variant.cost_to_serve(), "cost_to_serve");
    expect_equal(baseline.referrals(), variant.referrals(), "referrals");
    expect_equal(baseline.nps(), variant.nps(), "nps");
    expect_equal(baseline.alive(), variant.alive(), "monthly alive");
    expect_equal(baseline.monthly_revenue(), variant.monthly_revenue(), "monthly revenue");
    expect_equal(baseline.monthly_npv(), variant.monthly_npv(), "monthly npv");
    ASSERT_EQ(variant.touchpoints.size(), baseline.touchpoints.size());
    for (std::size_t j = 0; j < baseline.touchpoints.size(); ++j) {
      const TouchpointResult& expected = baseline.touchpoints[j];
      const TouchpointResult& actual = variant.touchpoints[j];
      EXPECT_EQ(actual.id, expected.id);
      expect_equal(expected.events(), actual.events(), expected.id + " events");
      expect_equal(expected.failures(), actual.failures(), expected.id + " failures");
      expect_equal(expected.csat(), actual.csat(), expected.id + " csat");
      expect_equal(expected.ces(), actual.ces(), expected.id + " ces");
    }
    // A fix that costs something and changes nothing is never worth it.
    if (vs.cost_pv().mean > 0.0) {
      ASSERT_TRUE(vs.p_roi_positive().has_value());
      EXPECT_EQ(*vs.p_roi_positive(), 0.0);
      ASSERT_TRUE(vs.roi().has_value());
      EXPECT_EQ(vs.roi()->mean, -1.0);
    }
  }
}

// Before a fix starts, its cumulative net benefit is 0 but nothing has been spent: that is not a
// payback (it was reported as month 0 once).
TEST(EngineReproducibility, ACostlyFixThatChangesNothingNeverPaysBack) {
  const RunResults results = run(scenario_from_yaml(busy_yaml("ewma") + R"(fixes:
  - id: same_signup
    changes: [{touchpoint: signup, set: {functional.success: 0.85}}]
    cost: {one_time: 10000}
    start_month: 1
)"),
                                 2);
  ASSERT_EQ(results.variants.size(), 2u);
  ASSERT_TRUE(results.variants[1].against_baseline);
  EXPECT_GT(results.variants[1].cost_pv().mean, 0.0);
  EXPECT_EQ(results.variants[1].payback_month(), std::nullopt);
}

// A fix costing `one_time` in month 0 whose effect (a better signup) is the same whatever it
// costs: the cost moves the net value alone.
RunResults run_with_signup_fix_costing(double one_time) {
  return run(scenario_from_yaml(busy_yaml("ewma") + R"(fixes:
  - id: better_signup
    changes: [{touchpoint: signup, set: {functional.success: 0.97}}]
    cost: {one_time: )" + std::to_string(one_time) +
                                "}\n"),
             2);
}

// The payback's range ends only where the interval of the net value at the horizon allows a
// payback: where its lower end is below zero the range's late end is not within the horizon,
// and where its upper end is too, there is no range (nor payback) at all.
TEST(EngineReproducibility, APaybackRangeEndsOnlyWhereTheNetValueIntervalAllowsIt) {
  // A cost of 1 gives the discount of month 0; a cost whose present value is Δ NPV's mean puts
  // the net value's interval across zero, one of twice its upper end puts it below.
  const VariantResult probe = run_with_signup_fix_costing(1.0).variants[1];
  const double discount = probe.cost_pv().mean;
  const double break_even = probe.delta_npv().mean / discount;
  ASSERT_GT(break_even, 0.0);

  const VariantResult straddling = run_with_signup_fix_costing(0.99 * break_even).variants[1];
  ASSERT_LT(straddling.net_value().lo, 0.0);
  ASSERT_GT(straddling.net_value().hi, 0.0);
  ASSERT_TRUE(straddling.payback_month().has_value());
  EXPECT_TRUE(straddling.payback_range().earliest.has_value());
  EXPECT_LE(straddling.payback_range().earliest, straddling.payback_month());
  EXPECT_EQ(straddling.payback_range().latest, std::nullopt);

  const VariantResult losing =
      run_with_signup_fix_costing(2.0 * probe.delta_npv().hi / discount).variants[1];
  ASSERT_LT(losing.net_value().hi, 0.0);
  EXPECT_EQ(losing.payback_month(), std::nullopt);
  EXPECT_EQ(losing.payback_range().earliest, std::nullopt);
  EXPECT_EQ(losing.payback_range().latest, std::nullopt);
}

// The warning of a run with uncertain parameters (busy_yaml's usage success) and too few
// replications, and none with enough or without uncertain parameters.
TEST(EngineReproducibility, TooFewReplicationsOfUncertainParametersAreWarnedOf) {
  Scenario scenario = scenario_from_yaml(busy_yaml("ewma"));
  const auto warning = [&](int replications) {
    scenario.simulation.replications = replications;
    return replications_warning(scenario).value_or("");
  };
  EXPECT_NE(warning(1).find("1 replication: every figure is for one random draw"),
            std::string::npos)
      << warning(1);
  // The relative spread of a sample standard deviation of R normal values, 1/√(2(R − 1)).
  EXPECT_NE(warning(2).find("only 2 replications"), std::string::npos) << warning(2);
  EXPECT_NE(warning(2).find("±71%"), std::string::npos) << warning(2);
  EXPECT_NE(warning(29).find("±13%"), std::string::npos) << warning(29);
  EXPECT_NE(warning(29).find("run 30 replications or more"), std::string::npos) << warning(29);
  EXPECT_EQ(warning(kFewestUncertainReplications), "");

  std::string certain = busy_yaml("ewma");
  const std::string drawn = "{uniform: [0.9, 0.97]}";
  certain.replace(certain.find(drawn), drawn.size(), "0.93");
  Scenario constant = scenario_from_yaml(certain);
  constant.simulation.replications = 1;
  EXPECT_EQ(replications_warning(constant), std::nullopt);

  // summarize() records it in the results.
  scenario.simulation.replications = 2;
  EXPECT_EQ(run(scenario).warnings, std::vector<std::string>{warning(2)});
}

// Adds one customer's totals into `sum`, as the kernel adds a block's customers one by one.
void add_into(BlockTotals& sum, const BlockTotals& single, const CompiledRun& compiled) {
  for (int v = 0; v < compiled.variant_count; ++v) {
    for (int m = 0; m < kMonthlyMetrics; ++m) {
      for (int t = 0; t < compiled.months; ++t) {
        sum.monthly(v, static_cast<MonthlyMetric>(m), t) +=
            single.monthly(v, static_cast<MonthlyMetric>(m), t);
      }
    }
    for (int j = 0; j < compiled.touchpoint_count; ++j) {
      for (int k = 0; k < kTouchpointMetrics; ++k) {
        sum.touchpoint(v, j, static_cast<TouchpointMetric>(k)) +=
            single.touchpoint(v, j, static_cast<TouchpointMetric>(k));
      }
    }
    for (int segment = 0; segment < static_cast<int>(compiled.segments.size()); ++segment) {
      for (int t = 0; t < compiled.months; ++t) {
        sum.segment_departures(v, segment, t) += single.segment_departures(v, segment, t);
      }
    }
  }
  for (int segment = 0; segment < static_cast<int>(compiled.segments.size()); ++segment) {
    sum.segment_customers(segment) += single.segment_customers(segment);
  }
  sum.customers += single.customers;
  sum.customer_months += single.customer_months;
  sum.interactions += single.interactions;
}

TEST(EngineReproducibility, ACustomerReplayedAloneAddsWhatItAddsWithinItsBlock) {
  constexpr std::uint32_t kFirst = 37;
  constexpr std::uint32_t kCount = 200;
  for (const std::string_view model : PerceptionModels::names) {
    for (const std::uint32_t replication : {0u, 1u}) {
      SCOPED_TRACE(std::string(model) + ", replication " + std::to_string(replication));
      const Scenario scenario = busy_scenario(model);
      const std::vector<Variant> variants = standard_variants(scenario);
      const CompiledRun compiled =
          compile_run(draw_parameters(scenario, replication), variants, replication);
      const int v_count = compiled.variant_count;
      const int months = compiled.months;
      const int touchpoints = compiled.touchpoint_count;
      const auto segments = static_cast<int>(compiled.segments.size());

      BlockTotals block(v_count, months, touchpoints, segments);
      simulate_customers(compiled, kFirst, kCount, block);

      // Replayed one by one, last customer first, so that no customer can lean on the one
      // simulated before it; then added up in customer order, as the block adds them.
      std::vector<BlockTotals> singles(kCount, BlockTotals(v_count, months, touchpoints, segments));
      for (std::uint32_t i = kCount; i-- > 0;) {
        simulate_customers(compiled, kFirst + i, 1, singles[i]);
      }
      BlockTotals sum(v_count, months, touchpoints, segments);
      for (const BlockTotals& single : singles) {
        add_into(sum, single, compiled);
      }

      EXPECT_EQ(sum.customers, block.customers);
      EXPECT_EQ(block.customers, static_cast<double>(kCount));
      EXPECT_EQ(sum.customer_months, block.customer_months);
      EXPECT_EQ(sum.interactions, block.interactions);
      EXPECT_GT(block.interactions, 0u);
      for (int v = 0; v < v_count; ++v) {
        for (int t = 0; t < months; ++t) {
          SCOPED_TRACE("variant " + std::to_string(v) + ", month " + std::to_string(t));
          EXPECT_EQ(sum.monthly(v, MonthlyMetric::alive, t),
                    block.monthly(v, MonthlyMetric::alive, t));
          for (const MonthlyMetric money :
               {MonthlyMetric::revenue, MonthlyMetric::value, MonthlyMetric::cost_to_serve,
                MonthlyMetric::referral_value}) {
            EXPECT_DOUBLE_EQ(sum.monthly(v, money, t), block.monthly(v, money, t))
                << "metric " << static_cast<int>(money);
          }
        }
        for (int j = 0; j < touchpoints; ++j) {
          SCOPED_TRACE("variant " + std::to_string(v) + ", touchpoint " + std::to_string(j));
          for (const TouchpointMetric count : {TouchpointMetric::events, TouchpointMetric::failures,
                                               TouchpointMetric::satisfied}) {
            EXPECT_EQ(sum.touchpoint(v, j, count), block.touchpoint(v, j, count))
                << "metric " << static_cast<int>(count);
          }
          // A total's CES is each month's count of interactions times its score
          // (effort_tally.hpp): counted per customer first, the additions differ.
          const double effort = block.touchpoint(v, j, TouchpointMetric::effort_score);
          EXPECT_NEAR(sum.touchpoint(v, j, TouchpointMetric::effort_score), effort, 1e-12 * effort);
        }
        EXPECT_EQ(sum.nps_net(v), block.nps_net(v));
        EXPECT_EQ(sum.nps_responses(v), block.nps_responses(v));
        for (int segment = 0; segment < segments; ++segment) {
          for (int t = 0; t < months; ++t) {
            EXPECT_EQ(sum.segment_departures(v, segment, t),
                      block.segment_departures(v, segment, t))
                << "segment " << segment << ", month " << t;
          }
        }
      }
    }
  }
}

// A run of the baseline alone makes its draws without the table the variants share: it must add
// exactly what the baseline adds within a run of every variant.
TEST(EngineReproducibility, TheBaselineAloneAddsWhatItAddsAmongEveryVariant) {
  for (const std::string_view model : PerceptionModels::names) {
    SCOPED_TRACE(model);
    const Scenario scenario = busy_scenario(model);
    const Scenario drawn = draw_parameters(scenario, 0);
    const std::vector<Variant> every = standard_variants(scenario);
    ASSERT_GT(every.size(), 1u);
    const CompiledRun all = compile_run(drawn, every, 0);
    const CompiledRun alone = compile_run(drawn, {every.front()}, 0);
    const auto segments = static_cast<int>(all.segments.size());
    BlockTotals among(all.variant_count, all.months, all.touchpoint_count, segments);
    BlockTotals single(1, alone.months, alone.touchpoint_count, segments);
    simulate_customers(all, 0, 500, among);
    simulate_customers(alone, 0, 500, single);
    for (int t = 0; t < all.months; ++t) {
      for (int k = 0; k < kMonthlyMetrics; ++k) {
        const auto metric = static_cast<MonthlyMetric>(k);
        EXPECT_EQ(single.monthly(0, metric, t), among.monthly(0, metric, t))
            << "month " << t << ", metric " << k;
      }
    }
    // The added touchpoints come after the journey's and are inactive in the baseline.
    for (int j = 0; j < alone.touchpoint_count; ++j) {
      for (int k = 0; k < kTouchpointMetrics; ++k) {
        const auto metric = static_cast<TouchpointMetric>(k);
        EXPECT_EQ(single.touchpoint(0, j, metric), among.touchpoint(0, j, metric))
            << "touchpoint " << j << ", metric " << k;
      }
    }
    EXPECT_EQ(single.nps_net(0), among.nps_net(0));
    EXPECT_EQ(single.nps_responses(0), among.nps_responses(0));
    EXPECT_GT(single.nps_responses(0), 0.0);
  }
}

using nlohmann::json;

void expect_estimate(const json& parent, const std::string& key) {
  SCOPED_TRACE(key);
  ASSERT_TRUE(parent.contains(key)) << parent.dump();
  const json& estimate = parent.at(key);
  for (const char* part : {"mean", "lo", "hi"}) {
    ASSERT_TRUE(estimate.contains(part)) << part << " in " << estimate.dump();
    EXPECT_TRUE(estimate.at(part).is_number()) << part << " in " << estimate.dump();
  }
  if (estimate.contains("lo") && estimate.contains("hi") && estimate.contains("mean")) {
    EXPECT_LE(estimate.at("lo").get<double>(), estimate.at("mean").get<double>());
    EXPECT_LE(estimate.at("mean").get<double>(), estimate.at("hi").get<double>());
  }
}

void expect_series(const json& monthly, const std::string& key, std::size_t months) {
  SCOPED_TRACE(key);
  ASSERT_TRUE(monthly.contains(key)) << monthly.dump();
  for (const char* part : {"mean", "lo", "hi"}) {
    ASSERT_TRUE(monthly.at(key).contains(part)) << part;
    const json& values = monthly.at(key).at(part);
    ASSERT_TRUE(values.is_array()) << part;
    EXPECT_EQ(values.size(), months) << part;
    for (const json& value : values) {
      EXPECT_TRUE(value.is_number()) << part;
    }
  }
}

TEST(EngineReproducibility, ResultsJsonHasEveryKeyTheSpecNames) {
  Scenario scenario = reference_scenario(3000);
  scenario.simulation.months = 12;
  const RunResults results = run(scenario, 2);
  const json file = json::parse(results_json(results));

  ASSERT_TRUE(file.contains("cxsim"));
  EXPECT_EQ(file["cxsim"]["version"], std::string(version()));
  EXPECT_EQ(file["cxsim"]["schema"], 1);

  ASSERT_TRUE(file.contains("scenario"));
  EXPECT_EQ(file["scenario"]["name"], "B2B SaaS evaluation to renewal");
  EXPECT_EQ(file["scenario"]["file"], "test.yaml");
  EXPECT_EQ(file["scenario"]["sha256"], "unhashed");

  ASSERT_TRUE(file.contains("settings"));
  const json& settings = file["settings"];
  EXPECT_EQ(settings["customers"], 3000);
  EXPECT_EQ(settings["population_size"], 1500000);
  EXPECT_EQ(settings["months"], 12);
  EXPECT_EQ(settings["replications"], 1);
  EXPECT_EQ(settings["seed"], 7);
  EXPECT_EQ(settings["confidence"], 0.95);
  EXPECT_EQ(settings["threads"], 2);
  // No uncertain parameter: every interval is the Monte Carlo one, and none is repeated.
  EXPECT_EQ(settings["intervals"], "monte_carlo");
  EXPECT_FALSE(file["variants"][0]["totals"]["retention"].contains("mc_half_width"));

  ASSERT_TRUE(file.contains("variants"));
  const json& variants = file["variants"];
  ASSERT_TRUE(variants.is_array());
  // Baseline, four fixes alone, all together, one named combination.
  ASSERT_EQ(variants.size(), 7u);
  EXPECT_EQ(variants[0]["id"], "baseline");
  EXPECT_EQ(variants[0]["fixes"], json::array());
  EXPECT_EQ(variants[1]["id"], "reliable_activation");
  EXPECT_EQ(variants[1]["fixes"], json::array({"reliable_activation"}));
  EXPECT_EQ(variants[6]["id"], "floor_then_polish");
  EXPECT_EQ(variants[6]["fixes"], json::array({"reliable_activation", "renewal_clarity"}));

  const std::vector<std::string> journey{"website",        "trial_signup", "onboarding_email",
                                         "first_value",    "support",      "invoice",
                                         "renewal_notice", "renewal"};
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const json& variant = variants[v];
    ASSERT_TRUE(variant.contains("id"));
    SCOPED_TRACE(variant["id"].get<std::string>());
    ASSERT_TRUE(variant.contains("fixes"));
    EXPECT_TRUE(variant["fixes"].is_array());

    ASSERT_TRUE(variant.contains("totals"));
    for (const char* total : {"retention", "revenue", "npv", "cost_to_serve", "referrals", "nps"}) {
      expect_estimate(variant["totals"], total);
    }

    ASSERT_TRUE(variant.contains("monthly"));
    for (const char* series : {"alive", "revenue", "npv"}) {
      expect_series(variant["monthly"], series, 12);
    }

    ASSERT_TRUE(variant.contains("touchpoints"));
    for (const std::string& id : journey) {
      SCOPED_TRACE(id);
      ASSERT_TRUE(variant["touchpoints"].contains(id)) << variant["touchpoints"].dump();
      for (const char* metric : {"events", "failures", "csat", "ces"}) {
        expect_estimate(variant["touchpoints"][id], metric);
      }
    }
    const bool adds_rescue = std::find(variant["fixes"].begin(), variant["fixes"].end(),
                                       "activation_outreach") != variant["fixes"].end();
    EXPECT_EQ(variant["touchpoints"].contains("activation_rescue"), adds_rescue);

    if (v == 0) {
      EXPECT_FALSE(variant.contains("vs_baseline"));
      continue;
    }
    ASSERT_TRUE(variant.contains("vs_baseline"));
    const json& vs = variant["vs_baseline"];
    for (const char* delta : {"delta_retention", "delta_customers", "delta_revenue",
                              "delta_cost_to_serve", "delta_npv"}) {
      expect_estimate(vs, delta);
    }
    expect_estimate(vs, "cost_pv");
    EXPECT_GT(vs["cost_pv"]["mean"].get<double>(), 0.0);  // every fix of the reference one costs
    expect_estimate(vs, "net_value");
    expect_estimate(vs, "roi");
    ASSERT_TRUE(vs.contains("payback_month"));
    EXPECT_TRUE(vs["payback_month"].is_null() || vs["payback_month"].is_number_integer());
    // One replication: there is no spread across replications to report.
    for (const char* across : {"p_roi_positive", "roi_quantiles", "delta_npv_quantiles"}) {
      ASSERT_TRUE(vs.contains(across)) << across;
      EXPECT_TRUE(vs[across].is_null()) << across;
    }
  }

  ASSERT_TRUE(file.contains("performance"));
  const json& performance = file["performance"];
  ASSERT_TRUE(performance.contains("seconds"));
  EXPECT_TRUE(performance["seconds"].is_number());
  EXPECT_GE(performance["seconds"].get<double>(), 0.0);
  ASSERT_TRUE(performance.contains("customer_months"));
  EXPECT_GT(performance["customer_months"].get<std::uint64_t>(), 0u);
  ASSERT_TRUE(performance.contains("interactions"));
  EXPECT_GT(performance["interactions"].get<std::uint64_t>(), 0u);

  // Without performance, the thread count and the performance block are left out.
  const json bare = json::parse(results_json(results, false));
  EXPECT_FALSE(bare.contains("performance"));
  EXPECT_FALSE(bare["settings"].contains("threads"));
}

TEST(EngineReproducibility, TotalRetentionIsTheLastMonthlyAliveShare) {
  const RunResults results = run(busy_scenario("ewma"), 2);
  const json file = json::parse(results_json(results));
  ASSERT_EQ(file["variants"].size(), results.variants.size());
  ASSERT_FALSE(results.variants.empty());
  for (std::size_t v = 0; v < results.variants.size(); ++v) {
    const VariantResult& variant = results.variants[v];
    SCOPED_TRACE(variant.id);
    ASSERT_EQ(variant.alive().mean.size(), 8u);
    EXPECT_EQ(variant.retention().mean, variant.alive().mean.back());
    EXPECT_EQ(variant.retention().lo, variant.alive().lo.back());
    EXPECT_EQ(variant.retention().hi, variant.alive().hi.back());
    EXPECT_GT(variant.retention().mean, 0.0);
    EXPECT_LT(variant.retention().mean, 1.0);
    const json& written = file["variants"][v];
    EXPECT_EQ(written["totals"]["retention"]["mean"].get<double>(),
              written["monthly"]["alive"]["mean"].back().get<double>());
    EXPECT_EQ(written["totals"]["retention"]["mean"].get<double>(), variant.retention().mean);
  }
}

// A run grown in rounds (Simulation) as results, summarized as a fresh run of its settings.
std::string grown_results(const Simulation& simulation) {
  return results_json(
      summarize(simulation.scenario(), {"grown", "test.yaml", "unhashed"}, simulation.output(), 2),
      false);
}

std::string fresh_results(const Scenario& scenario, const DriverOptions& options) {
  const SimulationOutput output = simulate(scenario, standard_variants(scenario), options);
  return results_json(summarize(scenario, {"grown", "test.yaml", "unhashed"}, output, 2), false);
}

// One replication of busy_scenario: the figures come from the blocks of customers.
Scenario one_replication(std::int64_t customers) {
  Scenario scenario = busy_scenario("ewma");
  scenario.simulation.replications = 1;
  scenario.simulation.customers = customers;
  return scenario;
}

TEST(GrowingRun, WithAFixedBlockSizeDividingEachRoundItIsAFreshRunOfNPrimeBitForBit) {
  DriverOptions options;
  options.threads = 2;
  options.block_customers = 7;
  Simulation grown(one_replication(700), standard_variants(one_replication(700)), options);
  grown.add_customers(1400);  // every round but the last ends on a block boundary
  grown.add_customers(2999);
  EXPECT_EQ(grown.scenario().simulation.customers, 2999);
  EXPECT_TRUE(same_bytes(fresh_results(one_replication(2999), options), grown_results(grown)));
}

TEST(GrowingRun, AddsEachCustomerOnceInRoundsOfTheirOwnBlockSize) {
  const Scenario start = one_replication(1000);
  DriverOptions options;
  options.threads = 2;
  Simulation grown(start, standard_variants(start), options);
  grown.add_customers(1000);  // no more customers: nothing to add
  grown.add_customers(5000);
  const SimulationOutput fresh = simulate(one_replication(5000), standard_variants(start), options);
  const SimulationOutput& output = grown.output();
  // The same customers' lives: the same counts, the same estimates but for rounding.
  EXPECT_EQ(output.customer_months, fresh.customer_months);
  EXPECT_EQ(output.interactions, fresh.interactions);
  const BlockStatistic& npv =
      output.statistics.statistic(figure_index(FigureSection::totals, "npv"), 0);
  EXPECT_NEAR(npv.estimate(),
              fresh.statistics.statistic(figure_index(FigureSection::totals, "npv"), 0).estimate(),
              1e-12 * std::abs(npv.estimate()));
  // The first round in blocks of block_size(1000), the second of block_size(5000).
  const std::int64_t first = (1000 + block_size(1000) - 1) / block_size(1000);
  const std::int64_t second = (4000 + block_size(5000) - 1) / block_size(5000);
  EXPECT_EQ(npv.blocks(), first + second);
  EXPECT_EQ(npv.units(), 5000.0);
}

TEST(GrowingRun, IsTheSameForOneAndTwoThreads) {
  const Scenario scenario = busy_scenario("peak_end");  // two replications, uncertain success
  std::vector<std::string> results;
  for (const int threads : {1, 2}) {
    DriverOptions options;
    options.threads = threads;
    Simulation grown(scenario, standard_variants(scenario), options);
    grown.add_customers(4500);
    grown.add_replications(3);
    results.push_back(grown_results(grown));
  }
  EXPECT_TRUE(same_bytes(results[0], results[1]));
}

TEST(GrowingRun, AddedReplicationsAreAFreshRunOfAsManyReplications) {
  Scenario scenario = busy_scenario("ewma");
  DriverOptions options;
  options.threads = 2;
  Simulation grown(scenario, standard_variants(scenario), options);
  grown.add_replications(4);
  scenario.simulation.replications = 4;
  EXPECT_TRUE(same_bytes(fresh_results(scenario, options), grown_results(grown)));
}

TEST(GrowingRun, AReplicationAddedAfterMoreCustomersHasTheRoundsOfTheOthers) {
  // Per replication, a grown run is its rounds' blocks: replication 2, added last, is simulated
  // over the same two rounds as replications 0 and 1, so its figures are those of replication 0
  // and 1 of a run grown the same way, for its own draws.
  const Scenario scenario = busy_scenario("ewma");
  DriverOptions options;
  options.threads = 2;
  options.block_customers = 10;
  Simulation customers_first(scenario, standard_variants(scenario), options);
  customers_first.add_customers(4000);
  customers_first.add_replications(3);
  Scenario three = scenario;
  three.simulation.replications = 3;
  Simulation replications_first(three, standard_variants(three), options);
  replications_first.add_customers(4000);
  for (std::size_t r = 0; r < 3; ++r) {
    SCOPED_TRACE(r);
    const BlockStatistic& a = customers_first.output().replications[r].statistics.statistic(
        figure_index(FigureSection::totals, "npv"), 1);
    const BlockStatistic& b = replications_first.output().replications[r].statistics.statistic(
        figure_index(FigureSection::totals, "npv"), 1);
    EXPECT_EQ(a.estimate(), b.estimate());
    EXPECT_EQ(a.standard_error(), b.standard_error());
    EXPECT_EQ(a.blocks(), b.blocks());
  }
}

}  // namespace
}  // namespace cxsim
