#include "analysis/finance.hpp"

#include <algorithm>

namespace cxsim {

std::vector<double> cumulative_cost_pv(const CompiledRun& run) {
  std::vector<double> cumulative(static_cast<std::size_t>(run.variant_count * run.months));
  for (int v = 0; v < run.variant_count; ++v) {
    double sum = 0.0;
    for (int t = 0; t < run.months; ++t) {
      const auto i = static_cast<std::size_t>(v * run.months + t);
      sum += run.fix_cost[i] * run.discount[static_cast<std::size_t>(t)];
      cumulative[i] = sum;
    }
  }
  return cumulative;
}

std::vector<double> cost_pv_past_horizon(const CompiledRun& run) {
  const TerminalValueParameters& terminal = run.terminal_value;
  std::vector<double> pv(static_cast<std::size_t>(run.variant_count), 0.0);
  if (terminal.enabled) {
    const double month_discount = run.discount[0];  // 1/(1 + d)
    for (std::size_t v = 0; v < pv.size(); ++v) {
      pv[v] = terminal.fix_monthly_cost[v] * run.discount.back() * month_discount *
              run_off_sum(month_discount, terminal.run_off_months);
    }
  }
  return pv;
}

std::optional<Estimate> return_on_investment(const Estimate& delta_npv, double cost_pv) {
  if (cost_pv <= 0.0) {
    return std::nullopt;
  }
  const auto roi = [&](double benefit) { return (benefit - cost_pv) / cost_pv; };
  return Estimate{roi(delta_npv.mean), roi(delta_npv.lo), roi(delta_npv.hi)};
}

std::optional<int> payback_month(std::span<const double> cumulative_delta_npv,
                                 std::span<const double> cumulative_cost_pv) {
  // From the horizon back: the month after the last one whose net benefit is below zero.
  std::size_t from = cumulative_delta_npv.size();
  while (from > 0 && cumulative_delta_npv[from - 1] - cumulative_cost_pv[from - 1] >= 0.0) {
    --from;
  }
  // Costs are cumulative: the first month that has cost something, and every later one, has.
  while (from < cumulative_cost_pv.size() && !(cumulative_cost_pv[from] > 0.0)) {
    ++from;
  }
  if (from == cumulative_delta_npv.size()) {
    return std::nullopt;
  }
  return static_cast<int>(from);
}

int month_number(int month_index) {
  return month_index + 1;
}

std::string month_text(int month_index) {
  return "month " + std::to_string(month_number(month_index));
}

std::string payback_text(std::optional<int> month, const MonthRange& range, double cost_pv) {
  static const std::string kNotWithin = "not within the horizon";
  if (cost_pv <= 0.0) {
    return "no cost";
  }
  if (!month) {
    return range.earliest ? kNotWithin + " (" + month_text(*range.earliest) + " at the earliest)"
                          : kNotWithin;
  }
  if (!range.earliest || (range.earliest == month && range.latest == month)) {
    return month_text(*month);
  }
  const std::string earliest = std::to_string(month_number(*range.earliest));
  return month_text(*month) + " (" +
         (range.latest ? earliest + "–" + std::to_string(month_number(*range.latest))
                       : earliest + " – " + kNotWithin) +
         ")";
}

}  // namespace cxsim
