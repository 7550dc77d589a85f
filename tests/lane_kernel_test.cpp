// The kernel in lanes must add exactly what the one-customer kernel adds, bit for bit, for every
// shipped scenario, every perception and retention model, and journeys built to reach each of
// its masks: Poisson counts, delayed and immediate triggers on success and failure, defection
// in the middle of a month, and blocks whose last batch is not full. On a difference, the test
// names the first customer whose totals differ, which the one-customer kernel replays alone.
#include "engine/lane_kernel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.hpp"
#include "engine/block_totals.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "model/compiled_run.hpp"
#include "reference_kernel/customer_kernel.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/variants.hpp"

namespace cxsim {
namespace {

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Every number of the two totals, compared bit for bit; the first that differs, described, or
// empty.
std::string first_difference(const CompiledRun& run, const BlockTotals& lanes,
                             const BlockTotals& reference) {
  std::ostringstream out;
  out.precision(17);
  if (!same_bits(lanes.customers, reference.customers) ||
      lanes.customer_months != reference.customer_months ||
      lanes.interactions != reference.interactions) {
    out << "customers, customer-months or interactions: " << lanes.customer_months << " vs "
        << reference.customer_months << ", " << lanes.interactions << " vs "
        << reference.interactions;
    return out.str();
  }
  for (int v = 0; v < run.variant_count; ++v) {
    for (int metric = 0; metric < kMonthlyMetrics; ++metric) {
      for (int t = 0; t < run.months; ++t) {
        const double a = lanes.monthly(v, static_cast<MonthlyMetric>(metric), t);
        const double b = reference.monthly(v, static_cast<MonthlyMetric>(metric), t);
        if (!same_bits(a, b)) {
          out << "variant " << v << ", monthly metric " << metric << ", month " << t << ": " << a
              << " vs " << b;
          return out.str();
        }
      }
    }
    for (int j = 0; j < run.touchpoint_count; ++j) {
      for (int metric = 0; metric < kTouchpointMetrics; ++metric) {
        const double a = lanes.touchpoint(v, j, static_cast<TouchpointMetric>(metric));
        const double b = reference.touchpoint(v, j, static_cast<TouchpointMetric>(metric));
        if (!same_bits(a, b)) {
          out << "variant " << v << ", touchpoint " << j << ", metric " << metric << ": " << a
              << " vs " << b;
          return out.str();
        }
      }
    }
    if (!same_bits(lanes.nps_net(v), reference.nps_net(v)) ||
        !same_bits(lanes.nps_responses(v), reference.nps_responses(v))) {
      out << "variant " << v << ", NPS";
      return out.str();
    }
    for (int segment = 0; segment < static_cast<int>(run.segments.size()); ++segment) {
      for (int t = 0; t < run.months; ++t) {
        if (!same_bits(lanes.segment_departures(v, segment, t),
                       reference.segment_departures(v, segment, t))) {
          out << "variant " << v << ", segment " << segment << ", month " << t << ": departures";
          return out.str();
        }
      }
    }
  }
  for (int segment = 0; segment < static_cast<int>(run.segments.size()); ++segment) {
    if (!same_bits(lanes.segment_customers(segment), reference.segment_customers(segment))) {
      out << "segment " << segment << ": customers";
      return out.str();
    }
  }
  for (int a = 0; a < run.months; ++a) {
    if (!same_bits(lanes.cohort_customers(a), reference.cohort_customers(a))) {
      out << "cohort " << a << ": customers";
      return out.str();
    }
    for (int v = 0; v < run.variant_count; ++v) {
      if (!same_bits(lanes.cohort_alive(v, a), reference.cohort_alive(v, a))) {
        out << "variant " << v << ", cohort " << a << ": alive";
        return out.str();
      }
      for (int t = 0; t < run.months; ++t) {
        if (!same_bits(lanes.cohort_value(v, a, t), reference.cohort_value(v, a, t))) {
          out << "variant " << v << ", cohort " << a << ", month " << t << ": value";
          return out.str();
        }
      }
    }
  }
  return {};
}

// The customers [first, first + count) through both kernels, for every perception and
// retention model and every instruction set this processor has, through every variant or the
// baseline alone; fails naming the first customer the kernels disagree on.
void expect_same_totals(const Scenario& scenario, std::uint32_t replication, std::uint32_t first,
                        std::uint32_t count, bool baseline_only = false) {
  std::vector<Variant> variants = standard_variants(scenario);
  if (baseline_only) {
    variants.resize(1);
  }
  CompiledRun run = compile_run(draw_parameters(scenario, replication), variants, replication);
  for (std::size_t perception = 0; perception < PerceptionModels::names.size(); ++perception) {
    for (std::size_t retention = 0; retention < RetentionModels::names.size(); ++retention) {
      run.perception_model = perception;
      run.retention_model = retention;
      BlockTotals reference(run.variant_count, run.months, run.touchpoint_count,
                            static_cast<int>(run.segments.size()));
      simulate_customers(run, first, count, reference);
      for (const LaneInstructionSet set : lane_instruction_sets()) {
        BlockTotals lanes(run.variant_count, run.months, run.touchpoint_count,
                          static_cast<int>(run.segments.size()));
        simulate_customers_in_lanes(run, first, count, lanes, set);
        const std::string difference = first_difference(run, lanes, reference);
        if (difference.empty()) {
          continue;
        }
        std::uint32_t customer = first;
        for (; customer < first + count; ++customer) {
          BlockTotals one_lane(run.variant_count, run.months, run.touchpoint_count,
                               static_cast<int>(run.segments.size()));
          BlockTotals one_reference(run.variant_count, run.months, run.touchpoint_count,
                                    static_cast<int>(run.segments.size()));
          simulate_customers_in_lanes(run, customer, 1, one_lane, set);
          simulate_customers(run, customer, 1, one_reference);
          if (!first_difference(run, one_lane, one_reference).empty()) {
            break;
          }
        }
        ADD_FAILURE() << name(set) << ", " << PerceptionModels::names[perception] << " / "
                      << RetentionModels::names[retention] << ": " << difference
                      << "; first customer that differs alone: seed " << run.seed
                      << ", replication " << replication << ", customer " << customer
                      << (customer == first + count ? " (none alone: the batching)" : "");
      }
    }
  }
}

class ShippedScenarioInLanes : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(ShippedScenarioInLanes, AddsWhatTheOneCustomerKernelAdds) {
  const ScenarioReading reading = read_scenario_file(GetParam().string());
  ASSERT_TRUE(reading.scenario.has_value());
  for (std::uint32_t replication = 0; replication < 2; ++replication) {
    expect_same_totals(*reading.scenario, replication, 3, 605);  // the last batch has 5 lanes
  }
}

INSTANTIATE_TEST_SUITE_P(Library, ShippedScenarioInLanes,
                         ::testing::ValuesIn(testing::yaml_files("scenarios")), testing::file_stem);

// Every branch of a month at once: a Poisson touchpoint of several interactions a month, whose
// failures trigger an immediate follow-up (itself triggering on success) and a delayed one,
// with a high chance to defect on failure and monthly surveys.
constexpr std::string_view kEveryMask = R"(cxsim: 1
name: every mask
simulation: {customers: 100, months: 14, seed: 11}
segments:
  - {name: a, share: 0.6, retention: {model: sbg, alpha: 0.8, beta: 6},
     revenue: {monthly_mean: 50, monthly_sd: 20}}
  - {name: b, share: 0.4, retention: {model: constant, monthly_churn: 0.02},
     revenue: {monthly_mean: 90}, initial_perception: -0.2}
journey:
  - {id: usage, when: {rate: 2.5}, functional: {success: 0.7, effort: 0.3, delay: 0.2},
     emotional: {tone: 0.1, recovery: 0.2}, cost: 1}
  - {id: help, when: {after: usage, on: failure, probability: 0.7},
     functional: {success: 0.6, effort: 0.5}, cost: 5}
  - {id: thanks, when: {after: help, on: success, probability: 0.5},
     functional: {success: 0.99}, emotional: {tone: 0.5}}
  - {id: check_in, when: {after: usage, on: any, probability: 0.2, delay: 2},
     functional: {success: 0.9}, cost: 2}
  - {id: renewal, when: {every: 6, start: 5}, functional: {success: 0.9, effort: 0.2}}
retention: {defect_on_failure: 0.2}
revenue: {expansion: {rate: 0.05, uplift: 0.1}, referral: {rate: 0.1, value: 100}}
surveys: {nps: {months: [1, 2, 3, 7, 13], response_rate: 0.5}}
fixes:
  - {id: better_usage, changes: [{touchpoint: usage, set: {functional.success: 0.85}}]}
  - {id: later_help, start_month: 4, ramp_months: 3,
     changes: [{touchpoint: help, add: {functional.success: 0.2}}]}
  - id: new_outreach
    add_touchpoints:
      - {id: outreach, when: {month: 2}, functional: {success: 0.95}, emotional: {tone: 0.3}}
)";

TEST(LaneKernel, AddsWhatTheOneCustomerKernelAddsOnEveryMask) {
  const Scenario scenario = testing::scenario_from_yaml(kEveryMask);
  for (std::uint32_t replication = 0; replication < 3; ++replication) {
    expect_same_totals(scenario, replication, 0, 403);
  }
  expect_same_totals(scenario, 0, 4'294'967'290U, 5);  // the last customers a run can have
}

// Delayed triggers on success and on failure, one whose touchpoint triggers another at once and
// one later; a Poisson rate of 20, whose counts pass 32 now and then, so that delayed triggers
// carry occurrence bits above a 32-bit word's; touchpoints of weight 0.
constexpr std::string_view kDelayedChains = R"(cxsim: 1
name: delayed chains
simulation: {customers: 100, months: 12, seed: 5}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.03}, revenue: {monthly_mean: 20}}]
journey:
  - {id: clicks, when: {rate: 20}, functional: {success: 0.9, effort: 0.1}, weight: 0.2}
  - {id: digest, when: {after: clicks, on: success, probability: 0.05, delay: 1},
     functional: {success: 0.8}, weight: 0}
  - {id: complaint, when: {after: clicks, on: failure, probability: 0.5, delay: 2},
     functional: {success: 0.5, effort: 0.6}, cost: 3}
  - {id: callback, when: {after: complaint, on: failure, probability: 0.8},
     functional: {success: 0.7}, cost: 4}
  - {id: survey_mail, when: {after: complaint, on: success, probability: 0.6, delay: 1},
     functional: {success: 0.95}, weight: 0}
