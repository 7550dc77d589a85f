// `cxsim prioritize` as a user runs it: the ranking, the budget, the pairs, and bad input.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.hpp"
#include "corpus.hpp"

namespace cxsim {
namespace {

using testing::Outcome;

constexpr const char* kTwoFixes = R"(cxsim: 1
name: two fixes
simulation: {customers: 3000, months: 6, seed: 2}
population: {size: 10000}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.03}, revenue: {monthly_mean: 100}}]
journey:
  - {id: checkout, when: {every: 1}, functional: {success: 0.7}}
fixes:
  - id: reliable
    changes: [{touchpoint: checkout, set: {functional.success: 0.99}}]
    cost: {one_time: 50000}
  - id: polite
    changes: [{touchpoint: checkout, add: {emotional.tone: 0.3}}]
    cost: {one_time: 1000}
)";

class PrioritizeCommand : public testing::CommandLineFixture {
 protected:
  void SetUp() override {
    CommandLineFixture::SetUp();
    write("two.yaml", kTwoFixes);
  }
};

TEST_F(PrioritizeCommand, RanksEverySetAndShowsEachPair) {
  const Outcome outcome = cxsim("prioritize two.yaml");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  // Three sets (each fix, both) and one pair, and nothing written.
  for (const char* expected : {"\n  reliable\n", "\n  polite\n", "\n  reliable + polite\n",
                               "Pairs:", "reliable + polite: "}) {
    EXPECT_NE(outcome.out.find(expected), std::string::npos) << expected << "\n" << outcome.out;
  }
  EXPECT_EQ(testing::entries(work_dir()), std::set<std::string>{"two.yaml"});
}

TEST_F(PrioritizeCommand, ABudgetPicksTheBestSetItAffords) {
  // Only `polite` costs less than 10,000.
  const Outcome outcome = cxsim("prioritize two.yaml --budget 10000");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  const auto best = outcome.out.find("Best within a budget of 1e+04");
  ASSERT_NE(best, std::string::npos) << outcome.out;
  EXPECT_EQ(outcome.out.find("\n  polite\n", best), outcome.out.find('\n', best));

  const Outcome nothing = cxsim("prioritize two.yaml --budget 10");
  EXPECT_NE(nothing.out.find("no set of fixes that pays back (net value > 0) costs that little"),
            std::string::npos);
}

TEST_F(PrioritizeCommand, BeyondTwelveFixesSetsGrowGreedilyAndSaySo) {
  std::string many = R"(cxsim: 1
name: many fixes
simulation: {customers: 200, months: 3}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.03}, revenue: {monthly_mean: 1}}]
journey: [{id: visit, when: {every: 1}}]
fixes:
)";
  for (int fix = 0; fix < 13; ++fix) {
    many += "  - {id: f" + std::to_string(fix) +
            ", changes: [{touchpoint: visit, add: {emotional.tone: 0.01}}]}\n";
  }
  write("many.yaml", many);
  const Outcome outcome = cxsim("prioritize many.yaml");
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("More than 12 fixes: sets grown greedily"), std::string::npos)
      << outcome.out;
  // One set per round, each holding one fix more: the last holds all thirteen.
  EXPECT_NE(outcome.out.find("f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8 + f9 + f10 + f11 + f12"),
            std::string::npos)
      << outcome.out;
  EXPECT_EQ(outcome.out.find("Pairs:"), std::string::npos);
}

TEST_F(PrioritizeCommand, BadInputExitsTwoWithAMessageAndPrintsNothing) {
  write("no_fixes.yaml", std::string(kTwoFixes).substr(0, std::string(kTwoFixes).find("fixes:")));
  const std::string malformed =
      (testing::source_dir() / "tests/malformed/success_above_one.yaml").string();
  for (const std::string& arguments :
       {std::string("prioritize"), std::string("prioritize two.yaml --budget -5"),
        std::string("prioritize two.yaml --budget lots"),
        std::string("prioritize two.yaml --customers 1"), std::string("prioritize missing.yaml"),
        "prioritize " + malformed, std::string("prioritize no_fixes.yaml")}) {
    SCOPED_TRACE(arguments);
    const Outcome outcome = cxsim(arguments);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_NE(outcome.err, "");
  }
  EXPECT_EQ(cxsim("prioritize no_fixes.yaml").err,
            "cxsim: no_fixes.yaml has no fixes to prioritize\n");
  EXPECT_EQ(cxsim("prioritize two.yaml --budget -5").err,
            "cxsim: the budget must be a number >= 0, got -5\n");
  EXPECT_EQ(cxsim("prioritize two.yaml --customers 1").err,
            "cxsim: two.yaml is not valid with the settings given on the command line:\n"
            "two.yaml:3:25: simulation.customers: must be >= 2, got 1\n");
}

