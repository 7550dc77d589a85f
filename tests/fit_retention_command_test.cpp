// `cxsim fit-retention` as a user runs it: the summary and FIT.json for good data; for each file
// of tests/malformed_data, exactly the problems of NAME.expected, exit status 2 and nothing
// written; a fit that does not converge said plainly, exit status 1 and nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/file_digest.hpp"
#include "cli_runner.hpp"
#include "corpus.hpp"

namespace cxsim::testing {
namespace {

std::filesystem::path published(const std::string& name) {
  return source_dir() / "scenarios" / "data" / ("fader_hardie_" + name + ".csv");
}

std::vector<std::filesystem::path> malformed_data() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(source_dir() / "tests/malformed_data")) {
    if (entry.path().extension() == ".csv") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class FitRetentionCommand : public CommandLineFixture {};

TEST_F(FitRetentionCommand, PrintsTheFitsAndSaysWhichModelTheDataFavour) {
  const Outcome outcome = cxsim("fit-retention " + quoted(published("regular").string()));
  EXPECT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_EQ(outcome.err, "");
  for (const char* text :
       {"constant churn", "shifted-beta-geometric", "beta-discrete-Weibull", "alpha 0.7041",
        "beta 1.182", "The data favour the shifted-beta-geometric"}) {
    EXPECT_NE(outcome.out.find(text), std::string::npos) << text << "\n" << outcome.out;
  }
  EXPECT_TRUE(entries(work_dir()).empty());
}

TEST_F(FitRetentionCommand, WritesFitJson) {
  const Outcome outcome = cxsim("fit-retention " + quoted(published("high_end").string()) +
                                " --fit-periods 5 -o fit.json");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const auto json = nlohmann::json::parse(read_all(work_dir() / "fit.json"));
  EXPECT_EQ(json["data"]["file"], published("high_end").string());
  EXPECT_EQ(json["data"]["sha256"], sha256_hex(read_all(published("high_end"))));
  EXPECT_EQ(json["fit_periods"], 5);
  ASSERT_EQ(json["fits"].size(), 3u);
  const std::vector<std::string> models{"constant", "sbg", "bdw"};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& fit = json["fits"][i];
    EXPECT_EQ(fit["model"], models[i]);
    EXPECT_FALSE(fit.contains("segment"));
    const std::size_t k = fit["parameters"].size();
    EXPECT_EQ(k, i + 1);
    EXPECT_EQ(fit["covariance"].size(), k);
    EXPECT_EQ(fit["correlation"].size(), k);
    for (const auto& [name, parameter] : fit["parameters"].items()) {
      EXPECT_GT(parameter["se"].get<double>(), 0.0) << name;
    }
    const double log_likelihood = fit["log_likelihood"];
    EXPECT_DOUBLE_EQ(fit["aic"].get<double>(), 2.0 * static_cast<double>(k) - 2 * log_likelihood);
    EXPECT_EQ(fit.contains("lr_test"), i > 0);
    EXPECT_EQ(fit["projection"]["periods"].size(), 2u);
  }
  EXPECT_EQ(json["verdicts"].size(), 1u);
}

TEST_F(FitRetentionCommand, FitsEachSegment) {
  write("segments.csv",
        "cohort,period,alive,segment\n"
        "a,0,1000,smb\na,1,631,smb\na,2,468,smb\na,3,382,smb\n"
        "a,0,1000,enterprise\na,1,869,enterprise\na,2,743,enterprise\na,3,653,enterprise\n");
  const Outcome outcome = cxsim("fit-retention segments.csv --model sbg -o fit.json");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const auto json = nlohmann::json::parse(read_all(work_dir() / "fit.json"));
  ASSERT_EQ(json["fits"].size(), 2u);
  EXPECT_EQ(json["fits"][0]["segment"], "enterprise");
  EXPECT_EQ(json["fits"][1]["segment"], "smb");
  EXPECT_NE(outcome.out.find("segment smb"), std::string::npos) << outcome.out;
}

TEST_F(FitRetentionCommand, AFitThatDoesNotConvergeIsSaidAndNothingWritten) {
  write("geometric.csv",
        "cohort,period,alive\na,0,1024\na,1,512\na,2,256\na,3,128\na,4,64\n"
        "a,5,32\n");
  const Outcome outcome = cxsim("fit-retention geometric.csv --model bdw -o fit.json");
  EXPECT_EQ(outcome.status, 1);
  EXPECT_NE(outcome.err.find("beta-discrete-Weibull fit did not converge"), std::string::npos)
      << outcome.err;
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(entries(work_dir()), (std::set<std::string>{"geometric.csv"}));
}

TEST_F(FitRetentionCommand, RefusesBadOptions) {
  const std::string data = quoted(published("regular").string());
  for (const std::string& options : {std::string("--model sgb"), std::string("--fit-periods 7"),
                                     std::string("--fit-periods 0")}) {
    const Outcome outcome = cxsim("fit-retention " + data + " " + options + " -o fit.json");
    EXPECT_EQ(outcome.status, 2) << options;
    EXPECT_NE(outcome.err.find(options.substr(0, options.find(' '))), std::string::npos)
        << outcome.err;
    EXPECT_TRUE(entries(work_dir()).empty()) << options;
  }
  const Outcome missing = cxsim("fit-retention no_such_file.csv");
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "no_such_file.csv:1:1: cannot open the file\n");
}

class MalformedData : public CommandLineFixture,
                      public ::testing::WithParamInterface<std::filesystem::path> {};

TEST_P(MalformedData, IsRefusedWithItsProblemsAndNothingWritten) {
  const std::filesystem::path& file = GetParam();
  const Outcome outcome = cxsim("fit-retention " + quoted(file.string()) + " -o fit.json");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, "");
  std::vector<std::string> expected;
  std::ifstream lines(std::filesystem::path(file).replace_extension(".expected"));
  for (std::string line; std::getline(lines, line);) {
    expected.push_back(file.string() + ":" + line);
  }
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(lines_of(outcome.err), expected);
  EXPECT_TRUE(entries(work_dir()).empty());
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedData, ::testing::ValuesIn(malformed_data()), file_stem);

}  // namespace
}  // namespace cxsim::testing
