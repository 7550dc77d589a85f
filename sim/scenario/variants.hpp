// The variants a run compares (docs/model.md#a-run): the baseline, each fix alone, all fixes
// together and each named combination, all on the same customers and random numbers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace cxsim {

struct Variant {
  std::string id;
  std::vector<std::size_t> fixes;  // indices into Scenario::fixes, in file order
};

// Baseline first; `all_fixes` only when there are two fixes or more (with one it is that fix).
std::vector<Variant> standard_variants(const Scenario& scenario);

}  // namespace cxsim
