#include "analysis/parameter_sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "analysis/run_results.hpp"
#include "analysis/simulation_driver.hpp"
#include "base/text.hpp"
#include "scenario/scenario_numbers.hpp"
#include "scenario/validation.hpp"
#include "scenario/variants.hpp"

namespace cxsim {

namespace {

constexpr std::string_view kSpecForm = "PATH=LO:HI:STEPS";
constexpr std::string_view kSpecExample = "journey[0].functional.success=0.8:0.99:5";

// A whole token as a finite number, or none.
std::optional<double> parse_number(std::string_view token) {
  double value = 0.0;
  const char* end = token.data() + token.size();
  const auto [stop, error] = std::from_chars(token.data(), end, value);
  if (token.empty() || error != std::errc{} || stop != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t stop = text.find(separator, start);
    parts.push_back(text.substr(start, stop == std::string_view::npos ? stop : stop - start));
    if (stop == std::string_view::npos) {
      return parts;
    }
    start = stop + 1;
  }
}

std::string grid_size(std::span<const SweepSpec> specs, double points) {
  std::string product;
  for (const SweepSpec& spec : specs) {
    product += (product.empty() ? "" : " x ") + std::to_string(spec.steps);
  }
  return product + " = " + format_number(points);
}

void write_estimate(std::ostream& csv, const std::optional<Estimate>& estimate) {
  if (estimate) {
    csv << ',' << estimate->mean << ',' << estimate->lo << ',' << estimate->hi;
  } else {
    csv << ",,,";
  }
}

}  // namespace

SweepSpec parse_sweep_spec(std::string_view text) {
  const std::string head = "--vary " + std::string(text) + ": ";
  const std::size_t equals = text.rfind('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw SweepError(head + "expected " + std::string(kSpecForm) + ", such as " +
                     in_quotes(kSpecExample));
  }
  SweepSpec spec;
  spec.text = std::string(text);
  spec.path = std::string(text.substr(0, equals));
  const std::string_view range = text.substr(equals + 1);
  const std::vector<std::string_view> parts = split(range, ':');
  if (parts.size() != 3) {
    throw SweepError(head + "expected LO:HI:STEPS after '=', such as '0.8:0.99:5', got " +
                     in_quotes(range));
  }
  const auto lo = parse_number(parts[0]);
  if (!lo) {
    throw SweepError(head + "LO must be a number, got " + in_quotes(parts[0]));
  }
  const auto hi = parse_number(parts[1]);
  if (!hi) {
    throw SweepError(head + "HI must be a number, got " + in_quotes(parts[1]));
  }
  if (!(*lo < *hi)) {
    throw SweepError(head + "LO must be less than HI, got LO " + format_number(*lo) + " and HI " +
                     format_number(*hi));
  }
  const auto steps = parse_number(parts[2]);
  if (!steps || *steps != std::floor(*steps) || *steps < 2 || *steps > kMostSweepSteps) {
    throw SweepError(head + "STEPS must be a whole number from 2 to " +
                     std::to_string(kMostSweepSteps) + ", got " + in_quotes(parts[2]));
  }
  spec.lo = *lo;
  spec.hi = *hi;
  spec.steps = static_cast<int>(*steps);
  return spec;
}

std::vector<double> sweep_values(const SweepSpec& spec) {
  std::vector<double> values;
  const int last = spec.steps - 1;
  for (int i = 0; i < last; ++i) {
    values.push_back(spec.lo + (spec.hi - spec.lo) * i / last);
  }
  values.push_back(spec.hi);
  return values;
}

std::string resolve_parameter_path(const Scenario& scenario, std::string_view path) {
  try {
    return index_form_path(scenario, path);
  } catch (const UnknownParameterPath& unknown) {
    throw SweepError(unknown.what());
  }
}

