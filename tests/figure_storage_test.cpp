// Every figure of the table is stored by summarize() and written to results.json without a field
// or a line of its own: walking figure_table() finds each entry's value, of its kind, under its
// key. A figure added to the table is checked here without editing this file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "analysis/figures.hpp"
#include "analysis/run_results.hpp"
#include "analysis/simulation_driver.hpp"
#include "corpus.hpp"
#include "io/result_writers.hpp"
#include "scenario/acquisition.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/variants.hpp"

namespace cxsim {
namespace {

using nlohmann::json;

// Whether `value` may hold a figure of `kind`: its kind's type, or none where the kind allows it.
bool holds_its_kind(FigureKind kind, const FigureResult& value) {
  const bool none = std::holds_alternative<std::monostate>(value);
  switch (kind) {
    case FigureKind::estimate:
      return std::holds_alternative<Estimate>(value);
    case FigureKind::observed:
      return none || std::holds_alternative<Estimate>(value);
    case FigureKind::series:
      return std::holds_alternative<SeriesEstimate>(value);
    case FigureKind::month:
      return none || std::holds_alternative<int>(value);
    case FigureKind::share:
      return none || std::holds_alternative<double>(value);
    case FigureKind::quantiles:
      return none || std::holds_alternative<Quantiles>(value);
    case FigureKind::month_range:
      return std::holds_alternative<MonthRange>(value);
  }
  return false;
}

json month_or_null(const std::optional<int>& month) {
  return month ? json(*month) : json(nullptr);
}

// A series' values against what results.json wrote: a month without a value (NaN) as null.
void expect_series_written(const std::vector<double>& values, const json& written,
                           const std::string& where) {
  ASSERT_EQ(written.size(), values.size()) << where;
  for (std::size_t t = 0; t < values.size(); ++t) {
    if (std::isnan(values[t])) {
      EXPECT_TRUE(written.at(t).is_null()) << where << "[" << t << "]";
    } else {
      EXPECT_EQ(written.at(t).get<double>(), values[t]) << where << "[" << t << "]";
    }
  }
}

// `value` against what results.json wrote for it.
void expect_written(const FigureResult& value, const json& written, const std::string& where) {
  if (const auto* estimate = std::get_if<Estimate>(&value)) {
    ASSERT_TRUE(written.is_object()) << where;
    EXPECT_EQ(written.at("mean").get<double>(), estimate->mean) << where;
    EXPECT_EQ(written.at("lo").get<double>(), estimate->lo) << where;
    EXPECT_EQ(written.at("hi").get<double>(), estimate->hi) << where;
  } else if (const auto* series = std::get_if<SeriesEstimate>(&value)) {
    expect_series_written(series->mean, written.at("mean"), where + ".mean");
    expect_series_written(series->lo, written.at("lo"), where + ".lo");
    expect_series_written(series->hi, written.at("hi"), where + ".hi");
  } else if (const auto* month = std::get_if<int>(&value)) {
    EXPECT_EQ(written, json(*month)) << where;
  } else if (const auto* share = std::get_if<double>(&value)) {
    EXPECT_EQ(written, json(*share)) << where;
  } else if (const auto* quantiles = std::get_if<Quantiles>(&value)) {
    EXPECT_EQ(written,
              (json{{"p5", quantiles->p5}, {"p50", quantiles->p50}, {"p95", quantiles->p95}}))
        << where;
  } else if (const auto* range = std::get_if<MonthRange>(&value)) {
    EXPECT_EQ(written,
              (json{{"lo", month_or_null(range->earliest)}, {"hi", month_or_null(range->latest)}}))
        << where;
  } else {
    EXPECT_TRUE(written.is_null()) << where;
  }
}

// Every figure of `section` in `values`, against `written`, which has no key the table lacks.
void expect_section(FigureSection section, const FigureResults& values, const json& written,
                    const std::string& where) {
  std::size_t figures = 0;
  for (const FigureDefinition& figure : figure_table()) {
    if (figure.section != section) {
      continue;
    }
    ++figures;
    const std::string at = where + "." + std::string(figure.key);
    const FigureResult& value = values[figure_index(figure)];
    EXPECT_TRUE(holds_its_kind(figure.kind, value)) << at;
    ASSERT_TRUE(written.contains(std::string(figure.key))) << at;
    expect_written(value, written.at(std::string(figure.key)), at);
  }
  EXPECT_EQ(written.size(), figures) << where;
}

void expect_every_figure_written(const RunResults& results) {
  const json written = json::parse(results_json(results));
  ASSERT_EQ(written.at("variants").size(), results.variants.size());
  for (std::size_t v = 0; v < results.variants.size(); ++v) {
    const VariantResult& variant = results.variants[v];
    const json& variant_json = written.at("variants").at(v);
    const std::string where = results.scenario.name + " " + variant.id;
    expect_section(FigureSection::totals, variant.figures, variant_json.at("totals"),
                   where + " totals");
    expect_section(FigureSection::monthly, variant.figures, variant_json.at("monthly"),
                   where + " monthly");
    for (const TouchpointResult& touchpoint : variant.touchpoints) {
      expect_section(FigureSection::touchpoints, touchpoint.figures,
                     variant_json.at("touchpoints").at(touchpoint.id),
                     where + " touchpoints." + touchpoint.id);
    }
    ASSERT_EQ(variant_json.at("segments").size(), variant.segments.size()) << where;
    for (const SegmentResult& segment : variant.segments) {
      expect_section(FigureSection::segments, segment.figures,
                     variant_json.at("segments").at(segment.name),
                     where + " segments." + segment.name);
    }
    EXPECT_EQ(variant_json.contains("vs_baseline"), variant.against_baseline) << where;
    if (variant.against_baseline) {
      expect_section(FigureSection::vs_baseline, variant.figures, variant_json.at("vs_baseline"),
                     where + " vs_baseline");
    }
  }
}

// Each scenario of the library, small, with one replication and with several (intervals across
// replications, quantiles and P(ROI > 0) where parameters are uncertain).
TEST(FigureStorage, EveryFigureOfTheTableIsStoredAndWrittenUnderItsKey) {
  for (const std::filesystem::path& file : testing::yaml_files("scenarios")) {
    ScenarioReading reading = read_scenario_file(file.string());
    ASSERT_TRUE(reading.scenario.has_value()) << file;
    Scenario scenario = *reading.scenario;
    // Small: with acquisition, the customers of month 0 set the fraction every cohort is
    // simulated at, and a cohort a month joins.
    scenario.simulation.customers = has_acquisition(scenario) ? 200 : 2000;
    for (const int replications : {1, 3}) {
      scenario.simulation.replications = replications;
      DriverOptions options;
      options.threads = 1;
      const SimulationOutput output = simulate(scenario, standard_variants(scenario), options);
      expect_every_figure_written(summarize(scenario, {scenario.name, "", ""}, output, 1));
    }
  }
}

}  // namespace
}  // namespace cxsim
