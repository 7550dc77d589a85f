#include "scenario/validation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>

#include "base/text.hpp"
#include "base/value_range.hpp"
#include "model/compiled_run.hpp"
#include "scenario/acquisition.hpp"
#include "scenario/joint_uncertainty.hpp"
#include "scenario/scenario_numbers.hpp"
#include "scenario/scenario_settings.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {

namespace {

// Variant ids the engine gives itself; a fix or a combination may not take them.
constexpr std::array<std::string_view, 2> kReservedVariantIds{"baseline", "all_fixes"};

// Ids become JSON keys, CSV cells and table columns: short names.
constexpr std::size_t kLongestId = 64;
// Each variant has its own month-by-month tables; these keep them far below a gigabyte.
constexpr std::size_t kMaxFixes = 64;
constexpr std::size_t kMaxCombinations = 64;

// Shares are written with a few decimals; anything closer to 1 than this is 1.
constexpr double kShareTolerance = 1e-6;

std::string describe(const Distribution& distribution) {
  std::string text = "{" + std::string(family_name(distribution.family)) + ": ";
  const auto& p = distribution.parameters;
  if (distribution.family == DistributionFamily::lognormal) {
    return text + "{mean: " + format_number(p[0]) + ", sd: " + format_number(p[1]) + "}}";
  }
  text += "[";
  for (std::size_t i = 0; i < p.size(); ++i) {
    text += (i > 0 ? ", " : "") + format_number(p[i]);
  }
  return text + "]}";
}

// Why the distribution's parameters are impossible, or nothing when they are fine.
std::optional<std::string> distribution_problem(const Distribution& distribution) {
  const auto& p = distribution.parameters;
  switch (distribution.family) {
    case DistributionFamily::uniform:
      if (p[0] > p[1]) {
        return "uniform needs a <= b, got " + describe(distribution);
      }
      break;
    case DistributionFamily::normal:
      if (p[1] < 0.0) {
        return "normal needs sd >= 0, got " + describe(distribution);
      }
      break;
    case DistributionFamily::beta:
      if (p[0] <= 0.0 || p[1] <= 0.0) {
        return "beta needs both parameters > 0, got " + describe(distribution);
      }
      break;
    case DistributionFamily::triangular:
      if (!(p[0] <= p[1] && p[1] <= p[2]) || p[0] == p[2]) {
        return "triangular needs lo <= mode <= hi and lo < hi, got " + describe(distribution);
      }
      break;
    case DistributionFamily::lognormal:
      if (p[0] <= 0.0 || p[1] < 0.0) {
        return "lognormal needs mean > 0 and sd >= 0, got " + describe(distribution);
      }
      break;
  }
  return std::nullopt;
}

bool is_blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

// Interval arithmetic for the effect of `add` and `scale` on a parameter's possible values.
Support add_supports(Support a, Support b) {
  return {a.lo + b.lo, a.hi + b.hi};
}

Support scale_support(Support base, Support factor) {
  // 0 × ∞ is 0 here: a factor of 0 removes the quantity whatever its size.
  const auto times = [](double x, double y) { return x == 0.0 || y == 0.0 ? 0.0 : x * y; };
  const std::array<double, 4> corners{times(base.lo, factor.lo), times(base.lo, factor.hi),
                                      times(base.hi, factor.lo), times(base.hi, factor.hi)};
  return {*std::min_element(corners.begin(), corners.end()),
          *std::max_element(corners.begin(), corners.end())};
}

class Validator {
 public:
  Validator(const Scenario& scenario, const SourceMap& source_map, const ValidationOptions& options)
      : scenario_(scenario),
        source_map_(source_map),
        options_(options),
        months_(scenario.simulation.months) {}

  std::vector<Diagnostic> run();

 private:
  void problem(const std::string& path, std::string message) {
    problems_.push_back(source_map_.diagnostic(path, std::move(message)));
  }

  // False (and reported) when the distribution's own parameters are impossible.
  bool check_well_formed(const std::string& path, const Number& number);
  void check(const std::string& path, const Number& number, const ValueRange& range);
  void check(const std::string& path, double value, const ValueRange& range);
  void check_at_least(const std::string& path, std::int64_t value, std::int64_t minimum);
  void check_at_most(const std::string& path, std::int64_t value, std::int64_t maximum);
  void check_month(const std::string& path, int month);
  void check_identifier(const std::string& path, const std::string& id, std::string_view what);
  void check_months_list(const std::string& path, const std::vector<int>& months);
  void check_not_reserved(const std::string& path, const std::string& id);
  // False (and reported) when the scenario holds more than the engine supports; checking such a
  // scenario item by item would only take long.
  bool check_counts();
  void check_model_name(const std::string& path, std::string_view kind, const std::string& name,
                        std::span<const std::string_view> registered);

