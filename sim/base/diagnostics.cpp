#include "base/diagnostics.hpp"

#include <algorithm>

namespace cxsim {

namespace {

std::string located(const Diagnostic& diagnostic, std::string_view label) {
  std::string text = diagnostic.file + ':' + std::to_string(diagnostic.location.line) + ':' +
                     std::to_string(diagnostic.location.column) + ": ";
  text += label;
  if (!diagnostic.path.empty()) {
    text += diagnostic.path + ": ";
  }
  return text + diagnostic.message;
}

}  // namespace

std::string to_string(const Diagnostic& diagnostic) {
  return located(diagnostic, "");
}

std::string warning_text(const Diagnostic& warning) {
  return located(warning, "warning: ");
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

void sort_by_location(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.location.line, a.location.column) <
                            std::pair(b.location.line, b.location.column);
                   });
}

bool path_within(std::string_view path, std::string_view ancestor) {
  if (!path.starts_with(ancestor)) {
    return false;
  }
  if (path.size() == ancestor.size() || ancestor.empty()) {
    return true;
  }
  const char next = path[ancestor.size()];
  return next == '.' || next == '[';
}

void SourceMap::record(const std::string& path, SourceLocation location) {
  locations_.insert_or_assign(path, location);
}

SourceLocation SourceMap::locate(std::string path) const {
  while (!path.empty()) {
    if (const auto found = locations_.find(path); found != locations_.end()) {
      return found->second;
    }
    const std::size_t cut = path.find_last_of(".[");
    path.resize(cut == std::string::npos ? 0 : cut);
  }
  return {};
}

Diagnostic SourceMap::diagnostic(const std::string& path, std::string message) const {
  return {file_, locate(path), path, std::move(message)};
}

}  // namespace cxsim
