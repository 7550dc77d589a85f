// The test data shared by the corpus and command-line tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace cxsim::testing {

inline std::filesystem::path source_dir() {
  return CXSIM_SOURCE_DIR;
}

// The `.yaml` files of a directory of the source tree, in name order.
inline std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / directory)) {
    if (entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::vector<std::filesystem::path> malformed_corpus() {
  return yaml_files("tests/malformed");
}

// The lines of NAME.expected beside NAME.yaml, each prefixed with `shown_name:` as the reports
// name the file.
inline std::vector<std::string> expected_problems(const std::filesystem::path& yaml,
                                                  const std::string& shown_name) {
  std::ifstream expected(std::filesystem::path(yaml).replace_extension(".expected"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(expected, line);) {
    if (!line.empty()) {
      lines.push_back(shown_name + ":" + line);
    }
  }
  return lines;
}

// Names parametrised tests after the file: `Corpus/MalformedScenario.X/success_above_one`.
inline std::string file_stem(const ::testing::TestParamInfo<std::filesystem::path>& file) {
  return file.param.stem().string();
}

}  // namespace cxsim::testing
