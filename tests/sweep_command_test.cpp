// `cxsim sweep` as a user runs it (README.md#the-command): the CSV and where it goes, the tornado
// table and its order, and that bad arguments exit 2 with a clear message and leave nothing behind.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "corpus.hpp"

namespace cxsim {
namespace {

namespace fs = std::filesystem;
using testing::entries;
using testing::lines_of;
using testing::Outcome;
using testing::quoted;
using testing::read_all;

// Fields of a CSV line without quoted fields; a trailing empty field is kept.
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1) {
    fields.push_back(line.substr(start, comma - start));
  }
  fields.push_back(line.substr(start));
  return fields;
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += line + "\n";
  }
  return text;
}

// Two fixes, so four variants. signup's success is at line 11, column 27.
constexpr const char* kSmallScenario = R"(cxsim: 1
name: small sweep
simulation: {customers: 600, months: 6, seed: 5}
segments:
  - name: all
    retention: {model: constant, monthly_churn: 0.03}
    revenue: {monthly_mean: 100, monthly_sd: 30}
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.8, effort: 0.3}
  - id: support
    when: {after: signup, on: failure, probability: 0.6}
    emotional: {recovery: 0.4}
    cost: 20
  - id: invoice
    when: {every: 1, start: 1}
    functional: {success: 0.98}
fixes:
  - id: better_signup
    changes: [{touchpoint: signup, set: {functional.success: 0.97}}]
    cost: {one_time: 5000}
  - id: warm_support
    changes: [{touchpoint: support, add: {emotional.tone: 0.3}}]
    cost: {monthly: 100}
)";
const std::vector<std::string> kVariants{"baseline", "better_signup", "warm_support", "all_fixes"};
const std::string kStatistics =
    "variant,retention_mean,retention_lo,retention_hi,npv_mean,npv_lo,npv_hi,delta_npv_mean,"
    "delta_npv_lo,delta_npv_hi,net_value_mean,net_value_lo,net_value_hi,roi_mean,roi_lo,roi_hi";

class SweepCommand : public testing::CommandLineFixture {
 protected:
  void SetUp() override {
    CommandLineFixture::SetUp();
    write("small.yaml", kSmallScenario);
  }
};

TEST_F(SweepCommand, OneAtATimeWritesTheCsvAndPrintsTheTornado) {
  const Outcome outcome = cxsim(
      "sweep small.yaml --vary 'journey[signup].functional.success=0.6:0.9:3' "
      "--vary perception.memory=0.5:0.9:2 -o sweep.csv --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  // The CSV alone, whole: no temporary file beside it.
  EXPECT_EQ(entries(work_dir()), (std::set<std::string>{"small.yaml", "sweep.csv"}));

  const std::vector<std::string> lines = lines_of(read_all(work_dir() / "sweep.csv"));
  ASSERT_EQ(lines.size(), 1 + 5 * kVariants.size());
  EXPECT_EQ(lines[0], "journey[signup].functional.success,perception.memory," + kStatistics);
  // Points: success 0.6, 0.75, 0.9 with memory at the file's 0.7 (the default), then memory
  // 0.5 and 0.9 with success at the file's 0.8.
  const std::vector<std::pair<std::string, std::string>> points{
      {"0.6", "0.7"}, {"0.75", "0.7"}, {"0.9", "0.7"}, {"0.8", "0.5"}, {"0.8", "0.9"}};
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (std::size_t v = 0; v < kVariants.size(); ++v) {
      const std::string& line = lines[1 + p * kVariants.size() + v];
      SCOPED_TRACE(line);
      const std::vector<std::string> fields = fields_of(line);
      ASSERT_EQ(fields.size(), 18u);
      EXPECT_EQ(fields[0], points[p].first);
      EXPECT_EQ(fields[1], points[p].second);
      EXPECT_EQ(fields[2], kVariants[v]);
      const double retention = std::stod(fields[3]);
      EXPECT_GT(retention, 0.5);
      EXPECT_LT(retention, 1.0);
      EXPECT_LE(std::stod(fields[4]), retention);
      EXPECT_GE(std::stod(fields[5]), retention);
      EXPECT_GT(std::stod(fields[6]), 0.0);  // NPV
      // Δ NPV, net value and ROI: empty for the baseline only (each fix here costs).
      for (std::size_t f = 9; f < 18; ++f) {
        EXPECT_EQ(fields[f].empty(), v == 0);
      }
    }
  }

  EXPECT_NE(outcome.out.find("small sweep: Δ NPV against the baseline, one parameter at a time"),
            std::string::npos)
      << outcome.out;
  EXPECT_NE(outcome.out.find("600 simulated customers for 600, 6 months"), std::string::npos)
      << outcome.out;
  EXPECT_NE(outcome.out.find("wrote sweep.csv: 5 points, 4 variants each"), std::string::npos)
      << outcome.out;
}

