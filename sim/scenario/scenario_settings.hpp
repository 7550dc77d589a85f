// Every setting of a scenario, declared once. Outside the lists (segments, journey, fixes,
// combinations): `scenario_settings()`. Of each list item: a segment's and a fix's numbers
// (`segment_parameters()`, `fix_parameters()`), a segment's churn model (`churn_models()`), a
// touchpoint's schedule (`schedule_forms()`), a fix's months (`fix_months()`); a touchpoint's
// numbers are in touchpoint_parameters.hpp. Each entry says the path scenarios write it at, what
// it holds (the type of its field in scenario.hpp, whose initialiser is its default; a Number may
// be a distribution), the values it may take, whether its section requires it, and where the
// compiled run keeps it. Loading, validation, parameter paths (draws and sweeps), overrides and
// compilation read these tables: adding a setting is a field and an entry. A model's parameters
// are declared by the model (perception_models.hpp, retention_models.hpp); their entries here
// take range and compiled field from that declaration.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/number.hpp"
#include "base/value_range.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct CompiledRun;

// The allowed values of a whole-number setting.
struct WholeRange {
  std::int64_t lo = std::numeric_limits<std::int64_t>::min();
  std::int64_t hi = std::numeric_limits<std::int64_t>::max();

  bool contains(std::int64_t value) const { return lo <= value && value <= hi; }
};

// The field a setting is read into, by its type: a whole number (int, std::int64_t, or an
// optional one), a real, a Number, a name, or a list of months.
using SettingField = std::variant<int*, std::int64_t*, std::optional<std::int64_t>*, double*,
                                  Number*, std::string*, std::vector<int>*>;

struct ScenarioSetting {
  std::string path;  // as scenarios, messages and `--vary` write it: "perception.memory"
  SettingField (*field)(Scenario&) = nullptr;
  ValueRange range = kAnyReal;              // of a real or a Number
  WholeRange whole;                         // of a whole number
  bool required = false;                    // in its section, when the section is written
  std::span<const std::string_view> names;  // the names a name may be: the registered models
  std::string_view named;                   // what those names are, for messages
  // Where compile_run puts a Number's value; null for a setting it derives more from.
  double& (*compiled)(CompiledRun&) = nullptr;

  SettingField of(const Scenario& scenario) const { return field(const_cast<Scenario&>(scenario)); }
  // True for a Number: the setting may be written as a distribution, drawn and swept.
  bool is_number() const;
  // The allowed values, reading after "must be ": "in [1, 600]", ">= 0", "in (0, 1)".
  std::string describe_range() const;
};

// In the order scenarios write them.
std::span<const ScenarioSetting> scenario_settings();

// Null when no setting has that path.
const ScenarioSetting* find_scenario_setting(std::string_view path);

// A number of each item of a list (each segment, each fix), by its path within the item
// (`revenue.monthly_mean`).
template <typename Item>
struct ItemParameter {
  std::string_view name;
  ValueRange range;
  bool required;  // in its section, when the section is written
  Number& (*field)(Item&);

  const Number& of(const Item& item) const { return field(const_cast<Item&>(item)); }
};

// A segment's baseline churn depends on its model and is read on its own.
using SegmentParameter = ItemParameter<Segment>;
using FixParameter = ItemParameter<Fix>;

// In the order scenarios write them.
std::span<const SegmentParameter> segment_parameters();
std::span<const FixParameter> fix_parameters();

// How a whole number of a list item stands to the horizon H (simulation.months).
enum class HorizonBound {
  none,   // only its whole range applies
  month,  // a month of the run, 0 to H − 1
  lag,    // a number of months, 0 to H − 1
};

// The field a setting of a list item is read into: a whole number, a Number, a list of months,
// touchpoint ids (the touchpoints a trigger follows: one, or a list), a trigger's outcome or
// join, or a condition on the customer's state.
using ItemField = std::variant<int*, Number*, std::vector<int>*, std::vector<std::string>*,
                               TriggerOutcome*, TriggerJoin*, StateCondition*>;

// A setting of each item of a list, or of one form of an item (a churn model, a schedule), by its
// key within the item or the form's section. Its default is the initialiser of its field.
template <typename Item>
struct ItemSetting {
  std::string_view name;
  ItemField (*field)(Item&);    // of an item of the setting's form
  ValueRange range = kAnyReal;  // of a Number
  WholeRange whole;             // of a whole number
  HorizonBound horizon = HorizonBound::none;
  bool required = false;  // when its form is written

  ItemField of(const Item& item) const { return field(const_cast<Item&>(item)); }
};

// One form of a setting written as one of several (a segment's churn model, a touchpoint's
// schedule): its name, how messages write it, and its settings in the order files write them.
// The forms of a choice are in the order of its variant's alternatives.
template <typename Choice>
struct SettingForm {
  std::string_view name;
  std::string_view written;  // "model 'sbg'", "{every: k, start: s}"
  void (*choose)(Choice&);   // gives the choice this form, each setting at its default
  std::span<const ItemSetting<Choice>> settings;
};

// A segment's `retention`: its `model` names the form.
std::span<const SettingForm<SegmentRetention>> churn_models();
// A touchpoint's `when`: the form's first key names it.
std::span<const SettingForm<Schedule>> schedule_forms();
// A fix's whole numbers, after its parameters.
std::span<const ItemSetting<Fix>> fix_months();

// One bound of a condition on a customer's state (`perception_below: -0.2`), a real or a whole
// number of months, and the values it may take.
struct ConditionBound {
  std::string_view name;
  std::variant<double StateCondition::*, int StateCondition::*> member;
  ValueRange range;  // of a real bound
  WholeRange whole;  // of a tenure
};

// In the order docs/scenarios.md lists them.
std::span<const ConditionBound> condition_bounds();

// The form a choice holds.
template <typename Choice>
const SettingForm<Choice>& form_of(std::span<const SettingForm<Choice>> forms,
                                   const Choice& choice) {
  return forms[choice.index()];
}

}  // namespace cxsim
