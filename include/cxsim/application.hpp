// What cxsim's commands do, for both of its front ends: the command line (sim/cli) and the
// Python module (sim/python). The front ends read arguments and present results; the work and
// its rules are here, once: reading a scenario and naming its source, settings overrides
// (checked by the scenario's own validation), running until a precision target, sweeps,
// prioritisation, comparison and retention fits. Nothing here prints.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analysis/parameter_sweep.hpp"
#include "analysis/precision_target.hpp"
#include "analysis/prioritization.hpp"
#include "analysis/run_results.hpp"
#include "base/diagnostics.hpp"
#include "calibration/calibration.hpp"
#include "calibration/retention_fit.hpp"
#include "io/result_comparison.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

// Input a user can correct (a precision target naming no variant, a malformed --vary, a results
// file that cannot be read): what is wrong, without the program's name, one problem a line.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& problem) : InputError(std::vector{problem}) {}
  explicit InputError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// ---- Scenarios -------------------------------------------------------------------------------

// A valid scenario with what locates its problems and names its source in results.
struct ScenarioInput {
  Scenario scenario;
  SourceMap source_map;
  ScenarioSource source;
};

// The input, or the problems (in file order) that keep the scenario from running.
struct ScenarioLoading {
  std::optional<ScenarioInput> input;
  std::vector<Diagnostic> problems;
  std::vector<Diagnostic> warnings;  // of a valid scenario: what can have no effect
};

// A scenario file, its source named by the path as given and the SHA-256 of its bytes.
ScenarioLoading load_scenario_file(const std::string& path);
// Scenario text, its source named `name` with the SHA-256 of the text.
ScenarioLoading load_scenario_text(const std::string& text, const std::string& name);

// ---- Overrides -------------------------------------------------------------------------------

// A value given for a path: `simulation.customers|months|replications|seed` (a whole number),
// `perception.model` or `retention.model` (a model's name), or any model parameter by its path
// as validation messages and `cxsim sweep --vary` name it, with names for indices allowed.
using OverrideValue = std::variant<std::int64_t, double, std::string>;
struct Override {
  std::string path;
  OverrideValue value;
};

// The simulation settings a command line or a call gives, as overrides.
struct SettingsGiven {
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> months;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
};
std::vector<Override> settings_overrides(const SettingsGiven& given);

// The input with the overrides applied, checked by the scenario's own validation, so that the
// limits of every setting are validation's alone. An override that does not apply (an unknown
// path, a value of the wrong kind) is `misapplied` ("PATH: problem"), and then nothing is
// validated; otherwise `problems` are validation's, located in the file. Settings show in
// results.json's settings; any other override changes what the file says, so the source names
// the file with the overrides, and no digest (it would describe another text).
struct OverriddenScenario {
  std::optional<ScenarioInput> input;  // set exactly when both lists are empty
  std::vector<std::string> misapplied;
  std::vector<Diagnostic> problems;
};
OverriddenScenario with_overrides(const ScenarioInput& input, std::span<const Override> overrides);

// ---- Runs ------------------------------------------------------------------------------------

// The most customers running until a precision target simulates unless told otherwise.
inline constexpr std::int64_t kDefaultMostCustomers = 10'000'000;

