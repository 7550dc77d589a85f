// A problem found in a scenario file, located by file, line, column and scenario path, and the
// map from scenario paths to where they were written.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cxsim {

struct SourceLocation {
  int line = 1;  // 1-based, as editors count
  int column = 1;
};

struct Diagnostic {
  std::string file;
  SourceLocation location;
  std::string path;  // in scenario terms: `journey[2].functional.success`; empty for the document
  std::string message;

  bool operator==(const Diagnostic&) const = default;
};

// `FILE:LINE:COL: PATH: message` (without `PATH: ` when the problem is the document itself).
std::string to_string(const Diagnostic& diagnostic);
// `FILE:LINE:COL: warning: PATH: message`: something that does not stop a run.
std::string warning_text(const Diagnostic& warning);

// Scenario paths: `journey[2]` is item_path("journey", 2), `journey[2].when` child_path of it.
std::string child_path(const std::string& path, std::string_view key);
std::string item_path(const std::string& path, std::size_t index);

// In file order, by line and column (stable: problems at one place keep their order).
void sort_by_location(std::vector<Diagnostic>& diagnostics);

// True when `path` is `ancestor` or lies inside it (`journey[2].when` is inside `journey[2]`).
bool path_within(std::string_view path, std::string_view ancestor);

// Where each scenario path was written, so that checks made after loading can point at the line.
class SourceMap {
 public:
  explicit SourceMap(std::string file = {}) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  void record(const std::string& path, SourceLocation location);
  // Whether the file wrote `path` itself (a default was not written).
  bool written(const std::string& path) const { return locations_.contains(path); }
  // The location of `path`, or of its nearest recorded ancestor (a default lives where its
  // section was written), or the start of the file.
  SourceLocation locate(std::string path) const;
  Diagnostic diagnostic(const std::string& path, std::string message) const;

 private:
  std::string file_;
  std::unordered_map<std::string, SourceLocation> locations_;
};

}  // namespace cxsim
