#include "io/fit_writers.hpp"

#include <nlohmann/json.hpp>

#include "base/version.hpp"

namespace cxsim {

namespace {

using nlohmann::ordered_json;

ordered_json to_json(const Projection& projection) {
  ordered_json periods = ordered_json::array();
  for (const ProjectedPeriod& period : projection.periods) {
    periods.push_back({{"period", period.period},
                       {"observed", period.observed},
                       {"projected", period.projected},
                       {"error", period.projected - period.observed},
                       {"at_risk", period.at_risk}});
  }
  return {{"fit_periods", projection.fit_periods},
          {"mean_absolute_percentage_error", projection.mean_absolute_percentage_error},
          {"periods", periods}};
}

ordered_json to_json(const RetentionFit& fit, bool by_segment) {
  ordered_json json;
  json["model"] = std::string(model_name(fit.model));
  json["title"] = std::string(model_title(fit.model));
  if (by_segment) {
    json["segment"] = fit.segment;
  }
  ordered_json parameters = ordered_json::object();
  for (const ParameterEstimate& parameter : fit.parameters) {
    parameters[parameter.name] = {{"estimate", parameter.estimate},
                                  {"se", parameter.standard_error}};
  }
  json["parameters"] = parameters;
  json["covariance"] = fit.covariance;
  json["correlation"] = fit.correlation;
  json["customers"] = fit.customers;
  json["log_likelihood"] = fit.log_likelihood;
  json["aic"] = fit.aic;
  json["bic"] = fit.bic;
  if (fit.lr_test) {
    json["lr_test"] = {{"against", std::string(model_name(RetentionModelKind::constant))},
                       {"statistic", fit.lr_test->statistic},
                       {"degrees_of_freedom", fit.lr_test->degrees_of_freedom},
                       {"p_value", fit.lr_test->p_value}};
  }
  if (fit.projection) {
    json["projection"] = to_json(*fit.projection);
  }
  json["iterations"] = fit.iterations;
  return json;
}

}  // namespace

std::string retention_fit_json(const RetentionFitReport& report) {
  ordered_json json;
  json["cxsim"] = {{"version", std::string(version())}, {"schema", 1}};
  json["data"] = {{"file", report.source.file},
                  {"sha256", report.source.sha256},
                  {"format", std::string(format_name(report.format))}};
  json["fit_periods"] = report.fit_periods ? ordered_json(*report.fit_periods) : nullptr;
  ordered_json fits = ordered_json::array();
  for (const RetentionFit& fit : report.fits) {
    fits.push_back(to_json(fit, report.by_segment));
  }
  json["fits"] = fits;
  ordered_json verdicts = ordered_json::array();
  for (const auto& segment : fits_by_segment(report.fits)) {
    ordered_json verdict;
    if (report.by_segment) {
      verdict["segment"] = segment.front().segment;
    }
    verdict["text"] = retention_verdict(segment);
    verdicts.push_back(verdict);
  }
  json["verdicts"] = verdicts;
  return json.dump(2) + "\n";
}

}  // namespace cxsim
