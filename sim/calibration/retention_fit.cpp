#include "calibration/retention_fit.hpp"

#include <ceres/ceres.h>
#include <glog/logging.h>

#include <algorithm>
#include <array>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "base/text.hpp"

namespace cxsim {

namespace {

constexpr int kMostParameters = 3;
// The level at which the verdict calls a likelihood-ratio test's rejection of constant churn.
constexpr double kLikelihoodRatioLevel = 0.05;

// ln Γ of a Jet: Ceres has none; its derivative is the digamma function.
template <int N>
ceres::Jet<double, N> log_gamma(const ceres::Jet<double, N>& x) {
  return {std::lgamma(x.a), boost::math::digamma(x.a) * x.v};
}
double log_gamma(double x) {
  return std::lgamma(x);
}

// ln P(T = t) and ln S(t) per period of one model at natural-scale parameters, computed in T (a
// double, or a Ceres Jet for the gradient).
template <class T>
class LogSurvival {
 public:
  LogSurvival(RetentionModelKind model, const T* parameters) : model_(model), p_(parameters) {}

  // ln S(t) for t = 0, 1, …, last.
  std::vector<T> log_survival(int last) const {
    using std::log;
    using std::pow;
    std::vector<T> log_s(static_cast<std::size_t>(last) + 1, T(0.0));
    for (int t = 1; t <= last; ++t) {
      const auto i = static_cast<std::size_t>(t);
      switch (model_) {
        case RetentionModelKind::constant:
          log_s[i] = log_s[i - 1] + log(T(1.0) - p_[0]);
          break;
        case RetentionModelKind::sbg:  // S(t) = S(t−1) (β + t − 1) / (α + β + t − 1)
          log_s[i] = log_s[i - 1] + log(p_[1] + T(t - 1)) - log(p_[0] + p_[1] + T(t - 1));
          break;
        case RetentionModelKind::bdw: {  // S(t) = B(α, β + t^c) / B(α, β)
          const T tc = pow(T(t), p_[2]);
          log_s[i] = log_gamma(p_[1] + tc) - log_gamma(p_[0] + p_[1] + tc) - log_gamma(p_[1]) +
                     log_gamma(p_[0] + p_[1]);
          break;
        }
      }
    }
    return log_s;
  }

  // ln P(T = t) for t ≥ 1, from ln S(t − 1) and ln S(t).
  T log_death(const std::vector<T>& log_s, int t) const {
    using std::expm1;
    using std::log;
    const auto i = static_cast<std::size_t>(t);
    switch (model_) {
      case RetentionModelKind::constant:
        return log_s[i - 1] + log(p_[0]);
      case RetentionModelKind::sbg:  // P(T = t) = S(t − 1) α / (α + β + t − 1)
        return log_s[i - 1] + log(p_[0]) - log(p_[0] + p_[1] + T(t - 1));
      case RetentionModelKind::bdw:
        break;
    }
    // ln(S(t−1) − S(t)), kept exact when the two are close.
    return log_s[i - 1] + log(-expm1(log_s[i] - log_s[i - 1]));
  }

  T log_likelihood(const SurvivalCounts& counts) const {
    const std::vector<T> log_s = log_survival(counts.last_period());
    T sum(0.0);
    for (int t = 0; t <= counts.last_period(); ++t) {
      const auto i = static_cast<std::size_t>(t);
      if (counts.deaths[i] > 0.0) {
        sum += counts.deaths[i] * log_death(log_s, t);
      }
      if (counts.censored[i] > 0.0) {
        sum += counts.censored[i] * log_s[i];
      }
    }
    return sum;
  }

 private:
  RetentionModelKind model_;
  const T* p_;
};

int parameter_count(RetentionModelKind model) {
  return static_cast<int>(parameter_names(model).size());
}

// The natural parameters from the scale the solver works on: logit p for constant churn, the
// logarithms of α, β and c, on which every value is allowed.
template <class T>
void to_natural(RetentionModelKind model, const T* free, T* natural) {
  using std::exp;
  if (model == RetentionModelKind::constant) {
    natural[0] = T(1.0) / (T(1.0) + exp(-free[0]));
    return;
  }
  for (int i = 0; i < parameter_count(model); ++i) {
    natural[i] = exp(free[i]);
  }
}

void to_free(RetentionModelKind model, const double* natural, double* free) {
  if (model == RetentionModelKind::constant) {
    free[0] = std::log(natural[0] / (1.0 - natural[0]));
    return;
  }
  for (int i = 0; i < parameter_count(model); ++i) {
    free[i] = std::log(natural[i]);
  }
}

// −ln L per customer on the free scale (per customer, so that the solver's tolerances mean the
// same for ten customers and ten million).
template <RetentionModelKind kModel>
struct NegativeLogLikelihood {
  const SurvivalCounts* counts;
  double customers;

