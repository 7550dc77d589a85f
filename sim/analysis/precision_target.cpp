#include "analysis/precision_target.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "base/text.hpp"

namespace cxsim {

namespace {

// The figures a target may name, in the table's order.
const std::vector<const FigureDefinition*>& target_figures() {
  static const std::vector<const FigureDefinition*> figures = [] {
    std::vector<const FigureDefinition*> single;
    for (const FigureDefinition& figure : figure_table()) {
      if (is_single_estimate(figure)) {
        single.push_back(&figure);
      }
    }
    return single;
  }();
  return figures;
}

const FigureDefinition* target_figure(std::string_view name) {
  const auto& figures = target_figures();
  const auto found =
      std::find_if(figures.begin(), figures.end(),
                   [&](const FigureDefinition* figure) { return figure->key == name; });
  return found == figures.end() ? nullptr : *found;
}

}  // namespace

ParsedTarget parse_precision_target(const std::string& spec) {
  const std::size_t equals = spec.find('=');
  if (equals == std::string::npos) {
    return {std::nullopt, "expected [VARIANT.]FIGURE=HALFWIDTH, got " + quoted_text(spec)};
  }
  PrecisionTarget target;
  std::string name = spec.substr(0, equals);
  if (const std::size_t dot = name.rfind('.'); dot != std::string::npos) {
    target.variant = name.substr(0, dot);
    name = name.substr(dot + 1);
  }
  const FigureDefinition* figure = target_figure(name);
  if (figure == nullptr) {
    std::vector<std::string_view> names;
    for (const FigureDefinition* known : target_figures()) {
      names.push_back(known->key);
    }
    return {std::nullopt, "unknown figure " + quoted_text(name) + suggestion_for(name, names)};
  }
  if (figure->section == FigureSection::vs_baseline && target.variant == "baseline") {
    return {std::nullopt, name.starts_with("delta_")
                              ? "a delta needs a variant other than the baseline, as FIX.delta_npv"
                              : name +
                                    " compares a fix with the baseline: it needs a variant "
                                    "other than the baseline, as FIX." +
                                    name};
  }
  target.figure = name;
  const std::string number = spec.substr(equals + 1);
  const auto [end, error] =
      std::from_chars(number.data(), number.data() + number.size(), target.half_width);
  if (error != std::errc{} || end != number.data() + number.size() || !(target.half_width > 0.0) ||
      !std::isfinite(target.half_width)) {
    return {std::nullopt, "the half-width must be a number > 0, got " + quoted_text(number)};
  }
  return {target, ""};
}

std::optional<Estimate> target_estimate(const RunResults& results, const PrecisionTarget& target) {
  const auto variant = std::find_if(results.variants.begin(), results.variants.end(),
                                    [&](const VariantResult& v) { return v.id == target.variant; });
  if (variant == results.variants.end()) {
    return std::nullopt;
  }
  const FigureDefinition* figure = target_figure(target.figure);
  return figure == nullptr ? std::nullopt : single_estimate(*variant, *figure);
}

std::int64_t customers_for(std::int64_t customers, double achieved, double target,
                           std::int64_t most) {
  const double needed =
      1.1 * static_cast<double>(customers) * (achieved / target) * (achieved / target);
  const double at_least_double = std::max(needed, 2.0 * static_cast<double>(customers));
  return static_cast<std::int64_t>(std::min(std::ceil(at_least_double), static_cast<double>(most)));
}

}  // namespace cxsim
