// The `cxsim` command as a user runs it: exit status, what goes to stdout and stderr, and that a
// rejected file leaves nothing behind.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "corpus.hpp"
#include "cxsim/version.hpp"

namespace cxsim {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

std::string read_all(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

// A fresh, empty working directory per test, removed afterwards.
class CommandLine : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() /
            ("cxsim_cli_" + std::string(test->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "work");
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path work_dir() const { return root_ / "work"; }

  Outcome run(const std::string& arguments) const {
    const std::string command = "cd " + quoted(work_dir().string()) + " && " +
                                quoted(CXSIM_COMMAND) + " " + arguments + " >" +
                                quoted((root_ / "out").string()) + " 2>" +
                                quoted((root_ / "err").string()) + " </dev/null";
    const int raw = std::system(command.c_str());
    Outcome outcome;
    outcome.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    outcome.out = read_all(root_ / "out");
    outcome.err = read_all(root_ / "err");
    return outcome;
  }

  bool work_dir_empty() const { return fs::is_empty(work_dir()); }

 private:
  fs::path root_;
};

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += line + "\n";
  }
  return text;
}

TEST_F(CommandLine, EveryMalformedFileGetsItsExactMessageAndStatusTwoAndWritesNothing) {
  for (const fs::path& file : testing::malformed_corpus()) {
    SCOPED_TRACE(file.filename().string());
    const Outcome outcome = run("validate " + quoted(file.string()));
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_EQ(outcome.err, joined_lines(testing::expected_problems(file, file.string())));
    EXPECT_TRUE(work_dir_empty());
  }
}

TEST_F(CommandLine, ValidFileIsReportedOk) {
  const std::string file = (testing::source_dir() / "scenarios/saas_b2b.yaml").string();
  const Outcome outcome = run("validate " + quoted(file));
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out, file + ": ok\n");
  EXPECT_EQ(outcome.err, "");
}

TEST_F(CommandLine, SeveralFilesAreEachReportedAndOneBadFileFailsTheRun) {
  const std::string good = (testing::source_dir() / "scenarios/saas_b2b.yaml").string();
  const fs::path bad = testing::source_dir() / "tests/malformed/success_above_one.yaml";
  const Outcome outcome = run("validate " + quoted(good) + " " + quoted(bad.string()));
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.out, good + ": ok\n");
  EXPECT_EQ(outcome.err, joined_lines(testing::expected_problems(bad, bad.string())));
}

TEST_F(CommandLine, MissingFileIsAnInputError) {
  const Outcome outcome = run("validate no_such_scenario.yaml");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_EQ(outcome.err, "no_such_scenario.yaml:1:1: cannot open the file\n");
}

TEST_F(CommandLine, VersionNamesTheVersion) {
  const Outcome outcome = run("--version");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_EQ(outcome.out, "cxsim " + std::string(version()) + "\n");
}

TEST_F(CommandLine, HelpListsTheCommands) {
  const Outcome outcome = run("--help");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_NE(outcome.out.find("validate"), std::string::npos) << outcome.out;
}

TEST_F(CommandLine, CommandHelpDescribesTheCommand) {
  const Outcome outcome = run("validate --help");
  EXPECT_EQ(outcome.status, 0);
  EXPECT_NE(outcome.out.find("FILE"), std::string::npos) << outcome.out;
}

TEST_F(CommandLine, UsageErrorsExitWithStatusTwo) {
  for (const std::string arguments : {"", "frobnicate", "validate", "validate --strict x.yaml"}) {
    SCOPED_TRACE(arguments);
    const Outcome outcome = run(arguments);
    EXPECT_EQ(outcome.status, 2);
    EXPECT_EQ(outcome.out, "");
    EXPECT_NE(outcome.err, "");
  }
  EXPECT_NE(run("frobnicate").err.find("unknown command 'frobnicate'"), std::string::npos);
}

}  // namespace
}  // namespace cxsim
