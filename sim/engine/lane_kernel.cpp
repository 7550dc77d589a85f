#include "engine/lane_kernel.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/customer_draws.hpp"
#include "engine/effort_tally.hpp"
#include "engine/lane_streams.hpp"
#include "engine/month_equations.hpp"
#include "engine/random_streams.hpp"

namespace cxsim {

namespace {

// Bit l: lane l. A lane is in a step's mask when its customer meets that step; a step's
// arithmetic computes every lane and keeps the results of the lanes in its mask, with selects
// rather than branches, so that its loop over lanes is a run of SIMD instructions.
using Mask = std::uint32_t;
static_assert(kLanes <= 32, "a mask holds a bit a lane");

Mask lane_bit(std::size_t lane, bool set) {
  return Mask{set} << lane;
}
bool in(Mask mask, std::size_t lane) {
  return ((mask >> lane) & 1U) != 0;
}
// A mask as a number a lane (1 or 0), for loops the compiler is to vectorise: a bit picked
// out of a mask by the lane's index is not a SIMD operation.
using LaneFlags = std::array<std::int64_t, kLanes>;
LaneFlags flags_of(Mask mask) {
  LaneFlags flags{};
  for (std::size_t l = 0; l < kLanes; ++l) {
    flags[l] = (mask >> l) & 1U;
  }
  return flags;
}
Mask mask_of(const LaneFlags& flags) {
  Mask mask = 0;
  for (std::size_t l = 0; l < kLanes; ++l) {
    mask |= lane_bit(l, flags[l] != 0);
  }
  return mask;
}

using LaneDraws = BlockDraws<Lanes>;

// A batch's draws, shared by its variants: 32 slots (a month of the reference scenario needs
// a handful).
using LaneDrawTable = DrawTable<LaneDraws, 5>;

// What a variant's journeys are at, lane by lane.
template <typename Perception>
struct VariantLanes {
  Lanes perception{};  // P
  Lanes trust{};       // T
  Lanes expansion{};   // m
  Lanes revenue{};     // this month's, r·m at its start
  // MonthSums, a field an array: a structure a lane would make the loops over lanes scalar.
  Lanes effort{};
  Lanes interactions{};
  Lanes cost{};
  std::array<typename Perception::Month, kLanes> month_state{};
  std::array<int, kLanes> stage{};                  // kept only in a staged run
  std::array<std::uint64_t, kLanes> joined_seen{};  // as in the one-customer kernel
  std::array<std::uint64_t, kLanes> joined_fired{};
  Mask here = 0;      // customers still here at the start of the month
  Mask defected = 0;  // gone this month on a failed interaction
};

// Per block, reused from batch to batch.
template <typename Perception>
struct LaneScratch {
  explicit LaneScratch(const CompiledRun& run)
      : variants(static_cast<std::size_t>(run.variant_count)),
        pending(static_cast<std::size_t>(run.variant_count * run.pending_rows * run.pending_slots)),
        lanes_meeting(static_cast<std::size_t>(run.kernel_touchpoint_count)),
        effort(run) {}