  template <class T>
  bool operator()(const T* free, T* cost) const {
    std::array<T, kMostParameters> natural;
    to_natural(kModel, free, natural.data());
    *cost = -LogSurvival<T>(kModel, natural.data()).log_likelihood(*counts) / customers;
    return true;
  }
};

template <RetentionModelKind kModel>
ceres::FirstOrderFunction* negative_log_likelihood(const SurvivalCounts& counts) {
  constexpr int kCount = kModel == RetentionModelKind::constant ? 1
                         : kModel == RetentionModelKind::sbg    ? 2
                                                                : 3;
  return new ceres::AutoDiffFirstOrderFunction<NegativeLogLikelihood<kModel>, kCount>(
      new NegativeLogLikelihood<kModel>{&counts, counts.customers()});
}

// The gradient of ln L on the natural scale.
template <int N>
std::array<double, N> natural_gradient(RetentionModelKind model, const std::array<double, N>& at,
                                       const SurvivalCounts& counts) {
  using Jet = ceres::Jet<double, N>;
  std::array<Jet, N> jets;
  for (int i = 0; i < N; ++i) {
    jets[static_cast<std::size_t>(i)] = Jet(at[static_cast<std::size_t>(i)], i);
  }
  const Jet value = LogSurvival<Jet>(model, jets.data()).log_likelihood(counts);
  std::array<double, N> gradient;
  for (int i = 0; i < N; ++i) {
    gradient[static_cast<std::size_t>(i)] = value.v[i];
  }
  return gradient;
}

using Matrix = std::vector<std::vector<double>>;

// The observed information −∂² ln L on the natural scale: central differences of the exact
// gradient, made symmetric.
template <int N>
Matrix observed_information(RetentionModelKind model, const std::array<double, N>& at,
                            const SurvivalCounts& counts) {
  Matrix information(N, std::vector<double>(N));
  for (std::size_t j = 0; j < N; ++j) {
    const double step = 1e-5 * std::max(std::abs(at[j]), 1e-3);
    std::array<double, N> up = at;
    std::array<double, N> down = at;
    up[j] += step;
    down[j] -= step;
    const auto g_up = natural_gradient<N>(model, up, counts);
    const auto g_down = natural_gradient<N>(model, down, counts);
    for (std::size_t i = 0; i < N; ++i) {
      information[i][j] = -(g_up[i] - g_down[i]) / (2.0 * step);
    }
  }
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      information[i][j] = information[j][i] = 0.5 * (information[i][j] + information[j][i]);
    }
  }
  return information;
}

// The inverse of a symmetric positive definite matrix by Cholesky, or none when it is not one.
std::optional<Matrix> inverse_positive_definite(const Matrix& a) {
  const std::size_t n = a.size();
  Matrix lower(n, std::vector<double>(n, 0.0));
  for (std::size_t j = 0; j < n; ++j) {
    double diagonal = a[j][j];
    for (std::size_t k = 0; k < j; ++k) {
      diagonal -= lower[j][k] * lower[j][k];
    }
    if (!(diagonal > 0.0) || !std::isfinite(diagonal)) {
      return std::nullopt;
    }
    lower[j][j] = std::sqrt(diagonal);
    for (std::size_t i = j + 1; i < n; ++i) {
      double sum = a[i][j];
      for (std::size_t k = 0; k < j; ++k) {
        sum -= lower[i][k] * lower[j][k];
      }
      lower[i][j] = sum / lower[j][j];
    }
  }
  // A⁻¹ column by column: L y = e, then Lᵀ x = y.
  Matrix inverse(n, std::vector<double>(n));
  for (std::size_t column = 0; column < n; ++column) {
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i) {
      double sum = i == column ? 1.0 : 0.0;
      for (std::size_t k = 0; k < i; ++k) {
        sum -= lower[i][k] * y[k];
      }
      y[i] = sum / lower[i][i];
    }
    for (std::size_t i = n; i-- > 0;) {
      double sum = y[i];
      for (std::size_t k = i + 1; k < n; ++k) {
        sum -= lower[k][i] * inverse[k][column];
      }
      inverse[i][column] = sum / lower[i][i];
    }
  }
  return inverse;
}

