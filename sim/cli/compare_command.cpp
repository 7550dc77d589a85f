// `cxsim compare A.json B.json`: two result files side by side, with the significance of each
// change (README.md#the-command). The comparison itself is io/result_comparison.hpp; this file
// prints it.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iosfwd>
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "command.hpp"
#include "cxsim/application.hpp"

namespace cxsim::cli {

// Compares results file `b` with results file `a`: a table (or, with `csv`, the same rows as
// CSV) on `out`. Returns the exit status: 0 when both files were read, whatever their
// differences; 2 when either cannot be read as a cxsim results file (each problem on `err`,
// nothing on `out`). With `csv`, the notes and the figures only one file has go to `err`, so
// that `out` is CSV alone.
int compare_results(const std::string& a, const std::string& b, bool csv, std::ostream& out,
                    std::ostream& err);

namespace {

// ---- Numbers and text as shown ---------------------------------------------------------------

std::string printf_string(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// Four significant digits, thousands as k, M, B, T: 0.5304, 7, -11.29, 473.8M, 30.03B.
std::string shown(double value) {
  if (!std::isfinite(value)) {
    return printf_string("%g", value);
  }
  if (value == 0.0) {
    return "0";  // and never "-0"
  }
  if (value == std::round(value) && std::abs(value) < 1000.0) {
    return printf_string("%.0f", value);
  }
  // A unit from 0.99995 of it on: the mantissa runs from "1.000" to "999.9", never "1000.".
  constexpr struct {
    double unit;
    const char* suffix;
  } kUnits[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  if (std::abs(value) >= 999.95e12) {
    return printf_string("%.3e", value);
  }
  for (const auto& [unit, suffix] : kUnits) {
    if (std::abs(value) >= 0.99995 * unit) {
      return printf_string("%#.4g", value / unit) + suffix;
    }
  }
  return printf_string("%#.4g", value);
}

std::string shown_signed(double value) {
  return value > 0.0 ? "+" + shown(value) : shown(value);
}

std::string shown(const FigureValue& value) {
  if (const auto* number = std::get_if<double>(&value)) {
    return shown(*number);
  }
  if (const auto* estimate = std::get_if<Estimate>(&value)) {
    return shown(estimate->mean) + " [" + shown(estimate->lo) + ", " + shown(estimate->hi) + "]";
  }
  return "—";
}

std::string shown_difference(const FigureComparison& row) {
  if (!row.difference) {
    return "—";
  }
  std::string text = *row.difference == 0.0 ? "0" : shown_signed(*row.difference);
  if (row.half_width) {
    text += " ±" + shown(*row.half_width);
  }
  return text;
}

const char* shown(Significance significance) {
  switch (significance) {
    case Significance::significant:
      return "yes";
    case Significance::not_significant:
      return "no";
    case Significance::not_assessed:
      break;
  }
  return "n/a";
}

// Text from a file shown on a terminal: control characters become '?'.
std::string printable(std::string text) {
  std::replace_if(
      text.begin(), text.end(),
      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == '\x7f'; }, '?');
  return text;
}

// Pads to `width` characters as a terminal counts them (UTF-8: "—" is three bytes, one column).
std::size_t columns(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad(std::string text, std::size_t width) {
  const std::size_t used = columns(text);
  if (used < width) {
    text.append(width - used, ' ');
  }
  return text;
}

// ---- The parts of the report -----------------------------------------------------------------

std::string run_description(const ResultFigures& figures) {
  std::string text = figures.scenario_name.empty() ? "(no scenario name)" : figures.scenario_name;
  if (!figures.sha256.empty()) {
    text += ", sha256 " + figures.sha256.substr(0, 12) + "…";
  }
  if (figures.seed) {
    text += ", seed " + std::to_string(*figures.seed);
  }
  if (figures.customers) {
    text += ", " + std::to_string(*figures.customers) + " customers";
  }
  if (figures.months) {
    text += ", " + std::to_string(*figures.months) + " months";
  }
  if (figures.replications) {
    text += ", " + std::to_string(*figures.replications) +
            (*figures.replications == 1 ? " replication" : " replications");
  }
  return printable(text) + ", " + confidence_percent(figures.confidence) + " intervals";
}

std::vector<std::string> only_in_one(const ResultComparison& comparison) {
  std::vector<std::string> lines;
  for (const auto& [side, items] :
       {std::pair{"A", &comparison.only_in_a}, std::pair{"B", &comparison.only_in_b}}) {
    for (const OnlyInOne& item : *items) {
      lines.push_back(
          std::string("only in ") + side + ": " + printable(item.variant) +
          (item.figure.empty() ? " (the whole variant)" : " " + printable(item.figure)));
    }
  }
  return lines;
}

void print_table(const std::string& a, const std::string& b, const ResultFigures& figures_a,
                 const ResultFigures& figures_b, const ResultComparison& comparison,
                 std::ostream& out) {
  out << "A: " << printable(a) << "\n   " << run_description(figures_a) << '\n';
  out << "B: " << printable(b) << "\n   " << run_description(figures_b) << '\n';
  for (const std::string& line : comparison_notes(comparison)) {
    out << line << '\n';
  }
  out << "significant: |B − A| > √(hA² + hB²), h the half-width of each interval at "
      << confidence_percent(comparison.confidence) << "\n"
      << "plain numbers have no interval (n/a); monthly series are shown by their last month\n\n";

  const std::vector<std::string> header{"variant",         "figure", "A mean [lo, hi]",
                                        "B mean [lo, hi]", "B − A",  "significant"};
  std::vector<std::vector<std::string>> cells;
  for (const FigureComparison& row : comparison.rows) {
    cells.push_back({printable(row.variant), printable(row.figure), shown(row.a), shown(row.b),
                     shown_difference(row), shown(row.significance)});
  }
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    widths[c] = columns(header[c]);
    for (const auto& line : cells) {
      widths[c] = std::max(widths[c], columns(line[c]));
    }
  }
  const auto print_line = [&](const std::vector<std::string>& line) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c) {
      text += c + 1 < line.size() ? pad(line[c], widths[c] + 2) : line[c];
    }
    out << text << '\n';
  };
  print_line(header);
  for (const auto& line : cells) {
    print_line(line);
  }