  std::vector<VariantLanes<Perception>> variants;
  // Triggers waiting for their delay, as in the one-customer kernel, a word per lane:
  // [(variant · rows + row) · pending_slots + month mod pending_slots]. Cleared for the next
  // batch only when a trigger was put in it.
  std::vector<std::array<std::uint64_t, kLanes>> pending;
  bool pending_written = false;
  std::vector<Mask> lanes_meeting;  // [touchpoint]: the batch's lanes whose segment meets it
  LaneDrawTable draws;
  EffortTally effort;
};

// kLanes customers of one cohort (fewer in a block's or a cohort's last batch) through every
// variant, month by month from their join month. Each lane meets its steps in the order the
// one-customer kernel meets them: touchpoints in visiting order, occurrences in ascending order,
// triggered touchpoints depth first, so that each lane's arithmetic is that kernel's. Monthly
// sums are added lane by lane, in customer order.
template <typename Perception, typename Retention>
class LaneBatch {
 public:
  LaneBatch(const CompiledRun& run, std::uint32_t first, int customers,
            LaneScratch<Perception>& scratch, BlockTotals& totals)
      : run_(run),
        first_(first),
        streams_(run.seed, run.replication, first),
        scratch_(scratch),
        totals_(totals) {
    const Mask customers_here = ~Mask{0} >> (std::numeric_limits<Mask>::digits - customers);
    for (int l = 0; l < customers; ++l) {
      const auto lane = static_cast<std::size_t>(l);
      const std::uint32_t number = first + lane_u(lane);
      const Customer customer =
          draw_customer(run, CustomerStreams(run.seed, run.replication, number), number);
      join_month_ = customer.join_month;  // the same in every lane
      const CompiledSegment& segment = *customer.segment;
      segment_[lane] = segment_index(run, customer);
      if (join_month_ == 0) {
        totals.segment_customers(segment_[lane]) += 1.0;
      }
      log_hazard_[lane] = customer.log_hazard;
      monthly_revenue_[lane] = customer.monthly_revenue;
      gross_margin_[lane] = segment.gross_margin;
      initial_perception_[lane] = segment.initial_perception;
      sensitivity_[lane] = layer_sensitivity(segment);
      const JourneyStart start = journey_start(segment);
      for (VariantLanes<Perception>& variant : scratch.variants) {
        variant.perception[lane] = start.perception;
        variant.trust[lane] = start.trust;
        variant.expansion[lane] = start.expansion;
      }
    }
    for (VariantLanes<Perception>& variant : scratch.variants) {
      variant.here = customers_here;
      variant.stage.fill(0);
      variant.joined_seen.fill(0);
      variant.joined_fired.fill(0);
    }
    // The lanes whose segment meets each touchpoint: every lane where every segment does.
    const std::uint64_t every_segment = ~std::uint64_t{0} >> (64 - run.segments.size());
    for (int j = 0; j < run.kernel_touchpoint_count; ++j) {
      Mask lanes = customers_here;
      if (run.segments_meeting[static_cast<std::size_t>(j)] != every_segment) {
        lanes = 0;
        for (int l = 0; l < customers; ++l) {
          lanes |= lane_bit(static_cast<std::size_t>(l),
                            segment_meets(run, j, segment_[static_cast<std::size_t>(l)]));
        }
      }
      scratch.lanes_meeting[static_cast<std::size_t>(j)] = lanes;
    }
    if (std::exchange(scratch.pending_written, false)) {
      std::fill(scratch.pending.begin(), scratch.pending.end(),
                std::array<std::uint64_t, kLanes>{});
    }
    totals.cohort_customers(join_month_) += customers;
    if (join_month_ == 0) {
      totals.customers += customers;
    }
  }

  void live() {
    for (month_ = join_month_; month_ < run_.months; ++month_) {
      bool anyone = false;
      for (int v = 0; v < run_.variant_count; ++v) {
        VariantLanes<Perception>& lanes = scratch_.variants[static_cast<std::size_t>(v)];
        if (lanes.here != 0) {
          anyone = true;
          live_month(v, lanes);
        }
      }
      if (!anyone) {
        return;
      }
    }
  }

