#include "analysis/figures.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace cxsim {

namespace {

constexpr auto kAlive = static_cast<int>(MonthlyMetric::alive);
constexpr auto kRevenue = static_cast<int>(MonthlyMetric::revenue);
constexpr auto kValue = static_cast<int>(MonthlyMetric::value);
constexpr auto kCostToServe = static_cast<int>(MonthlyMetric::cost_to_serve);
constexpr auto kReferralValue = static_cast<int>(MonthlyMetric::referral_value);
constexpr auto kNpsNet = static_cast<int>(MonthlyMetric::nps_net);
constexpr auto kTerminalValue = static_cast<int>(MonthlyMetric::terminal_value);

using enum FigureSection;
using enum Sum;

const std::array kFigures{
    FigureDefinition{.key = "retention",
                     .section = totals,
                     .sum = last_month,
                     .metric = kAlive,
                     .column = TableColumn{"retention", 21, Display::percent}},
    FigureDefinition{.key = "revenue",
                     .section = totals,
                     .sum = horizon,
                     .metric = kRevenue,
                     .scaled_to_population = true,
                     .column = TableColumn{"revenue"}},
    FigureDefinition{.key = "npv",
                     .section = totals,
                     .sum = horizon,
                     .metric = kValue,
                     .scaled_to_population = true,
                     .column = TableColumn{"NPV"}},
    FigureDefinition{.key = "cost_to_serve",
                     .section = totals,
                     .sum = horizon,
                     .metric = kCostToServe,
                     .scaled_to_population = true},
    FigureDefinition{.key = "referrals",
                     .section = totals,
                     .sum = horizon,
                     .metric = kReferralValue,
                     .scaled_to_population = true},
    // The value past the horizon of the customers still here after the last month
    // (docs/model.md#value-past-the-horizon), apart from the NPV within it, and their sum.
    FigureDefinition{.key = "terminal_value",
                     .section = totals,
                     .sum = last_month,
                     .metric = kTerminalValue,
                     .scaled_to_population = true,
                     .kind = FigureKind::observed,
                     .past_horizon = true},
    FigureDefinition{.key = "npv_with_terminal_value",
                     .section = totals,
                     .sum = with_terminal,
                     .metric = kValue,
                     .scaled_to_population = true,
                     .kind = FigureKind::observed,
                     .past_horizon = true},
    FigureDefinition{.key = "nps",
                     .section = totals,
                     .sum = survey,
                     .per = Per::answer,
                     .factor = 100.0,
                     .kind = FigureKind::observed},

    FigureDefinition{.key = "alive",
                     .section = monthly,
                     .sum = each_month,
                     .metric = kAlive,
                     .kind = FigureKind::series},
    FigureDefinition{.key = "revenue",
                     .section = monthly,
                     .sum = each_month,
                     .metric = kRevenue,
                     .scaled_to_population = true,
                     .kind = FigureKind::series},
    FigureDefinition{.key = "npv",
                     .section = monthly,
                     .sum = through_month,
                     .metric = kValue,
                     .scaled_to_population = true,
                     .kind = FigureKind::series},
    // The NPS of each month's answers; none (null, an empty cell) in a month without one.
    FigureDefinition{.key = "nps",
                     .section = monthly,
                     .sum = survey_month,
                     .metric = kNpsNet,
                     .per = Per::answer,
                     .factor = 100.0,
                     .kind = FigureKind::series},

    FigureDefinition{.key = "events",
                     .section = touchpoints,
                     .sum = touchpoint,
                     .metric = static_cast<int>(TouchpointMetric::events),
                     .scaled_to_population = true},
    FigureDefinition{.key = "failures",
                     .section = touchpoints,
                     .sum = touchpoint,
                     .metric = static_cast<int>(TouchpointMetric::failures),
                     .scaled_to_population = true},
    FigureDefinition{.key = "csat",
                     .section = touchpoints,
                     .sum = touchpoint,
                     .metric = static_cast<int>(TouchpointMetric::satisfied),
                     .per = Per::event,
                     .kind = FigureKind::observed},
    FigureDefinition{.key = "ces",
                     .section = touchpoints,
                     .sum = touchpoint,
                     .metric = static_cast<int>(TouchpointMetric::effort_score),
                     .per = Per::event,
                     .kind = FigureKind::observed},

    // The share of the segment's customers still here after each month.
    FigureDefinition{.key = "alive",
                     .section = segments,
                     .sum = segment_month,
                     .per = Per::segment_customer,
                     .kind = FigureKind::series},

    FigureDefinition{.key = "delta_retention",
                     .section = vs_baseline,
                     .sum = baseline,
                     .paired_with = "totals.retention",
                     .column = TableColumn{"Δ retention", 20, Display::points}},
    FigureDefinition{.key = "delta_customers",
                     .section = vs_baseline,
                     .sum = baseline,
                     .paired_with = "totals.retention",
                     .scaled_to_population = true},
    FigureDefinition{.key = "delta_revenue",
                     .section = vs_baseline,
                     .sum = baseline,
                     .paired_with = "totals.revenue",
                     .scaled_to_population = true},
    FigureDefinition{.key = "delta_cost_to_serve",
                     .section = vs_baseline,
                     .sum = baseline,
                     .paired_with = "totals.cost_to_serve",
                     .scaled_to_population = true},
    FigureDefinition{.key = "delta_npv",
                     .section = vs_baseline,
                     .sum = baseline,
                     .paired_with = "totals.npv",
                     .scaled_to_population = true,
                     .column = TableColumn{"Δ NPV", 20, Display::money, "", true}},
    FigureDefinition{.key = "delta_terminal_value",
                     .section = vs_baseline,
                     .sum = baseline,
                     .paired_with = "totals.terminal_value",
                     .scaled_to_population = true,
                     .kind = FigureKind::observed,
                     .past_horizon = true},
    FigureDefinition{.key = "delta_npv_with_terminal_value",
                     .section = vs_baseline,
                     .sum = baseline,
                     .paired_with = "totals.npv_with_terminal_value",
                     .scaled_to_population = true,
                     .kind = FigureKind::observed,
                     .column = TableColumn{.heading = "Δ NPV + TV", .only_when_known = true},
                     .past_horizon = true},
    FigureDefinition{
        .key = "cost_pv", .section = vs_baseline, .sum = finance, .column = TableColumn{"cost PV"}},
    // The PV of the fixes' monthly cost past the horizon, over the run-off.
    FigureDefinition{.key = "cost_pv_past_horizon",
                     .section = vs_baseline,
                     .sum = finance,
                     .kind = FigureKind::observed,
                     .past_horizon = true},
    FigureDefinition{.key = "net_value",
                     .section = vs_baseline,
                     .sum = finance,
                     .column = TableColumn{"net value"}},
    FigureDefinition{.key = "roi",
                     .section = vs_baseline,
                     .sum = finance,
                     .kind = FigureKind::observed,
                     .column = TableColumn{"ROI", 20, Display::ratio, "no cost"}},
    // The month the cumulative Δ NPV first covers the cumulative cost.
    FigureDefinition{
        .key = "payback_month", .section = vs_baseline, .sum = finance, .kind = FigureKind::month},
    FigureDefinition{.key = "payback_month_interval",
                     .section = vs_baseline,
                     .sum = finance,
                     .kind = FigureKind::month_range},
    FigureDefinition{
        .key = "p_roi_positive", .section = vs_baseline, .sum = finance, .kind = FigureKind::share},
    FigureDefinition{.key = "roi_quantiles",
                     .section = vs_baseline,
                     .sum = finance,
                     .kind = FigureKind::quantiles},
    FigureDefinition{.key = "delta_npv_quantiles",
                     .section = vs_baseline,
                     .sum = finance,
                     .kind = FigureKind::quantiles},
};

// `totals.npv`: how `paired_with` names a figure.
std::string figure_path(const FigureDefinition& figure) {
  return std::string(section_key(figure.section)) + "." + std::string(figure.key);
}

}  // namespace

