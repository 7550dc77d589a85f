// Finance of a fix against the baseline (docs/model.md#finance-of-a-fix): money of month t, value
// and cost alike, is discounted by (1 + d)^(t+1); a one-time cost falls in the fix's start month, a
// monthly cost in every month from the start month to the horizon.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "model/compiled_run.hpp"

namespace cxsim {

// The payback month at the two ends of Δ NPV's interval, month by month: earliest from its upper
// bound, latest from its lower bound (none: not within the horizon, or an end the interval of the
// net value at the horizon does not support; run_results.cpp).
struct MonthRange {
  std::optional<int> earliest;
  std::optional<int> latest;
};

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

// The payback month: the first month t from which the cumulative discounted net benefit, Δ NPV
// to s − PV of cost to s, stays ≥ 0 in every month s from t to the horizon, and in which the fix
// has already cost something (before it has, there is nothing to pay back); none if no month
// does (a net benefit still below zero at the horizon, or a fix that costs nothing). A net
// benefit that is not a number counts as below zero. Both series are cumulative, 0-based by
// month and of equal length.
std::optional<int> payback_month(std::span<const double> cumulative_delta_npv,
                                 std::span<const double> cumulative_cost_pv);

// Months shown to people are counted from 1: the month of index t (0-based, as results.json,
// monthly.csv, the Python tables and a fix's start_month number them) reads "month t+1", so a
// fix that pays back within its first month reads "month 1" (docs/results.md#months).
int month_number(int month_index);
// "month " and the month's number.
std::string month_text(int month_index);

// A payback as the run table, `prioritize` and Python show it: "month 8 (6–10)" with its range
// (the month alone when the range is that month, or has no early end), "month 8 (6 – not within
// the horizon)" when the range's late end does not pay back, "not within the horizon (month 14
// at the earliest)", "not within the horizon" without a range, and "no cost" for a fix that
// costs nothing.
std::string payback_text(std::optional<int> month, const MonthRange& range, double cost_pv);

}  // namespace cxsim