 private:
  void live_month(int v, VariantLanes<Perception>& s) {
    const double fade = run_.stack.fade;
    if (month_ > join_month_) {
      for (std::size_t l = 0; l < kLanes; ++l) {
        // Lanes no longer here compute too: their numbers are never read again.
        s.perception[l] = faded(s.perception[l], initial_perception_[l], fade);
      }
    }
    for (std::size_t l = 0; l < kLanes; ++l) {
      s.month_state[l] = {};
      s.revenue[l] = month_revenue(monthly_revenue_[l], s.expansion[l]);
      s.effort[l] = 0.0;
      s.interactions[l] = 0.0;
      s.cost[l] = 0.0;
    }
    if (run_.staged) {
      for (std::size_t l = 0; l < kLanes; ++l) {
        s.revenue[l] = stage_of(s, l).revenue ? s.revenue[l] : 0.0;
      }
    }
    s.defected = 0;

    // Schedules run on the tenure, the rest on the calendar.
    const auto schedule_month = static_cast<std::size_t>(tenure());
    const int visits_end = run_.visits_begin[schedule_month + 1];
    for (int visit = run_.visits_begin[schedule_month];
         visit < visits_end && (s.here & ~s.defected) != 0; ++visit) {
      const int j = run_.visits[static_cast<std::size_t>(visit)];
      const CompiledSchedule& schedule = run_.schedules[static_cast<std::size_t>(j)];
      if (schedule.kind == ScheduleKind::trigger) {
        meet_triggered(v, s, j);
        continue;
      }
      if (schedule.kind == ScheduleKind::condition) {
        const Lanes& u = draw(Stream::schedule, draw_index(run_, j)).u[0];
        Mask fires = 0;
        for (std::size_t l = 0; l < kLanes; ++l) {
          fires |=
              lane_bit(l, condition_fires(schedule, s.perception[l], s.trust[l], tenure(), u[l]));
        }
        interact(v, s, j, 0, fires & s.here & ~s.defected);
        continue;
      }
      std::array<int, kLanes> count{};
      int most = 0;
      if (schedule.kind == ScheduleKind::fixed) {
        count.fill(1);
        most = 1;
      } else {
        const Lanes& u = draw(Stream::schedule, draw_index(run_, j)).u[0];
        const Mask meeting = s.here & ~s.defected;
        for (std::size_t l = 0; l < kLanes; ++l) {
          if (in(meeting, l)) {
            count[l] = poisson_count(schedule.rate, schedule.probability_of_none, u[l]);
            most = std::max(most, count[l]);
          }
        }
      }
      for (int k = 0; k < most; ++k) {
        Mask meeting = 0;
        for (std::size_t l = 0; l < kLanes; ++l) {
          meeting |= lane_bit(l, count[l] > k);
        }
        interact(v, s, j, static_cast<std::uint32_t>(k), meeting & s.here & ~s.defected);
      }
    }
    end_month(v, s);
  }

  // A delayed trigger's touchpoint: the occurrences that fired it for some lane, in ascending
  // order, each met by the lanes it fired for.
  void meet_triggered(int v, VariantLanes<Perception>& s, int j) {
    const std::array<std::uint64_t, kLanes> waiting =
        std::exchange(pending(v, j, month_), std::array<std::uint64_t, kLanes>{});
    std::uint64_t fired_anywhere = 0;
    for (std::size_t l = 0; l < kLanes; ++l) {
      fired_anywhere |= in(s.here & ~s.defected, l) ? waiting[l] : 0;
    }
    for (; fired_anywhere != 0; fired_anywhere &= fired_anywhere - 1) {
      const int occurrence = std::countr_zero(fired_anywhere);
      Mask meeting = 0;
      for (std::size_t l = 0; l < kLanes; ++l) {
        meeting |= lane_bit(l, ((waiting[l] >> occurrence) & 1U) != 0);
      }
      interact(v, s, j, static_cast<std::uint32_t>(occurrence), meeting & s.here & ~s.defected);
    }
  }

