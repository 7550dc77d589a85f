// The figures a run reports, as a table: one entry per figure of results.json, saying what the
// kernel's block totals sum for it, per what it is counted, whether it is a variant against the
// baseline, whether it is scaled to the population and how the run table shows it. The
// statistics (run_statistics), the results (run_results), results.json and monthly.csv
// (result_writers), `compare`, the run table and `--until-ci` all read this table, so adding a
// figure is one entry in figures.cpp (summarize keeps its value in VariantResult::figures by the
// entry's index, results.json writes it by its kind), and for a new sum one scoring site in the
// kernels (a MonthlyMetric or TouchpointMetric of block_totals.hpp, whose count follows).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/block_totals.hpp"

namespace cxsim {

// The object of a variant in results.json that holds the figure.
enum class FigureSection { totals, monthly, touchpoints, segments, vs_baseline };

// What a block contributes to the figure, from its BlockTotals.
enum class Sum {
  last_month,     // a monthly metric in the last month
  each_month,     // a monthly metric in each month: a series
  through_month,  // a monthly metric summed up to and including each month: a cumulative series
  horizon,        // a monthly metric summed over the months
  with_terminal,  // a monthly metric summed over the months, plus the terminal value
  touchpoint,     // a touchpoint metric, per touchpoint
  survey,         // promoters minus detractors, over every survey month
  survey_month,   // promoters minus detractors in each month: a series
  segment_month,  // a segment's customers still here after each month: a series per segment
  baseline,       // none: the `paired_with` figure, this variant minus the baseline
  finance,        // none: from Δ NPV and the fixes' costs (run_results.cpp)
};

// What the sum is divided by: the block's customers, the touchpoint's events, the survey's
// answers or the segment's customers. A figure per anything but the block's customers has no value
// when nothing was observed (in a series: in the months where nothing was).
enum class Per { customer, event, answer, segment_customer };

// How the run table shows an estimate: a share in percent, a share's difference in points,
// money or a count with a k/M/B suffix, a plain ratio.
enum class Display { percent, points, money, ratio };

// A column of the `run` table; the baseline's row leaves figures against the baseline blank.
struct TableColumn {
  std::string_view heading;
  std::size_t width = 20;
  Display display = Display::money;
  std::string_view when_none = "";  // shown when the figure has no value
  // With intervals across replications, a column beside it shows the Monte Carlo part alone.
  bool monte_carlo_part = false;
  // Left out of the table when no variant has a value (a run without a terminal value).
  bool only_when_known = false;
};

// What a figure's value is (run_results.hpp: FigureResult), and how results.json writes it: an
// estimate; an estimate that may have none (null); a series of estimates by month; a month or a
// share that may have none; quantiles across replications, which may have none; a range of months
// ({"lo", "hi"}, each a month or null).
enum class FigureKind { estimate, observed, series, month, share, quantiles, month_range };

struct FigureDefinition {
  std::string_view key;  // in its section of results.json; `--until-ci` names it so too
  FigureSection section;
  Sum sum;
  int metric = 0;  // the MonthlyMetric or TouchpointMetric summed, by the kind of sum
  Per per = Per::customer;
  // For Sum::baseline, the figure whose difference against the baseline on the same customers
  // this is, as `section.key` (`totals.npv`).
  std::string_view paired_with{};
  bool scaled_to_population = false;
  double factor = 1.0;  // a further unit: 100 for NPS's −100 to 100
  FigureKind kind = FigureKind::estimate;
  std::optional<TableColumn> column{};  // none: not in the run table
  // A figure of the value past the horizon: none (null) in a run without a terminal value.
  bool past_horizon = false;
};

// Every figure, in results.json's order within each section; the run table's columns in this
// order too.
std::span<const FigureDefinition> figure_table();

// The figure `key` of `section`, or none.
const FigureDefinition* find_figure(FigureSection section, std::string_view key);

// The index in figure_table() of the figure `key` of `section`; throws std::logic_error for a
// figure the table does not have (a programming error).
std::size_t figure_index(FigureSection section, std::string_view key);

// The index in figure_table() of `figure`, an entry of it.
std::size_t figure_index(const FigureDefinition& figure);

// Whether the figure summarises the spread of replications (quantiles) rather than estimating.
bool is_spread_summary(const FigureDefinition& figure);

// The key of `section` in a variant of results.json.
std::string_view section_key(FigureSection section);

// Whether the statistics keep the figure's sum for each variant minus the baseline too: a sum
// per customer is, as every variant simulates the same customers.
bool is_paired_sum(const FigureDefinition& figure);

// Whether the figure is one estimate of a variant (a total or a figure against the baseline), as
// `--until-ci` and the run table take it; not a series, a touchpoint's, a month or a quantile.
bool is_single_estimate(const FigureDefinition& figure);

// The figure a Sum::baseline figure is the difference of.
std::size_t paired_figure_index(const FigureDefinition& figure);

}  // namespace cxsim
