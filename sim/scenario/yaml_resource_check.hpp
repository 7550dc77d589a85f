// A streaming pass over a YAML text, before any node is built, that refuses documents too deep
// or too large once their aliases are expanded. yaml-cpp shares aliased nodes instead of copying
// them, but anything that walks the tree (our loader, a writer) would expand them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostics.hpp"
#include "scenario/loader_limits.hpp"

namespace cxsim {

struct ResourceProblem {
  SourceLocation location;
  std::string message;
};

// Nothing when the text is within the limits. Syntax errors are left to the real parse.
std::optional<ResourceProblem> check_yaml_resources(std::string_view text,
                                                    const LoaderLimits& limits);

}  // namespace cxsim
