#include "engine/compilation.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/month_equations.hpp"
#include "engine/parameter_draws.hpp"
#include "scenario/acquisition.hpp"
#include "scenario/scenario_settings.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {

namespace {

CompiledSegment compile_segment(const Segment& segment, double cumulative_share) {
  CompiledSegment compiled;
  compiled.cumulative_share = cumulative_share;
  if (const auto* constant = std::get_if<ConstantChurn>(&segment.retention)) {
    compiled.baseline_hazard = BaselineHazard::constant(value_of(constant->monthly_churn));
    compiled.joiner_hazard = compiled.baseline_hazard;
  } else {
    const auto& sbg = std::get<ShiftedBetaGeometric>(segment.retention);
    // β + tenure: the posterior of survivors (docs/model.md#customers-and-segments).
    compiled.baseline_hazard = BaselineHazard::shifted_beta_geometric(
        value_of(sbg.alpha), value_of(sbg.beta) + sbg.tenure);
    // A joiner has survived no month yet (docs/model.md#acquisition).
    compiled.joiner_hazard =
        segment.acquisition && sbg.tenure > 0
            ? BaselineHazard::shifted_beta_geometric(value_of(sbg.alpha), value_of(sbg.beta))
            : compiled.baseline_hazard;
  }
  const double mean = value_of(segment.revenue.monthly_mean);
  const double sd = value_of(segment.revenue.monthly_sd);
  compiled.revenue_mean = mean;
  if (mean > 0.0 && sd > 0.0) {
    const double log_variance = std::log1p(sd * sd / (mean * mean));
    compiled.log_revenue_sigma = std::sqrt(log_variance);
    compiled.log_revenue_mu = std::log(mean) - 0.5 * log_variance;
  }
  compiled.gross_margin = value_of(segment.revenue.gross_margin);
  compiled.functional_sensitivity = value_of(segment.sensitivity.functional);
  compiled.emotional_sensitivity = value_of(segment.sensitivity.emotional);
  compiled.sensory_sensitivity = value_of(segment.sensitivity.sensory);
  compiled.initial_perception = value_of(segment.initial_perception);
  compiled.initial_trust = value_of(segment.initial_trust);
  return compiled;
}

InteractionParameters interaction_parameters(const Touchpoint& touchpoint) {
  InteractionParameters parameters;
  for (const TouchpointParameter& parameter : touchpoint_parameters()) {
    parameters.*parameter.compiled = value_of(parameter.of(touchpoint));
  }
  return parameters;
}

// Applies one change at `fraction` of its effect: the parameter moves that share of the way
// from its current value to the changed one, and stays within its range when fixes combine.
void apply_change(Touchpoint& touchpoint, const TouchpointChange& change, double fraction) {
  for (const ParameterChange& parameter_change : change.parameters) {
    const TouchpointParameter& parameter = *find_touchpoint_parameter(parameter_change.parameter);
    Number& field = parameter.field(touchpoint);
    const double current = value_of(field);
    const double value = value_of(parameter_change.value);
    double changed = value;
    if (change.operation == ChangeOperation::add) {
      changed = current + value;
    } else if (change.operation == ChangeOperation::scale) {
      changed = current * value;
    }
    field = std::clamp(current + fraction * (changed - current), parameter.range.lo,
                       parameter.range.hi);
  }
}

struct TouchpointIndex {
  std::vector<RunTouchpoint> touchpoints;

