// The retention fits (calibration/retention_fit.hpp) against what is known without them: Fader &
// Hardie's published sBG estimates, the BdW's reduction to the sBG at c = 1, constant churn's
// closed form, standard errors from an independent finite-difference Hessian, and the same fit
// from customer records as from the equivalent cohort table.
#include "calibration/retention_fit.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "calibration/retention_data.hpp"
#include "corpus.hpp"

namespace cxsim {
namespace {

using testing::source_dir;

RetentionData data_of(const std::string& text) {
  RetentionDataReading reading = read_retention_data(text, "test.csv");
  EXPECT_TRUE(reading.problems.empty()) << to_string(reading.problems.front());
  return *reading.data;
}

RetentionData published(const std::string& name) {
  std::ifstream file(source_dir() / "scenarios" / "data" / ("fader_hardie_" + name + ".csv"));
  std::stringstream text;
  text << file.rdbuf();
  return data_of(text.str());
}

RetentionFit only_fit(const RetentionData& data, RetentionModelKind model,
                      std::optional<int> fit_periods = std::nullopt) {
  const std::vector<RetentionFit> fits = fit_retention(data, {{model}, fit_periods});
  EXPECT_EQ(fits.size(), 1u);
  return fits.front();
}

std::vector<double> estimates(const RetentionFit& fit) {
  std::vector<double> values;
  for (const ParameterEstimate& parameter : fit.parameters) {
    values.push_back(parameter.estimate);
  }
  return values;
}

// A cohort table's CSV text from its survivors, period 0 first.
std::string cohort_table(const std::vector<std::pair<std::string, std::vector<int>>>& cohorts) {
  std::ostringstream text;
  text << "cohort,period,alive\n";
  for (const auto& [name, alive] : cohorts) {
    for (std::size_t t = 0; t < alive.size(); ++t) {
      text << name << ',' << t << ',' << alive[t] << '\n';
    }
  }
  return text.str();
}

TEST(RetentionFit, ReproducesFaderAndHardiesPublishedSbgEstimates) {
  // Fader & Hardie (2007), "How to project customer retention", fitted on years 1 to 7.
  const RetentionFit regular = only_fit(published("regular"), RetentionModelKind::sbg);
  EXPECT_NEAR(regular.parameters[0].estimate, 0.704, 0.0005);
  EXPECT_NEAR(regular.parameters[1].estimate, 1.182, 0.0005);
  const RetentionFit high_end = only_fit(published("high_end"), RetentionModelKind::sbg);
  EXPECT_NEAR(high_end.parameters[0].estimate, 0.668, 0.0005);
  EXPECT_NEAR(high_end.parameters[1].estimate, 3.806, 0.0005);
}

TEST(RetentionFit, BdwWithCAtOneIsTheSbg) {
  const SurvivalCounts counts = published("high_end").segments.front().counts;
  for (const auto& [alpha, beta] : {std::pair{0.668, 3.806}, {0.2, 0.5}, {5.0, 40.0}}) {
    const std::array sbg{alpha, beta};
    const std::array bdw{alpha, beta, 1.0};
    EXPECT_NEAR(retention_log_likelihood(RetentionModelKind::bdw, bdw, counts),
                retention_log_likelihood(RetentionModelKind::sbg, sbg, counts), 1e-8);
    for (int t = 1; t <= 12; ++t) {
      EXPECT_NEAR(retention_survival(RetentionModelKind::bdw, bdw, t),
                  retention_survival(RetentionModelKind::sbg, sbg, t), 1e-12);
    }
  }
}

TEST(RetentionFit, SbgSurvivalIsTheRatioOfBetaFunctions) {
  // S(t) = B(α, β + t) / B(α, β), from ln Γ directly.
  const double alpha = 0.704;
  const double beta = 1.182;
  for (int t = 1; t <= 10; ++t) {
    const double expected = std::exp(std::lgamma(beta + t) - std::lgamma(alpha + beta + t) -
                                     std::lgamma(beta) + std::lgamma(alpha + beta));
    EXPECT_NEAR(retention_survival(RetentionModelKind::sbg, std::array{alpha, beta}, t), expected,
                1e-12);
  }
}

TEST(RetentionFit, ConstantChurnIsDeathsOverCustomerPeriodsAtRisk) {
  const std::vector<int> alive{1000, 631, 468, 382, 326, 289, 262, 241};
  double deaths = alive.front() - alive.back();
  double at_risk = 0.0;
  for (std::size_t t = 1; t < alive.size(); ++t) {
    at_risk += alive[t - 1];
  }
  const double p = deaths / at_risk;
  // The geometric's observed information: D / p² + (E − D) / (1 − p)².
  const double se = 1.0 / std::sqrt(deaths / (p * p) + (at_risk - deaths) / ((1 - p) * (1 - p)));
  const RetentionFit fit = only_fit(published("regular"), RetentionModelKind::constant);
  EXPECT_NEAR(fit.parameters[0].estimate, p, 1e-7);
  EXPECT_NEAR(fit.parameters[0].standard_error, se, 1e-4 * se);
  EXPECT_NEAR(fit.log_likelihood, deaths * std::log(p) + (at_risk - deaths) * std::log(1 - p),
              1e-6);
}

// −∂² ln L by second differences of ln L itself, inverted: the covariance computed apart from the
// fit's (which differentiates the exact gradient).
std::vector<std::vector<double>> finite_difference_covariance(RetentionModelKind model,
                                                              std::vector<double> at,
                                                              const SurvivalCounts& counts) {
  const std::size_t n = at.size();
  const auto value = [&](const std::vector<double>& x) {
    return retention_log_likelihood(model, x, counts);
  };
  std::vector<std::vector<double>> information(n, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double hi = 1e-4 * at[i];
      const double hj = 1e-4 * at[j];
      auto shifted = [&](double si, double sj) {
        std::vector<double> x = at;
        x[i] += si * hi;
        x[j] += sj * hj;
        return value(x);
      };
      information[i][j] =
          -(shifted(1, 1) - shifted(1, -1) - shifted(-1, 1) + shifted(-1, -1)) / (4 * hi * hj);
    }
  }
  // Gauss–Jordan on [I | 1].
  std::vector<std::vector<double>> inverse(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    inverse[i][i] = 1.0;
  }
  for (std::size_t c = 0; c < n; ++c) {
    const double pivot = information[c][c];
    for (std::size_t k = 0; k < n; ++k) {
      information[c][k] /= pivot;
      inverse[c][k] /= pivot;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r != c) {
        const double factor = information[r][c];
        for (std::size_t k = 0; k < n; ++k) {
          information[r][k] -= factor * information[c][k];
          inverse[r][k] -= factor * inverse[c][k];
        }
      }
    }
  }
  return inverse;
}

