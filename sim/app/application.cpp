#include "cxsim/application.hpp"

#include <tbb/info.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <type_traits>
#include <utility>

#include "analysis/simulation_driver.hpp"
#include "base/file_digest.hpp"
#include "base/text.hpp"
#include "calibration/retention_data.hpp"
#include "io/calibrated_scenario.hpp"
#include "model/perception_models.hpp"
#include "scenario/acquisition.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/scenario_settings.hpp"
#include "scenario/validation.hpp"
#include "scenario/variants.hpp"

namespace cxsim {

namespace {

// Past this many invalid points of a sweep, more only bury the first.
constexpr std::size_t kMostInvalidPointsShown = 10;

ScenarioLoading loading(ScenarioReading reading, const std::string& file,
                        const std::string& sha256) {
  if (!reading.scenario) {
    return {std::nullopt, std::move(reading.problems), {}};
  }
  ScenarioSource source{reading.scenario->name, file, sha256};
  return {
      ScenarioInput{std::move(*reading.scenario), std::move(reading.source_map), std::move(source)},
      {},
      std::move(reading.warnings)};
}

std::string file_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// Settings results.json records in its `settings`: overriding one leaves the scenario what it
// is; any other override changes it, and the source's name says how.
bool recorded_in_results_settings(std::string_view path) {
  return path.starts_with("simulation.") || path == "population.size";
}

// Sets a setting of the scenario settings table as an override does; what is wrong, or none.
// Validation judges the value afterwards, as it judges the file's.
std::optional<std::string> apply_setting(Scenario& scenario, const ScenarioSetting& setting,
                                         const OverrideValue& value) {
  const std::string& path = setting.path;
  const auto* whole = std::get_if<std::int64_t>(&value);
  const auto* name = std::get_if<std::string>(&value);
  return std::visit(
      [&](auto* field) -> std::optional<std::string> {
        using Field = std::remove_pointer_t<decltype(field)>;
        if constexpr (std::is_same_v<Field, std::string>) {
          if (name == nullptr) {
            return path + ": expected a model name";
          }
          *field = *name;
        } else if constexpr (std::is_same_v<Field, double> || std::is_same_v<Field, Number>) {
          if (name != nullptr) {
            return path + ": expected a number";
          }
          *field = whole != nullptr ? static_cast<double>(*whole) : std::get<double>(value);
        } else if constexpr (std::is_same_v<Field, int>) {
          if (whole == nullptr) {
            return path + ": expected a whole number";
          }
          // A number an int cannot hold cannot even be stored for validation to judge.
          if (*whole < std::numeric_limits<int>::min() ||
              *whole > std::numeric_limits<int>::max()) {
            return path + ": out of range, got " + std::to_string(*whole);
          }
          *field = static_cast<int>(*whole);
        } else if constexpr (std::is_same_v<Field, std::int64_t> ||
                             std::is_same_v<Field, std::optional<std::int64_t>>) {
          if (whole == nullptr) {
            return path + ": expected a whole number";
          }
          *field = *whole;
        } else {
          return path + ": cannot be overridden";
        }
        return std::nullopt;
      },
      setting.field(scenario));
}

// What is wrong with an override that does not apply, or none when it does.
std::optional<std::string> apply_override(Scenario& scenario, const Override& change) {
  const auto& [path, value] = change;
  if (const ScenarioSetting* setting = find_scenario_setting(path)) {
    return apply_setting(scenario, *setting, value);
  }
  if (std::holds_alternative<std::string>(value)) {
    return path + ": expected a number";
  }
  try {
    Number* number = find_number(scenario, resolve_parameter_path(scenario, path));
    if (number == nullptr) {
      return path + ": no such parameter";
    }
    *number = std::holds_alternative<double>(value)
                  ? std::get<double>(value)
                  : static_cast<double>(std::get<std::int64_t>(value));
  } catch (const SweepError& error) {
    return std::string(error.what());
  }
  return std::nullopt;
}

std::string shown(const OverrideValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
          return v;
        } else {
          return format_number(static_cast<double>(v));
        }
      },
      value);
}

int thread_count(int threads) {
  return threads > 0 ? threads : tbb::info::default_concurrency();
}