  // One interaction with touchpoint j (docs/model.md#one-interaction) for the lanes in `meeting`,
  // then the touchpoints its outcome triggers.
  void interact(int v, VariantLanes<Perception>& s, int j, std::uint32_t occurrence, Mask meeting) {
    const InteractionParameters& p = run_.at(v, month_, j);
    const CompiledSchedule& schedule = run_.schedules[static_cast<std::size_t>(j)];
    meeting &= scratch_.lanes_meeting[static_cast<std::size_t>(j)];
    if (run_.staged) {
      for (std::size_t l = 0; l < kLanes; ++l) {
        meeting &= ~lane_bit(l, !serves(schedule, s.stage[l]));
      }
    }
    if (!p.active || meeting == 0) {
      return;
    }
    // A copy, taken before the interaction's draws: the next draw may reuse their slot.
    const Lanes rating_noise =
        rating_has_noise(run_.survey)
            ? draw(Stream::rating, draw_index(run_, j), occurrence).derived[0]
            : Lanes{};
    const LaneDraws& draws = draw(Stream::interaction, draw_index(run_, j), occurrence);
    const LaneUniforms& u = draws.u;
    LaneFlags succeeded_lane{};
    LaneFlags satisfied_lane{};
    LaneFlags defecting_lane{};
    const LaneFlags meets_lane = flags_of(meeting);
    // Copies, so that the compiler sees that no store to a lane changes them (a double stored
    // through one reference may be a parameter read through another): without them the loop
    // stays scalar.
    const InteractionParameters interaction = p;
    const StackParameters stack = run_.stack;
    const SurveyParameters survey = run_.survey;
    const PerceptionParameters perception_parameters = run_.perception;
    const double defect_on_failure = run_.defect_on_failure;
    for (std::size_t l = 0; l < kLanes; ++l) {
      const bool meets = meets_lane[l] != 0;
      const InteractionOutcome outcome = interaction_outcome(
          interaction, stack, survey, sensitivity_[l], s.trust[l], defect_on_failure, u[0][l],
          u[1][l], draws.derived[0][l], draws.derived[1][l], rating_noise[l]);
      double perception = s.perception[l];
      typename Perception::Month month_state = s.month_state[l];
      Perception::experience(perception, month_state, perception_parameters, outcome.experience,
                             interaction.weight);
      const MonthSums sums = with_interaction(month_sums(s, l), interaction);
      s.perception[l] = meets ? perception : s.perception[l];
      s.month_state[l] = meets ? month_state : s.month_state[l];
      s.trust[l] = meets ? outcome.trust : s.trust[l];
      s.effort[l] = meets ? sums.effort : s.effort[l];
      s.interactions[l] = meets ? sums.interactions : s.interactions[l];
      s.cost[l] = meets ? sums.cost : s.cost[l];
      succeeded_lane[l] = outcome.success;
      satisfied_lane[l] = outcome.satisfied;
      defecting_lane[l] = outcome.defects;
    }
    const Mask succeeded = mask_of(succeeded_lane) & meeting;
    const Mask defecting = mask_of(defecting_lane) & meeting;
    count_interactions(run_, totals_, scratch_.effort, v, month_, j, std::popcount(meeting),
                       std::popcount(meeting & ~succeeded),
                       std::popcount(meeting & mask_of(satisfied_lane)));
    Mask ending = 0;
    if (run_.staged) {
      for (Mask moving = meeting; moving != 0; moving &= moving - 1) {
        const auto l = static_cast<std::size_t>(std::countr_zero(moving));
        s.stage[l] = stage_after_outcome(schedule, s.stage[l], in(succeeded, l));
        ending |= lane_bit(l, stage_of(s, l).ends_relationship);
      }
    }
    s.defected |= defecting | ending;
    trigger_dependents(v, s, j, occurrence, meeting & ~(defecting | ending), succeeded);
  }

