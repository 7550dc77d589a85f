// The engine for Python (`_cxsim`, wrapped by the `cxsim` package beside this file): reading and
// changing a scenario, running it, prioritising its fixes. It speaks in plain Python values
// (problems as a list of "FILE:LINE:COL: PATH: message", results as the results.json text) and
// leaves exceptions and pandas to the package. The interpreter lock is released while the engine
// runs, so other Python threads go on.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <tbb/info.h>

#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "cxsim/file_digest.hpp"
#include "cxsim/parameter_sweep.hpp"
#include "cxsim/prioritization.hpp"
#include "cxsim/result_writers.hpp"
#include "cxsim/run_results.hpp"
#include "cxsim/scenario_reader.hpp"
#include "cxsim/simulation_driver.hpp"
#include "cxsim/text.hpp"
#include "cxsim/validation.hpp"
#include "cxsim/variants.hpp"

namespace py = pybind11;

namespace cxsim::python {

namespace {

// A valid scenario with what locates its problems and names its source in results.
struct LoadedScenario {
  Scenario scenario;
  SourceMap source_map;
  ScenarioSource source;
};

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

using Problems = std::vector<std::string>;
using Loading = std::pair<std::optional<LoadedScenario>, Problems>;

// (scenario, []) or (None, problems), for the package to raise ScenarioError.
py::tuple for_python(Loading loading) {
  py::object scenario =
      loading.first ? py::cast(std::move(*loading.first)) : py::object(py::none());
  return py::make_tuple(scenario, texts(loading.second));
}

Problems described(const std::vector<Diagnostic>& problems) {
  Problems lines;
  for (const Diagnostic& problem : problems) {
    lines.push_back(to_string(problem));
  }
  return lines;
}

Loading loaded(ScenarioReading reading, const std::string& file, const std::string& sha256) {
  if (!reading.scenario) {
    return {std::nullopt, described(reading.problems)};
  }
  ScenarioSource source{reading.scenario->name, file, sha256};
  return {LoadedScenario{std::move(*reading.scenario), std::move(reading.source_map),
                         std::move(source)},
          {}};
}

Loading load_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  // As `cxsim run` names its source: the path as given and the digest of the file's bytes.
  return loaded(read_scenario_file(path), path, sha256_hex(bytes.str()));
}

Loading load_text(const std::string& text, const std::string& name) {
  return loaded(read_scenario_text(text, name), name, sha256_hex(text));
}

// A setting of `simulation` (a whole number), a model's name, or any model parameter by its
// path as validation messages and `cxsim sweep --vary` name it.
using OverrideValue = std::variant<std::int64_t, double, std::string>;

std::optional<std::string> apply_override(Scenario& scenario, const std::string& path,
                                          const OverrideValue& value) {
  SimulationSettings& settings = scenario.simulation;
  const auto whole = [&]() -> std::optional<std::int64_t> {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      return *number;
    }
    return std::nullopt;
  };
  if (path == "simulation.customers" || path == "simulation.months" ||
      path == "simulation.replications" || path == "simulation.seed") {
    const std::optional<std::int64_t> number = whole();
    if (!number) {
      return path + ": expected a whole number";
    }
    if (path == "simulation.customers") {
      settings.customers = *number;
    } else if (path == "simulation.seed") {
      settings.seed = *number;
    } else if (*number < 1 || *number > 1'000'000) {
      return path + ": out of range, got " + std::to_string(*number);
    } else if (path == "simulation.months") {
      settings.months = static_cast<int>(*number);
    } else {
      settings.replications = static_cast<int>(*number);
    }
    return std::nullopt;
  }
  if (path == "perception.model" || path == "retention.model") {
    const auto* name = std::get_if<std::string>(&value);
    if (name == nullptr) {
      return path + ": expected a model name";
    }
    (path == "perception.model" ? scenario.perception.model : scenario.retention.model) = *name;
    return std::nullopt;
  }
  if (std::holds_alternative<std::string>(value)) {
    return path + ": expected a number";
  }
  try {
    const std::string resolved = resolve_parameter_path(scenario, path);
    Number* number = find_number(scenario, resolved);
    if (number == nullptr) {
      return path + ": no such parameter";
    }
    *number = std::holds_alternative<double>(value)
                  ? std::get<double>(value)
                  : static_cast<double>(std::get<std::int64_t>(value));
  } catch (const SweepError& error) {
    return std::string(error.what());
  }
  return std::nullopt;
}