std::string shown_parameters(RetentionModelKind model, std::span<const double> natural) {
  std::string text;
  const auto names = parameter_names(model);
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : ", ") + std::string(names[i]) + " = " + format_number(natural[i]);
  }
  return text;
}

std::string where(const std::string& segment) {
  return segment.empty() ? "" : " (segment " + quoted_text(segment) + ")";
}

// The maximum-likelihood estimate from `start` (natural scale), its covariance and ln L.
template <int N>
RetentionFit maximise(RetentionModelKind model, const std::array<double, N>& start,
                      const SurvivalCounts& counts, const std::string& segment) {
  std::array<double, N> free;
  to_free(model, start.data(), free.data());
  ceres::FirstOrderFunction* function = nullptr;
  switch (model) {
    case RetentionModelKind::constant:
      function = negative_log_likelihood<RetentionModelKind::constant>(counts);
      break;
    case RetentionModelKind::sbg:
      function = negative_log_likelihood<RetentionModelKind::sbg>(counts);
      break;
    case RetentionModelKind::bdw:
      function = negative_log_likelihood<RetentionModelKind::bdw>(counts);
      break;
  }
  // A failed line search is the solver's to recover from, or this function's to report: glog's
  // warnings about it on stderr would only confuse the user.
  FLAGS_minloglevel = std::max(FLAGS_minloglevel, static_cast<int>(google::GLOG_ERROR));
  const ceres::GradientProblem problem(function);
  ceres::GradientProblemSolver::Options options;
  options.max_num_iterations = 1000;
  options.function_tolerance = 1e-14;
  options.gradient_tolerance = 1e-11;
  options.parameter_tolerance = 1e-12;
  options.logging_type = ceres::SILENT;
  ceres::GradientProblemSolver::Summary summary;
  ceres::Solve(options, problem, free.data(), &summary);

  std::array<double, N> natural;
  to_natural(model, free.data(), natural.data());
  const std::string title = std::string(model_title(model)) + " fit" + where(segment);
  const bool finite = std::all_of(natural.begin(), natural.end(),
                                  [](double x) { return std::isfinite(x) && x > 0.0; });
  if (summary.termination_type != ceres::CONVERGENCE || !finite) {
    throw RetentionFitFailure(
        title + " did not converge after " + std::to_string(summary.iterations.size()) +
        " iterations: " + summary.message + " (last " + shown_parameters(model, natural) + ")");
  }
  const std::optional<Matrix> covariance =
      inverse_positive_definite(observed_information<N>(model, natural, counts));
  if (!covariance) {
    throw RetentionFitFailure(
        title + " did not converge to a maximum the data pin down: at " +
        shown_parameters(model, natural) +
        " the observed information is not positive definite. A parameter runs to the edge of its "
        "range, where the model becomes a simpler one (alpha and beta without bound: every "
        "customer alike, which is constant churn; c at 1: the shifted-beta-geometric); fit the "
        "simpler model alone with --model");
  }

  RetentionFit fit;
  fit.model = model;
  fit.segment = segment;
  fit.covariance = *covariance;
  fit.correlation = *covariance;
  const auto names = parameter_names(model);
  for (std::size_t i = 0; i < N; ++i) {
    fit.parameters.push_back({std::string(names[i]), natural[i], std::sqrt((*covariance)[i][i])});
    for (std::size_t j = 0; j < N; ++j) {
      fit.correlation[i][j] /= std::sqrt((*covariance)[i][i] * (*covariance)[j][j]);
    }
  }
  fit.customers = counts.customers();
  fit.log_likelihood = retention_log_likelihood(model, natural, counts);
  fit.aic = 2.0 * N - 2.0 * fit.log_likelihood;
  fit.bic = N * std::log(fit.customers) - 2.0 * fit.log_likelihood;
  fit.iterations = static_cast<int>(summary.iterations.size());
  return fit;
}

// Churn per customer-period at risk: the constant-churn MLE, and the start of every fit.
double pooled_churn(const SurvivalCounts& counts) {
  double periods_at_risk = 0.0;
  for (int t = 1; t <= counts.last_period(); ++t) {
    const auto i = static_cast<std::size_t>(t);
    periods_at_risk += t * counts.deaths[i] + t * counts.censored[i];
  }
  return counts.total_deaths() / periods_at_risk;
}