  void trigger_dependents(int v, VariantLanes<Perception>& s, int j, std::uint32_t occurrence,
                          Mask meeting, Mask succeeded) {
    const int begin = run_.dependents_begin[static_cast<std::size_t>(j)];
    const int end = run_.dependents_begin[static_cast<std::size_t>(j + 1)];
    for (int d = begin; d < end; ++d) {
      meeting &= ~s.defected;  // gone in an earlier dependent's interaction
      const int dependent = run_.dependents[static_cast<std::size_t>(d)];
      const CompiledSchedule& trigger = run_.schedules[static_cast<std::size_t>(dependent)];
      // The lanes met whose outcome it waits for: the successes if it waits for a success, the
      // failures if for a failure.
      // As in the one-customer kernel, only the lanes whose segment meets this copy of it.
      Mask matching = meeting & scratch_.lanes_meeting[static_cast<std::size_t>(dependent)] &
                      ((outcome_triggers(trigger.on, true) ? succeeded : Mask{0}) |
                       (outcome_triggers(trigger.on, false) ? ~succeeded : Mask{0}));
      if (trigger.condition != StateCondition{}) {
        for (std::size_t l = 0; l < kLanes; ++l) {
          matching &=
              ~lane_bit(l, !holds(trigger.condition, s.perception[l], s.trust[l], tenure()));
        }
      }
      if (trigger.joined_bit != 0) {
        matching = completing_joined(
            s, trigger, run_.dependent_source_bit[static_cast<std::size_t>(d)], matching);
      }
      if (matching == 0) {
        continue;
      }
      const Lanes& fires =
          draw(Stream::trigger, draw_index(run_, j), occurrence, draw_index(run_, dependent)).u[0];
      Mask fired = 0;
      for (std::size_t l = 0; l < kLanes; ++l) {
        fired |= lane_bit(l, trigger_fires(fires[l], trigger));
      }
      fired &= matching;
      if (fired == 0) {
        continue;
      }
      if (trigger.delay == 0) {
        interact(v, s, dependent, occurrence, fired);
      } else if (month_ + trigger.delay < run_.months) {
        std::array<std::uint64_t, kLanes>& waiting = pending(v, dependent, month_ + trigger.delay);
        scratch_.pending_written = true;
        for (std::size_t l = 0; l < kLanes; ++l) {
          waiting[l] |= in(fired, l) ? std::uint64_t{1} << occurrence : 0;
        }
      }
    }
  }

  void end_month(int v, VariantLanes<Perception>& s) {
    const Mask staying = s.here & ~s.defected;  // still here at the month's end, to be tested
    Mask survives = 0;
    Lanes referral{};  // of the lanes in `staying`
    if (staying != 0) {
      for (std::size_t l = 0; l < kLanes; ++l) {
        Perception::end_month(s.perception[l], s.month_state[l], run_.perception);
      }
      const LaneDraws& draws = draw(Stream::month_end);
      const LaneUniforms& u = draws.u;
      const MonthEndSettings settings = month_end_settings(run_);
      for (std::size_t l = 0; l < kLanes; ++l) {
        const MonthEnd end =
            month_end<Retention>(settings, log_hazard_[l], s.perception[l], month_sums(s, l),
                                 s.expansion[l], draws.derived[0][l], u[1][l], u[2][l]);
        s.expansion[l] = end.expansion;
        referral[l] = end.referral;
        survives |= lane_bit(l, end.survives);
      }
      survives &= staying;
      if (run_.staged) {
        for (Mask moving = staying; moving != 0; moving &= moving - 1) {
          const auto l = static_cast<std::size_t>(std::countr_zero(moving));
          s.stage[l] =
              stage_after_month(run_, s.stage[l], s.perception[l], s.trust[l], tenure() + 1);
          survives &= ~lane_bit(l, stage_of(s, l).ends_relationship);
        }
      }
      if (survey_month(run_, month_)) {
        answer_survey(v, s, staying, u[3]);
      }
    }

    // Lane by lane, in customer order, as the one-customer kernel counts them. The value past
    // the horizon is asked for in the month that has one alone: with the lanes' maths free of
    // errno, the compiler would otherwise compute it for every lane of every month and discard it.
    MonthTally tally(run_, totals_, v, month_, join_month_);
    const auto count_lanes = [&]<bool kPastHorizon>() {
      for (Mask counted = s.here; counted != 0; counted &= counted - 1) {  // the lanes here
        const auto l = static_cast<std::size_t>(std::countr_zero(counted));
        const bool survived = in(survives, l);
        double terminal = 0.0;
        if constexpr (kPastHorizon) {
          // As in the one-customer kernel, a stage without revenue gives none past the horizon.
          const bool earning = !run_.staged || stage_of(s, l).revenue;
          terminal =
              survived ? terminal_value<Retention>(run_, v, segment_[l], s.stage[l], log_hazard_[l],
                                                   s.perception[l], month_sums(s, l),
                                                   earning ? monthly_revenue_[l] : 0.0,
                                                   s.expansion[l], gross_margin_[l])
                       : 0.0;
        }
        tally.count(survived, s.revenue[l], gross_margin_[l], s.cost[l],
                    in(staying, l) ? referral[l] : 0.0, terminal);
      }
    };
    if (values_past_horizon(run_, month_)) {
      count_lanes.template operator()<true>();
    } else {
      count_lanes.template operator()<false>();
    }
    tally.store();
    for (Mask leaving = s.here & ~survives; leaving != 0; leaving &= leaving - 1) {
      count_departure(totals_, v, segment_[static_cast<std::size_t>(std::countr_zero(leaving))],
                      month_, join_month_);
    }
    s.here = survives;
  }

