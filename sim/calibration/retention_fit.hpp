// Retention models fitted to retention data by maximum likelihood (docs/calibration.md): constant
// churn, the shifted-beta-geometric (Fader & Hardie 2007) and the beta-discrete-Weibull (Fader,
// Hardie, Liu, Davin & Steenburgh 2018), with standard errors from the observed information, AIC,
// BIC, the likelihood-ratio test against constant churn, and the error of projecting from the
// first periods to the rest.
#pragma once

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "calibration/retention_data.hpp"

namespace cxsim {

enum class RetentionModelKind { constant, sbg, bdw };
inline constexpr RetentionModelKind kRetentionModelKinds[] = {
    RetentionModelKind::constant, RetentionModelKind::sbg, RetentionModelKind::bdw};

std::string_view model_name(RetentionModelKind model);   // "constant", "sbg", "bdw"
std::string_view model_title(RetentionModelKind model);  // "constant churn", …
std::optional<RetentionModelKind> model_named(std::string_view name);
// Its parameters' names, in order: "p"; "alpha", "beta"; "alpha", "beta", "c".
std::vector<std::string_view> parameter_names(RetentionModelKind model);

// ln L of `counts` at the model's parameters (natural scale, in parameter_names' order): deaths
// in period t add ln P(T = t), customers censored at t add ln S(t).
double retention_log_likelihood(RetentionModelKind model, std::span<const double> parameters,
                                const SurvivalCounts& counts);
// S(t): the share of a cohort still here after period t.
double retention_survival(RetentionModelKind model, std::span<const double> parameters, int period);

struct ParameterEstimate {
  std::string name;
  double estimate = 0.0;
  double standard_error = 0.0;
};

// Twice the gain in ln L over constant churn, against χ² with the extra parameters' count.
struct LikelihoodRatioTest {
  double statistic = 0.0;
  int degrees_of_freedom = 0;
  double p_value = 1.0;
};

struct ProjectedPeriod {
  int period = 0;
  double observed = 0.0;   // Kaplan–Meier survival (a single cohort's alive / its start)
  double projected = 0.0;  // the model's S(t), fitted on the periods up to fit_periods
  double at_risk = 0.0;    // customers observed at the period's start
};

struct Projection {
  int fit_periods = 0;
  std::vector<ProjectedPeriod> periods;         // every period after fit_periods the data reach
  double mean_absolute_percentage_error = 0.0;  // over the periods observed above 0
};

struct RetentionFit {
  RetentionModelKind model = RetentionModelKind::constant;
  std::string segment;  // empty for data without segments
  std::vector<ParameterEstimate> parameters;
  std::vector<std::vector<double>> covariance;  // natural scale: the inverse observed information
  std::vector<std::vector<double>> correlation;
  double customers = 0.0;  // at risk at the start: the n of BIC
  double log_likelihood = 0.0;
  double aic = 0.0;
  double bic = 0.0;
  std::optional<LikelihoodRatioTest> lr_test;  // for the sBG and BdW
  std::optional<Projection> projection;        // with fit_periods
  int iterations = 0;
};

struct RetentionFitOptions {
  std::vector<RetentionModelKind> models;  // empty: every model
  std::optional<int> fit_periods;          // fit on periods ≤ K, project the rest
};

// A fit that did not converge, or whose information matrix cannot be inverted: what went wrong.
class RetentionFitFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One fit per segment and model, segment by segment, models in kRetentionModelKinds' order.
// Throws RetentionFitFailure.
std::vector<RetentionFit> fit_retention(const RetentionData& data,
                                        const RetentionFitOptions& options);

// Where the data came from, as results.json names its scenario: the path as given and the SHA-256
// of the bytes.
struct RetentionDataSource {
  std::string file;
  std::string sha256;
};

// What `cxsim fit-retention` reports (FIT.json, docs/calibration.md#reading-the-output).
struct RetentionFitReport {
  RetentionDataSource source;
  RetentionDataFormat format = RetentionDataFormat::cohorts;
  bool by_segment = false;
  std::optional<int> fit_periods;
  std::vector<RetentionFit> fits;
};

// The fits of each segment, in order: fit_retention gives a segment's fits one after another.
std::vector<std::span<const RetentionFit>> fits_by_segment(std::span<const RetentionFit> fits);

// In words, which model the fits of one segment favour, by AIC, and whether the likelihood-ratio
// test rejects constant churn.
std::string retention_verdict(std::span<const RetentionFit> fits_of_one_segment);

}  // namespace cxsim
