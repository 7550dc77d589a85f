// `cxsim sweep FILE --vary PATH=LO:HI:STEPS …`: sensitivity of the outcomes to model
// parameters (README.md#the-command), one at a time or over a full grid, as CSV, with a tornado of
// Δ NPV.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iosfwd>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "command.hpp"
#include "cxsim/application.hpp"
#include "output_files.hpp"
#include "progress_bar.hpp"
#include "scenario_input.hpp"
#include "table_text.hpp"

namespace cxsim::cli {

struct SweepOptions {
  std::string file;
  std::vector<std::string> vary;  // each PATH=LO:HI:STEPS
  bool grid = false;              // the Cartesian product instead of one at a time
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> seed;
  int threads = 0;     // 0: every core
  std::string output;  // the CSV file; empty: the CSV goes to `out` and no table is printed
  bool quiet = false;
};

// Returns the exit status: 0 done, 2 invalid input (a --vary, the scenario, a point's value;
// nothing written), 1 a failure to write. With an output file, the tornado table of a
// one-at-a-time sweep goes to `out`.
int sweep_scenario(const SweepOptions& options, std::ostream& out, std::ostream& err);

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kLongestBar = 20;

std::string printf_string(const char* format, double value) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), format, value);
  return buffer.data();
}

void print_tornado(const Scenario& scenario, const SweepPlan& plan, TornadoFigure figure,
                   const std::vector<TornadoBar>& bars, std::ostream& out) {
  const bool fixes = !scenario.fixes.empty();
  const SimulationSettings& settings = scenario.simulation;
  const bool net = figure == TornadoFigure::net_value;
  out << scenario.name << ": "
      << (!fixes ? "NPV of the baseline (the scenario has no fixes)"
          : net  ? "net value (Δ NPV − PV of the fix's cost)"
                 : "Δ NPV against the baseline")
      << ", one parameter at a time, largest swing first\n"
      << settings.customers << " simulated customers for "
      << scenario.population.size.value_or(settings.customers) << ", " << settings.months
      << " months, " << settings.replications
      << (settings.replications == 1 ? " replication, " : " replications, ")
      << printf_string("%g%% intervals", 100.0 * settings.confidence)
      << "; every point on the same random numbers (seed " << settings.seed << ")\n\n";

  std::size_t parameter_width = 9;
  std::size_t range_width = 7;
  std::size_t variant_width = 7;
  std::vector<std::string> ranges;
  for (const SweepParameter& parameter : plan.parameters) {
    ranges.push_back(format_number(parameter.spec.lo) + " → " + format_number(parameter.spec.hi));
    parameter_width = std::max(parameter_width, parameter.spec.path.size());
    range_width = std::max(range_width, ranges.back().size() - 2);  // "→" is 3 bytes, 1 column
  }
  double largest = 0.0;
  for (const TornadoBar& bar : bars) {
    variant_width = std::max(variant_width, bar.variant.size());
    largest = std::max(largest, bar.swing);
  }
  const std::string what = !fixes ? "NPV" : net ? "net value" : "Δ NPV";
  out << pad("parameter", parameter_width + 2) << pad("LO → HI", range_width + 2)
      << pad("variant", variant_width + 2) << pad(what + " at LO", 22) << pad(what + " at HI", 22)
      << "swing\n";
  for (const TornadoBar& bar : bars) {
    const std::size_t length =
        largest > 0.0 ? static_cast<std::size_t>(
                            std::lround(static_cast<double>(kLongestBar) * bar.swing / largest))
                      : 0;
    out << pad(plan.parameters[bar.parameter].spec.path, parameter_width + 2)
        << pad(ranges[bar.parameter], range_width + 2) << pad(bar.variant, variant_width + 2)
        << pad(money(bar.at_lo), 22) << pad(money(bar.at_hi), 22) << pad(compact(bar.swing), 10)
        << std::string(std::max<std::size_t>(length, bar.swing > 0.0 ? 1 : 0), '#') << '\n';
  }
}

}  // namespace

