#include "scenario/scenario_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <type_traits>

#include "base/text.hpp"
#include "scenario/scenario_settings.hpp"
#include "scenario/touchpoint_parameters.hpp"
#include "scenario/yaml_fields.hpp"
#include "scenario/yaml_location.hpp"
#include "scenario/yaml_resource_check.hpp"

namespace cxsim {

namespace {

// The sections of a touchpoint that hold its parameters of one layer of the CX stack.
constexpr std::array<std::string_view, 3> kTouchpointLayers{"functional", "emotional", "sensory"};

// A layer's keys: the names of its parameters after the layer's prefix.
std::vector<std::string_view> layer_parameter_keys(std::string_view layer) {
  std::vector<std::string_view> keys;
  for (const TouchpointParameter& parameter : touchpoint_parameters()) {
    if (parameter.name.starts_with(layer) && parameter.name.size() > layer.size() &&
        parameter.name[layer.size()] == '.') {
      keys.push_back(parameter.name.substr(layer.size() + 1));
    }
  }
  return keys;
}

// The scenario schema (docs/scenarios.md): which keys each part of a scenario has and what they
// become.
class Loader : private YamlFieldReader {
 public:
  using YamlFieldReader::YamlFieldReader;

  // False when the document can't be read as a scenario of this schema at all.
  bool load(const YAML::Node& root, Scenario& scenario);

