// The scenario model: plain data for everything a scenario file says (docs/scenarios.md), with
// the defaults docs/model.md#parameters-and-the-behaviour-they-produce lists. Nothing here reads
// YAML or checks ranges: loading lives in scenario_loader.hpp, checking in validation.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/number.hpp"
#include "model/state_condition.hpp"
#include "model/trigger_outcome.hpp"

namespace cxsim {

struct SimulationSettings {
  std::int64_t customers = 0;  // simulated per replication (required)
  int months = 0;              // horizon H (required)
  int replications = 1;
  std::int64_t seed = 1;
  double confidence = 0.95;
};

struct Population {
  std::optional<std::int64_t> size;  // the real customer base; unset means `customers`
};

// Baseline monthly churn propensity θ_i (docs/model.md#customers-and-segments).
struct ConstantChurn {
  Number monthly_churn = 0.0;
};
struct ShiftedBetaGeometric {
  Number alpha = 1.0;
  Number beta = 1.0;
  int tenure = 0;  // months already survived: θ_i ~ Beta(α, β + tenure)
};
using SegmentRetention = std::variant<ConstantChurn, ShiftedBetaGeometric>;

struct SegmentRevenue {
  Number monthly_mean = 0.0;  // lognormal across customers with this mean and sd
  Number monthly_sd = 0.0;
  Number gross_margin = 1.0;
};

struct Sensitivity {
  Number functional = 1.0;
  Number emotional = 1.0;
  Number sensory = 1.0;
};

// One `set`, `add` or `scale` of one touchpoint parameter, named as in the file
// (`functional.success`); touchpoint_parameters.hpp lists the names.
struct ParameterChange {
  std::string parameter;
  Number value = 0.0;
};

// A segment's own version of one touchpoint (docs/model.md#journeys-per-segment): values that
// replace the touchpoint's parameters, named as fixes name them (touchpoint_parameters.hpp), and
// factors on the segment's layer sensitivities at it.
struct SegmentTouchpoint {
  std::string touchpoint;  // its id
  std::vector<ParameterChange> parameters;
  Sensitivity sensitivity;
};

// New customers of a segment joining at the start of months 1 … H−1
// (docs/model.md#acquisition): per_month[0]·(1 + growth)^(t−1) real customers in month t when
// per_month is one number, per_month[t−1] when it is a list (none past its end).
struct Acquisition {
  std::vector<Number> per_month;
  bool listed = false;  // per_month was written as a list, one number per month
  Number growth = 0.0;
};

struct Segment {
  std::string name;
  double share = 1.0;
  SegmentRetention retention = ConstantChurn{};
  SegmentRevenue revenue;
  Sensitivity sensitivity;
  Number initial_perception = 0.0;
  Number initial_trust = 0.9;
  std::vector<SegmentTouchpoint> touchpoints;
  std::optional<Acquisition> acquisition;
};

// Schedules (`when`, docs/model.md#the-schedule-of-touchpoints). Months are 0-based.
struct AtMonth {
  int month = 0;
};
struct AtMonths {
  std::vector<int> months;
};
struct EveryMonths {
  int every = 1;
  int start = 0;
};
struct PoissonRate {
  Number rate = 0.0;  // expected interactions per month
};
struct Trigger {
  std::vector<std::string> after;  // ids of the touchpoints whose outcomes trigger this one
  TriggerJoin join = TriggerJoin::any;
  TriggerOutcome on = TriggerOutcome::any;
  Number probability = 1.0;
  int delay = 0;             // months
  StateCondition condition;  // it fires only for customers whose state meets it
};
// Each month, at its place in the journey, for customers whose state meets the condition, with
// a probability.
struct ConditionSchedule {
  StateCondition condition;
  Number probability = 1.0;
};
using Schedule =
    std::variant<AtMonth, AtMonths, EveryMonths, PoissonRate, Trigger, ConditionSchedule>;

// Where an interaction's outcome moves the customer (stage ids; empty: stays).
struct StageMoves {
  std::string success;
  std::string failure;
};

struct Functional {
  Number success = 1.0;
  Number effort = 0.0;
  Number delay = 0.0;  // probability a timeline slips
};
struct Emotional {
  Number tone = 0.0;
  Number tone_sd = 0.3;
  Number recovery = 0.0;
  Number communication = 0.0;
};
struct Sensory {
  Number polish = 0.0;
  Number polish_sd = 0.3;
  Number consistency = 1.0;
};

struct Touchpoint {
  std::string id;
  Schedule when = AtMonth{};
  Functional functional;
  Emotional emotional;
  Sensory sensory;
  Number weight = 1.0;
  Number cost = 0.0;  // cost to serve per occurrence
  bool controllable = true;
  std::vector<std::string> segments;  // the names of the segments that meet it; empty: every one
  std::vector<std::string> stages;    // the stages whose customers meet it; empty: every stage
  StageMoves moves;
};

// A stage of the relationship (docs/model.md#stages-and-conditions). Customers start in the
// first stage the scenario lists; a scenario that lists none has one implicit stage.
struct Stage {
  std::string id;
  bool revenue = true;             // false: no revenue while here (not yet activated)
  bool ends_relationship = false;  // entering it ends the relationship
};

// At a month's end, a customer in one of `from` (empty: any stage) whose state meets `when`
// moves to `to`; the first transition in file order that applies is taken.
struct StageTransition {
  std::vector<std::string> from;
  std::string to;
  StateCondition when;
};

struct PerceptionSettings {
  std::string model = "ewma";
  Number memory = 0.7;
  Number negativity_bias = 2.0;
  Number fade = 0.02;
  Number success_value = 0.2;
  Number recovery_ceiling = 0.8;
  Number trust_floor = 0.6;
  Number failure_gate = 0.1;
  Number delay_penalty = 0.5;
  Number trust_rate = 0.3;
};

struct RetentionSettings {
  std::string model = "proportional_hazards";
  Number perception_effect = 1.5;
  Number effort_effect = 0.5;
  Number defect_on_failure = 0.02;
};

struct Expansion {
  Number rate = 0.0;
  Number uplift = 0.0;
};
struct Referral {
  Number rate = 0.0;
  Number value = 0.0;
  Number promoter_threshold = 0.6;
};
struct RevenueSettings {
  Expansion expansion;
  Referral referral;
};

// Value past the horizon (docs/model.md#value-past-the-horizon), as scenarios name its methods
// and what ROI is taken on, each list's first the default.
inline constexpr std::array<std::string_view, 2> kTerminalValueMethods{"none", "hazard_at_horizon"};
inline constexpr std::array<std::string_view, 2> kRoiBases{"npv", "npv_with_terminal_value"};

struct FinanceSettings {
  Number discount_rate = 0.10;  // annual
  // Flat rather than a struct of its own: GCC 12 takes a short string's default in a struct
  // nested twice for uninitialised (-Wmaybe-uninitialized).
  std::string terminal_value_method = "none";  // kTerminalValueMethods[0]
  std::optional<std::int64_t> run_off_months;  // none: without end
  std::string roi_basis = "npv";               // kRoiBases[0]
};

// How an experience becomes an answer (docs/model.md, "What customers would say"): the rating
// before rounding is level + scale·experience + noise·z.
struct NpsSurvey {
  std::vector<int> months;
  Number response_rate = 1.0;
  Number level = 7.0;
  Number scale = 3.0;
  Number noise = 1.5;
};
struct CsatSurvey {
  Number level = 3.0;
  Number scale = 2.0;
  Number noise = 0.0;
};
struct CesSurvey {
  Number level = 1.0;
  Number scale = 6.0;
};
struct Surveys {
  NpsSurvey nps;
  CsatSurvey csat;
  CesSurvey ces;
};

enum class ChangeOperation { set, add, scale };
// As scenarios write them, in the enum's order.
inline constexpr std::array<std::string_view, 3> kChangeOperationNames{"set", "add", "scale"};
inline std::string_view operation_name(ChangeOperation operation) {
  return kChangeOperationNames[static_cast<std::size_t>(operation)];
}

struct TouchpointChange {
  std::string touchpoint;
  ChangeOperation operation = ChangeOperation::set;
  std::vector<ParameterChange> parameters;
};

struct FixCost {
  Number one_time = 0.0;
  Number monthly = 0.0;
};

struct Fix {
  std::string id;
  std::string description;
  std::vector<TouchpointChange> changes;
  std::vector<Touchpoint> add_touchpoints;
  FixCost cost;
  int start_month = 0;
  int ramp_months = 0;
};

// A named combination of fixes, run as one variant.
struct FixCombination {
  std::string id;
  std::vector<std::string> fixes;
};

// Parameters drawn together each replication (docs/model.md#uncertain-parameters): on its scale,
// each is its constant in the scenario plus the matching element of a multivariate normal with
// mean 0 and this covariance.
enum class ParameterScale { linear, log, logit };
// As scenarios write them, in the enum's order.
inline constexpr std::array<std::string_view, 3> kParameterScaleNames{"linear", "log", "logit"};

struct JointParameter {
  std::string path;  // as written: indices or names (`journey[signup].functional.success`)
  ParameterScale scale = ParameterScale::linear;
};

struct JointUncertainty {
  std::vector<JointParameter> parameters;
  std::vector<std::vector<double>> covariance;  // row by row, on the parameters' scales
};

inline constexpr int kSchemaVersion = 1;

struct Scenario {
  int schema = kSchemaVersion;
  std::string name;
  std::string description;
  SimulationSettings simulation;
  Population population;
  std::vector<Segment> segments;
  std::vector<Touchpoint> journey;
  std::vector<Stage> stages;
  std::vector<StageTransition> transitions;
  PerceptionSettings perception;
  RetentionSettings retention;
  RevenueSettings revenue;
  FinanceSettings finance;
  Surveys surveys;
  std::vector<Fix> fixes;
  std::vector<FixCombination> scenarios;
  std::vector<JointUncertainty> joint_uncertainty;
};

}  // namespace cxsim
