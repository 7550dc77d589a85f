// `cxsim compare A.json B.json` (README.md#the-command): the significance rule on hand-made result
// files, to the digit; then the command as a user runs it on result files that `cxsim run` wrote:
// verdicts where the answer is certain, the notes, the CSV, figures in one file only, and bad
// arguments.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/result_comparison.hpp"

namespace cxsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::lines_of;
using testing::Outcome;
using testing::quoted;
using testing::read_all;

// ---- The rule, on hand-made files --------------------------------------------------------------

json estimate(double mean, double half_width) {
  return {{"mean", mean}, {"lo", mean - half_width}, {"hi", mean + half_width}};
}

// A results file with one variant `v` whose totals are `totals`.
json results_with(const json& totals, double confidence = 0.95) {
  return {{"cxsim", {{"version", "test"}, {"schema", 1}}},
          {"scenario", {{"name", "hand-made"}, {"file", "x.yaml"}, {"sha256", "abc"}}},
          {"settings", {{"customers", 100}, {"seed", 1}, {"confidence", confidence}}},
          {"variants", json::array({{{"id", "v"}, {"fixes", json::array()}, {"totals", totals}}})}};
}

ResultFigures figures_of(const json& results) {
  const ResultFiguresReading reading = parse_result_figures(results.dump());
  EXPECT_TRUE(reading.figures) << reading.problem;
  return reading.figures.value_or(ResultFigures{});
}

const FigureComparison* row_of(const ResultComparison& comparison, const std::string& figure) {
  const auto row = std::find_if(comparison.rows.begin(), comparison.rows.end(),
                                [&](const FigureComparison& r) { return r.figure == figure; });
  return row == comparison.rows.end() ? nullptr : &*row;
}

TEST(ResultComparison, ADifferenceIsSignificantBeyondTheRootSumOfSquaredHalfWidths) {
  // Half-widths 1 and 1: the difference's half-width is √2 ≈ 1.4142, not 2 (their sum) nor 1.
  const json a = {{"below", estimate(10.0, 1.0)},
                  {"above", estimate(10.0, 1.0)},
                  {"above_one", estimate(10.0, 1.0)},
                  {"lower", estimate(10.0, 1.0)}};
  const json b = {{"below", estimate(11.41, 1.0)},
                  {"above", estimate(11.42, 1.0)},
                  {"above_one", estimate(11.9, 1.0)},
                  {"lower", estimate(8.58, 1.0)}};
  const ResultComparison comparison =
      compare_result_figures(figures_of(results_with(a)), figures_of(results_with(b)));
  ASSERT_EQ(comparison.rows.size(), 4u);
  const std::map<std::string, Significance> expected{
      {"totals.below", Significance::not_significant},
      {"totals.above", Significance::significant},
      {"totals.above_one", Significance::significant},
      {"totals.lower", Significance::significant}};
  for (const auto& [figure, significance] : expected) {
    SCOPED_TRACE(figure);
    const FigureComparison* row = row_of(comparison, figure);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->variant, "v");
    EXPECT_EQ(row->significance, significance);
    ASSERT_TRUE(row->half_width);
    EXPECT_NEAR(*row->half_width, std::sqrt(2.0), 1e-12);
  }
  EXPECT_NEAR(*row_of(comparison, "totals.below")->difference, 1.41, 1e-12);
  EXPECT_NEAR(*row_of(comparison, "totals.lower")->difference, -1.42, 1e-12);
}

TEST(ResultComparison, ExactFiguresDifferWhenTheyDifferBeyondRoundingNoise) {
  // Figures without noise have intervals of width 0 (every customer meets the touchpoint, its
  // effort is fixed): any real change is significant, a difference in the last bits of a sum
  // taken in another order is not.
  const json a = results_with({{"rounding", estimate(1.6000000000000005, 0.0)},
                               {"changed", estimate(1.6, 0.0)},
                               {"same", estimate(4000.0, 0.0)}});
  const json b = results_with({{"rounding", estimate(1.6, 0.0)},
                               {"changed", estimate(1.7, 0.0)},
                               {"same", estimate(4000.0, 0.0)}});
  const ResultComparison comparison = compare_result_figures(figures_of(a), figures_of(b));
  ASSERT_EQ(comparison.rows.size(), 3u);
  EXPECT_EQ(row_of(comparison, "totals.rounding")->significance, Significance::not_significant);
  EXPECT_EQ(row_of(comparison, "totals.changed")->significance, Significance::significant);
  EXPECT_EQ(row_of(comparison, "totals.same")->significance, Significance::not_significant);
  EXPECT_EQ(row_of(comparison, "totals.same")->difference, 0.0);
}

