// Every equation of a customer's month (docs/model.md, "A month"), written once for the two
// kernels, which own only the control flow around them: the one-customer kernel
// (customer_kernel.cpp), the reference that replays any single customer, and the kernel in lanes
// (lane_kernel.cpp), which calls each function once a lane, kLanes customers side by side, in loops
// the compiler turns into SIMD instructions. Hence their form: functions of scalars that return
// values, deciding with selects (?:, & and | on bools) rather than branches, so that a loop over
// lanes stays a run of vector instructions; a lane that needs no answer computes one anyway and the
// kernel discards it. Both kernels thereby compute the same bits from the same draws
// (tests/lane_kernel_test.cpp). What the models decide (perception_models.hpp,
// retention_models.hpp) the kernels ask the model the run names; what is counted of a month is
// counted here, into a BlockTotals.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "engine/block_totals.hpp"
#include "engine/effort_tally.hpp"
#include "engine/random_streams.hpp"
#include "model/compiled_run.hpp"
#include "model/retention_models.hpp"
#include "model/survey_answers.hpp"

namespace cxsim {

// Where a customer's journey starts, in every variant: its segment's initial perception P₀ and
// trust T₀, not yet expanded (m = 1).
struct JourneyStart {
  double perception;
  double trust;
  double expansion;
};

inline JourneyStart journey_start(const CompiledSegment& segment) {
  return {segment.initial_perception, segment.initial_trust, 1.0};
}

// Between months perception fades towards the segment's initial perception P₀:
// P ← P + fade·(P₀ − P).
inline double faded(double perception, double initial_perception, double fade) {
  return perception + fade * (initial_perception - perception);
}

// A month's revenue r·m: the customer's monthly revenue r, times what it has expanded by, m.
inline double month_revenue(double monthly_revenue, double expansion) {
  return monthly_revenue * expansion;
}

// What the draws of the kernel's touchpoint j are keyed by: the run's touchpoint it is, so that a
// segment's own copy of a touchpoint draws what the touchpoint would (common random numbers
// whatever the segment's parameters there).
inline std::uint32_t draw_index(const CompiledRun& run, int j) {
  return static_cast<std::uint32_t>(run.run_touchpoint[static_cast<std::size_t>(j)]);
}

// Whether customers of the segment at place `segment` in the run's segments meet the kernel's
// touchpoint j.
inline bool segment_meets(const CompiledRun& run, int j, int segment) {
  return ((run.segments_meeting[static_cast<std::size_t>(j)] >> segment) & 1U) != 0;
}

// How strongly a segment feels each layer of an experience.
struct LayerSensitivity {
  double functional = 1.0;
  double emotional = 1.0;
  double sensory = 1.0;
};

inline LayerSensitivity layer_sensitivity(const CompiledSegment& segment) {
  return {segment.functional_sensitivity, segment.emotional_sensitivity,
          segment.sensory_sensitivity};
}

// The experience x of an interaction, from its outcome (success, delay), the normal
// noise of its tone and polish, and the customer's trust T before it:
//   F = φ·(1 − effort) on success, −(1 − recovery·R_max) on failure;
//   E = clip(tone + sd·z₁), S = clip(polish + sd·z₂);
//   floor = clip((T − f₀)/(1 − f₀), 0, 1), gate = 1 on success, g on failure;
//   x = s_F·k_F·F + gate·floor·(s_E·k_E·E + s_S·k_S·consistency·S)
//       − [delayed]·δ·(1 − communication),
// s the segment's layer sensitivities and k its factors at this touchpoint (1 unless the segment
// has its own there; a factor of 1 leaves the product's bits as they are).
inline double interaction_experience(const InteractionParameters& p, const StackParameters& stack,
                                     const LayerSensitivity& sensitivity, double trust,
                                     bool success, bool delayed, double tone_noise,
                                     double polish_noise) {
  const double emotional = std::clamp(p.tone + p.tone_sd * tone_noise, -1.0, 1.0);
  const double sensory = std::clamp(p.polish + p.polish_sd * polish_noise, -1.0, 1.0);
  const double functional = success ? stack.success_value * (1.0 - p.effort)
                                    : -(1.0 - p.recovery * stack.recovery_ceiling);
  const double floor =
      std::clamp((trust - stack.trust_floor) / (1.0 - stack.trust_floor), 0.0, 1.0);
  const double gate = success ? 1.0 : stack.failure_gate;
  return sensitivity.functional * p.functional_sensitivity * functional +
         gate * floor *
             (sensitivity.emotional * p.emotional_sensitivity * emotional +
              sensitivity.sensory * p.sensory_sensitivity * p.consistency * sensory) -
         (delayed ? stack.delay_penalty * (1.0 - p.communication) : 0.0);
}

// Trust after an interaction: T ← T + τ·([success] − T).
inline double trust_after(double trust, bool success, const StackParameters& stack) {
  return trust + stack.trust_rate * ((success ? 1.0 : 0.0) - trust);
}

// Whether a failed interaction, drawn as u₀ ≥ p_s, makes the customer leave at once. Given the
// failure, (1 − u₀)/(1 − p_s) is uniform again: the defection draw costs nothing, and a fix that
// raises p_s keeps, among its failures, the baseline's defectors. It is asked of successes too,
// whose answer is discarded: with p_s = 1 they divide by 1, not by 0, and raise no
// floating-point exception a host could see.
inline bool defects_after_failure(double u0, const InteractionParameters& p,
                                  double defect_on_failure) {
  const double failure_share = 1.0 - p.success;
  return (1.0 - u0) / (failure_share > 0.0 ? failure_share : 1.0) <
         defect_on_failure * (1.0 - p.recovery);
}

// What an interaction comes to for the customer who meets it.
struct InteractionOutcome {
  bool success;
  bool satisfied;     // would rate it CSAT 4 or 5
  bool defects;       // fails, and the customer leaves at once
  double experience;  // x
  double trust;       // T after it
};

// Whether an interaction's CSAT rating has noise of its own, drawn from the rating stream; when
// it has none, nothing is drawn for it and its noise is 0.
inline bool rating_has_noise(const SurveyParameters& survey) {
  return survey.csat_noise > 0.0;
}

// One interaction from its block of draws: a success when u₀ < p_s, a delay when u₁ < p_d,
// tone and polish noise the block's two normals (make_draws, customer_draws.hpp), and the CSAT
// rating's noise the rating stream's normal (0 without rating_has_noise).
inline InteractionOutcome interaction_outcome(
    const InteractionParameters& p, const StackParameters& stack, const SurveyParameters& survey,
    const LayerSensitivity& sensitivity, double trust, double defect_on_failure, double u0,
    double u1, double tone_noise, double polish_noise, double rating_noise) {
  const bool success = u0 < p.success;
  const bool delayed = u1 < p.delay;
  const double experience = interaction_experience(p, stack, sensitivity, trust, success, delayed,
                                                   tone_noise, polish_noise);
  // & rather than &&: no branch in a loop over lanes.
  const bool defects = !success & defects_after_failure(u0, p, defect_on_failure);
  return {success, satisfied(survey, experience, rating_noise), defects, experience,
          trust_after(trust, success, stack)};
}

// Whether an interaction's outcome (success or failure) is one that a touchpoint triggered
// `on` it waits for.
inline bool outcome_triggers(TriggerOutcome on, bool success) {
  return on == TriggerOutcome::any || (on == TriggerOutcome::success) == success;
}

// Whether a trigger whose outcome came fires, on its own draw: u < its probability.
inline bool trigger_fires(double u, const CompiledSchedule& trigger) {
  return u < trigger.probability;
}

// Whether a condition-scheduled touchpoint meets a customer this month: their state meets its
// condition and u (the touchpoint's schedule draw) is below its probability.
inline bool condition_fires(const CompiledSchedule& schedule, double perception, double trust,
                            int tenure, double u) {
  return holds(schedule.condition, perception, trust, tenure) & (u < schedule.probability);
}

// The stage an interaction's outcome moves a customer in `stage` to.
inline int stage_after_outcome(const CompiledSchedule& schedule, int stage, bool success) {
  const int to = success ? schedule.success_stage : schedule.failure_stage;
  return to >= 0 ? to : stage;
}

// The stage a customer in `stage` is in after the month's end: the first transition from it
// whose condition their state meets, their tenure then counting the month just ended, else
// where they are.
inline int stage_after_month(const CompiledRun& run, int stage, double perception, double trust,
                             int tenure) {
  for (const CompiledTransition& transition : run.transitions) {
    if (((transition.from >> stage) & 1U) != 0 &&
        holds(transition.when, perception, trust, tenure)) {
      return transition.to;
    }
  }
  return stage;
}

// Whether a stage's customers meet a touchpoint.
inline bool serves(const CompiledSchedule& schedule, int stage) {
  return ((schedule.stages >> stage) & 1U) != 0;
}

// What a customer's interactions of the month add up to, for its end.
struct MonthSums {
  double effort = 0.0;  // Σ effort e
  double interactions = 0.0;
  double cost = 0.0;  // the month's cost to serve
};

inline MonthSums with_interaction(const MonthSums& sums, const InteractionParameters& p) {
  return {sums.effort + p.effort, sums.interactions + 1.0, sums.cost + p.cost};
}

// X̄, the month's mean effort, 0 in a month without interactions (divided by 1 there, so that no
// lane divides 0 by 0).
inline double mean_effort(const MonthSums& sums) {
  const bool any = sums.interactions > 0.0;
  return any ? sums.effort / (any ? sums.interactions : 1.0) : 0.0;
}

// Whether a customer who stays expands this month: u < clip(rate·(1 + P), 0, 1).
inline bool expands(double u, double expansion_rate, double perception) {
  return u < std::clamp(expansion_rate * (1.0 + perception), 0.0, 1.0);
}

// The settings a month's end reads, copied out of the run: in a loop over lanes, a copy is what
// lets the compiler see that no lane's store changes them.
struct MonthEndSettings {
  double promoter_threshold;
  double referral_rate;
  double referral_value;
  double expansion_rate;
  double expansion_uplift;
  RetentionParameters retention;
};

inline MonthEndSettings month_end_settings(const CompiledRun& run) {
  return {.promoter_threshold = run.promoter_threshold,
          .referral_rate = run.referral_rate,
          .referral_value = run.referral_value,
          .expansion_rate = run.expansion_rate,
          .expansion_uplift = run.expansion_uplift,
          .retention = run.retention};
}

// How a month ends for a customer still here at its end, its perception P already ended by the
// perception model.
struct MonthEnd {
  bool survives;     // to the next month
  double expansion;  // m, for the next month
  double referral;   // the value of a referral made this month, 0 without one
};

// From the month-end block: the survival draw ln(−ln u₀) against the retention model's
// log-hazard (retention_models.hpp); expansion by the uplift, m ← m·(1 + uplift), for a
// survivor who expands (u₁); a referral by a promoter (P ≥ threshold) when u₂ < the referral
// rate.
template <typename Retention>
inline MonthEnd month_end(const MonthEndSettings& settings, double log_hazard, double perception,
                          const MonthSums& sums, double expansion, double survival_draw,
                          double expansion_u, double referral_u) {
  const bool survives =
      survival_draw >
      Retention::log_hazard(log_hazard, perception, mean_effort(sums), settings.retention);
  const bool grows = survives & expands(expansion_u, settings.expansion_rate, perception);
  const bool refers =
      (perception >= settings.promoter_threshold) & (referral_u < settings.referral_rate);
  return {survives, grows ? expansion * (1.0 + settings.expansion_uplift) : expansion,
          refers ? settings.referral_value : 0.0};
}

// Whether a survivor of `month` has a terminal value: after the last month, in a run with one.
inline bool values_past_horizon(const CompiledRun& run, int month) {
  return run.terminal_value.enabled && month == run.months - 1;
}

// What a customer still here after the last month is worth past the horizon
// (docs/model.md#value-past-the-horizon): their month's value v = r·m·margin − c, c the expected
// cost to serve a month there in the variant for their segment and their stage at the horizon, in
// each month H + k of the run-off (k = 0 … M − 1), kept with s^k, s = exp(−exp(η)) the survival of
// the last month's log-hazard η held, and discounted by (1 + d)^(H+k+1): v·discount[H−1]·(1/(1 +
// d))·Σ_k (s/(1 + d))^k. Asked of one customer at a time, in both kernels: the library's exp, as
// draw_customer's, is no SIMD instruction.
template <typename Retention>
inline double terminal_value(const CompiledRun& run, int variant, int segment, int stage,
                             double log_hazard, double perception, const MonthSums& sums,
                             double monthly_revenue, double expansion, double gross_margin) {
  const double survival = std::exp(
      -std::exp(Retention::log_hazard(log_hazard, perception, mean_effort(sums), run.retention)));
  const double month_discount = run.discount[0];  // 1/(1 + d)
  const double value = month_revenue(monthly_revenue, expansion) * gross_margin -
                       run.terminal_value.monthly_cost[static_cast<std::size_t>(
                           (variant * static_cast<int>(run.segments.size()) + segment) *
                               static_cast<int>(run.stages.size()) +
                           stage)];
  return value * run.discount.back() * month_discount *
         run_off_sum(survival * month_discount, run.terminal_value.run_off_months);
}

// Whether month t has a survey.
inline bool survey_month(const CompiledRun& run, int month) {
  return run.survey_month[static_cast<std::size_t>(month)];
}

// Whether a customer still here at the end of a survey month answers it: when u₃ of the
// month-end block is below the response rate.
inline bool responds_to_survey(const CompiledRun& run, double u3) {
  return u3 < run.survey_response_rate;
}

// A customer's survey answer, its noise drawn from the customer's own survey stream, into the
// NPS of `variant` in `month`.
inline void count_survey_answer(BlockTotals& totals, int variant, const CompiledRun& run,
                                const CustomerStreams& streams, int month, double perception) {
  const Uniforms noise = streams.uniforms(Stream::survey, static_cast<std::uint32_t>(month));
  const int answer =
      likelihood_to_recommend(run.survey, perception, standard_normals(noise[0], noise[1])[0]);
  totals.monthly(variant, MonthlyMetric::nps_net, month) += net_promoter_score(answer);
  totals.monthly(variant, MonthlyMetric::nps_answers, month) += 1.0;
}

// A customer of segment `segment` who leaves in `month` (churns at its end or defects during it),
// into its segment's retention.
// Only a customer of the initial base counts: the segment's retention is that of the base.
inline void count_departure(BlockTotals& totals, int variant, int segment, int month,
                            int join_month) {
  if (join_month == 0) {
    totals.segment_departures(variant, segment, month) += 1.0;
  }
}

// An interaction with the kernel's touchpoint j met by `met` customers at once (one, or a batch's
// lanes), `failing` of them failing it and `satisfied_count` of them satisfied, into the figures
// of the run's touchpoint it is. The counts are whole numbers: added in any grouping, they sum
// to the same bits.
inline void count_interactions(const CompiledRun& run, BlockTotals& totals, EffortTally& effort,
                               int variant, int month, int j, int met, int failing,
                               int satisfied_count) {
  const int counted = run.run_touchpoint[static_cast<std::size_t>(j)];
  totals.interactions += static_cast<std::uint64_t>(met);
  totals.touchpoint(variant, counted, TouchpointMetric::events) += met;
  totals.touchpoint(variant, counted, TouchpointMetric::failures) += failing;
  totals.touchpoint(variant, counted, TouchpointMetric::satisfied) += satisfied_count;
  effort.count(variant, month, j, met);
}

// The monthly figures of one variant and month, held apart from the block's totals while
// customers are counted into them and stored back by store(): the kernel in lanes counts a
// batch's lanes in a row, each addition waiting on a register, not on the last one's store.
// Counted in customer order, they are the bits counting straight into the totals gives.
class MonthTally {
 public:
  // For customers of the cohort that joined in `join_month` (0: the initial base).
  MonthTally(const CompiledRun& run, BlockTotals& totals, int variant, int month, int join_month)
      : discount_(run.discount[static_cast<std::size_t>(month)]),
        alive_(totals.monthly(variant, MonthlyMetric::alive, month)),
        revenue_(totals.monthly(variant, MonthlyMetric::revenue, month)),
        value_(totals.monthly(variant, MonthlyMetric::value, month)),
        cost_(totals.monthly(variant, MonthlyMetric::cost_to_serve, month)),
        referral_(totals.monthly(variant, MonthlyMetric::referral_value, month)),
        terminal_(totals.monthly(variant, MonthlyMetric::terminal_value, month)),
        by_cohort_(run.by_cohort),
        cohort_value_(totals.cohort_value(variant, join_month, month)),
        cohort_alive_total_(totals.cohort_alive(variant, join_month)),
        last_month_(month == run.months - 1),
        customer_months_total_(totals.customer_months) {}

