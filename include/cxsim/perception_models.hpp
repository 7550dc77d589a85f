// The perception models a scenario may name in `perception.model` (SPEC §2.4).
#pragma once

#include <span>
#include <string_view>

namespace cxsim {

std::span<const std::string_view> perception_model_names();

}  // namespace cxsim