SweepPlan plan_sweep(const Scenario& scenario, std::span<const SweepSpec> specs, SweepMode mode) {
  if (specs.empty()) {
    throw SweepError("no --vary given: name a parameter and its values as " +
                     std::string(kSpecForm) + ", such as " + in_quotes(kSpecExample));
  }
  SweepPlan plan;
  plan.mode = mode;
  Scenario copy = scenario;
  for (const SweepSpec& spec : specs) {
    SweepParameter parameter;
    parameter.spec = spec;
    try {
      parameter.path = resolve_parameter_path(scenario, spec.path);
    } catch (const SweepError& error) {
      throw SweepError("--vary " + spec.text + ": " + error.what());
    }
    for (const SweepParameter& earlier : plan.parameters) {
      if (earlier.path == parameter.path) {
        throw SweepError("--vary " + spec.text + ": " + parameter.path +
                         " is already varied by --vary " + earlier.spec.text);
      }
    }
    const Number& number = *find_number(copy, parameter.path);
    if (const double* value = std::get_if<double>(&number)) {
      parameter.file_value = *value;
    }
    parameter.values = sweep_values(spec);
    plan.parameters.push_back(std::move(parameter));
  }

  const std::size_t count = plan.parameters.size();
  if (mode == SweepMode::one_at_a_time) {
    for (std::size_t k = 0; k < count; ++k) {
      for (const double value : plan.parameters[k].values) {
        SweepPoint point{std::vector<std::optional<double>>(count), k};
        point.values[k] = value;
        plan.points.push_back(std::move(point));
      }
    }
    return plan;
  }

  double points = 1.0;
  for (const SweepSpec& spec : specs) {
    points *= spec.steps;
  }
  if (points > static_cast<double>(kMostGridPoints)) {
    throw SweepError("--grid: " + grid_size(specs, points) + " points, more than the " +
                     std::to_string(kMostGridPoints) +
                     " a grid may have; use fewer STEPS, or sweep one at a time without --grid");
  }
  // An odometer: the last parameter turns fastest.
  std::vector<std::size_t> at(count, 0);
  for (;;) {
    SweepPoint point{std::vector<std::optional<double>>(count), std::nullopt};
    for (std::size_t k = 0; k < count; ++k) {
      point.values[k] = plan.parameters[k].values[at[k]];
    }
    plan.points.push_back(std::move(point));
    std::size_t k = count;
    while (k > 0 && ++at[k - 1] == plan.parameters[k - 1].values.size()) {
      at[k - 1] = 0;
      --k;
    }
    if (k == 0) {
      return plan;
    }
  }
}

Scenario scenario_at(const Scenario& scenario, const SweepPlan& plan, const SweepPoint& point) {
  Scenario at = scenario;
  for (std::size_t k = 0; k < plan.parameters.size(); ++k) {
    if (point.values[k]) {
      Number* number = find_number(at, plan.parameters[k].path);
      if (number == nullptr) {
        throw std::logic_error("no parameter " + plan.parameters[k].path + " in the scenario");
      }
      *number = *point.values[k];
    }
  }
  return at;
}

std::vector<InvalidPoint> check_sweep(const Scenario& scenario, const SourceMap& source_map,
                                      const SweepPlan& plan) {
  std::vector<InvalidPoint> invalid;
  const std::size_t count = plan.parameters.size();
  for (std::size_t k = 0; k < count; ++k) {
    for (const double value : plan.parameters[k].values) {
      SweepPoint alone{std::vector<std::optional<double>>(count), k};
      alone.values[k] = value;
      std::vector<Diagnostic> problems = validate(scenario_at(scenario, plan, alone), source_map);
      if (!problems.empty()) {
        sort_by_location(problems);
        invalid.push_back({{{k, value}}, std::move(problems)});
      }
    }
  }
  if (plan.mode != SweepMode::grid || !invalid.empty()) {
    return invalid;
  }
  for (const SweepPoint& point : plan.points) {
    std::vector<Diagnostic> problems = validate(scenario_at(scenario, plan, point), source_map);
    if (!problems.empty()) {
      sort_by_location(problems);
      InvalidPoint bad;
      for (std::size_t k = 0; k < count; ++k) {
        bad.values.emplace_back(k, *point.values[k]);
      }
      bad.problems = std::move(problems);
      invalid.push_back(std::move(bad));
    }
  }
  return invalid;
}