int sweep_scenario(const SweepOptions& options, std::ostream& out, std::ostream& err) {
  std::vector<SweepSpec> specs;
  try {
    specs = parse_sweep_specs(options.vary);
  } catch (const InputError& error) {
    err << "cxsim: " << error.what() << '\n';
    return 2;
  }
  std::optional<ScenarioInput> input = valid_scenario(options.file, err);
  if (!input) {
    return 2;
  }
  input = with_settings(
      *input,
      settings_overrides({options.customers, std::nullopt, options.replications, options.seed}),
      err);
  if (!input) {
    return 2;
  }
  const Scenario& scenario = input->scenario;
  SweepPlan plan;
  try {
    plan = checked_sweep_plan(*input, specs,
                              options.grid ? SweepMode::grid : SweepMode::one_at_a_time, "cxsim: ");
  } catch (const InputError& error) {
    err << "cxsim: " << error.what() << '\n';
    return 2;
  } catch (const InvalidSweepPoints& invalid) {
    err << invalid.what();
    return 2;
  }
  if (!options.output.empty()) {
    if (std::error_code ignored; fs::equivalent(options.output, options.file, ignored)) {
      err << "cxsim: -o " << options.output << " is the scenario file itself; name another file\n";
      return 2;
    }
    if (const auto why = unwritable(options.output)) {
      err << "cxsim: cannot write " << options.output << ": " << *why << '\n';
      return 1;
    }
  }

  warn_of_few_replications(scenario, err);
  const std::vector<SweepPointOutcome> outcomes = [&] {
    ProgressBar progress(!options.quiet);
    return run_sweep(scenario, plan, {options.threads, [&](std::size_t done, std::size_t total) {
                                        progress.update(static_cast<std::int64_t>(done),
                                                        static_cast<std::int64_t>(total));
                                      }});
  }();
  const std::string csv = sweep_csv(plan, outcomes);
  if (options.output.empty()) {
    out << csv;
    return 0;
  }
  if (std::string why; !write_whole(options.output, csv, why)) {
    err << "cxsim: cannot write " << options.output << ": " << why << '\n';
    return 1;
  }
  if (plan.mode == SweepMode::one_at_a_time) {
    print_tornado(scenario, plan, TornadoFigure::delta_npv,
                  tornado(plan, outcomes, TornadoFigure::delta_npv), out);
    out << '\n';
    if (!scenario.fixes.empty()) {
      print_tornado(scenario, plan, TornadoFigure::net_value,
                    tornado(plan, outcomes, TornadoFigure::net_value), out);
      out << '\n';
    }
  }
  out << "wrote " << options.output << ": " << plan.points.size() << " points, "
      << outcomes.front().size() << (outcomes.front().size() == 1 ? " variant" : " variants")
      << " each\n";
  return 0;
}

Command add_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "Sensitivity of the outcomes to parameters: runs the scenario with each --vary swept one "
      "at a time (or over the full grid) and writes retention, NPV, Δ NPV, net value and ROI per "
      "point and variant as CSV; with -o, prints tornados of Δ NPV and of net value.");
  sweep->add_option("FILE", options->file, "Scenario file (YAML)")->required();
  sweep
      ->add_option("--vary", options->vary,
                   "PATH=LO:HI:STEPS: the parameter at PATH (as in the file: "
                   "journey[0].functional.success, journey[signup].functional.success, "
                   "segments[smb].revenue.monthly_mean, perception.memory) takes STEPS values "
                   "from LO to HI; repeat for more parameters")
      ->required()
      ->allow_extra_args(false);
  sweep->add_flag("--grid", options->grid,
                  "Every combination of the values (at most 1000 points) instead of one "
                  "parameter at a time");
  sweep->add_option("-o,--output", options->output,
                    "CSV file for the results (default: the CSV on standard output, no table)");
  sweep->add_option("--customers", options->customers, "Simulated customers per replication");
  sweep->add_option("--replications", options->replications,
                    "Replications at each point (uncertain parameters drawn anew in each)");
  sweep->add_option("--seed", options->seed, "Random seed (every point shares it)");
  sweep->add_option("--threads", options->threads, "Threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  sweep->add_flag("--quiet", options->quiet, "No progress bar");
  return {sweep, [options] { return sweep_scenario(*options, std::cout, std::cerr); }};
}

const CommandRegistration registration{4, add_sweep_command};

}  // namespace cxsim::cli