  // The settings (scenario_settings.hpp) of the sections named.
  void check_settings(std::initializer_list<std::string_view> sections);
  void check_setting(const ScenarioSetting& setting);
  void check_segments();
  void check_acquisition(const std::string& path, const Acquisition& acquisition);
  // What the terminal value and the ROI taken on it need besides their own ranges.
  void check_terminal_value();
  // The settings of an item, or of its form, under `path`; a touchpoint id among them names
  // the touchpoint a trigger follows, one of `reachable_ids`.
  template <typename Item>
  void check_item_settings(const std::string& path, std::span<const ItemSetting<Item>> settings,
                           const Item& item, const std::set<std::string>& reachable_ids);
  void check_touchpoint(const std::string& path, const Touchpoint& touchpoint,
                        const std::set<std::string>& reachable_ids);
  void check_trigger_sources(const std::string& path, const std::vector<std::string>& sources,
                             const std::set<std::string>& reachable_ids);
  void check_condition(const std::string& path, const StateCondition& condition);
  void check_touchpoint_ids();
  // Touchpoints' `segments` and segments' `touchpoints` (docs/model.md#journeys-per-segment).
  void check_segment_journeys();
  void check_segment_touchpoint(const std::string& path, const Segment& segment,
                                const SegmentTouchpoint& own);
  void check_trigger_cycles();
  void check_joined_triggers();
  // The stages and transitions, and every touchpoint's stages and moves.
  void check_stages();
  void check_stage_reference(const std::string& path, const std::string& id);
  void check_fix(const std::string& path, const Fix& fix, const std::set<std::string>& journey_ids);
  void check_change(const std::string& path, const TouchpointChange& change, const Fix& fix,
                    std::unordered_map<std::string, Support>& changed_supports);
  void check_combinations();
  void check_joint_uncertainty();
  void check_covariance(const std::string& path, const JointUncertainty& block);