  int find(const std::string& id) const {
    const auto found = std::find_if(touchpoints.begin(), touchpoints.end(),
                                    [&](const RunTouchpoint& t) { return t.touchpoint->id == id; });
    return static_cast<int>(found - touchpoints.begin());
  }
};

// A touchpoint the kernels meet (CompiledRun::kernel_touchpoint_count): one of the run's, or a
// segment's own copy of one, its parameters the segment's.
struct KernelTouchpoint {
  Touchpoint touchpoint;
  int run_touchpoint;
  std::uint64_t segments_meeting;
  Sensitivity sensitivity;  // factors on the segment's layer sensitivities
};

// The run's touchpoints, each met by the segments it names (every one when it names none) but
// those with parameters of their own there, then a copy for each of those, in segment order.
std::vector<KernelTouchpoint> kernel_touchpoints(const Scenario& drawn,
                                                 const TouchpointIndex& index) {
  std::vector<KernelTouchpoint> touchpoints;
  std::vector<KernelTouchpoint> copies;
  for (std::size_t j = 0; j < index.touchpoints.size(); ++j) {
    const Touchpoint& touchpoint = *index.touchpoints[j].touchpoint;
    std::uint64_t meeting = 0;
    for (std::size_t i = 0; i < drawn.segments.size(); ++i) {
      const Segment& segment = drawn.segments[i];
      if (!touchpoint.segments.empty() &&
          std::find(touchpoint.segments.begin(), touchpoint.segments.end(), segment.name) ==
              touchpoint.segments.end()) {
        continue;
      }
      const auto own =
          std::find_if(segment.touchpoints.begin(), segment.touchpoints.end(),
                       [&](const SegmentTouchpoint& t) { return t.touchpoint == touchpoint.id; });
      if (own == segment.touchpoints.end()) {
        meeting |= std::uint64_t{1} << i;
        continue;
      }
      KernelTouchpoint copy{touchpoint, static_cast<int>(j), std::uint64_t{1} << i,
                            own->sensitivity};
      for (const ParameterChange& parameter : own->parameters) {
        find_touchpoint_parameter(parameter.parameter)->field(copy.touchpoint) = parameter.value;
      }
      copies.push_back(std::move(copy));
    }
    touchpoints.push_back({touchpoint, static_cast<int>(j), meeting, Sensitivity{}});
  }
  touchpoints.insert(touchpoints.end(), std::make_move_iterator(copies.begin()),
                     std::make_move_iterator(copies.end()));
  return touchpoints;
}

CompiledSchedule compile_schedule(const Touchpoint& touchpoint, int months,
                                  std::uint8_t* scheduled) {
  CompiledSchedule schedule;
  if (const auto* at = std::get_if<AtMonth>(&touchpoint.when)) {
    if (at->month < months) {
      scheduled[at->month] = 1;
    }
  } else if (const auto* listed = std::get_if<AtMonths>(&touchpoint.when)) {
    for (const int month : listed->months) {
      if (month < months) {
        scheduled[month] = 1;
      }
    }
  } else if (const auto* every = std::get_if<EveryMonths>(&touchpoint.when)) {
    for (int month = every->start; month < months; month += every->every) {
      scheduled[month] = 1;
    }
  } else if (const auto* poisson = std::get_if<PoissonRate>(&touchpoint.when)) {
    schedule.kind = ScheduleKind::poisson;
    schedule.rate = value_of(poisson->rate);
    schedule.probability_of_none = std::exp(-schedule.rate);
  } else if (const auto* trigger = std::get_if<Trigger>(&touchpoint.when)) {
    schedule.kind = ScheduleKind::trigger;
    schedule.on = trigger->on;
    schedule.probability = value_of(trigger->probability);
    schedule.delay = trigger->delay;
    schedule.condition = trigger->condition;
  } else {
    const auto& condition = std::get<ConditionSchedule>(touchpoint.when);
    schedule.kind = ScheduleKind::condition;
    schedule.condition = condition.condition;
    schedule.probability = value_of(condition.probability);
  }
  return schedule;
}

// The stages (none written: one), their transitions, and each touchpoint's stages and moves.
void compile_stages(const Scenario& drawn, const std::vector<KernelTouchpoint>& kernel,
                    CompiledRun& run) {
  const auto stage_index = [&](const std::string& id) {
    return static_cast<int>(std::find_if(drawn.stages.begin(), drawn.stages.end(),
                                         [&](const Stage& s) { return s.id == id; }) -
                            drawn.stages.begin());
  };
  const auto stage_mask = [&](const std::vector<std::string>& ids) {
    std::uint64_t mask = ids.empty() ? ~std::uint64_t{0} : 0;
    for (const std::string& id : ids) {
      mask |= std::uint64_t{1} << stage_index(id);
    }
    return mask;
  };
  if (!drawn.stages.empty()) {
    run.stages.clear();
    for (const Stage& stage : drawn.stages) {
      run.stages.push_back({stage.revenue, stage.ends_relationship});
    }
  }
  for (const StageTransition& transition : drawn.transitions) {
    run.transitions.push_back(
        {stage_mask(transition.from), stage_index(transition.to), transition.when});
  }
  run.staged = !drawn.stages.empty();
  for (std::size_t j = 0; j < kernel.size(); ++j) {
    const Touchpoint& touchpoint = kernel[j].touchpoint;
    CompiledSchedule& schedule = run.schedules[j];
    schedule.stages = stage_mask(touchpoint.stages);
    if (!touchpoint.moves.success.empty()) {
      schedule.success_stage = stage_index(touchpoint.moves.success);
    }
    if (!touchpoint.moves.failure.empty()) {
      schedule.failure_stage = stage_index(touchpoint.moves.failure);
    }
  }
}

// Which touchpoints each one's outcome triggers (a touchpoint's copies trigger as it does, and
// each copy of a dependent is triggered; `order` is the kernels': the run's touchpoints, each
// followed by its copies), and the bits of the triggers that wait for all their sources: one a
// (trigger, source) of the run, shared by their copies, which no customer meets together.
void compile_dependents(const TouchpointIndex& index, CompiledRun& run,
                        const std::vector<int>& order) {
  const auto touchpoints = static_cast<std::size_t>(run.kernel_touchpoint_count);
  std::vector<std::vector<std::pair<int, std::uint64_t>>> dependents_of(touchpoints);
  std::vector<std::uint64_t> joined_bit(index.touchpoints.size(), 0);
  std::vector<std::vector<std::uint64_t>> source_bits(index.touchpoints.size());
  int joined = 0;
  int joined_sources = 0;
  for (const int k : order) {
    const int r = run.run_touchpoint[static_cast<std::size_t>(k)];
    const auto* trigger =
        std::get_if<Trigger>(&index.touchpoints[static_cast<std::size_t>(r)].touchpoint->when);
    if (trigger == nullptr) {
      continue;
    }
    const bool all = trigger->join == TriggerJoin::all;
    if (all && joined_bit[static_cast<std::size_t>(r)] == 0) {
      joined_bit[static_cast<std::size_t>(r)] = std::uint64_t{1} << joined++;
      for (std::size_t s = 0; s < trigger->after.size(); ++s) {
        source_bits[static_cast<std::size_t>(r)].push_back(std::uint64_t{1} << joined_sources++);
      }
    }
    CompiledSchedule& schedule = run.schedules[static_cast<std::size_t>(k)];
    schedule.joined_bit = joined_bit[static_cast<std::size_t>(r)];
    for (std::size_t s = 0; s < trigger->after.size(); ++s) {
      const std::uint64_t bit = all ? source_bits[static_cast<std::size_t>(r)][s] : 0;
      schedule.joined_sources |= bit;
      const int source = index.find(trigger->after[s]);
      for (std::size_t j = 0; j < touchpoints; ++j) {
        if (run.run_touchpoint[j] == source) {
          dependents_of[j].emplace_back(k, bit);
        }
      }
    }
  }
  run.dependents_begin.assign(1, 0);
  for (std::size_t j = 0; j < touchpoints; ++j) {
    // In the kernels' order, as they meet a source's dependents: `order` visited k in it.
    for (const auto& [dependent, bit] : dependents_of[j]) {
      run.dependents.push_back(dependent);
      run.dependent_source_bit.push_back(bit);
    }
    run.dependents_begin.push_back(static_cast<int>(run.dependents.size()));
  }
}

// The expected cost to serve a customer-month past the horizon in `variant` for a customer of
// the segment at place `segment` in stage `stage` (docs/model.md#value-past-the-horizon), from
// the expected interactions a month of each touchpoint they meet (their segment's version of
// it) and their stage is served by, at the last month's parameters: `every: k` 1/k, `rate: λ`
// λ, `month` and `months` none (they do not recur), a trigger its sources' interactions times
// the chance of the outcome it waits for (a failure only when the customer stays after it) times
// its probability; none for a touchpoint not in force, a trigger that waits for all its sources
// (it fires once in a customer's life) or a condition-scheduled one (whom it meets depends on
// their state). Triggers form no cycle (validation).
double recurring_cost_to_serve(const CompiledRun& run, const TouchpointIndex& index, int variant,
                               int segment, int stage) {
  const int last = run.months - 1;
  // The kernel's touchpoint of run touchpoint r that the segment's customers meet, or −1.
  const auto met = [&](int r) {
    for (int k = 0; k < run.kernel_touchpoint_count; ++k) {
      if (run.run_touchpoint[static_cast<std::size_t>(k)] == r && segment_meets(run, k, segment)) {
        return k;
      }
    }
    return -1;
  };
  std::vector<std::optional<double>> known(index.touchpoints.size());
  const std::function<double(int)> interactions = [&](int r) -> double {
    std::optional<double>& rate = known[static_cast<std::size_t>(r)];
    if (rate) {
      return *rate;
    }
    const int k = met(r);
    double expected = 0.0;
    if (k >= 0 && serves(run.schedules[static_cast<std::size_t>(k)], stage) &&
        run.at(variant, last, k).active) {
      const CompiledSchedule& schedule = run.schedules[static_cast<std::size_t>(k)];
      const Schedule& when = index.touchpoints[static_cast<std::size_t>(r)].touchpoint->when;
      if (schedule.kind == ScheduleKind::poisson) {
        expected = schedule.rate;
      } else if (const auto* trigger = std::get_if<Trigger>(&when);
                 trigger != nullptr && trigger->join == TriggerJoin::any) {
        for (const std::string& id : trigger->after) {
          const int from = index.find(id);
          const int source_met = met(from);
          if (source_met < 0) {
            continue;
          }
          const InteractionParameters& source = run.at(variant, last, source_met);
          const double failing =
              (1.0 - source.success) * (1.0 - run.defect_on_failure * (1.0 - source.recovery));
          const double outcome = (outcome_triggers(schedule.on, true) ? source.success : 0.0) +
                                 (outcome_triggers(schedule.on, false) ? failing : 0.0);
          expected += interactions(from) * outcome * schedule.probability;
        }
      } else if (const auto* every = std::get_if<EveryMonths>(&when)) {
        expected = 1.0 / every->every;
      }
    }
    rate = expected;
    return expected;
  };
  double cost = 0.0;
  for (int r = 0; r < run.touchpoint_count; ++r) {
    const int k = met(r);
    cost += k < 0 ? 0.0 : interactions(r) * run.at(variant, last, k).cost;
  }
  return cost;
}

}  // namespace

