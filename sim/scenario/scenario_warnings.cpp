#include "scenario/scenario_warnings.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "base/text.hpp"
#include "scenario/acquisition.hpp"
#include "scenario/scenario_numbers.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {

namespace {

// A touchpoint of the journey or one a fix adds: where it is written, and the fix.
struct Placed {
  std::string path;
  const Touchpoint* touchpoint = nullptr;
  const Fix* added_by = nullptr;  // null for the journey's
};

// The months of a customer's tenure a touchpoint may run in, in some variant (its calendar months
// too, without acquisition); when none, why not and where the file says it.
struct Reach {
  std::vector<bool> months;
  std::string blame_path;
  std::string why;

  bool never() const { return std::find(months.begin(), months.end(), true) == months.end(); }
  int last() const {
    const auto found = std::find(months.rbegin(), months.rend(), true);
    return static_cast<int>(months.rend() - found) - 1;
  }
};

class WarningFinder {
 public:
  WarningFinder(const Scenario& scenario, const SourceMap& source_map);

  std::vector<Diagnostic> run();

 private:
  void warn(const std::string& path, std::string message) {
    warnings_.push_back(source_map_.diagnostic(path, std::move(message)));
  }
  // Every value the number at `path` may take; any real when it is drawn jointly, around it.
  Support possible(const std::string& path, const Number& number) const;
  const Reach& reach(const std::string& id);
  // The last calendar month a touchpoint runs in, its reach being in months of tenure: the same
  // month without acquisition; with it, the horizon's last, met by a later cohort.
  int last_calendar_month(const Reach& reach) const {
    return acquiring_ ? months_ - 1 : reach.last();
  }
  Reach find_reach(const Placed& placed);
  // The months a trigger runs in, whatever the fix adding it; nothing when it never fires.
  std::vector<bool> trigger_months(const Placed& placed, const Trigger& trigger, Reach& out);
  // Whether, in some variant, the touchpoint's outcome can be `on`.
  bool outcome_possible(const Placed& source, TriggerOutcome on) const;
  // Whether a segment has its own value of the parameter at the touchpoint
  // (docs/model.md#journeys-per-segment): then the touchpoint's value is not every customer's.
  bool a_segment_has_its_own(const std::string& touchpoint, std::string_view parameter) const {
    return std::any_of(scenario_.segments.begin(), scenario_.segments.end(), [&](const Segment& s) {
      return std::any_of(
          s.touchpoints.begin(), s.touchpoints.end(), [&](const SegmentTouchpoint& t) {
            return t.touchpoint == touchpoint &&
                   std::any_of(t.parameters.begin(), t.parameters.end(),
                               [&](const ParameterChange& p) { return p.parameter == parameter; });
          });
    });
  }
  void check_change(const std::string& path, const Fix& fix, const TouchpointChange& change);

