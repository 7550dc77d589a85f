// The source map: where each scenario path was written, as problems report it
// (docs/scenarios.md#how-problems-are-reported).
#include <gtest/gtest.h>

#include <string_view>

#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::kFileName;
using testing::messages;

// Line 16 holds `      success: 0.8` (value at column 16); line 11 holds the flow mapping
// `    functional: {success: 0.9}` (value at column 27).
constexpr std::string_view kLocated = R"(cxsim: 1
name: located
simulation: {customers: 10, months: 12}
segments:
  - name: all
    retention: {model: constant, monthly_churn: 0.02}
    revenue: {monthly_mean: 100}
journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9}
  - id: support
    when: {after: signup, on: failure}
    functional:
      effort: 0.3
      success: 0.8
)";

TEST(SourceMap, LocatesABlockStyleValue) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const SourceLocation location = loaded.source_map.locate("journey[1].functional.success");
  EXPECT_EQ(location.line, 16);
  EXPECT_EQ(location.column, 16);
}

TEST(SourceMap, LocatesAFlowStyleValue) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const SourceLocation location = loaded.source_map.locate("journey[0].functional.success");
  EXPECT_EQ(location.line, 11);
  EXPECT_EQ(location.column, 27);
}

TEST(SourceMap, LocatesListItemsAndSections) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  const SourceLocation item = loaded.source_map.locate("journey[1]");
  EXPECT_EQ(item.line, 12);
  EXPECT_EQ(item.column, 5);
  const SourceLocation when = loaded.source_map.locate("journey[1].when.on");
  EXPECT_EQ(when.line, 13);
  EXPECT_EQ(when.column, 31);
  const SourceLocation churn = loaded.source_map.locate("segments[0].retention.monthly_churn");
  EXPECT_EQ(churn.line, 6);
  EXPECT_EQ(churn.column, 49);
}

TEST(SourceMap, AnUnwrittenKeyIsLocatedAtItsSection) {
  const LoadedScenario loaded = load_scenario_text(kLocated, kFileName);
  ASSERT_TRUE(loaded.diagnostics.empty()) << messages(loaded.diagnostics);
  // `delay` is not written: it lives where journey[1].functional starts (`effort`, line 15).
  const SourceLocation location = loaded.source_map.locate("journey[1].functional.delay");
  EXPECT_EQ(location.line, 15);
  EXPECT_EQ(location.column, 7);
}

TEST(SourceMap, KnowsItsFile) {
  const LoadedScenario loaded = load_scenario_text(kLocated, "saas.yaml");
  EXPECT_EQ(loaded.source_map.file(), "saas.yaml");
}

}  // namespace
}  // namespace cxsim