TEST(RetentionFit, CovarianceIsTheInverseObservedInformation) {
  for (const char* name : {"regular", "high_end"}) {
    const SurvivalCounts counts = published(name).segments.front().counts;
    for (const RetentionModelKind model : kRetentionModelKinds) {
      const RetentionFit fit = only_fit(published(name), model);
      const auto expected = finite_difference_covariance(model, estimates(fit), counts);
      for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(fit.parameters[i].standard_error, std::sqrt(expected[i][i]),
                    1e-3 * std::sqrt(expected[i][i]))
            << name << " " << model_name(model) << " " << fit.parameters[i].name;
        for (std::size_t j = 0; j < expected.size(); ++j) {
          EXPECT_NEAR(fit.covariance[i][j], expected[i][j],
                      2e-3 * std::sqrt(expected[i][i] * expected[j][j]));
          EXPECT_NEAR(fit.correlation[i][j],
                      expected[i][j] / std::sqrt(expected[i][i] * expected[j][j]), 2e-3);
        }
      }
    }
  }
}

TEST(RetentionFit, IsAtAMaximumOfTheLikelihood) {
  const SurvivalCounts counts = published("high_end").segments.front().counts;
  for (const RetentionModelKind model : kRetentionModelKinds) {
    const RetentionFit fit = only_fit(published("high_end"), model);
    const std::vector<double> at = estimates(fit);
    EXPECT_DOUBLE_EQ(fit.log_likelihood, retention_log_likelihood(model, at, counts));
    for (std::size_t i = 0; i < at.size(); ++i) {
      for (const double factor : {0.999, 1.001}) {
        std::vector<double> moved = at;
        moved[i] *= factor;
        EXPECT_LT(retention_log_likelihood(model, moved, counts), fit.log_likelihood);
      }
    }
    const double k = static_cast<double>(at.size());
    EXPECT_DOUBLE_EQ(fit.aic, 2 * k - 2 * fit.log_likelihood);
    EXPECT_DOUBLE_EQ(fit.bic, k * std::log(1000.0) - 2 * fit.log_likelihood);
  }
}

TEST(RetentionFit, LikelihoodRatioTestAgainstConstantChurn) {
  const std::vector<RetentionFit> fits = fit_retention(published("high_end"), {});
  ASSERT_EQ(fits.size(), 3u);
  EXPECT_FALSE(fits[0].lr_test.has_value());
  const double statistic = 2 * (fits[1].log_likelihood - fits[0].log_likelihood);
  ASSERT_TRUE(fits[1].lr_test.has_value());
  EXPECT_NEAR(fits[1].lr_test->statistic, statistic, 1e-9);
  EXPECT_EQ(fits[1].lr_test->degrees_of_freedom, 1);
  // χ² with one degree of freedom: P(X > x) = erfc(√(x / 2)).
  EXPECT_NEAR(fits[1].lr_test->p_value, std::erfc(std::sqrt(statistic / 2)), 1e-15);
  ASSERT_TRUE(fits[2].lr_test.has_value());
  EXPECT_EQ(fits[2].lr_test->degrees_of_freedom, 2);
  // With two: exp(−x / 2).
  EXPECT_NEAR(fits[2].lr_test->p_value, std::exp(-fits[2].lr_test->statistic / 2), 1e-15);
}