  const Scenario& scenario_;
  const SourceMap& source_map_;
  const ValidationOptions options_;
  const int months_;
  std::vector<Diagnostic> problems_;
};

bool Validator::check_well_formed(const std::string& path, const Number& number) {
  if (const auto* distribution = std::get_if<Distribution>(&number)) {
    if (const auto why = distribution_problem(*distribution)) {
      problem(path, *why);
      return false;
    }
  }
  return true;
}

void Validator::check(const std::string& path, const Number& number, const ValueRange& range) {
  if (!check_well_formed(path, number)) {
    return;
  }
  if (const double* value = std::get_if<double>(&number)) {
    check(path, *value, range);
    return;
  }
  const Support support = support_of(number);
  if (range.contains(support)) {
    return;
  }
  const auto& distribution = std::get<Distribution>(number);
  const std::string head = "must be " + range.describe() + ", but " + describe(distribution);
  if (std::isinf(support.lo) || std::isinf(support.hi)) {
    problem(path, head + " is unbounded; use beta, triangular or uniform for a bounded quantity");
  } else if (!range.contains(support.lo)) {
    problem(path, head + " goes down to " + format_number(support.lo));
  } else {
    problem(path, head + " goes up to " + format_number(support.hi));
  }
}

void Validator::check(const std::string& path, double value, const ValueRange& range) {
  if (!range.contains(value)) {
    problem(path, "must be " + range.describe() + ", got " + format_number(value));
  }
}

void Validator::check_at_least(const std::string& path, std::int64_t value, std::int64_t minimum) {
  if (value < minimum) {
    problem(path, "must be >= " + std::to_string(minimum) + ", got " + std::to_string(value));
  }
}

void Validator::check_at_most(const std::string& path, std::int64_t value, std::int64_t maximum) {
  if (value > maximum) {
    problem(path, "must be <= " + std::to_string(maximum) + ", got " + std::to_string(value));
  }
}

void Validator::check_month(const std::string& path, int month) {
  if (months_ < 1) {
    return;  // no horizon to check against; reported at simulation.months
  }
  if (month < 0 || month >= months_) {
    problem(path, "month " + std::to_string(month) + " is outside the " + std::to_string(months_) +
                      "-month horizon (months 0 to " + std::to_string(months_ - 1) + ")");
  }
}

void Validator::check_identifier(const std::string& path, const std::string& id,
                                 std::string_view what) {
  const bool allowed = std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (id.empty()) {
    problem(path, "must not be empty");
  } else if (id.size() > kLongestId) {
    problem(path, std::string(what) + " must be at most " + std::to_string(kLongestId) +
                      " characters, got " + std::to_string(id.size()));
  } else if (!allowed) {
    problem(path, std::string(what) + " must be a name of letters, digits, '_' or '-', got " +
                      quoted_text(id));
  }
}

void Validator::check_months_list(const std::string& path, const std::vector<int>& months) {
  if (months.empty()) {
    problem(path, "lists no month");
  }
  std::set<int> seen;
  for (std::size_t i = 0; i < months.size(); ++i) {
    check_month(item_path(path, i), months[i]);
    if (!seen.insert(months[i]).second) {
      problem(item_path(path, i), "month " + std::to_string(months[i]) + " is listed twice");
    }
  }
}

void Validator::check_not_reserved(const std::string& path, const std::string& id) {
  if (std::find(kReservedVariantIds.begin(), kReservedVariantIds.end(), id) !=
      kReservedVariantIds.end()) {
    problem(path, quoted_text(id) + " names a variant cxsim makes itself; choose another id");
  }
}

bool Validator::check_counts() {
  std::size_t touchpoints = scenario_.journey.size();
  for (const Fix& fix : scenario_.fixes) {
    touchpoints += fix.add_touchpoints.size();
  }
  bool within = true;
  const auto at_most = [&](const std::string& path, std::size_t count, std::size_t limit,
                           const std::string& what) {
    if (count > limit) {
      problem(path, "has " + std::to_string(count) + " " + what + "; at most " +
                        std::to_string(limit) + " are supported");
      within = false;
    }
  };
  at_most("journey", touchpoints, kMaxTouchpoints, "touchpoints with those the fixes add");
  at_most("segments", scenario_.segments.size(), kMaxSegments, "segments");
  at_most("fixes", scenario_.fixes.size(), kMaxFixes, "fixes");
  at_most("scenarios", scenario_.scenarios.size(), kMaxCombinations, "combinations");
  return within;
}

void Validator::check_model_name(const std::string& path, std::string_view kind,
                                 const std::string& name,
                                 std::span<const std::string_view> registered) {
  if (std::find(registered.begin(), registered.end(), name) == registered.end()) {
    problem(path, "unknown " + std::string(kind) + " " + quoted_text(name) +
                      suggestion_for(name, registered));
  }
}

std::vector<Diagnostic> Validator::run() {
  if (is_blank(scenario_.name)) {
    problem("name", "must not be empty");
  }
  check_settings({"simulation", "population"});
  check_segments();
  check_settings({"perception", "retention", "revenue", "finance", "surveys"});
  check_terminal_value();
  if (!check_counts()) {
    return std::move(problems_);
  }

  std::set<std::string> journey_ids;
  for (const Touchpoint& touchpoint : scenario_.journey) {
    journey_ids.insert(touchpoint.id);
  }
  for (std::size_t i = 0; i < scenario_.journey.size(); ++i) {
    check_touchpoint(item_path("journey", i), scenario_.journey[i], journey_ids);
  }
  check_touchpoint_ids();
  check_segment_journeys();
  check_trigger_cycles();
  check_joined_triggers();
  check_stages();

  std::set<std::string> fix_ids;
  for (std::size_t i = 0; i < scenario_.fixes.size(); ++i) {
    const Fix& fix = scenario_.fixes[i];
    const std::string path = item_path("fixes", i);
    if (!fix.id.empty() && !fix_ids.insert(fix.id).second) {
      problem(child_path(path, "id"), "duplicate fix id " + quoted_text(fix.id));
    }
    check_fix(path, fix, journey_ids);
  }
  check_combinations();
  check_joint_uncertainty();
  return std::move(problems_);
}

void Validator::check_settings(std::initializer_list<std::string_view> sections) {
  for (const ScenarioSetting& setting : scenario_settings()) {
    const std::string_view section =
        std::string_view(setting.path).substr(0, setting.path.find('.'));
    if (std::find(sections.begin(), sections.end(), section) != sections.end()) {
      check_setting(setting);
    }
  }
}

void Validator::check_setting(const ScenarioSetting& setting) {
  const std::string& path = setting.path;
  const auto check_whole = [&](std::int64_t value) {
    check_at_least(path, value, setting.whole.lo);
    check_at_most(path, value, setting.whole.hi);
  };
  std::visit(
      [&](const auto* value) {
        using Value = std::remove_cvref_t<decltype(*value)>;
        if constexpr (std::is_same_v<Value, std::optional<std::int64_t>>) {
          if (value->has_value()) {
            check_whole(**value);
          }
        } else if constexpr (std::is_same_v<Value, int> || std::is_same_v<Value, std::int64_t>) {
          check_whole(*value);
        } else if constexpr (std::is_same_v<Value, double> || std::is_same_v<Value, Number>) {
          check(path, *value, setting.range);
        } else if constexpr (std::is_same_v<Value, std::string>) {
          check_model_name(path, setting.named, *value, setting.names);
        } else if (source_map_.written(path)) {
          check_months_list(path, *value);
        }
      },
      setting.of(scenario_));
}

void Validator::check_terminal_value() {
  const FinanceSettings& finance = scenario_.finance;
  const bool enabled = finance.terminal_value_method != kTerminalValueMethods[0];
  if (finance.roi_basis == kRoiBases[1] && !enabled) {
    problem("finance.roi_basis",
            "ROI on " + quoted_text(finance.roi_basis) +
                " needs a terminal value: set finance.terminal_value.method to " +
                quoted_text(kTerminalValueMethods[1]));
  }
  // A customer who never churns, undiscounted, would be worth a sum without end. (A malformed
  // rate is reported at the rate.)
  const auto* distribution = std::get_if<Distribution>(&finance.discount_rate);
  const bool well_formed = distribution == nullptr || !distribution_problem(*distribution);
  if (enabled && !finance.run_off_months && well_formed &&
      !(support_of(finance.discount_rate).lo > 0.0)) {
    problem("finance.terminal_value.method",
            "a terminal value without run_off_months needs finance.discount_rate above 0 in "
            "every replication; give run_off_months or a positive discount rate");
  }
}

void Validator::check_segments() {
  if (scenario_.segments.empty()) {
    problem("segments", "needs at least one segment");
    return;
  }
  std::set<std::string> names;
  double total_share = 0.0;
  bool shares_in_range = true;
  for (std::size_t i = 0; i < scenario_.segments.size(); ++i) {
    const Segment& segment = scenario_.segments[i];
    const std::string path = item_path("segments", i);
    if (segment.name.empty()) {
      problem(child_path(path, "name"), "must not be empty");
    } else if (!names.insert(segment.name).second) {
      problem(child_path(path, "name"), "duplicate segment name " + quoted_text(segment.name));
    }
    shares_in_range = shares_in_range && kProbability.contains(segment.share);
    check(child_path(path, "share"), segment.share, kProbability);
    total_share += segment.share;

    check_item_settings(child_path(path, "retention"),
                        form_of(churn_models(), segment.retention).settings, segment.retention, {});
    for (const SegmentParameter& parameter : segment_parameters()) {
      check(child_path(path, parameter.name), parameter.of(segment), parameter.range);
    }
    if (segment.acquisition) {
      check_acquisition(child_path(path, "acquisition"), *segment.acquisition);
    }
    // Revenue is lognormal across customers, which a mean of 0 leaves no room for. Reported at
    // the mean, so that a mean missing from the file is not reported twice.
    if (support_of(segment.revenue.monthly_mean).hi == 0.0 &&
        support_of(segment.revenue.monthly_sd).hi > 0.0) {
      problem(child_path(path, "revenue.monthly_mean"),
              "must be above 0 when monthly_sd is above 0 (revenue is lognormal across "
              "customers)");
    }
  }
  if (shares_in_range && std::abs(total_share - 1.0) > kShareTolerance) {
    problem("segments", "segment shares must sum to 1, they sum to " + format_number(total_share));
  }
}

void Validator::check_acquisition(const std::string& path, const Acquisition& acquisition) {
  const std::string per_month = child_path(path, "per_month");
  const std::size_t problems_before = problems_.size();
  for (std::size_t k = 0; k < acquisition.per_month.size(); ++k) {
    check(acquisition.listed ? item_path(per_month, k) : per_month, acquisition.per_month[k],
          kJoinersRange);
  }
  check(child_path(path, "growth"), acquisition.growth, kGrowthRange);
  const bool in_range = problems_.size() == problems_before;
  if (acquisition.listed && std::ssize(acquisition.per_month) > months_ - 1) {
    problem(per_month, "has " + std::to_string(acquisition.per_month.size()) +
                           " numbers; customers join in months 1 to " +
                           std::to_string(months_ - 1) + " of the horizon, one number each");
    return;
  }
  if (!in_range || scenario_.simulation.customers <= 0) {
    return;
  }
  // A cohort that rounds to no simulated customer would vanish from the results unseen.
  const double fraction = sampling_fraction(scenario_);
  for (int month = 1; month < months_; ++month) {
    const double real = real_joiners(acquisition, month, mean_of);
    if (real > 0.0 && simulated_joiners(real, fraction) == 0) {
      problem(per_month, "the " + format_number(real) + " customers joining in month " +
                             std::to_string(month) +
                             " round to no simulated customer at the sampling fraction " +
                             format_number(fraction) +
                             " (simulation.customers / population.size); simulate more customers");
      return;
    }
  }
}

void Validator::check_touchpoint(const std::string& path, const Touchpoint& touchpoint,
                                 const std::set<std::string>& reachable_ids) {
  check_identifier(child_path(path, "id"), touchpoint.id, "a touchpoint id");
  check_item_settings(child_path(path, "when"), form_of(schedule_forms(), touchpoint.when).settings,
                      touchpoint.when, reachable_ids);
  for (const TouchpointParameter& parameter : touchpoint_parameters()) {
    check(child_path(path, parameter.name), parameter.of(touchpoint), parameter.range);
  }
}

void Validator::check_touchpoint_ids() {
  std::set<std::string> seen;
  const auto check_unique = [&](const std::string& path, const Touchpoint& touchpoint) {
    if (!touchpoint.id.empty() && !seen.insert(touchpoint.id).second) {
      problem(child_path(path, "id"), "duplicate touchpoint id " + quoted_text(touchpoint.id));
    }
  };
  for (std::size_t i = 0; i < scenario_.journey.size(); ++i) {
    check_unique(item_path("journey", i), scenario_.journey[i]);
  }
  for (std::size_t f = 0; f < scenario_.fixes.size(); ++f) {
    const auto& added = scenario_.fixes[f].add_touchpoints;
    for (std::size_t i = 0; i < added.size(); ++i) {
      check_unique(item_path(child_path(item_path("fixes", f), "add_touchpoints"), i), added[i]);
    }
  }
}

void Validator::check_segment_journeys() {
  std::vector<std::string_view> names;
  for (const Segment& segment : scenario_.segments) {
    names.push_back(segment.name);
  }
  const auto check_segments_of = [&](const std::string& path, const Touchpoint& touchpoint) {
    for (std::size_t k = 0; k < touchpoint.segments.size(); ++k) {
      const std::string& name = touchpoint.segments[k];
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
        problem(item_path(child_path(path, "segments"), k),
                "unknown segment " + quoted_text(name) + suggestion_for(name, names));
      }
    }
  };
  for (std::size_t i = 0; i < scenario_.journey.size(); ++i) {
    check_segments_of(item_path("journey", i), scenario_.journey[i]);
  }
  for (std::size_t f = 0; f < scenario_.fixes.size(); ++f) {
    const auto& added = scenario_.fixes[f].add_touchpoints;
    for (std::size_t i = 0; i < added.size(); ++i) {
      check_segments_of(item_path(child_path(item_path("fixes", f), "add_touchpoints"), i),
                        added[i]);
    }
  }
  for (std::size_t i = 0; i < scenario_.segments.size(); ++i) {
    const Segment& segment = scenario_.segments[i];
    for (const SegmentTouchpoint& own : segment.touchpoints) {
      check_segment_touchpoint(
          child_path(child_path(item_path("segments", i), "touchpoints"), own.touchpoint), segment,
          own);
    }
  }
}

