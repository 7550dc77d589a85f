#include "base/text.hpp"

#include <gtest/gtest.h>

#include <array>

namespace cxsim {
namespace {

constexpr std::array<std::string_view, 5> kKeys{"customers", "months", "replications", "seed",
                                                "confidence"};

TEST(ClosestName, SuggestsTheKeyATypoWasMeantToBe) {
  EXPECT_EQ(closest_name("custmers", kKeys), "customers");  // a letter left out
  EXPECT_EQ(closest_name("monhts", kKeys), "months");       // two letters swapped
  EXPECT_EQ(closest_name("replication", kKeys), "replications");
  EXPECT_EQ(closest_name("Seed", kKeys), "seed");
}

TEST(ClosestName, SuggestsNothingForAnUnrelatedWord) {
  EXPECT_EQ(closest_name("gpu", kKeys), std::nullopt);
  EXPECT_EQ(closest_name("threads", kKeys), std::nullopt);
  EXPECT_EQ(closest_name("x", std::span<const std::string_view>{}), std::nullopt);
}

TEST(ClosestName, SuggestsTheDottedNameWhoseLastPartAWordIs) {
  constexpr std::array<std::string_view, 4> kDotted{"functional.effort", "functional.success",
                                                    "emotional.tone", "weight"};
  EXPECT_EQ(closest_name("effort", kDotted), "functional.effort");
  EXPECT_EQ(closest_name("sucess", kDotted), "functional.success");  // a typo of the last part
  EXPECT_EQ(closest_name("wieght", kDotted), "weight");              // a whole name comes first
  constexpr std::array<std::string_view, 2> kAmbiguous{"journey[0].functional.success",
                                                       "journey[1].functional.success"};
  EXPECT_EQ(closest_name("success", kAmbiguous), std::nullopt);
  EXPECT_EQ(closest_name("e", kDotted), std::nullopt);
}

TEST(SuggestionFor, ListsTheCandidatesWhenNoneIsClose) {
  EXPECT_EQ(suggestion_for("custmers", kKeys), "; did you mean 'customers'?");
  EXPECT_EQ(suggestion_for("gpu", kKeys),
            "; expected 'customers', 'months', 'replications', 'seed' or 'confidence'");
  EXPECT_EQ(suggestion_for("gpu", std::span<const std::string_view>{}), "");
}

TEST(QuotedList, JoinsWithCommasAndOr) {
  constexpr std::array<std::string_view, 2> kTwo{"a", "b"};
  EXPECT_EQ(quoted_list(kTwo), "'a' or 'b'");
  EXPECT_EQ(quoted_list(std::span(kTwo).first(1)), "'a'");
}

TEST(FormatNumber, WritesNumbersAsAPersonWould) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1.3), "1.3");
  EXPECT_EQ(format_number(-20), "-20");
  EXPECT_EQ(format_number(1e6), "1000000");
  EXPECT_EQ(format_number(0.7 + 0.2), "0.9");
  EXPECT_EQ(format_number(2.5e-7), "2.5e-07");
}

}  // namespace
}  // namespace cxsim
