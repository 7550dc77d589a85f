#include "base/version.hpp"

namespace cxsim {

std::string_view version() {
  return CXSIM_VERSION;
}

}  // namespace cxsim
