#include "scenario/scenario_numbers.hpp"

#include "base/diagnostics.hpp"
#include "scenario/scenario_settings.hpp"
#include "scenario/touchpoint_parameters.hpp"

namespace cxsim {

namespace {

// The Numbers of the form `choice` holds, under `path`.
template <typename Choice>
void visit_form(const std::string& path, std::span<const SettingForm<Choice>> forms, Choice& choice,
                const NumberVisitor& visit) {
  for (const ItemSetting<Choice>& setting : form_of(forms, choice).settings) {
    const ItemField field = setting.field(choice);
    if (Number* const* number = std::get_if<Number*>(&field)) {
      visit(path + "." + std::string(setting.name), **number);
    }
  }
}

void visit_touchpoint(const std::string& path, Touchpoint& touchpoint, const NumberVisitor& visit) {
  visit_form(path + ".when", schedule_forms(), touchpoint.when, visit);
  for (const TouchpointParameter& parameter : touchpoint_parameters()) {
    visit(path + "." + std::string(parameter.name), parameter.field(touchpoint));
  }
}

}  // namespace

void for_each_number(Scenario& scenario, const NumberVisitor& visit) {
  for (std::size_t i = 0; i < scenario.segments.size(); ++i) {
    Segment& segment = scenario.segments[i];
    const std::string path = item_path("segments", i);
    visit_form(path + ".retention", churn_models(), segment.retention, visit);
    for (const SegmentParameter& parameter : segment_parameters()) {
      visit(path + "." + std::string(parameter.name), parameter.field(segment));
    }
  }
  for (std::size_t i = 0; i < scenario.journey.size(); ++i) {
    visit_touchpoint(item_path("journey", i), scenario.journey[i], visit);
  }
  for (const ScenarioSetting& setting : scenario_settings()) {
    const SettingField field = setting.field(scenario);
    if (Number* const* number = std::get_if<Number*>(&field)) {
      visit(setting.path, **number);
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
        visit(change_path + "." + parameter.parameter, parameter.value);
      }
    }
    for (std::size_t t = 0; t < fix.add_touchpoints.size(); ++t) {
      visit_touchpoint(item_path(path + ".add_touchpoints", t), fix.add_touchpoints[t], visit);
    }
    for (const FixParameter& parameter : fix_parameters()) {
      visit(path + "." + std::string(parameter.name), parameter.field(fix));
    }
  }
}

}  // namespace cxsim