void Validator::check_segment_touchpoint(const std::string& path, const Segment& segment,
                                         const SegmentTouchpoint& own) {
  const Touchpoint* touchpoint = nullptr;
  std::vector<std::string_view> known;
  const auto look_in = [&](const std::vector<Touchpoint>& touchpoints) {
    for (const Touchpoint& t : touchpoints) {
      known.push_back(t.id);
      touchpoint = t.id == own.touchpoint ? &t : touchpoint;
    }
  };
  look_in(scenario_.journey);
  for (const Fix& fix : scenario_.fixes) {
    look_in(fix.add_touchpoints);
  }
  if (touchpoint == nullptr) {
    if (options_.check_references) {
      problem(path, "unknown touchpoint " + quoted_text(own.touchpoint) +
                        suggestion_for(own.touchpoint, known));
    }
    return;
  }
  if (!touchpoint->segments.empty() &&
      std::find(touchpoint->segments.begin(), touchpoint->segments.end(), segment.name) ==
          touchpoint->segments.end()) {
    problem(path, "segment " + quoted_text(segment.name) + " does not meet touchpoint " +
                      quoted_text(touchpoint->id) + ", which is limited to " +
                      quoted_list(std::vector<std::string_view>(touchpoint->segments.begin(),
                                                                touchpoint->segments.end())));
  }
  for (const ParameterChange& parameter : own.parameters) {
    if (const TouchpointParameter* found = find_touchpoint_parameter(parameter.parameter)) {
      check(child_path(path, parameter.parameter), parameter.value, found->range);
    }
  }
  check(child_path(path, "sensitivity.functional"), own.sensitivity.functional, kNonNegative);
  check(child_path(path, "sensitivity.emotional"), own.sensitivity.emotional, kNonNegative);
  check(child_path(path, "sensitivity.sensory"), own.sensitivity.sensory, kNonNegative);
}