// The target of `spec`, which must name a figure `scenario`'s results have.
PrecisionTarget checked_target(const Scenario& scenario, const std::string& spec) {
  const ParsedTarget parsed = parse_precision_target(spec);
  const auto variants = standard_variants(scenario);
  if (parsed.target && std::none_of(variants.begin(), variants.end(), [&](const Variant& v) {
        return v.id == parsed.target->variant;
      })) {
    throw InputError("no variant " + quoted_text(parsed.target->variant));
  }
  if (!parsed.target) {
    throw InputError(parsed.problem);
  }
  return *parsed.target;
}

std::string describe_invalid_points(const SweepPlan& plan, const std::vector<InvalidPoint>& invalid,
                                    std::string_view headline_prefix) {
  std::string text;
  const std::size_t shown_points = std::min(invalid.size(), kMostInvalidPointsShown);
  for (std::size_t i = 0; i < shown_points; ++i) {
    const InvalidPoint& point = invalid[i];
    text += headline_prefix;
    if (point.values.size() == 1) {
      const SweepParameter& parameter = plan.parameters[point.values.front().first];
      text += "--vary " + parameter.spec.text + ": the scenario is not valid with " +
              parameter.spec.path + " at " + format_number(point.values.front().second);
    } else {
      text += "--grid: the scenario is not valid with ";
      for (std::size_t k = 0; k < point.values.size(); ++k) {
        text += std::string(k == 0                         ? ""
                            : k + 1 == point.values.size() ? " and "
                                                           : ", ") +
                plan.parameters[point.values[k].first].spec.path + " at " +
                format_number(point.values[k].second);
      }
    }
    text += ":\n";
    for (const Diagnostic& problem : point.problems) {
      text += to_string(problem) + '\n';
    }
  }
  if (invalid.size() > shown_points) {
    text += std::string(headline_prefix) + std::to_string(invalid.size() - shown_points) +
            " more invalid points not shown\n";
  }
  return text;
}

ResultFiguresReading read_results(const ResultsInput& input) {
  return input.text ? parse_result_figures(*input.text) : read_result_figures(input.name);
}

std::string csv_number(double value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

// mean,lo,hi: empty where the file has null, and lo,hi empty for a plain number.
std::string csv_value(const FigureValue& value) {
  if (const auto* number = std::get_if<double>(&value)) {
    return csv_number(*number) + ",,";
  }
  if (const auto* estimate = std::get_if<Estimate>(&value)) {
    return csv_number(estimate->mean) + "," + csv_number(estimate->lo) + "," +
           csv_number(estimate->hi);
  }
  return ",,";
}

const char* csv_significance(Significance significance) {
  switch (significance) {
    case Significance::significant:
      return "true";
    case Significance::not_significant:
      return "false";
    case Significance::not_assessed:
      break;
  }
  return "";
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += (text.empty() ? "" : "\n") + line;
  }
  return text;
}

}  // namespace

InputError::InputError(std::vector<std::string> problems)
    : std::runtime_error(joined(problems)), problems_(std::move(problems)) {}

ScenarioLoading load_scenario_file(const std::string& path) {
  ScenarioReading reading = read_scenario_file(path);
  // Only a file the loader accepted, within its size limit, is read again for its digest.
  const std::string sha256 = reading.scenario ? sha256_hex(file_bytes(path)) : std::string();
  return loading(std::move(reading), path, sha256);
}

ScenarioLoading load_scenario_text(const std::string& text, const std::string& name) {
  return loading(read_scenario_text(text, name), name, sha256_hex(text));
}

std::vector<Override> settings_overrides(const SettingsGiven& given) {
  std::vector<Override> overrides;
  for (const auto& [path, value] : {std::pair{"simulation.customers", given.customers},
                                    std::pair{"simulation.months", given.months},
                                    std::pair{"simulation.replications", given.replications},
                                    std::pair{"simulation.seed", given.seed}}) {
    if (value) {
      overrides.push_back({path, *value});
    }
  }
  return overrides;
}

OverriddenScenario with_overrides(const ScenarioInput& input, std::span<const Override> overrides) {
  ScenarioInput changed = input;
  OverriddenScenario result;
  std::string changes;
  for (const Override& change : overrides) {
    if (std::optional<std::string> problem = apply_override(changed.scenario, change)) {
      result.misapplied.push_back(std::move(*problem));
    } else if (!recorded_in_results_settings(change.path)) {
      changes += (changes.empty() ? "" : ", ") + change.path + "=" + shown(change.value);
    }
  }
  if (!result.misapplied.empty()) {
    return result;
  }
  if (!changes.empty()) {
    changed.source.file += " with " + changes;
    changed.source.sha256.clear();
  }
  result.problems = validate(changed.scenario, changed.source_map);
  if (result.problems.empty()) {
    result.input = std::move(changed);
  }
  return result;
}

