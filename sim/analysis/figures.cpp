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

using enum FigureSection;
using enum Sum;

const std::array kFigures{
    // key, section, sum, metric, per, paired_with, scaled_to_population, factor, kind, column
    FigureDefinition{"retention", totals, last_month, kAlive, Per::customer, "", false, 1.0,
                     FigureKind::estimate, TableColumn{"retention", 21, Display::percent}},
    FigureDefinition{"revenue", totals, horizon, kRevenue, Per::customer, "", true, 1.0,
                     FigureKind::estimate, TableColumn{"revenue"}},
    FigureDefinition{"npv", totals, horizon, kValue, Per::customer, "", true, 1.0,
                     FigureKind::estimate, TableColumn{"NPV"}},
    FigureDefinition{"cost_to_serve", totals, horizon, kCostToServe, Per::customer, "", true, 1.0,
                     FigureKind::estimate, std::nullopt},
    FigureDefinition{"referrals", totals, horizon, kReferralValue, Per::customer, "", true, 1.0,
                     FigureKind::estimate, std::nullopt},
    FigureDefinition{"nps", totals, survey, 0, Per::answer, "", false, 100.0, FigureKind::observed,
                     std::nullopt},

    FigureDefinition{"alive", monthly, each_month, kAlive, Per::customer, "", false, 1.0,
                     FigureKind::series, std::nullopt},
    FigureDefinition{"revenue", monthly, each_month, kRevenue, Per::customer, "", true, 1.0,
                     FigureKind::series, std::nullopt},
    FigureDefinition{"npv", monthly, through_month, kValue, Per::customer, "", true, 1.0,
                     FigureKind::series, std::nullopt},

    FigureDefinition{"events", touchpoints, touchpoint, static_cast<int>(TouchpointMetric::events),
                     Per::customer, "", true, 1.0, FigureKind::estimate, std::nullopt},
    FigureDefinition{"failures", touchpoints, touchpoint,
                     static_cast<int>(TouchpointMetric::failures), Per::customer, "", true, 1.0,
                     FigureKind::estimate, std::nullopt},
    FigureDefinition{"csat", touchpoints, touchpoint, static_cast<int>(TouchpointMetric::satisfied),
                     Per::event, "", false, 1.0, FigureKind::observed, std::nullopt},
    FigureDefinition{"ces", touchpoints, touchpoint,
                     static_cast<int>(TouchpointMetric::effort_score), Per::event, "", false, 1.0,
                     FigureKind::observed, std::nullopt},

    FigureDefinition{"delta_retention", vs_baseline, baseline, 0, Per::customer, "totals.retention",
                     false, 1.0, FigureKind::estimate,
                     TableColumn{"Δ retention", 20, Display::points}},
    FigureDefinition{"delta_customers", vs_baseline, baseline, 0, Per::customer, "totals.retention",
                     true, 1.0, FigureKind::estimate, std::nullopt},
    FigureDefinition{"delta_revenue", vs_baseline, baseline, 0, Per::customer, "totals.revenue",
                     true, 1.0, FigureKind::estimate, std::nullopt},
    FigureDefinition{"delta_cost_to_serve", vs_baseline, baseline, 0, Per::customer,
                     "totals.cost_to_serve", true, 1.0, FigureKind::estimate, std::nullopt},
    FigureDefinition{"delta_npv", vs_baseline, baseline, 0, Per::customer, "totals.npv", true, 1.0,
                     FigureKind::estimate, TableColumn{"Δ NPV", 20, Display::money, "", true}},
    FigureDefinition{"cost_pv", vs_baseline, finance, 0, Per::customer, "", false, 1.0,
                     FigureKind::estimate, TableColumn{"cost PV"}},
    FigureDefinition{"net_value", vs_baseline, finance, 0, Per::customer, "", false, 1.0,
                     FigureKind::estimate, TableColumn{"net value"}},
    FigureDefinition{"roi", vs_baseline, finance, 0, Per::customer, "", false, 1.0,
                     FigureKind::observed, TableColumn{"ROI", 20, Display::ratio, "no cost"}},
    // The month the cumulative Δ NPV first covers the cumulative cost.
    FigureDefinition{"payback_month", vs_baseline, finance, 0, Per::customer, "", false, 1.0,
                     FigureKind::month, std::nullopt},
    FigureDefinition{"payback_month_interval", vs_baseline, finance, 0, Per::customer, "", false,
                     1.0, FigureKind::month_range, std::nullopt},
    FigureDefinition{"p_roi_positive", vs_baseline, finance, 0, Per::customer, "", false, 1.0,
                     FigureKind::share, std::nullopt},
    FigureDefinition{"roi_quantiles", vs_baseline, finance, 0, Per::customer, "", false, 1.0,
                     FigureKind::quantiles, std::nullopt},
    FigureDefinition{"delta_npv_quantiles", vs_baseline, finance, 0, Per::customer, "", false, 1.0,
                     FigureKind::quantiles, std::nullopt},
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
