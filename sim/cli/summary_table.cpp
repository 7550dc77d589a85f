#include "summary_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "table_text.hpp"

namespace cxsim::cli {

namespace {

std::string printf_string(const char* format, double a, double b = 0.0) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, a, b);
  return buffer;
}

std::string percent(const Estimate& e) {
  return printf_string("%.2f%% ±%.2f pt", 100.0 * e.mean, 100.0 * (e.hi - e.mean));
}

std::string points(const Estimate& e) {
  return printf_string("%+.2f pt ±%.2f", 100.0 * e.mean, 100.0 * (e.hi - e.mean));
}

std::string shown(const Estimate& e, Display display) {
  switch (display) {
    case Display::percent:
      return percent(e);
    case Display::points:
      return points(e);
    case Display::money:
      return money(e);
    case Display::ratio:
      return printf_string("%.2f ±%.2f", e.mean, e.hi - e.mean);
  }
  return money(e);
}

}  // namespace

void print_summary(const RunResults& results, std::ostream& out) {
  out << results.scenario.name << ": " << results.customers << " simulated customers for "
      << results.population_size << ", " << results.months << " months, " << results.replications
      << (results.replications == 1 ? " replication, " : " replications, ")
      << printf_string("%g%% intervals", 100.0 * results.confidence) << "\n\n";
  const std::size_t id_width = [&] {
    std::size_t width = 8;
    for (const VariantResult& variant : results.variants) {
      width = std::max(width, variant.id.size());
    }
    return width + 2;
  }();
  // With uncertain parameters, intervals span them; the Monte Carlo part of Δ NPV's is shown
  // apart (TableColumn::monte_carlo_part), so that "the effect is uncertain" is not mistaken for
  // "too few customers".
  const bool across = results.intervals_across_replications;
  std::vector<const FigureDefinition*> columns;
  out << pad("variant", id_width);
  for (const FigureDefinition& figure : figure_table()) {
    const bool known = std::any_of(
        results.variants.begin(), results.variants.end(),
        [&](const VariantResult& variant) { return single_estimate(variant, figure).has_value(); });
    if (figure.column && (known || !figure.column->only_when_known)) {
      columns.push_back(&figure);
      out << pad(std::string(figure.column->heading), figure.column->width);
      if (across && figure.column->monte_carlo_part) {
        out << pad("of which MC", 14);
      }
    }
  }
  out << "payback\n";
  for (std::size_t v = 0; v < results.variants.size(); ++v) {
    const VariantResult& variant = results.variants[v];
    out << pad(variant.id, id_width);
    for (const FigureDefinition* figure : columns) {
      if (figure->section == FigureSection::vs_baseline && !variant.against_baseline) {
        break;  // the baseline against itself
      }
      const std::optional<Estimate> estimate = single_estimate(variant, *figure);
      out << pad(estimate ? shown(*estimate, figure->column->display)
                          : std::string(figure->column->when_none),
                 figure->column->width);
      if (across && figure->column->monte_carlo_part) {
        const Estimate monte_carlo = *single_estimate(results.monte_carlo[v], *figure);
        out << pad("±" + compact(monte_carlo.hi - monte_carlo.mean), 14);
      }
    }
    if (variant.against_baseline) {
      const std::optional<double> p_roi_positive = variant.p_roi_positive();
      out << payback_text(variant.payback_month(), variant.payback_range(), variant.cost_pv().mean)
          << (p_roi_positive ? printf_string("   P(ROI>0) %.2f", *p_roi_positive) : "");
    }
    out << '\n';
  }
  if (results.terminal_value_method != kTerminalValueMethods[0]) {
    const std::optional<std::int64_t>& run_off = results.run_off_months;
    out << "\nTV: the value past month " << month_number(results.months - 1)
        << " of the customers still here (" << results.terminal_value_method << ", run-off "
        << (run_off ? std::to_string(*run_off) + " months" : std::string("without end"))
        << "). ROI and net value are on "
        << (results.roi_basis == kRoiBases[0] ? "NPV within the horizon"
                                              : "NPV with terminal value, costs past it included")
        << " (finance.roi_basis: " << results.roi_basis << ").\n";
  }
  if (!results.variants.front().cohorts.empty()) {
    double joined = 0.0;
    for (const CohortResult& cohort : results.variants.front().cohorts) {
      joined += cohort.customers.mean;
    }
    out << "\nCustomers join every month (acquisition): retention is those here after month "
        << month_number(results.months - 1)
        << " per customer of the first month, so it passes 100% when the base "
        << "grows; " << compact(joined) << " customers joined in all, and results.json's cohorts "
        << "has each month's.\n";
  }
  if (across) {
    out << "\nIntervals include the uncertain parameters (the spread across "
        << results.replications
        << " replications); \"of which MC\" is Δ NPV's Monte Carlo error alone, which more "
           "customers would shrink.\n";
  }
}

}  // namespace cxsim::cli
