// `cxsim run` as a user runs it (README.md#the-command): exit status, the result files and where
// they go, what goes to stdout and stderr, the command-line overrides, and that a rejected run
// leaves nothing behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "analysis/figures.hpp"
#include "base/file_digest.hpp"
#include "cli_runner.hpp"
#include "corpus.hpp"

namespace cxsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::entries;
using testing::joined_lines;
using testing::lines_of;
using testing::Outcome;
using testing::quoted;
using testing::read_all;

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream stream(line);
  for (std::string field; std::getline(stream, field, ',');) {
    fields.push_back(field);
  }
  return fields;
}

// Two fixes, so four variants: baseline, each fix, all fixes. The name has characters a folder
// name can't keep.
constexpr const char* kScenarioName = "Small shop: on-boarding/v2.1";
constexpr const char* kScenarioFolder = "Small_shop__on-boarding_v2_1";
constexpr const char* kSmallScenario = R"(cxsim: 1
name: "Small shop: on-boarding/v2.1"
simulation: {customers: 2000, months: 6, seed: 5}
segments:
  - name: all
    retention: {model: constant, monthly_churn: 0.03}
    revenue: {monthly_mean: 100, monthly_sd: 30}
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9, effort: 0.3}
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

// A fresh working directory per test holding the small scenario as `small.yaml`.
class RunCommand : public testing::CommandLineFixture {
 protected:
  void SetUp() override {
    CommandLineFixture::SetUp();
    write("small.yaml", kSmallScenario);
  }

  json results_in(const std::string& directory) const {
    const fs::path file = work_dir() / directory / "results.json";
    if (!fs::exists(file)) {
      ADD_FAILURE() << file << " is missing";
      return json::object();
    }
    return json::parse(read_all(file));
  }
};

// A warning says what the engine then does: the fix it calls inert changes no figure, the
// touchpoint it says never runs has no interaction. And the run goes on, printing it.
TEST_F(RunCommand, PrintsTheWarningsAndTheyHoldInTheResults) {
  const auto run = [&](const std::string& name) {
    const fs::path file = testing::source_dir() / "tests/warning_scenarios" / (name + ".yaml");
    const Outcome outcome = cxsim("run " + quoted(file.string()) + " -o " + name + " --quiet");
    EXPECT_EQ(outcome.status, 0) << name;
    EXPECT_EQ(outcome.err, joined_lines(testing::expected_problems(file, file.string()))) << name;
    return results_in(name);
  };
  for (const std::string name :
       {"fix_changes_leave_parameters_equal", "fix_starts_after_its_touchpoint"}) {
    const json results = run(name);
    ASSERT_EQ(results["variants"].size(), 2u) << name;
    const json& vs = results["variants"][1]["vs_baseline"];
    for (const std::string figure : {"delta_retention", "delta_revenue", "delta_npv"}) {
      EXPECT_EQ(vs[figure]["mean"].get<double>(), 0.0) << name << " " << figure;
    }
  }
  const std::vector<std::pair<std::string, std::vector<std::string>>> never_run{
      {"rate_zero", {"newsletter"}},
      {"trigger_probability_zero", {"support"}},
      {"trigger_after_touchpoint_that_never_fails", {"support", "survey"}},
      {"trigger_delay_beyond_horizon", {"thank_you"}},
      {"added_touchpoint_before_fix_start", {"call"}}};
  for (const auto& [name, touchpoints] : never_run) {
    const json results = run(name);
    std::size_t checked = 0;  // an added touchpoint is in its fix's variants only
    for (const json& variant : results["variants"]) {
      for (const std::string& touchpoint : touchpoints) {
        if (variant["touchpoints"].contains(touchpoint)) {
          EXPECT_EQ(variant["touchpoints"][touchpoint]["events"]["mean"].get<double>(), 0.0)
              << name << " " << variant["id"] << " " << touchpoint;
          ++checked;
        }
      }
    }
    EXPECT_GE(checked, touchpoints.size()) << name;
  }
}

