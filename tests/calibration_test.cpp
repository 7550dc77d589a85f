// `cxsim calibrate`: recovery of known parameters from data cxsim simulated (the intervals must
// cover the truth), what the data cannot pin down named as such, malformed observation files
// refused with their location and nothing written.
#include "calibration/calibration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/parameter_sweep.hpp"
#include "calibration/observations.hpp"
#include "cli_runner.hpp"
#include "corpus.hpp"
#include "engine_fixtures.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {
namespace {

// One segment with constant churn, and a monthly check-in whose failure annoys: churn and the
// check-in's success both move retention, and the check-in's failures and ratings tell them apart.
constexpr std::string_view kTruth = R"(cxsim: 1
name: calibration truth
simulation: {customers: 2000, months: 12, seed: 1}
segments:
  - {name: all, retention: {model: constant, monthly_churn: 0.04}, revenue: {monthly_mean: 10}}
journey:
  - {id: check_in, when: {every: 1}, functional: {success: 0.7, effort: 0.3},
     emotional: {tone: 0.2}, sensory: {polish: 0.2}}
retention: {perception_effect: 1.0, effort_effect: 0.3, defect_on_failure: 0.02}
)";

constexpr double kTrueChurn = 0.04;
constexpr double kTrueSuccess = 0.7;

Unknown unknown(const Scenario& scenario, const std::string& path, double lower, double upper) {
  return {path, resolve_parameter_path(scenario, path), lower, upper};
}

// What `customers` customers of `truth` did, simulated on `seed`, as observations: their
// retention curve, and the check-in's failures and CSAT share.
Observations synthetic_observations(Scenario truth, std::int64_t customers, std::int64_t seed) {
  truth.simulation.customers = customers;
  truth.simulation.seed = seed;
  std::vector<double> alive(static_cast<std::size_t>(truth.simulation.months), 0.0);
  double events = 0.0;
  double failures = 0.0;
  double satisfied = 0.0;
  DriverOptions options;
  options.observe_block = [&](std::uint32_t, const BlockTotals& block) {
    for (std::size_t m = 0; m < alive.size(); ++m) {
      alive[m] += block.monthly(0, MonthlyMetric::alive, static_cast<int>(m));
    }
    events += block.touchpoint(0, 0, TouchpointMetric::events);
    failures += block.touchpoint(0, 0, TouchpointMetric::failures);
    satisfied += block.touchpoint(0, 0, TouchpointMetric::satisfied);
  };
  simulate(truth, {Variant{"baseline", {}}}, options);

  Observations observed;
  observed.unknowns = {unknown(truth, "segments[all].retention.monthly_churn", 0.005, 0.2),
                       unknown(truth, "journey[check_in].functional.success", 0.3, 0.95)};
  RetentionObservation retention;
  double at_risk = static_cast<double>(customers);
  for (const double survivors : alive) {
    retention.at_risk.push_back(at_risk);
    retention.lost.push_back(at_risk - survivors);
    at_risk = survivors;
  }
  observed.retention.push_back(retention);
  observed.failure_rate.push_back({0, failures / events, events, {}});
  observed.csat.push_back({0, satisfied / events, events, {}});
  return observed;
}

