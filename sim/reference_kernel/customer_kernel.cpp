#include "reference_kernel/customer_kernel.hpp"

#include <algorithm>
#include <bit>
#include <utility>
#include <vector>

#include "engine/customer_draws.hpp"
#include "engine/effort_tally.hpp"
#include "engine/month_equations.hpp"
#include "engine/random_streams.hpp"

namespace cxsim {

namespace {

using Draws = BlockDraws<double>;

// One customer's draws, shared by its variants: 1024 slots.
using SharedDraws = DrawTable<Draws, 10>;

// Per block, reused from customer to customer: triggers waiting for their delay (for each
// trigger with a delay and each of the next `pending_slots` months, a ring, bit k set when
// occurrence k of its source fired it), the draws the variants share, and the interactions the CES
// adds up.
struct Scratch {
  std::vector<std::uint64_t> pending;  // [row · pending_slots + month mod pending_slots]
  SharedDraws draws;
  EffortTally effort;
};

template <typename Perception, typename Retention>
class CustomerJourney {
 public:
  CustomerJourney(const CompiledRun& run, const CustomerStreams& streams,
                  std::uint32_t customer_number, const Customer& customer, int variant,
                  Scratch& scratch, BlockTotals& totals)
      : run_(run),
        streams_(streams),
        customer_number_(customer_number),
        customer_(customer),
        segment_(*customer.segment),
        segment_number_(segment_index(run, customer)),
        sensitivity_(layer_sensitivity(segment_)),
        variant_(variant),
        scratch_(scratch),
        totals_(totals) {}

  void live() {
    std::fill(scratch_.pending.begin(), scratch_.pending.end(), 0);  // a customer gone early
    const JourneyStart start = journey_start(segment_);
    perception_ = start.perception;
    trust_ = start.trust;
    expansion_ = start.expansion;
    stage_ = 0;
    joined_seen_ = 0;
    joined_fired_ = 0;
    // A joiner lives from its join month; schedules run on its tenure, the rest on the calendar.
    for (month_ = customer_.join_month; month_ < run_.months; ++month_) {
      if (month_ > customer_.join_month) {
        perception_ = faded(perception_, segment_.initial_perception, run_.stack.fade);
      }
      if (!live_month()) {
        return;
      }
    }
  }

 private:
  // One month; false once the customer has gone.
  bool live_month() {
    month_state_ = {};
    sums_ = {};
    defected_ = false;
    // A month's revenue is its start's: a stage without revenue earns none.
    const double revenue = run_.stages[static_cast<std::size_t>(stage_)].revenue
                               ? month_revenue(customer_.monthly_revenue, expansion_)
                               : 0.0;

    // Occurrences are numbered by what caused them, so that a variant where one of them does
    // not happen leaves the others' random numbers alone: a scheduled touchpoint's k-th
    // interaction this month is occurrence k, a triggered one inherits its source's occurrence.
    const auto schedule_month = static_cast<std::size_t>(tenure());
    const int visits_end = run_.visits_begin[schedule_month + 1];
    for (int v = run_.visits_begin[schedule_month]; v < visits_end && !defected_; ++v) {
      const int j = run_.visits[static_cast<std::size_t>(v)];
      const CompiledSchedule& schedule = run_.schedules[static_cast<std::size_t>(j)];
      if (schedule.kind == ScheduleKind::trigger) {
        std::uint64_t& waiting = pending(j, month_);
        // The occurrences that fired, in ascending order, visiting only the bits set.
        for (std::uint64_t fired = std::exchange(waiting, 0); fired != 0 && !defected_;
             fired &= fired - 1) {
          interact(j, static_cast<std::uint32_t>(std::countr_zero(fired)));
        }
        continue;
      }
      if (schedule.kind == ScheduleKind::condition) {
        if (condition_fires(schedule, perception_, trust_, tenure(),
                            draw(Stream::schedule, draw_index(run_, j)).u[0])) {
          interact(j, 0);
        }
        continue;
      }
      const int count = schedule.kind == ScheduleKind::fixed
                            ? 1
                            : poisson_count(schedule.rate, schedule.probability_of_none,
                                            draw(Stream::schedule, draw_index(run_, j)).u[0]);
      for (int k = 0; k < count && !defected_; ++k) {
        interact(j, static_cast<std::uint32_t>(k));
      }
    }

    MonthEnd end{.survives = false, .expansion = expansion_, .referral = 0.0};
    if (!defected_) {
      Perception::end_month(perception_, month_state_, run_.perception);
      const Draws draws = draw(Stream::month_end);
      const Uniforms& u = draws.u;
      end = month_end<Retention>(month_end_settings(run_), customer_.log_hazard, perception_, sums_,
                                 expansion_, draws.derived[0], u[1], u[2]);
      expansion_ = end.expansion;
      if (run_.staged) {
        stage_ = stage_after_month(run_, stage_, perception_, trust_, tenure() + 1);
        end.survives =
            end.survives && !run_.stages[static_cast<std::size_t>(stage_)].ends_relationship;
      }
      if (survey_month(run_, month_) && responds_to_survey(run_, u[3])) {
        count_survey_answer(totals_, variant_, run_, streams_, month_, perception_);
      }
    }

    // A stage without revenue gives none past the horizon either.
    const bool earning = run_.stages[static_cast<std::size_t>(stage_)].revenue;
    const double terminal =
        end.survives && values_past_horizon(run_, month_)
            ? terminal_value<Retention>(run_, variant_, segment_index(run_, customer_), stage_,
                                        customer_.log_hazard, perception_, sums_,
                                        earning ? customer_.monthly_revenue : 0.0, expansion_,
                                        segment_.gross_margin)
            : 0.0;
    MonthTally tally(run_, totals_, variant_, month_, customer_.join_month);
    tally.count(end.survives, revenue, segment_.gross_margin, sums_.cost, end.referral, terminal);
    tally.store();
    if (!end.survives) {
      count_departure(totals_, variant_, segment_index(run_, customer_), month_,
                      customer_.join_month);
    }
    return end.survives;
  }