TEST_F(RunCommand, WritesBothFilesAndPrintsTheSummary) {
  const Outcome outcome = cxsim("run small.yaml -o out --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  // Both files, whole: no temporary file is left beside them.
  ASSERT_TRUE(fs::is_directory(work_dir() / "out"));
  EXPECT_EQ(entries(work_dir() / "out"), (std::set<std::string>{"monthly.csv", "results.json"}));
  EXPECT_EQ(entries(work_dir()), (std::set<std::string>{"out", "small.yaml"}));

  EXPECT_NE(outcome.out.find(kScenarioName), std::string::npos) << outcome.out;
  for (const std::string& variant : kVariants) {
    EXPECT_NE(outcome.out.find(variant), std::string::npos) << variant << "\n" << outcome.out;
  }
  EXPECT_NE(outcome.out.find("wrote out/results.json and out/monthly.csv"), std::string::npos)
      << outcome.out;

  const json results = results_in("out");
  EXPECT_EQ(results["scenario"]["name"], kScenarioName);
  EXPECT_EQ(results["scenario"]["file"], "small.yaml");
  EXPECT_EQ(results["scenario"]["sha256"], sha256_hex(kSmallScenario));
  EXPECT_EQ(results["settings"]["customers"], 2000);
  EXPECT_EQ(results["settings"]["population_size"], 2000);  // no population.size: the sample
  EXPECT_EQ(results["settings"]["months"], 6);
  EXPECT_EQ(results["settings"]["replications"], 1);
  EXPECT_EQ(results["settings"]["seed"], 5);
  EXPECT_EQ(results["warnings"], json::array());  // no uncertain parameter
  ASSERT_EQ(results["variants"].size(), kVariants.size());
  for (std::size_t v = 0; v < kVariants.size(); ++v) {
    EXPECT_EQ(results["variants"][v]["id"], kVariants[v]);
  }
}

// The warning of too few replications for uncertain parameters goes to stderr once and into
// results.json, the same words; the run itself is as asked.
TEST_F(RunCommand, UncertainParametersWithTooFewReplicationsAreWarnedOf) {
  std::string uncertain = kSmallScenario;
  const std::string success = "functional: {success: 0.9, effort: 0.3}";
  uncertain.replace(uncertain.find(success), success.size(),
                    "functional: {success: {uniform: [0.85, 0.95]}, effort: 0.3}");
  write("uncertain.yaml", uncertain);
  for (const int replications : {1, 2}) {
    const std::string directory = "out" + std::to_string(replications);
    const Outcome outcome =
        cxsim("run uncertain.yaml -o " + directory + " --quiet --customers 300 --replications " +
              std::to_string(replications));
    ASSERT_EQ(outcome.status, 0) << outcome.err;
    const json results = results_in(directory);
    EXPECT_EQ(results["settings"]["replications"], replications);
    ASSERT_EQ(results["warnings"].size(), 1u) << results["warnings"];
    const std::string warning = results["warnings"][0];
    EXPECT_EQ(outcome.err, "cxsim: warning: " + warning + "\n");
    EXPECT_NE(warning.find(replications == 1 ? "1 replication: every figure is for one random draw"
                                             : "only 2 replications"),
              std::string::npos)
        << warning;
  }
  const Outcome enough =
      cxsim("run uncertain.yaml -o out30 --quiet --customers 100 --months 2 --replications 30");
  ASSERT_EQ(enough.status, 0) << enough.err;
  EXPECT_EQ(enough.err, "");
  EXPECT_EQ(results_in("out30")["warnings"], json::array());
}

TEST_F(RunCommand, ShowsNoProgressWhenStderrIsNotATerminal) {
  const Outcome outcome = cxsim("run small.yaml -o out");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  EXPECT_NE(outcome.out.find("baseline"), std::string::npos) << outcome.out;
  EXPECT_TRUE(fs::exists(work_dir() / "out/results.json"));
}

TEST_F(RunCommand, WithoutOutputDirectoryWritesUnderResultsAndTheScenarioName) {
  const Outcome outcome = cxsim("run small.yaml --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  EXPECT_EQ(entries(work_dir()), (std::set<std::string>{"results", "small.yaml"}));
  ASSERT_TRUE(fs::is_directory(work_dir() / "results"));
  EXPECT_EQ(entries(work_dir() / "results"), std::set<std::string>{kScenarioFolder});
  const fs::path directory = work_dir() / "results" / kScenarioFolder;
  ASSERT_TRUE(fs::is_directory(directory));
  EXPECT_EQ(entries(directory), (std::set<std::string>{"monthly.csv", "results.json"}));
  const std::string shown = "results/" + std::string(kScenarioFolder);
  EXPECT_NE(outcome.out.find("wrote " + shown + "/results.json and " + shown + "/monthly.csv"),
            std::string::npos)
      << outcome.out;
}

TEST_F(RunCommand, MonthlyCsvHasAHeaderAndOneRowPerVariantAndMonth) {
  const Outcome outcome = cxsim("run small.yaml -o out --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const std::vector<std::string> lines = lines_of(read_all(work_dir() / "out/monthly.csv"));
  constexpr std::size_t kMonths = 6;
  ASSERT_EQ(lines.size(), 1 + kVariants.size() * kMonths);
  const std::vector<std::string> header = fields_of(lines[0]);
  ASSERT_GE(header.size(), 2u);
  EXPECT_EQ(header[0], "variant");
  EXPECT_EQ(header[1], "month");
  for (const char* column : {"alive_mean", "alive_lo", "alive_hi", "revenue_mean", "npv_mean"}) {
    EXPECT_NE(lines[0].find(column), std::string::npos) << column << " in " << lines[0];
  }

  // Rows in variant order, months 0 … H−1 in each, every row as wide as the header, and the
  // same numbers as results.json.
  const json results = results_in("out");
  for (std::size_t v = 0; v < kVariants.size(); ++v) {
    for (std::size_t t = 0; t < kMonths; ++t) {
      const std::string& line = lines[1 + v * kMonths + t];
      SCOPED_TRACE(line);
      const std::vector<std::string> fields = fields_of(line);
      ASSERT_EQ(fields.size(), header.size());
      EXPECT_EQ(fields[0], kVariants[v]);
      EXPECT_EQ(fields[1], std::to_string(t));
      EXPECT_EQ(std::stod(fields[2]),
                results["variants"][v]["monthly"]["alive"]["mean"][t].get<double>());
    }
  }
}

TEST_F(RunCommand, ThreadCountChangesOnlyTheThreadsSettingAndThePerformance) {
  const Outcome one = cxsim("run small.yaml -o t1 --quiet --threads 1");
  const Outcome two = cxsim("run small.yaml -o t2 --quiet --threads 2");
  ASSERT_EQ(one.status, 0) << one.err;
  ASSERT_EQ(two.status, 0) << two.err;

  json first = results_in("t1");
  json second = results_in("t2");
  EXPECT_EQ(first["settings"]["threads"], 1);
  EXPECT_EQ(second["settings"]["threads"], 2);
  ASSERT_TRUE(first.contains("performance"));
  ASSERT_TRUE(second.contains("performance"));
  for (json* results : {&first, &second}) {
    results->at("settings").erase("threads");
    results->erase("performance");
  }
  EXPECT_EQ(first, second) << "1 thread:\n" << first.dump(2) << "\n2 threads:\n" << second.dump(2);
  EXPECT_EQ(read_all(work_dir() / "t1/monthly.csv"), read_all(work_dir() / "t2/monthly.csv"));
}

TEST_F(RunCommand, InvalidScenarioExitsTwoWithItsProblemsAndWritesNothing) {
  const fs::path file = testing::source_dir() / "tests/malformed/success_above_one.yaml";
  const std::string expected = joined_lines(testing::expected_problems(file, file.string()));
  ASSERT_NE(expected, "");
  fs::remove(work_dir() / "small.yaml");
  for (const std::string options : {"-o out", "", "-o out --quiet --threads 2"}) {
    SCOPED_TRACE(options);
    const Outcome outcome = cxsim("run " + quoted(file.string()) + " " + options);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err, expected);
    EXPECT_FALSE(fs::exists(work_dir() / "out"));
    EXPECT_EQ(entries(work_dir()), std::set<std::string>{});
  }
}

TEST_F(RunCommand, MissingScenarioFileIsAnInputError) {
  const Outcome outcome = cxsim("run no_such_scenario.yaml -o out");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err, "no_such_scenario.yaml:1:1: cannot open the file\n");
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
}

TEST_F(RunCommand, UsageErrorsExitTwoAndWriteNothing) {
  for (const std::string arguments :
       {"run", "run -o out", "run small.yaml -o out --customers 0",
        "run small.yaml -o out --customers -5", "run small.yaml -o out --customers many",
        "run small.yaml -o out --threads 0", "run small.yaml -o out --months 0",
        "run small.yaml -o out --replications 0", "run small.yaml -o out --frobnicate",
        "run small.yaml -o"}) {
    SCOPED_TRACE(arguments);
    const Outcome outcome = cxsim(arguments);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_NE(outcome.err, "");
    EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
  }
  EXPECT_NE(cxsim("run small.yaml --frobnicate").err.find("--frobnicate"), std::string::npos);
  EXPECT_NE(cxsim("run").err.find("FILE"), std::string::npos);
}

TEST_F(RunCommand, AHorizonTooShortForTheScenarioIsRefusedWithWhereItBreaks) {
  // small.yaml's invoice starts at month 1: a one-month horizon leaves it outside.
  const Outcome outcome = cxsim("run small.yaml -o out --months 1");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err,
            "cxsim: small.yaml is not valid with the settings given on the command line:\n"
            "small.yaml:17:29: journey[2].when.start: month 1 is outside the 1-month horizon "
            "(months 0 to 0)\n");
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
}

