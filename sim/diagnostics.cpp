#include "cxsim/diagnostics.hpp"

namespace cxsim {

std::string to_string(const Diagnostic& diagnostic) {
  std::string text = diagnostic.file + ':' + std::to_string(diagnostic.location.line) + ':' +
                     std::to_string(diagnostic.location.column) + ": ";
  if (!diagnostic.path.empty()) {
    text += diagnostic.path + ": ";
  }
  return text + diagnostic.message;
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