 private:
  // The settings under `key` of `parent` (scenario_settings.hpp), subsections included.
  void read_settings(const Fields& parent, std::string_view key, Scenario& scenario);
  // Reads a setting's value into the field a table names, by the field's type.
  template <typename Field>
  void read_field(const Fields& section, std::string_view key, const Field& field);
  Segment read_segment(const YAML::Node& node, const std::string& path);
  void read_segment_retention(const Fields& segment, SegmentRetention& out);
  // `touchpoints`: a mapping of touchpoint ids to the segment's own parameters there.
  void read_segment_touchpoints(const Fields& segment, std::vector<SegmentTouchpoint>& out);
  void read_acquisition(const Fields& segment, std::optional<Acquisition>& out);
  // The settings of one form of a choice (scenario_settings.hpp), giving the choice that form.
  template <typename Choice>
  void read_form(const Fields& section, const SettingForm<Choice>& form, Choice& out);
  // One of an enum's names (`names` in the enum's order) into `out`.
  template <typename Enum, std::size_t kCount>
  void read_named(const Fields& section, std::string_view key,
                  const std::array<std::string_view, kCount>& names, Enum& out);
  // One text or a list of texts.
  void read_texts(const Fields& section, std::string_view key, std::vector<std::string>& out);
  void read_condition(const Fields& section, std::string_view key, StateCondition& out);
  Stage read_stage(const YAML::Node& node, const std::string& path);
  StageTransition read_transition(const YAML::Node& node, const std::string& path);
  // The parameters of a list item (scenario_settings.hpp): keys of the item, or of a section of
  // it whose keys are the names of its parameters after its prefix.
  template <typename Item>
  void read_parameters(const Fields& item, std::span<const ItemParameter<Item>> parameters,
                       Item& out);
  Touchpoint read_touchpoint(const YAML::Node& node, const std::string& path);
  void read_schedule(const Fields& touchpoint, Schedule& out);
  Fix read_fix(const YAML::Node& node, const std::string& path);
  TouchpointChange read_change(const YAML::Node& node, const std::string& path);
  FixCombination read_combination(const YAML::Node& node, const std::string& path);
  JointUncertainty read_joint_uncertainty(const YAML::Node& node, const std::string& path);
  JointParameter read_joint_parameter(const YAML::Node& node, const std::string& path);
  // A square matrix of numbers, row by row; its size and values are validation's to check.
  void read_covariance(const Fields& block, std::vector<std::vector<double>>& out);
};

bool Loader::load(const YAML::Node& root, Scenario& scenario) {
  constexpr std::array<std::string_view, 17> kKeys{
      "cxsim",   "name",    "description", "simulation", "population",       "segments",
      "journey", "stages",  "transitions", "perception", "retention",        "revenue",
      "finance", "surveys", "fixes",       "scenarios",  "joint_uncertainty"};
  if (!root.IsMap()) {
    error(root, "",
          "a scenario is a mapping of keys such as 'cxsim', 'name' and 'journey', got " +
              describe(root));
    return false;
  }
  // A file of another schema version is judged by that schema: stop at the version.
  std::optional<YAML::Node> version_node;
  for (const auto& pair : root) {
    if (pair.first.IsScalar() && pair.first.Scalar() == "cxsim") {
      version_node = pair.second;
    }
  }
  if (!version_node) {
    // Read on as this schema: the rest of the file's problems are worth reporting too.
    error(root, "cxsim",
          "missing required key; a scenario starts with 'cxsim: " + std::to_string(kSchemaVersion) +
              "' (the schema version)");
  } else {
    const YAML::Node& version = *version_node;
    const auto number = version.IsScalar() ? parse_whole(version.Scalar()) : std::nullopt;
    if (!number || *number != kSchemaVersion) {
      error(version, "cxsim",
            "unsupported schema version " + describe(version) + "; this cxsim reads " +
                std::to_string(kSchemaVersion));
      return false;
    }
  }

  const auto top =
      fields(root, "", kKeys,
             std::array<std::string_view, 4>{"name", "simulation", "segments", "journey"});
  if (!top) {
    return false;
  }
  read_text(*top, "name", scenario.name);
  read_text(*top, "description", scenario.description);
  read_settings(*top, "simulation", scenario);
  read_settings(*top, "population", scenario);
  read_list(*top, "segments", [&](const YAML::Node& node, const std::string& path) {
    scenario.segments.push_back(read_segment(node, path));
  });
  read_list(*top, "journey", [&](const YAML::Node& node, const std::string& path) {
    scenario.journey.push_back(read_touchpoint(node, path));
  });
  read_list(*top, "stages", [&](const YAML::Node& node, const std::string& path) {
    scenario.stages.push_back(read_stage(node, path));
  });
  read_list(*top, "transitions", [&](const YAML::Node& node, const std::string& path) {
    scenario.transitions.push_back(read_transition(node, path));
  });
  for (const std::string_view section :
       {"perception", "retention", "revenue", "finance", "surveys"}) {
    read_settings(*top, section, scenario);
  }
  read_list(*top, "fixes", [&](const YAML::Node& node, const std::string& path) {
    scenario.fixes.push_back(read_fix(node, path));
  });
  read_list(*top, "scenarios", [&](const YAML::Node& node, const std::string& path) {
    scenario.scenarios.push_back(read_combination(node, path));
  });
  read_list(*top, "joint_uncertainty", [&](const YAML::Node& node, const std::string& path) {
    scenario.joint_uncertainty.push_back(read_joint_uncertainty(node, path));
  });
  return true;
}

void Loader::read_settings(const Fields& parent, std::string_view key, Scenario& scenario) {
  const std::string path = child_path(parent.path, key);
  // The section's keys are the next part of its settings' paths, in the table's order.
  std::vector<std::string_view> keys;
  std::vector<std::string_view> required;
  for (const ScenarioSetting& setting : scenario_settings()) {
    const std::string_view setting_path = setting.path;
    if (!setting_path.starts_with(path) || setting_path.size() <= path.size() ||
        setting_path[path.size()] != '.') {
      continue;
    }
    const std::string_view rest = setting_path.substr(path.size() + 1);
    const std::string_view child = rest.substr(0, rest.find('.'));
    if (std::find(keys.begin(), keys.end(), child) == keys.end()) {
      keys.push_back(child);
    }
    if (setting.required && child == rest) {
      required.push_back(child);
    }
  }
  const auto fields_of_section = section(parent, key, keys, required);
  if (!fields_of_section) {
    return;
  }
  for (const std::string_view child : keys) {
    if (const ScenarioSetting* setting = find_scenario_setting(child_path(path, child))) {
      read_field(*fields_of_section, child, setting->field(scenario));
    } else {
      read_settings(*fields_of_section, child, scenario);
    }
  }
}

template <typename Field>
void Loader::read_field(const Fields& section, std::string_view key, const Field& field) {
  std::visit(
      [&](auto* out) {
        using Value = std::remove_pointer_t<decltype(out)>;
        if constexpr (std::is_same_v<Value, std::optional<std::int64_t>>) {
          *out = read_whole(section, key);
        } else if constexpr (std::is_same_v<Value, int> || std::is_same_v<Value, std::int64_t>) {
          read_whole(section, key, *out);
        } else if constexpr (std::is_same_v<Value, double>) {
          read_real(section, key, *out);
        } else if constexpr (std::is_same_v<Value, Number>) {
          read_number(section, key, *out);
        } else if constexpr (std::is_same_v<Value, std::string>) {
          read_text(section, key, *out);
        } else if constexpr (std::is_same_v<Value, TriggerOutcome>) {
          read_named(section, key, kTriggerOutcomeNames, *out);
        } else if constexpr (std::is_same_v<Value, TriggerJoin>) {
          read_named(section, key, kTriggerJoinNames, *out);
        } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
          read_texts(section, key, *out);
        } else if constexpr (std::is_same_v<Value, StateCondition>) {
          read_condition(section, key, *out);
        } else {
          read_whole_list(section, key, *out);
        }
      },
      field);
}

template <typename Item>
void Loader::read_parameters(const Fields& item, std::span<const ItemParameter<Item>> parameters,
                             Item& out) {
  std::string_view open_section;
  std::optional<Fields> fields_of_section;
  for (const ItemParameter<Item>& parameter : parameters) {
    const std::size_t dot = parameter.name.find('.');
    if (dot == std::string_view::npos) {
      read_number(item, parameter.name, parameter.field(out));
      continue;
    }
    if (parameter.name.substr(0, dot) != open_section) {
      open_section = parameter.name.substr(0, dot);
      std::vector<std::string_view> keys;
      std::vector<std::string_view> required;
      for (const ItemParameter<Item>& other : parameters) {
        if (other.name.starts_with(open_section) && other.name.size() > dot &&
            other.name[dot] == '.') {
          keys.push_back(other.name.substr(dot + 1));
          if (other.required) {
            required.push_back(keys.back());
          }
        }
      }
      fields_of_section = number_section(item, open_section, keys, required);
    }
    if (fields_of_section) {
      read_number(*fields_of_section, parameter.name.substr(dot + 1), parameter.field(out));
    }
  }
}

Segment Loader::read_segment(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 9> kKeys{
      "name",          "share",       "retention",  "revenue", "sensitivity", "initial_perception",
      "initial_trust", "touchpoints", "acquisition"};
  constexpr std::array<std::string_view, 3> kRequired{"name", "retention", "revenue"};
  Segment segment;
  const auto fields_of_segment = fields(node, path, kKeys, kRequired);
  if (!fields_of_segment) {
    return segment;
  }
  const Fields& f = *fields_of_segment;
  read_text(f, "name", segment.name);
  read_real(f, "share", segment.share);
  read_segment_retention(f, segment.retention);

  read_parameters(f, segment_parameters(), segment);
  read_segment_touchpoints(f, segment.touchpoints);
  read_acquisition(f, segment.acquisition);
  return segment;
}

void Loader::read_segment_touchpoints(const Fields& segment, std::vector<SegmentTouchpoint>& out) {
  const Field* field = segment.find("touchpoints");
  if (field == nullptr || field->value.IsNull()) {
    return;
  }
  const std::string path = child_path(segment.path, "touchpoints");
  if (!field->value.IsMap()) {
    error(field->value, path,
          "must be a mapping of touchpoint ids to the segment's parameters there, got " +
              describe(field->value));
    return;
  }
  std::vector<std::string_view> keys{"sensitivity"};
  for (const TouchpointParameter& parameter : touchpoint_parameters()) {
    keys.push_back(parameter.name);
  }
  constexpr std::array<std::string_view, 3> kLayers{"functional", "emotional", "sensory"};
  for (const auto& pair : field->value) {
    if (!pair.first.IsScalar()) {
      key_error(pair.first, path, "keys must be touchpoint ids, got " + describe(pair.first));
      continue;
    }
    SegmentTouchpoint own{pair.first.Scalar(), {}, {}};
    const std::string own_path = child_path(path, own.touchpoint);
    if (std::any_of(out.begin(), out.end(),
                    [&](const SegmentTouchpoint& t) { return t.touchpoint == own.touchpoint; })) {
      key_error(pair.first, own_path, "duplicate key; each key may appear once");
      continue;
    }
    const auto parameters = fields(pair.second, own_path, keys);
    // Located at the id, for what is said of the touchpoint it names.
    record(own_path, pair.first);
    if (!parameters) {
      continue;
    }
    for (const Field& parameter : parameters->entries) {
      if (parameter.key == "sensitivity") {
        continue;
      }
      ParameterChange value{parameter.key, 0.0};
      if (read_number(parameter.value, child_path(own_path, parameter.key), value.value)) {
        own.parameters.push_back(std::move(value));
      }
    }
    if (const auto sensitivity = section(*parameters, "sensitivity", kLayers)) {
      read_number(*sensitivity, "functional", own.sensitivity.functional);
      read_number(*sensitivity, "emotional", own.sensitivity.emotional);
      read_number(*sensitivity, "sensory", own.sensitivity.sensory);
    }
    out.push_back(std::move(own));
  }
}

void Loader::read_acquisition(const Fields& segment, std::optional<Acquisition>& out) {
  constexpr std::array<std::string_view, 2> kKeys{"per_month", "growth"};
  constexpr std::array<std::string_view, 1> kRequired{"per_month"};
  const auto acquisition = section(segment, "acquisition", kKeys, kRequired);
  if (!acquisition) {
    return;
  }
  Acquisition& read = out.emplace();
  if (const Field* per_month = acquisition->find("per_month")) {
    const std::string path = child_path(acquisition->path, "per_month");
    if (per_month->value.IsSequence()) {
      read.listed = true;
      read_list(*acquisition, "per_month", [&](const YAML::Node& node, const std::string& item) {
        read.per_month.emplace_back(0.0);
        read_number(node, item, read.per_month.back());
      });
      if (acquisition->find("growth") != nullptr) {
        error(acquisition->find("growth")->value, child_path(acquisition->path, "growth"),
              "growth applies to one number per month; a list of per_month numbers gives each "
              "month its own");
      }
    } else {
      read.per_month.emplace_back(0.0);
      read_number(per_month->value, path, read.per_month.back());
    }
  }
  read_number(*acquisition, "growth", read.growth);
}

void Loader::read_segment_retention(const Fields& segment, SegmentRetention& out) {
  std::vector<std::string_view> keys{"model"};
  std::vector<std::string_view> models;
  for (const SettingForm<SegmentRetention>& model : churn_models()) {
    models.push_back(model.name);
    for (const ItemSetting<SegmentRetention>& setting : model.settings) {
      if (std::find(keys.begin(), keys.end(), setting.name) == keys.end()) {
        keys.push_back(setting.name);
      }
    }
  }
  constexpr std::array<std::string_view, 1> kRequired{"model"};
  const auto retention = section(segment, "retention", keys, kRequired);
  if (!retention) {
    return;
  }
  std::string name;
  read_text(*retention, "model", name);
  const auto model = std::find_if(churn_models().begin(), churn_models().end(),
                                  [&](const auto& form) { return form.name == name; });
  if (model != churn_models().end()) {
    std::vector<std::string_view> allowed{"model"};
    for (const ItemSetting<SegmentRetention>& setting : model->settings) {
      allowed.push_back(setting.name);
    }
    reject_foreign(*retention, allowed, std::string(model->written));
    for (const ItemSetting<SegmentRetention>& setting : model->settings) {
      if (setting.required && retention->find(setting.name) == nullptr) {
        error(retention->node, child_path(retention->path, setting.name),
              "missing required key for " + std::string(model->written));
      }
    }
    read_form(*retention, *model, out);
  } else if (const Field* field = retention->find("model"); field && field->value.IsScalar()) {
    error(field->value, child_path(retention->path, "model"),
          "unknown retention model " + quoted_text(name) + suggestion_for(name, models));
  }
}

template <typename Choice>
void Loader::read_form(const Fields& section, const SettingForm<Choice>& form, Choice& out) {
  form.choose(out);
  for (const ItemSetting<Choice>& setting : form.settings) {
    read_field(section, setting.name, setting.field(out));
  }
}

template <typename Enum, std::size_t kCount>
void Loader::read_named(const Fields& section, std::string_view key,
                        const std::array<std::string_view, kCount>& names, Enum& out) {
  std::string name(names[static_cast<std::size_t>(out)]);
  read_text(section, key, name);
  const auto found = std::find(names.begin(), names.end(), name);
  if (found == names.end()) {
    error(section.find(key)->value, child_path(section.path, key),
          "must be " + quoted_list(names) + ", got " + quoted_text(name));
  } else {
    out = static_cast<Enum>(found - names.begin());
  }
}

void Loader::read_texts(const Fields& section, std::string_view key,
                        std::vector<std::string>& out) {
  const Field* field = section.find(key);
  if (field == nullptr) {
    return;
  }
  if (!field->value.IsSequence()) {
    out.assign(1, {});
    read_text(section, key, out.front());
    return;
  }
  out.clear();
  read_list(section, key, [&](const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar()) {
      error(node, path, "must be a text, got " + describe(node));
      return;
    }
    out.push_back(node.Scalar());
  });
}

