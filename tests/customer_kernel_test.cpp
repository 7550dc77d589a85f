// The kernel's month bookkeeping, counted exactly on a journey with no randomness left in it:
// every interaction succeeds, nobody churns, every trigger fires.
#include "reference_kernel/customer_kernel.hpp"

#include <gtest/gtest.h>

#include <string_view>

#include "engine/block_totals.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "engine_fixtures.hpp"
#include "model/compiled_run.hpp"
#include "scenario/variants.hpp"

namespace cxsim {
namespace {

// A monthly pulse whose follow-up comes three months later, so that the last three pulses'
// follow-ups fall after the horizon, and a month-15 kickoff whose reminder would come eight
// months later, also after it; the ring of pending triggers has 16 slots, reused from month 16.
constexpr std::string_view kDelayedTriggers = R"(cxsim: 1
name: delayed triggers
simulation: {customers: 50, months: 20}
segments: [{name: all, retention: {model: constant, monthly_churn: 0}, revenue: {monthly_mean: 1}}]
journey:
  - {id: pulse, when: {every: 1, start: 0}, functional: {success: 1}}
  - {id: follow_up, when: {after: pulse, on: success, probability: 1, delay: 3},
     functional: {success: 1}, cost: 1}
  - {id: kickoff, when: {month: 15}, functional: {success: 1}}
  - {id: reminder, when: {after: kickoff, on: success, probability: 1, delay: 8},
     functional: {success: 1}, cost: 100}
)";

TEST(CustomerKernel, ADelayedTriggerLandsInItsMonthAndNeverPastTheLast) {
  const Scenario scenario = testing::scenario_from_yaml(kDelayedTriggers);
  const CompiledRun run = compile_run(draw_parameters(scenario, 0), standard_variants(scenario), 0);
  ASSERT_EQ(run.pending_slots, 16);  // the reminder's delay of 8, rounded up
  constexpr int kCustomers = 50;
  BlockTotals totals(run.variant_count, run.months, run.touchpoint_count,
                     static_cast<int>(run.segments.size()));
  simulate_customers(run, 0, kCustomers, totals);
  for (int t = 0; t < run.months; ++t) {
    // One follow-up a customer from month 3 on, each costing 1; never a reminder.
    EXPECT_EQ(totals.monthly(0, MonthlyMetric::cost_to_serve, t), t >= 3 ? kCustomers : 0)
        << "month " << t;
    EXPECT_EQ(totals.monthly(0, MonthlyMetric::alive, t), kCustomers) << "month " << t;
  }
  EXPECT_EQ(totals.touchpoint(0, 1, TouchpointMetric::events), kCustomers * (run.months - 3));
  EXPECT_EQ(totals.touchpoint(0, 3, TouchpointMetric::events), 0);
  EXPECT_EQ(totals.touchpoint(0, 0, TouchpointMetric::events), kCustomers * run.months);
}

}  // namespace
}  // namespace cxsim