std::span<const FigureDefinition> figure_table() {
  return kFigures;
}

std::string_view section_key(FigureSection section) {
  switch (section) {
    case totals:
      return "totals";
    case monthly:
      return "monthly";
    case touchpoints:
      return "touchpoints";
    case segments:
      return "segments";
    case vs_baseline:
      return "vs_baseline";
  }
  throw std::logic_error("unknown figure section");
}

const FigureDefinition* find_figure(FigureSection section, std::string_view key) {
  const auto found = std::find_if(kFigures.begin(), kFigures.end(), [&](const auto& figure) {
    return figure.section == section && figure.key == key;
  });
  return found == kFigures.end() ? nullptr : &*found;
}

std::size_t figure_index(FigureSection section, std::string_view key) {
  const FigureDefinition* figure = find_figure(section, key);
  if (figure == nullptr) {
    throw std::logic_error("no figure " + std::string(section_key(section)) + "." +
                           std::string(key));
  }
  return static_cast<std::size_t>(figure - kFigures.data());
}

std::size_t figure_index(const FigureDefinition& figure) {
  return static_cast<std::size_t>(&figure - kFigures.data());
}

bool is_spread_summary(const FigureDefinition& figure) {
  return figure.kind == FigureKind::quantiles;
}

bool is_paired_sum(const FigureDefinition& figure) {
  return figure.per == Per::customer && figure.sum != baseline && figure.sum != finance;
}

bool is_single_estimate(const FigureDefinition& figure) {
  return (figure.kind == FigureKind::estimate || figure.kind == FigureKind::observed) &&
         (figure.section == totals || figure.section == vs_baseline);
}

std::size_t paired_figure_index(const FigureDefinition& figure) {
  const auto found = std::find_if(kFigures.begin(), kFigures.end(), [&](const auto& other) {
    return figure_path(other) == figure.paired_with;
  });
  if (figure.sum != baseline || found == kFigures.end() || !is_paired_sum(*found)) {
    throw std::logic_error("figure " + figure_path(figure) + " is paired with no paired sum");
  }
  return static_cast<std::size_t>(found - kFigures.begin());
}

}  // namespace cxsim