  std::uint64_t& pending(int touchpoint, int month) {
    const int row = run_.pending_row[static_cast<std::size_t>(touchpoint)];
    return scratch_.pending[static_cast<std::size_t>(row * run_.pending_slots +
                                                     (month & (run_.pending_slots - 1)))];
  }

  // One interaction with touchpoint j (docs/model.md#one-interaction), then the touchpoints its
  // outcome triggers.
  void interact(int j, std::uint32_t occurrence) {
    const InteractionParameters& p = run_.at(variant_, month_, j);
    const CompiledSchedule& schedule = run_.schedules[static_cast<std::size_t>(j)];
    if (!p.active || !segment_meets(run_, j, segment_number_) || !serves(schedule, stage_)) {
      return;
    }
    const double rating_noise =
        rating_has_noise(run_.survey)
            ? draw(Stream::rating, draw_index(run_, j), occurrence).derived[0]
            : 0.0;
    const Draws draws = draw(Stream::interaction, draw_index(run_, j), occurrence);
    const InteractionOutcome outcome = interaction_outcome(
        p, run_.stack, run_.survey, sensitivity_, trust_, run_.defect_on_failure, draws.u[0],
        draws.u[1], draws.derived[0], draws.derived[1], rating_noise);
    Perception::experience(perception_, month_state_, run_.perception, outcome.experience,
                           p.weight);
    trust_ = outcome.trust;
    sums_ = with_interaction(sums_, p);
    count_interactions(run_, totals_, scratch_.effort, variant_, month_, j, 1,
                       outcome.success ? 0 : 1, outcome.satisfied ? 1 : 0);
    stage_ = stage_after_outcome(schedule, stage_, outcome.success);
    if (outcome.defects || run_.stages[static_cast<std::size_t>(stage_)].ends_relationship) {
      defected_ = true;
      return;
    }
    trigger_dependents(j, occurrence, outcome.success);
  }