RunOutcome run_scenario(const ScenarioInput& input, const RunRequest& request) {
  std::optional<PrecisionTarget> target;
  if (request.until_ci) {
    target = checked_target(input.scenario, *request.until_ci);
    const WholeRange& customers_allowed = find_scenario_setting("simulation.customers")->whole;
    if (!customers_allowed.contains(request.max_customers)) {
      throw InputError("the most customers must be from " + std::to_string(customers_allowed.lo) +
                       " to " + std::to_string(customers_allowed.hi) + ", got " +
                       std::to_string(request.max_customers));
    }
  }
  const int threads = thread_count(request.threads);
  DriverOptions driver;
  driver.threads = threads;
  driver.progress = request.progress;
  Simulation simulation(input.scenario, standard_variants(input.scenario), driver);
  while (true) {
    const SimulationSettings& settings = simulation.scenario().simulation;
    RunOutcome outcome{summarize(simulation.scenario(), input.source, simulation.output(), threads),
                       std::nullopt};
    if (!target) {
      return outcome;
    }
    const std::optional<Estimate> estimate = target_estimate(outcome.results, *target);
    if (!estimate) {  // a fix that costs nothing has no ROI, a run without survey answers no NPS
      throw InputError(*request.until_ci + ": the figure has no value in this run");
    }
    PrecisionOutcome& precision = outcome.precision.emplace();
    precision.target = *request.until_ci;
    precision.half_width = 0.5 * (estimate->hi - estimate->lo);
    precision.customers = settings.customers;
    precision.replications = settings.replications;
    precision.reached = precision.half_width <= target->half_width;
    // With uncertain parameters and several replications the interval comes from the spread
    // across replications, which more customers do not narrow: more replications do.
    precision.by_replications = intervals_across_replications(simulation.output());
    precision.most = precision.by_replications
                         ? find_scenario_setting("simulation.replications")->whole.hi
                         : request.max_customers;
    const std::int64_t simulated =
        precision.by_replications ? settings.replications : settings.customers;
    // An interval that is not a number (a figure of non-finite values) no round would narrow.
    if (precision.reached || simulated >= precision.most || !std::isfinite(precision.half_width)) {
      return outcome;
    }
    const std::int64_t next =
        customers_for(simulated, precision.half_width, target->half_width, precision.most);
    if (precision.by_replications) {
      simulation.add_replications(static_cast<int>(next));
    } else if (has_acquisition(input.scenario)) {
      throw InputError(*request.until_ci +
                       ": more customers would change the sampling fraction the cohorts of "
                       "joiners are sized by (acquisition); raise simulation.customers instead");
    } else {
      simulation.add_customers(next);
    }
  }
}

std::vector<SweepSpec> parse_sweep_specs(std::span<const std::string> vary) {
  std::vector<SweepSpec> specs;
  try {
    for (const std::string& text : vary) {
      specs.push_back(parse_sweep_spec(text));
    }
  } catch (const SweepError& error) {
    throw InputError(error.what());
  }
  return specs;
}

SweepPlan checked_sweep_plan(const ScenarioInput& input, std::span<const SweepSpec> specs,
                             SweepMode mode, std::string_view headline_prefix) {
  SweepPlan plan;
  try {
    plan = plan_sweep(input.scenario, specs, mode);
  } catch (const SweepError& error) {
    throw InputError(error.what());
  }
  if (const auto invalid = check_sweep(input.scenario, input.source_map, plan); !invalid.empty()) {
    throw InvalidSweepPoints(describe_invalid_points(plan, invalid, headline_prefix));
  }
  return plan;
}

std::int64_t prioritize_customers(const Scenario& scenario, std::optional<std::int64_t> given) {
  return given.value_or(std::min(scenario.simulation.customers, kPrioritizeCustomers));
}

void check_prioritizable(const ScenarioInput& input, std::optional<double> budget) {
  if (input.scenario.fixes.empty()) {
    throw InputError(input.source.file + " has no fixes to prioritize");
  }
  if (budget && !(*budget >= 0.0 && std::isfinite(*budget))) {
    throw InputError("the budget must be a number >= 0, got " + format_number(*budget));
  }
}

