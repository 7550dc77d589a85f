#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "analysis/block_statistic.hpp"
#include "analysis/figures.hpp"
#include "analysis/finance.hpp"
#include "analysis/run_statistics.hpp"

namespace cxsim {
namespace {

TEST(BlockStatistic, EqualBlocksGiveTheClassicalTInterval) {
  BlockStatistic statistic;
  for (const double y : {1.0, 2.0, 3.0, 4.0}) {
    statistic.add(y, 1.0);
  }
  // Mean 2.5, sample variance 5/3, standard error √(5/3)/2; t quantile at 95% with 3 degrees of
  // freedom 3.182446305284263.
  EXPECT_DOUBLE_EQ(statistic.estimate(), 2.5);
  EXPECT_NEAR(statistic.standard_error(), std::sqrt(5.0 / 3.0) / 2.0, 1e-14);
  const Estimate interval = statistic.interval(0.95);
  EXPECT_NEAR(interval.hi - interval.mean, 3.182446305284263 * std::sqrt(5.0 / 3.0) / 2.0, 1e-12);
  EXPECT_NEAR(interval.mean - interval.lo, interval.hi - interval.mean, 1e-12);
}

TEST(BlockStatistic, UnequalBlocksUseTheRatioEstimator) {
  BlockStatistic statistic;
  statistic.add(10.0, 4.0);
  statistic.add(3.0, 2.0);
  statistic.add(9.0, 4.0);
  // R = 22/10; residuals y − R·n = 1.2, −1.4, 0.2; Var = 3/2 · (1.44 + 1.96 + 0.04) / 100.
  EXPECT_DOUBLE_EQ(statistic.estimate(), 2.2);
  EXPECT_NEAR(statistic.standard_error(), std::sqrt(1.5 * 3.44 / 100.0), 1e-14);
}

TEST(BlockStatistic, AHugeCommonLevelDoesNotDrownTheSpread) {
  BlockStatistic small;
  BlockStatistic shifted;
  for (const double y : {1.0, 2.0, 3.0, 4.0}) {
    small.add(y, 1.0);
    shifted.add(1e12 + y, 1.0);
  }
  EXPECT_NEAR(shifted.standard_error(), small.standard_error(), 1e-9);
}

TEST(BlockStatistic, ScalesTheIntervalAndIsDegenerateWithOneBlock) {
  BlockStatistic one;
  one.add(3.0, 2.0);
  const Estimate single = one.interval(0.95, 10.0);
  EXPECT_EQ(single.mean, 15.0);
  EXPECT_EQ(single.lo, 15.0);
  EXPECT_EQ(single.hi, 15.0);
}

// Two blocks of hand-written totals, two variants, three months, one touchpoint: every figure's
// statistic is its sum over its units, as figures.hpp describes it, taken here by hand.
TEST(RunStatistics, EachFigureOfTheTableFoldsWhatItsEntrySays) {
  constexpr int kVariants = 2, kMonths = 3;
  RunStatistics statistics(kVariants, kMonths, 1, 1);
  std::vector<BlockTotals> blocks;
  for (const double customers : {4.0, 6.0}) {
    BlockTotals block(kVariants, kMonths, 1, 1);
    block.customers = customers;
    for (int v = 0; v < kVariants; ++v) {
      for (int t = 0; t < kMonths; ++t) {
        block.monthly(v, MonthlyMetric::alive, t) = customers - t - v;
        block.monthly(v, MonthlyMetric::value, t) = 10.0 * (t + 1) + v + customers;
      }
      block.touchpoint(v, 0, TouchpointMetric::events) = 2.0 * customers;
      block.touchpoint(v, 0, TouchpointMetric::satisfied) = customers + v;
      block.monthly(v, MonthlyMetric::nps_net, 1) = 1.0 + v;
      block.monthly(v, MonthlyMetric::nps_answers, 1) = customers / 2.0;
      block.monthly(v, MonthlyMetric::nps_net, 2) = -v;
      block.monthly(v, MonthlyMetric::nps_answers, 2) = 3.0;
    }
    statistics.fold(block);
    blocks.push_back(std::move(block));
  }
  const auto ratio = [&](const auto& sum, const auto& units) {
    return (sum(blocks[0]) + sum(blocks[1])) / (units(blocks[0]) + units(blocks[1]));
  };
  const auto customers = [](const BlockTotals& b) { return b.customers; };
  const auto value_through = [](int v, int last) {
    return [v, last](const BlockTotals& b) {
      double sum = 0.0;
      for (int t = 0; t <= last; ++t) {
        sum += b.monthly(v, MonthlyMetric::value, t);
      }
      return sum;
    };
  };
  const auto estimate = [&](FigureSection section, const char* key, int variant, int at = 0) {
    return statistics.statistic(figure_index(section, key), variant, at).estimate();
  };
  for (int v = 0; v < kVariants; ++v) {
    SCOPED_TRACE(v);
    EXPECT_DOUBLE_EQ(
        estimate(FigureSection::totals, "retention", v),
        ratio([&](const BlockTotals& b) { return b.monthly(v, MonthlyMetric::alive, 2); },
              customers));
    EXPECT_DOUBLE_EQ(estimate(FigureSection::totals, "npv", v),
                     ratio(value_through(v, 2), customers));
    EXPECT_DOUBLE_EQ(estimate(FigureSection::monthly, "npv", v, 1),
                     ratio(value_through(v, 1), customers));
    EXPECT_DOUBLE_EQ(
        estimate(FigureSection::monthly, "alive", v, 1),
        ratio([&](const BlockTotals& b) { return b.monthly(v, MonthlyMetric::alive, 1); },
              customers));
    EXPECT_DOUBLE_EQ(
        estimate(FigureSection::touchpoints, "csat", v),
        ratio([&](const BlockTotals& b) { return b.touchpoint(v, 0, TouchpointMetric::satisfied); },
              [&](const BlockTotals& b) { return b.touchpoint(v, 0, TouchpointMetric::events); }));
    EXPECT_DOUBLE_EQ(estimate(FigureSection::totals, "nps", v),
                     ratio([&](const BlockTotals& b) { return b.nps_net(v); },
                           [&](const BlockTotals& b) { return b.nps_responses(v); }));
  }
  // Against the baseline: the variant's sum less the baseline's, block by block.
  EXPECT_DOUBLE_EQ(
      estimate(FigureSection::vs_baseline, "delta_npv", 1),
      ratio([&](const BlockTotals& b) { return value_through(1, 2)(b) - value_through(0, 2)(b); },
            customers));
  // One customer fewer alive at the end in each block, of 10 customers in all.
  EXPECT_DOUBLE_EQ(estimate(FigureSection::vs_baseline, "delta_retention", 1), -2.0 / 10.0);
}

TEST(TQuantile, ApproachesTheNormalQuantile) {
  EXPECT_NEAR(t_quantile(0.95, 1e7), 1.959963984540054, 1e-6);
  EXPECT_NEAR(t_quantile(0.99, 10.0), 3.169272672616948, 1e-9);
}

TEST(Finance, ReturnOnInvestmentCarriesTheBenefitInterval) {
  const auto roi = return_on_investment({300.0, 200.0, 400.0}, 100.0);
  ASSERT_TRUE(roi.has_value());
  EXPECT_DOUBLE_EQ(roi->mean, 2.0);
  EXPECT_DOUBLE_EQ(roi->lo, 1.0);
  EXPECT_DOUBLE_EQ(roi->hi, 3.0);
  EXPECT_FALSE(return_on_investment({300.0, 200.0, 400.0}, 0.0).has_value());
}

TEST(Finance, PaybackIsTheFirstMonthFromWhichTheNetBenefitStaysAtOrAboveZero) {
  const std::vector<double> benefit{0.0, 10.0, 30.0, 60.0};
  EXPECT_EQ(payback_month(benefit, std::vector<double>{50.0, 50.0, 50.0, 50.0}), 3);
  EXPECT_EQ(payback_month(benefit, std::vector<double>{30.0, 30.0, 30.0, 30.0}), 2);
  EXPECT_EQ(payback_month(benefit, std::vector<double>{0.0, 0.0, 0.0, 0.0}), std::nullopt);
  // Nothing is paid back before the fix has cost anything.
  EXPECT_EQ(payback_month(benefit, std::vector<double>{0.0, 0.0, 20.0, 20.0}), 2);
  EXPECT_EQ(payback_month(benefit, std::vector<double>{70.0, 70.0, 70.0, 70.0}), std::nullopt);
}

// A cost C in month 0 against a benefit of b a month, cumulative b (t + 1): the net benefit
// b (t + 1) − C only grows, so it pays back in the first month with b (t + 1) ≥ C, t = ⌈C/b⌉ − 1,
// when that is within the horizon.
TEST(Finance, ALinearBenefitPaysBackAtTheClosedFormMonth) {
  constexpr int kMonths = 24;
  constexpr double kMonthly = 7.0;
  std::vector<double> benefit;
  for (int t = 0; t < kMonths; ++t) {
    benefit.push_back(kMonthly * (t + 1));
  }
  for (const double cost : {1.0, 7.0, 50.0, 168.0, 169.0, 1000.0}) {
    const int month = static_cast<int>(std::ceil(cost / kMonthly)) - 1;
    EXPECT_EQ(payback_month(benefit, std::vector<double>(kMonths, cost)),
              month < kMonths ? std::optional<int>(month) : std::nullopt)
        << "cost " << cost;
  }
}

// A second one-time cost pulls the net benefit back below zero after it first crossed: it pays
// back only from the month it is at or above zero for good.
TEST(Finance, ANetBenefitThatDipsAfterCrossingPaysBackOnceItStaysAbove) {
  const std::vector<double> benefit{0.0, 30.0, 40.0, 50.0, 80.0, 90.0};
  // Net benefit −20, 10, 20, −10, 20, 30.
  EXPECT_EQ(payback_month(benefit, std::vector<double>{20.0, 20.0, 20.0, 60.0, 60.0, 60.0}), 4);
  // Below zero at the horizon: no payback, however early it first crossed.
  EXPECT_EQ(payback_month(benefit, std::vector<double>{20.0, 20.0, 20.0, 60.0, 60.0, 95.0}),
            std::nullopt);
  // Exactly zero counts as paid back.
  EXPECT_EQ(payback_month(benefit, std::vector<double>{20.0, 20.0, 20.0, 60.0, 60.0, 90.0}), 4);
}

TEST(Finance, ANetBenefitThatIsNotANumberCountsAsBelowZero) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> cost{10.0, 10.0, 10.0};
  EXPECT_EQ(payback_month(std::vector<double>{20.0, nan, 20.0}, cost), 2);
  EXPECT_EQ(payback_month(std::vector<double>{20.0, 20.0, nan}, cost), std::nullopt);
}

TEST(Finance, MonthsShownToPeopleCountFromOne) {
  EXPECT_EQ(month_number(0), 1);
  EXPECT_EQ(month_text(0), "month 1");
  EXPECT_EQ(month_text(11), "month 12");
}

TEST(Finance, PaybackTextShowsTheRangeTheIntervalSupports) {
  EXPECT_EQ(payback_text(7, {5, 9}, 100.0), "month 8 (6–10)");
  EXPECT_EQ(payback_text(0, {0, 0}, 100.0), "month 1");  // a range of one month is that month
  EXPECT_EQ(payback_text(7, {5, std::nullopt}, 100.0), "month 8 (6 – not within the horizon)");
  EXPECT_EQ(payback_text(std::nullopt, {13, std::nullopt}, 100.0),
            "not within the horizon (month 14 at the earliest)");
  EXPECT_EQ(payback_text(std::nullopt, {}, 100.0), "not within the horizon");
  EXPECT_EQ(payback_text(std::nullopt, {}, 0.0), "no cost");
}

}  // namespace
}  // namespace cxsim