void Loader::read_condition(const Fields& parent, std::string_view key, StateCondition& out) {
  std::vector<std::string_view> keys;
  for (const ConditionBound& bound : condition_bounds()) {
    keys.push_back(bound.name);
  }
  const auto condition = section(parent, key, keys);
  if (!condition) {
    return;
  }
  if (condition->node.size() == 0) {
    error(condition->node, condition->path,
          "needs at least one of " + quoted_list(keys) + " to say whom it holds for");
    return;
  }
  for (const ConditionBound& bound : condition_bounds()) {
    std::visit(
        [&](auto member) {
          using Value = std::remove_cvref_t<decltype(out.*member)>;
          if constexpr (std::is_same_v<Value, int>) {
            read_whole(*condition, bound.name, out.*member);
          } else {
            read_real(*condition, bound.name, out.*member);
          }
        },
        bound.member);
  }
}

Stage Loader::read_stage(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 3> kKeys{"id", "revenue", "ends_relationship"};
  constexpr std::array<std::string_view, 1> kRequired{"id"};
  Stage stage;
  if (const auto f = fields(node, path, kKeys, kRequired)) {
    read_text(*f, "id", stage.id);
    read_flag(*f, "revenue", stage.revenue);
    read_flag(*f, "ends_relationship", stage.ends_relationship);
  }
  return stage;
}

