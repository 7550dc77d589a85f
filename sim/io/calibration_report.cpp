#include "io/calibration_report.hpp"

#include <nlohmann/json.hpp>

#include "base/version.hpp"

namespace cxsim {

namespace {

using nlohmann::ordered_json;

ordered_json fit_json(const Calibration& fit) {
  ordered_json json;
  json["perception_model"] = fit.perception_model;
  json["converged"] = fit.converged;
  json["solver"] = {{"report", fit.solver_report},
                    {"iterations", fit.iterations},
                    {"simulations", fit.simulations},
                    {"customers", fit.customers},
                    {"seed", fit.seed},
                    {"seconds", fit.seconds}};
  json["confidence"] = fit.confidence;
  ordered_json parameters = ordered_json::object();
  for (const FittedUnknown& unknown : fit.unknowns) {
    const bool identified = !unknown.not_identified.has_value();
    const double half_width = fit.z * unknown.se;
    ordered_json parameter = {
        {"estimate", unknown.estimate},
        {"se", unknown.se},
        {"lo", identified ? ordered_json(unknown.estimate - half_width) : ordered_json()},
        {"hi", identified ? ordered_json(unknown.estimate + half_width) : ordered_json()},
        {"start", unknown.start},
        {"lower", unknown.unknown.lower},
        {"upper", unknown.unknown.upper},
        {"at_bound", unknown.at_bound},
        {"identified", identified}};
    if (unknown.not_identified) {
      parameter["why_not_identified"] = *unknown.not_identified;
    }
    if (unknown.trades_off_with) {
      parameter["trades_off_with"] = fit.unknowns[*unknown.trades_off_with].unknown.path;
    }
    parameters[unknown.unknown.path] = std::move(parameter);
  }
  json["parameters"] = std::move(parameters);
  const std::size_t count = fit.unknowns.size();
  ordered_json covariance = ordered_json::array();
  for (std::size_t row = 0; row < count; ++row) {
    ordered_json values = ordered_json::array();
    for (std::size_t column = 0; column < count; ++column) {
      values.push_back(fit.covariance[row * count + column]);
    }
    covariance.push_back(std::move(values));
  }
  json["covariance"] = std::move(covariance);
  ordered_json moments = ordered_json::array();
  for (const MomentFit& moment : fit.moments) {
    moments.push_back({{"kind", moment.kind},
                       {"of", moment.label},
                       {"observed", moment.observed},
                       {"observed_se", moment.observed_se},
                       {"fitted", moment.fitted},
                       {"fitted_se", moment.fitted_se},
                       {"residual", moment.residual}});
  }
  json["moments"] = std::move(moments);
  ordered_json curves = ordered_json::array();
  for (const RetentionCurveFit& curve : fit.retention_curves) {
    curves.push_back({{"of", curve.label}, {"observed", curve.observed}, {"fitted", curve.fitted}});
  }
  json["retention_curves"] = std::move(curves);
  json["goodness_of_fit"] = {
      {"chi_square", fit.chi_square},
      {"degrees_of_freedom", fit.degrees_of_freedom},
      {"p_value", fit.p_value ? ordered_json(*fit.p_value) : ordered_json()}};
  return json;
}

ordered_json source_json(const ScenarioSource& source) {
  return {{"name", source.name}, {"file", source.file}, {"sha256", source.sha256}};
}

}  // namespace

std::string calibration_report_json(const ScenarioSource& scenario,
                                    const ScenarioSource& observations,
                                    std::span<const Calibration> fits, std::size_t favoured) {
  ordered_json json;
  json["cxsim"] = {{"version", std::string(version())}, {"schema", 1}};
  json["scenario"] = source_json(scenario);
  json["observations"] = source_json(observations);
  json["favoured"] = fits[favoured].perception_model;
  ordered_json all = ordered_json::array();
  for (const Calibration& fit : fits) {
    all.push_back(fit_json(fit));
  }
  json["fits"] = std::move(all);
  return json.dump(2) + "\n";
}

}  // namespace cxsim