  const auto significant = std::count_if(
      comparison.rows.begin(), comparison.rows.end(),
      [](const FigureComparison& row) { return row.significance == Significance::significant; });
  out << '\n'
      << comparison.rows.size() << " figures in both files, " << significant
      << (significant == 1 ? " difference" : " differences") << " significant at "
      << confidence_percent(comparison.confidence);
  if (!comparison.shared_random_numbers) {
    out << " (about " << confidence_percent(1.0 - comparison.confidence)
        << " of unchanged figures show as significant by chance)";
  }
  out << '\n';
  const std::vector<std::string> only = only_in_one(comparison);
  if (!only.empty()) {
    out << '\n';
    for (const std::string& line : only) {
      out << line << '\n';
    }
  }
}

}  // namespace

int compare_results(const std::string& a, const std::string& b, bool csv, std::ostream& out,
                    std::ostream& err) {
  Comparison compared;
  try {
    compared = compare_results(ResultsInput{a, std::nullopt}, ResultsInput{b, std::nullopt});
  } catch (const InputError& error) {
    for (const std::string& problem : error.problems()) {
      err << "cxsim: " << printable(problem) << '\n';
    }
    return 2;
  }
  const ResultComparison& comparison = compared.comparison;
  if (csv) {
    out << comparison_csv(comparison);
    for (const std::string& line : comparison_notes(comparison)) {
      err << line << '\n';
    }
    for (const std::string& line : only_in_one(comparison)) {
      err << line << '\n';
    }
  } else {
    print_table(a, b, compared.a, compared.b, comparison, out);
  }
  return 0;
}

Command add_compare_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    bool csv = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* compare = app.add_subcommand(
      "compare",
      "Two results.json files side by side: each figure's difference B - A and whether it is "
      "significant.");
  compare->add_option("FILES", options->files,
                      "Two results.json files written by 'cxsim run': A (before), B (after)");
  compare->add_flag("--csv", options->csv,
                    "The rows as CSV on stdout (notes and figures in one file only on stderr)");
  return {compare, [options] {
            if (options->files.size() != 2) {
              std::cerr << "cxsim: compare needs two results files, A.json B.json; got "
                        << options->files.size() << "\nRun 'cxsim compare --help' for usage.\n";
              return 2;
            }
            return compare_results(options->files[0], options->files[1], options->csv, std::cout,
                                   std::cerr);
          }};
}

const CommandRegistration registration{5, add_compare_command};

}  // namespace cxsim::cli