  const Scenario& scenario_;
  const SourceMap& source_map_;
  const int months_;
  const bool acquiring_;
  std::set<std::string> jointly_drawn_;
  std::map<std::string, Placed> placed_;  // by touchpoint id
  std::vector<std::string> ids_;          // in file order
  std::map<std::string, Reach> reach_;
  std::map<std::pair<std::string, std::string>, int> changes_of_;  // (touchpoint, parameter)
  std::vector<Diagnostic> warnings_;
};

std::string change_path(std::size_t fix, std::size_t change) {
  return item_path(child_path(item_path("fixes", fix), "changes"), change);
}

WarningFinder::WarningFinder(const Scenario& scenario, const SourceMap& source_map)
    : scenario_(scenario),
      source_map_(source_map),
      months_(scenario.simulation.months),
      acquiring_(has_acquisition(scenario)) {
  for (const JointUncertainty& block : scenario.joint_uncertainty) {
    for (const JointParameter& parameter : block.parameters) {
      try {
        jointly_drawn_.insert(index_form_path(scenario, parameter.path));
      } catch (const UnknownParameterPath&) {
        // Reported by validation.
      }
    }
  }
  const auto place = [&](std::string path, const Touchpoint& touchpoint, const Fix* fix) {
    placed_.try_emplace(touchpoint.id, Placed{std::move(path), &touchpoint, fix});
    ids_.push_back(touchpoint.id);
  };
  for (std::size_t i = 0; i < scenario.journey.size(); ++i) {
    place(item_path("journey", i), scenario.journey[i], nullptr);
  }
  for (std::size_t f = 0; f < scenario.fixes.size(); ++f) {
    const Fix& fix = scenario.fixes[f];
    for (std::size_t i = 0; i < fix.add_touchpoints.size(); ++i) {
      place(item_path(child_path(item_path("fixes", f), "add_touchpoints"), i),
            fix.add_touchpoints[i], &fix);
    }
    for (const TouchpointChange& change : fix.changes) {
      for (const ParameterChange& parameter : change.parameters) {
        ++changes_of_[{change.touchpoint, parameter.parameter}];
      }
    }
  }
}

Support WarningFinder::possible(const std::string& path, const Number& number) const {
  if (jointly_drawn_.contains(path)) {
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    return {-kInfinity, kInfinity};
  }
  return support_of(number);
}

const Reach& WarningFinder::reach(const std::string& id) {
  if (const auto found = reach_.find(id); found != reach_.end()) {
    return found->second;
  }
  // Triggers form no cycle (validation), so this recursion ends.
  return reach_.emplace(id, find_reach(placed_.at(id))).first->second;
}

Reach WarningFinder::find_reach(const Placed& placed) {
  Reach result{std::vector<bool>(static_cast<std::size_t>(months_), false), {}, {}};
  const Touchpoint& touchpoint = *placed.touchpoint;
  const std::string when = child_path(placed.path, "when");
  const auto mark = [&](int month) {
    if (month >= 0 && month < months_) {
      result.months[static_cast<std::size_t>(month)] = true;
    }
  };
  if (const auto* at = std::get_if<AtMonth>(&touchpoint.when)) {
    mark(at->month);
  } else if (const auto* listed = std::get_if<AtMonths>(&touchpoint.when)) {
    std::for_each(listed->months.begin(), listed->months.end(), mark);
  } else if (const auto* every = std::get_if<EveryMonths>(&touchpoint.when)) {
    for (int month = every->start; month < months_; month += every->every) {
      mark(month);
    }
  } else if (const auto* poisson = std::get_if<PoissonRate>(&touchpoint.when)) {
    if (possible(child_path(when, "rate"), poisson->rate).hi > 0.0) {
      result.months.assign(result.months.size(), true);
    } else {
      result.blame_path = child_path(when, "rate");
      result.why = "is 0, so touchpoint '" + touchpoint.id + "' never runs";
    }
  } else if (const auto* trigger = std::get_if<Trigger>(&touchpoint.when)) {
    result.months = trigger_months(placed, *trigger, result);
  } else if (possible(child_path(when, "probability"),
                      std::get<ConditionSchedule>(touchpoint.when).probability)
                 .hi > 0.0) {
    // Whether a customer's state meets the condition is for the run to tell.
    result.months.assign(result.months.size(), true);
  } else {
    result.blame_path = child_path(when, "probability");
    result.why = "is 0, so touchpoint '" + touchpoint.id + "' never runs";
  }
  if (placed.added_by == nullptr || result.never()) {
    return result;
  }
  // An added touchpoint exists from its fix's start, a calendar month.
  const int start = placed.added_by->start_month;
  const int last = last_calendar_month(result);
  if (last < start) {
    result.months.assign(result.months.size(), false);
    result.blame_path = when;
    result.why = "touchpoint '" + touchpoint.id + "' would run last in month " +
                 std::to_string(last) + ", before its fix's start_month " + std::to_string(start) +
                 ", so it never runs";
  }
  return result;
}

std::vector<bool> WarningFinder::trigger_months(const Placed& placed, const Trigger& trigger,
                                                Reach& out) {
  std::vector<bool> months(static_cast<std::size_t>(months_), false);
  const std::string when = child_path(placed.path, "when");
  const std::string& id = placed.touchpoint->id;
  if (std::any_of(trigger.after.begin(), trigger.after.end(),
                  [&](const std::string& source) { return !placed_.contains(source); })) {
    return months;  // reported by validation
  }
  if (possible(child_path(when, "probability"), trigger.probability).hi <= 0.0) {
    out.blame_path = child_path(when, "probability");
    out.why = "is 0, so the trigger never fires and touchpoint '" + id + "' never runs";
    return months;
  }
  const bool all = trigger.join == TriggerJoin::all;
  // Each source's months, or why it can never fire the trigger; with `require: all` one such
  // source is enough to stop it, with `any` every source must be stopped.
  std::vector<bool> source_months(months.size(), false);
  int completed_from = 0;  // all: the first month by which every source may have run
  std::string blame_path;
  std::string why;
  for (std::size_t k = 0; k < trigger.after.size(); ++k) {
    const std::string& source = trigger.after[k];
    const std::string after_path = trigger.after.size() == 1
                                       ? child_path(when, "after")
                                       : item_path(child_path(when, "after"), k);
    if (!outcome_possible(placed_.at(source), trigger.on)) {
      const bool on_failure = trigger.on == TriggerOutcome::failure;
      blame_path = trigger.after.size() == 1 ? child_path(when, "on") : after_path;
      why = "touchpoint '" + id + "' follows " + (on_failure ? "failures" : "successes") + " of '" +
            source + "', whose functional.success is " + (on_failure ? "1" : "0") +
            " in every variant, so it never runs";
    } else if (const Reach& from = reach(source); from.never()) {
      blame_path = after_path;
      why = "touchpoint '" + id + "' follows '" + source +
            "', which never runs, so it never runs either";
    } else {
      completed_from = std::max(
          completed_from, static_cast<int>(std::find(from.months.begin(), from.months.end(), true) -
                                           from.months.begin()));
      for (std::size_t t = 0; t < months.size(); ++t) {
        source_months[t] = source_months[t] || from.months[t];
      }
      continue;
    }
    if (all || trigger.after.size() == 1) {
      out.blame_path = blame_path;
      out.why = why;
      return months;
    }
  }
  if (std::find(source_months.begin(), source_months.end(), true) == source_months.end()) {
    out.blame_path = child_path(when, "after");
    out.why =
        "touchpoint '" + id + "' follows touchpoints none of which can fire it, so it never runs";
    return months;
  }
  int last_source_month = 0;
  for (int month = all ? completed_from : 0; month + trigger.delay < months_; ++month) {
    if (source_months[static_cast<std::size_t>(month)]) {
      months[static_cast<std::size_t>(month + trigger.delay)] = true;
    }
  }
  for (int month = 0; month < months_; ++month) {
    last_source_month = source_months[static_cast<std::size_t>(month)] ? month : last_source_month;
  }
  if (std::find(months.begin(), months.end(), true) == months.end()) {
    const std::string sources =
        trigger.after.size() == 1 ? "'" + trigger.after.front() + "'" : "its sources";
    out.blame_path = child_path(when, "delay");
    out.why = "touchpoint '" + id + "' runs " + std::to_string(trigger.delay) + " months after " +
              sources + ", whose last month is " + std::to_string(last_source_month) + ": " +
              std::to_string(last_source_month) + " + " + std::to_string(trigger.delay) +
              " is past the " + std::to_string(months_) + "-month horizon (months 0 to " +
              std::to_string(months_ - 1) + "), so it never runs";
  }
  return months;
}

bool WarningFinder::outcome_possible(const Placed& source, TriggerOutcome on) const {
  if (on == TriggerOutcome::any) {
    return true;
  }
  const bool failure = on == TriggerOutcome::failure;
  const Support success = possible(child_path(source.path, "functional.success"),
                                   source.touchpoint->functional.success);
  if ((failure ? success.lo < 1.0 : success.hi > 0.0) ||
      a_segment_has_its_own(source.touchpoint->id, "functional.success")) {
    return true;
  }
  // A fix may lower a success of 1 (raise one of 0) in the variants that hold it.
  for (std::size_t f = 0; f < scenario_.fixes.size(); ++f) {
    for (std::size_t c = 0; c < scenario_.fixes[f].changes.size(); ++c) {
      const TouchpointChange& change = scenario_.fixes[f].changes[c];
      const std::string operation_path =
          child_path(change_path(f, c), operation_name(change.operation));
      for (const ParameterChange& parameter : change.parameters) {
        if (change.touchpoint != source.touchpoint->id ||
            parameter.parameter != "functional.success") {
          continue;
        }
        const Support value =
            possible(child_path(operation_path, parameter.parameter), parameter.value);
        switch (change.operation) {
          case ChangeOperation::set:
            if (failure ? value.lo < 1.0 : value.hi > 0.0) {
              return true;
            }
            break;
          case ChangeOperation::add:
            if (failure ? value.lo < 0.0 : value.hi > 0.0) {
              return true;
            }
            break;
          case ChangeOperation::scale:  // of 0 is 0
            if (failure && value.lo < 1.0) {
              return true;
            }
            break;
        }
      }
    }
  }
  return false;
}

void WarningFinder::check_change(const std::string& path, const Fix& fix,
                                 const TouchpointChange& change) {
  const auto placed = placed_.find(change.touchpoint);
  if (placed == placed_.end()) {
    return;  // reported by validation
  }
  const Reach& touchpoint_reach = reach(change.touchpoint);
  if (touchpoint_reach.never()) {
    return;  // the touchpoint's own warning says why
  }
  if (last_calendar_month(touchpoint_reach) < fix.start_month) {
    warn(child_path(path, "touchpoint"),
         "touchpoint '" + change.touchpoint + "' runs last in month " +
             std::to_string(last_calendar_month(touchpoint_reach)) +
             ", before the fix's start_month " + std::to_string(fix.start_month) +
             ", so the change alters no interaction");
    return;
  }
  const Touchpoint& touchpoint = *placed->second.touchpoint;
  const std::string operation_path = child_path(path, operation_name(change.operation));
  for (const ParameterChange& parameter : change.parameters) {
    const std::string parameter_path = child_path(operation_path, parameter.parameter);
    const TouchpointParameter* described = find_touchpoint_parameter(parameter.parameter);
    if (described == nullptr || jointly_drawn_.contains(parameter_path) ||
        !is_constant(parameter.value)) {
      continue;
    }
    const double value = std::get<double>(parameter.value);
    const Number& before = described->of(touchpoint);
    const std::string before_path = child_path(placed->second.path, described->name);
    const bool unchanged =
        change.operation == ChangeOperation::add ? value == 0.0
        : change.operation == ChangeOperation::scale
            ? value == 1.0
            : is_constant(before) && std::get<double>(before) == value &&
                  !jointly_drawn_.contains(before_path) &&
                  changes_of_.at({change.touchpoint, parameter.parameter}) == 1 &&
                  !a_segment_has_its_own(change.touchpoint, parameter.parameter);
    if (!unchanged) {
      continue;
    }
    const std::string how = change.operation == ChangeOperation::add ? "adds 0"
                            : change.operation == ChangeOperation::scale
                                ? "scales by 1"
                                : "sets the value touchpoint '" + change.touchpoint +
                                      "' already has (" + format_number(value) + ")";
    warn(parameter_path, how + ", so the change alters no interaction");
  }
}

std::vector<Diagnostic> WarningFinder::run() {
  if (months_ < 1) {
    return {};
  }
  for (const std::string& id : ids_) {
    if (const Reach& touchpoint_reach = reach(id); touchpoint_reach.never()) {
      warn(touchpoint_reach.blame_path, touchpoint_reach.why);
    }
  }
  for (std::size_t f = 0; f < scenario_.fixes.size(); ++f) {
    for (std::size_t c = 0; c < scenario_.fixes[f].changes.size(); ++c) {
      check_change(change_path(f, c), scenario_.fixes[f], scenario_.fixes[f].changes[c]);
    }
  }
  return std::move(warnings_);
}

}  // namespace

std::vector<Diagnostic> scenario_warnings(const Scenario& scenario, const SourceMap& source_map) {
  return WarningFinder(scenario, source_map).run();
}

}  // namespace cxsim