retention: {defect_on_failure: 0.05}
fixes:
  - {id: fewer_failures, changes: [{touchpoint: clicks, set: {functional.success: 0.95}}]}
  - {id: better_complaints, changes: [{touchpoint: complaint, set: {functional.success: 0.8}}]}
)";

TEST(LaneKernel, AddsWhatTheOneCustomerKernelAddsOnDelayedChains) {
  const Scenario scenario = testing::scenario_from_yaml(kDelayedChains);
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  ASSERT_EQ(run.pending_rows, 3);  // digest, complaint, survey_mail
  for (std::uint32_t replication = 0; replication < 2; ++replication) {
    expect_same_totals(scenario, replication, 7, 301);
  }
}

// Stages that stop revenue, move on outcomes, perception and tenure, end the relationship mid-month
// and at a month's end; touchpoints for some stages; a condition-scheduled outreach; triggers
// following any and all of several touchpoints, one waiting for all with a delay.
constexpr std::string_view kStagedJourney = R"(cxsim: 1
name: staged journey
simulation: {customers: 100, months: 12, seed: 3}
segments:
  - {name: a, share: 0.5, retention: {model: constant, monthly_churn: 0.02},
     revenue: {monthly_mean: 40, monthly_sd: 10}}
  - {name: b, share: 0.5, retention: {model: sbg, alpha: 1, beta: 8},
     revenue: {monthly_mean: 70}, initial_perception: 0.1,
     touchpoints: {first_deposit: {functional.success: 0.7}, save_desk: {emotional.tone: 0.4}}}
