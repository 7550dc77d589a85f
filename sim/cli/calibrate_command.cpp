// `cxsim calibrate SCENARIO --observed OBSERVED.yaml [-o CALIBRATED.yaml] [--report REPORT.json]`:
// the scenario's unknown parameters fitted to observed outcomes (docs/calibration.md), the fit
// shown as a table of estimates and of observed against fitted moments.

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "command.hpp"
#include "cxsim/application.hpp"
#include "io/calibrated_scenario.hpp"
#include "io/calibration_report.hpp"
#include "output_files.hpp"
#include "scenario_input.hpp"
#include "table_text.hpp"

namespace cxsim::cli {

struct CalibrateOptions {
  std::string file;
  std::string observed;
  std::string output;  // CALIBRATED.yaml; empty: none
  std::string report;  // REPORT.json; empty: none
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> seed;
  int threads = 0;
  bool compare_models = false;
};

// Returns the exit status: 0 calibrated, 2 invalid input (nothing written), 1 a calibration
// that did not converge or a file that could not be written (nothing written).
int calibrate_command(const CalibrateOptions& options, std::ostream& out, std::ostream& err);

namespace {

namespace fs = std::filesystem;

std::string significant(double value, int digits = 4) {
  std::array<char, 48> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*g", digits, value);
  return buffer.data();
}

// The date as calibrated scenarios record it: 2026-12-04 (UTC).
std::string today() {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{day};
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer.data();
}

void print_estimates(const Calibration& fit, std::ostream& out) {
  const std::string level = significant(100.0 * fit.confidence, 3) + "% interval";
  out << pad("unknown", 46) << pad("start", 12) << pad("estimate", 12) << pad("se", 12) << level
      << '\n';
  for (const FittedUnknown& unknown : fit.unknowns) {
    out << pad(unknown.unknown.path, 46) << pad(significant(unknown.start), 12)
        << pad(significant(unknown.estimate), 12);
    if (unknown.not_identified) {
      out << pad("-", 12) << "not pinned down: " << *unknown.not_identified;
      if (unknown.trades_off_with) {
        out << " (trades off against " << fit.unknowns[*unknown.trades_off_with].unknown.path
            << ")";
      }
    } else {
      const double half = fit.z * unknown.se;
      out << pad(significant(unknown.se, 3), 12) << '[' << significant(unknown.estimate - half)
          << ", " << significant(unknown.estimate + half) << ']';
      if (unknown.at_bound) {
        out << " at a bound";
      }
    }
    out << '\n';
  }
}

void print_moments(const Calibration& fit, std::ostream& out) {
  const double z = fit.z;
  const auto shown = [&](double value, double se) {
    return significant(value) + " ±" + significant(z * se, 2);
  };
  out << pad("moment", 14) << pad("of", 28) << pad("observed", 22) << pad("fitted", 22)
      << "residual\n";
  for (const MomentFit& moment : fit.moments) {
    out << pad(moment.kind, 14) << pad(moment.label, 28)
        << pad(shown(moment.observed, moment.observed_se), 22)
        << pad(shown(moment.fitted, moment.fitted_se), 22) << significant(moment.residual, 2)
        << '\n';
  }
}

void print_fit(const Calibration& fit, std::ostream& out) {
  out << "Perception model " << fit.perception_model << ": " << fit.simulations
      << " simulations of " << fit.customers << " customers, " << fit.iterations << " iterations, "
      << significant(fit.seconds, 3) << " s.\n\n";
  print_estimates(fit, out);
  out << '\n';
  print_moments(fit, out);
  out << "\nGoodness of fit: χ² " << significant(fit.chi_square) << " on " << fit.degrees_of_freedom
      << " degrees of freedom";
  if (fit.p_value) {
    out << ", p = " << significant(*fit.p_value, 3) << ": "
        << (*fit.p_value < 0.01
                ? "the model does not reproduce the observations within their noise."
            : *fit.p_value < 0.05 ? "the fit is doubtful (p < 0.05)."
                                  : "the model reproduces the observations within their noise.");
  } else {
    out << ": as many unknowns as observations, so the fit cannot be tested.";
  }
  out << '\n';
}

}  // namespace

int calibrate_command(const CalibrateOptions& options, std::ostream& out, std::ostream& err) {
  std::optional<ScenarioInput> input = valid_scenario(options.file, err);
  if (!input) {
    return 2;
  }
  const ObservationsLoading observations = load_observations_file(*input, options.observed);
  if (!observations.input) {
    for (const Diagnostic& problem : observations.problems) {
      err << to_string(problem) << '\n';
    }
    return 2;
  }
  for (const std::string& path : {options.output, options.report}) {
    if (path.empty()) {
      continue;
    }
    if (std::error_code ignored; fs::equivalent(path, options.file, ignored) ||
                                 fs::equivalent(path, options.observed, ignored)) {
      err << "cxsim: " << path << " is an input file; name another file to write\n";
      return 2;
    }
    if (const auto why = unwritable(path)) {
      err << "cxsim: cannot write " << path << ": " << *why << '\n';
      return 1;
    }
  }

  CalibrateRequest request;
  request.compare_models = options.compare_models;
  request.settings.customers = options.customers.value_or(0);
  request.settings.seed = options.seed;
  request.settings.threads = options.threads;
  CalibrationOutcome outcome;
  try {
    outcome = calibrate_scenario(*input, observations.input->observations, request);
  } catch (const InputError& error) {
    err << "cxsim: " << error.what() << '\n';
    return 2;
  }
  for (const Calibration& fit : outcome.fits) {
    print_fit(fit, out);
    out << '\n';
  }
  for (const Calibration& fit : outcome.fits) {
    if (!fit.converged) {
      err << "cxsim: the calibration under " << fit.perception_model << " did not converge after "
          << fit.iterations << " iterations (" << fit.solver_report
          << "); nothing written. Narrow the bounds, add observations or fix an unknown.\n";
      return 1;
    }
  }
  out << favoured_model_sentence(outcome) << '\n';
  std::vector<std::pair<std::string, std::string>> files;
  if (!options.output.empty()) {
    try {
      files.emplace_back(options.output,
                         calibrated_scenario_text(*input, *observations.input,
                                                  outcome.fits[outcome.favoured], today()));
    } catch (const CalibratedScenarioError& error) {
      err << "cxsim: cannot write the calibrated scenario " << options.output << ": "
          << error.what() << "; nothing written\n";
      return 1;
    }
  }
  if (!options.report.empty()) {
    files.emplace_back(options.report,
                       calibration_report_json(input->source, observations.input->source,
                                               outcome.fits, outcome.favoured));
  }
  for (const auto& [path, text] : files) {
    if (std::string why; !write_whole(path, text, why)) {
      err << "cxsim: cannot write " << path << ": " << why << '\n';
      return 1;
    }
  }
  if (!files.empty()) {
    out << "wrote";
    for (std::size_t i = 0; i < files.size(); ++i) {
      out << (i == 0 ? " " : " and ") << files[i].first;
    }
    out << '\n';
  }
  return 0;
}

Command add_calibrate_command(CLI::App& app) {
  auto options = std::make_shared<CalibrateOptions>();
  CLI::App* calibrate = app.add_subcommand(
      "calibrate",
      "Fit the scenario's unknown parameters to observed retention, NPS, CSAT, CES and failure "
      "rates by simulated moments; writes the calibrated scenario and a report.");
  calibrate->add_option("SCENARIO", options->file, "Scenario file (YAML)")->required();
  calibrate->add_option("--observed", options->observed, "Observations and unknowns (YAML)")
      ->required();
  calibrate->add_option("-o,--output", options->output,
                        "The calibrated scenario (YAML), with the fitted values written in");
  calibrate->add_option("--report", options->report, "The fit in full (JSON)");
  calibrate->add_option("--customers", options->customers,
                        "Simulated customers per evaluation (default: the scenario's)");
  calibrate->add_option("--seed", options->seed,
                        "Seed of the simulations (default: the scenario's)");
  calibrate->add_option("--threads", options->threads, "Threads (default: every core)")
      ->check(CLI::NonNegativeNumber);
  calibrate->add_flag("--compare-models", options->compare_models,
                      "Fit once per perception model and say which the data favour");
  return {calibrate, [options] { return calibrate_command(*options, std::cout, std::cerr); }};
}

const CommandRegistration registration{7, add_calibrate_command};

}  // namespace cxsim::cli