StageTransition Loader::read_transition(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 3> kKeys{"from", "to", "when"};
  constexpr std::array<std::string_view, 2> kRequired{"to", "when"};
  StageTransition transition;
  if (const auto f = fields(node, path, kKeys, kRequired)) {
    read_texts(*f, "from", transition.from);
    read_text(*f, "to", transition.to);
    read_condition(*f, "when", transition.when);
  }
  return transition;
}

Touchpoint Loader::read_touchpoint(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 11> kKeys{
      "id",   "when",         "functional", "emotional", "sensory", "weight",
      "cost", "controllable", "segments",   "stages",    "moves"};
  constexpr std::array<std::string_view, 2> kRequired{"id", "when"};
  Touchpoint touchpoint;
  const auto fields_of_touchpoint = fields(node, path, kKeys, kRequired);
  if (!fields_of_touchpoint) {
    return touchpoint;
  }
  const Fields& f = *fields_of_touchpoint;
  read_text(f, "id", touchpoint.id);
  read_schedule(f, touchpoint.when);
  for (const std::string_view layer : kTouchpointLayers) {
    const std::vector<std::string_view> keys = layer_parameter_keys(layer);
    if (const auto fields_of_layer = number_section(f, layer, keys)) {
      for (const std::string_view key : keys) {
        const std::string name = std::string(layer) + "." + std::string(key);
        read_number(*fields_of_layer, key, find_touchpoint_parameter(name)->field(touchpoint));
      }
    }
  }
  read_number(f, "weight", touchpoint.weight);
  read_number(f, "cost", touchpoint.cost);
  read_flag(f, "controllable", touchpoint.controllable);
  read_list(f, "segments", [&](const YAML::Node& item, const std::string& item_path) {
    // An unreadable item keeps its place, as a combination's fixes do.
    if (!item.IsScalar()) {
      error(item, item_path, "must be a segment name, got " + describe(item));
    }
    touchpoint.segments.push_back(item.IsScalar() ? item.Scalar() : std::string());
  });
  read_texts(f, "stages", touchpoint.stages);
  constexpr std::array<std::string_view, 2> kOutcomes{"success", "failure"};
  if (const auto moves = section(f, "moves", kOutcomes)) {
    read_text(*moves, "success", touchpoint.moves.success);
    read_text(*moves, "failure", touchpoint.moves.failure);
  }
  return touchpoint;
}