// Each data set is simulated from the truth on its own seed, and calibrated on a simulation of
// its own seed, so that neither noise is shared across data sets.
TEST(Calibration, IntervalsCoverTheTruthInMostSyntheticDataSets) {
  const Scenario truth = testing::scenario_from_yaml(kTruth);
  Scenario start = truth;
  *find_number(start, "segments[0].retention.monthly_churn") = 0.08;
  *find_number(start, "journey[0].functional.success") = 0.5;
  constexpr int kDataSets = 40;
  int churn_covered = 0;
  int success_covered = 0;
  for (int set = 0; set < kDataSets; ++set) {
    const Observations observed = synthetic_observations(truth, 2000, 1000 + set);
    CalibrationSettings settings;
    settings.customers = 20000;
    settings.seed = 5000 + set;
    settings.threads = 2;
    const Calibration fit = calibrate(start, observed, settings);
    ASSERT_TRUE(fit.converged) << "data seed " << 1000 + set << ": " << fit.solver_report;
    const auto covers = [&](const FittedUnknown& fitted, double value) {
      return std::abs(fitted.estimate - value) <= fit.z * fitted.se;
    };
    churn_covered += covers(fit.unknowns[0], kTrueChurn) ? 1 : 0;
    success_covered += covers(fit.unknowns[1], kTrueSuccess) ? 1 : 0;
  }
  // 95% intervals: 34 or more of 40 covering the truth is what the issue asks (85%); a correct
  // interval falls below that with probability about 1%.
  EXPECT_GE(churn_covered, 34) << "churn covered in " << churn_covered << " of " << kDataSets;
  EXPECT_GE(success_covered, 34) << "success covered in " << success_covered << " of " << kDataSets;
}

TEST(Calibration, NamesAParameterNoObservationMoves) {
  const Scenario truth = testing::scenario_from_yaml(kTruth);
  Observations observed = synthetic_observations(truth, 2000, 77);
  observed.unknowns.push_back(unknown(truth, "segments[all].revenue.monthly_mean", 1, 100));
  CalibrationSettings settings;
  settings.customers = 5000;
  const Calibration fit = calibrate(truth, observed, settings);
  ASSERT_TRUE(fit.converged) << fit.solver_report;
  EXPECT_TRUE(fit.unknowns[2].not_identified.has_value());
  EXPECT_FALSE(fit.unknowns[0].not_identified.has_value());
  EXPECT_FALSE(fit.unknowns[1].not_identified.has_value());
}

// A cohort table file (`cxsim fit-retention`'s format) is the same observation as its cohorts
// written inline.
TEST(Observations, ACohortFileIsItsCohortsInline) {
  const ScenarioReading scenario =
      read_scenario_file((testing::source_dir() / "scenarios/saas_b2b.yaml").string());
  ASSERT_TRUE(scenario.scenario.has_value());
  const std::string unknowns = R"(unknowns:
  - path: segments[smb].retention.beta
    lower: 4
    upper: 30
observations:
  retention:
)";
  const std::string observed_file = (testing::source_dir() / "tests" / "observed.yaml").string();
  const ObservationsReading from_file =
      read_observations(unknowns + "    - file: ../scenarios/data/fader_hardie_high_end.csv\n",
                        observed_file, *scenario.scenario);
  const ObservationsReading inline_cohorts =
      read_observations(unknowns + "    - cohorts: [[1000, 869, 743, 653, 593, 551, 517, 491]]\n",
                        observed_file, *scenario.scenario);
  ASSERT_TRUE(from_file.observations.has_value()) << to_string(from_file.problems.front());
  ASSERT_TRUE(inline_cohorts.observations.has_value());
  const RetentionObservation& a = from_file.observations->retention.at(0);
  const RetentionObservation& b = inline_cohorts.observations->retention.at(0);
  EXPECT_EQ(a.at_risk, b.at_risk);
  EXPECT_EQ(a.lost, b.lost);
  EXPECT_EQ(a.at_risk.size(), 7u);
}

class MalformedObservations : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(MalformedObservations, ReportsExactlyTheExpectedProblems) {
  const std::filesystem::path& file = GetParam();
  const ScenarioReading scenario =
      read_scenario_file((testing::source_dir() / "scenarios/saas_b2b.yaml").string());
  ASSERT_TRUE(scenario.scenario.has_value());
  const ObservationsReading reading =
      read_observations(testing::read_all(file), file.string(), *scenario.scenario);
  EXPECT_FALSE(reading.observations.has_value());
  std::vector<std::string> reported;
  for (const Diagnostic& problem : reading.problems) {
    reported.push_back(to_string(problem));
  }
  EXPECT_EQ(reported, testing::expected_problems(file, file.string()));
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedObservations,
                         ::testing::ValuesIn(testing::yaml_files("tests/malformed_observations")),
                         testing::file_stem);