TEST(ResultComparison, NullsAreNeverSignificantAndPlainNumbersAreNotJudged) {
  json a = results_with({{"nps", nullptr}, {"revenue", estimate(5.0, 0.1)}});
  json b = results_with({{"nps", estimate(50.0, 0.1)}, {"revenue", nullptr}});
  a["variants"][0]["vs_baseline"] = {{"payback_month", 3},
                                     {"payback_month_interval", {{"lo", 2}, {"hi", 4}}},
                                     {"p_roi_positive", nullptr},
                                     {"roi_quantiles", nullptr}};
  b["variants"][0]["vs_baseline"] = {{"payback_month", 11},
                                     {"payback_month_interval", {{"lo", nullptr}, {"hi", 9}}},
                                     {"p_roi_positive", 0.5},
                                     {"roi_quantiles", {{"p5", 1}, {"p50", 2}, {"p95", 3}}}};
  const ResultComparison comparison = compare_result_figures(figures_of(a), figures_of(b));
  for (const char* figure : {"totals.nps", "totals.revenue", "vs_baseline.p_roi_positive"}) {
    SCOPED_TRACE(figure);
    const FigureComparison* row = row_of(comparison, figure);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->significance, Significance::not_significant);
    EXPECT_FALSE(row->difference);
  }
  const FigureComparison* payback = row_of(comparison, "vs_baseline.payback_month");
  ASSERT_NE(payback, nullptr);
  EXPECT_EQ(payback->significance, Significance::not_assessed);
  EXPECT_EQ(payback->difference, 8.0);
  // Quantiles across replications are a spread, not a figure with an interval.
  EXPECT_EQ(row_of(comparison, "vs_baseline.roi_quantiles"), nullptr);
  EXPECT_EQ(comparison.rows.size(), 4u);
}

TEST(ResultComparison, DifferentConfidenceLevelsAreJudgedAtTheSmaller) {
  // z(95%) = 1.959964, z(90%) = 1.644854. A's interval at 95% is ±z95 (one standard error z95 /
  // z95 = 1), B's at 90% ±z90 (also one standard error). At 90% the difference's half-width is
  // √2 · z90 = 2.3262; at 95% it would be 2.7718, and mixing the levels gives 2.5587.
  const double z95 = 1.959963984540054;
  const double z90 = 1.6448536269514722;
  const json a = results_with({{"x", estimate(0.0, z95)}, {"y", estimate(0.0, z95)}}, 0.95);
  const json b = results_with({{"x", estimate(2.30, z90)}, {"y", estimate(2.35, z90)}}, 0.90);
  const ResultComparison comparison = compare_result_figures(figures_of(a), figures_of(b));
  EXPECT_EQ(comparison.confidence, 0.90);
  EXPECT_EQ(comparison.confidence_a, 0.95);
  EXPECT_EQ(comparison.confidence_b, 0.90);
  ASSERT_NE(row_of(comparison, "totals.x"), nullptr);
  ASSERT_NE(row_of(comparison, "totals.y"), nullptr);
  EXPECT_NEAR(*row_of(comparison, "totals.x")->half_width, std::sqrt(2.0) * z90, 1e-9);
  EXPECT_EQ(row_of(comparison, "totals.x")->significance, Significance::not_significant);
  EXPECT_EQ(row_of(comparison, "totals.y")->significance, Significance::significant);
}

