// Prioritisation (`prioritize`, README.md#the-command) on the engine: the best set within a budget
// among several affordable ones, greedy growth over fixes of different worth, and the verdict on
// each pair: compounding (tone once the functional floor is fixed) and overlapping (two fixes that
// mend the same failure).
#include "analysis/prioritization.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine_fixtures.hpp"

namespace cxsim {
namespace {

Prioritization prioritized(const Scenario& scenario, std::optional<double> budget) {
  DriverOptions options;
  options.threads = 2;
  return prioritize(scenario, budget, options);
}

std::string names(const Scenario& scenario, const std::vector<std::size_t>& fixes) {
  std::string text;
  for (const std::size_t fix : fixes) {
    text += (text.empty() ? "" : "+") + scenario.fixes[fix].id;
  }
  return text;
}

// Three fixes: the checkout's reliability (worth most, costs most), the support desk's
// reliability and its tone (each cheap); the budget affords the cheap ones, alone or together.
constexpr std::string_view kThreeFixes = R"(cxsim: 1
name: three fixes
simulation: {customers: 20000, months: 12, seed: 8}
population: {size: 100000}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.02},
     revenue: {monthly_mean: 100, gross_margin: 0.8}}
journey:
  - {id: checkout, when: {every: 1}, functional: {success: 0.7}}
  - {id: support, when: {every: 2}, functional: {success: 0.75}}
fixes:
  - id: reliable_checkout
    changes: [{touchpoint: checkout, set: {functional.success: 0.99}}]
    cost: {one_time: 400000}
  - id: reliable_support
    changes: [{touchpoint: support, set: {functional.success: 0.95}}]
    cost: {one_time: 20000}
  - id: kind_support
    changes: [{touchpoint: support, add: {emotional.tone: 0.4}}]
    cost: {one_time: 5000}
)";

TEST(Prioritization, TheBestSetWithinABudgetIsTheMostValuableOfSeveralItAffords) {
  const Scenario scenario = testing::scenario_from_yaml(kThreeFixes);
  ASSERT_EQ(scenario.fixes.size(), 3u);
  constexpr double kBudget = 30000.0;
  const Prioritization result = prioritized(scenario, kBudget);
  ASSERT_EQ(result.ranking.size(), 7u);
  // The overall best set needs the costly checkout fix: the budget rules it out.
  const FixSetValue& best = result.ranking.front();
  ASSERT_TRUE(std::binary_search(best.fixes.begin(), best.fixes.end(), 0u))
      << names(scenario, best.fixes);
  std::vector<const FixSetValue*> affordable;
  for (const FixSetValue& set : result.ranking) {
    if (set.cost_pv.mean <= kBudget) {
      affordable.push_back(&set);
    }
  }
  ASSERT_EQ(affordable.size(), 3u) << "reliable_support, kind_support and both";
  ASSERT_TRUE(result.best_within_budget.has_value());
  const auto most_valuable = *std::max_element(affordable.begin(), affordable.end(),
                                               [](const FixSetValue* a, const FixSetValue* b) {
                                                 return a->net_value.mean < b->net_value.mean;
                                               });
  EXPECT_EQ(result.best_within_budget->fixes, most_valuable->fixes)
      << names(scenario, result.best_within_budget->fixes);
  // Both support fixes together are worth more than either alone (tone on a mended desk).
  EXPECT_EQ(result.best_within_budget->fixes, (std::vector<std::size_t>{1, 2}))
      << names(scenario, result.best_within_budget->fixes) << ", " << testing::replay(scenario);
  EXPECT_LE(result.best_within_budget->cost_pv.mean, kBudget);
  EXPECT_GT(result.best_within_budget->net_value.mean, 0.0);
}

