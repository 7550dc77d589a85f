#include "scenario/scenario_numbers.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "base/diagnostics.hpp"
#include "base/text.hpp"
#include "scenario/acquisition.hpp"
#include "scenario/scenario_settings.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {

namespace {

// The Numbers of the form `choice` holds, under `path`.
template <typename Choice>
void visit_form(const std::string& path, std::span<const SettingForm<Choice>> forms, Choice& choice,
                const RangedNumberVisitor& visit) {
  for (const ItemSetting<Choice>& setting : form_of(forms, choice).settings) {
    const ItemField field = setting.field(choice);
    if (Number* const* number = std::get_if<Number*>(&field)) {
      visit(path + "." + std::string(setting.name), **number, setting.range);
    }
  }
}

void visit_touchpoint(const std::string& path, Touchpoint& touchpoint,
                      const RangedNumberVisitor& visit) {
  visit_form(path + ".when", schedule_forms(), touchpoint.when, visit);
  for (const TouchpointParameter& parameter : touchpoint_parameters()) {
    visit(path + "." + std::string(parameter.name), parameter.field(touchpoint), parameter.range);
  }
}

// A segment's own parameters at a touchpoint take the parameters' values; its sensitivity
// factors, a segment's sensitivities'.
void visit_segment_touchpoint(const std::string& path, SegmentTouchpoint& own,
                              const RangedNumberVisitor& visit) {
  for (ParameterChange& parameter : own.parameters) {
    const TouchpointParameter* found = find_touchpoint_parameter(parameter.parameter);
    visit(path + "." + parameter.parameter, parameter.value,
          found != nullptr ? found->range : kAnyReal);
  }
  visit(path + ".sensitivity.functional", own.sensitivity.functional, kNonNegative);
  visit(path + ".sensitivity.emotional", own.sensitivity.emotional, kNonNegative);
  visit(path + ".sensitivity.sensory", own.sensitivity.sensory, kNonNegative);
}

// The values a change's number may take: a set's are the parameter's; an add may take any real,
// a scale any real >= 0 (validation checks where they take the parameter).
ValueRange change_range(ChangeOperation operation, std::string_view parameter) {
  switch (operation) {
    case ChangeOperation::set:
      if (const TouchpointParameter* found = find_touchpoint_parameter(parameter)) {
        return found->range;
      }
      return kAnyReal;
    case ChangeOperation::add:
      return kAnyReal;
    case ChangeOperation::scale:
      return kNonNegative;
  }
  return kAnyReal;
}

// `collection[i]` at the start of `rest`: i, and `rest` moved past it.
std::optional<std::size_t> take_index(std::string_view& rest, std::string_view collection) {
  if (!rest.starts_with(collection) || rest.size() <= collection.size() ||
      rest[collection.size()] != '[') {
    return std::nullopt;
  }
  const std::size_t close = rest.find(']', collection.size());
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view digits = rest.substr(collection.size() + 1, close - collection.size() - 1);
  std::size_t index = 0;
  const auto [stop, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (digits.empty() || error != std::errc{} || stop != digits.data() + digits.size()) {
    return std::nullopt;
  }
  rest.remove_prefix(close + 1);
  return index;
}

// Every way of writing a parameter's index-form path: indices or names of its segment,
// touchpoint, fix and added touchpoint. The index form first.
std::vector<std::string> spellings(const Scenario& scenario, const std::string& path) {
  std::string_view rest = path;
  std::vector<std::string> heads;
  const auto both = [](std::string_view collection, std::size_t index, const std::string& name) {
    const std::string head(collection);
    return std::vector<std::string>{head + "[" + std::to_string(index) + "]",
                                    head + "[" + name + "]"};
  };
  if (const auto segment = take_index(rest, "segments");
      segment && *segment < scenario.segments.size()) {
    heads = both("segments", *segment, scenario.segments[*segment].name);
  } else if (const auto touchpoint = take_index(rest, "journey");
             touchpoint && *touchpoint < scenario.journey.size()) {
    heads = both("journey", *touchpoint, scenario.journey[*touchpoint].id);
  } else if (const auto fix = take_index(rest, "fixes"); fix && *fix < scenario.fixes.size()) {
    heads = both("fixes", *fix, scenario.fixes[*fix].id);
    const std::vector<Touchpoint>& added = scenario.fixes[*fix].add_touchpoints;
    if (const auto added_touchpoint = take_index(rest, ".add_touchpoints");
        added_touchpoint && *added_touchpoint < added.size()) {
      std::vector<std::string> longer;
      for (const std::string& head : heads) {
        for (const std::string& tail :
             both(".add_touchpoints", *added_touchpoint, added[*added_touchpoint].id)) {
          longer.push_back(head + tail);
        }
      }
      heads = std::move(longer);
    }
  } else {
    return {path};
  }
  std::vector<std::string> names;
  for (const std::string& head : heads) {
    names.push_back(head + std::string(rest));
  }
  return names;
}

// The candidate closest to `word`: by the whole path first, then, for a path too different or
// too long for that, by what follows the longest start it shares with some candidates.
std::optional<std::string> closest_path(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  if (const auto closest = closest_name(word, views)) {
    return std::string(*closest);
  }
  std::size_t longest = 0;
  for (const std::string& candidate : candidates) {
    const auto stop = std::mismatch(word.begin(), word.end(), candidate.begin(), candidate.end());
    longest = std::max(longest, static_cast<std::size_t>(stop.first - word.begin()));
  }
  // A shared start is only a clue when it reaches into the path's structure: 'journey[sign'.
  if (word.substr(0, longest).find_first_of(".[") == std::string_view::npos) {
    return std::nullopt;
  }
  std::vector<std::string_view> tails;
  for (const std::string& candidate : candidates) {
    if (candidate.size() >= longest && word.substr(0, longest) == candidate.substr(0, longest)) {
      tails.push_back(std::string_view(candidate).substr(longest));
    }
  }
  if (const auto tail = closest_name(word.substr(longest), tails)) {
    return std::string(word.substr(0, longest)) + std::string(*tail);
  }
  return std::nullopt;
}

}  // namespace

void for_each_ranged_number(Scenario& scenario, const RangedNumberVisitor& visit) {
  for (std::size_t i = 0; i < scenario.segments.size(); ++i) {
    Segment& segment = scenario.segments[i];
    const std::string path = item_path("segments", i);
    visit_form(path + ".retention", churn_models(), segment.retention, visit);
    for (const SegmentParameter& parameter : segment_parameters()) {
      visit(path + "." + std::string(parameter.name), parameter.field(segment), parameter.range);
    }
    for (SegmentTouchpoint& own : segment.touchpoints) {
      visit_segment_touchpoint(path + ".touchpoints." + own.touchpoint, own, visit);
    }
    if (segment.acquisition) {
      Acquisition& acquisition = *segment.acquisition;
      const std::string per_month = path + ".acquisition.per_month";
      for (std::size_t k = 0; k < acquisition.per_month.size(); ++k) {
        visit(acquisition.listed ? item_path(per_month, k) : per_month, acquisition.per_month[k],
              kJoinersRange);
      }
      visit(path + ".acquisition.growth", acquisition.growth, kGrowthRange);
    }
  }
  for (std::size_t i = 0; i < scenario.journey.size(); ++i) {
    visit_touchpoint(item_path("journey", i), scenario.journey[i], visit);
  }
  for (const ScenarioSetting& setting : scenario_settings()) {
    const SettingField field = setting.field(scenario);
    if (Number* const* number = std::get_if<Number*>(&field)) {
      visit(setting.path, **number, setting.range);
    }
  }
  for (std::size_t f = 0; f < scenario.fixes.size(); ++f) {
    Fix& fix = scenario.fixes[f];
    const std::string path = item_path("fixes", f);
    for (std::size_t c = 0; c < fix.changes.size(); ++c) {
      TouchpointChange& change = fix.changes[c];
      const std::string change_path =
          item_path(path + ".changes", c) + "." + std::string(operation_name(change.operation));
      for (ParameterChange& parameter : change.parameters) {
        visit(change_path + "." + parameter.parameter, parameter.value,
              change_range(change.operation, parameter.parameter));
      }
    }
    for (std::size_t t = 0; t < fix.add_touchpoints.size(); ++t) {
      visit_touchpoint(item_path(path + ".add_touchpoints", t), fix.add_touchpoints[t], visit);
    }
    for (const FixParameter& parameter : fix_parameters()) {
      visit(path + "." + std::string(parameter.name), parameter.field(fix), parameter.range);
    }
  }
}

void for_each_number(Scenario& scenario, const NumberVisitor& visit) {
  for_each_ranged_number(scenario, [&](const std::string& path, Number& number, const ValueRange&) {
    visit(path, number);
  });
}

std::vector<std::string> parameter_paths(const Scenario& scenario) {
  Scenario copy = scenario;  // for_each_number visits a mutable scenario
  std::vector<std::string> paths;
  for_each_number(copy, [&](const std::string& path, Number&) { paths.push_back(path); });
  return paths;
}

std::string index_form_path(const Scenario& scenario, std::string_view path) {
  const std::vector<std::string> paths = parameter_paths(scenario);
  // Index forms first: where a name is also an index, the index wins.
  std::unordered_map<std::string, std::string> canonical;
  std::vector<std::string> candidates;
  for (const std::string& index_form : paths) {
    canonical.emplace(index_form, index_form);
  }
  for (const std::string& index_form : paths) {
    for (std::string& name : spellings(scenario, index_form)) {
      canonical.emplace(name, index_form);
      candidates.push_back(std::move(name));
    }
  }
  if (const auto found = canonical.find(std::string(path)); found != canonical.end()) {
    return found->second;
  }
  std::string message = "unknown parameter " + in_quotes(path);
  if (const auto closest = closest_path(path, candidates)) {
    message += "; did you mean " + in_quotes(*closest) + "?";
  } else {
    const auto journey = std::find_if(paths.begin(), paths.end(), [](const std::string& name) {
      return name.starts_with("journey[");
    });
    message += "; a parameter is named by its place in the scenario, such as " +
               in_quotes(journey != paths.end() ? *journey : paths.front()) + " or " +
               in_quotes("perception.memory");
  }
  throw UnknownParameterPath(message);
}

Number* find_number(Scenario& scenario, std::string_view path) {
  Number* found = nullptr;
  for_each_number(scenario, [&](const std::string& name, Number& number) {
    if (found == nullptr && name == path) {
      found = &number;
    }
  });
  return found;
}

ValueRange number_range(const Scenario& scenario, std::string_view path) {
  Scenario copy = scenario;  // for_each_ranged_number visits a mutable scenario
  ValueRange found = kAnyReal;
  for_each_ranged_number(copy, [&](const std::string& name, Number&, const ValueRange& range) {
    if (name == path) {
      found = range;
    }
  });
  return found;
}

std::string in_quotes(std::string_view text) {
  std::string quoted(1, '\'');
  quoted.append(text);
  quoted += '\'';
  return quoted;
}

}  // namespace cxsim