  // In a survey month, the answers of the lanes in `staying` that respond: rare enough to draw
  // their noise one customer at a time.
  void answer_survey(int v, const VariantLanes<Perception>& s, Mask staying, const Lanes& u) {
    for (; staying != 0; staying &= staying - 1) {
      const auto l = static_cast<std::size_t>(std::countr_zero(staying));
      if (responds_to_survey(run_, u[l])) {
        count_survey_answer(totals_, v, run_,
                            CustomerStreams(run_.seed, run_.replication, first_ + lane_u(l)),
                            month_, s.perception[l]);
      }
    }
  }

  // Of the lanes in `matching`, whose outcome a trigger waiting for all its sources waits for,
  // those whose outcome completes its sources': it fires for them, once.
  static Mask completing_joined(VariantLanes<Perception>& s, const CompiledSchedule& trigger,
                                std::uint64_t source_bit, Mask matching) {
    Mask completing = 0;
    for (; matching != 0; matching &= matching - 1) {
      const auto l = static_cast<std::size_t>(std::countr_zero(matching));
      s.joined_seen[l] |= source_bit;
      const bool complete = (s.joined_seen[l] & trigger.joined_sources) == trigger.joined_sources &&
                            (s.joined_fired[l] & trigger.joined_bit) == 0;
      s.joined_fired[l] |= complete ? trigger.joined_bit : 0;
      completing |= lane_bit(l, complete);
    }
    return completing;
  }

  const CompiledStage& stage_of(const VariantLanes<Perception>& s, std::size_t l) const {
    return run_.stages[static_cast<std::size_t>(s.stage[l])];
  }

  // The whole months the batch's customers have completed at the month's start, as in the
  // one-customer kernel.
  int tenure() const { return month_ - join_month_; }

  static MonthSums month_sums(const VariantLanes<Perception>& s, std::size_t l) {
    return {s.effort[l], s.interactions[l], s.cost[l]};
  }

  std::array<std::uint64_t, kLanes>& pending(int v, int touchpoint, int month) {
    const int row = run_.pending_row[static_cast<std::size_t>(touchpoint)];
    return scratch_.pending[static_cast<std::size_t>(
        (v * run_.pending_rows + row) * run_.pending_slots + (month & (run_.pending_slots - 1)))];
  }

  // A copy would cost more than it saves: the reference stays valid until the next draw.
  const LaneDraws& draw(Stream stream, std::uint32_t index = 0, std::uint32_t occurrence = 0,
                        std::uint32_t detail = 0) {
    const auto month = static_cast<std::uint32_t>(month_);
    return scratch_.draws.get(first_, LaneDrawTable::key(stream, month, index, occurrence, detail),
                              [&](LaneDraws& draws) {
                                make_draws(draws, streams_, stream, month, index, occurrence,
                                           detail);
                              });
  }

  static std::uint32_t lane_u(std::size_t lane) { return static_cast<std::uint32_t>(lane); }