TEST(ResultComparison, TheSameSeedMeansSharedRandomNumbersEvenForAnEditedScenario) {
  const json a = results_with({{"x", estimate(1.0, 0.1)}});
  json b = a;
  EXPECT_TRUE(compare_result_figures(figures_of(a), figures_of(b)).shared_random_numbers);
  b["settings"]["seed"] = 2;
  EXPECT_FALSE(compare_result_figures(figures_of(a), figures_of(b)).shared_random_numbers);
  b = a;
  b["scenario"]["sha256"] = "abd";
  EXPECT_TRUE(compare_result_figures(figures_of(a), figures_of(b)).shared_random_numbers);
}

TEST(ResultComparison, RejectsFilesThatAreNotCxsimResults) {
  const json good = results_with({{"x", estimate(1.0, 0.1)}});
  json no_schema = good;
  no_schema["cxsim"].erase("schema");
  json schema_two = good;
  schema_two["cxsim"]["schema"] = 2;
  json broken_estimate = good;
  broken_estimate["variants"][0]["totals"]["x"].erase("hi");
  json no_variants = good;
  no_variants.erase("variants");
  json twice = good;
  twice["variants"].push_back(good["variants"][0]);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"{not json", "not JSON (parse error at line 1, column 3"},
      {"", "not JSON"},
      {"[1, 2]", "not a cxsim results file"},
      {R"({"cxsim": 1})", "not a cxsim results file"},
      {no_schema.dump(), "not a cxsim results file"},
      {schema_two.dump(), "results schema 2 is not supported"},
      {broken_estimate.dump(), "variants[0].totals.x: an estimate needs mean, lo and hi"},
      {no_variants.dump(), "variants: missing"},
      {twice.dump(), "variants[1].id: variant 'v' appears twice"}};
  for (const auto& [text, problem] : cases) {
    SCOPED_TRACE(text);
    const ResultFiguresReading reading = parse_result_figures(text);
    EXPECT_FALSE(reading.figures);
    EXPECT_NE(reading.problem.find(problem), std::string::npos) << reading.problem;
  }
  EXPECT_TRUE(parse_result_figures(good.dump()).figures);
}

// ---- The command, on files `cxsim run` wrote ----------------------------------------------------

// The table's cells of a row: columns are at least two spaces apart, and no cell holds two
// spaces in a row. (Not std::regex: GCC 12 warns inside it under the sanitizers.)
std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (start < line.size()) {
    const std::size_t gap = line.find("  ", start);
    cells.push_back(line.substr(start, gap == std::string::npos ? gap : gap - start));
    if (gap == std::string::npos) {
      break;
    }
    start = line.find_first_not_of(' ', gap);
  }
  return cells;
}

// CSV fields, empty ones included (no field of these files is quoted).
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields{""};
  for (const char c : line) {
    if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// One fix, one touchpoint everyone meets at month 0 (its events are the same in any run of the
// same size), monthly invoices; the churn is filled in.
std::string scenario(double churn, const std::string& extra = "") {
  return R"(cxsim: 1
name: churn test
simulation: {customers: 4000, months: 6, seed: 5)" +
         extra + R"(}
segments:
  - name: all
    retention: {model: constant, monthly_churn: )" +
         std::to_string(churn) + R"(}
    revenue: {monthly_mean: 100, monthly_sd: 30}
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9, effort: 0.3}
  - id: invoice
    when: {every: 1, start: 1}
    functional: {success: 0.98}
fixes:
  - id: better_signup
    changes: [{touchpoint: signup, set: {functional.success: 0.97}}]
    cost: {one_time: 5000}
)";
}

const std::string kCsvHeader =
    "variant,figure,a_mean,a_lo,a_hi,b_mean,b_lo,b_hi,difference,significant";

// `cxsim run` results made in a fresh working directory per test.
class CompareCommand : public testing::CommandLineFixture {
 protected:
  // Writes `text` as NAME.yaml, runs it into NAME/ and returns "NAME/results.json".
  std::string results_of(const std::string& name, const std::string& text,
                         const std::string& options = "") const {
    std::ofstream(work_dir() / (name + ".yaml"), std::ios::binary) << text;
    const Outcome run = cxsim("run " + name + ".yaml -o " + name + " --quiet " + options);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_TRUE(fs::exists(work_dir() / name / "results.json"));
    return name + "/results.json";
  }

