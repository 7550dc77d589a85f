// The settings table: every setting in it is read from a file, refused outside its range,
// reachable as a parameter path when it is a number, and compiled where it says; every model's
// parameters are in it with the model's range. The same for each segment's and fix's parameters. A
// setting added to the table but not wired into one of these fails here.
#include "scenario/scenario_settings.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "analysis/parameter_sweep.hpp"
#include "base/text.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "model/compiled_run.hpp"
#include "model/perception_models.hpp"
#include "model/retention_models.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/variants.hpp"

namespace cxsim {
namespace {

// A scenario file as nested mappings, so that a setting can be written at its path beside the
// keys every scenario needs.
struct Document {
  std::string text;  // a leaf's YAML
  std::vector<std::pair<std::string, Document>> children;

  void set(std::string_view path, const std::string& value) {
    const std::string_view key = path.substr(0, path.find('.'));
    auto found = std::find_if(children.begin(), children.end(),
                              [&](const auto& child) { return child.first == key; });
    if (found == children.end()) {
      children.emplace_back(std::string(key), Document{});
      found = children.end() - 1;
    }
    if (key.size() == path.size()) {
      found->second = Document{value, {}};
    } else {
      found->second.set(path.substr(key.size() + 1), value);
    }
  }

  std::string flow() const {
    if (children.empty()) {
      return text;
    }
    std::string out = "{";
    for (const auto& [key, child] : children) {
      out += (out.size() > 1 ? ", " : "") + key + ": " + child.flow();
    }
    return out + "}";
  }