void Loader::read_schedule(const Fields& touchpoint, Schedule& out) {
  // A form is named by its first key.
  std::vector<std::string_view> keys;
  std::vector<std::string_view> form_names;
  for (const SettingForm<Schedule>& form : schedule_forms()) {
    form_names.push_back(form.name);
    for (const ItemSetting<Schedule>& setting : form.settings) {
      if (std::find(keys.begin(), keys.end(), setting.name) == keys.end()) {
        keys.push_back(setting.name);
      }
    }
  }
  const auto when = section(touchpoint, "when", keys);
  if (!when) {
    return;
  }
  // A form's name may also be a setting of another form written beside it (a trigger's
  // `condition`): then it is that setting.
  const auto is_setting_of_another = [&](const SettingForm<Schedule>& candidate) {
    return std::any_of(schedule_forms().begin(), schedule_forms().end(),
                       [&](const SettingForm<Schedule>& other) {
                         return &other != &candidate && when->find(other.name) != nullptr &&
                                std::any_of(other.settings.begin(), other.settings.end(),
                                            [&](const ItemSetting<Schedule>& setting) {
                                              return setting.name == candidate.name;
                                            });
                       });
  };
  std::vector<const Field*> forms;
  const SettingForm<Schedule>* form = nullptr;
  for (const SettingForm<Schedule>& candidate : schedule_forms()) {
    if (const Field* field = when->find(candidate.name);
        field != nullptr && !is_setting_of_another(candidate)) {
      forms.push_back(field);
      form = form == nullptr ? &candidate : form;
    }
  }
  if (forms.empty()) {
    // An unknown key was reported with its likely meaning; otherwise say what is missing.
    if (when->entries.size() == when->node.size()) {
      error(when->node, when->path,
            "needs one of " + quoted_list(form_names) + " to say when the touchpoint happens");
    }
    return;
  }
  if (forms.size() > 1) {
    error(forms[1]->key_node, child_path(when->path, forms[1]->key),
          "a schedule is one of " + quoted_list(form_names) + "; this one already has '" +
              forms[0]->key + "'");
    return;
  }
  std::vector<std::string_view> allowed;
  for (const ItemSetting<Schedule>& setting : form->settings) {
    allowed.push_back(setting.name);
  }
  reject_foreign(*when, allowed, std::string(form->written));
  read_form(*when, *form, out);
}