  const CompiledRun& run_;
  const std::uint32_t first_;
  const LaneStreams streams_;
  LaneScratch<Perception>& scratch_;
  BlockTotals& totals_;
  int month_ = 0;
  int join_month_ = 0;                 // the batch's cohort's
  std::array<int, kLanes> segment_{};  // the customer's, by its place in the run's segments
  Lanes log_hazard_{};
  Lanes monthly_revenue_{};
  Lanes gross_margin_{};
  Lanes initial_perception_{};
  std::array<LayerSensitivity, kLanes> sensitivity_{};
};

template <typename Perception, typename Retention>
void simulate_with(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                   BlockTotals& totals) {
  LaneScratch<Perception> scratch(run);
  // Counted from 0 by the customers done, not compared with first + count: the batch after the
  // last may pass 2³².
  for (std::uint32_t done = 0; done < count;) {
    const auto customers = static_cast<std::uint32_t>(std::min<std::uint64_t>(
        {kLanes, count - done, end_of_cohort(run, first + done) - (first + done)}));
    LaneBatch<Perception, Retention>(run, first + done, static_cast<int>(customers), scratch,
                                     totals)
        .live();
    done += customers;
  }
  scratch.effort.add_to(totals);
}

// The models `run` names, then the kernel with them.
void simulate_with_models(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                          BlockTotals& totals) {
  PerceptionModels::dispatch(run.perception_model, [&]<typename Perception>() {
    RetentionModels::dispatch(run.retention_model, [&]<typename Retention>() {
      simulate_with<Perception, Retention>(run, first, count, totals);
    });
  });
}

// The kernel compiled for each instruction set, every call inlined into it (flatten) so that
// all of its loops over lanes use that set's vectors; the recursion of immediate triggers stays
// a call, to the portable code.
[[gnu::flatten]] void simulate_portable(const CompiledRun& run, std::uint32_t first,
                                        std::uint32_t count, BlockTotals& totals) {
  simulate_with_models(run, first, count, totals);
}
#if defined(__x86_64__)
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] void simulate_avx2(const CompiledRun& run,
                                                                   std::uint32_t first,
                                                                   std::uint32_t count,
                                                                   BlockTotals& totals) {
  simulate_with_models(run, first, count, totals);
}
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] void simulate_avx512(const CompiledRun& run,
                                                                     std::uint32_t first,
                                                                     std::uint32_t count,
                                                                     BlockTotals& totals) {
  simulate_with_models(run, first, count, totals);
}
#endif

}  // namespace

std::vector<LaneInstructionSet> lane_instruction_sets() {
  std::vector<LaneInstructionSet> sets{LaneInstructionSet::portable};
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v3")) {
    sets.push_back(LaneInstructionSet::avx2);
  }
  if (__builtin_cpu_supports("x86-64-v4")) {
    sets.push_back(LaneInstructionSet::avx512);
  }
#endif
  return sets;
}

std::string_view name(LaneInstructionSet set) {
  switch (set) {
    case LaneInstructionSet::avx2:
      return "x86-64-v3 (AVX2)";
    case LaneInstructionSet::avx512:
      return "x86-64-v4 (AVX-512)";
    case LaneInstructionSet::portable:
      break;
  }
#if defined(__x86_64__)
  return "portable (x86-64: SSE2)";
#else
  return "portable";
#endif
}

namespace {

const std::vector<LaneInstructionSet>& instruction_sets_here() {
  static const std::vector<LaneInstructionSet> sets = lane_instruction_sets();
  return sets;
}

void simulate_on(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                 BlockTotals& totals, LaneInstructionSet set) {
  switch (set) {
#if defined(__x86_64__)
    case LaneInstructionSet::avx2:
      simulate_avx2(run, first, count, totals);
      return;
    case LaneInstructionSet::avx512:
      simulate_avx512(run, first, count, totals);
      return;
#else
    case LaneInstructionSet::avx2:
    case LaneInstructionSet::avx512:
#endif
    case LaneInstructionSet::portable:
      break;
  }
  simulate_portable(run, first, count, totals);
}

}  // namespace

void simulate_customers_in_lanes(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                                 BlockTotals& totals, LaneInstructionSet set) {
  const std::vector<LaneInstructionSet>& sets = instruction_sets_here();
  if (std::find(sets.begin(), sets.end(), set) == sets.end()) {
    // Its instructions would stop the program with an illegal-instruction signal.
    throw std::invalid_argument("this processor lacks the instruction set " +
                                std::string(name(set)));
  }
  simulate_on(run, first, count, totals, set);
}

void simulate_customers_in_lanes(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                                 BlockTotals& totals) {
  simulate_on(run, first, count, totals, instruction_sets_here().back());
}

}  // namespace cxsim