std::vector<RunTouchpoint> run_touchpoints(const Scenario& scenario) {
  std::vector<RunTouchpoint> touchpoints;
  for (const Touchpoint& touchpoint : scenario.journey) {
    touchpoints.push_back({&touchpoint, -1});
  }
  for (std::size_t f = 0; f < scenario.fixes.size(); ++f) {
    for (const Touchpoint& touchpoint : scenario.fixes[f].add_touchpoints) {
      touchpoints.push_back({&touchpoint, static_cast<int>(f)});
    }
  }
  return touchpoints;
}

double ramp_fraction(const Fix& fix, int month) {
  if (month < fix.start_month) {
    return 0.0;
  }
  if (fix.ramp_months == 0) {
    return 1.0;
  }
  return std::min(1.0, static_cast<double>(month - fix.start_month + 1) / fix.ramp_months);
}

std::vector<CompiledCohort> compile_cohorts(const Scenario& drawn) {
  std::vector<CompiledCohort> cohorts;
  const double fraction = sampling_fraction(drawn);
  std::int64_t next = drawn.simulation.customers;
  for (int month = 1; month < drawn.simulation.months; ++month) {
    for (std::size_t s = 0; s < drawn.segments.size(); ++s) {
      const std::optional<Acquisition>& acquisition = drawn.segments[s].acquisition;
      const std::int64_t count =
          acquisition ? simulated_joiners(real_joiners(*acquisition, month, value_of), fraction)
                      : 0;
      if (count > 0) {
        cohorts.push_back({month, static_cast<int>(s), static_cast<std::uint32_t>(next),
                           static_cast<std::uint32_t>(count)});
        next += count;
      }
    }
  }
  if (next > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("acquisition: " + std::to_string(next) +
                                " simulated customers in a replication, more than the " +
                                std::to_string(std::numeric_limits<std::uint32_t>::max()) +
                                " a run can number; simulate fewer customers");
  }
  return cohorts;
}