// --seed and --replications as `run` takes them: the same seed gives the same ranking, another
// seed another; the heading says both.
TEST_F(PrioritizeCommand, SeedAndReplicationsAreRunsOwn) {
  const Outcome nine = cxsim("prioritize two.yaml --customers 500 --seed 9 --replications 2");
  ASSERT_EQ(nine.status, 0) << nine.err;
  EXPECT_EQ(nine.err, "");  // no uncertain parameter: no warning
  EXPECT_NE(nine.out.find("500 simulated customers for 10000, 2 replications (seed 9), 95% "
                          "intervals"),
            std::string::npos)
      << nine.out;
  EXPECT_EQ(cxsim("prioritize two.yaml --customers 500 --seed 9 --replications 2").out, nine.out);
  EXPECT_NE(cxsim("prioritize two.yaml --customers 500 --seed 10 --replications 2").out, nine.out);
  // Two replications or more give P(ROI > 0).
  EXPECT_EQ(nine.out.find("needs --replications 2 or more"), std::string::npos) << nine.out;
  const Outcome one = cxsim("prioritize two.yaml --customers 500 --seed 9");
  EXPECT_NE(one.out.find("1 replication (seed 9)"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("needs --replications 2 or more"), std::string::npos) << one.out;
}

// With uncertain parameters and too few replications it says so on stderr, as `run`; each
// set's payback reads as the run table's.
TEST_F(PrioritizeCommand, TooFewReplicationsOfUncertainParametersAreWarnedOf) {
  std::string uncertain = kTwoFixes;
  const std::string success = "functional: {success: 0.7}";
  uncertain.replace(uncertain.find(success), success.size(),
                    "functional: {success: {uniform: [0.65, 0.75]}}");
  write("uncertain.yaml", uncertain);
  const Outcome outcome = cxsim("prioritize uncertain.yaml --customers 500 --replications 3");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_TRUE(outcome.err.starts_with(
      "cxsim: warning: the scenario has uncertain parameters but the run has only 3 replications"))
      << outcome.err;
  // Months counted from 1: "payback month N" with N ≥ 1, or none within the horizon.
  std::size_t shown = 0;
  for (std::size_t at = outcome.out.find(", payback "); at != std::string::npos;
       at = outcome.out.find(", payback ", at + 1), ++shown) {
    const std::string payback =
        outcome.out.substr(at + 10, outcome.out.find(',', at + 10) - at - 10);
    EXPECT_TRUE(payback.starts_with("not within the horizon") ||
                (payback.starts_with("month ") && std::stoi(payback.substr(6)) >= 1))
        << payback;
  }
  EXPECT_EQ(shown, 3u) << outcome.out;  // each set of the ranking
}

TEST_F(PrioritizeCommand, EachPairHasItsVerdictByName) {
  // `polite` changes nothing on checkouts that fail 1% of the time rather than 30%: whatever the
  // sign of the interaction, the verdict is one of the three names.
  const Outcome outcome = cxsim("prioritize two.yaml");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const auto pair = outcome.out.find("reliable + polite: ");
  ASSERT_NE(pair, std::string::npos) << outcome.out;
  const std::string line = outcome.out.substr(pair, outcome.out.find('\n', pair) - pair);
  EXPECT_TRUE(line.ends_with("  compound") || line.ends_with("  overlap") ||
              line.ends_with("  independent (no significant interaction)"))
      << line;
}

}  // namespace
}  // namespace cxsim
