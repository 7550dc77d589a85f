#include "scenario/scenario_settings.hpp"

#include <algorithm>
#include <array>
#include <type_traits>

#include "base/text.hpp"
#include "model/compiled_run.hpp"
#include "model/perception_models.hpp"
#include "model/retention_models.hpp"

namespace cxsim {

namespace {

// The random streams name a customer in 32 bits (random_streams.hpp); two customers make two
// blocks, the least an interval can be computed from.
constexpr WholeRange kCustomers{2, 4'294'967'295};
// The random streams name a month in 16 bits; a horizon of 50 years is far beyond any use.
constexpr WholeRange kMonths{1, 600};
// Each replication draws and compiles the scenario anew; far beyond what an interval needs.
constexpr WholeRange kReplications{1, 100'000};
constexpr WholeRange kAtLeastZero{0};
// A run-off past the horizon, in months: a hundred years is far beyond any use.
constexpr WholeRange kRunOffMonths{1, 1200};
constexpr WholeRange kAtLeastOne{1};

using Field = SettingField (*)(Scenario&);
using Compiled = double& (*)(CompiledRun&);

ScenarioSetting whole(std::string path, Field field, WholeRange range, bool required = false) {
  ScenarioSetting setting;
  setting.path = std::move(path);
  setting.field = field;
  setting.whole = range;
  setting.required = required;
  return setting;
}

// A real or a Number.
ScenarioSetting real(std::string path, Field field, ValueRange range, Compiled compiled = nullptr) {
  ScenarioSetting setting;
  setting.path = std::move(path);
  setting.field = field;
  setting.range = range;
  setting.compiled = compiled;
  return setting;
}

ScenarioSetting model_name(std::string path, Field field, std::span<const std::string_view> names,
                           std::string_view named) {
  ScenarioSetting setting;
  setting.path = std::move(path);
  setting.field = field;
  setting.names = names;
  setting.named = named;
  return setting;
}

ScenarioSetting month_list(std::string path, Field field, bool required) {
  ScenarioSetting setting;
  setting.path = std::move(path);
  setting.field = field;
  setting.required = required;
  return setting;
}

template <const ModelParameter<PerceptionParameters>& parameter>
ScenarioSetting perception_parameter(Field field) {
  static_assert(PerceptionModels::reads(parameter), "no perception model reads it");
  return real("perception." + std::string(parameter.name), field, parameter.range,
              [](CompiledRun& run) -> double& { return run.perception.*parameter.field; });
}

template <const ModelParameter<RetentionParameters>& parameter>
ScenarioSetting retention_parameter(Field field) {
  static_assert(RetentionModels::reads(parameter), "no retention model reads it");
  return real("retention." + std::string(parameter.name), field, parameter.range,
              [](CompiledRun& run) -> double& { return run.retention.*parameter.field; });
}

std::vector<ScenarioSetting> make_settings() {
  return {
      whole(
          "simulation.customers",
          [](Scenario& s) -> SettingField { return &s.simulation.customers; }, kCustomers,
          /*required=*/true),
      whole(
          "simulation.months", [](Scenario& s) -> SettingField { return &s.simulation.months; },
          kMonths, /*required=*/true),
      whole(
          "simulation.replications",
          [](Scenario& s) -> SettingField { return &s.simulation.replications; }, kReplications),
      whole(
          "simulation.seed", [](Scenario& s) -> SettingField { return &s.simulation.seed; },
          kAtLeastZero),
      real("simulation.confidence",
           [](Scenario& s) -> SettingField { return &s.simulation.confidence; },
           {0.0, 1.0, /*lo_open=*/true, /*hi_open=*/true}),
      whole(
          "population.size", [](Scenario& s) -> SettingField { return &s.population.size; },
          kAtLeastOne, /*required=*/true),

      model_name(
          "perception.model", [](Scenario& s) -> SettingField { return &s.perception.model; },
          PerceptionModels::names, "perception model"),
      perception_parameter<kMemory>(
          [](Scenario& s) -> SettingField { return &s.perception.memory; }),
      perception_parameter<kNegativityBias>(
          [](Scenario& s) -> SettingField { return &s.perception.negativity_bias; }),
      real(
          "perception.fade", [](Scenario& s) -> SettingField { return &s.perception.fade; },
          kUnitInterval, [](CompiledRun& run) -> double& { return run.stack.fade; }),
      real(
          "perception.success_value",
          [](Scenario& s) -> SettingField { return &s.perception.success_value; }, kUnitInterval,
          [](CompiledRun& run) -> double& { return run.stack.success_value; }),
      real(
          "perception.recovery_ceiling",
          [](Scenario& s) -> SettingField { return &s.perception.recovery_ceiling; }, kUnitInterval,
          [](CompiledRun& run) -> double& { return run.stack.recovery_ceiling; }),
      // The functional floor divides by 1 − f₀ (docs/model.md, One interaction).
      real(
          "perception.trust_floor",
          [](Scenario& s) -> SettingField { return &s.perception.trust_floor; },
          {0.0, 1.0, /*lo_open=*/false, /*hi_open=*/true},
          [](CompiledRun& run) -> double& { return run.stack.trust_floor; }),
      real(
          "perception.failure_gate",
          [](Scenario& s) -> SettingField { return &s.perception.failure_gate; }, kUnitInterval,
          [](CompiledRun& run) -> double& { return run.stack.failure_gate; }),
      real(
          "perception.delay_penalty",
          [](Scenario& s) -> SettingField { return &s.perception.delay_penalty; }, kNonNegative,
          [](CompiledRun& run) -> double& { return run.stack.delay_penalty; }),
      real(
          "perception.trust_rate",
          [](Scenario& s) -> SettingField { return &s.perception.trust_rate; }, kUnitInterval,
          [](CompiledRun& run) -> double& { return run.stack.trust_rate; }),

      model_name(
          "retention.model", [](Scenario& s) -> SettingField { return &s.retention.model; },
          RetentionModels::names, "retention model"),
      retention_parameter<kPerceptionEffect>(
          [](Scenario& s) -> SettingField { return &s.retention.perception_effect; }),
      retention_parameter<kEffortEffect>(
          [](Scenario& s) -> SettingField { return &s.retention.effort_effect; }),
      real(
          "retention.defect_on_failure",
          [](Scenario& s) -> SettingField { return &s.retention.defect_on_failure; }, kProbability,
          [](CompiledRun& run) -> double& { return run.defect_on_failure; }),

      real(
          "revenue.expansion.rate",
          [](Scenario& s) -> SettingField { return &s.revenue.expansion.rate; }, kProbability,
          [](CompiledRun& run) -> double& { return run.expansion_rate; }),
      real(
          "revenue.expansion.uplift",
          [](Scenario& s) -> SettingField { return &s.revenue.expansion.uplift; }, kNonNegative,
          [](CompiledRun& run) -> double& { return run.expansion_uplift; }),
      real(
          "revenue.referral.rate",
          [](Scenario& s) -> SettingField { return &s.revenue.referral.rate; }, kProbability,
          [](CompiledRun& run) -> double& { return run.referral_rate; }),
      real(
          "revenue.referral.value",
          [](Scenario& s) -> SettingField { return &s.revenue.referral.value; }, kNonNegative,
          [](CompiledRun& run) -> double& { return run.referral_value; }),
      real(
          "revenue.referral.promoter_threshold",
          [](Scenario& s) -> SettingField { return &s.revenue.referral.promoter_threshold; },
          kSignedUnit, [](CompiledRun& run) -> double& { return run.promoter_threshold; }),

      // compile_run makes the month-by-month discount factors of it.
      real(
          "finance.discount_rate",
          [](Scenario& s) -> SettingField { return &s.finance.discount_rate; }, kUnitInterval),
      // compile_run makes the terminal value's parameters of these.
      model_name(
          "finance.terminal_value.method",
          [](Scenario& s) -> SettingField { return &s.finance.terminal_value_method; },
          kTerminalValueMethods, "terminal value method"),
      whole(
          "finance.terminal_value.run_off_months",
          [](Scenario& s) -> SettingField { return &s.finance.run_off_months; }, kRunOffMonths),
      model_name(
          "finance.roi_basis", [](Scenario& s) -> SettingField { return &s.finance.roi_basis; },
          kRoiBases, "ROI basis"),

      month_list(
          "surveys.nps.months", [](Scenario& s) -> SettingField { return &s.surveys.nps.months; },
          /*required=*/true),
      real(
          "surveys.nps.response_rate",
          [](Scenario& s) -> SettingField { return &s.surveys.nps.response_rate; }, kProbability,
          [](CompiledRun& run) -> double& { return run.survey_response_rate; }),
      real(
          "surveys.nps.level", [](Scenario& s) -> SettingField { return &s.surveys.nps.level; },
          kAnyReal, [](CompiledRun& run) -> double& { return run.survey.nps_level; }),
      real(
          "surveys.nps.scale", [](Scenario& s) -> SettingField { return &s.surveys.nps.scale; },
          kPositive, [](CompiledRun& run) -> double& { return run.survey.nps_scale; }),
      real(
          "surveys.nps.noise", [](Scenario& s) -> SettingField { return &s.surveys.nps.noise; },
          kNonNegative, [](CompiledRun& run) -> double& { return run.survey.nps_noise; }),
      real(
          "surveys.csat.level", [](Scenario& s) -> SettingField { return &s.surveys.csat.level; },
          kAnyReal, [](CompiledRun& run) -> double& { return run.survey.csat_level; }),
      real(
          "surveys.csat.scale", [](Scenario& s) -> SettingField { return &s.surveys.csat.scale; },
          kPositive, [](CompiledRun& run) -> double& { return run.survey.csat_scale; }),
      real(
          "surveys.csat.noise", [](Scenario& s) -> SettingField { return &s.surveys.csat.noise; },
          kNonNegative, [](CompiledRun& run) -> double& { return run.survey.csat_noise; }),
      real(
          "surveys.ces.level", [](Scenario& s) -> SettingField { return &s.surveys.ces.level; },
          kAnyReal, [](CompiledRun& run) -> double& { return run.survey.ces_level; }),
      real(
          "surveys.ces.scale", [](Scenario& s) -> SettingField { return &s.surveys.ces.scale; },
          kPositive, [](CompiledRun& run) -> double& { return run.survey.ces_scale; }),
  };
}

constexpr std::array<SegmentParameter, 8> kSegmentParameters{{
    {"revenue.monthly_mean", kNonNegative, true,
     [](Segment& s) -> Number& { return s.revenue.monthly_mean; }},
    {"revenue.monthly_sd", kNonNegative, false,
     [](Segment& s) -> Number& { return s.revenue.monthly_sd; }},
    {"revenue.gross_margin", kUnitInterval, false,
     [](Segment& s) -> Number& { return s.revenue.gross_margin; }},
    {"sensitivity.functional", kNonNegative, false,
     [](Segment& s) -> Number& { return s.sensitivity.functional; }},
    {"sensitivity.emotional", kNonNegative, false,
     [](Segment& s) -> Number& { return s.sensitivity.emotional; }},
    {"sensitivity.sensory", kNonNegative, false,
     [](Segment& s) -> Number& { return s.sensitivity.sensory; }},
    {"initial_perception", kSignedUnit, false,
     [](Segment& s) -> Number& { return s.initial_perception; }},
    {"initial_trust", kUnitInterval, false, [](Segment& s) -> Number& { return s.initial_trust; }},
}};

constexpr std::array<FixParameter, 2> kFixParameters{{
    {"cost.one_time", kNonNegative, false, [](Fix& f) -> Number& { return f.cost.one_time; }},
    {"cost.monthly", kNonNegative, false, [](Fix& f) -> Number& { return f.cost.monthly; }},
}};

template <typename Choice, typename Form>
constexpr void (*kChoose)(Choice&) = [](Choice& choice) { choice.template emplace<Form>(); };

template <typename Item>
constexpr ItemSetting<Item> number(std::string_view name, ItemField (*field)(Item&),
                                   ValueRange range, bool required = false) {
  return {name, field, range, WholeRange{}, HorizonBound::none, required};
}

template <typename Item>
constexpr ItemSetting<Item> whole(std::string_view name, ItemField (*field)(Item&),
                                  WholeRange range, HorizonBound horizon = HorizonBound::none) {
  return {name, field, kAnyReal, range, horizon, false};
}

// A list of months, a touchpoint id or an outcome: what they may be is their type's.
template <typename Item>
constexpr ItemSetting<Item> other(std::string_view name, ItemField (*field)(Item&)) {
  return {name, field, kAnyReal, WholeRange{}, HorizonBound::none, false};
}

constexpr WholeRange kMonthOfRun{0};
constexpr WholeRange kEveryMonth{1};

constexpr std::array<ItemSetting<SegmentRetention>, 1> kConstantChurn{
    number<SegmentRetention>(
        "monthly_churn",
        [](SegmentRetention& r) -> ItemField { return &std::get<ConstantChurn>(r).monthly_churn; },
        kProbability, /*required=*/true),
};

constexpr std::array<ItemSetting<SegmentRetention>, 3> kShiftedBetaGeometric{
    number<SegmentRetention>(
        "alpha",
        [](SegmentRetention& r) -> ItemField { return &std::get<ShiftedBetaGeometric>(r).alpha; },
        kPositive, /*required=*/true),
    number<SegmentRetention>(
        "beta",
        [](SegmentRetention& r) -> ItemField { return &std::get<ShiftedBetaGeometric>(r).beta; },
        kPositive, /*required=*/true),
    whole<SegmentRetention>(
        "tenure",
        [](SegmentRetention& r) -> ItemField { return &std::get<ShiftedBetaGeometric>(r).tenure; },
        kAtLeastZero),
};

constexpr std::array<SettingForm<SegmentRetention>, 2> kChurnModels{{
    {"constant", "model 'constant'", kChoose<SegmentRetention, ConstantChurn>, kConstantChurn},
    {"sbg", "model 'sbg'", kChoose<SegmentRetention, ShiftedBetaGeometric>, kShiftedBetaGeometric},
}};

constexpr std::array<ItemSetting<Schedule>, 1> kAtMonth{
    whole<Schedule>(
        "month", [](Schedule& s) -> ItemField { return &std::get<AtMonth>(s).month; }, kMonthOfRun,
        HorizonBound::month),
};

constexpr std::array<ItemSetting<Schedule>, 1> kAtMonths{
    other<Schedule>("months",
                    [](Schedule& s) -> ItemField { return &std::get<AtMonths>(s).months; }),
};

constexpr std::array<ItemSetting<Schedule>, 2> kEveryMonths{
    whole<Schedule>(
        "every", [](Schedule& s) -> ItemField { return &std::get<EveryMonths>(s).every; },
        kEveryMonth),
    whole<Schedule>(
        "start", [](Schedule& s) -> ItemField { return &std::get<EveryMonths>(s).start; },
        kMonthOfRun, HorizonBound::month),
};

// Interactions per month: a Poisson count is cut at kMaxOccurrences (64), which a rate of 20
// reaches with probability below 1e-15.
constexpr std::array<ItemSetting<Schedule>, 1> kPoissonRate{
    number<Schedule>(
        "rate", [](Schedule& s) -> ItemField { return &std::get<PoissonRate>(s).rate; },
        ValueRange{0.0, 20.0}),
};

constexpr std::array<ItemSetting<Schedule>, 6> kTrigger{
    other<Schedule>("after", [](Schedule& s) -> ItemField { return &std::get<Trigger>(s).after; }),
    other<Schedule>("require", [](Schedule& s) -> ItemField { return &std::get<Trigger>(s).join; }),
    other<Schedule>("on", [](Schedule& s) -> ItemField { return &std::get<Trigger>(s).on; }),
    number<Schedule>(
        "probability", [](Schedule& s) -> ItemField { return &std::get<Trigger>(s).probability; },
        kProbability),
    whole<Schedule>(
        "delay", [](Schedule& s) -> ItemField { return &std::get<Trigger>(s).delay; }, kAtLeastZero,
        HorizonBound::lag),
    other<Schedule>("condition",
                    [](Schedule& s) -> ItemField { return &std::get<Trigger>(s).condition; }),
};

constexpr std::array<ItemSetting<Schedule>, 2> kConditionSchedule{
    other<Schedule>(
        "condition",
        [](Schedule& s) -> ItemField { return &std::get<ConditionSchedule>(s).condition; }),
    number<Schedule>(
        "probability",
        [](Schedule& s) -> ItemField { return &std::get<ConditionSchedule>(s).probability; },
        kProbability),
};

constexpr std::array<SettingForm<Schedule>, 6> kScheduleForms{{
    {"month", "{month: m}", kChoose<Schedule, AtMonth>, kAtMonth},
    {"months", "{months: [m1, m2]}", kChoose<Schedule, AtMonths>, kAtMonths},
    {"every", "{every: k, start: s}", kChoose<Schedule, EveryMonths>, kEveryMonths},
    {"rate", "{rate: λ}", kChoose<Schedule, PoissonRate>, kPoissonRate},
    {"after",
     "{after: ID or [ID, ...], require: any|all, on: failure|success|any, probability: p, delay: "
     "d, condition: C}",
     kChoose<Schedule, Trigger>, kTrigger},
    {"condition", "{condition: {perception_below: x, ...}, probability: p}",
     kChoose<Schedule, ConditionSchedule>, kConditionSchedule},
}};

constexpr std::array<ConditionBound, 6> kConditionBounds{{
    {"perception_below", &StateCondition::perception_below, kSignedUnit, {}},
    {"perception_at_least", &StateCondition::perception_at_least, kSignedUnit, {}},
    {"trust_below", &StateCondition::trust_below, kUnitInterval, {}},
    {"trust_at_least", &StateCondition::trust_at_least, kUnitInterval, {}},
    {"tenure_at_least", &StateCondition::tenure_at_least, kAnyReal, kMonthOfRun},
    {"tenure_below", &StateCondition::tenure_below, kAnyReal, kEveryMonth},
}};

constexpr std::array<ItemSetting<Fix>, 2> kFixMonths{
    whole<Fix>(
        "start_month", [](Fix& f) -> ItemField { return &f.start_month; }, kMonthOfRun,
        HorizonBound::month),
    whole<Fix>(
        "ramp_months", [](Fix& f) -> ItemField { return &f.ramp_months; }, kAtLeastZero),
};

}  // namespace

std::span<const SettingForm<SegmentRetention>> churn_models() {
  return kChurnModels;
}

std::span<const SettingForm<Schedule>> schedule_forms() {
  return kScheduleForms;
}

std::span<const ItemSetting<Fix>> fix_months() {
  return kFixMonths;
}

std::span<const ConditionBound> condition_bounds() {
  return kConditionBounds;
}

std::span<const SegmentParameter> segment_parameters() {
  return kSegmentParameters;
}

std::span<const FixParameter> fix_parameters() {
  return kFixParameters;
}

bool ScenarioSetting::is_number() const {
  return std::holds_alternative<Number*>(of(Scenario{}));
}

std::string ScenarioSetting::describe_range() const {
  const SettingField kind = of(Scenario{});
  if (std::holds_alternative<double*>(kind) || std::holds_alternative<Number*>(kind)) {
    return range.describe();
  }
  if (std::holds_alternative<std::string*>(kind)) {
    return "one of " + quoted_list(names);
  }
  if (std::holds_alternative<std::vector<int>*>(kind)) {
    return "months within the horizon";
  }
  if (whole.hi == std::numeric_limits<std::int64_t>::max()) {
    return ">= " + std::to_string(whole.lo);
  }
  return "in [" + std::to_string(whole.lo) + ", " + std::to_string(whole.hi) + "]";
}

std::span<const ScenarioSetting> scenario_settings() {
  static const std::vector<ScenarioSetting> settings = make_settings();
  return settings;
}

const ScenarioSetting* find_scenario_setting(std::string_view path) {
  const auto settings = scenario_settings();
  const auto found = std::find_if(settings.begin(), settings.end(),
                                  [&](const ScenarioSetting& s) { return s.path == path; });
  return found == settings.end() ? nullptr : &*found;
}

}  // namespace cxsim