  // A customer here at the month's start, with its month's revenue, gross margin, cost to serve
  // and referral value, whether it survives to the next, and its terminal value (0 but for a
  // survivor of the last month, with a terminal value): it is worth, discounted,
  // (revenue·margin − cost + referral)·discount.
  void count(bool survives, double revenue, double gross_margin, double cost, double referral,
             double terminal) {
    alive_.sum += survives ? 1.0 : 0.0;
    revenue_.sum += revenue;
    const double value = (revenue * gross_margin - cost + referral) * discount_;
    value_.sum += value;
    if (by_cohort_) {
      cohort_alive_ += survives ? 1.0 : 0.0;
      cohort_value_.sum += value;
    }
    cost_.sum += cost;
    referral_.sum += referral;
    terminal_.sum += terminal;
    customer_months_ += 1;
  }

  void store() const {
    for (const Held* held :
         {&alive_, &revenue_, &value_, &cost_, &referral_, &terminal_, &cohort_value_}) {
      held->total = held->sum;
    }
    if (by_cohort_ && last_month_) {
      cohort_alive_total_ += cohort_alive_;
    }
    customer_months_total_ += customer_months_;
  }

 private:
  // A total of the block and its sum so far, which starts from it.
  struct Held {
    explicit Held(double& of) : total(of), sum(of) {}
    double& total;
    double sum;
  };

  const double discount_;
  Held alive_;
  Held revenue_;
  Held value_;
  Held cost_;
  Held referral_;
  Held terminal_;
  const bool by_cohort_;
  Held cohort_value_;
  double& cohort_alive_total_;
  double cohort_alive_ = 0.0;
  const bool last_month_;
  std::uint64_t& customer_months_total_;
  std::uint64_t customer_months_ = 0;
};

}  // namespace cxsim