// The rows of a tornado table (the first, Δ NPV, or the second, net value): (parameter,
// variant) from each line after its header.
std::vector<std::pair<std::string, std::string>> tornado_rows(const std::string& out,
                                                              int table = 0) {
  std::vector<std::pair<std::string, std::string>> rows;
  bool in_table = false;
  int headers = 0;
  for (const std::string& line : lines_of(out)) {
    if (line.starts_with("parameter ")) {
      in_table = headers++ == table;
    } else if (in_table && line.empty()) {
      break;
    } else if (in_table) {
      std::istringstream words(line);
      std::string parameter, lo, arrow, hi, variant;
      words >> parameter >> lo >> arrow >> hi >> variant;
      rows.emplace_back(parameter, variant);
    }
  }
  return rows;
}

TEST_F(SweepCommand, TornadoIsSortedBySwingFromTheCsv) {
  // The parameter typed first barely moves Δ NPV; a fix's own target moves it most.
  const Outcome outcome = cxsim(
      "sweep small.yaml --vary revenue.referral.value=0:10:2 "
      "--vary finance.discount_rate=0:0.5:3 "
      "--vary 'fixes[better_signup].changes[0].set.functional.success=0.8:1:2' "
      "-o sweep.csv --quiet --threads 2");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const std::vector<std::string> lines = lines_of(read_all(work_dir() / "sweep.csv"));
  ASSERT_EQ(lines.size(), 1 + 7 * kVariants.size());

  // The swing of each (parameter, variant) from the CSV's LO and HI points.
  const std::vector<std::string> parameters{
      "revenue.referral.value", "finance.discount_rate",
      "fixes[better_signup].changes[0].set.functional.success"};
  const std::vector<std::pair<std::size_t, std::size_t>> lo_hi_points{{0, 1}, {2, 4}, {5, 6}};
  std::vector<std::pair<double, std::pair<std::string, std::string>>> swings;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    for (std::size_t v = 1; v < kVariants.size(); ++v) {
      const auto delta = [&](std::size_t point) {
        return std::stod(fields_of(lines[1 + point * kVariants.size() + v])[10]);
      };
      swings.push_back({std::abs(delta(lo_hi_points[k].second) - delta(lo_hi_points[k].first)),
                        {parameters[k], kVariants[v]}});
    }
  }
  std::stable_sort(swings.begin(), swings.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::pair<std::string, std::string>> expected;
  for (const auto& [swing, row] : swings) {
    expected.push_back(row);
  }
  const auto rows = tornado_rows(outcome.out);
  EXPECT_EQ(rows, expected) << outcome.out;
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows.front().first, parameters[2]) << outcome.out;
  // Referrals are off in the scenario: their value changes nothing.
  EXPECT_EQ(swings.back().first, 0.0);
}

