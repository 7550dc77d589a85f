// The engine for Python (`_cxsim`, wrapped by the `cxsim` package beside this file): the
// application layer (cxsim/application.hpp) that `cxsim` the command calls too, so a call does
// what the command does: reading and changing a scenario, running it (until a precision target),
// sweeping parameters, prioritising fixes, comparing results, fitting retention models. It speaks
// in plain Python values (problems as a list of "FILE:LINE:COL: PATH: message", results as the
// results.json text) and leaves exceptions and pandas to the package. The interpreter lock is
// released while the engine runs, so other Python threads go on.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <mutex>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cxsim/application.hpp"
#include "io/calibration_report.hpp"
#include "io/fit_writers.hpp"
#include "io/result_writers.hpp"
#include "scenario/variants.hpp"

namespace py = pybind11;

namespace cxsim::python {

namespace {

// Text for Python: a scenario may hold invalid UTF-8 (the loader takes its bytes as they are),
// which Python's strict decoding would turn into a UnicodeDecodeError; such bytes become U+FFFD,
// as in results.json.
py::str text(const std::string& bytes) {
  return py::reinterpret_steal<py::str>(
      PyUnicode_DecodeUTF8(bytes.data(), static_cast<Py_ssize_t>(bytes.size()), "replace"));
}

py::list texts(const std::vector<std::string>& lines) {
  py::list list;
  for (const std::string& line : lines) {
    list.append(text(line));
  }
  return list;
}

py::list described(const std::vector<Diagnostic>& problems) {
  py::list lines;
  for (const Diagnostic& problem : problems) {
    lines.append(text(to_string(problem)));
  }
  return lines;
}

// (scenario, []) or (None, problems), for the package to raise ScenarioError.
py::tuple for_python(std::optional<ScenarioInput> input, const py::list& problems) {
  py::object scenario = input ? py::cast(std::move(*input)) : py::object(py::none());
  return py::make_tuple(scenario, problems);
}

py::tuple for_python(ScenarioLoading loading) {
  return for_python(std::move(loading.input), described(loading.problems));
}

// The overrides that do not apply or, when all do, what validation finds in the result.
py::list problems_of(const OverriddenScenario& result) {
  py::list problems = described(result.problems);
  for (const std::string& problem : result.misapplied) {
    problems.append(text("override " + problem));
  }
  return problems;
}

py::tuple overridden(const ScenarioInput& input, const std::vector<Override>& overrides) {
  OverriddenScenario result = with_overrides(input, overrides);
  py::list problems = problems_of(result);
  return for_python(std::move(result.input), problems);
}

// Input errors as ValueError, the argument named as Python names it.
[[noreturn]] void raise(const std::string& argument, const InputError& error) {
  std::string message;
  for (const std::string& problem : error.problems()) {
    message += (message.empty() ? "" : "\n") + argument + problem;
  }
  throw py::value_error(message);
}

// The driver sets the process's thread count for the length of a run: runs from several Python
// threads take turns, so that each runs on the threads it asked for.
std::mutex& one_run_at_a_time() {
  static std::mutex mutex;
  return mutex;
}

py::object precision_dict(const std::optional<PrecisionOutcome>& precision) {
  if (!precision) {
    return py::none();
  }
  py::dict d;
  d["target"] = text(precision->target);
  d["half_width"] = precision->half_width;
  d["customers"] = precision->customers;
  d["replications"] = precision->replications;
  d["reached"] = precision->reached;
  d["by_replications"] = precision->by_replications;
  d["most"] = precision->most;
  return d;
}

// (results.json's text, how running until the target went or None), as `cxsim run` writes and
// prints them.
py::tuple run(const ScenarioInput& input, int threads, std::optional<std::string> until_ci,
              std::int64_t max_customers) {
  RunRequest request;
  request.threads = threads;
  request.until_ci = std::move(until_ci);
  request.max_customers = max_customers;
  const RunOutcome outcome = [&] {
    try {
      py::gil_scoped_release unlocked;
      const std::lock_guard turn(one_run_at_a_time());
      return run_scenario(input, request);
    } catch (const InputError& error) {
      raise("until_ci: ", error);
    }
  }();
  return py::make_tuple(results_json(outcome.results), precision_dict(outcome.precision));
}

py::dict estimate_dict(const Estimate& estimate) {
  py::dict d;
  d["mean"] = estimate.mean;
  d["lo"] = estimate.lo;
  d["hi"] = estimate.hi;
  return d;
}

py::object month_or_none(std::optional<int> month) {
  return month ? py::object(py::int_(*month)) : py::object(py::none());
}

// The scenario's replications_warning as a list of none or one, for the package to warn with.
py::list warnings_of(const Scenario& scenario) {
  py::list warnings;
  if (const std::optional<std::string> warning = replications_warning(scenario)) {
    warnings.append(text(*warning));
  }
  return warnings;
}

py::dict set_dict(const Scenario& scenario, const FixSetValue& set) {
  py::list fixes;
  for (const std::size_t fix : set.fixes) {
    fixes.append(text(scenario.fixes[fix].id));
  }
  py::dict d;
  d["fixes"] = fixes;
  d["delta_npv"] = estimate_dict(set.delta_npv);
  d["cost_pv"] = estimate_dict(set.cost_pv);
  d["net_value"] = estimate_dict(set.net_value);
  d["roi"] = set.roi ? py::object(estimate_dict(*set.roi)) : py::none();
  d["payback_month"] = month_or_none(set.payback_month);
  py::dict range;
  range["lo"] = month_or_none(set.payback_range.earliest);
  range["hi"] = month_or_none(set.payback_range.latest);
  d["payback_month_interval"] = range;
  d["payback"] = text(payback_text(set.payback_month, set.payback_range, set.cost_pv.mean));
  d["p_roi_positive"] =
      set.p_roi_positive ? py::object(py::float_(*set.p_roi_positive)) : py::none();
  return d;
}

// As `cxsim prioritize`: (the prioritisation, []) or (None, problems) when the settings given
// make the scenario invalid.
py::tuple prioritize_fixes(const ScenarioInput& input, std::optional<double> budget,
                           std::optional<std::int64_t> customers,
                           std::optional<std::int64_t> replications, int threads) {
  try {
    check_prioritizable(input, budget);
  } catch (const InputError& error) {
    raise("", error);
  }
  SettingsGiven settings;
  settings.customers = prioritize_customers(input.scenario, customers);
  settings.replications = replications;
  OverriddenScenario changed = with_overrides(input, settings_overrides(settings));
  if (!changed.input) {
    return py::make_tuple(py::none(), problems_of(changed));
  }
  const Prioritization result = [&] {
    py::gil_scoped_release unlocked;
    const std::lock_guard turn(one_run_at_a_time());
    return prioritize_scenario(*changed.input, budget, threads);
  }();
  const Scenario& scenario = changed.input->scenario;
  py::list ranking;
  for (const FixSetValue& set : result.ranking) {
    ranking.append(set_dict(scenario, set));
  }
  py::list pairs;
  for (const PairInteraction& pair : result.pairs) {
    py::dict d;
    d["first"] = text(scenario.fixes[pair.first].id);
    d["second"] = text(scenario.fixes[pair.second].id);
    d["interaction"] = estimate_dict(pair.interaction);
    d["verdict"] = std::string(verdict_name(verdict(pair)));
    pairs.append(d);
  }
  py::dict d;
  d["customers"] = scenario.simulation.customers;
  d["exhaustive"] = result.exhaustive;
  d["ranking"] = ranking;
  d["best_within_budget"] = result.best_within_budget
                                ? py::object(set_dict(scenario, *result.best_within_budget))
                                : py::none();
  d["pairs"] = pairs;
  d["warnings"] = warnings_of(scenario);
  return py::make_tuple(d, py::list());
}

py::list tornado_rows(const SweepPlan& plan, std::span<const SweepPointOutcome> outcomes,
                      TornadoFigure figure) {
  py::list rows;
  for (const TornadoBar& bar : tornado(plan, outcomes, figure)) {
    py::dict row;
    row["parameter"] = text(plan.parameters[bar.parameter].spec.path);
    row["lo"] = plan.parameters[bar.parameter].spec.lo;
    row["hi"] = plan.parameters[bar.parameter].spec.hi;
    row["variant"] = text(bar.variant);
    row["at_lo"] = estimate_dict(bar.at_lo);
    row["at_hi"] = estimate_dict(bar.at_hi);
    row["swing"] = bar.swing;
    rows.append(row);
  }
  return rows;
}

// As `cxsim sweep`: the CSV it writes and, one parameter at a time, the tornados it prints (of
// Δ NPV and of net value); or (None, problems) when some point's scenario is not valid.
py::tuple sweep(const ScenarioInput& input, const std::vector<std::string>& vary, bool grid,
                int threads) {
  SweepPlan plan;
  try {
    plan = checked_sweep_plan(input, parse_sweep_specs(vary),
                              grid ? SweepMode::grid : SweepMode::one_at_a_time);
  } catch (const InputError& error) {
    raise("", error);
  } catch (const InvalidSweepPoints& invalid) {
    std::istringstream lines(invalid.what());
    py::list problems;
    for (std::string line; std::getline(lines, line);) {
      problems.append(text(line));
    }
    return py::make_tuple(py::none(), problems);
  }
  const std::vector<SweepPointOutcome> outcomes = [&] {
    py::gil_scoped_release unlocked;
    const std::lock_guard turn(one_run_at_a_time());
    return run_sweep(input.scenario, plan, {threads, nullptr});
  }();
  py::dict d;
  d["warnings"] = warnings_of(input.scenario);
  d["csv"] = text(sweep_csv(plan, outcomes));
  if (plan.mode == SweepMode::one_at_a_time) {
    d["delta_npv"] = tornado_rows(plan, outcomes, TornadoFigure::delta_npv);
    d["net_value"] = tornado_rows(plan, outcomes, TornadoFigure::net_value);
  }
  return py::make_tuple(d, py::list());
}

py::list only_in_one(const std::vector<OnlyInOne>& items) {
  py::list list;
  for (const OnlyInOne& item : items) {
    list.append(py::make_tuple(text(item.variant), text(item.figure)));
  }
  return list;
}

// As `cxsim compare A B --csv`: the rows as CSV, the notes, and what only one side has. Each
// side is a results.json file (text None) or its text.
py::dict compare(const std::string& a_name, std::optional<std::string> a_text,
                 const std::string& b_name, std::optional<std::string> b_text) {
  Comparison compared;
  try {
    compared = compare_results({a_name, std::move(a_text)}, {b_name, std::move(b_text)});
  } catch (const InputError& error) {
    raise("", error);
  }
  const ResultComparison& comparison = compared.comparison;
  py::dict d;
  d["csv"] = text(comparison_csv(comparison));
  d["notes"] = texts(comparison_notes(comparison));
  d["only_in_a"] = only_in_one(comparison.only_in_a);
  d["only_in_b"] = only_in_one(comparison.only_in_b);
  d["confidence"] = comparison.confidence;
  d["shared_random_numbers"] = comparison.shared_random_numbers;
  return d;
}

// As `cxsim fit-retention`: (FIT.json's text and the verdict of each segment, []) or (None,
// the data's problems). The data are a file (text None) or CSV text named `name`.
py::tuple fit_retention_models(const std::string& name, std::optional<std::string> csv,
                               const std::string& model, std::optional<int> fit_periods) {
  RetentionFitting fitting;
  try {
    const RetentionFitRequest request{retention_models_named(model), fit_periods};
    py::gil_scoped_release unlocked;
    fitting = csv ? fit_retention_text(*csv, name, request) : fit_retention_file(name, request);
  } catch (const InputError& error) {
    raise("", error);
  }
  if (!fitting.report) {
    return py::make_tuple(py::none(), described(fitting.problems));
  }
  py::dict d;
  d["json"] = text(retention_fit_json(*fitting.report));
  py::list verdicts;
  for (const auto& segment : fits_by_segment(fitting.report->fits)) {
    verdicts.append(text(retention_verdict(segment)));
  }
  d["verdicts"] = verdicts;
  return py::make_tuple(d, py::list());
}

}  // namespace

// (REPORT.json's text, []) as `cxsim calibrate --report` writes it, or (None, problems of the
// observations, each located in them).
py::tuple calibrate(const ScenarioInput& input, const std::string& observed_text,
                    const std::string& observed_name, std::optional<std::int64_t> customers,
                    std::optional<std::int64_t> seed, int threads, bool compare_models) {
  const ObservationsLoading observations =
      load_observations_text(input, observed_text, observed_name);
  if (!observations.input) {
    return py::make_tuple(py::none(), described(observations.problems));
  }
  CalibrateRequest request;
  request.settings.customers = customers.value_or(0);
  request.settings.seed = seed;
  request.settings.threads = threads;
  request.compare_models = compare_models;
  const CalibrationOutcome outcome = [&] {
    try {
      py::gil_scoped_release unlocked;
      const std::lock_guard turn(one_run_at_a_time());
      return calibrate_scenario(input, observations.input->observations, request);
    } catch (const InputError& error) {
      raise("observed: ", error);
    }
  }();
  return py::make_tuple(text(calibration_report_json(input.source, observations.input->source,
                                                     outcome.fits, outcome.favoured)),
                        py::list());
}

}  // namespace cxsim::python

