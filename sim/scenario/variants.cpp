#include "scenario/variants.hpp"

#include <algorithm>

namespace cxsim {

std::vector<Variant> standard_variants(const Scenario& scenario) {
  std::vector<Variant> variants{{"baseline", {}}};
  std::vector<std::size_t> all;
  for (std::size_t f = 0; f < scenario.fixes.size(); ++f) {
    variants.push_back({scenario.fixes[f].id, {f}});
    all.push_back(f);
  }
  if (all.size() >= 2) {
    variants.push_back({"all_fixes", all});
  }
  for (const FixCombination& combination : scenario.scenarios) {
    Variant variant{combination.id, {}};
    for (const std::string& id : combination.fixes) {
      const auto found = std::find_if(scenario.fixes.begin(), scenario.fixes.end(),
                                      [&](const Fix& fix) { return fix.id == id; });
      variant.fixes.push_back(static_cast<std::size_t>(found - scenario.fixes.begin()));
    }
    std::sort(variant.fixes.begin(), variant.fixes.end());
    variants.push_back(std::move(variant));
  }
  return variants;
}

}  // namespace cxsim