// A fix's cost moves its net value, not its Δ NPV: swept, it tops the net-value tornado by
// exactly the PV of the change in cost, and leaves the Δ NPV tornado flat.
TEST_F(SweepCommand, ASweptCostMovesTheNetValueTornadoAlone) {
  const Outcome outcome = cxsim(
      "sweep small.yaml --vary fixes[better_signup].cost.one_time=0:50000:2 "
      "--vary perception.memory=0.5:0.9:2 -o sweep.csv --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("small sweep: net value (Δ NPV − PV of the fix's cost)"),
            std::string::npos)
      << outcome.out;
  const auto net_value_rows = tornado_rows(outcome.out, 1);
  ASSERT_EQ(net_value_rows.size(), 6u) << outcome.out;
  const std::string cost = "fixes[better_signup].cost.one_time";
  EXPECT_EQ(net_value_rows[0].first, cost) << outcome.out;

  const std::vector<std::string> lines = lines_of(read_all(work_dir() / "sweep.csv"));
  ASSERT_EQ(lines.size(), 1 + 4 * kVariants.size());
  for (std::size_t v = 1; v < kVariants.size(); ++v) {
    SCOPED_TRACE(kVariants[v]);
    const std::vector<std::string> at_lo = fields_of(lines[1 + v]);
    const std::vector<std::string> at_hi = fields_of(lines[1 + kVariants.size() + v]);
    EXPECT_EQ(at_lo[9], at_hi[9]) << "Δ NPV";
    const bool pays = kVariants[v] != "warm_support";
    // The one-time cost falls in month 0: its PV is 50,000 / 1.1^(1/12).
    EXPECT_NEAR(std::stod(at_lo[12]) - std::stod(at_hi[12]),
                pays ? 50000.0 * std::pow(1.1, -1.0 / 12.0) : 0.0, 1e-6)
        << "net value";
  }
}

TEST_F(SweepCommand, WithoutAFileTheCsvAloneGoesToStdout) {
  const Outcome outcome = cxsim("sweep small.yaml --vary perception.memory=0.5:0.9:2");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
  const std::vector<std::string> lines = lines_of(outcome.out);
  ASSERT_EQ(lines.size(), 1 + 2 * kVariants.size()) << outcome.out;
  EXPECT_EQ(lines[0], "perception.memory," + kStatistics);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(fields_of(lines[i]).size(), 17u) << lines[i];
  }
  EXPECT_EQ(outcome.out.find("swing"), std::string::npos);

  // The same CSV as written to a file, whatever the thread count.
  ASSERT_EQ(
      cxsim("sweep small.yaml --vary perception.memory=0.5:0.9:2 -o s.csv --threads 1").status, 0);
  EXPECT_EQ(read_all(work_dir() / "s.csv"), outcome.out);
}

// --seed and --replications as `run` takes them: the same seed gives the same CSV, another seed
// another; the tornado's heading says both.
TEST_F(SweepCommand, SeedAndReplicationsAreRunsOwn) {
  const std::string sweep = "sweep small.yaml --vary perception.memory=0.5:0.9:2 --quiet ";
  const Outcome seven = cxsim(sweep + "--seed 7");
  ASSERT_EQ(seven.status, 0) << seven.err;
  EXPECT_EQ(cxsim(sweep + "--seed 7").out, seven.out);
  EXPECT_NE(cxsim(sweep + "--seed 8").out, seven.out);
  EXPECT_NE(cxsim(sweep).out, seven.out);  // the file's seed is 5

  const Outcome three = cxsim(sweep + "--seed 7 --replications 3 -o s.csv");
  ASSERT_EQ(three.status, 0) << three.err;
  EXPECT_EQ(three.err, "");  // no uncertain parameter: no warning
  EXPECT_NE(three.out.find("3 replications, 95% intervals; every point on the same random "
                           "numbers (seed 7)"),
            std::string::npos)
      << three.out;
  EXPECT_NE(read_all(work_dir() / "s.csv"), seven.out);  // three replications' estimates

  const Outcome none = cxsim(sweep + "--replications 0");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("simulation.replications: must be >= 1, got 0"), std::string::npos)
      << none.err;
}