  json results_json(const std::string& file) const {
    return json::parse(read_all(work_dir() / file));
  }
};

// The table's row for a variant's figure: its cells, or none.
std::vector<std::string> table_row(const std::string& out, const std::string& variant,
                                   const std::string& figure) {
  for (const std::string& line : lines_of(out)) {
    const std::vector<std::string> cells = cells_of(line);
    if (cells.size() == 6 && cells[0] == variant && cells[1] == figure) {
      return cells;
    }
  }
  ADD_FAILURE() << "no row for " << variant << " " << figure << " in\n" << out;
  return {};
}

// The table's rows: the lines of six cells after the header.
std::vector<std::vector<std::string>> table_rows(const std::string& out) {
  std::vector<std::vector<std::string>> rows;
  bool after_header = false;
  for (const std::string& line : lines_of(out)) {
    const std::vector<std::string> cells = cells_of(line);
    if (after_header && cells.size() == 6) {
      rows.push_back(cells);
    }
    after_header = after_header || (cells.size() == 6 && cells[0] == "variant");
  }
  return rows;
}

TEST_F(CompareCommand, AFileWithItselfDiffersNowhere) {
  const std::string file = results_of("a", scenario(0.02));
  const Outcome outcome = cxsim("compare " + file + " " + file);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  const auto rows = table_rows(outcome.out);
  // baseline and better_signup, each with totals, monthly and touchpoints.
  ASSERT_GE(rows.size(), 2u * 17u) << outcome.out;
  for (const auto& row : rows) {
    SCOPED_TRACE(row[0] + " " + row[1]);
    EXPECT_TRUE(row[4] == "—" || row[4] == "0" || row[4].starts_with("0 ±")) << row[4];
    EXPECT_TRUE(row[5] == "no" || row[5] == "n/a") << row[5];
    EXPECT_EQ(row[2], row[3]);
  }
  EXPECT_NE(outcome.out.find(" 0 differences significant at 95%"), std::string::npos)
      << outcome.out;
  // Same scenario and seed: the note, said exactly so.
  EXPECT_NE(outcome.out.find("note: A and B have the same seed: the runs share random numbers "
                             "wherever their scenarios agree, and the independent-estimate test "
                             "is conservative\n"),
            std::string::npos)
      << outcome.out;
  EXPECT_EQ(outcome.out.find("only in"), std::string::npos) << outcome.out;
}

TEST_F(CompareCommand, HigherChurnChangesRetentionSignificantlyAndNotTheFirstTouchpointsCount) {
  const std::string low = results_of("low", scenario(0.02));
  const std::string high = results_of("high", scenario(0.10));
  const Outcome outcome = cxsim("compare " + low + " " + high);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  // Retention over 6 months: about 0.98^6 = 0.89 against 0.90^6 = 0.53, with intervals of a few
  // points at 4,000 customers.
  for (const std::string variant : {"baseline", "better_signup"}) {
    SCOPED_TRACE(variant);
    for (const std::string figure : {"totals.retention", "monthly.alive[5]", "totals.revenue"}) {
      SCOPED_TRACE(figure);
      const std::vector<std::string> row = table_row(outcome.out, variant, figure);
      ASSERT_EQ(row.size(), 6u);
      EXPECT_EQ(row[5], "yes");
      EXPECT_TRUE(row[4].starts_with("-")) << row[4];  // B, higher churn, keeps fewer
    }
    // Everyone signs up at month 0, in either file.
    const std::vector<std::string> signups =
        table_row(outcome.out, variant, "touchpoints.signup.events");
    ASSERT_EQ(signups.size(), 6u);
    EXPECT_TRUE(signups[4] == "0" || signups[4].starts_with("0 ±")) << signups[4];
    EXPECT_EQ(signups[5], "no");
  }
  // An edited scenario on the same seed still shares its random numbers: the note, and no claim
  // that unchanged figures come out significant 5% of the time.
  EXPECT_NE(outcome.out.find("share random numbers"), std::string::npos) << outcome.out;
  EXPECT_EQ(outcome.out.find("by chance"), std::string::npos) << outcome.out;
}