CompiledRun compile_run(const Scenario& drawn, const std::vector<Variant>& variants,
                        std::uint32_t replication) {
  CompiledRun run;
  run.months = drawn.simulation.months;
  run.variant_count = static_cast<int>(variants.size());
  run.seed = static_cast<std::uint64_t>(drawn.simulation.seed);
  run.replication = replication;
  const auto index_of = [](const auto& names, const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  run.perception_model = index_of(PerceptionModels::names, drawn.perception.model);
  run.retention_model = index_of(RetentionModels::names, drawn.retention.model);

  double cumulative = 0.0;
  for (const Segment& segment : drawn.segments) {
    cumulative += segment.share;
    run.segments.push_back(compile_segment(segment, cumulative));
  }
  run.segments.back().cumulative_share = 1.0;  // shares sum to 1 up to rounding
  run.cohorts = compile_cohorts(drawn);
  run.by_cohort = has_acquisition(drawn);

  const TouchpointIndex index{run_touchpoints(drawn)};
  const std::vector<KernelTouchpoint> kernel = kernel_touchpoints(drawn, index);
  const int touchpoints = static_cast<int>(kernel.size());
  const int months = run.months;
  run.touchpoint_count = static_cast<int>(index.touchpoints.size());
  run.kernel_touchpoint_count = touchpoints;
  for (const KernelTouchpoint& touchpoint : kernel) {
    run.run_touchpoint.push_back(touchpoint.run_touchpoint);
    run.segments_meeting.push_back(touchpoint.segments_meeting);
  }
  // The kernel's touchpoints in the run's order, each followed by its copies: the order a
  // customer meets them in whichever of them its segment meets.
  std::vector<int> order(static_cast<std::size_t>(touchpoints));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return run.run_touchpoint[a] < run.run_touchpoint[b]; });

  // [touchpoint · months + month]: 1 where a fixed schedule is due, read into the visits below.
  std::vector<std::uint8_t> scheduled(static_cast<std::size_t>(touchpoints * months), 0);
  for (int j = 0; j < touchpoints; ++j) {
    run.schedules.push_back(compile_schedule(kernel[static_cast<std::size_t>(j)].touchpoint, months,
                                             &scheduled[static_cast<std::size_t>(j * months)]));
  }
  compile_stages(drawn, kernel, run);
  int longest_delay = 0;
  for (const CompiledSchedule& schedule : run.schedules) {
    longest_delay = std::max(longest_delay, schedule.delay);
    run.pending_row.push_back(schedule.delay > 0 ? run.pending_rows++ : -1);
  }
  // A power of two, so that the kernel finds a month's slot with a mask, not a division.
  run.pending_slots = static_cast<int>(std::bit_ceil(static_cast<unsigned>(longest_delay) + 1));
  run.visits_begin.assign(1, 0);
  for (int t = 0; t < months; ++t) {
    for (const int j : order) {
      const CompiledSchedule& schedule = run.schedules[static_cast<std::size_t>(j)];
      const bool visited = schedule.kind == ScheduleKind::fixed
                               ? scheduled[static_cast<std::size_t>(j * months + t)] > 0
                               : schedule.kind == ScheduleKind::poisson ||
                                     schedule.kind == ScheduleKind::condition || schedule.delay > 0;
      if (visited) {
        run.visits.push_back(j);
      }
    }
    run.visits_begin.push_back(static_cast<int>(run.visits.size()));
  }
  compile_dependents(index, run, order);

  run.interactions.resize(static_cast<std::size_t>(run.variant_count * months * touchpoints));
  run.fix_cost.assign(static_cast<std::size_t>(run.variant_count * months), 0.0);
  for (int v = 0; v < run.variant_count; ++v) {
    const Variant& variant = variants[static_cast<std::size_t>(v)];
    const auto in_variant = [&](int fix) {
      return std::find(variant.fixes.begin(), variant.fixes.end(), fix) != variant.fixes.end();
    };
    for (int t = 0; t < months; ++t) {
      std::vector<Touchpoint> touchpoints_now;
      for (const KernelTouchpoint& touchpoint : kernel) {
        touchpoints_now.push_back(touchpoint.touchpoint);
      }
      for (const std::size_t f : variant.fixes) {
        const Fix& fix = drawn.fixes[f];
        const double fraction = ramp_fraction(fix, t);
        if (fraction > 0.0) {
          for (const TouchpointChange& change : fix.changes) {
            // On a segment's own parameters too: base, then the segment's, then the fix.
            const int changed = index.find(change.touchpoint);
            for (int j = 0; j < touchpoints; ++j) {
              if (run.run_touchpoint[static_cast<std::size_t>(j)] == changed) {
                apply_change(touchpoints_now[static_cast<std::size_t>(j)], change, fraction);
              }
            }
          }
        }
        double& cost = run.fix_cost[static_cast<std::size_t>(v * months + t)];
        if (t == fix.start_month) {
          cost += value_of(fix.cost.one_time);
        }
        if (t >= fix.start_month) {
          cost += value_of(fix.cost.monthly);
        }
      }
      for (int j = 0; j < touchpoints; ++j) {
        const KernelTouchpoint& touchpoint = kernel[static_cast<std::size_t>(j)];
        InteractionParameters parameters = interaction_parameters(touchpoints_now[j]);
        parameters.functional_sensitivity = value_of(touchpoint.sensitivity.functional);
        parameters.emotional_sensitivity = value_of(touchpoint.sensitivity.emotional);
        parameters.sensory_sensitivity = value_of(touchpoint.sensitivity.sensory);
        const int added_by =
            index.touchpoints[static_cast<std::size_t>(touchpoint.run_touchpoint)].added_by;
        parameters.active =
            added_by < 0 || (in_variant(added_by) &&
                             t >= drawn.fixes[static_cast<std::size_t>(added_by)].start_month);
        run.interactions[static_cast<std::size_t>((v * months + t) * touchpoints + j)] = parameters;
      }
    }
  }

  for (const ScenarioSetting& setting : scenario_settings()) {
    if (setting.compiled != nullptr) {
      setting.compiled(run) = value_of(*std::get<Number*>(setting.of(drawn)));
    }
  }
  run.survey_month.assign(static_cast<std::size_t>(months), 0);
  for (const int month : drawn.surveys.nps.months) {
    if (month < months) {
      run.survey_month[static_cast<std::size_t>(month)] = 1;
    }
  }
  // The annual rate compounds monthly, d = (1 + annual)^(1/12) − 1
  // (docs/model.md#value-and-discounting).
  const double monthly_growth = std::pow(1.0 + value_of(drawn.finance.discount_rate), 1.0 / 12.0);
  run.discount.resize(static_cast<std::size_t>(months));
  for (int t = 0; t < months; ++t) {
    run.discount[static_cast<std::size_t>(t)] = std::pow(monthly_growth, -(t + 1));
  }

  const FinanceSettings& finance = drawn.finance;
  run.terminal_value.enabled = finance.terminal_value_method != kTerminalValueMethods[0];
  run.terminal_value.run_off_months = static_cast<int>(finance.run_off_months.value_or(0));
  for (int v = 0; v < run.variant_count; ++v) {
    for (int segment = 0;
         run.terminal_value.enabled && segment < static_cast<int>(run.segments.size()); ++segment) {
      for (int stage = 0; stage < static_cast<int>(run.stages.size()); ++stage) {
        run.terminal_value.monthly_cost.push_back(
            recurring_cost_to_serve(run, index, v, segment, stage));
      }
    }
    double fix_monthly_cost = 0.0;
    for (const std::size_t f : variants[static_cast<std::size_t>(v)].fixes) {
      fix_monthly_cost += value_of(drawn.fixes[f].cost.monthly);
    }
    run.terminal_value.fix_monthly_cost.push_back(fix_monthly_cost);
  }
  return run;
}

}  // namespace cxsim