TEST_F(RunCommand, UntilCiAddsCustomersUntilTheIntervalIsNarrowEnough) {
  // 500 customers give retention ±0.04 or so; ±0.015 needs several times more.
  const Outcome outcome = cxsim("run small.yaml -o out --customers 500 --until-ci retention=0.015");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("--until-ci retention=0.015: ±"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find(", reached\n"), std::string::npos) << outcome.out;
  const json results = results_in("out");
  EXPECT_GT(results["settings"]["customers"].get<int>(), 500);
  const json& retention = results["variants"][0]["totals"]["retention"];
  EXPECT_LE(0.5 * (retention["hi"].get<double>() - retention["lo"].get<double>()), 0.015);
}

TEST_F(RunCommand, UntilCiSaysWhenTheMostCustomersAllowedAreNotEnough) {
  const Outcome outcome = cxsim(
      "run small.yaml -o out --customers 500 --until-ci better_signup.delta_npv=1 "
      "--max-customers 1000");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(
      outcome.out.find(
          "with 1000 customers and 1 replication, NOT reached: the most allowed is 1000 customers "
          "(--max-customers)"),
      std::string::npos)
      << outcome.out;
  EXPECT_EQ(results_in("out")["settings"]["customers"].get<int>(), 1000);
}

TEST_F(RunCommand, UntilCiRejectsATargetItCannotMeasure) {
  for (const std::string target :
       {"delta_npv=5", "roi=0.05", "nosuchfix.npv=5", "npv=-1", "npv", "npx=5"}) {
    SCOPED_TRACE(target);
    const Outcome outcome = cxsim("run small.yaml -o out --until-ci " + target);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_TRUE(outcome.err.starts_with("cxsim: --until-ci: ")) << outcome.err;
    EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
  }
}

