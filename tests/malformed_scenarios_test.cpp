// The malformed-scenario corpus: each tests/malformed/NAME.yaml must produce exactly the
// problems listed in NAME.expected (one `LINE:COL: PATH: message` a line, file name left out).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {
namespace {

class MalformedScenario : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(MalformedScenario, ReportsExactlyTheExpectedProblems) {
  const std::filesystem::path& file = GetParam();
  const ScenarioReading reading = read_scenario_file(file.string());

  EXPECT_FALSE(reading.scenario.has_value());
  std::vector<std::string> reported;
  for (const Diagnostic& problem : reading.problems) {
    reported.push_back(to_string(problem));
  }
  EXPECT_EQ(reported, testing::expected_problems(file, file.string()));
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedScenario,
                         ::testing::ValuesIn(testing::malformed_corpus()), testing::file_stem);

TEST(MalformedCorpus, HoldsAtLeastFortyFilesEachWithItsExpectation) {
  const auto corpus = testing::malformed_corpus();
  EXPECT_GE(corpus.size(), 40u);
  for (const auto& file : corpus) {
    EXPECT_FALSE(testing::expected_problems(file, "").empty()) << file << " expects nothing";
  }
}

}  // namespace
}  // namespace cxsim