TEST_F(CompareCommand, CsvHasTheSameRowsAndTheFilesNumbers) {
  const std::string low = results_of("low", scenario(0.02));
  const std::string high = results_of("high", scenario(0.10));
  const Outcome table = cxsim("compare " + low + " " + high);
  const Outcome outcome = cxsim("compare --csv " + low + " " + high);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  // The notes go to stderr, so that stdout is the CSV alone.
  EXPECT_TRUE(outcome.err.starts_with("note: A and B have the same seed")) << outcome.err;
  const std::vector<std::string> lines = lines_of(outcome.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], kCsvHeader);
  const auto rows = table_rows(table.out);
  ASSERT_EQ(lines.size(), 1 + rows.size());

  const json a = results_json(low);
  const json b = results_json(high);
  bool saw_retention = false;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> fields = fields_of(lines[i]);
    SCOPED_TRACE(lines[i]);
    ASSERT_EQ(fields.size(), 10u);
    // The same rows in the same order as the table, with the same verdicts.
    EXPECT_EQ(fields[0], rows[i - 1][0]);
    EXPECT_EQ(fields[1], rows[i - 1][1]);
    const std::map<std::string, std::string> verdicts{
        {"yes", "true"}, {"no", "false"}, {"n/a", ""}};
    EXPECT_EQ(fields[9], verdicts.at(rows[i - 1][5]));
    if (fields[0] == "baseline" && fields[1] == "totals.retention") {
      saw_retention = true;
      // Numbers as the files hold them, to the last bit.
      const json& ra = a["variants"][0]["totals"]["retention"];
      const json& rb = b["variants"][0]["totals"]["retention"];
      EXPECT_EQ(std::stod(fields[2]), ra["mean"].get<double>());
      EXPECT_EQ(std::stod(fields[3]), ra["lo"].get<double>());
      EXPECT_EQ(std::stod(fields[4]), ra["hi"].get<double>());
      EXPECT_EQ(std::stod(fields[5]), rb["mean"].get<double>());
      EXPECT_EQ(std::stod(fields[7]), rb["hi"].get<double>());
      EXPECT_EQ(std::stod(fields[8]), rb["mean"].get<double>() - ra["mean"].get<double>());
      EXPECT_EQ(fields[9], "true");
    }
  }
  EXPECT_TRUE(saw_retention) << outcome.out;

  // A file with itself: every difference 0 (or none, for nulls), nothing significant.
  const Outcome same = cxsim("compare --csv " + low + " " + low);
  ASSERT_EQ(same.status, 0) << same.err;
  const std::vector<std::string> same_lines = lines_of(same.out);
  ASSERT_EQ(same_lines.size(), lines.size());
  for (std::size_t i = 1; i < same_lines.size(); ++i) {
    const std::vector<std::string> fields = fields_of(same_lines[i]);
    SCOPED_TRACE(same_lines[i]);
    ASSERT_EQ(fields.size(), 10u);
    EXPECT_TRUE(fields[8] == "0" || fields[8] == "") << fields[8];
    EXPECT_NE(fields[9], "true");
  }
  // The note goes to stderr, so that stdout stays CSV.
  EXPECT_NE(same.err.find("share random numbers"), std::string::npos) << same.err;
}

TEST_F(CompareCommand, DifferentConfidenceLevelsGetANoteAndTheSmallerLevel) {
  const std::string a = results_of("a", scenario(0.02));
  const std::string b = results_of("b", scenario(0.02, ", confidence: 0.9"));
  const Outcome outcome = cxsim("compare " + a + " " + b);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("note: the confidence levels differ (A 95%, B 90%): differences are "
                             "judged at the smaller, 90%\n"),
            std::string::npos)
      << outcome.out;
  EXPECT_NE(outcome.out.find("differences significant at 90%"), std::string::npos) << outcome.out;
}

