// Finance of a fix against the baseline (docs/model.md#finance-of-a-fix): money of month t, value
// and cost alike, is discounted by (1 + d)^(t+1); a one-time cost falls in the fix's start month, a
// monthly cost in every month from the start month to the horizon.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "model/compiled_run.hpp"

namespace cxsim {

// The present value of each variant's fix costs up to and including each month,
// [variant · months + month], from the compiled run's undiscounted costs and discount factors.
std::vector<double> cumulative_cost_pv(const CompiledRun& run);

// The present value of each variant's fixes' monthly cost past the horizon, [variant]: paid in
// each month of the terminal value's run-off as in the last month, discounted as the value there
// is (docs/model.md#value-past-the-horizon); 0 in a run without a terminal value.
std::vector<double> cost_pv_past_horizon(const CompiledRun& run);

// ROI = (Δ NPV − PV cost) / PV cost, the interval of Δ NPV carried through (ROI is linear in
// it). None for a fix that costs nothing.
std::optional<Estimate> return_on_investment(const Estimate& delta_npv, double cost_pv);

// The first month t in which the fix has cost something and its cumulative discounted net
// benefit, Δ NPV to t − PV of cost to t, is ≥ 0; none if that never happens within the horizon
// (nor for a fix that costs nothing: there is nothing to pay back). Both series are cumulative
// and of equal length.
std::optional<int> payback_month(std::span<const double> cumulative_delta_npv,
                                 std::span<const double> cumulative_cost_pv);

}  // namespace cxsim