stages:
  - {id: onboarding, revenue: false}
  - {id: active}
  - {id: at_risk}
  - {id: closed, ends_relationship: true}
transitions:
  - {from: onboarding, to: active, when: {tenure_at_least: 3}}
  - {from: active, to: at_risk, when: {perception_below: -0.1}}
  - {from: at_risk, to: active, when: {perception_at_least: 0.05}}
  - {from: at_risk, to: closed, when: {trust_below: 0.3}}
journey:
  - {id: identity_check, when: {months: [0, 1]}, stages: onboarding,
     functional: {success: 0.75}, moves: {success: active}}
  - {id: card, when: {month: 1}, functional: {success: 0.8}, moves: {failure: closed}}
  - {id: first_deposit, when: {after: [identity_check, card], require: all, on: success,
                               delay: 1}, stages: [active]}
  - {id: usage, when: {rate: 2}, stages: [active, at_risk], functional: {success: 0.85}}
  - {id: help, when: {after: [usage, card], on: failure, probability: 0.6}, functional: {success: 0.6}}
  - {id: apology, when: {after: usage, on: any, condition: {trust_below: 0.8}, delay: 1}}
  - {id: outreach, when: {condition: {perception_below: 0.0, tenure_at_least: 2}, probability: 0.4},
     emotional: {tone: 0.5}}
  - {id: save_desk, when: {every: 1}, stages: at_risk, functional: {success: 0.5},
     moves: {success: active}}