// small.yaml standing for a base of 2000: money scaled to a fixed population narrows as
// customers are added (scaled to the sample itself, its interval would widen as √N).
std::string small_for_a_base_of_2000() {
  return std::string(kSmallScenario) + "population: {size: 2000}\n";
}

TEST_F(RunCommand, UntilCiNarrowsAFixsNetValueAndRoi) {
  write("based.yaml", small_for_a_base_of_2000());
  // From 500 customers, net value is known to ±5.6k or so, ROI to ±1.1: both need several times
  // more customers.
  for (const auto& [figure, half_width] :
       {std::pair<std::string, std::string>{"net_value", "2500"}, {"roi", "0.5"}}) {
    SCOPED_TRACE(figure);
    const std::string target = "better_signup." + figure + "=" + half_width;
    const Outcome outcome = cxsim("run based.yaml -o out --customers 500 --until-ci " + target);
    ASSERT_EQ(outcome.status, 0) << outcome.err;
    EXPECT_NE(outcome.out.find("--until-ci " + target + ": ±"), std::string::npos) << outcome.out;
    EXPECT_NE(outcome.out.find(", reached\n"), std::string::npos) << outcome.out;
    const json results = results_in("out");
    EXPECT_GT(results["settings"]["customers"].get<int>(), 500);
    const json& estimate = results["variants"][1]["vs_baseline"][figure];
    EXPECT_LE(0.5 * (estimate["hi"].get<double>() - estimate["lo"].get<double>()),
              std::stod(half_width));
  }
}

