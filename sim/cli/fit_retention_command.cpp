// `cxsim fit-retention DATA.csv`: retention models fitted to observed retention by maximum
// likelihood (docs/calibration.md#retention-models). The fit is the application layer's; this
// file prints it and writes FIT.json.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "command.hpp"
#include "cxsim/application.hpp"
#include "io/fit_writers.hpp"
#include "output_files.hpp"
#include "table_text.hpp"

namespace cxsim::cli {

struct FitRetentionOptions {
  std::string data;
  std::string model = "all";
  std::optional<int> fit_periods;
  std::string output;  // empty: the summary alone
};

// Fits, prints the summary on `out` and writes FIT.json. Returns the exit status: 0 when fitted;
// 2 for bad data or options (each problem on `err`, nothing written); 1 when a fit did not
// converge (said on `err`, nothing written) or FIT.json could not be written.
int fit_retention(const FitRetentionOptions& options, std::ostream& out, std::ostream& err);

namespace {

// Past this many, more lines bury the first problems rather than help fix them.
constexpr std::size_t kMostProblemsShown = 100;

std::string printf_string(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string shown_p(double p) {
  return p < 0.001 ? "< 0.001" : printf_string("%.3f", p);
}

std::string shown_parameters(const RetentionFit& fit) {
  std::string text;
  for (const ParameterEstimate& parameter : fit.parameters) {
    text += (text.empty() ? "" : ", ") + parameter.name + " " +
            printf_string("%.4g", parameter.estimate) + " ±" +
            printf_string("%.2g", parameter.standard_error);
  }
  return text;
}

void print_segment(std::span<const RetentionFit> fits, bool by_segment, std::ostream& out) {
  if (by_segment) {
    out << "segment " << fits.front().segment << '\n';
  }
  const bool projected = fits.front().projection.has_value();
  std::vector<std::vector<std::string>> rows{
      {"model", "estimates ±se", "ln L", "AIC", "BIC", "LR vs constant: χ² (df), p"}};
  if (projected) {
    rows.front().push_back("projection error (MAPE)");
  }
  for (const RetentionFit& fit : fits) {
    std::vector<std::string> row{std::string(model_title(fit.model)),
                                 shown_parameters(fit),
                                 printf_string("%.2f", fit.log_likelihood),
                                 printf_string("%.2f", fit.aic),
                                 printf_string("%.2f", fit.bic),
                                 "—"};
    if (fit.lr_test) {
      row.back() = printf_string("%.2f", fit.lr_test->statistic) + " (" +
                   std::to_string(fit.lr_test->degrees_of_freedom) + "), p " +
                   shown_p(fit.lr_test->p_value);
    }
    if (projected) {
      row.push_back(printf_string("%.2f%%", fit.projection->mean_absolute_percentage_error));
    }
    rows.push_back(std::move(row));
  }
  // Widths as a terminal counts them: "χ²" and "±" are one column each.
  const auto columns = [](const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
  };
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], columns(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += c + 1 < row.size() ? pad(row[c], widths[c] + 2) : row[c];
    }
    out << "  " << line << '\n';
  }
  out << "  " << retention_verdict(fits) << "\n\n";
}

void print_report(const RetentionFitReport& report, std::ostream& out) {
  double customers = 0.0;
  for (const auto& segment : fits_by_segment(report.fits)) {
    customers += segment.front().customers;
  }
  out << report.source.file << " (sha256 " << report.source.sha256.substr(0, 12) << "…): "
      << (report.format == RetentionDataFormat::cohorts ? "a cohort table" : "customer records")
      << ", " << format_number(customers) << " customers";
  if (report.fit_periods) {
    out << ", fitted on periods 1 to " << *report.fit_periods << ", the rest projected";
  }
  out << "\n\n";
  for (const auto& segment : fits_by_segment(report.fits)) {
    print_segment(segment, report.by_segment, out);
  }
}

}  // namespace

int fit_retention(const FitRetentionOptions& options, std::ostream& out, std::ostream& err) {
  RetentionFitting fitting;
  try {
    const RetentionFitRequest request{retention_models_named(options.model), options.fit_periods};
    fitting = fit_retention_file(options.data, request);
  } catch (const InputError& error) {
    for (const std::string& problem : error.problems()) {
      err << "cxsim: " << problem << '\n';
    }
    return 2;
  } catch (const RetentionFitFailure& failure) {
    err << "cxsim: " << failure.what() << "; nothing written\n";
    return 1;
  }
  if (!fitting.report) {
    const std::size_t shown = std::min(fitting.problems.size(), kMostProblemsShown);
    for (std::size_t i = 0; i < shown; ++i) {
      err << to_string(fitting.problems[i]) << '\n';
    }
    return 2;
  }
  if (!options.output.empty()) {
    if (std::string why; !write_whole(options.output, retention_fit_json(*fitting.report), why)) {
      err << "cxsim: cannot write " << options.output << ": " << why << '\n';
      return 1;
    }
  }
  print_report(*fitting.report, out);
  if (!options.output.empty()) {
    out << "wrote " << options.output << '\n';
  }
  return 0;
}

namespace {

Command add_fit_retention_command(CLI::App& app) {
  auto options = std::make_shared<FitRetentionOptions>();
  CLI::App* command = app.add_subcommand(
      "fit-retention",
      "Fit retention models (constant churn, shifted-beta-geometric, beta-discrete-Weibull) to "
      "observed retention by maximum likelihood; says which model the data favour.");
  command
      ->add_option("DATA", options->data,
                   "CSV with header 'cohort,period,alive' or 'customer,tenure,churned', each with "
                   "an optional 'segment' column")
      ->required();
  command->add_option("--model", options->model, "constant, sbg, bdw or all (default all)");
  command->add_option("--fit-periods", options->fit_periods,
                      "Fit on periods 1 to K only and report the projection error on the rest");
  command->add_option("-o,--output", options->output,
                      "Write the fits to this JSON file (default: print the summary only)");
  return {command, [options] { return fit_retention(*options, std::cout, std::cerr); }};
}

const CommandRegistration registration{6, add_fit_retention_command};

}  // namespace

}  // namespace cxsim::cli
