// How much of a scenario file the loader reads before refusing it.
#pragma once

#include <cstddef>

namespace cxsim {

// Bounds that keep a hostile or broken file from exhausting memory, stack or time.
struct LoaderLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  int max_depth = 64;               // nesting of mappings and lists
  std::size_t max_nodes = 200'000;  // nodes after expanding aliases (the "billion laughs")
};

}  // namespace cxsim
