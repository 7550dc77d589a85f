// The `cxsim` command as a user runs it: exit status, what goes to stdout and stderr, and that a
// rejected file leaves nothing behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/version.hpp"
#include "cli_runner.hpp"
#include "corpus.hpp"

namespace cxsim {
namespace {

namespace fs = std::filesystem;

using testing::joined_lines;
using testing::Outcome;
using testing::quoted;

class CommandLine : public testing::CommandLineFixture {
 protected:
  bool work_dir_empty() const { return fs::is_empty(work_dir()); }
};

TEST_F(CommandLine, EveryMalformedFileGetsItsExactMessageAndStatusTwoAndWritesNothing) {
  for (const fs::path& file : testing::malformed_corpus()) {
    SCOPED_TRACE(file.filename().string());
    const Outcome outcome = cxsim("validate " + quoted(file.string()));
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err, joined_lines(testing::expected_problems(file, file.string())));
    EXPECT_TRUE(work_dir_empty());
  }
}

TEST_F(CommandLine, ValidFileIsReportedOk) {
  const std::string file = (testing::source_dir() / "scenarios/saas_b2b.yaml").string();
  const Outcome outcome = cxsim("validate " + quoted(file));
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out, file + ": ok\n");
  EXPECT_EQ(outcome.err, "");
}

TEST_F(CommandLine, WarningsGoToStderrAsFileLineColumnAndTheFileIsStillValid) {
  const auto files = testing::yaml_files("tests/warning_scenarios");
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    const Outcome outcome = cxsim("validate " + quoted(file.string()));
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.out, file.string() + ": ok\n");
    EXPECT_EQ(outcome.err, joined_lines(testing::expected_problems(file, file.string())));
    EXPECT_TRUE(work_dir_empty());
  }
}

TEST_F(CommandLine, ShippedScenariosValidateWithoutWarnings) {
  for (const fs::path& file : testing::yaml_files("scenarios")) {
    SCOPED_TRACE(file.filename().string());
    const Outcome outcome = cxsim("validate " + quoted(file.string()));
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.err, "");
  }
}

TEST_F(CommandLine, SeveralFilesAreEachReportedAndOneBadFileFailsTheRun) {
  const std::string good = (testing::source_dir() / "scenarios/saas_b2b.yaml").string();
  const fs::path bad = testing::source_dir() / "tests/malformed/success_above_one.yaml";
  const Outcome outcome = cxsim("validate " + quoted(good) + " " + quoted(bad.string()));
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, good + ": ok\n");
  EXPECT_EQ(outcome.err, joined_lines(testing::expected_problems(bad, bad.string())));
}

TEST_F(CommandLine, MissingFileIsAnInputError) {
  const Outcome outcome = cxsim("validate no_such_scenario.yaml");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.err, "no_such_scenario.yaml:1:1: cannot open the file\n");
}

TEST_F(CommandLine, VersionNamesTheVersion) {
  const Outcome outcome = cxsim("--version");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out, "cxsim " + std::string(version()) + "\n");
}

TEST_F(CommandLine, HelpListsTheCommands) {
  const Outcome outcome = cxsim("--help");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_NE(outcome.out.find("validate"), std::string::npos) << outcome.out;
}

TEST_F(CommandLine, CommandHelpDescribesTheCommand) {
  const Outcome outcome = cxsim("validate --help");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_NE(outcome.out.find("FILE"), std::string::npos) << outcome.out;
}

TEST_F(CommandLine, UsageErrorsExitWithStatusTwo) {
  for (const std::string arguments : {"", "frobnicate", "validate", "validate --strict x.yaml"}) {
    SCOPED_TRACE(arguments);
    const Outcome outcome = cxsim(arguments);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_NE(outcome.err, "");
  }
  EXPECT_NE(cxsim("frobnicate").err.find("unknown command 'frobnicate'"), std::string::npos);
}

}  // namespace
}  // namespace cxsim