void Validator::check_trigger_cycles() {
  // A cycle is reported once, at its first touchpoint in file order, as the path that closes it.
  struct Node {
    std::string path;
    std::vector<std::string> after;
  };
  std::map<std::string, Node> nodes;
  const auto add = [&](const std::string& path, const Touchpoint& touchpoint) {
    if (const auto* trigger = std::get_if<Trigger>(&touchpoint.when)) {
      nodes.try_emplace(touchpoint.id, Node{path, trigger->after});
    }
  };
  std::vector<std::string> order;
  for (std::size_t i = 0; i < scenario_.journey.size(); ++i) {
    add(item_path("journey", i), scenario_.journey[i]);
    order.push_back(scenario_.journey[i].id);
  }
  for (std::size_t f = 0; f < scenario_.fixes.size(); ++f) {
    const auto& added = scenario_.fixes[f].add_touchpoints;
    for (std::size_t i = 0; i < added.size(); ++i) {
      add(item_path(child_path(item_path("fixes", f), "add_touchpoints"), i), added[i]);
      order.push_back(added[i].id);
    }
  }
  std::set<std::string> reported;
  for (const std::string& start : order) {
    if (reported.contains(start)) {
      continue;
    }
    // Depth first along `after`, back to `start`; each touchpoint entered once.
    std::vector<std::string> chain{start};
    std::set<std::string> entered{start};
    const std::function<bool(const std::string&)> closes = [&](const std::string& at) {
      if (!nodes.contains(at)) {
        return false;
      }
      for (const std::string& next : nodes.at(at).after) {
        if (next == start) {
          return true;
        }
        if (entered.insert(next).second) {
          chain.push_back(next);
          if (closes(next)) {
            return true;
          }
          chain.pop_back();
        }
      }
      return false;
    };
    if (closes(start)) {
      if (std::none_of(chain.begin(), chain.end(),
                       [&](const std::string& id) { return reported.contains(id); })) {
        std::string cycle;
        for (const std::string& id : chain) {
          cycle += id + " -> ";
        }
        problem(child_path(child_path(nodes.at(start).path, "when"), "after"),
                "trigger cycle: " + cycle + start);
      }
      reported.insert(chain.begin(), chain.end());
    }
  }
}

void Validator::check_trigger_sources(const std::string& path,
                                      const std::vector<std::string>& sources,
                                      const std::set<std::string>& reachable_ids) {
  if (sources.empty()) {
    problem(path, "needs at least one touchpoint id");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string& id = sources[i];
    const std::string source_path = sources.size() == 1 ? path : item_path(path, i);
    if (!seen.insert(id).second) {
      problem(source_path, "names " + quoted_text(id) + " twice");
    } else if (options_.check_references && !reachable_ids.contains(id)) {
      const std::vector<std::string_view> known(reachable_ids.begin(), reachable_ids.end());
      problem(source_path, "unknown touchpoint " + quoted_text(id) + suggestion_for(id, known));
    }
  }
}

void Validator::check_condition(const std::string& path, const StateCondition& condition) {
  for (const ConditionBound& bound : condition_bounds()) {
    const std::string bound_path = child_path(path, bound.name);
    if (!source_map_.written(bound_path)) {
      continue;
    }
    std::visit(
        [&](auto member) {
          using Value = std::remove_cvref_t<decltype(condition.*member)>;
          if constexpr (std::is_same_v<Value, int>) {
            check_at_least(bound_path, condition.*member, bound.whole.lo);
          } else {
            check(bound_path, condition.*member, bound.range);
          }
        },
        bound.member);
  }
}

