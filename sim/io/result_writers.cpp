#include "io/result_writers.hpp"

#include <unistd.h>

#include <array>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "base/version.hpp"

namespace cxsim {

namespace {

using nlohmann::ordered_json;

ordered_json to_json(const Estimate& estimate) {
  return {{"mean", estimate.mean}, {"lo", estimate.lo}, {"hi", estimate.hi}};
}

ordered_json to_json(const Quantiles& quantiles) {
  return {{"p5", quantiles.p5}, {"p50", quantiles.p50}, {"p95", quantiles.p95}};
}

ordered_json to_json(const SeriesEstimate& series) {
  return {{"mean", series.mean}, {"lo", series.lo}, {"hi", series.hi}};
}

ordered_json to_json(std::optional<int> month) {
  return month ? ordered_json(*month) : ordered_json(nullptr);
}

ordered_json to_json(const MonthRange& months) {
  return {{"lo", to_json(months.earliest)}, {"hi", to_json(months.latest)}};
}

// A figure's value; one without a value is null, a range of months without one a range of nulls.
ordered_json to_json(const FigureDefinition& figure, const FigureResult& value) {
  return std::visit(
      [&]<class Value>(const Value& known) {
        if constexpr (std::is_same_v<Value, std::monostate>) {
          return figure.kind == FigureKind::month_range ? to_json(MonthRange{})
                                                        : ordered_json(nullptr);
        } else if constexpr (std::is_arithmetic_v<Value>) {
          return ordered_json(known);
        } else {
          return to_json(known);
        }
      },
      value);
}

// The figures of `section` in `values`, in the table's order.
ordered_json section_json(FigureSection section, const FigureResults& values) {
  ordered_json json;
  for (const FigureDefinition& figure : figure_table()) {
    if (figure.section == section) {
      json[std::string(figure.key)] = to_json(figure, values[figure_index(figure)]);
    }
  }
  return json;
}

ordered_json to_json(const VariantResult& variant) {
  ordered_json json;
  json["id"] = variant.id;
  json["fixes"] = variant.fixes;
  json["totals"] = section_json(FigureSection::totals, variant.figures);
  json["monthly"] = section_json(FigureSection::monthly, variant.figures);
  ordered_json touchpoints = ordered_json::object();
  for (const TouchpointResult& touchpoint : variant.touchpoints) {
    touchpoints[touchpoint.id] = section_json(FigureSection::touchpoints, touchpoint.figures);
  }
  json["touchpoints"] = std::move(touchpoints);
  ordered_json segments = ordered_json::object();
  for (const SegmentResult& segment : variant.segments) {
    segments[segment.name] = section_json(FigureSection::segments, segment.figures);
  }
  json["segments"] = std::move(segments);
  if (variant.against_baseline) {
    json["vs_baseline"] = section_json(FigureSection::vs_baseline, variant.figures);
  }
  if (!variant.cohorts.empty()) {
    ordered_json cohorts = ordered_json::array();
    for (const CohortResult& cohort : variant.cohorts) {
      ordered_json entry = {{"join_month", cohort.join_month},
                            {"customers", to_json(cohort.customers)},
                            {"alive_at_horizon", to_json(cohort.alive)},
                            {"npv", to_json(cohort.npv)}};
      if (cohort.delta_npv) {
        entry["delta_npv"] = to_json(*cohort.delta_npv);
      }
      cohorts.push_back(std::move(entry));
    }
    json["cohorts"] = std::move(cohorts);
  }
  return json;
}

// Beside each estimate of `reported` (an object of mean, lo and hi, numbers or monthly lists),
// `mc_half_width`: the half-width of the same figure's interval in `monte_carlo`, the part of
// the uncertainty that simulating more customers would remove.
void add_monte_carlo_half_widths(ordered_json& reported, const ordered_json& monte_carlo) {
  if (!reported.is_object()) {
    return;
  }
  if (!reported.contains("mean") || !reported.contains("lo") || !reported.contains("hi")) {
    for (auto& [key, value] : reported.items()) {
      if (monte_carlo.is_object() && monte_carlo.contains(key)) {
        add_monte_carlo_half_widths(value, monte_carlo[key]);
      }
    }
    return;
  }
  const auto half_width = [](const ordered_json& lo, const ordered_json& hi) {
    return lo.is_number() && hi.is_number()
               ? ordered_json(0.5 * (hi.get<double>() - lo.get<double>()))
               : ordered_json(nullptr);
  };
  const bool known = monte_carlo.is_object() && monte_carlo.contains("lo");
  if (!reported["mean"].is_array()) {
    reported["mc_half_width"] =
        known ? half_width(monte_carlo["lo"], monte_carlo["hi"]) : ordered_json(nullptr);
    return;
  }
  ordered_json half_widths = ordered_json::array();
  for (std::size_t t = 0; t < reported["mean"].size(); ++t) {
    half_widths.push_back(known ? half_width(monte_carlo["lo"][t], monte_carlo["hi"][t])
                                : ordered_json(nullptr));
  }
  reported["mc_half_width"] = std::move(half_widths);
}

}  // namespace

std::string results_json(const RunResults& results, bool include_performance) {
  ordered_json json;
  json["cxsim"] = {{"version", std::string(version())}, {"schema", 1}};
  json["scenario"] = {{"name", results.scenario.name},
                      {"file", results.scenario.file},
                      {"sha256", results.scenario.sha256}};
  ordered_json settings = {
      {"customers", results.customers},
      {"population_size", results.population_size},
      {"months", results.months},
      {"replications", results.replications},
      {"seed", results.seed},
      {"confidence", results.confidence},
      {"intervals", results.intervals_across_replications ? "across_replications" : "monte_carlo"},
      {"terminal_value",
       {{"method", results.terminal_value_method},
        {"run_off_months",
         results.run_off_months ? ordered_json(*results.run_off_months) : ordered_json(nullptr)}}},
      {"roi_basis", results.roi_basis}};
  if (include_performance) {
    settings["threads"] = results.threads;
  }
  json["settings"] = std::move(settings);
  json["warnings"] = results.warnings;
  ordered_json variants = ordered_json::array();
  for (std::size_t v = 0; v < results.variants.size(); ++v) {
    ordered_json variant = to_json(results.variants[v]);
    if (results.intervals_across_replications) {
      add_monte_carlo_half_widths(variant, to_json(results.monte_carlo[v]));
    }
    variants.push_back(std::move(variant));
  }
  json["variants"] = std::move(variants);
  if (include_performance) {
    json["performance"] = {{"seconds", results.seconds},
                           {"customer_months", results.customer_months},
                           {"interactions", results.interactions}};
  }
  // A scenario's text may hold invalid UTF-8; JSON may not: such bytes become U+FFFD.
  return json.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

namespace {

// A header cell, quoted as CSV quotes it when it holds a comma, a quote or a line break.
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c == '"' ? "\"\"" : std::string(1, c);
  }
  return quoted + "\"";
}

// Month t of a series as three cells, each empty where the month has no value (NaN).
void write_month(std::ostream& csv, const SeriesEstimate& series, std::size_t t) {
  for (const double value : {series.mean[t], series.lo[t], series.hi[t]}) {
    csv << ',';
    if (!std::isnan(value)) {
      csv << value;
    }
  }
}

}  // namespace

