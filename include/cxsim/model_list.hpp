// A compile-time list of interchangeable model types, each with a `static constexpr
// std::string_view name`. Registering a model is adding its type to a list; the engine picks
// one by name once per run and the kernel then calls it without any virtual dispatch.
#pragma once

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cxsim {

template <typename... Models>
struct ModelList {
  static constexpr std::array<std::string_view, sizeof...(Models)> names{Models::name...};

  // Calls `action.template operator()<Model>()` for the model at `index` in the list.
  template <typename Action>
  static void dispatch(std::size_t index, Action&& action) {
    std::size_t i = 0;
    if (!((i++ == index ? (action.template operator()<Models>(), true) : false) || ...)) {
      throw std::out_of_range("no model at index " + std::to_string(index));
    }
  }
};

}  // namespace cxsim