void Validator::check_joined_triggers() {
  std::size_t joined = 0;
  std::size_t sources = 0;
  const auto count = [&](const Touchpoint& touchpoint) {
    if (const auto* trigger = std::get_if<Trigger>(&touchpoint.when);
        trigger != nullptr && trigger->join == TriggerJoin::all) {
      ++joined;
      sources += trigger->after.size();
    }
  };
  for (const Touchpoint& touchpoint : scenario_.journey) {
    count(touchpoint);
  }
  for (const Fix& fix : scenario_.fixes) {
    for (const Touchpoint& touchpoint : fix.add_touchpoints) {
      count(touchpoint);
    }
  }
  if (sources > kMaxJoinedSources) {
    problem("journey", "has " + std::to_string(joined) +
                           " triggers with 'require: all' following " + std::to_string(sources) +
                           " touchpoints in all; at most " + std::to_string(kMaxJoinedSources) +
                           " are supported");
  }
}

void Validator::check_stage_reference(const std::string& path, const std::string& id) {
  std::vector<std::string_view> known;
  for (const Stage& stage : scenario_.stages) {
    if (stage.id == id) {
      return;
    }
    known.push_back(stage.id);
  }
  if (known.empty()) {
    problem(path, "names stage " + quoted_text(id) +
                      " but the scenario has no 'stages'; list the stages first");
    return;
  }
  problem(path, "unknown stage " + quoted_text(id) + suggestion_for(id, known));
}

void Validator::check_stages() {
  if (scenario_.stages.size() > kMaxStages) {
    problem("stages", "has " + std::to_string(scenario_.stages.size()) + " stages; at most " +
                          std::to_string(kMaxStages) + " are supported");
    return;
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < scenario_.stages.size(); ++i) {
    const Stage& stage = scenario_.stages[i];
    const std::string path = item_path("stages", i);
    check_identifier(child_path(path, "id"), stage.id, "a stage id");
    if (!stage.id.empty() && !ids.insert(stage.id).second) {
      problem(child_path(path, "id"), "duplicate stage id " + quoted_text(stage.id));
    }
  }
  if (!scenario_.stages.empty() && scenario_.stages.front().ends_relationship) {
    problem("stages[0].ends_relationship",
            "customers start in the first stage, which cannot end the relationship");
  }
  for (std::size_t i = 0; i < scenario_.transitions.size(); ++i) {
    const StageTransition& transition = scenario_.transitions[i];
    const std::string path = item_path("transitions", i);
    for (std::size_t k = 0; k < transition.from.size(); ++k) {
      check_stage_reference(transition.from.size() == 1 ? child_path(path, "from")
                                                        : item_path(child_path(path, "from"), k),
                            transition.from[k]);
    }
    check_stage_reference(child_path(path, "to"), transition.to);
    check_condition(child_path(path, "when"), transition.when);
  }
  const auto check_touchpoint_stages = [&](const std::string& path, const Touchpoint& touchpoint) {
    for (std::size_t k = 0; k < touchpoint.stages.size(); ++k) {
      check_stage_reference(touchpoint.stages.size() == 1
                                ? child_path(path, "stages")
                                : item_path(child_path(path, "stages"), k),
                            touchpoint.stages[k]);
    }
    for (const auto& [outcome, id] : {std::pair{"success", &touchpoint.moves.success},
                                      std::pair{"failure", &touchpoint.moves.failure}}) {
      if (!id->empty()) {
        check_stage_reference(child_path(child_path(path, "moves"), outcome), *id);
      }
    }
  };
  for (std::size_t i = 0; i < scenario_.journey.size(); ++i) {
    check_touchpoint_stages(item_path("journey", i), scenario_.journey[i]);
  }
  for (std::size_t f = 0; f < scenario_.fixes.size(); ++f) {
    const auto& added = scenario_.fixes[f].add_touchpoints;
    for (std::size_t i = 0; i < added.size(); ++i) {
      check_touchpoint_stages(item_path(child_path(item_path("fixes", f), "add_touchpoints"), i),
                              added[i]);
    }
  }
}

void Validator::check_fix(const std::string& path, const Fix& fix,
                          const std::set<std::string>& journey_ids) {
  check_identifier(child_path(path, "id"), fix.id, "a fix id");
  check_not_reserved(child_path(path, "id"), fix.id);
  if (fix.changes.empty() && fix.add_touchpoints.empty()) {
    problem(path, "changes nothing; give it 'changes' or 'add_touchpoints'");
  }
  // A fix's added touchpoints may follow the journey's and each other.
  std::set<std::string> reachable_ids = journey_ids;
  for (const Touchpoint& added : fix.add_touchpoints) {
    reachable_ids.insert(added.id);
  }
  for (std::size_t i = 0; i < fix.add_touchpoints.size(); ++i) {
    check_touchpoint(item_path(child_path(path, "add_touchpoints"), i), fix.add_touchpoints[i],
                     reachable_ids);
  }
  std::unordered_map<std::string, Support> changed_supports;
  for (std::size_t i = 0; i < fix.changes.size(); ++i) {
    check_change(item_path(child_path(path, "changes"), i), fix.changes[i], fix, changed_supports);
  }
  for (const FixParameter& parameter : fix_parameters()) {
    check(child_path(path, parameter.name), parameter.of(fix), parameter.range);
  }
  check_item_settings(path, fix_months(), fix, journey_ids);
}

