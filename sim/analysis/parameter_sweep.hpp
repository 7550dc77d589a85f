// Sensitivity of the outcomes to model parameters (`cxsim sweep`, README.md#the-command): `--vary`
// specs read as PATH=LO:HI:STEPS, a PATH resolved to the scenario Number it names, the points of a
// one-at-a-time or full-grid sweep, the scenario at each point checked, every point run on the
// same seed (so points share random numbers, and a difference between points is the
// parameter's effect, not noise), the results as CSV and the tornado of a one-at-a-time sweep.
// Nothing here prints.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "base/diagnostics.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_numbers.hpp"

namespace cxsim {

// Invalid sweep input (a malformed spec, an unknown path, too many points): the message is for
// the user, without the program's name.
class SweepError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bounds on a sweep: the values of one --vary, and the points of a full grid.
inline constexpr int kMostSweepSteps = 1000;
inline constexpr std::size_t kMostGridPoints = 1000;

// One `--vary PATH=LO:HI:STEPS`: STEPS values evenly spaced from LO to HI, both included.
struct SweepSpec {
  std::string text;  // as given
  std::string path;  // as given: indices or names (`journey[signup].functional.success`)
  double lo = 0.0;
  double hi = 0.0;
  int steps = 0;
};

// Reads PATH=LO:HI:STEPS (split at the last '=', so a segment name may hold one). LO and HI
// are finite numbers with LO < HI; STEPS a whole number from 2 to kMostSweepSteps. Throws
// SweepError saying what is wrong; the path is only resolved against a scenario later.
SweepSpec parse_sweep_spec(std::string_view text);

// LO, …, HI: STEPS values, the ends exactly LO and HI.
std::vector<double> sweep_values(const SweepSpec& spec);

// index_form_path (scenario_numbers.hpp), throwing SweepError for a path that names no model
// parameter.
std::string resolve_parameter_path(const Scenario& scenario, std::string_view path);

enum class SweepMode {
  one_at_a_time,  // each --vary alone, the others at the file's value
  grid,           // the Cartesian product, the first --vary outermost
};

struct SweepParameter {
  SweepSpec spec;
  std::string path;  // index form
  std::vector<double> values;
  std::optional<double> file_value;  // none when the file gives a distribution
};

struct SweepPoint {
  // Per parameter, the value set at this point; none keeps the file's number.
  std::vector<std::optional<double>> values;
  // One at a time: the parameter this point varies.
  std::optional<std::size_t> varied;
};

struct SweepPlan {
  SweepMode mode = SweepMode::one_at_a_time;
  std::vector<SweepParameter> parameters;
  // One at a time: parameter by parameter, each value in order. Grid: the first parameter
  // outermost, the last changing fastest.
  std::vector<SweepPoint> points;
};

// Resolves every spec and builds the points. Throws SweepError for no spec, an unknown path,
// the same parameter varied twice, or a grid of more than kMostGridPoints points.
SweepPlan plan_sweep(const Scenario& scenario, std::span<const SweepSpec> specs, SweepMode mode);

// The scenario at a point: each value set replaces the Number at its path (a distribution
// there becomes that constant).
Scenario scenario_at(const Scenario& scenario, const SweepPlan& plan, const SweepPoint& point);

// A point whose scenario does not validate: which --vary is at which value, and the problems.
struct InvalidPoint {
  std::vector<std::pair<std::size_t, double>> values;  // (parameter, value)
  std::vector<Diagnostic> problems;                    // in file order
};

// Validates the scenario at every point (`scenario` itself is assumed valid). Each value of
// each --vary is checked first on its own, the others at the file's value, so that a bad value
// is blamed on its --vary alone; in a grid, the combinations are checked only when every value
// passes on its own. Empty when every point is valid.
std::vector<InvalidPoint> check_sweep(const Scenario& scenario, const SourceMap& source_map,
                                      const SweepPlan& plan);

struct SweepVariantOutcome {
  std::string variant;
  Estimate retention;
  Estimate npv;
  std::optional<Estimate> delta_npv;  // none for the baseline
  std::optional<Estimate> net_value;  // Δ NPV − PV of cost; none for the baseline
  std::optional<Estimate> roi;        // none for the baseline and a variant that costs nothing
};

// Per point, the scenario's standard variants in their order.
using SweepPointOutcome = std::vector<SweepVariantOutcome>;

struct SweepRunOptions {
  int threads = 0;  // 0: every core
  // Called after each point with points done and points in all.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// Runs every point (which must be valid: see check_sweep) with the scenario's settings and
// seed, the standard variants at each.
std::vector<SweepPointOutcome> run_sweep(const Scenario& scenario, const SweepPlan& plan,
                                         const SweepRunOptions& options = {});

// The results as CSV: a header, then one row per point and variant: each parameter's value
// (the file's when the point keeps it; empty when that is a distribution), the variant, then
// retention, NPV, Δ NPV, net value and ROI (the last three empty for the baseline, ROI also
// for a variant that costs nothing) as mean, lo, hi.
std::string sweep_csv(const SweepPlan& plan, std::span<const SweepPointOutcome> outcomes);

// What a tornado shows of each variant but the baseline: its Δ NPV, or its net value (Δ NPV
// less the PV of its cost, which a swept cost moves as well).
enum class TornadoFigure { delta_npv, net_value };

// One bar of a tornado: a parameter's effect on one variant's figure (or, in a scenario without
// fixes, on the baseline's NPV) between its LO and its HI.
struct TornadoBar {
  std::size_t parameter = 0;
  std::string variant;
  Estimate at_lo;
  Estimate at_hi;
  double swing = 0.0;  // |at_hi.mean − at_lo.mean|
};

// The bars of a one-at-a-time sweep for every parameter and every variant but the baseline
// (the baseline alone when there are no fixes), largest swing first. Swings equal to single
// precision (seven digits) are ties, which keep parameter and variant order: several fixes can
// share a swing exactly but for rounding, and its last bits should not order them (two such
// swings that straddle a single-precision rounding boundary still split, which is rare).
// Throws std::logic_error for a grid.
std::vector<TornadoBar> tornado(const SweepPlan& plan, std::span<const SweepPointOutcome> outcomes,
                                TornadoFigure figure = TornadoFigure::delta_npv);

}  // namespace cxsim
