#include "cxsim/precision_target.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "cxsim/text.hpp"

namespace cxsim {

namespace {

constexpr std::array<std::string_view, 10> kFigures{
    "retention",       "revenue",         "npv",           "cost_to_serve",       "referrals",
    "delta_retention", "delta_customers", "delta_revenue", "delta_cost_to_serve", "delta_npv"};

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
  if (std::find(kFigures.begin(), kFigures.end(), name) == kFigures.end()) {
    return {std::nullopt, "unknown figure " + quoted_text(name) + suggestion_for(name, kFigures)};
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
  const std::string& f = target.figure;
  if (f == "retention")
    return variant->retention;
  if (f == "revenue")
    return variant->revenue;
  if (f == "npv")
    return variant->npv;
  if (f == "cost_to_serve")
    return variant->cost_to_serve;
  if (f == "referrals")
    return variant->referrals;
  if (!variant->vs_baseline) {
    return std::nullopt;
  }
  const VsBaseline& vs = *variant->vs_baseline;
  if (f == "delta_retention")
    return vs.delta_retention;
  if (f == "delta_customers")
    return vs.delta_customers;
  if (f == "delta_revenue")
    return vs.delta_revenue;
  if (f == "delta_cost_to_serve")
    return vs.delta_cost_to_serve;
  return vs.delta_npv;
}

std::int64_t customers_for(std::int64_t customers, double achieved, double target,
                           std::int64_t most) {
  const double needed =
      1.1 * static_cast<double>(customers) * (achieved / target) * (achieved / target);
  const double at_least_double = std::max(needed, 2.0 * static_cast<double>(customers));
  return static_cast<std::int64_t>(std::min(std::ceil(at_least_double), static_cast<double>(most)));
}

}  // namespace cxsim