TEST_F(RunCommand, UntilCiSaysWhenAFixsRoiCannotBeNarrowedEnough) {
  write("based.yaml", small_for_a_base_of_2000());
  const Outcome outcome = cxsim(
      "run based.yaml -o out --customers 500 --until-ci all_fixes.roi=0.01 --max-customers 1000");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("--until-ci all_fixes.roi=0.01: ±"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("with 1000 customers and 1 replication, NOT reached"),
            std::string::npos)
      << outcome.out;
  const json roi = results_in("out")["variants"][3]["vs_baseline"]["roi"];
  EXPECT_GT(0.5 * (roi["hi"].get<double>() - roi["lo"].get<double>()), 0.01);
}

TEST_F(RunCommand, UntilCiNeedsAFixForAFigureAgainstTheBaseline) {
  const Outcome outcome = cxsim("run small.yaml -o out --until-ci net_value=1e6");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err,
            "cxsim: --until-ci: net_value compares a fix with the baseline: it needs a variant "
            "other than the baseline, as FIX.net_value\n");
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
}

TEST_F(RunCommand, UntilCiSaysWhenTheFigureHasNoValue) {
  std::string free_support = kSmallScenario;
  const std::string cost = "    cost: {monthly: 100}\n";
  ASSERT_NE(free_support.find(cost), std::string::npos);
  free_support.erase(free_support.find(cost), cost.size());
  write("free.yaml", free_support);
  const Outcome outcome = cxsim("run free.yaml -o out --until-ci warm_support.roi=0.1");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err,
            "cxsim: --until-ci: warm_support.roi=0.1: the figure has no value in this run\n");
  EXPECT_EQ(entries(work_dir()), (std::set<std::string>{"free.yaml", "small.yaml"}));
}

// Splits a row of the run table into its columns: text separated by two spaces or more.
std::vector<std::string> columns_of(const std::string& row) {
  std::vector<std::string> columns;
  std::size_t start = 0;
  while (start < row.size()) {
    const std::size_t gap = row.find("  ", start);
    columns.push_back(row.substr(start, gap - start));
    if (gap == std::string::npos) {
      break;
    }
    start = row.find_first_not_of(' ', gap);
  }
  return columns;
}