TEST(RetentionFit, CustomerRecordsGiveTheFitOfTheEquivalentCohortTable) {
  // Two cohorts of different lengths, the younger censored earlier.
  const std::vector<std::pair<std::string, std::vector<int>>> cohorts{
      {"2023", {400, 300, 240, 200, 175, 160}}, {"2024", {300, 230, 190}}};
  std::ostringstream records;
  records << "customer,tenure,churned\n";
  int id = 0;
  for (const auto& [name, alive] : cohorts) {
    for (std::size_t t = 1; t < alive.size(); ++t) {
      for (int k = 0; k < alive[t - 1] - alive[t]; ++k) {
        records << 'c' << id++ << ',' << t << ",1\n";
      }
    }
    for (int k = 0; k < alive.back(); ++k) {
      records << 'c' << id++ << ',' << alive.size() - 1 << ",0\n";
    }
  }
  const RetentionData table = data_of(cohort_table(cohorts));
  const RetentionData customers = data_of(records.str());
  EXPECT_EQ(customers.format, RetentionDataFormat::customers);
  for (const RetentionModelKind model : kRetentionModelKinds) {
    const RetentionFit a = only_fit(table, model);
    const RetentionFit b = only_fit(customers, model);
    EXPECT_DOUBLE_EQ(a.log_likelihood, b.log_likelihood);
    for (std::size_t i = 0; i < a.parameters.size(); ++i) {
      EXPECT_DOUBLE_EQ(a.parameters[i].estimate, b.parameters[i].estimate);
      EXPECT_DOUBLE_EQ(a.parameters[i].standard_error, b.parameters[i].standard_error);
    }
  }
}

TEST(RetentionFit, EachSegmentIsFittedAlone) {
  const std::string together =
      "segment,cohort,period,alive\n"
      "smb,a,0,1000\nsmb,a,1,631\nsmb,a,2,468\nsmb,a,3,382\n"
      "enterprise,a,0,1000\nenterprise,a,1,869\nenterprise,a,2,743\nenterprise,a,3,653\n";
  const std::vector<RetentionFit> fits =
      fit_retention(data_of(together), {{RetentionModelKind::sbg}, std::nullopt});
  ASSERT_EQ(fits.size(), 2u);
  EXPECT_EQ(fits[0].segment, "enterprise");
  EXPECT_EQ(fits[1].segment, "smb");
  const RetentionFit smb =
      only_fit(data_of(cohort_table({{"a", {1000, 631, 468, 382}}})), RetentionModelKind::sbg);
  EXPECT_DOUBLE_EQ(fits[1].parameters[0].estimate, smb.parameters[0].estimate);
  EXPECT_DOUBLE_EQ(fits[1].log_likelihood, smb.log_likelihood);
  EXPECT_EQ(fits_by_segment(fits).size(), 2u);
}

TEST(RetentionFit, FitPeriodsFitTheFirstPeriodsAndProjectTheRest) {
  const std::vector<int> alive{1000, 631, 468, 382, 326, 289, 262, 241};
  const RetentionFit fit = only_fit(published("regular"), RetentionModelKind::sbg, 4);
  const RetentionFit first_four = only_fit(
      data_of(cohort_table({{"a", {alive.begin(), alive.begin() + 5}}})), RetentionModelKind::sbg);
  EXPECT_DOUBLE_EQ(fit.parameters[0].estimate, first_four.parameters[0].estimate);
  EXPECT_DOUBLE_EQ(fit.parameters[1].estimate, first_four.parameters[1].estimate);
  ASSERT_TRUE(fit.projection.has_value());
  ASSERT_EQ(fit.projection->periods.size(), 3u);
  double error = 0.0;
  for (const ProjectedPeriod& period : fit.projection->periods) {
    const double observed = alive[static_cast<std::size_t>(period.period)] / 1000.0;
    EXPECT_NEAR(period.observed, observed, 1e-12);
    EXPECT_DOUBLE_EQ(period.projected,
                     retention_survival(RetentionModelKind::sbg, estimates(fit), period.period));
    error += std::abs(period.projected - observed) / observed;
  }
  EXPECT_NEAR(fit.projection->mean_absolute_percentage_error, 100 * error / 3, 1e-9);
}

TEST(RetentionFit, VerdictNamesTheModelTheDataFavour) {
  const std::vector<RetentionFit> fits = fit_retention(published("regular"), {});
  const std::string verdict = retention_verdict(fits);
  EXPECT_TRUE(verdict.starts_with("The data favour the shifted-beta-geometric")) << verdict;
  EXPECT_NE(verdict.find("rejects constant churn"), std::string::npos) << verdict;
}

TEST(RetentionFit, ABoundaryEstimateIsAFailureNotANumber) {
  // Exactly geometric: the BdW's α and β run off without bound.
  const RetentionData geometric = data_of(cohort_table({{"a", {1024, 512, 256, 128, 64, 32}}}));
  EXPECT_THROW(fit_retention(geometric, {{RetentionModelKind::bdw}, std::nullopt}),
               RetentionFitFailure);
}

}  // namespace
}  // namespace cxsim
