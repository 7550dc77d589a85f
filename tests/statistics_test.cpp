#include <gtest/gtest.h>

#include <cmath>

#include "cxsim/block_statistic.hpp"
#include "cxsim/finance.hpp"

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

TEST(Finance, PaybackIsTheFirstMonthAfterSpendingThatTheNetBenefitReachesZero) {
  const std::vector<double> benefit{0.0, 10.0, 30.0, 60.0};
  EXPECT_EQ(payback_month(benefit, std::vector<double>{50.0, 50.0, 50.0, 50.0}), 3);
  EXPECT_EQ(payback_month(benefit, std::vector<double>{30.0, 30.0, 30.0, 30.0}), 2);
  EXPECT_EQ(payback_month(benefit, std::vector<double>{0.0, 0.0, 0.0, 0.0}), std::nullopt);
  // Nothing is paid back before the fix has cost anything.
  EXPECT_EQ(payback_month(benefit, std::vector<double>{0.0, 0.0, 20.0, 20.0}), 2);
  EXPECT_EQ(payback_month(benefit, std::vector<double>{70.0, 70.0, 70.0, 70.0}), std::nullopt);
}

}  // namespace
}  // namespace cxsim
