#include "analysis/precision_target.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cxsim {
namespace {

TEST(PrecisionTarget, ReadsVariantFigureAndHalfWidth) {
  const ParsedTarget total = parse_precision_target("npv=5e6");
  ASSERT_TRUE(total.target.has_value()) << total.problem;
  EXPECT_EQ(total.target->variant, "baseline");
  EXPECT_EQ(total.target->figure, "npv");
  EXPECT_EQ(total.target->half_width, 5e6);
  const ParsedTarget delta = parse_precision_target("reliable_signup.delta_npv=1e6");
  ASSERT_TRUE(delta.target.has_value()) << delta.problem;
  EXPECT_EQ(delta.target->variant, "reliable_signup");
  EXPECT_EQ(delta.target->figure, "delta_npv");
}

TEST(PrecisionTarget, SaysWhatIsWrongWithASpec) {
  EXPECT_EQ(parse_precision_target("npv").problem,
            "expected [VARIANT.]FIGURE=HALFWIDTH, got 'npv'");
  EXPECT_EQ(parse_precision_target("npx=3").problem, "unknown figure 'npx'; did you mean 'npv'?");
  EXPECT_EQ(parse_precision_target("npv=0").problem,
            "the half-width must be a number > 0, got '0'");
  EXPECT_EQ(parse_precision_target("npv=wide").problem,
            "the half-width must be a number > 0, got 'wide'");
}

TEST(PrecisionTarget, AnyFigureThatIsOneEstimateCanBeTheTarget) {
  for (const std::string figure : {"retention", "nps", "cost_to_serve", "referrals"}) {
    const ParsedTarget parsed = parse_precision_target(figure + "=0.5");
    ASSERT_TRUE(parsed.target.has_value()) << figure << ": " << parsed.problem;
    EXPECT_EQ(parsed.target->figure, figure);
  }
  for (const std::string figure : {"delta_customers", "cost_pv", "net_value", "roi"}) {
    const ParsedTarget parsed = parse_precision_target("fix." + figure + "=0.05");
    ASSERT_TRUE(parsed.target.has_value()) << figure << ": " << parsed.problem;
    EXPECT_EQ(parsed.target->variant, "fix");
    EXPECT_EQ(parsed.target->figure, figure);
    EXPECT_EQ(parsed.target->half_width, 0.05);
  }
  // A series, a touchpoint's figure or a month has no one interval to narrow.
  for (const std::string figure : {"alive", "csat", "payback_month", "roi_quantiles"}) {
    EXPECT_TRUE(parse_precision_target("fix." + figure + "=1")
                    .problem.starts_with("unknown figure '" + figure + "'"))
        << figure;
  }
}

TEST(PrecisionTarget, AFigureAgainstTheBaselineNeedsAnotherVariant) {
  EXPECT_EQ(parse_precision_target("delta_npv=5").problem,
            "a delta needs a variant other than the baseline, as FIX.delta_npv");
  EXPECT_EQ(parse_precision_target("baseline.roi=0.05").problem,
            "roi compares a fix with the baseline: it needs a variant other than the baseline, "
            "as FIX.roi");
}

TEST(PrecisionTarget, TheEstimateIsTheFiguresOwnOrNoneWhenItHasNoValue) {
  RunResults results;
  VariantResult baseline;
  baseline.id = "baseline";
  baseline.figures[figure_index(FigureSection::totals, "npv")] = Estimate{10.0, 8.0, 12.0};
  VariantResult paid;
  paid.id = "paid";
  paid.against_baseline = true;
  paid.figures[figure_index(FigureSection::vs_baseline, "net_value")] = Estimate{1.0, -1.0, 3.0};
  const std::size_t roi = figure_index(FigureSection::vs_baseline, "roi");
  paid.figures[roi] = Estimate{0.5, 0.25, 0.75};
  VariantResult free = paid;
  free.id = "free";
  free.figures[roi] = {};  // a fix that costs nothing has no ROI
  results.variants = {baseline, paid, free};

  const auto estimate = [&](const std::string& spec) {
    return target_estimate(results, *parse_precision_target(spec).target);
  };
  ASSERT_TRUE(estimate("npv=1").has_value());
  EXPECT_EQ(estimate("npv=1")->lo, 8.0);
  ASSERT_TRUE(estimate("paid.net_value=1").has_value());
  EXPECT_EQ(estimate("paid.net_value=1")->hi, 3.0);
  ASSERT_TRUE(estimate("paid.roi=1").has_value());
  EXPECT_EQ(estimate("paid.roi=1")->mean, 0.5);
  EXPECT_FALSE(estimate("free.roi=1").has_value());
  EXPECT_FALSE(estimate("nps=1").has_value());  // no survey answer
  EXPECT_FALSE(estimate("elsewhere.npv=1").has_value());
}

TEST(PrecisionTarget, TheNextRoundScalesWithTheSquareOfTheShortfall) {
  // Twice too wide needs four times the customers, with 10% to spare.
  EXPECT_EQ(customers_for(1000, 2.0, 1.0, 1'000'000), 4400);
  // Nearly there still at least doubles, and the maximum caps it.
  EXPECT_EQ(customers_for(1000, 1.01, 1.0, 1'000'000), 2000);
  EXPECT_EQ(customers_for(1000, 10.0, 1.0, 50'000), 50'000);
}

}  // namespace
}  // namespace cxsim