// With uncertain parameters and too few replications the sweep says so on stderr, as `run`.
TEST_F(SweepCommand, TooFewReplicationsOfUncertainParametersAreWarnedOf) {
  std::string uncertain = kSmallScenario;
  const std::string success = "functional: {success: 0.98}";
  uncertain.replace(uncertain.find(success), success.size(),
                    "functional: {success: {uniform: [0.95, 0.99]}}");
  write("uncertain.yaml", uncertain);
  const Outcome outcome = cxsim("sweep uncertain.yaml --vary perception.memory=0.5:0.9:2 --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_TRUE(
      outcome.err.starts_with("cxsim: warning: the scenario has uncertain parameters but "
                              "the run has 1 replication"))
      << outcome.err;
  EXPECT_EQ(lines_of(outcome.err).size(), 1u) << outcome.err;
}

TEST_F(SweepCommand, GridRunsEveryCombinationAndPrintsNoTornado) {
  const Outcome outcome = cxsim(
      "sweep small.yaml --grid --vary journey[0].functional.success=0.6:0.9:2 "
      "--vary segments[all].retention.monthly_churn=0.01:0.05:3 -o grid.csv --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  EXPECT_EQ(outcome.out, "wrote grid.csv: 6 points, 4 variants each\n");
  const std::vector<std::string> lines = lines_of(read_all(work_dir() / "grid.csv"));
  ASSERT_EQ(lines.size(), 1 + 6 * kVariants.size());
  EXPECT_EQ(lines[0],
            "journey[0].functional.success,segments[all].retention.monthly_churn," + kStatistics);
  const std::vector<std::pair<std::string, std::string>> points{{"0.6", "0.01"}, {"0.6", "0.03"},
                                                                {"0.6", "0.05"}, {"0.9", "0.01"},
                                                                {"0.9", "0.03"}, {"0.9", "0.05"}};
  for (std::size_t p = 0; p < points.size(); ++p) {
    const std::vector<std::string> fields = fields_of(lines[1 + p * kVariants.size()]);
    EXPECT_EQ(fields[0], points[p].first);
    EXPECT_EQ(fields[1], points[p].second);
    EXPECT_EQ(fields[2], "baseline");
    if (p % 3 > 0) {
      // Higher churn, on the same random numbers: lower retention.
      EXPECT_LT(std::stod(fields[3]),
                std::stod(fields_of(lines[1 + (p - 1) * kVariants.size()])[3]));
    }
  }
}

TEST_F(SweepCommand, IdsAndIndicesNameTheSameParameter) {
  const Outcome by_id =
      cxsim("sweep small.yaml --vary journey[signup].functional.success=0.5:0.9:2");
  const Outcome by_index = cxsim("sweep small.yaml --vary journey[0].functional.success=0.5:0.9:2");
  ASSERT_EQ(by_id.status, 0) << by_id.err;
  ASSERT_EQ(by_index.status, 0) << by_index.err;
  std::vector<std::string> id_lines = lines_of(by_id.out);
  std::vector<std::string> index_lines = lines_of(by_index.out);
  ASSERT_EQ(id_lines.size(), 1 + 2 * kVariants.size());
  EXPECT_TRUE(id_lines[0].starts_with("journey[signup].functional.success,"));
  EXPECT_TRUE(index_lines[0].starts_with("journey[0].functional.success,"));
  id_lines.erase(id_lines.begin());
  index_lines.erase(index_lines.begin());
  EXPECT_EQ(id_lines, index_lines);
  // The swept parameter matters: a reliable signup keeps more customers.
  EXPECT_GT(std::stod(fields_of(id_lines[kVariants.size()])[2]),
            std::stod(fields_of(id_lines[0])[2]));
}

TEST_F(SweepCommand, WithoutFixesTheTornadoIsOfTheBaselinesNpv) {
  std::string plain = kSmallScenario;
  plain.erase(plain.find("fixes:"));
  write("plain.yaml", plain);
  const Outcome outcome = cxsim(
      "sweep plain.yaml --vary segments[all].revenue.monthly_mean=50:150:3 "
      "--vary journey[signup].functional.success=0.5:1:2 --customers 300 -o plain.csv --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("small sweep: NPV of the baseline (the scenario has no fixes)"),
            std::string::npos)
      << outcome.out;
  EXPECT_NE(outcome.out.find("300 simulated customers for 300"), std::string::npos) << outcome.out;
  const auto rows = tornado_rows(outcome.out);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"segments[all].revenue.monthly_mean", "baseline"},
      {"journey[signup].functional.success", "baseline"}};
  EXPECT_EQ(rows, expected) << outcome.out;
  const std::vector<std::string> lines = lines_of(read_all(work_dir() / "plain.csv"));
  ASSERT_EQ(lines.size(), 1u + 5u);
  EXPECT_EQ(fields_of(lines[1])[2], "baseline");
  EXPECT_EQ(fields_of(lines[1]).back(), "");
}

