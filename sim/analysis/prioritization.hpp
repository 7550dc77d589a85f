// Which fixes to fund first (`prioritize`, README.md#the-command): every combination of fixes
// evaluated on common random numbers, ranked by net value, the best set within a budget, and how
// each pair of fixes interacts: compounding (the pair is worth more than the two alone, as an
// emotional fix that only pays once the functional floor is fixed) or overlapping (worth less).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "analysis/finance.hpp"
#include "analysis/simulation_driver.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

// Up to this many fixes every combination is evaluated (2^12 variants); beyond, sets are grown
// greedily, one fix at a time, by the largest gain in net value, and every set evaluated on the
// way (each single fix among them) is ranked.
inline constexpr std::size_t kMostFixesExhaustive = 12;

struct FixSetValue {
  std::vector<std::size_t> fixes;  // indices into Scenario::fixes, ascending
  Estimate delta_npv;              // against the baseline, paired
  Estimate cost_pv;                // present value of the fixes' costs
  Estimate net_value;              // Δ NPV − PV cost
  std::optional<Estimate> roi;     // none for a set that costs nothing
  std::optional<int> payback_month;
  MonthRange payback_range;
  std::optional<double> p_roi_positive;  // with two replications or more
};

struct PairInteraction {
  std::size_t first = 0;
  std::size_t second = 0;
  // Δ NPV of the pair − Δ NPV of each alone, NPV(ab) − NPV(a) − NPV(b) + NPV(baseline), with
  // its interval from the same contrast block by block (common random numbers make it narrow),
  // or across replications when parameters are uncertain (as run_results.hpp says).
  Estimate interaction;
};

enum class PairVerdict {
  compound,     // the interval lies above 0: together worth more than the two alone
  overlap,      // below 0: together worth less
  independent,  // the interval holds 0: no significant interaction
};

PairVerdict verdict(const PairInteraction& pair);
// The verdict as `cxsim prioritize` and Python name it: "compound", "overlap", "independent".
std::string_view verdict_name(PairVerdict verdict);

struct Prioritization {
  bool exhaustive = true;            // false: greedy, beyond kMostFixesExhaustive fixes
  std::vector<FixSetValue> ranking;  // by net value, best first
  std::optional<FixSetValue> best_within_budget;
  std::vector<PairInteraction> pairs;  // every pair evaluated (exhaustive mode only)
};

// Evaluates the scenario's fixes; `budget` bounds the PV of a set's costs (its mean), and the best
// set within it is the one of highest net value among those whose net value is positive. The
// scenario must be valid and have at least one fix.
Prioritization prioritize(const Scenario& scenario, std::optional<double> budget,
                          const DriverOptions& options = {});

}  // namespace cxsim