template <typename Item>
void Validator::check_item_settings(const std::string& path,
                                    std::span<const ItemSetting<Item>> settings, const Item& item,
                                    const std::set<std::string>& reachable_ids) {
  for (const ItemSetting<Item>& setting : settings) {
    const std::string setting_path = child_path(path, setting.name);
    std::visit(
        [&](const auto* value) {
          using Value = std::remove_cvref_t<decltype(*value)>;
          if constexpr (std::is_same_v<Value, int>) {
            if (setting.horizon == HorizonBound::month) {
              check_month(setting_path, *value);
            } else if (setting.horizon == HorizonBound::lag) {
              if (*value < 0 || (months_ >= 1 && *value >= months_)) {
                problem(setting_path, "must be in [0, " + std::to_string(std::max(months_ - 1, 0)) +
                                          "] months, got " + std::to_string(*value));
              }
            } else {
              check_at_least(setting_path, *value, setting.whole.lo);
              check_at_most(setting_path, *value, setting.whole.hi);
            }
          } else if constexpr (std::is_same_v<Value, Number>) {
            check(setting_path, *value, setting.range);
          } else if constexpr (std::is_same_v<Value, std::vector<int>>) {
            check_months_list(setting_path, *value);
          } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
            check_trigger_sources(setting_path, *value, reachable_ids);
          } else if constexpr (std::is_same_v<Value, StateCondition>) {
            check_condition(setting_path, *value);
          }
          // A trigger's outcome and join are among their names once read.
        },
        setting.of(item));
  }
}

void Validator::check_change(const std::string& path, const TouchpointChange& change,
                             const Fix& fix,
                             std::unordered_map<std::string, Support>& changed_supports) {
  const auto find_in = [&](const std::vector<Touchpoint>& touchpoints) -> const Touchpoint* {
    const auto found = std::find_if(touchpoints.begin(), touchpoints.end(),
                                    [&](const Touchpoint& t) { return t.id == change.touchpoint; });
    return found == touchpoints.end() ? nullptr : &*found;
  };
  const Touchpoint* touchpoint = find_in(scenario_.journey);
  if (touchpoint == nullptr) {
    touchpoint = find_in(fix.add_touchpoints);
  }
  if (touchpoint == nullptr) {
    if (options_.check_references) {
      std::vector<std::string_view> known;
      for (const Touchpoint& t : scenario_.journey)
        known.push_back(t.id);
      for (const Touchpoint& t : fix.add_touchpoints)
        known.push_back(t.id);
      problem(child_path(path, "touchpoint"), "unknown touchpoint " +
                                                  quoted_text(change.touchpoint) +
                                                  suggestion_for(change.touchpoint, known));
    }
    return;
  }
  const std::string operation_path = child_path(path, operation_name(change.operation));
  for (const ParameterChange& parameter_change : change.parameters) {
    const std::string parameter_path = child_path(operation_path, parameter_change.parameter);
    const TouchpointParameter* parameter = find_touchpoint_parameter(parameter_change.parameter);
    if (parameter == nullptr) {
      continue;  // reported by the loader
    }
    if (parameter->functional && !touchpoint->controllable) {
      problem(parameter_path, "touchpoint '" + touchpoint->id +
                                  "' is controllable: false, so a fix can't change its "
                                  "functional parameters; mitigate it with recovery, "
                                  "communication or an added touchpoint");
      continue;
    }
    if (!check_well_formed(parameter_path, parameter_change.value)) {
      continue;
    }
    const std::string key = touchpoint->id + '\n' + std::string(parameter->name);
    const auto earlier = changed_supports.find(key);
    const Support base = earlier != changed_supports.end() ? earlier->second
                                                           : support_of(parameter->of(*touchpoint));
    const Support value = support_of(parameter_change.value);
    Support result = value;
    if (change.operation == ChangeOperation::add) {
      result = add_supports(base, value);
    } else if (change.operation == ChangeOperation::scale) {
      if (value.lo < 0.0) {
        problem(parameter_path,
                "a scale factor must be >= 0, got " +
                    (is_constant(parameter_change.value)
                         ? format_number(value.lo)
                         : describe(std::get<Distribution>(parameter_change.value))));
        continue;
      }
      result = scale_support(base, value);
    }
    changed_supports[key] = result;
    if (parameter->range.contains(result)) {
      continue;
    }
    if (change.operation == ChangeOperation::set && is_constant(parameter_change.value)) {
      check(parameter_path, value.lo, parameter->range);
    } else if (change.operation == ChangeOperation::set) {
      check(parameter_path, parameter_change.value, parameter->range);
    } else if (std::isinf(result.lo) || std::isinf(result.hi)) {
      problem(parameter_path, "is unbounded, but the value must be " + parameter->range.describe() +
                                  "; use beta, triangular or uniform for a bounded quantity");
    } else {
      const auto interval = [](Support s) {
        return s.lo == s.hi ? format_number(s.lo)
                            : "[" + format_number(s.lo) + ", " + format_number(s.hi) + "]";
      };
      problem(parameter_path, "takes the value to " + interval(result) + " (from " +
                                  interval(base) + "); it must be " + parameter->range.describe());
    }
  }
}