Fix Loader::read_fix(const YAML::Node& node, const std::string& path) {
  // Its own keys, then the sections of its parameters, then its months.
  std::vector<std::string_view> keys{"id", "description", "changes", "add_touchpoints"};
  for (const FixParameter& parameter : fix_parameters()) {
    const std::string_view key = parameter.name.substr(0, parameter.name.find('.'));
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(key);
    }
  }
  for (const ItemSetting<Fix>& setting : fix_months()) {
    keys.push_back(setting.name);
  }
  constexpr std::array<std::string_view, 1> kRequired{"id"};
  Fix fix;
  const auto fields_of_fix = fields(node, path, keys, kRequired);
  if (!fields_of_fix) {
    return fix;
  }
  const Fields& f = *fields_of_fix;
  read_text(f, "id", fix.id);
  read_text(f, "description", fix.description);
  read_list(f, "changes", [&](const YAML::Node& item, const std::string& item_path) {
    fix.changes.push_back(read_change(item, item_path));
  });
  read_list(f, "add_touchpoints", [&](const YAML::Node& item, const std::string& item_path) {
    fix.add_touchpoints.push_back(read_touchpoint(item, item_path));
  });
  read_parameters(f, fix_parameters(), fix);
  for (const ItemSetting<Fix>& setting : fix_months()) {
    read_field(f, setting.name, setting.field(fix));
  }
  return fix;
}