RetentionFit fit_model(RetentionModelKind model, const SurvivalCounts& counts,
                       const std::string& segment) {
  const double churn = pooled_churn(counts);
  switch (model) {
    case RetentionModelKind::constant:
      return maximise<1>(model, {std::min(churn, 0.999)}, counts, segment);
    case RetentionModelKind::sbg:
      // Mean churn α / (α + β) at the pooled rate, moderately heterogeneous.
      return maximise<2>(model, {1.0, std::max((1.0 - churn) / churn, 1e-3)}, counts, segment);
    case RetentionModelKind::bdw:
      break;
  }
  // From the sBG's estimate, which is the BdW at c = 1.
  const RetentionFit sbg = fit_model(RetentionModelKind::sbg, counts, segment);
  return maximise<3>(model, {sbg.parameters[0].estimate, sbg.parameters[1].estimate, 1.0}, counts,
                     segment);
}

// Kaplan–Meier survival per period: for one cohort, alive / its start.
std::vector<double> observed_survival(const SurvivalCounts& counts, std::vector<double>& at_risk) {
  std::vector<double> survival(counts.deaths.size(), 1.0);
  at_risk.assign(counts.deaths.size(), 0.0);
  double remaining = counts.customers() - counts.censored[0];
  for (std::size_t t = 1; t < counts.deaths.size(); ++t) {
    at_risk[t] = remaining;
    survival[t] = survival[t - 1] * (remaining > 0.0 ? 1.0 - counts.deaths[t] / remaining : 1.0);
    remaining -= counts.deaths[t] + counts.censored[t];
  }
  return survival;
}

Projection projection(const RetentionFit& fit, const SurvivalCounts& all, int fit_periods) {
  Projection projected{fit_periods, {}, 0.0};
  std::vector<double> at_risk;
  const std::vector<double> observed = observed_survival(all, at_risk);
  std::vector<double> estimates;
  for (const ParameterEstimate& parameter : fit.parameters) {
    estimates.push_back(parameter.estimate);
  }
  double error_sum = 0.0;
  int counted = 0;
  for (int t = fit_periods + 1; t <= all.last_period(); ++t) {
    const auto i = static_cast<std::size_t>(t);
    const double model = retention_survival(fit.model, estimates, t);
    projected.periods.push_back({t, observed[i], model, at_risk[i]});
    if (observed[i] > 0.0) {
      error_sum += std::abs(model - observed[i]) / observed[i];
      ++counted;
    }
  }
  projected.mean_absolute_percentage_error =
      counted > 0 ? 100.0 * error_sum / counted : std::numeric_limits<double>::quiet_NaN();
  return projected;
}

std::string shown_p_value(double p) {
  if (p < 0.001) {
    return "p < 0.001";
  }
  char text[32];
  std::snprintf(text, sizeof text, "p = %.2g", p);
  return text;
}

std::string shown_number(double value, const char* format) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

}  // namespace

std::string_view model_name(RetentionModelKind model) {
  switch (model) {
    case RetentionModelKind::constant:
      return "constant";
    case RetentionModelKind::sbg:
      return "sbg";
    case RetentionModelKind::bdw:
      break;
  }
  return "bdw";
}

std::string_view model_title(RetentionModelKind model) {
  switch (model) {
    case RetentionModelKind::constant:
      return "constant churn";
    case RetentionModelKind::sbg:
      return "shifted-beta-geometric";
    case RetentionModelKind::bdw:
      break;
  }
  return "beta-discrete-Weibull";
}