  std::string yaml() const {
    std::string out;
    for (const auto& [key, child] : children) {
      out += key + ": " + child.flow() + "\n";
    }
    return out;
  }
};

Document base_document() {
  Document document;
  document.set("cxsim", "1");
  document.set("name", "settings");
  document.set("simulation.customers", "10");
  document.set("simulation.months", "12");
  document.set("segments",
               "[{name: all, retention: {model: constant, monthly_churn: 0.1}, "
               "revenue: {monthly_mean: 1}}]");
  document.set("journey", "[{id: signup, when: {month: 0}}]");
  return document;
}

std::string valid_text(const ScenarioSetting& setting);

// The base document with `value` at `path`, and the settings its section requires.
ScenarioReading read_with(const std::string& path, const std::string& value) {
  Document document = base_document();
  const std::string section = path.substr(0, path.rfind('.') + 1);
  for (const ScenarioSetting& setting : scenario_settings()) {
    if (setting.required && setting.path.starts_with(section) &&
        setting.path.find('.', section.size()) == std::string::npos) {
      document.set(setting.path, valid_text(setting));
    }
  }
  // A value that needs another setting's (validation.cpp): ROI on the total needs a terminal
  // value.
  if (path == "finance.roi_basis") {
    document.set("finance.terminal_value.method", std::string(kTerminalValueMethods.back()));
  }
  document.set(path, value);
  return read_scenario_text(document.yaml(), "settings.yaml");
}

// A value inside the range and away from its ends, as a file writes it.
std::string text_in(const ValueRange& range) {
  const double lo = std::isinf(range.lo) ? -1.0 : range.lo;
  const double hi = std::isinf(range.hi) ? lo + 2.0 : range.hi;
  return format_number(lo + 0.375 * (hi - lo));
}

bool is_whole(const ScenarioSetting& setting) {
  const SettingField field = setting.of(Scenario{});
  return std::holds_alternative<int*>(field) || std::holds_alternative<std::int64_t*>(field) ||
         std::holds_alternative<std::optional<std::int64_t>*>(field);
}

bool is_real(const ScenarioSetting& setting) {
  const SettingField field = setting.of(Scenario{});
  return std::holds_alternative<double*>(field) || std::holds_alternative<Number*>(field);
}

// A value inside the setting's range and other than its default, as a file writes it.
std::string valid_text(const ScenarioSetting& setting) {
  const Scenario defaults;
  if (is_whole(setting)) {
    const std::int64_t value = setting.whole.lo + 1;
    const SettingField field = setting.of(defaults);
    const bool is_default = std::visit(
        [&](const auto* current) {
          using Value = std::remove_cvref_t<decltype(*current)>;
          if constexpr (std::is_same_v<Value, std::optional<std::int64_t>>) {
            return *current == value;
          } else if constexpr (std::is_same_v<Value, int> || std::is_same_v<Value, std::int64_t>) {
            return *current == value;
          } else {
            return false;
          }
        },
        field);
    return std::to_string(is_default ? value + 1 : value);
  }
  if (is_real(setting)) {
    return text_in(setting.range);
  }
  if (!setting.names.empty()) {
    return std::string(setting.names.back());
  }
  return "[0, 3]";
}

// A value outside the setting's range, or nothing when it has no such value.
std::optional<std::string> invalid_text(const ScenarioSetting& setting) {
  if (is_whole(setting)) {
    if (setting.whole.lo > std::numeric_limits<std::int64_t>::min()) {
      return std::to_string(setting.whole.lo - 1);
    }
    return std::nullopt;
  }
  if (is_real(setting)) {
    if (!std::isinf(setting.range.lo)) {
      return format_number(setting.range.lo - 1.0);
    }
    if (!std::isinf(setting.range.hi)) {
      return format_number(setting.range.hi + 1.0);
    }
    return std::nullopt;
  }
  if (!setting.names.empty()) {
    return "no_such_model";
  }
  return "[0, 0]";
}

// The setting's value in `scenario`, as valid_text writes it.
std::string written(const ScenarioSetting& setting, const Scenario& scenario) {
  return std::visit(
      [](const auto* value) -> std::string {
        using Value = std::remove_cvref_t<decltype(*value)>;
        if constexpr (std::is_same_v<Value, std::optional<std::int64_t>>) {
          return value->has_value() ? std::to_string(**value) : "unset";
        } else if constexpr (std::is_same_v<Value, int> || std::is_same_v<Value, std::int64_t>) {
          return std::to_string(*value);
        } else if constexpr (std::is_same_v<Value, double>) {
          return format_number(*value);
        } else if constexpr (std::is_same_v<Value, Number>) {
          return format_number(value_of(*value));
        } else if constexpr (std::is_same_v<Value, std::string>) {
          return *value;
        } else {
          std::string list = "[";
          for (const int month : *value) {
            list += (list.size() > 1 ? ", " : "") + std::to_string(month);
          }
          return list + "]";
        }
      },
      setting.of(scenario));
}

TEST(ScenarioSettings, EachIsReadFromItsPathInAFile) {
  for (const ScenarioSetting& setting : scenario_settings()) {
    SCOPED_TRACE(setting.path);
    const std::string value = valid_text(setting);
    const ScenarioReading reading = read_with(setting.path, value);
    ASSERT_TRUE(reading.scenario.has_value())
        << (reading.problems.empty() ? "" : to_string(reading.problems.front()));
    EXPECT_EQ(written(setting, *reading.scenario), value);
  }
}

TEST(ScenarioSettings, EachIsRefusedOutsideItsRangeAtItsPath) {
  for (const ScenarioSetting& setting : scenario_settings()) {
    SCOPED_TRACE(setting.path);
    const auto value = invalid_text(setting);
    if (!value) {
      EXPECT_TRUE(setting.range.contains(std::numeric_limits<double>::lowest()));
      continue;
    }
    const ScenarioReading reading = read_with(setting.path, *value);
    ASSERT_EQ(reading.problems.size(), 1u);
    const Diagnostic& problem = reading.problems.front();
    EXPECT_TRUE(problem.path.starts_with(setting.path)) << problem.path;
    // The base document's sections take lines 1 to 5; a new section is written on line 6.
    EXPECT_EQ(problem.location.line, setting.path.starts_with("simulation.") ? 3 : 6);
  }
}

TEST(ScenarioSettings, EachNumberIsAParameterPathThatDrawsAndSweepsReach) {
  const Scenario scenario = *read_scenario_text(base_document().yaml(), "settings.yaml").scenario;
  const std::vector<std::string> paths = parameter_paths(scenario);
  for (const ScenarioSetting& setting : scenario_settings()) {
    SCOPED_TRACE(setting.path);
    const bool reachable = std::find(paths.begin(), paths.end(), setting.path) != paths.end();
    EXPECT_EQ(reachable, setting.is_number());
    if (setting.is_number()) {
      EXPECT_EQ(resolve_parameter_path(scenario, setting.path), setting.path);
    }
  }
}

TEST(ScenarioSettings, EachCompiledOneReachesTheRunDrawn) {
  for (const ScenarioSetting& setting : scenario_settings()) {
    SCOPED_TRACE(setting.path);
    if (setting.compiled == nullptr) {
      // The one number compile_run derives more from: the month-by-month discount factors.
      if (setting.is_number()) {
        EXPECT_EQ(setting.path, "finance.discount_rate");
      }
      continue;
    }
    ASSERT_TRUE(setting.is_number());
    // A distribution of one value: compiled only once drawn.
    const std::string value = valid_text(setting);
    const ScenarioReading reading =
        read_with(setting.path, "{uniform: [" + value + ", " + value + "]}");
    ASSERT_TRUE(reading.scenario.has_value());
    CompiledRun run =
        compile_run(draw_parameters(*reading.scenario, 0), standard_variants(*reading.scenario), 0);
    EXPECT_EQ(format_number(setting.compiled(run)), value);
  }
}

template <typename Models, typename Parameters>
void expect_every_parameter_is_a_setting(std::string_view section,
                                         Parameters CompiledRun::*parameters_of_run) {
  const auto each_model = [&]<typename... Model>(ModelList<Model...>) {
    (
        [&] {
          for (const ModelParameter<Parameters>& parameter : Model::parameters) {
            const std::string path = std::string(section) + "." + std::string(parameter.name);
            SCOPED_TRACE(std::string(Model::name) + " reads " + path);
            const ScenarioSetting* setting = find_scenario_setting(path);
            ASSERT_NE(setting, nullptr);
            EXPECT_TRUE(setting->is_number());
            EXPECT_EQ(setting->range.describe(), parameter.range.describe());
            CompiledRun run;
            setting->compiled(run) = 0.125;
            EXPECT_EQ((run.*parameters_of_run).*parameter.field, 0.125);
          }
        }(),
        ...);
  };
  each_model(Models{});
}

TEST(ScenarioSettings, EveryModelParameterIsASettingCompiledIntoTheModelsParameters) {
  expect_every_parameter_is_a_setting<PerceptionModels>("perception", &CompiledRun::perception);
  expect_every_parameter_is_a_setting<RetentionModels>("retention", &CompiledRun::retention);
}

TEST(ScenarioSettings, EveryModelNameSettingListsTheRegisteredModels) {
  EXPECT_EQ(find_scenario_setting("perception.model")->describe_range(),
            "one of " + quoted_list(PerceptionModels::names));
  EXPECT_EQ(find_scenario_setting("retention.model")->describe_range(),
            "one of " + quoted_list(RetentionModels::names));
}

TEST(ScenarioSettings, TheLimitsOfTheRunSettingsAreLookedUpByPath) {
  const auto whole = [](std::string_view path) { return find_scenario_setting(path)->whole; };
  EXPECT_EQ(whole("simulation.customers").lo, 2);
  EXPECT_EQ(whole("simulation.customers").hi, 4'294'967'295);
  EXPECT_EQ(whole("simulation.months").lo, 1);
  EXPECT_EQ(whole("simulation.months").hi, 600);
  EXPECT_EQ(whole("simulation.replications").lo, 1);
  EXPECT_EQ(whole("simulation.replications").hi, 100'000);
  EXPECT_EQ(whole("simulation.seed").lo, 0);
  EXPECT_EQ(whole("simulation.seed").hi, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(find_scenario_setting("simulation.months")->describe_range(), "in [1, 600]");
  EXPECT_EQ(find_scenario_setting("simulation.seed")->describe_range(), ">= 0");
  EXPECT_EQ(find_scenario_setting("simulation.confidence")->describe_range(), "in (0, 1)");
  EXPECT_EQ(find_scenario_setting("simulation.gpu"), nullptr);
}

// The base document with one list item (the first segment, or a fix) written as `item`.
template <typename Item>
ScenarioReading read_with_item(const Document& item) {
  std::string list = "[";
  list += item.flow();
  Document document = base_document();
  document.set(std::is_same_v<Item, Segment> ? "segments" : "fixes", list + "]");
  return read_scenario_text(document.yaml(), "settings.yaml");
}

template <typename Item>
void expect_each_read_refused_and_a_parameter_path(std::span<const ItemParameter<Item>> parameters,
                                                   const Document& item, std::string_view list) {
  for (const ItemParameter<Item>& parameter : parameters) {
    SCOPED_TRACE(parameter.name);
    const std::string path = std::string(list) + "[0]." + std::string(parameter.name);
    Document with_value = item;
    const std::string value = text_in(parameter.range);
    with_value.set(parameter.name, value);
    const ScenarioReading reading = read_with_item<Item>(with_value);
    ASSERT_TRUE(reading.scenario.has_value());
    const auto& items = [&]() -> const std::vector<Item>& {
      if constexpr (std::is_same_v<Item, Segment>) {
        return reading.scenario->segments;
      } else {
        return reading.scenario->fixes;
      }
    }();
    EXPECT_EQ(format_number(value_of(parameter.of(items[0]))), value);
    const std::vector<std::string> paths = parameter_paths(*reading.scenario);
    EXPECT_NE(std::find(paths.begin(), paths.end(), path), paths.end());

    ASSERT_FALSE(std::isinf(parameter.range.lo));
    Document out_of_range = item;
    out_of_range.set(parameter.name, format_number(parameter.range.lo - 1.0));
    const ScenarioReading refused = read_with_item<Item>(out_of_range);
    ASSERT_EQ(refused.problems.size(), 1u);
    EXPECT_EQ(refused.problems.front().path, path);
  }
}

TEST(SegmentParameters, EachIsReadRefusedOutsideItsRangeAndAParameterPath) {
  Document segment;
  segment.set("name", "all");
  segment.set("retention", "{model: constant, monthly_churn: 0.1}");
  segment.set("revenue.monthly_mean", "1");
  expect_each_read_refused_and_a_parameter_path(segment_parameters(), segment, "segments");
}

TEST(FixParameters, EachIsReadRefusedOutsideItsRangeAndAParameterPath) {
  Document fix;
  fix.set("id", "better_signup");
  fix.set("changes", "[{touchpoint: signup, set: {functional.success: 1}}]");
  expect_each_read_refused_and_a_parameter_path(fix_parameters(), fix, "fixes");
}

// The settings of an item or of one of its forms, each at a value the entry allows and other
// than its default, as a file writes them, in the entries' order.
template <typename Item>
std::vector<std::string> valid_values(std::span<const ItemSetting<Item>> settings,
                                      const Item& defaults) {
  std::vector<std::string> values;
  for (const ItemSetting<Item>& setting : settings) {
    const std::string value = std::visit(
        [&](const auto* current) -> std::string {
          using Value = std::remove_cvref_t<decltype(*current)>;
          if constexpr (std::is_same_v<Value, int>) {
            const std::int64_t allowed = setting.whole.lo + 2;
            EXPECT_NE(*current, allowed);
            return std::to_string(allowed);
          } else if constexpr (std::is_same_v<Value, Number>) {
            return text_in(setting.range);
          } else if constexpr (std::is_same_v<Value, std::vector<int>>) {
            return "[0, 3]";
          } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
            return "signup";  // the base document's touchpoint
          } else if constexpr (std::is_same_v<Value, TriggerJoin>) {
            EXPECT_NE(*current, TriggerJoin::all);
            return "all";
          } else if constexpr (std::is_same_v<Value, StateCondition>) {
            EXPECT_EQ(*current, StateCondition{});
            return "{perception_below: 0.5}";
          } else {
            EXPECT_NE(*current, TriggerOutcome::failure);
            return "failure";
          }
        },
        setting.of(defaults));
    values.push_back(value);
  }
  return values;
}

// "key: value, ..." of a mapping's entries.
template <typename Item>
std::string entries_of(std::span<const ItemSetting<Item>> settings,
                       const std::vector<std::string>& values) {
  std::string entries;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    entries += (i == 0 ? "" : ", ") + std::string(settings[i].name) + ": " + values[i];
  }
  return entries;
}

// Values outside the setting's range, as a file writes them: below it, and for a month or a
// number of months, the horizon of the base document (12) too.
template <typename Item>
std::vector<std::string> invalid_values(const ItemSetting<Item>& setting, const Item& defaults) {
  return std::visit(
      [&](const auto* current) -> std::vector<std::string> {
        using Value = std::remove_cvref_t<decltype(*current)>;
        if constexpr (std::is_same_v<Value, int>) {
          std::vector<std::string> values{std::to_string(setting.whole.lo - 1)};
          if (setting.horizon != HorizonBound::none) {
            values.emplace_back("12");
          }
          return values;
        } else if constexpr (std::is_same_v<Value, Number>) {
          EXPECT_FALSE(std::isinf(setting.range.lo));
          return {format_number(setting.range.lo - 1.0)};
        } else if constexpr (std::is_same_v<Value, std::vector<int>>) {
          return {"[0, 0]", "[12]"};
        } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
          return {"nowhere"};
        } else if constexpr (std::is_same_v<Value, StateCondition>) {
          return {"{perception_below: 2}"};
        } else {
          return {"sometimes"};
        }
      },
      setting.of(defaults));
}

// The setting's value in `item`, as valid_entries writes it.
template <typename Item>
std::string written(const ItemSetting<Item>& setting, const Item& item) {
  return std::visit(
      [](const auto* value) -> std::string {
        using Value = std::remove_cvref_t<decltype(*value)>;
        if constexpr (std::is_same_v<Value, int>) {
          return std::to_string(*value);
        } else if constexpr (std::is_same_v<Value, Number>) {
          return format_number(value_of(*value));
        } else if constexpr (std::is_same_v<Value, std::vector<int>>) {
          std::string list = "[";
          for (const int month : *value) {
            list += (list.size() > 1 ? ", " : "") + std::to_string(month);
          }
          return list + "]";
        } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
          return value->size() == 1 ? value->front() : std::string("a list");
        } else if constexpr (std::is_same_v<Value, TriggerJoin>) {
          return std::string(kTriggerJoinNames[static_cast<std::size_t>(*value)]);
        } else if constexpr (std::is_same_v<Value, StateCondition>) {
          StateCondition written;
          written.perception_below = value->perception_below;
          return written == *value
                     ? "{perception_below: " + format_number(value->perception_below) + "}"
                     : std::string("another condition");
        } else {
          return std::string(kTriggerOutcomeNames[static_cast<std::size_t>(*value)]);
        }
      },
      setting.of(item));
}

// Each setting is read from its key, refused outside its range at its path (`path` + its
// name), and reachable as a parameter path exactly when it is a Number. `read(entries)` reads
// the base document with an item written with those entries; `item_of` finds the item in it.
template <typename Item>
void expect_each_item_setting_wired(
    std::span<const ItemSetting<Item>> settings, const Item& defaults, const std::string& path,
    const std::function<ScenarioReading(const std::string& entries)>& read,
    const std::function<const Item&(const Scenario&)>& item_of) {
  const std::vector<std::string> values = valid_values(settings, defaults);
  const std::string entries = entries_of(settings, values);
  const ScenarioReading reading = read(entries);
  ASSERT_TRUE(reading.scenario.has_value())
      << entries << ": " << (reading.problems.empty() ? "" : to_string(reading.problems.front()));
  const std::vector<std::string> paths = parameter_paths(*reading.scenario);
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const ItemSetting<Item>& setting = settings[i];
    const std::string setting_path = path + "." + std::string(setting.name);
    SCOPED_TRACE(setting_path);
    EXPECT_EQ(written(setting, item_of(*reading.scenario)), values[i]);
    const bool is_number = std::holds_alternative<Number*>(setting.of(defaults));
    EXPECT_EQ(std::find(paths.begin(), paths.end(), setting_path) != paths.end(), is_number);

    for (const std::string& invalid : invalid_values(setting, defaults)) {
      std::vector<std::string> with_invalid = values;
      with_invalid[i] = invalid;
      const std::string invalid_entries = entries_of(settings, with_invalid);
      SCOPED_TRACE(invalid_entries);
      const ScenarioReading refused = read(invalid_entries);
      ASSERT_EQ(refused.problems.size(), 1u);
      EXPECT_TRUE(refused.problems.front().path.starts_with(setting_path))
          << refused.problems.front().path;
    }
  }
}

