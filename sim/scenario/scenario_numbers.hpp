// Every model parameter of a scenario (each Number), visited in one fixed order with its path and
// the values it may take, for the passes that treat them alike: drawing uncertain parameters,
// sweeping one, drawing several together (joint_uncertainty). Paths are written with indices
// (`journey[1].functional.success`) or with names for the positions
// (`journey[signup].functional.success`).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/value_range.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

using NumberVisitor = std::function<void(const std::string& path, Number& number)>;
using RangedNumberVisitor =
    std::function<void(const std::string& path, Number& number, const ValueRange& range)>;

// The order is the file's schema order and never depends on the values, so draws made in it are
// reproducible.
void for_each_number(Scenario& scenario, const NumberVisitor& visit);
// The same, with the values each number may take (a fix's `add` may take any real, its `scale`
// any real >= 0).
void for_each_ranged_number(Scenario& scenario, const RangedNumberVisitor& visit);

// A path that names no model parameter: the message says so and suggests the closest one.
class UnknownParameterPath : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every model parameter of the scenario as for_each_number names it (indices), in its order.
std::vector<std::string> parameter_paths(const Scenario& scenario);

// The index form of `path`, which may name touchpoints (journey and added ones), segments and
// fixes by their ids or names in place of their indices: `journey[signup].functional.success`
// → `journey[1].functional.success`. Where a name is also an index, the index wins. Throws
// UnknownParameterPath for a path that names no model parameter.
std::string index_form_path(const Scenario& scenario, std::string_view path);

// The Number at an index-form path, or null when there is none.
Number* find_number(Scenario& scenario, std::string_view path);

// The values the Number at an index-form path may take; any real when there is none.
ValueRange number_range(const Scenario& scenario, std::string_view path);

// Text in single quotes, in full (unlike quoted_text, text.hpp): a suggested path must be usable
// as printed.
std::string in_quotes(std::string_view text);

}  // namespace cxsim