Prioritization prioritize_scenario(const ScenarioInput& input, std::optional<double> budget,
                                   int threads) {
  check_prioritizable(input, budget);
  DriverOptions driver;
  driver.threads = thread_count(threads);
  return prioritize(input.scenario, budget, driver);
}

Comparison compare_results(const ResultsInput& a, const ResultsInput& b) {
  const ResultFiguresReading reading_a = read_results(a);
  const ResultFiguresReading reading_b = read_results(b);
  std::vector<std::string> problems;
  for (const auto& [input, reading] : {std::pair{&a, &reading_a}, std::pair{&b, &reading_b}}) {
    if (!reading->figures) {
      problems.push_back(input->name + ": " + reading->problem);
      if (input->name.ends_with(".yaml") || input->name.ends_with(".yml")) {
        problems.back() += "; compare takes the results.json files that 'cxsim run' writes";
      }
    }
  }
  if (!problems.empty()) {
    throw InputError(problems);
  }
  return {*reading_a.figures, *reading_b.figures,
          compare_result_figures(*reading_a.figures, *reading_b.figures)};
}

std::string comparison_csv(const ResultComparison& comparison) {
  std::string csv = "variant,figure,a_mean,a_lo,a_hi,b_mean,b_lo,b_hi,difference,significant\n";
  for (const FigureComparison& row : comparison.rows) {
    csv += csv_field(row.variant) + ',' + csv_field(row.figure) + ',' + csv_value(row.a) + ',' +
           csv_value(row.b) + ',' + (row.difference ? csv_number(*row.difference) : std::string()) +
           ',' + csv_significance(row.significance) + '\n';
  }
  return csv;
}

std::string confidence_percent(double confidence) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g%%", 100.0 * confidence);
  return buffer;
}

std::vector<std::string> comparison_notes(const ResultComparison& comparison) {
  std::vector<std::string> lines;
  if (comparison.shared_random_numbers) {
    lines.push_back(
        "note: A and B have the same seed: the runs share random numbers wherever their "
        "scenarios agree, and the independent-estimate test is conservative");
  }
  if (comparison.confidence_a != comparison.confidence_b) {
    lines.push_back(
        "note: the confidence levels differ (A " + confidence_percent(comparison.confidence_a) +
        ", B " + confidence_percent(comparison.confidence_b) +
        "): differences are judged at the smaller, " + confidence_percent(comparison.confidence));
  }
  return lines;
}

// ---- Retention fits --------------------------------------------------------------------------

std::vector<RetentionModelKind> retention_models_named(std::string_view name) {
  if (name == "all") {
    return {std::begin(kRetentionModelKinds), std::end(kRetentionModelKinds)};
  }
  if (const auto model = model_named(name)) {
    return {*model};
  }
  constexpr std::array<std::string_view, 4> kNames{"constant", "sbg", "bdw", "all"};
  throw InputError("--model: unknown model " + quoted_text(name) + suggestion_for(name, kNames));
}

RetentionFitting fit_retention_text(const std::string& text, const std::string& name,
                                    const RetentionFitRequest& request) {
  RetentionDataReading reading = read_retention_data(text, name);
  if (!reading.data) {
    return {std::nullopt, std::move(reading.problems)};
  }
  const RetentionData& data = *reading.data;
  if (request.fit_periods) {
    const int fit_periods = *request.fit_periods;
    int last = 0;
    for (const RetentionSegment& segment : data.segments) {
      last = std::max(last, segment.counts.last_period());
    }
    if (fit_periods < 1 || fit_periods >= last) {
      throw InputError("--fit-periods: must be from 1 to " + std::to_string(last - 1) +
                       ", so that some periods are fitted and some projected (the data run to "
                       "period " +
                       std::to_string(last) + "), got " + std::to_string(fit_periods));
    }
  }
  RetentionFitReport report;
  report.source = {name, sha256_hex(text)};
  report.format = data.format;
  report.by_segment = data.by_segment;
  report.fit_periods = request.fit_periods;
  report.fits = fit_retention(data, {request.models, request.fit_periods});
  return {std::move(report), {}};
}

RetentionFitting fit_retention_file(const std::string& path, const RetentionFitRequest& request) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return {std::nullopt, {Diagnostic{path, {1, 1}, "", "cannot open the file"}}};
  }
  return fit_retention_text(file_bytes(path), path, request);
}

