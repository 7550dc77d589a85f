// A compile-time list of interchangeable model types, each with a `static constexpr
// std::string_view name` and the `parameters` it reads. Registering a model is adding its type
// to a list; the engine picks one by name once per run and the kernel then calls it without any
// virtual dispatch.
#pragma once

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/value_range.hpp"

namespace cxsim {

// A parameter a model reads: its key in the model's section of a scenario (`perception.memory`),
// the values it may take, and the field of the compiled `Parameters` the kernel reads it from.
template <typename Parameters>
struct ModelParameter {
  std::string_view name;
  ValueRange range;
  double Parameters::*field;
};

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

  // True when some model of the list reads `parameter`.
  template <typename Parameters>
  static constexpr bool reads(const ModelParameter<Parameters>& parameter) {
    const auto model_reads = [&](const auto& parameters) {
      for (const ModelParameter<Parameters>& own : parameters) {
        if (own.name == parameter.name && own.field == parameter.field) {
          return true;
        }
      }
      return false;
    };
    return (model_reads(Models::parameters) || ...);
  }
};

}  // namespace cxsim