std::optional<RetentionModelKind> model_named(std::string_view name) {
  for (const RetentionModelKind model : kRetentionModelKinds) {
    if (model_name(model) == name) {
      return model;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> parameter_names(RetentionModelKind model) {
  switch (model) {
    case RetentionModelKind::constant:
      return {"p"};
    case RetentionModelKind::sbg:
      return {"alpha", "beta"};
    case RetentionModelKind::bdw:
      break;
  }
  return {"alpha", "beta", "c"};
}

double retention_log_likelihood(RetentionModelKind model, std::span<const double> parameters,
                                const SurvivalCounts& counts) {
  return LogSurvival<double>(model, parameters.data()).log_likelihood(counts);
}

double retention_survival(RetentionModelKind model, std::span<const double> parameters,
                          int period) {
  return std::exp(LogSurvival<double>(model, parameters.data()).log_survival(period).back());
}

std::vector<RetentionFit> fit_retention(const RetentionData& data,
                                        const RetentionFitOptions& options) {
  std::vector<RetentionFit> fits;
  for (const RetentionSegment& segment : data.segments) {
    const SurvivalCounts fitted =
        options.fit_periods ? segment.counts.through(*options.fit_periods) : segment.counts;
    std::optional<double> constant_log_likelihood;
    for (const RetentionModelKind model : kRetentionModelKinds) {
      if (!options.models.empty() &&
          std::find(options.models.begin(), options.models.end(), model) == options.models.end()) {
        continue;
      }
      RetentionFit fit = fit_model(model, fitted, segment.name);
      if (model == RetentionModelKind::constant) {
        constant_log_likelihood = fit.log_likelihood;
      } else {
        if (!constant_log_likelihood) {
          const double churn = pooled_churn(fitted);
          constant_log_likelihood =
              retention_log_likelihood(RetentionModelKind::constant, std::array{churn}, fitted);
        }
        const int extra = static_cast<int>(fit.parameters.size()) - 1;
        const double statistic =
            std::max(0.0, 2.0 * (fit.log_likelihood - *constant_log_likelihood));
        fit.lr_test = LikelihoodRatioTest{
            statistic, extra,
            boost::math::cdf(boost::math::complement(
                boost::math::chi_squared_distribution<double>(extra), statistic))};
      }
      if (options.fit_periods) {
        fit.projection = projection(fit, segment.counts, *options.fit_periods);
      }
      fits.push_back(std::move(fit));
    }
  }
  return fits;
}

std::vector<std::span<const RetentionFit>> fits_by_segment(std::span<const RetentionFit> fits) {
  std::vector<std::span<const RetentionFit>> groups;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= fits.size(); ++i) {
    if (i == fits.size() || fits[i].segment != fits[start].segment) {
      groups.push_back(fits.subspan(start, i - start));
      start = i;
    }
  }
  return groups;
}

std::string retention_verdict(std::span<const RetentionFit> fits) {
  if (fits.empty()) {
    return "";
  }
  const auto best = std::min_element(fits.begin(), fits.end(),
                                     [](const auto& a, const auto& b) { return a.aic < b.aic; });
  const std::string title(model_title(best->model));
  std::string text;
  if (fits.size() == 1) {
    text = "Only " + title + " was fitted; '--model all' compares the three models";
  } else {
    switch (best->model) {
      case RetentionModelKind::constant:
        text = "The data favour constant churn: churn does not change with tenure detectably";
        break;
      case RetentionModelKind::sbg:
        text = "The data favour the " + title +
               ": churn falls with tenure as the customers most likely to leave leave first";
        break;
      case RetentionModelKind::bdw: {
        const double c = best->parameters[2].estimate;
        text = "The data favour the " + title + " (c = " + shown_number(c, "%.3g") + "): " +
               (c < 1.0 ? "churn falls with tenure faster than differences between customers "
                          "explain, each customer's own churn falling the longer they stay"
                        : "the customers most likely to leave leave first, but each customer's "
                          "own churn rises the longer they stay");
        break;
      }
    }
    const RetentionFit* runner_up = nullptr;
    for (const RetentionFit& fit : fits) {
      if (&fit != &*best && (runner_up == nullptr || fit.aic < runner_up->aic)) {
        runner_up = &fit;
      }
    }
    text += " (AIC " + shown_number(runner_up->aic - best->aic, "%.1f") + " below " +
            std::string(model_title(runner_up->model)) + ")";
  }
  text += '.';
  // The likelihood-ratio tests against constant churn, in one sentence.
  std::string tests;
  int rejecting = 0;
  int tested = 0;
  for (const RetentionFit& fit : fits) {
    if (fit.lr_test) {
      ++tested;
      rejecting += fit.lr_test->p_value < kLikelihoodRatioLevel ? 1 : 0;
      tests += std::string(tests.empty() ? "" : ", ") + "against the " +
               std::string(model_title(fit.model)) + " " + shown_p_value(fit.lr_test->p_value);
    }
  }
  if (tested > 0) {
    text += rejecting == tested ? " The likelihood-ratio test rejects constant churn at 5% ("
            : rejecting == 0 ? " The likelihood-ratio test does not reject constant churn at 5% ("
                             : " The likelihood-ratio test rejects constant churn at 5% only "
                               "where p < 0.05 (";
    text += tests + ").";
  }
  return text;
}

}  // namespace cxsim