// ---- Calibration ----------------------------------------------------------------------------

ObservationsLoading load_observations_text(const ScenarioInput& input, const std::string& text,
                                           const std::string& name) {
  ObservationsReading reading = read_observations(text, name, input.scenario);
  if (!reading.observations) {
    return {std::nullopt, std::move(reading.problems)};
  }
  return {ObservationsInput{std::move(*reading.observations), {name, name, sha256_hex(text)}}, {}};
}

ObservationsLoading load_observations_file(const ScenarioInput& input, const std::string& path) {
  if (!std::ifstream(path)) {
    return {std::nullopt, {{path, {1, 1}, "", "cannot read the file"}}};
  }
  return load_observations_text(input, file_bytes(path), path);
}

CalibrationOutcome calibrate_scenario(const ScenarioInput& input, const Observations& observations,
                                      const CalibrateRequest& request) {
  std::vector<std::string> models{input.scenario.perception.model};
  if (request.compare_models) {
    models.assign(PerceptionModels::names.begin(), PerceptionModels::names.end());
  }
  CalibrationOutcome outcome;
  for (const std::string& model : models) {
    Scenario scenario = input.scenario;
    scenario.perception.model = model;
    try {
      outcome.fits.push_back(calibrate(scenario, observations, request.settings));
    } catch (const std::invalid_argument& error) {
      throw InputError(error.what());
    }
    const auto& fits = outcome.fits;
    if (fits.back().chi_square < fits[outcome.favoured].chi_square) {
      outcome.favoured = fits.size() - 1;
    }
  }
  return outcome;
}

std::string calibrated_scenario_text(const ScenarioInput& input,
                                     const ObservationsInput& observations, const Calibration& fit,
                                     std::string_view date) {
  std::vector<FittedParameter> parameters;
  std::vector<double> slope;  // d scale(θ) / dθ at the estimate
  for (const FittedUnknown& unknown : fit.unknowns) {
    const double value = unknown.estimate;
    FittedParameter parameter{unknown.unknown.path, value, unknown.se, ParameterScale::linear};
    if (unknown.unknown.lower >= 0.0 && unknown.unknown.upper <= 1.0 && value > 0.0 &&
        value < 1.0) {
      parameter.scale = ParameterScale::logit;
      slope.push_back(1.0 / (value * (1.0 - value)));
    } else if (unknown.unknown.lower >= 0.0 && value > 0.0) {
      parameter.scale = ParameterScale::log;
      slope.push_back(1.0 / value);
    } else {
      slope.push_back(1.0);
    }
    parameters.push_back(std::move(parameter));
  }
  const std::size_t count = parameters.size();
  std::vector<std::vector<double>> covariance(count, std::vector<double>(count));
  for (std::size_t row = 0; row < count; ++row) {
    for (std::size_t column = 0; column < count; ++column) {
      covariance[row][column] = slope[row] * fit.covariance[row * count + column] * slope[column];
    }
  }
  return calibrated_scenario_text(file_bytes(input.source.file), input.source.file, parameters,
                                  covariance, observations.source.file, date);
}

std::string favoured_model_sentence(const CalibrationOutcome& outcome) {
  const Calibration& best = outcome.fits[outcome.favoured];
  if (outcome.fits.size() < 2) {
    return "Calibrated under the " + best.perception_model + " perception model.";
  }
  const Calibration* runner_up = nullptr;
  for (const Calibration& fit : outcome.fits) {
    if (&fit != &best && (runner_up == nullptr || fit.chi_square < runner_up->chi_square)) {
      runner_up = &fit;
    }
  }
  // With the same unknowns and moments, the χ² difference is twice the log of how much more
  // likely the data are under one model (the moments taken as normal).
  const double difference = runner_up->chi_square - best.chi_square;
  std::string strength = difference > 10.0  ? "decisively"
                         : difference > 6.0 ? "strongly"
                         : difference > 2.0 ? "positively"
                                            : "barely";
  return "The data " + strength + " favour the " + best.perception_model +
         " perception model: χ² " + format_number(best.chi_square) + " against " +
         format_number(runner_up->chi_square) + " for " + runner_up->perception_model +
         " (difference " + format_number(difference) + ", the data about " +
         format_number(std::exp(std::min(difference, 1400.0) / 2.0)) + " times as likely).";
}

}  // namespace cxsim