class CalibrateCommand : public testing::CommandLineFixture {};

// The truth's churn rate unknown, and a cohort of 1,000 seen for the truth's 12 months.
constexpr std::string_view kObservedChurn = R"(unknowns:
  - path: segments[all].retention.monthly_churn
    lower: 0.005
    upper: 0.2
observations:
  retention:
    - cohorts:
        - [1000, 960, 925, 890, 850, 815, 785, 752, 722, 694, 668, 640, 615]
)";

TEST_F(CalibrateCommand, MalformedObservationsExitTwoAndWriteNothing) {
  const std::string scenario = (testing::source_dir() / "scenarios/saas_b2b.yaml").string();
  const std::string observed =
      (testing::source_dir() / "tests/malformed_observations/alive_rising.yaml").string();
  const testing::Outcome outcome =
      cxsim("calibrate " + testing::quoted(scenario) + " --observed " + testing::quoted(observed) +
            " -o calibrated.yaml --report report.json");
  EXPECT_EQ(outcome.status, 2);
  EXPECT_NE(outcome.err.find("alive_rising.yaml:6:23: "), std::string::npos) << outcome.err;
  EXPECT_TRUE(testing::entries(work_dir()).empty());
}

TEST_F(CalibrateCommand, WritesTheReportOfAFit) {
  write("truth.yaml", std::string(kTruth));
  write("observed.yaml", std::string(kObservedChurn));
  const testing::Outcome outcome = cxsim(
      "calibrate truth.yaml --observed observed.yaml --customers 4000 --report report.json -o "
      "calibrated.yaml");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("Goodness of fit"), std::string::npos) << outcome.out;
  EXPECT_TRUE(testing::entries(work_dir()).contains("report.json"));

  // The calibrated scenario holds the estimate the report gives, and draws it per replication.
  const auto report = nlohmann::json::parse(testing::read_all(work_dir() / "report.json"));
  const double estimate =
      report["fits"][0]["parameters"]["segments[all].retention.monthly_churn"]["estimate"];
  const ScenarioReading calibrated = read_scenario_file((work_dir() / "calibrated.yaml").string());
  ASSERT_TRUE(calibrated.scenario.has_value());
  Scenario scenario = *calibrated.scenario;
  EXPECT_EQ(std::get<double>(*find_number(scenario, "segments[0].retention.monthly_churn")),
            estimate);
  ASSERT_EQ(scenario.joint_uncertainty.size(), 1u);
}

TEST_F(CalibrateCommand, ComparesPerceptionModelsAndSaysWhichTheDataFavour) {
  write("truth.yaml", std::string(kTruth));
  write("observed.yaml", std::string(kObservedChurn) + R"(  failure_rate:
    - {touchpoint: check_in, share: 0.3, interactions: 8000}
)");
  const testing::Outcome outcome = cxsim(
      "calibrate truth.yaml --observed observed.yaml --customers 4000 --compare-models "
      "--report report.json");
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const auto report = nlohmann::json::parse(testing::read_all(work_dir() / "report.json"));
  ASSERT_EQ(report["fits"].size(), 2u);
  const auto& fits = report["fits"];
  const std::size_t least = fits[0]["goodness_of_fit"]["chi_square"].get<double>() <=
                                    fits[1]["goodness_of_fit"]["chi_square"].get<double>()
                                ? 0
                                : 1;
  EXPECT_EQ(report["favoured"], fits[least]["perception_model"]);
  EXPECT_NE(outcome.out.find("favour the " + report["favoured"].get<std::string>()),
            std::string::npos)
      << outcome.out;
}

}  // namespace
}  // namespace cxsim