  void trigger_dependents(int j, std::uint32_t occurrence, bool success) {
    const int begin = run_.dependents_begin[static_cast<std::size_t>(j)];
    const int end = run_.dependents_begin[static_cast<std::size_t>(j + 1)];
    for (int d = begin; d < end && !defected_; ++d) {
      const int dependent = run_.dependents[static_cast<std::size_t>(d)];
      const CompiledSchedule& trigger = run_.schedules[static_cast<std::size_t>(dependent)];
      // A copy of the dependent for another segment is none of this customer's business: it
      // must not take the firing of a trigger that waits for all its sources from their own.
      if (!segment_meets(run_, dependent, segment_number_) ||
          !outcome_triggers(trigger.on, success) ||
          !holds(trigger.condition, perception_, trust_, tenure())) {
        continue;
      }
      if (trigger.joined_bit != 0) {
        // Fires once, at the outcome that completes its sources'.
        joined_seen_ |= run_.dependent_source_bit[static_cast<std::size_t>(d)];
        if ((joined_seen_ & trigger.joined_sources) != trigger.joined_sources ||
            (joined_fired_ & trigger.joined_bit) != 0) {
          continue;
        }
        joined_fired_ |= trigger.joined_bit;
      }
      const double u =
          draw(Stream::trigger, draw_index(run_, j), occurrence, draw_index(run_, dependent)).u[0];
      if (!trigger_fires(u, trigger)) {
        continue;
      }
      if (trigger.delay == 0) {
        interact(dependent, occurrence);
      } else if (month_ + trigger.delay < run_.months) {
        pending(dependent, month_ + trigger.delay) |= std::uint64_t{1} << occurrence;
      }
    }
  }

  std::uint32_t month_u() const { return static_cast<std::uint32_t>(month_); }
  // The whole months the customer has completed at the month's start: 0 in their first month.
  // At its end they have completed one more.
  int tenure() const { return month_ - customer_.join_month; }

  // This month's draw for `stream`, shared with the customer's other variants if there are any.
  // A copy: the slot it came from may be overwritten by the next draw.
  Draws draw(Stream stream, std::uint32_t index = 0, std::uint32_t occurrence = 0,
             std::uint32_t detail = 0) {
    const auto make = [&](Draws& draws) {
      make_draws(draws, streams_, stream, month_u(), index, occurrence, detail);
    };
    if (run_.variant_count == 1) {
      Draws draws{};
      make(draws);
      return draws;
    }
    return scratch_.draws.get(customer_number_,
                              SharedDraws::key(stream, month_u(), index, occurrence, detail), make);
  }

  const CompiledRun& run_;
  const CustomerStreams& streams_;
  const std::uint32_t customer_number_;  // in the run, as the streams know the customer
  const Customer& customer_;
  const CompiledSegment& segment_;
  const int segment_number_;  // its place in the run's segments
  const LayerSensitivity sensitivity_;
  const int variant_;
  Scratch& scratch_;
  BlockTotals& totals_;

  int month_ = 0;
  double perception_ = 0.0;  // P
  double trust_ = 0.0;       // T
  double expansion_ = 0.0;   // m
  typename Perception::Month month_state_{};
  MonthSums sums_;
  bool defected_ = false;
  int stage_ = 0;
  std::uint64_t joined_seen_ = 0;   // the sources of joined triggers that had their outcome
  std::uint64_t joined_fired_ = 0;  // the joined triggers that fired
};

template <typename Perception, typename Retention>
void simulate_with(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                   BlockTotals& totals) {
  Scratch scratch{
      std::vector<std::uint64_t>(static_cast<std::size_t>(run.pending_rows * run.pending_slots)),
      SharedDraws(), EffortTally(run)};
  for (std::uint32_t i = first; i < first + count; ++i) {
    const CustomerStreams streams(run.seed, run.replication, i);
    const Customer customer = draw_customer(run, streams, i);
    for (int v = 0; v < run.variant_count; ++v) {
      CustomerJourney<Perception, Retention>(run, streams, i, customer, v, scratch, totals).live();
    }
    totals.cohort_customers(customer.join_month) += 1.0;
    if (customer.join_month == 0) {
      totals.customers += 1.0;
      totals.segment_customers(segment_index(run, customer)) += 1.0;
    }
  }
  scratch.effort.add_to(totals);
}

}  // namespace

void simulate_customers(const CompiledRun& run, std::uint32_t first, std::uint32_t count,
                        BlockTotals& totals) {
  PerceptionModels::dispatch(run.perception_model, [&]<typename Perception>() {
    RetentionModels::dispatch(run.retention_model, [&]<typename Retention>() {
      simulate_with<Perception, Retention>(run, first, count, totals);
    });
  });
}

}  // namespace cxsim
