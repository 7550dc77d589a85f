// What the kernel runs on: one replication's parameters, every variant's touchpoint parameters
// month by month (fixes applied with their start month and ramp), as flat tables of numbers. No
// strings, maps or allocation are left for the kernel to meet. Plain data: compilation.hpp makes
// it from a scenario, and every parameter is compile_run's, from the scenario: defaults are the
// scenario's (scenario.hpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "model/baseline_hazard.hpp"
#include "model/perception_models.hpp"
#include "model/retention_models.hpp"
#include "model/state_condition.hpp"
#include "model/survey_answers.hpp"
#include "model/trigger_outcome.hpp"

namespace cxsim {

// Touchpoints a run may hold (journey and added ones together): a trigger's draw names the
// dependent touchpoint in the stream's 8-bit detail (random_streams.hpp).
inline constexpr int kMaxTouchpoints = 255;
// Interactions of one touchpoint in one month, numbered in a 64-bit mask of delayed triggers; a
// Poisson count is cut here (validation keeps rates far below it).
inline constexpr int kMaxOccurrences = 64;
// Stages of a relationship, a bit each in a touchpoint's 64-bit mask of the stages it serves.
inline constexpr std::size_t kMaxStages = 64;
// Sources of the triggers that wait for all of theirs, a bit each in a customer's 64-bit record of
// the outcomes seen.
inline constexpr std::size_t kMaxJoinedSources = 64;
// Segments a run may hold: the segments that meet a touchpoint are bits of a 64-bit word.
inline constexpr int kMaxSegments = 64;

// The parameters of one interaction (docs/model.md#one-interaction), one touchpoint in one
// variant and month.
struct InteractionParameters {
  double success = 0.0;
  double effort = 0.0;
  double delay = 0.0;
  double tone = 0.0;
  double tone_sd = 0.0;
  double recovery = 0.0;
  double communication = 0.0;
  double polish = 0.0;
  double polish_sd = 0.0;
  double consistency = 0.0;
  double weight = 0.0;
  double cost = 0.0;
  // Factors on the segment's layer sensitivities here: 1 but where a segment has its own
  // (docs/model.md#journeys-per-segment).
  double functional_sensitivity = 1.0;
  double emotional_sensitivity = 1.0;
  double sensory_sensitivity = 1.0;
  bool active = true;  // false for a touchpoint added by a fix not (yet) in force
};

enum class ScheduleKind : std::uint8_t { fixed, poisson, trigger, condition };

// When a touchpoint happens, and for whom (docs/model.md#the-schedule-of-touchpoints,
// #stages-and-conditions).
struct CompiledSchedule {
  ScheduleKind kind = ScheduleKind::fixed;
  double rate = 0.0;                        // poisson
  double probability_of_none = 1.0;         // poisson: e^(−rate)
  TriggerOutcome on = TriggerOutcome::any;  // trigger
  double probability = 1.0;                 // trigger, condition
  int delay = 0;                            // trigger
  // A trigger that waits for all its sources: the bits of its sources in a customer's record of
  // outcomes seen, and its own bit in the record of such triggers already fired (it fires once).
  std::uint64_t joined_sources = 0;
  std::uint64_t joined_bit = 0;
  // condition; a trigger fires only for customers whose state meets it (unless written, it
  // holds for everyone)
  StateCondition condition;
  std::uint64_t stages = ~std::uint64_t{0};  // bit s: customers in stage s meet it
  int success_stage = -1;                    // where a success moves the customer; −1: nowhere
  int failure_stage = -1;
};

struct CompiledStage {
  bool revenue = true;
  bool ends_relationship = false;
};

struct CompiledTransition {
  std::uint64_t from = ~std::uint64_t{0};  // bit s: from stage s
  int to = 0;
  StateCondition when;
};

struct CompiledSegment {
  double cumulative_share = 1.0;   // segment i is drawn when u < cumulative_share of i
  BaselineHazard baseline_hazard;  // of constant θ, or sBG θ ~ Beta(alpha, beta + tenure)
  BaselineHazard joiner_hazard;    // of a customer who joins later: sBG at tenure 0
  double revenue_mean = 0.0;
  double log_revenue_mu = 0.0;  // lognormal revenue: exp(mu + sigma·z)
  double log_revenue_sigma = 0.0;
  double gross_margin = 0.0;
  double functional_sensitivity = 0.0;
  double emotional_sensitivity = 0.0;
  double sensory_sensitivity = 0.0;
  double initial_perception = 0.0;
  double initial_trust = 0.0;
};

// A segment's customers who join at the start of one month after month 0
// (docs/model.md#acquisition), numbered [first, first + count): after the initial base
// [0, base), cohort after cohort, by month and then segment.
struct CompiledCohort {
  int join_month = 0;
  int segment = 0;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

// Perception settings (docs/model.md#one-interaction, #perception-models) that are the engine's,
// whatever the perception model.
struct StackParameters {
  double success_value = 0.0;     // φ
  double recovery_ceiling = 0.0;  // R_max
  double trust_floor = 0.0;       // f₀
  double failure_gate = 0.0;      // g on failure
  double delay_penalty = 0.0;     // δ
  double trust_rate = 0.0;        // τ
  double fade = 0.0;
};

// Value past the horizon (docs/model.md#value-past-the-horizon): each customer still here after
// the last month is worth their month's value held over a run-off of M months, kept each month
// with the survival of their hazard at the horizon and discounted.
struct TerminalValueParameters {
  bool enabled = false;
  int run_off_months = 0;  // M; 0: without end
  // [(variant · segments + segment) · stages + stage]: the expected cost to serve a customer-month
  // past the horizon, from the touchpoints that recur there for a customer of that segment in
  // that stage at the horizon.
  std::vector<double> monthly_cost;
  std::vector<double>
      fix_monthly_cost;  // [variant]: the fixes' monthly cost, which goes on past it
};

// Σ_{k=0…M−1} q^k = (1 − q^M)/(1 − q) for 0 ≤ q ≤ 1, 1/(1 − q) when M is 0 (without end, q < 1).
inline double run_off_sum(double q, int run_off_months) {
  if (run_off_months == 0) {
    return 1.0 / (1.0 - q);
  }
  return q == 1.0 ? static_cast<double>(run_off_months)
                  : (1.0 - std::pow(q, run_off_months)) / (1.0 - q);
}

struct CompiledRun {
  int months = 0;
  int variant_count = 0;
  int touchpoint_count = 0;  // journey first, then each fix's added touchpoints
  // The touchpoints the kernels meet: the run's, then, for each segment with its own parameters
  // at one of them (docs/model.md#journeys-per-segment), a copy that only that segment meets.
  // A copy draws and counts as the touchpoint it copies. The tables below indexed by touchpoint
  // are indexed by these.
  int kernel_touchpoint_count = 0;
  std::vector<int> run_touchpoint;              // [touchpoint]: the run's touchpoint it is
  std::vector<std::uint64_t> segments_meeting;  // [touchpoint]: bit i set when segment i meets it
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  std::size_t perception_model = 0;  // index into PerceptionModels::names
  std::size_t retention_model = 0;   // index into RetentionModels::names