TouchpointChange Loader::read_change(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 4> kKeys{"touchpoint", "set", "add", "scale"};
  constexpr std::array<std::string_view, 1> kRequired{"touchpoint"};
  TouchpointChange change;
  const auto fields_of_change = fields(node, path, kKeys, kRequired);
  if (!fields_of_change) {
    return change;
  }
  read_text(*fields_of_change, "touchpoint", change.touchpoint);
  std::vector<const Field*> operations;
  for (const std::string_view operation : kChangeOperationNames) {
    if (const Field* field = fields_of_change->find(operation)) {
      operations.push_back(field);
    }
  }
  if (operations.empty()) {
    error(node, path,
          "needs one of " + quoted_list(kChangeOperationNames) + " with the parameters to change");
    return change;
  }
  if (operations.size() > 1) {
    error(operations[1]->key_node, child_path(path, operations[1]->key),
          "one operation per change; this one already has '" + operations[0]->key +
              "', write another change for '" + operations[1]->key + "'");
    return change;
  }
  const Field& operation = *operations[0];
  change.operation = static_cast<ChangeOperation>(
      std::find(kChangeOperationNames.begin(), kChangeOperationNames.end(), operation.key) -
      kChangeOperationNames.begin());
  // The parameters by their dotted names, or nested in their layers as the journey writes them.
  std::vector<std::string_view> keys;
  for (const TouchpointParameter& parameter : touchpoint_parameters()) {
    keys.push_back(parameter.name);
  }
  for (const std::string_view layer : kTouchpointLayers) {
    keys.push_back(layer);
  }
  const auto parameters = fields(operation.value, child_path(path, operation.key), keys);
  if (!parameters) {
    return change;
  }
  if (operation.value.size() == 0) {
    error(operation.value, parameters->path, "names no parameter to change");
  }
  std::vector<std::string> written;
  const auto read_parameter = [&](const Field& parameter, const std::string& name,
                                  const std::string& parameter_path) {
    if (std::find(written.begin(), written.end(), name) != written.end()) {
      key_error(parameter.key_node, parameter_path,
                "'" + name + "' is already changed here; each parameter may appear once");
      return;
    }
    written.push_back(name);
    ParameterChange parameter_change{name, 0.0};
    if (read_number(parameter.value, parameter_path, parameter_change.value)) {
      change.parameters.push_back(std::move(parameter_change));
    }
  };
  for (const Field& entry : parameters->entries) {
    const std::string entry_path = child_path(parameters->path, entry.key);
    if (find_touchpoint_parameter(entry.key) != nullptr) {
      read_parameter(entry, entry.key, entry_path);
      continue;
    }
    // `emotional: {tone: 0.6}` is `emotional.tone: 0.6`, at the same path.
    const std::vector<std::string_view> layer_keys = layer_parameter_keys(entry.key);
    const auto layer = fields(entry.value, entry_path, layer_keys);
    if (!layer) {
      continue;
    }
    if (layer->entries.empty() && entry.value.size() == 0) {
      error(entry.value, entry_path, "names no parameter to change");
    }
    for (const Field& nested : layer->entries) {
      read_parameter(nested, entry.key + "." + nested.key, child_path(entry_path, nested.key));
    }
  }
  return change;
}

FixCombination Loader::read_combination(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 2> kKeys{"id", "fixes"};
  FixCombination combination;
  const auto fields_of_combination = fields(node, path, kKeys, kKeys);
  if (!fields_of_combination) {
    return combination;
  }
  read_text(*fields_of_combination, "id", combination.id);
  read_list(*fields_of_combination, "fixes",
            [&](const YAML::Node& item, const std::string& item_path) {
              // An unreadable item keeps its place, so the list is not taken for empty and
              // the items after it keep their indices.
              if (!item.IsScalar()) {
                error(item, item_path, "must be a fix id, got " + describe(item));
                combination.fixes.emplace_back();
                return;
              }
              combination.fixes.push_back(item.Scalar());
            });
  return combination;
}

JointUncertainty Loader::read_joint_uncertainty(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 2> kKeys{"parameters", "covariance"};
  JointUncertainty block;
  const auto fields_of_block = fields(node, path, kKeys, kKeys);
  if (!fields_of_block) {
    return block;
  }
  read_list(*fields_of_block, "parameters",
            [&](const YAML::Node& item, const std::string& item_path) {
              block.parameters.push_back(read_joint_parameter(item, item_path));
            });
  read_covariance(*fields_of_block, block.covariance);
  return block;
}

JointParameter Loader::read_joint_parameter(const YAML::Node& node, const std::string& path) {
  constexpr std::array<std::string_view, 2> kKeys{"path", "scale"};
  JointParameter parameter;
  const auto fields_of_parameter = fields(node, path, kKeys, kKeys);
  if (!fields_of_parameter) {
    return parameter;
  }
  read_text(*fields_of_parameter, "path", parameter.path);
  std::string scale(kParameterScaleNames[static_cast<std::size_t>(parameter.scale)]);
  read_text(*fields_of_parameter, "scale", scale);
  const auto found = std::find(kParameterScaleNames.begin(), kParameterScaleNames.end(), scale);
  if (found == kParameterScaleNames.end()) {
    error(fields_of_parameter->find("scale")->value, child_path(path, "scale"),
          "must be " + quoted_list(kParameterScaleNames) + ", got " + quoted_text(scale));
  } else {
    parameter.scale = static_cast<ParameterScale>(found - kParameterScaleNames.begin());
  }
  return parameter;
}