TEST_F(RunCommand, TheTableShowsEachFixsCostPvAndNetValue) {
  const Outcome outcome = cxsim("run small.yaml -o out --quiet");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const std::vector<std::string> lines = lines_of(outcome.out);
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.starts_with("variant ");
  });
  ASSERT_NE(header, lines.end()) << outcome.out;
  EXPECT_EQ(columns_of(*header),
            (std::vector<std::string>{"variant", "retention", "revenue", "NPV", "Δ retention",
                                      "Δ NPV", "cost PV", "net value", "ROI", "payback"}));
  // better_signup's one-time 5000 at its present value, and its Δ NPV less that, as results.json
  // has them (to the table's two decimals of thousands).
  const json vs = results_in("out")["variants"][1]["vs_baseline"];
  const std::vector<std::string> row = columns_of(*(header + 2));
  ASSERT_EQ(row.size(), 10u) << *(header + 2);
  EXPECT_EQ(row[0], "better_signup");
  const auto thousands = [](const std::string& text) {
    EXPECT_NE(text.find("k ±"), std::string::npos) << text;
    return 1000.0 * std::stod(text);
  };
  EXPECT_NEAR(thousands(row[6]), vs["cost_pv"]["mean"].get<double>(), 5.0) << row[6];
  EXPECT_NEAR(thousands(row[7]), vs["net_value"]["mean"].get<double>(), 5.0) << row[7];
  EXPECT_NEAR(vs["net_value"]["mean"].get<double>(),
              vs["delta_npv"]["mean"].get<double>() - vs["cost_pv"]["mean"].get<double>(), 1e-6);
  // The baseline's row stops where the figures against the baseline begin.
  EXPECT_EQ(columns_of(*(header + 1)).size(), 4u) << *(header + 1);
  // Each fix's payback as results.json has it, its month counted from 1.
  const json variants = results_in("out")["variants"];
  for (std::size_t v = 1; v < kVariants.size(); ++v) {
    const json& fix = variants[v]["vs_baseline"];
    const std::string payback = columns_of(*(header + 1 + static_cast<std::ptrdiff_t>(v)))[9];
    if (fix["payback_month"].is_null()) {
      EXPECT_TRUE(payback.starts_with("not within the horizon")) << payback;
    } else {
      EXPECT_TRUE(
          payback.starts_with("month " + std::to_string(fix["payback_month"].get<int>() + 1)))
          << payback;
    }
  }
}

// Every figure of figures.hpp is written where the table places it, in the table's order, and
// every key of a variant's sections has an entry.
TEST_F(RunCommand, ResultsJsonHasExactlyTheFiguresOfTheTable) {
  const Outcome outcome = cxsim("run small.yaml -o out --quiet --customers 500 --replications 2");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const auto results = nlohmann::ordered_json::parse(read_all(work_dir() / "out/results.json"));
  const auto keys_of = [](const nlohmann::ordered_json& object) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : object.items()) {
      keys.push_back(key);
    }
    return keys;
  };
  const auto table_keys = [](FigureSection section) {
    std::vector<std::string> keys;
    for (const FigureDefinition& figure : figure_table()) {
      if (figure.section == section) {
        keys.emplace_back(figure.key);
      }
    }
    return keys;
  };
  ASSERT_EQ(results["variants"].size(), kVariants.size());
  for (std::size_t v = 0; v < kVariants.size(); ++v) {
    const auto& variant = results["variants"][v];
    SCOPED_TRACE(kVariants[v]);
    std::vector<std::string> sections{"id",      "fixes",       "totals",
                                      "monthly", "touchpoints", "segments"};
    if (v > 0) {
      sections.emplace_back("vs_baseline");
      EXPECT_EQ(keys_of(variant["vs_baseline"]), table_keys(FigureSection::vs_baseline));
    }
    EXPECT_EQ(keys_of(variant), sections);
    EXPECT_EQ(keys_of(variant["totals"]), table_keys(FigureSection::totals));
    EXPECT_EQ(keys_of(variant["monthly"]), table_keys(FigureSection::monthly));
    ASSERT_FALSE(variant["touchpoints"].empty());
    for (const auto& [id, touchpoint] : variant["touchpoints"].items()) {
      EXPECT_EQ(keys_of(touchpoint), table_keys(FigureSection::touchpoints)) << id;
    }
    ASSERT_FALSE(variant["segments"].empty());
    for (const auto& [name, segment] : variant["segments"].items()) {
      EXPECT_EQ(keys_of(segment), table_keys(FigureSection::segments)) << name;
    }
  }
  std::string header = "variant,month";
  for (const std::string& series : table_keys(FigureSection::monthly)) {
    header += "," + series + "_mean," + series + "_lo," + series + "_hi";
  }
  for (const std::string& name : keys_of(results["variants"][0]["segments"])) {
    for (const std::string& series : table_keys(FigureSection::segments)) {
      const std::string column = "segments." + name + "." + series;
      header += "," + column + "_mean," + column + "_lo," + column + "_hi";
    }
  }
  EXPECT_EQ(lines_of(read_all(work_dir() / "out/monthly.csv"))[0], header);
}