TEST_F(CompareCommand, VariantsAndFiguresInOneFileOnlyAreListedAtTheEnd) {
  // B has a second fix, hence also all_fixes, and a shorter horizon, so its monthly figures are
  // of another month.
  const std::string a = results_of("a", scenario(0.02));
  const std::string b = results_of("b", scenario(0.02) + R"(  - id: cheaper_invoices
    changes: [{touchpoint: invoice, set: {cost: 0}}]
    cost: {monthly: 10}
)",
                                   "--months 4");
  const Outcome outcome = cxsim("compare " + a + " " + b);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const std::vector<std::string> lines = lines_of(outcome.out);
  const auto only = std::find_if(lines.begin(), lines.end(),
                                 [](const std::string& line) { return line.starts_with("only"); });
  ASSERT_NE(only, lines.end()) << outcome.out;
  const std::vector<std::string> listed(only, lines.end());
  for (const std::string expected :
       {"only in A: baseline monthly.alive[5]", "only in A: better_signup monthly.revenue[5]",
        "only in B: baseline monthly.alive[3]", "only in B: cheaper_invoices (the whole variant)",
        "only in B: all_fixes (the whole variant)"}) {
    EXPECT_NE(std::find(listed.begin(), listed.end(), expected), listed.end())
        << expected << " in\n"
        << outcome.out;
  }
  // Every listed line says which file; and figures in both files are rows, not listed.
  for (const std::string& line : listed) {
    EXPECT_TRUE(line.starts_with("only in A: ") || line.starts_with("only in B: ")) << line;
  }
  EXPECT_EQ(table_row(outcome.out, "baseline", "totals.retention").size(), 6u);
  EXPECT_EQ(std::find(listed.begin(), listed.end(), "only in A: baseline totals.retention"),
            listed.end());
}

TEST_F(CompareCommand, BadArgumentsExitTwoWithAMessageAndNothingOnStdout) {
  const std::string good = results_of("good", scenario(0.02));
  std::ofstream(work_dir() / "text.json") << "this is not JSON";
  std::ofstream(work_dir() / "other.json") << R"({"name": "not cxsim", "variants": []})";
  std::ofstream(work_dir() / "scenario_as_json.json") << R"({"cxsim": 1, "name": "x"})";
  std::ofstream(work_dir() / "future.json") << R"({"cxsim": {"version": "9", "schema": 2}})";
  fs::create_directories(work_dir() / "folder");
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"compare missing.json " + good, {"missing.json", "no such file"}},
      {"compare " + good + " missing.json", {"missing.json", "no such file"}},
      {"compare text.json " + good, {"text.json", "not JSON"}},
      {"compare " + good + " other.json", {"other.json", "not a cxsim results file"}},
      {"compare scenario_as_json.json " + good,
       {"scenario_as_json.json", "not a cxsim results file"}},
      {"compare " + good + " future.json", {"future.json", "schema 2 is not supported"}},
      {"compare folder " + good, {"folder", "is a directory"}},
      {"compare good.yaml " + good, {"good.yaml", "not JSON", "results.json"}},
      {"compare", {"two results files", "got 0"}},
      {"compare " + good, {"two results files", "got 1"}},
      {"compare " + good + " " + good + " " + good, {"two results files", "got 3"}},
      {"compare --csv " + good, {"two results files", "got 1"}},
      {"compare --frobnicate " + good + " " + good, {"--frobnicate"}}};
  for (const auto& [arguments, phrases] : cases) {
    SCOPED_TRACE(arguments);
    const Outcome outcome = cxsim(arguments);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    for (const std::string& phrase : phrases) {
      EXPECT_NE(outcome.err.find(phrase), std::string::npos) << phrase << " in " << outcome.err;
    }
  }
  // Both files bad: both problems.
  const Outcome both = cxsim("compare text.json missing.json");
  EXPECT_EQ(both.status, 2);
  EXPECT_EQ(both.out, "");
  EXPECT_EQ(both.err,
            "cxsim: text.json: not JSON (parse error at line 1, column 2: syntax error while "
            "parsing value - invalid literal; last read: 'th')\n"
            "cxsim: missing.json: no such file\n");
}

}  // namespace
}  // namespace cxsim