void Loader::read_covariance(const Fields& block, std::vector<std::vector<double>>& out) {
  // A cell that can't be read is reported at the matrix, so that validation, which judges the
  // matrix whole, says nothing more about it.
  const std::string path = child_path(block.path, "covariance");
  bool readable = true;
  read_list(block, "covariance", [&](const YAML::Node& row, const std::string& row_path) {
    out.emplace_back();
    if (!readable) {
      return;
    }
    if (!row.IsSequence()) {
      error(row, path,
            "each row must be a list of numbers, such as [0.04, -0.01], got " + describe(row));
      readable = false;
      return;
    }
    for (std::size_t j = 0; j < row.size() && readable; ++j) {
      const YAML::Node cell = row[j];
      record(item_path(row_path, j), cell);
      const auto value = cell.IsScalar() ? parse_real(cell.Scalar()) : std::nullopt;
      if (!value) {
        error(cell, path,
              "row " + std::to_string(out.size()) + ", column " + std::to_string(j + 1) +
                  " must be a number, got " + describe(cell));
        readable = false;
      } else {
        out.back().push_back(*value);
      }
    }
  });
}

// The tab in the indentation of line `line` or the line before, where yaml-cpp stops at one
// with a message that names neither ("illegal map value", "end of map not found").
std::optional<SourceLocation> tab_in_indentation(std::string_view text, int line) {
  int number = 1;
  for (std::size_t start = 0; start <= text.size() && number <= line; ++number) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view content = text.substr(start, end - start);
    const std::size_t indent = content.find_first_not_of(" \t");
    const std::size_t tab = content.substr(0, indent).find('\t');
    // A blank or comment line may hold tabs; its indentation means nothing.
    if (number >= line - 1 && tab != std::string_view::npos && indent != std::string_view::npos &&
        content[indent] != '#') {
      return SourceLocation{number, static_cast<int>(tab) + 1};
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace

LoadedScenario load_scenario_text(std::string_view text, const std::string& file_name,
                                  const LoaderLimits& limits) {
  LoadedScenario loaded;
  loaded.source_map = SourceMap(file_name);
  if (const auto problem = check_yaml_resources(text, limits)) {
    loaded.diagnostics.push_back({file_name, problem->location, "", problem->message});
    return loaded;
  }
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& exception) {
    const SourceLocation at = location_of(exception.mark);
    if (const auto tab = tab_in_indentation(text, at.line)) {
      loaded.diagnostics.push_back(
          {file_name, *tab, "", "a tab in indentation; YAML indents with spaces"});
    } else {
      loaded.diagnostics.push_back({file_name, at, "", "YAML syntax error: " + exception.msg});
    }
    return loaded;
  }
  // Empty documents (a stray `---`) hold nothing; only one may hold something.
  std::erase_if(documents, [](const YAML::Node& document) { return document.IsNull(); });
  if (documents.empty()) {
    loaded.diagnostics.push_back(
        {file_name, {}, "", "the file holds no scenario; a scenario starts with 'cxsim: 1'"});
    return loaded;
  }
  if (documents.size() > 1) {
    loaded.diagnostics.push_back({file_name, location_of(documents[1].Mark()), "",
                                  "a scenario file holds one YAML document, this one has " +
                                      std::to_string(documents.size())});
    return loaded;
  }
  loaded.readable = Loader(loaded).load(documents[0], loaded.scenario);
  return loaded;
}

namespace {

LoadedScenario unreadable_file(const std::string& path, const std::string& message) {
  LoadedScenario loaded;
  loaded.source_map = SourceMap(path);
  loaded.diagnostics.push_back({path, {}, "", message});
  return loaded;
}

}  // namespace

LoadedScenario load_scenario_file(const std::string& path, const LoaderLimits& limits) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return unreadable_file(path, "cannot open the file");
  }
  // Read one byte past the limit, so an oversized file is refused without reading all of it.
  std::string text(limits.max_bytes + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (file.bad()) {
    return unreadable_file(path, "cannot read the file");
  }
  text.resize(static_cast<std::size_t>(file.gcount()));
  return load_scenario_text(text, path, limits);
}

}  // namespace cxsim