TEST(ChurnModels, EachSettingOfEachModelIsReadRefusedOutsideItsRangeAndAParameterPath) {
  for (const SettingForm<SegmentRetention>& model : churn_models()) {
    SCOPED_TRACE(model.name);
    SegmentRetention defaults;
    model.choose(defaults);
    EXPECT_EQ(&form_of(churn_models(), defaults), &model);
    expect_each_item_setting_wired<SegmentRetention>(
        model.settings, defaults, "segments[0].retention",
        [&](const std::string& entries) {
          Document segment;
          segment.set("name", "all");
          segment.set("retention", "{model: " + std::string(model.name) + ", " + entries + "}");
          segment.set("revenue.monthly_mean", "1");
          return read_with_item<Segment>(segment);
        },
        [](const Scenario& scenario) -> const SegmentRetention& {
          return scenario.segments[0].retention;
        });
  }
}

TEST(ScheduleForms, EachSettingOfEachFormIsReadRefusedOutsideItsRangeAndAParameterPath) {
  for (const SettingForm<Schedule>& form : schedule_forms()) {
    SCOPED_TRACE(form.name);
    Schedule defaults;
    form.choose(defaults);
    EXPECT_EQ(&form_of(schedule_forms(), defaults), &form);
    // The form is named by its first key.
    EXPECT_EQ(form.settings.front().name, form.name);
    expect_each_item_setting_wired<Schedule>(
        form.settings, defaults, "journey[1].when",
        [](const std::string& entries) {
          Document document = base_document();
          document.set("journey",
                       "[{id: signup, when: {month: 0}}, {id: later, when: {" + entries + "}}]");
          return read_scenario_text(document.yaml(), "settings.yaml");
        },
        [](const Scenario& scenario) -> const Schedule& { return scenario.journey[1].when; });
  }
}

TEST(FixMonths, EachIsReadRefusedOutsideItsRange) {
  expect_each_item_setting_wired<Fix>(
      fix_months(), Fix{}, "fixes[0]",
      [](const std::string& entries) {
        Document document = base_document();
        document.set("fixes",
                     "[{id: better_signup, changes: [{touchpoint: signup, set: "
                     "{functional.success: 1}}], " +
                         entries + "}]");
        return read_scenario_text(document.yaml(), "settings.yaml");
      },
      [](const Scenario& scenario) -> const Fix& { return scenario.fixes[0]; });
}

TEST(ScenarioSettings, PathsAreUniqueAndNoneIsASectionOfAnother) {
  const auto settings = scenario_settings();
  for (const ScenarioSetting& a : settings) {
    for (const ScenarioSetting& b : settings) {
      if (&a != &b) {
        EXPECT_NE(a.path, b.path);
        EXPECT_FALSE(b.path.starts_with(a.path + ".")) << a.path << " holds " << b.path;
      }
    }
  }
}

}  // namespace
}  // namespace cxsim