  std::vector<CompiledSegment> segments;
  std::vector<CompiledCohort> cohorts;  // none without acquisition
  // Whether the kernel adds up each cohort's figures (BlockTotals::cohort_*): with acquisition,
  // even in a replication whose draws leave no cohort; without, the run spares their cost.
  bool by_cohort = false;
  std::vector<CompiledSchedule> schedules;          // [touchpoint]
  std::vector<int> dependents_begin;                // [touchpoint + 1]: CSR rows of
  std::vector<int> dependents;                      //   the touchpoints each one triggers,
  std::vector<std::uint64_t> dependent_source_bit;  // and for a joined trigger the source's bit
  // Customers start in stage 0; a scenario without stages has one, which earns revenue.
  std::vector<CompiledStage> stages{CompiledStage{}};
  std::vector<CompiledTransition> transitions;  // in the order they are tried
  // Whether stages move, end or stop revenue, or restrict touchpoints: the kernels keep a
  // customer's stage only then.
  bool staged = false;
  // The touchpoints a month visits, in the run's touchpoint order, each followed by its copies:
  // the fixed schedules due that month,
  // every Poisson one, and every trigger with a delay (it may have fired in an earlier month).
  // A trigger without delay is never visited: its interactions happen when it fires.
  std::vector<int> visits_begin;  // [month + 1]: CSR rows of
  std::vector<int> visits;        //   the touchpoints each month visits
  // Triggers with a delay wait in a ring of `pending_slots` months, a row each.
  int pending_slots = 1;         // a power of two above the longest trigger delay
  int pending_rows = 0;          // the triggers with a delay
  std::vector<int> pending_row;  // [touchpoint]: its row, or −1 when it does not wait
  std::vector<InteractionParameters> interactions;  // [(variant · months + month) · J′ + j]

  PerceptionParameters perception;
  StackParameters stack;
  RetentionParameters retention;
  double defect_on_failure = 0.0;
  double expansion_rate = 0.0;
  double expansion_uplift = 0.0;
  double referral_rate = 0.0;
  double referral_value = 0.0;
  double promoter_threshold = 0.0;
  double survey_response_rate = 0.0;
  SurveyParameters survey;
  std::vector<std::uint8_t> survey_month;  // [month]
  std::vector<double> discount;            // [month]: 1 / (1 + d)^(t+1), d the monthly rate
  std::vector<double> fix_cost;            // [variant · months + month], undiscounted
  TerminalValueParameters terminal_value;

  const InteractionParameters& at(int variant, int month, int touchpoint) const {
    return interactions[static_cast<std::size_t>(
        (variant * months + month) * kernel_touchpoint_count + touchpoint)];
  }
};

}  // namespace cxsim
