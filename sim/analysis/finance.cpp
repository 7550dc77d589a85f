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
  for (std::size_t t = 0; t < cumulative_delta_npv.size(); ++t) {
    if (cumulative_cost_pv[t] > 0.0 && cumulative_delta_npv[t] - cumulative_cost_pv[t] >= 0.0) {
      return static_cast<int>(t);
    }
  }
  return std::nullopt;
}

}  // namespace cxsim
