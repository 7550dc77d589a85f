// Resource limits: a hostile or broken file is refused with a message, never a hang or a crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario/scenario_loader.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {
namespace {

constexpr std::string_view kValid = R"(cxsim: 1
name: limits
simulation: {customers: 10, months: 2}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.1}, revenue: {monthly_mean: 1}}]
journey: [{id: a, when: {month: 0}}]
)";

std::string messages(const ScenarioReading& reading) {
  std::string text;
  for (const Diagnostic& problem : reading.problems) {
    text += to_string(problem) + "\n";
  }
  return text;
}

TEST(LoaderLimits, AFileLargerThanTheBoundIsRefused) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("cxsim_oversized_" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream file(path);
    file << kValid;
    const std::string comment = "# " + std::string(1022, 'x') + "\n";
    for (int i = 0; i < 5 * 1024; ++i) {
      file << comment;  // 5 MiB of comments: harmless text, just too much of it
    }
  }
  const ScenarioReading reading = read_scenario_file(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(messages(reading), path.string() +
                                   ":1:1: file is larger than 4194304 bytes; a scenario is far "
                                   "smaller\n");
}

TEST(LoaderLimits, NestingIsBoundedAtTheConfiguredDepth) {
  const LoaderLimits limits{.max_depth = 8};
  const auto nested = [](int depth) {
    return std::string(kValid) +
           "description: " + std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']') + "\n";
  };
  // The root mapping and 7 lists reach the bound of 8; 8 lists pass it.
  EXPECT_EQ(messages(read_scenario_text(nested(7), "n.yaml", limits)),
            "n.yaml:6:14: description: must be a text, got a list\n");
  EXPECT_EQ(messages(read_scenario_text(nested(8), "n.yaml", limits)),
            "n.yaml:6:21: nesting deeper than 8 levels; a scenario needs far fewer\n");  // 8th '['
}

TEST(LoaderLimits, AliasesCountAtTheirExpandedSize) {
  const LoaderLimits limits{.max_nodes = 1000};
  const std::string bomb = std::string(kValid) +
                           "scenarios:\n"
                           "  - &a [x, x, x, x, x, x, x, x, x, x]\n"
                           "  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                           "  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
  // The scenario and &a, &b take about 150 nodes; each *b costs 111, so the eighth (column 37)
  // passes 1000.
  EXPECT_EQ(messages(read_scenario_text(bomb, "b.yaml", limits)),
            "b.yaml:9:37: more than 1000 nodes once aliases are expanded; refusing to read "
            "further\n");
}

TEST(LoaderLimits, OrdinaryAnchorsAndAliasesStillLoad) {
  const std::string shared = R"(cxsim: 1
name: anchors
simulation: {customers: 10, months: 2}
segments: [{name: all, retention: {model: constant, monthly_churn: 0.1}, revenue: {monthly_mean: 1}}]
journey:
  - {id: a, when: {month: 0}, emotional: &warm {tone: 0.4, recovery: 0.6}}
  - {id: b, when: {month: 1}, emotional: *warm}
)";
  const ScenarioReading reading = read_scenario_text(shared, "a.yaml");
  ASSERT_TRUE(reading.scenario.has_value()) << messages(reading);
  EXPECT_EQ(std::get<double>(reading.scenario->journey[1].emotional.tone), 0.4);
}

}  // namespace
}  // namespace cxsim
