// Running the built `cxsim` program as a user does, from a fresh working directory per test:
// its exit status and what it printed on stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace cxsim::testing {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// `text` as one shell word.
inline std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

// The names in a directory, sorted.
inline std::set<std::string> entries(const std::filesystem::path& directory) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  return lines;
}

inline std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += line + "\n";
  }
  return text;
}

// A fresh, empty working directory per test (removed afterwards) to run `cxsim` in.
class CommandLineFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = std::filesystem::temp_directory_path() /
            ("cxsim_" + std::string(test->test_suite_name()) + "_" + std::string(test->name()) +
             "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "work");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::filesystem::path work_dir() const { return root_ / "work"; }

  // `cxsim ARGUMENTS` in the working directory, with no standard input.
  Outcome cxsim(const std::string& arguments) const {
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

  void write(const std::string& name, const std::string& text) const {
    std::ofstream(work_dir() / name, std::ios::binary) << text;
  }

 private:
  std::filesystem::path root_;
};

}  // namespace cxsim::testing