retention: {defect_on_failure: 0.1}
fixes:
  - {id: reliable_usage, changes: [{touchpoint: usage, set: {functional.success: 0.95}}]}
  - {id: better_save_desk, start_month: 3, changes: [{touchpoint: save_desk, set: {functional.success: 0.8}}]}
)";

TEST(LaneKernel, AddsWhatTheOneCustomerKernelAddsOnAStagedJourney) {
  const Scenario scenario = testing::scenario_from_yaml(kStagedJourney);
  for (std::uint32_t replication = 0; replication < 2; ++replication) {
    expect_same_totals(scenario, replication, 5, 333);
  }
}

// Journeys per segment: a Poisson touchpoint one segment meets with its own parameters and
// sensitivity, its failures triggering a touchpoint another segment has its own version of,
// which triggers, a month later, a touchpoint one segment alone meets, in its own version; a
// fixed touchpoint two of three segments meet, and one a fix adds for one segment.
constexpr std::string_view kSegmentJourneys = R"(cxsim: 1
name: segment journeys
simulation: {customers: 100, months: 12, seed: 13}
segments:
  - name: small
    share: 0.5
    retention: {model: constant, monthly_churn: 0.03}
    revenue: {monthly_mean: 30}
    touchpoints:
      usage: {functional.success: 0.6, sensitivity: {functional: 1.5}}
      follow_up: {functional.success: 0.5, emotional.tone: -0.3}
  - {name: mid, share: 0.3, retention: {model: sbg, alpha: 0.8, beta: 6},
     revenue: {monthly_mean: 60, monthly_sd: 20}}
  - name: enterprise
    share: 0.2
    retention: {model: constant, monthly_churn: 0.01}
    revenue: {monthly_mean: 500}
    sensitivity: {emotional: 1.2}
    touchpoints:
      help: {functional.success: 0.9, emotional.recovery: 0.7}
      review: {emotional.tone: 0.6, sensitivity: {emotional: 0.5}}
journey:
  - {id: usage, when: {rate: 2}, functional: {success: 0.8, effort: 0.3, delay: 0.2}, cost: 1}
  - {id: help, when: {after: usage, on: failure, probability: 0.7}, functional: {success: 0.6},
     cost: 5}
  - {id: review, segments: [enterprise, mid], when: {every: 3}, functional: {success: 0.95},
     emotional: {tone: 0.2}}
  - {id: follow_up, segments: [small], when: {after: help, on: any, probability: 0.5, delay: 1},
     functional: {success: 0.9}}