// The scenario with the overrides applied, or the problems: unknown paths and values of the
// wrong kind, then whatever validation finds in the result. Settings show in results.json's
// settings; any other override changes what the file says, so the results name the file with
// the overrides, and no digest (it would describe another text).
Loading with_overrides(const LoadedScenario& base,
                       const std::vector<std::pair<std::string, OverrideValue>>& overrides) {
  LoadedScenario changed = base;
  Problems problems;
  std::string changes;
  for (const auto& [path, value] : overrides) {
    if (std::optional<std::string> problem = apply_override(changed.scenario, path, value)) {
      problems.push_back("override " + *problem);
    } else if (!path.starts_with("simulation.")) {
      changes += (changes.empty() ? "" : ", ") + path + "=" +
                 std::visit(
                     [](const auto& v) -> std::string {
                       if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
                         return v;
                       } else {
                         return format_number(static_cast<double>(v));
                       }
                     },
                     value);
    }
  }
  if (!changes.empty()) {
    changed.source.file += " with " + changes;
    changed.source.sha256.clear();
  }
  if (problems.empty()) {
    problems = described(validate(changed.scenario, changed.source_map));
  }
  if (!problems.empty()) {
    return {std::nullopt, problems};
  }
  return {std::move(changed), {}};
}

// The threads to run on: all cores for 0, as `cxsim run` without --threads.
DriverOptions driver_options(int threads) {
  DriverOptions options;
  options.threads = threads > 0 ? threads : tbb::info::default_concurrency();
  return options;
}

// The driver sets the process's thread count for the length of a run: runs from several Python
// threads take turns, so that each runs on the threads it asked for.
std::mutex& one_run_at_a_time() {
  static std::mutex mutex;
  return mutex;
}

// results.json's text for the scenario's standard variants, as `cxsim run` writes it.
std::string run(const LoadedScenario& loaded, int threads) {
  py::gil_scoped_release unlocked;
  const std::lock_guard turn(one_run_at_a_time());
  const DriverOptions options = driver_options(threads);
  const SimulationOutput output =
      simulate(loaded.scenario, standard_variants(loaded.scenario), options);
  return results_json(summarize(loaded.scenario, loaded.source, output, options.threads));
}

py::dict estimate_dict(const Estimate& estimate) {
  py::dict d;
  d["mean"] = estimate.mean;
  d["lo"] = estimate.lo;
  d["hi"] = estimate.hi;
  return d;
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
  d["payback_month"] = set.payback_month ? py::object(py::int_(*set.payback_month)) : py::none();
  d["p_roi_positive"] =
      set.p_roi_positive ? py::object(py::float_(*set.p_roi_positive)) : py::none();
  return d;
}

py::dict prioritize_fixes(const LoadedScenario& loaded, std::optional<double> budget, int threads) {
  const Prioritization result = [&] {
    py::gil_scoped_release unlocked;
    const std::lock_guard turn(one_run_at_a_time());
    return prioritize(loaded.scenario, budget, driver_options(threads));
  }();
  const Scenario& scenario = loaded.scenario;
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
    const PairVerdict kind = verdict(pair);
    d["verdict"] = kind == PairVerdict::compound  ? "compound"
                   : kind == PairVerdict::overlap ? "overlap"
                                                  : "independent";
    pairs.append(d);
  }
  py::dict d;
  d["exhaustive"] = result.exhaustive;
  d["ranking"] = ranking;
  d["best_within_budget"] = result.best_within_budget
                                ? py::object(set_dict(scenario, *result.best_within_budget))
                                : py::none();
  d["pairs"] = pairs;
  return d;
}

}  // namespace

}  // namespace cxsim::python

PYBIND11_MODULE(_cxsim, module) {
  using namespace cxsim::python;
  module.doc() = "cxsim's engine; use the cxsim package, which wraps it.";
  py::class_<LoadedScenario>(module, "Scenario")
      .def_property_readonly("name", [](const LoadedScenario& s) { return text(s.scenario.name); })
      .def_property_readonly(
          "customers", [](const LoadedScenario& s) { return s.scenario.simulation.customers; })
      .def_property_readonly("months",
                             [](const LoadedScenario& s) { return s.scenario.simulation.months; })
      .def_property_readonly(
          "replications",
          [](const LoadedScenario& s) { return s.scenario.simulation.replications; })
      .def_property_readonly("seed",
                             [](const LoadedScenario& s) { return s.scenario.simulation.seed; })
      .def_property_readonly("fixes",
                             [](const LoadedScenario& s) {
                               py::list ids;
                               for (const cxsim::Fix& fix : s.scenario.fixes) {
                                 ids.append(text(fix.id));
                               }
                               return ids;
                             })
      .def_property_readonly(
          "variants",
          [](const LoadedScenario& s) {
            py::list ids;
            for (const cxsim::Variant& v : cxsim::standard_variants(s.scenario)) {
              ids.append(text(v.id));
            }
            return ids;
          })
      .def("with_overrides",
           [](const LoadedScenario& s,
              const std::vector<std::pair<std::string, OverrideValue>>& overrides) {
             return for_python(with_overrides(s, overrides));
           });
  module.def(
      "load_file", [](const std::string& path) { return for_python(load_file(path)); },
      py::arg("path"));
  module.def(
      "load_text",
      [](const std::string& yaml, const std::string& name) {
        return for_python(load_text(yaml, name));
      },
      py::arg("text"), py::arg("name"));
  module.def("run", &run, py::arg("scenario"), py::arg("threads"));
  module.def("prioritize", &prioritize_fixes, py::arg("scenario"), py::arg("budget"),
             py::arg("threads"));
}