PYBIND11_MODULE(_cxsim, module) {
  using namespace cxsim;
  using namespace cxsim::python;
  module.doc() = "cxsim's engine; use the cxsim package, which wraps it.";
  py::class_<ScenarioInput>(module, "Scenario")
      .def_property_readonly("name", [](const ScenarioInput& s) { return text(s.scenario.name); })
      .def_property_readonly("customers",
                             [](const ScenarioInput& s) { return s.scenario.simulation.customers; })
      .def_property_readonly("months",
                             [](const ScenarioInput& s) { return s.scenario.simulation.months; })
      .def_property_readonly(
          "replications", [](const ScenarioInput& s) { return s.scenario.simulation.replications; })
      .def_property_readonly("seed",
                             [](const ScenarioInput& s) { return s.scenario.simulation.seed; })
      .def_property_readonly("fixes",
                             [](const ScenarioInput& s) {
                               py::list ids;
                               for (const cxsim::Fix& fix : s.scenario.fixes) {
                                 ids.append(text(fix.id));
                               }
                               return ids;
                             })
      .def_property_readonly(
          "variants",
          [](const ScenarioInput& s) {
            py::list ids;
            for (const cxsim::Variant& v : cxsim::standard_variants(s.scenario)) {
              ids.append(text(v.id));
            }
            return ids;
          })
      .def("with_overrides", [](const ScenarioInput& s,
                                const std::vector<std::pair<std::string, OverrideValue>>& changes) {
        std::vector<Override> overrides;
        for (const auto& [path, value] : changes) {
          overrides.push_back({path, value});
        }
        return overridden(s, overrides);
      });
  module.def(
      "load_file", [](const std::string& path) { return for_python(load_scenario_file(path)); },
      py::arg("path"));
  module.def(
      "load_text",
      [](const std::string& yaml, const std::string& name) {
        return for_python(load_scenario_text(yaml, name));
      },
      py::arg("text"), py::arg("name"));
  module.def("run", &run, py::arg("scenario"), py::arg("threads"), py::arg("until_ci"),
             py::arg("max_customers"));
  module.attr("DEFAULT_MOST_CUSTOMERS") = kDefaultMostCustomers;
  module.def(
      "payback_text",
      [](std::optional<int> month, std::optional<int> earliest, std::optional<int> latest,
         double cost_pv) {
        return payback_text(month, {earliest, latest}, cost_pv);
      },
      py::arg("month"), py::arg("earliest"), py::arg("latest"), py::arg("cost_pv"));
  module.def("prioritize", &prioritize_fixes, py::arg("scenario"), py::arg("budget"),
             py::arg("customers"), py::arg("replications"), py::arg("threads"));
  module.def("sweep", &sweep, py::arg("scenario"), py::arg("vary"), py::arg("grid"),
             py::arg("threads"));
  py::register_exception<RetentionFitFailure>(module, "FitError", PyExc_RuntimeError);
  module.def("fit_retention", &fit_retention_models, py::arg("name"), py::arg("csv"),
             py::arg("model"), py::arg("fit_periods"));
  module.def("calibrate", &cxsim::python::calibrate, py::arg("scenario"), py::arg("observed_text"),
             py::arg("observed_name"), py::arg("customers"), py::arg("seed"), py::arg("threads"),
             py::arg("compare_models"));
  module.def("compare", &compare, py::arg("a_name"), py::arg("a_text"), py::arg("b_name"),
             py::arg("b_text"));
}
