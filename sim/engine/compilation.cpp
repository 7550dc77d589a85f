#include "engine/compilation.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <optional>

#include "engine/month_equations.hpp"
#include "engine/parameter_draws.hpp"
#include "scenario/scenario_settings.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {

namespace {

CompiledSegment compile_segment(const Segment& segment, double cumulative_share) {
  CompiledSegment compiled;
  compiled.cumulative_share = cumulative_share;
  if (const auto* constant = std::get_if<ConstantChurn>(&segment.retention)) {
    compiled.baseline_hazard = BaselineHazard::constant(value_of(constant->monthly_churn));
  } else {
    const auto& sbg = std::get<ShiftedBetaGeometric>(segment.retention);
    // β + tenure: the posterior of survivors (docs/model.md#customers-and-segments).
    compiled.baseline_hazard = BaselineHazard::shifted_beta_geometric(
        value_of(sbg.alpha), value_of(sbg.beta) + sbg.tenure);
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

CompiledSchedule compile_schedule(const Touchpoint& touchpoint, const TouchpointIndex& index,
                                  int months, std::uint8_t* scheduled) {
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
  } else {
    const auto& trigger = std::get<Trigger>(touchpoint.when);
    schedule.kind = ScheduleKind::trigger;
    schedule.source = index.find(trigger.after);
    schedule.on = trigger.on;
    schedule.probability = value_of(trigger.probability);
    schedule.delay = trigger.delay;
  }
  return schedule;
}

// The expected cost to serve a customer-month past the horizon in `variant`
// (docs/model.md#value-past-the-horizon), from each touchpoint's expected interactions a month
// at the last month's parameters: `every: k` 1/k, `rate: λ` λ, `month` and `months` none (they
// do not recur), a trigger its source's interactions times the chance of the outcome it waits
// for (a failure only when the customer stays after it) times its probability; none for a
// touchpoint not in force. Triggers form no cycle (validation).
double recurring_cost_to_serve(const CompiledRun& run, const TouchpointIndex& index, int variant) {
  const int last = run.months - 1;
  std::vector<std::optional<double>> known(index.touchpoints.size());
  const std::function<double(int)> interactions = [&](int j) -> double {
    std::optional<double>& rate = known[static_cast<std::size_t>(j)];
    if (rate) {
      return *rate;
    }
    const CompiledSchedule& schedule = run.schedules[static_cast<std::size_t>(j)];
    const Schedule& when = index.touchpoints[static_cast<std::size_t>(j)].touchpoint->when;
    double expected = 0.0;
    if (schedule.kind == ScheduleKind::poisson) {
      expected = schedule.rate;
    } else if (schedule.kind == ScheduleKind::trigger) {
      const InteractionParameters& source = run.at(variant, last, schedule.source);
      const double failing =
          (1.0 - source.success) * (1.0 - run.defect_on_failure * (1.0 - source.recovery));
      const double outcome = (outcome_triggers(schedule.on, true) ? source.success : 0.0) +
                             (outcome_triggers(schedule.on, false) ? failing : 0.0);
      expected = interactions(schedule.source) * outcome * schedule.probability;
    } else if (const auto* every = std::get_if<EveryMonths>(&when)) {
      expected = 1.0 / every->every;
    }
    rate = run.at(variant, last, j).active ? expected : 0.0;
    return *rate;
  };
  double cost = 0.0;
  for (int j = 0; j < run.touchpoint_count; ++j) {
    cost += interactions(j) * run.at(variant, last, j).cost;
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

  const TouchpointIndex index{run_touchpoints(drawn)};
  const int touchpoints = static_cast<int>(index.touchpoints.size());
  const int months = run.months;
  run.touchpoint_count = touchpoints;

  // [touchpoint · months + month]: 1 where a fixed schedule is due, read into the visits below.
  std::vector<std::uint8_t> scheduled(static_cast<std::size_t>(touchpoints * months), 0);
  for (int j = 0; j < touchpoints; ++j) {
    run.schedules.push_back(compile_schedule(*index.touchpoints[j].touchpoint, index, months,
                                             &scheduled[static_cast<std::size_t>(j * months)]));
  }
  int longest_delay = 0;
  for (const CompiledSchedule& schedule : run.schedules) {
    longest_delay = std::max(longest_delay, schedule.delay);
    run.pending_row.push_back(schedule.delay > 0 ? run.pending_rows++ : -1);
  }
  // A power of two, so that the kernel finds a month's slot with a mask, not a division.
  run.pending_slots = static_cast<int>(std::bit_ceil(static_cast<unsigned>(longest_delay) + 1));
  run.visits_begin.assign(1, 0);
  for (int t = 0; t < months; ++t) {
    for (int j = 0; j < touchpoints; ++j) {
      const CompiledSchedule& schedule = run.schedules[static_cast<std::size_t>(j)];
      const bool visited = schedule.kind == ScheduleKind::fixed
                               ? scheduled[static_cast<std::size_t>(j * months + t)] > 0
                               : schedule.kind == ScheduleKind::poisson || schedule.delay > 0;
      if (visited) {
        run.visits.push_back(j);
      }
    }
    run.visits_begin.push_back(static_cast<int>(run.visits.size()));
  }
  run.dependents_begin.assign(1, 0);
  for (int j = 0; j < touchpoints; ++j) {
    for (int k = 0; k < touchpoints; ++k) {
      if (run.schedules[k].kind == ScheduleKind::trigger && run.schedules[k].source == j) {
        run.dependents.push_back(k);
      }
    }
    run.dependents_begin.push_back(static_cast<int>(run.dependents.size()));
  }

  run.interactions.resize(static_cast<std::size_t>(run.variant_count * months * touchpoints));
  run.fix_cost.assign(static_cast<std::size_t>(run.variant_count * months), 0.0);
  for (int v = 0; v < run.variant_count; ++v) {
    const Variant& variant = variants[static_cast<std::size_t>(v)];
    const auto in_variant = [&](int fix) {
      return std::find(variant.fixes.begin(), variant.fixes.end(), fix) != variant.fixes.end();
    };
    for (int t = 0; t < months; ++t) {
      std::vector<Touchpoint> touchpoints_now;
      for (const RunTouchpoint& touchpoint : index.touchpoints) {
        touchpoints_now.push_back(*touchpoint.touchpoint);
      }
      for (const std::size_t f : variant.fixes) {
        const Fix& fix = drawn.fixes[f];
        const double fraction = ramp_fraction(fix, t);
        if (fraction > 0.0) {
          for (const TouchpointChange& change : fix.changes) {
            apply_change(touchpoints_now[static_cast<std::size_t>(index.find(change.touchpoint))],
                         change, fraction);
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
        InteractionParameters parameters = interaction_parameters(touchpoints_now[j]);
        const int added_by = index.touchpoints[static_cast<std::size_t>(j)].added_by;
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
    run.terminal_value.monthly_cost.push_back(recurring_cost_to_serve(run, index, v));
    double fix_monthly_cost = 0.0;
    for (const std::size_t f : variants[static_cast<std::size_t>(v)].fixes) {
      fix_monthly_cost += value_of(drawn.fixes[f].cost.monthly);
    }
    run.terminal_value.fix_monthly_cost.push_back(fix_monthly_cost);
  }
  return run;
}

}  // namespace cxsim