TEST_F(RunCommand, UntilCiIsTheSameForOneAndTwoThreadsAndSimulatesEachCustomerOnce) {
  const std::string until = "run small.yaml --quiet --customers 500 --until-ci retention=0.015";
  ASSERT_EQ(cxsim(until + " -o one --threads 1").status, 0);
  ASSERT_EQ(cxsim(until + " -o two --threads 2").status, 0);
  json one = results_in("one");
  json two = results_in("two");
  const auto customers = one["settings"]["customers"].get<std::int64_t>();
  EXPECT_GT(customers, 500);
  // The customer-months of a plain run of as many customers: no customer lived twice.
  ASSERT_EQ(
      cxsim("run small.yaml --quiet -o plain --customers " + std::to_string(customers)).status, 0);
  EXPECT_EQ(one["performance"]["customer_months"],
            results_in("plain")["performance"]["customer_months"]);
  for (json* results : {&one, &two}) {
    results->erase("performance");
    (*results)["settings"].erase("threads");
  }
  EXPECT_EQ(one.dump(1), two.dump(1));
}

TEST_F(RunCommand, SettingsOutsideTheScenariosLimitsAreRefusedByItsValidation) {
  // One set of limits, the scenario's: the command line has no ranges of its own.
  const Outcome outcome =
      cxsim("run small.yaml -o out --replications 100001 --months 601 --seed -3");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err,
            "cxsim: small.yaml is not valid with the settings given on the command line:\n"
            "small.yaml:3:13: simulation.replications: must be <= 100000, got 100001\n"
            "small.yaml:3:39: simulation.months: must be <= 600, got 601\n"
            "small.yaml:3:48: simulation.seed: must be >= 0, got -3\n");
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
}

TEST_F(RunCommand, OverridesShowInTheSettings) {
  const Outcome outcome =
      cxsim("run small.yaml -o out --quiet --customers 500 --months 3 --seed 9 --replications 2");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const json results = results_in("out");
  const json& settings = results["settings"];
  EXPECT_EQ(settings["customers"], 500);
  EXPECT_EQ(settings["population_size"], 500);  // the sample stands for itself
  EXPECT_EQ(settings["months"], 3);
  EXPECT_EQ(settings["seed"], 9);
  EXPECT_EQ(settings["replications"], 2);
  ASSERT_EQ(results["variants"].size(), kVariants.size());
  for (const json& variant : results["variants"]) {
    EXPECT_EQ(variant["monthly"]["alive"]["mean"].size(), 3u);
  }
  EXPECT_EQ(lines_of(read_all(work_dir() / "out/monthly.csv")).size(), 1 + kVariants.size() * 3);
  // Every variant of every replication simulated 500 customers for at most 3 months.
  const auto customer_months = results["performance"]["customer_months"].get<std::uint64_t>();
  EXPECT_GT(customer_months, 2u * kVariants.size() * 500u);
  EXPECT_LE(customer_months, 2u * kVariants.size() * 500u * 3u);
  EXPECT_NE(outcome.out.find("500 simulated customers"), std::string::npos) << outcome.out;
}

TEST_F(RunCommand, AnOutputDirectoryThatCannotBeCreatedExitsOne) {
  // `small.yaml` is a file: no directory can be made there.
  const Outcome outcome = cxsim("run small.yaml -o small.yaml/out --quiet");
  EXPECT_EQ(outcome.status, 1);
  EXPECT_EQ(outcome.out, "");
  EXPECT_NE(outcome.err.find("small.yaml/out"), std::string::npos) << outcome.err;
  EXPECT_EQ(entries(work_dir()), std::set<std::string>{"small.yaml"});
  EXPECT_EQ(read_all(work_dir() / "small.yaml"), kSmallScenario);
}

}  // namespace
}  // namespace cxsim
