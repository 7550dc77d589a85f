// The version of cxsim, as `cxsim --version` prints it and result files record it.
#pragma once

#include <string_view>

namespace cxsim {

std::string_view version();

}  // namespace cxsim