// Exit 2, nothing on stdout, nothing written, and `message` on stderr.
void expect_refused(const Outcome& outcome, const std::string& message, const fs::path& work) {
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, "");
  EXPECT_NE(outcome.err.find(message), std::string::npos) << outcome.err;
  EXPECT_EQ(entries(work), std::set<std::string>{"small.yaml"});
}

TEST_F(SweepCommand, AnUnknownPathSuggestsTheClosest) {
  expect_refused(
      cxsim("sweep small.yaml --vary journey[signup].functional.sucess=0.5:1:3 -o s.csv"),
      "cxsim: --vary journey[signup].functional.sucess=0.5:1:3: unknown parameter "
      "'journey[signup].functional.sucess'; did you mean "
      "'journey[signup].functional.success'?\n",
      work_dir());
  expect_refused(cxsim("sweep small.yaml --vary journey[signin].functional.success=0.5:1:3"),
                 "did you mean 'journey[signup].functional.success'?", work_dir());
  expect_refused(cxsim("sweep small.yaml --vary perception.memory=0.5:0.9:2 "
                       "--vary journey[0].functional.succes=0.5:1:3 -o s.csv"),
                 "did you mean 'journey[0].functional.success'?", work_dir());
}

TEST_F(SweepCommand, MalformedRangesAreRefused) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"perception.memory", "expected PATH=LO:HI:STEPS"},
      {"perception.memory=0.5:0.9", "expected LO:HI:STEPS after '='"},
      {"perception.memory=low:0.9:3", "LO must be a number, got 'low'"},
      {"perception.memory=0.5:x:3", "HI must be a number, got 'x'"},
      {"perception.memory=0.9:0.5:3", "LO must be less than HI"},
      {"perception.memory=0.5:0.9:1", "STEPS must be a whole number from 2 to 1000, got '1'"},
      {"perception.memory=0.5:0.9:2.5", "STEPS must be a whole number from 2 to 1000, got '2.5'"},
  };
  for (const auto& [vary, message] : cases) {
    SCOPED_TRACE(vary);
    expect_refused(cxsim("sweep small.yaml --vary " + vary + " -o s.csv"),
                   "cxsim: --vary " + vary + ": " + message, work_dir());
  }
}