retention: {defect_on_failure: 0.1}
surveys: {nps: {months: [2, 5, 11], response_rate: 0.5}}
fixes:
  - {id: better_help, changes: [{touchpoint: help, add: {functional.success: 0.1}}]}
  - id: outreach
    add_touchpoints:
      - {id: outreach, segments: [small], when: {month: 3}, functional: {success: 0.9}}
)";

TEST(LaneKernel, AddsWhatTheOneCustomerKernelAddsOnSegmentJourneys) {
  const Scenario scenario = testing::scenario_from_yaml(kSegmentJourneys);
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  ASSERT_EQ(run.kernel_touchpoint_count, run.touchpoint_count + 4);
  for (std::uint32_t replication = 0; replication < 2; ++replication) {
    expect_same_totals(scenario, replication, 5, 403);
  }
}

TEST(LaneKernel, AddsWhatTheOneCustomerKernelAddsThroughTheBaselineAlone) {
  for (const std::string_view yaml :
       {kEveryMask, kDelayedChains, kStagedJourney, kSegmentJourneys}) {
    expect_same_totals(testing::scenario_from_yaml(yaml), 0, 0, 203, true);
  }
}

TEST(LaneKernel, ReplaysOneCustomerAsTheOneCustomerKernelDoes) {
  const Scenario scenario = testing::scenario_from_yaml(kEveryMask);
  for (std::uint32_t customer = 0; customer < 40; ++customer) {
    expect_same_totals(scenario, 0, customer, 1);
  }
}

// Customers joining every month, of both segments and in cohorts of sizes that cut batches
// short, through schedules that run on each customer's tenure and fixes on the calendar.
TEST(LaneKernel, AddsWhatTheOneCustomerKernelAddsWithAcquisition) {
  Scenario scenario = testing::scenario_from_yaml(kEveryMask);
  scenario.population.size = 1000;
  scenario.segments[0].acquisition = Acquisition{{Number{230.0}}, false, Number{0.1}};
  scenario.segments[1].acquisition =
      Acquisition{{Number{70.0}, Number{0.0}, Number{400.0}, Number{10.0}}, true, Number{0.0}};
  for (std::uint32_t replication = 0; replication < 2; ++replication) {
    const CompiledRun run =
        compile_run(draw_parameters(scenario, replication), standard_variants(scenario), 0);
    ASSERT_EQ(run.cohorts.size(), 13U + 3U);
    const CompiledCohort& last = run.cohorts.back();
    expect_same_totals(scenario, replication, 0, last.first + last.count);
    expect_same_totals(scenario, replication, 117, 45);  // from the base into the first cohorts
  }
}

TEST(LaneKernel, ListsThePortableInstructionSetFirst) {
  const std::vector<LaneInstructionSet> sets = lane_instruction_sets();
  ASSERT_FALSE(sets.empty());
  EXPECT_EQ(sets.front(), LaneInstructionSet::portable);
}

// Asked for an instruction set this processor lacks, the kernel refuses rather than stopping
// the program on an illegal instruction; a processor with all three skips this, saying so.
TEST(LaneKernel, RefusesAnInstructionSetThisProcessorLacks) {
  const std::vector<LaneInstructionSet> sets = lane_instruction_sets();
  const Scenario scenario = testing::scenario_from_yaml(kEveryMask);
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  bool lacks_one = false;
  for (const LaneInstructionSet set : {LaneInstructionSet::avx2, LaneInstructionSet::avx512}) {
    if (std::find(sets.begin(), sets.end(), set) == sets.end()) {
      lacks_one = true;
      BlockTotals totals(run.variant_count, run.months, run.touchpoint_count,
                         static_cast<int>(run.segments.size()));
      EXPECT_THROW(simulate_customers_in_lanes(run, 0, 1, totals, set), std::invalid_argument)
          << name(set);
    }
  }
  if (!lacks_one) {
    GTEST_SKIP() << "this processor has every instruction set; the comparisons above ran on all";
  }
}

}  // namespace
}  // namespace cxsim