TEST(Prioritization, PairsThatMendTheSameFailureOverlapAndToneOnAFixedFloorCompounds) {
  Scenario scenario =
      testing::scenario_from_yaml(std::string(kThreeFixes) + R"(  - id: retry_checkout
    changes: [{touchpoint: checkout, set: {functional.success: 0.95}}]
    cost: {one_time: 100000}
)");
  ASSERT_EQ(scenario.fixes.size(), 4u);
  const Prioritization result = prioritized(scenario, std::nullopt);
  ASSERT_EQ(result.pairs.size(), 6u);
  const auto pair = [&](std::size_t a, std::size_t b) {
    const auto found =
        std::find_if(result.pairs.begin(), result.pairs.end(),
                     [&](const PairInteraction& p) { return p.first == a && p.second == b; });
    if (found == result.pairs.end()) {
      throw std::runtime_error("no pair " + std::to_string(a) + ", " + std::to_string(b));
    }
    return *found;
  };

  const PairInteraction same_failure = pair(0, 3);
  EXPECT_EQ(verdict(same_failure), PairVerdict::overlap)
      << same_failure.interaction.mean << " [" << same_failure.interaction.lo << ", "
      << same_failure.interaction.hi << "], " << testing::replay(scenario);
  const PairInteraction floor_then_tone = pair(1, 2);
  EXPECT_EQ(verdict(floor_then_tone), PairVerdict::compound)
      << floor_then_tone.interaction.mean << " [" << floor_then_tone.interaction.lo << ", "
      << floor_then_tone.interaction.hi << "], " << testing::replay(scenario);
}

// The verdict from the interaction's interval alone, named as the command and Python name it.
TEST(Prioritization, AVerdictIsTheSideOfZeroTheIntervalLiesOnByItsName) {
  const auto verdict_of = [](double lo, double hi) {
    return verdict_name(verdict({0, 1, {0.5 * (lo + hi), lo, hi}}));
  };
  EXPECT_EQ(verdict_of(0.5, 2.0), "compound");
  EXPECT_EQ(verdict_of(-2.0, -0.5), "overlap");
  EXPECT_EQ(verdict_of(-1.0, 1.0), "independent");
  EXPECT_EQ(verdict_of(0.0, 1.0), "independent");  // an interval touching 0 holds it
}

// Beyond twelve fixes, sets grow one fix a round: round k evaluates every set of k fixes that
// holds the best set of round k − 1, and the first round's best is the single fix of highest
// net value. Here the fixes differ (tone from −0.25 to +0.35, costs rising with it), so each
// round has a clear winner.
TEST(Prioritization, GreedyGrowthKeepsEachRoundsBestSetOverFixesOfDifferentWorth) {
  std::string yaml = R"(cxsim: 1
name: many different fixes
simulation: {customers: 4000, months: 6, seed: 12}
population: {size: 100000}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.03}, revenue: {monthly_mean: 50}}
journey: [{id: visit, when: {every: 1}, emotional: {tone_sd: 0.1}}]
fixes:
)";
  for (int fix = 0; fix < 13; ++fix) {
    yaml += "  - {id: f" + std::to_string(fix) +
            ", changes: [{touchpoint: visit, add: {emotional.tone: " +
            std::to_string(0.05 * fix - 0.25) +
            "}}], cost: {one_time: " + std::to_string(1000 * (fix + 1)) + "}}\n";
  }
  const Scenario scenario = testing::scenario_from_yaml(yaml);
  ASSERT_EQ(scenario.fixes.size(), 13u);
  const Prioritization result = prioritized(scenario, std::nullopt);
  EXPECT_FALSE(result.exhaustive);
  EXPECT_TRUE(result.pairs.empty());
  // 13 + 12 + … + 1 sets.
  ASSERT_EQ(result.ranking.size(), 91u);

  std::vector<std::size_t> previous_best;
  for (std::size_t size = 1; size <= 13; ++size) {
    SCOPED_TRACE("round " + std::to_string(size));
    std::vector<const FixSetValue*> round;
    for (const FixSetValue& set : result.ranking) {
      if (set.fixes.size() == size) {
        round.push_back(&set);
      }
    }
    ASSERT_EQ(round.size(), 14 - size);
    for (const FixSetValue* set : round) {
      EXPECT_TRUE(std::includes(set->fixes.begin(), set->fixes.end(), previous_best.begin(),
                                previous_best.end()))
          << names(scenario, set->fixes) << " does not grow " << names(scenario, previous_best);
    }
    previous_best = (*std::max_element(round.begin(), round.end(),
                                       [](const FixSetValue* a, const FixSetValue* b) {
                                         return a->net_value.mean < b->net_value.mean;
                                       }))
                        ->fixes;
    if (size == 1) {
      // The largest tone lift is worth most, its higher cost notwithstanding.
      EXPECT_EQ(previous_best, std::vector<std::size_t>{12}) << testing::replay(scenario);
    }
  }
}

}  // namespace
}  // namespace cxsim