TEST_F(SweepCommand, AValueOutOfRangeIsRefusedNamingItsVary) {
  const Outcome outcome = cxsim(
      "sweep small.yaml --vary perception.memory=0.5:0.9:2 "
      "--vary journey[signup].functional.success=0.8:1.2:3 -o s.csv");
  expect_refused(outcome,
                 "cxsim: --vary journey[signup].functional.success=0.8:1.2:3: the scenario is "
                 "not valid with journey[signup].functional.success at 1.2:\n"
                 "small.yaml:11:27: journey[0].functional.success: must be in [0, 1], got 1.2\n",
                 work_dir());
  // 0.8 and 1 are fine: only 1.2 is named.
  EXPECT_EQ(outcome.err.find("at 1:"), std::string::npos) << outcome.err;
  // In a grid, the combinations are checked too: support's tone 0.6 plus warm_support's 0.3 and
  // its tone 0 plus 0.5 are fine, 0.6 plus 0.5 is not.
  const Outcome grid = cxsim(
      "sweep small.yaml --grid --vary journey[support].emotional.tone=-0.5:0.6:2 "
      "--vary fixes[warm_support].changes[0].add.emotional.tone=0.1:0.5:2 -o s.csv");
  expect_refused(grid,
                 "cxsim: --grid: the scenario is not valid with journey[support].emotional.tone "
                 "at 0.6 and fixes[warm_support].changes[0].add.emotional.tone at 0.5:\n"
                 "small.yaml:24:59: fixes[1].changes[0].add.emotional.tone: takes the value to 1.1 "
                 "(from 0.6); it must be in [-1, 1]\n",
                 work_dir());
  EXPECT_EQ(grid.err.find("at 0.1"), std::string::npos) << grid.err;
}

TEST_F(SweepCommand, AGridOfMoreThanAThousandPointsIsRefused) {
  expect_refused(cxsim("sweep small.yaml --grid --vary perception.memory=0.1:0.9:40 "
                       "--vary perception.fade=0:0.1:30 -o s.csv"),
                 "cxsim: --grid: 40 x 30 = 1200 points, more than the 1000 a grid may have",
                 work_dir());
}

TEST_F(SweepCommand, AnInvalidScenarioPrintsItsProblemsAsRunDoes) {
  const fs::path file = testing::source_dir() / "tests/malformed/success_above_one.yaml";
  const std::string expected = joined_lines(testing::expected_problems(file, file.string()));
  ASSERT_NE(expected, "");
  for (const std::string output : {"-o s.csv", ""}) {
    SCOPED_TRACE(output);
    const Outcome outcome =
        cxsim("sweep " + quoted(file.string()) + " --vary perception.memory=0.5:0.9:2 " + output);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err, expected);
    EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
  }
}

TEST_F(SweepCommand, UsageErrorsExitTwoAndWriteNothing) {
  for (const std::string arguments :
       {"sweep", "sweep small.yaml", "sweep small.yaml -o s.csv",
        "sweep --vary perception.memory=0.5:0.9:2",
        "sweep small.yaml --vary perception.memory=0.5:0.9:2 --customers 1 -o s.csv",
        "sweep small.yaml --vary perception.memory=0.5:0.9:2 --threads 0 -o s.csv",
        "sweep small.yaml --vary perception.memory=0.5:0.9:2 --frobnicate",
        "sweep small.yaml --vary"}) {
    SCOPED_TRACE(arguments);
    const Outcome outcome = cxsim(arguments);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_NE(outcome.err, "");
    EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
  }
  EXPECT_NE(cxsim("sweep small.yaml").err.find("--vary"), std::string::npos);
}

TEST_F(SweepCommand, AnOutputThatCannotBeWrittenExitsOneBeforeRunning) {
  const Outcome outcome =
      cxsim("sweep small.yaml --vary perception.memory=0.5:0.9:2 -o missing/s.csv");
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err, "cxsim: cannot write missing/s.csv: no folder missing\n");
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});

  // Nor does the CSV replace the scenario it came from.
  const Outcome itself =
      cxsim("sweep small.yaml --vary perception.memory=0.5:0.9:2 -o ./small.yaml");
  EXPECT_EQ(itself.status, 2);
  EXPECT_EQ(itself.out, "");
  EXPECT_EQ(itself.err, "cxsim: -o ./small.yaml is the scenario file itself; name another file\n");
  EXPECT_EQ(read_all(work_dir() / "small.yaml"), kSmallScenario);
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
}

}  // namespace
}  // namespace cxsim