std::string monthly_csv(const RunResults& results) {
  std::ostringstream csv;
  csv.precision(17);
  const auto bounds = [&](const std::string& name) {
    for (const char* bound : {"_mean", "_lo", "_hi"}) {
      csv << ',' << csv_cell(name + bound);
    }
  };
  std::vector<std::size_t> series;
  std::vector<std::size_t> segment_series;
  csv << "variant,month";
  const std::span<const FigureDefinition> table = figure_table();
  for (std::size_t f = 0; f < table.size(); ++f) {
    const FigureDefinition& figure = table[f];
    if (figure.section == FigureSection::monthly) {
      series.push_back(f);
      bounds(std::string(figure.key));
    } else if (figure.section == FigureSection::segments) {
      segment_series.push_back(f);
    }
  }
  // After the variant's series, each segment's: `segments.NAME.alive_mean`.
  if (!results.variants.empty()) {
    for (const SegmentResult& segment : results.variants.front().segments) {
      for (const std::size_t f : segment_series) {
        bounds("segments." + segment.name + "." + std::string(table[f].key));
      }
    }
  }
  csv << '\n';
  for (const VariantResult& variant : results.variants) {
    for (std::size_t t = 0; t < static_cast<std::size_t>(results.months); ++t) {
      csv << variant.id << ',' << t;
      for (const std::size_t f : series) {
        write_month(csv, std::get<SeriesEstimate>(variant.figures[f]), t);
      }
      for (const SegmentResult& segment : variant.segments) {
        for (const std::size_t f : segment_series) {
          write_month(csv, std::get<SeriesEstimate>(segment.figures[f]), t);
        }
      }
      csv << '\n';
    }
  }
  return csv.str();
}

namespace {

std::filesystem::path temporary_beside(const std::filesystem::path& path) {
  std::filesystem::path temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  return temporary;
}

// False when the file could not be written whole.
bool write_whole(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.flush();
  return static_cast<bool>(file);
}

}  // namespace

void write_results(const RunResults& results, const std::filesystem::path& directory) {
  const std::array<std::pair<std::filesystem::path, std::string>, 2> files{
      {{directory / "results.json", results_json(results)},
       {directory / "monthly.csv", monthly_csv(results)}}};
  std::error_code error;
  const bool created = std::filesystem::create_directories(directory, error);
  if (error) {
    throw std::runtime_error("cannot create " + directory.string() + ": " + error.message());
  }
  // Both files are written aside first; only when both are whole do they take their places.
  for (const auto& [path, text] : files) {
    if (!write_whole(temporary_beside(path), text)) {
      for (const auto& [written, unused] : files) {
        std::filesystem::remove(temporary_beside(written), error);
      }
      if (created) {
        std::filesystem::remove(directory, error);
      }
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  for (const auto& [path, text] : files) {
    std::filesystem::rename(temporary_beside(path), path, error);
    if (error) {
      throw std::runtime_error("cannot write " + path.string() + ": " + error.message());
    }
  }
}

}  // namespace cxsim