void Validator::check_combinations() {
  std::set<std::string> fix_ids;
  for (const Fix& fix : scenario_.fixes) {
    fix_ids.insert(fix.id);
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < scenario_.scenarios.size(); ++i) {
    const FixCombination& combination = scenario_.scenarios[i];
    const std::string path = item_path("scenarios", i);
    check_identifier(child_path(path, "id"), combination.id, "a scenario id");
    check_not_reserved(child_path(path, "id"), combination.id);
    if (!combination.id.empty() && !ids.insert(combination.id).second) {
      problem(child_path(path, "id"), "duplicate scenario id " + quoted_text(combination.id));
    } else if (fix_ids.contains(combination.id)) {
      problem(child_path(path, "id"),
              quoted_text(combination.id) + " is already a fix id; variants need distinct ids");
    }
    if (combination.fixes.empty()) {
      problem(child_path(path, "fixes"), "lists no fix");
    }
    std::set<std::string> listed;
    const std::vector<std::string_view> known(fix_ids.begin(), fix_ids.end());
    for (std::size_t j = 0; j < combination.fixes.size(); ++j) {
      const std::string& fix = combination.fixes[j];
      const std::string fix_path = item_path(child_path(path, "fixes"), j);
      if (!fix_ids.contains(fix)) {
        if (options_.check_references) {
          problem(fix_path, "unknown fix " + quoted_text(fix) + suggestion_for(fix, known));
        }
      } else if (!listed.insert(fix).second) {
        problem(fix_path, "fix " + quoted_text(fix) + " is listed twice");
      }
    }
  }
}

void Validator::check_joint_uncertainty() {
  Scenario numbers = scenario_;                 // find_number reads a mutable scenario
  std::map<std::string, std::string> drawn_by;  // index form → where a block lists it
  for (std::size_t b = 0; b < scenario_.joint_uncertainty.size(); ++b) {
    const JointUncertainty& block = scenario_.joint_uncertainty[b];
    const std::string path = item_path("joint_uncertainty", b);
    if (block.parameters.empty()) {
      problem(child_path(path, "parameters"), "lists no parameter");
      continue;
    }
    for (std::size_t k = 0; k < block.parameters.size(); ++k) {
      const JointParameter& parameter = block.parameters[k];
      const std::string parameter_path = item_path(child_path(path, "parameters"), k);
      const std::string path_path = child_path(parameter_path, "path");
      std::string index_form;
      try {
        index_form = index_form_path(scenario_, parameter.path);
      } catch (const UnknownParameterPath& unknown) {
        if (options_.check_references) {
          problem(path_path, unknown.what());
        }
        continue;
      }
      if (const auto [earlier, first] = drawn_by.emplace(index_form, parameter_path); !first) {
        problem(path_path, in_quotes(parameter.path) + " is already drawn by " + earlier->second +
                               "; a parameter belongs to one joint block, once");
        continue;
      }
      const Number& number = *find_number(numbers, index_form);
      if (const auto* distribution = std::get_if<Distribution>(&number)) {
        problem(path_path, in_quotes(parameter.path) + " is " + describe(*distribution) +
                               " in the scenario; a jointly drawn parameter is centred on a " +
                               "constant, so write its value there");
        continue;
      }
      const double centre = std::get<double>(number);
      const ValueRange domain = scale_domain(parameter.scale);
      if (!domain.contains(centre)) {
        problem(child_path(parameter_path, "scale"),
                "scale " + std::string(scale_name(parameter.scale)) + " needs a value " +
                    domain.describe() + ", but " + in_quotes(parameter.path) + " is " +
                    format_number(centre));
      }
    }
    check_covariance(child_path(path, "covariance"), block);
  }
}

void Validator::check_covariance(const std::string& path, const JointUncertainty& block) {
  const std::vector<std::vector<double>>& covariance = block.covariance;
  const std::size_t size = block.parameters.size();
  const std::string shape =
      std::to_string(size) + " x " + std::to_string(size) + " (a row and a column per parameter)";
  if (covariance.size() != size) {
    problem(path, "must be " + shape + ", got " + std::to_string(covariance.size()) + " rows");
    return;
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (covariance[i].size() != size) {
      problem(item_path(path, i), "must have " + std::to_string(size) +
                                      " numbers, as the matrix is " + shape + ", got " +
                                      std::to_string(covariance[i].size()));
      return;
    }
  }
  for (std::size_t i = 0; i < size; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (covariance[i][j] != covariance[j][i]) {
        problem(item_path(item_path(path, i), j),
                "must equal row " + std::to_string(j + 1) + ", column " + std::to_string(i + 1) +
                    " (" + format_number(covariance[j][i]) + "): a covariance is symmetric, got " +
                    format_number(covariance[i][j]));
        return;
      }
    }
  }
  if (!cholesky_factor(covariance)) {
    problem(path,
            "must be positive definite (every variance > 0, no correlation of ±1), but "
            "its smallest eigenvalue is " +
                format_number(smallest_eigenvalue(covariance)));
  }
}

}  // namespace

std::vector<Diagnostic> validate(const Scenario& scenario, const SourceMap& source_map,
                                 const ValidationOptions& options) {
  return Validator(scenario, source_map, options).run();
}

}  // namespace cxsim
