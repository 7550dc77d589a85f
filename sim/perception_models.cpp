#include "cxsim/perception_models.hpp"

#include <array>

namespace cxsim {

std::span<const std::string_view> perception_model_names() {
  static constexpr std::array<std::string_view, 2> kNames{"ewma", "peak_end"};
  return kNames;
}

}  // namespace cxsim
