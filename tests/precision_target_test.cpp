#include "cxsim/precision_target.hpp"

#include <gtest/gtest.h>

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

TEST(PrecisionTarget, TheNextRoundScalesWithTheSquareOfTheShortfall) {
  // Twice too wide needs four times the customers, with 10% to spare.
  EXPECT_EQ(customers_for(1000, 2.0, 1.0, 1'000'000), 4400);
  // Nearly there still at least doubles, and the maximum caps it.
  EXPECT_EQ(customers_for(1000, 1.01, 1.0, 1'000'000), 2000);
  EXPECT_EQ(customers_for(1000, 10.0, 1.0, 50'000), 50'000);
}

}  // namespace
}  // namespace cxsim