std::vector<SweepPointOutcome> run_sweep(const Scenario& scenario, const SweepPlan& plan,
                                         const SweepRunOptions& options) {
  const std::vector<Variant> variants = standard_variants(scenario);
  std::vector<SweepPointOutcome> outcomes;
  outcomes.reserve(plan.points.size());
  for (const SweepPoint& point : plan.points) {
    const Scenario at = scenario_at(scenario, plan, point);
    DriverOptions driver;
    driver.threads = options.threads;
    const SimulationOutput output = simulate(at, variants, driver);
    const RunResults results = summarize(at, {at.name, "", ""}, output, options.threads);
    SweepPointOutcome outcome;
    for (const VariantResult& variant : results.variants) {
      SweepVariantOutcome variant_outcome{variant.id,   variant.retention(), variant.npv(),
                                          std::nullopt, std::nullopt,        std::nullopt};
      if (variant.against_baseline) {
        variant_outcome.delta_npv = variant.delta_npv();
        variant_outcome.net_value = variant.net_value();
        variant_outcome.roi = variant.roi();
      }
      outcome.push_back(std::move(variant_outcome));
    }
    outcomes.push_back(std::move(outcome));
    if (options.progress) {
      options.progress(outcomes.size(), plan.points.size());
    }
  }
  return outcomes;
}

std::string sweep_csv(const SweepPlan& plan, std::span<const SweepPointOutcome> outcomes) {
  if (outcomes.size() != plan.points.size()) {
    throw std::logic_error("sweep_csv: one outcome per point expected");
  }
  std::ostringstream csv;
  csv.precision(17);
  for (const SweepParameter& parameter : plan.parameters) {
    csv << csv_field(parameter.spec.path) << ',';
  }
  csv << "variant,retention_mean,retention_lo,retention_hi,npv_mean,npv_lo,npv_hi,"
         "delta_npv_mean,delta_npv_lo,delta_npv_hi,net_value_mean,net_value_lo,net_value_hi,"
         "roi_mean,roi_lo,roi_hi\n";
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    std::string values;
    for (std::size_t k = 0; k < plan.parameters.size(); ++k) {
      const std::optional<double> value =
          plan.points[p].values[k] ? plan.points[p].values[k] : plan.parameters[k].file_value;
      values += (value ? format_number(*value) : "") + ",";
    }
    for (const SweepVariantOutcome& variant : outcomes[p]) {
      csv << values << csv_field(variant.variant);
      write_estimate(csv, variant.retention);
      write_estimate(csv, variant.npv);
      write_estimate(csv, variant.delta_npv);
      write_estimate(csv, variant.net_value);
      write_estimate(csv, variant.roi);
      csv << '\n';
    }
  }
  return csv.str();
}

std::vector<TornadoBar> tornado(const SweepPlan& plan, std::span<const SweepPointOutcome> outcomes,
                                TornadoFigure figure) {
  if (plan.mode != SweepMode::one_at_a_time) {
    throw std::logic_error("a tornado needs a one-at-a-time sweep");
  }
  if (outcomes.size() != plan.points.size()) {
    throw std::logic_error("tornado: one outcome per point expected");
  }
  std::vector<TornadoBar> bars;
  for (std::size_t k = 0; k < plan.parameters.size(); ++k) {
    std::optional<std::size_t> lo;
    std::size_t hi = 0;
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
      if (plan.points[p].varied == k) {
        lo = lo.value_or(p);
        hi = p;
      }
    }
    if (!lo) {
      throw std::logic_error("tornado: a parameter without points");
    }
    const SweepPointOutcome& at_lo = outcomes[*lo];
    const SweepPointOutcome& at_hi = outcomes[hi];
    const bool baseline_only = at_lo.size() == 1;
    for (std::size_t v = 0; v < at_lo.size(); ++v) {
      if (!baseline_only && !at_lo[v].delta_npv) {
        continue;  // the baseline: its Δ NPV is 0 by definition
      }
      const auto shown = [&](const SweepVariantOutcome& outcome) {
        return baseline_only                        ? outcome.npv
               : figure == TornadoFigure::delta_npv ? *outcome.delta_npv
                                                    : *outcome.net_value;
      };
      const Estimate low = shown(at_lo[v]);
      const Estimate high = shown(at_hi[v]);
      bars.push_back({k, at_lo[v].variant, low, high, std::abs(high.mean - low.mean)});
    }
  }
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    return static_cast<float>(a.swing) > static_cast<float>(b.swing);
  });
  return bars;
}

}  // namespace cxsim