struct RunRequest {
  int threads = 0;  // 0: every core
  // [VARIANT.]FIGURE=HALFWIDTH (precision_target.hpp): simulate more until the figure's interval
  // is that narrow. More customers are added to the run's statistics; with uncertain parameters
  // and two replications or more, more replications, since customers do not narrow the spread
  // across them. Either way no customer is simulated twice (Simulation).
  std::optional<std::string> until_ci;
  std::int64_t max_customers = kDefaultMostCustomers;  // the most until_ci may simulate
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

// How running until the target went.
struct PrecisionOutcome {
  std::string target;          // as given
  double half_width = 0.0;     // achieved
  std::int64_t customers = 0;  // simulated per replication
  int replications = 0;
  bool reached = false;
  bool by_replications = false;  // replications were added, not customers
  std::int64_t most = 0;         // the most customers or replications allowed
};

struct RunOutcome {
  RunResults results;
  std::optional<PrecisionOutcome> precision;  // with until_ci
};

// Simulates the input's standard variants. Throws InputError for an until_ci target that names
// no figure or variant, or a max_customers outside the customers' range (before simulating), and
// for a target figure that has no value in the run (after its first round: a fix that costs
// nothing has no ROI).
RunOutcome run_scenario(const ScenarioInput& input, const RunRequest& request);

// ---- Sweeps ----------------------------------------------------------------------------------

// Each `--vary PATH=LO:HI:STEPS` read (parameter_sweep.hpp); throws InputError for the first
// malformed one.
std::vector<SweepSpec> parse_sweep_specs(std::span<const std::string> vary);

// Points of a sweep whose scenario is not valid (checked_sweep_plan says how they read).
class InvalidSweepPoints : public std::runtime_error {
 public:
  explicit InvalidSweepPoints(const std::string& message) : std::runtime_error(message) {}
};

// The plan of a sweep, every point checked. Throws InputError for a path that names no
// parameter, one varied twice or too many points; InvalidSweepPoints when some point's scenario
// is not valid: its message lists at most ten such points, each a headline (after
// `headline_prefix`, the program's name on a command line) and its problems, one a line.
SweepPlan checked_sweep_plan(const ScenarioInput& input, std::span<const SweepSpec> specs,
                             SweepMode mode, std::string_view headline_prefix = "");

// ---- Prioritisation --------------------------------------------------------------------------

// Simulated customers when none are given: every combination of fixes is a variant, so the
// file's count (sized for one run of a few variants) is capped at this.
inline constexpr std::int64_t kPrioritizeCustomers = 20'000;
std::int64_t prioritize_customers(const Scenario& scenario, std::optional<std::int64_t> given);

// Throws InputError for a scenario without fixes or a budget that is not a number ≥ 0.
void check_prioritizable(const ScenarioInput& input, std::optional<double> budget);

// Ranks the fixes' sets (prioritization.hpp), after check_prioritizable.
Prioritization prioritize_scenario(const ScenarioInput& input, std::optional<double> budget,
                                   int threads);

// ---- Comparison ------------------------------------------------------------------------------

// One side of a comparison: a results.json file, or its text.
struct ResultsInput {
  std::string name;                 // the path, or how the caller names the text
  std::optional<std::string> text;  // none: read the file at `name`
};
struct Comparison {
  ResultFigures a;
  ResultFigures b;
  ResultComparison comparison;
};
// B against A. Throws InputError naming each side that is not a cxsim results file
// (`name: problem`, with a hint for a scenario file given in its place).
Comparison compare_results(const ResultsInput& a, const ResultsInput& b);

// The comparison's rows as CSV (variant, figure, each side's mean, lo, hi, the difference,
// whether significant) and its notes (shared random numbers, different confidence levels).
std::string comparison_csv(const ResultComparison& comparison);
std::vector<std::string> comparison_notes(const ResultComparison& comparison);
// A confidence level as the notes show it: 0.95 → "95%".
std::string confidence_percent(double confidence);

// ---- Retention fits --------------------------------------------------------------------------

// The models `--model` names: "constant", "sbg", "bdw", or "all" (every model, in that order).
// Throws InputError for any other name.
std::vector<RetentionModelKind> retention_models_named(std::string_view name);

struct RetentionFitRequest {
  std::vector<RetentionModelKind> models;  // empty: every model
  std::optional<int> fit_periods;          // fit on periods ≤ K, report the projection after K
};

struct RetentionFitting {
  std::optional<RetentionFitReport> report;  // set exactly when `problems` is empty
  std::vector<Diagnostic> problems;          // the data's, in file order
};

// Fits the retention models to a data file (calibration/retention_data.hpp), its source named
// by the path as given and the SHA-256 of its bytes. Problems in the data come back as
// diagnostics; throws InputError for a fit_periods that leaves nothing to fit or to project, and
// RetentionFitFailure when a fit does not converge.
RetentionFitting fit_retention_file(const std::string& path, const RetentionFitRequest& request);
// The same for CSV text, its source named `name`.
RetentionFitting fit_retention_text(const std::string& text, const std::string& name,
                                    const RetentionFitRequest& request);
// ---- Calibration ----------------------------------------------------------------------------

// OBSERVED.yaml read against the input's scenario, named as a scenario is (path and SHA-256), or
// its problems located in that file.
struct ObservationsInput {
  Observations observations;
  ScenarioSource source;
};
struct ObservationsLoading {
  std::optional<ObservationsInput> input;
  std::vector<Diagnostic> problems;
};
ObservationsLoading load_observations_file(const ScenarioInput& input, const std::string& path);
// The same from text, named `name` in messages and in the report.
ObservationsLoading load_observations_text(const ScenarioInput& input, const std::string& text,
                                           const std::string& name);

struct CalibrateRequest {
  CalibrationSettings settings;
  // Fit once per perception model and say which the data favour.
  bool compare_models = false;
};

struct CalibrationOutcome {
  // One fit, or with compare_models one per perception model in their registered order.
  std::vector<Calibration> fits;
  std::size_t favoured = 0;  // the fit whose model the data favour (least χ²)
};

// Calibrates the input's scenario to `observations` (calibration.hpp). Throws InputError for a
// bound of an unknown that makes the scenario invalid.
CalibrationOutcome calibrate_scenario(const ScenarioInput& input, const Observations& observations,
                                      const CalibrateRequest& request);

// The scenario file's text with the fit written in (io/calibrated_scenario.hpp): each estimate
// in place with its standard error, the observations' file and `date`, and the estimates'
// covariance as a joint_uncertainty block, on a log scale for an unknown bounded below by 0, a
// logit scale for one bounded within [0, 1]. Throws CalibratedScenarioError when the fit cannot
// be written as a valid scenario (an unknown not pinned down leaves no usable covariance).
std::string calibrated_scenario_text(const ScenarioInput& input,
                                     const ObservationsInput& observations, const Calibration& fit,
                                     std::string_view date);

// In words, which perception model the data favour and by how much (with compare_models).
std::string favoured_model_sentence(const CalibrationOutcome& outcome);

}  // namespace cxsim
