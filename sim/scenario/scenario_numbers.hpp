// Every model parameter of a scenario (each Number), visited in one fixed order with its path,
// for the passes that treat them alike: drawing uncertain parameters, sweeping one.
#pragma once

#include <functional>
#include <string>

#include "scenario/scenario.hpp"

namespace cxsim {

using NumberVisitor = std::function<void(const std::string& path, Number& number)>;

// The order is the file's schema order and never depends on the values, so draws made in it are
// reproducible.
void for_each_number(Scenario& scenario, const NumberVisitor& visit);

}  // namespace cxsim
