// Two runs side by side (`cxsim compare`, README.md#the-command): the figures of two results.json
// files (docs/results.md), matched by variant and figure, with the difference of each and whether
// it is significant. Reading and comparing only; the command prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/block_statistic.hpp"

namespace cxsim {

// A figure's value in one file: an estimate with its interval, a plain number without one
// (vs_baseline's payback_month and p_roi_positive), or null (no value: no survey answer,
// a fix that costs nothing, no payback within the horizon, a figure that could not be computed).
using FigureValue = std::variant<std::monostate, double, Estimate>;

struct Figure {
  // `totals.retention`, `vs_baseline.delta_npv`, `touchpoints.signup.csat`; a monthly series by
  // its last month t: `monthly.alive[t]`.
  std::string name;
  FigureValue value;
};

struct VariantFigures {
  std::string id;
  std::vector<Figure> figures;  // in file order
};

// What a comparison needs of one results.json.
struct ResultFigures {
  std::string scenario_name;
  std::string sha256;  // empty when the file has none
  std::optional<std::int64_t> seed;
  std::optional<std::int64_t> customers;
  std::optional<std::int64_t> months;
  std::optional<std::int64_t> replications;
  double confidence = 0.95;
  std::vector<VariantFigures> variants;  // in file order
};

// Either the figures, or what is wrong with the file (without the file's name), e.g.
// "not JSON (parse error at line 1, column 1: …)" or "not a cxsim results file (no "cxsim" block
// with "schema": 1)".
struct ResultFiguresReading {
  std::optional<ResultFigures> figures;
  std::string problem;
};

// The figures of a results.json text. Objects that are not figures (the quantiles across
// replications) are left out; an object with a `mean` must be a whole estimate.
ResultFiguresReading parse_result_figures(const std::string& text);
// The same, from a file; a file that cannot be read is a problem too.
ResultFiguresReading read_result_figures(const std::string& path);

// Whether B − A is larger than chance explains. Differences of plain numbers are not judged:
// they carry no interval.
enum class Significance { significant, not_significant, not_assessed };

struct FigureComparison {
  std::string variant;
  std::string figure;
  FigureValue a;
  FigureValue b;
  std::optional<double> difference;  // B − A of the means; none when either is null
  // Half-width of the difference's interval at the comparison's confidence, √(hA² + hB²):
  // when both are estimates.
  std::optional<double> half_width;
  Significance significance = Significance::not_assessed;
};

// A variant, or one figure of a variant, that only one of the two files has.
struct OnlyInOne {
  std::string variant;
  std::string figure;  // empty: the whole variant
};

struct ResultComparison {
  double confidence_a = 0.95;
  double confidence_b = 0.95;
  // The level the differences are judged at: the smaller of the two. The half-widths of the file
  // at the higher level are scaled down to it by the ratio of normal quantiles.
  double confidence = 0.95;
  // Same scenario sha256 and seed: the runs share random numbers, so estimates are positively
  // correlated and the independent-estimate test is conservative.
  bool shared_random_numbers = false;
  std::vector<FigureComparison> rows;  // variants and figures in A's order
  // Variants and figures in one file only, in that file's order.
  std::vector<OnlyInOne> only_in_a;
  std::vector<OnlyInOne> only_in_b;
};

// Two estimates' difference is significant when |B − A| > √(hA² + hB²), with h = (hi − lo) / 2
// each at the same confidence: the half-width of the difference of two independent normal
// estimates. A difference within floating-point noise of zero (1e-9 of the larger magnitude)
// never is. Null on either side: not significant.
ResultComparison compare_result_figures(const ResultFigures& a, const ResultFigures& b);

}  // namespace cxsim
