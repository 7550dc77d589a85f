#include "calibration/observations.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analysis/parameter_sweep.hpp"
#include "base/text.hpp"
#include "calibration/retention_data.hpp"
#include "scenario/yaml_location.hpp"

namespace cxsim {

namespace {

// Reads the document and gathers every problem, each at the node it is about.
class ObservationsReader {
 public:
  ObservationsReader(const std::string& file, const Scenario& scenario)
      : file_(file), scenario_(scenario) {
    observations_.file = file;
  }

  ObservationsReading read(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& error) {
      problem(location_of(error.mark), "", error.msg);
      return finish();
    }
    if (!root.IsMap()) {
      problem({1, 1}, "", "an observations file is a mapping with `unknowns` and `observations`");
      return finish();
    }
    try {
      check_keys(root, "", {"unknowns", "observations"});
      read_unknowns(required(root, "", "unknowns"));
      read_observed(required(root, "", "observations"));
    } catch (const YAML::Exception& error) {
      // Every read above checks the node's kind first; this is the last line of defence.
      problem(location_of(error.mark), "", error.msg);
    }
    return finish();
  }

 private:
  void problem(SourceLocation location, const std::string& path, std::string message) {
    problems_.push_back({file_, location, path, std::move(message)});
  }
  void problem(const YAML::Node& node, const std::string& path, std::string message) {
    problem(location_of(node.Mark()), path, std::move(message));
  }

  ObservationsReading finish() {
    sort_by_location(problems_);
    if (!problems_.empty()) {
      return {std::nullopt, std::move(problems_)};
    }
    return {std::move(observations_), {}};
  }

  void check_keys(const YAML::Node& map, const std::string& path,
                  std::initializer_list<std::string_view> known) {
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) {
        problem(entry.first, path, "a key is a name, not a list or mapping");
        continue;
      }
      const auto key = entry.first.as<std::string>();
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string list;
        for (const std::string_view name : known) {
          list += (list.empty() ? "" : ", ") + std::string(name);
        }
        problem(entry.first, child_path(path, key), "unknown key (expected one of: " + list + ")");
      }
    }
  }

  // The value at `key`, or an invalid node after saying it is missing.
  YAML::Node required(const YAML::Node& map, const std::string& path, const std::string& key) {
    YAML::Node value = map[key];
    if (!value) {
      problem(map, path.empty() ? key : path, "missing `" + key + "`");
    }
    return value;
  }

  // A name: a plain scalar, not a list or a mapping.
  std::optional<std::string> name(const YAML::Node& map, const std::string& path,
                                  const std::string& key) {
    const YAML::Node value = required(map, path, key);
    if (!value) {
      return std::nullopt;
    }
    if (!value.IsScalar()) {
      problem(value, child_path(path, key), "must be a name, got `" + YAML::Dump(value) + "`");
      return std::nullopt;
    }
    return value.as<std::string>();
  }

  std::optional<double> number(const YAML::Node& map, const std::string& path,
                               const std::string& key, bool needed = true) {
    const YAML::Node value = map[key];
    const std::string at = child_path(path, key);
    if (!value) {
      if (needed) {
        problem(map, at, "missing `" + key + "`");
      }
      return std::nullopt;
    }
    double result = 0.0;
    if (!value.IsScalar() || !YAML::convert<double>::decode(value, result) ||
        !std::isfinite(result)) {
      problem(value, at, "must be a finite number, got `" + YAML::Dump(value) + "`");
      return std::nullopt;
    }
    return result;
  }

  // A count of customers, answers or interactions: a whole number ≥ 1.
  std::optional<double> sample_size(const YAML::Node& map, const std::string& path,
                                    const std::string& key) {
    const auto value = number(map, path, key);
    if (value && (*value < 1.0 || *value != std::floor(*value))) {
      problem(map[key], child_path(path, key), "must be a whole number of at least 1");
      return std::nullopt;
    }
    return value;
  }

  std::optional<double> share(const YAML::Node& map, const std::string& path,
                              const std::string& key, bool needed = true) {
    const auto value = number(map, path, key, needed);
    if (value && (*value < 0.0 || *value > 1.0)) {
      problem(map[key], child_path(path, key), "must be a share in [0, 1]");
      return std::nullopt;
    }
    return value;
  }

  template <typename ReadItem>
  void each_item(const YAML::Node& list, const std::string& path, ReadItem read_item) {
    if (!list) {
      return;
    }
    if (!list.IsSequence()) {
      problem(list, path, "must be a list");
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      if (!item.IsMap()) {
        problem(item, item_path(path, i), "must be a mapping");
        continue;
      }
      read_item(item, item_path(path, i));
    }
  }

  void read_unknowns(const YAML::Node& list) {
    if (list && list.IsSequence() && list.size() == 0) {
      problem(list, "unknowns", "name at least one parameter to calibrate");
    }
    std::set<std::string> seen;
    each_item(list, "unknowns", [&](const YAML::Node& item, const std::string& path) {
      check_keys(item, path, {"path", "lower", "upper"});
      Unknown unknown;
      const auto written = name(item, path, "path");
      const auto lower = number(item, path, "lower");
      const auto upper = number(item, path, "upper");
      if (!written || !lower || !upper) {
        return;
      }
      const YAML::Node path_node = item["path"];
      if (!(*lower < *upper)) {
        problem(item["upper"], child_path(path, "upper"), "must be above `lower`");
        return;
      }
      unknown.path = *written;
      unknown.lower = *lower;
      unknown.upper = *upper;
      try {
        unknown.index_path = resolve_parameter_path(scenario_, unknown.path);
      } catch (const SweepError& error) {
        problem(path_node, child_path(path, "path"), error.what());
        return;
      }
      if (!seen.insert(unknown.index_path).second) {
        problem(path_node, child_path(path, "path"), "`" + unknown.path + "` is listed twice");
        return;
      }
      Scenario copy = scenario_;
      const Number* value = find_number(copy, unknown.index_path);
      if (const auto* constant = std::get_if<double>(value);
          constant != nullptr && (*constant < unknown.lower || *constant > unknown.upper)) {
        problem(path_node, child_path(path, "path"),
                "the scenario's value " + format_number(*constant) + " is outside [lower, upper]");
        return;
      }
      observations_.unknowns.push_back(std::move(unknown));
    });
  }

  void read_observed(const YAML::Node& map) {
    if (!map) {
      return;
    }
    if (!map.IsMap()) {
      problem(map, "observations", "must be a mapping");
      return;
    }
    const std::string path = "observations";
    check_keys(map, path, {"retention", "nps", "csat", "ces", "failure_rate"});
    each_item(map["retention"], child_path(path, "retention"),
              [&](const YAML::Node& item, const std::string& at) { read_retention(item, at); });
    each_item(map["nps"], child_path(path, "nps"),
              [&](const YAML::Node& item, const std::string& at) { read_nps(item, at); });
    each_item(map["csat"], child_path(path, "csat"),
              [&](const YAML::Node& item, const std::string& at) {
                check_keys(item, at, {"touchpoint", "share", "responses"});
                read_share(item, at, "responses", observations_.csat);
              });
    each_item(map["ces"], child_path(path, "ces"),
              [&](const YAML::Node& item, const std::string& at) { read_ces(item, at); });
    each_item(map["failure_rate"], child_path(path, "failure_rate"),
              [&](const YAML::Node& item, const std::string& at) {
                check_keys(item, at, {"touchpoint", "share", "interactions"});
                read_share(item, at, "interactions", observations_.failure_rate);
              });
    const std::size_t observed = observations_.retention.size() + observations_.nps.size() +
                                 observations_.csat.size() + observations_.ces.size() +
                                 observations_.failure_rate.size();
    if (observed == 0 && problems_.empty()) {
      problem(map, path, "no observations: give retention, nps, csat, ces or failure_rate");
    }
  }

  std::optional<std::size_t> touchpoint(const YAML::Node& item, const std::string& path) {
    const auto id = name(item, path, "touchpoint");
    if (!id) {
      return std::nullopt;
    }
    for (std::size_t i = 0; i < scenario_.journey.size(); ++i) {
      if (scenario_.journey[i].id == *id) {
        return i;
      }
    }
    problem(item["touchpoint"], child_path(path, "touchpoint"),
            "no touchpoint `" + *id + "` in the journey");
    return std::nullopt;
  }

  void read_share(const YAML::Node& item, const std::string& path, const std::string& sample_key,
                  std::vector<ShareObservation>& into) {
    const auto index = touchpoint(item, path);
    const auto value = share(item, path, "share");
    const auto sample = sample_size(item, path, sample_key);
    if (index && value && sample) {
      into.push_back({*index, *value, *sample, location_of(item.Mark())});
    }
  }

  void read_ces(const YAML::Node& item, const std::string& path) {
    check_keys(item, path, {"touchpoint", "mean", "sd", "responses"});
    const auto index = touchpoint(item, path);
    const auto mean = number(item, path, "mean");
    const auto sd = number(item, path, "sd");
    const auto responses = sample_size(item, path, "responses");
    if (mean && (*mean < 1.0 || *mean > 7.0)) {
      problem(item["mean"], child_path(path, "mean"), "a CES mean lies in [1, 7]");
      return;
    }
    if (sd && !(*sd > 0.0)) {
      problem(item["sd"], child_path(path, "sd"), "must be above 0");
      return;
    }
    if (index && mean && sd && responses) {
      observations_.ces.push_back({*index, *mean, *sd, *responses, location_of(item.Mark())});
    }
  }

  void read_nps(const YAML::Node& item, const std::string& path) {
    check_keys(item, path, {"month", "score", "responses", "promoters", "detractors"});
    const auto month = number(item, path, "month");
    const auto score = number(item, path, "score");
    const auto responses = sample_size(item, path, "responses");
    const auto promoters = share(item, path, "promoters", false);
    const auto detractors = share(item, path, "detractors", false);
    if (score && (*score < -100.0 || *score > 100.0)) {
      problem(item["score"], child_path(path, "score"), "an NPS lies in [-100, 100]");
      return;
    }
    if (promoters.has_value() != detractors.has_value()) {
      problem(item, path, "give both `promoters` and `detractors`, or neither");
      return;
    }
    if (promoters && (*promoters + *detractors > 1.0 ||
                      std::abs(100.0 * (*promoters - *detractors) - *score) > 0.5)) {
      problem(item, path, "promoters and detractors must sum to at most 1 and give the score");
      return;
    }
    if (!month || !score || !responses) {
      return;
    }
    const auto& survey_months = scenario_.surveys.nps.months;
    if (*month != std::floor(*month) ||
        std::find(survey_months.begin(), survey_months.end(), static_cast<int>(*month)) ==
            survey_months.end()) {
      problem(item["month"], child_path(path, "month"),
              "month " + format_number(*month) +
                  " is not a survey month of the scenario (surveys.nps.months)");
      return;
    }
    observations_.nps.push_back({static_cast<int>(*month), *score, *responses, promoters,
                                 detractors, location_of(item.Mark())});
  }

  std::optional<std::size_t> segment_named(const YAML::Node& at, const std::string& path,
                                           const std::string& segment) {
    const auto& segments = scenario_.segments;
    const auto found = std::find_if(segments.begin(), segments.end(),
                                    [&](const Segment& s) { return s.name == segment; });
    if (found == segments.end()) {
      problem(at, path, "no segment `" + segment + "` in the scenario");
      return std::nullopt;
    }
    return static_cast<std::size_t>(found - segments.begin());
  }

  void read_retention(const YAML::Node& item, const std::string& path) {
    check_keys(item, path, {"segment", "cohorts", "file"});
    RetentionObservation observed;
    observed.location = location_of(item.Mark());
    if (item["segment"]) {
      const auto segment = name(item, path, "segment");
      if (!segment) {
        return;
      }
      observed.segment = segment_named(item["segment"], child_path(path, "segment"), *segment);
      if (!observed.segment) {
        return;
      }
    }
    if (item["file"]) {
      if (item["cohorts"]) {
        problem(item["file"], child_path(path, "file"), "give `cohorts` or `file`, not both");
        return;
      }
      read_retention_file(item, path, observed);
      return;
    }
    const std::string cohorts_path = child_path(path, "cohorts");
    const YAML::Node cohorts = required(item, path, "cohorts");
    if (!cohorts) {
      return;
    }
    if (!cohorts.IsSequence() || cohorts.size() == 0) {
      problem(cohorts, cohorts_path,
              "must be a list of cohorts, each the customers alive at "
              "periods 0, 1, … (period 0 is the cohort's start)");
      return;
    }
    for (std::size_t c = 0; c < cohorts.size(); ++c) {
      add_cohort(cohorts[c], item_path(cohorts_path, c), observed);
    }
    add_retention(item, path, std::move(observed));
  }

  void add_retention(const YAML::Node& item, const std::string& path,
                     RetentionObservation observed) {
    for (const auto& other : observations_.retention) {
      if (other.segment == observed.segment) {
        problem(item, path, "this segment's retention is given twice: put its cohorts together");
        return;
      }
    }
    observations_.retention.push_back(std::move(observed));
  }

  // A cohort table or customer records (`cxsim fit-retention`'s formats), its path relative to
  // the observations file. Data with a `segment` column give one observation per segment.
  void read_retention_file(const YAML::Node& item, const std::string& path,
                           const RetentionObservation& given) {
    const auto written = name(item, path, "file");
    if (!written) {
      return;
    }
    const std::string at = child_path(path, "file");
    const std::filesystem::path data_path =
        std::filesystem::path(file_).parent_path() / std::filesystem::path(*written);
    std::ifstream in(data_path, std::ios::binary);
    if (!in) {
      problem(item["file"], at, "cannot read " + data_path.string());
      return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    RetentionDataReading reading = read_retention_data(text.str(), data_path.string());
    for (Diagnostic& data_problem : reading.problems) {
      problems_.push_back(std::move(data_problem));
    }
    if (!reading.data) {
      return;
    }
    if (reading.data->by_segment && given.segment) {
      problem(item["segment"], child_path(path, "segment"),
              "the data have a segment column: leave `segment` out");
      return;
    }
    for (const RetentionSegment& segment : reading.data->segments) {
      RetentionObservation observed = given;
      if (reading.data->by_segment) {
        observed.segment = segment_named(item["file"], at, segment.name);
        if (!observed.segment) {
          return;
        }
      }
      const SurvivalCounts& counts = segment.counts;
      if (counts.last_period() > scenario_.simulation.months) {
        problem(item["file"], at,
                "the data run to period " + std::to_string(counts.last_period()) +
                    ", beyond the scenario's horizon of " +
                    std::to_string(scenario_.simulation.months) + " months");
        return;
      }
      double at_risk = counts.customers();
      for (int period = 1; period <= counts.last_period(); ++period) {
        const auto previous = static_cast<std::size_t>(period - 1);
        at_risk -= counts.deaths[previous] + counts.censored[previous];
        observed.at_risk.push_back(at_risk);
        observed.lost.push_back(counts.deaths[static_cast<std::size_t>(period)]);
      }
      add_retention(item, path, std::move(observed));
    }
  }

  void add_cohort(const YAML::Node& cohort, const std::string& path,
                  RetentionObservation& observed) {
    if (!cohort.IsSequence() || cohort.size() < 2) {
      problem(cohort, path,
              "a cohort is a list of customers alive at periods 0, 1, …: at least two");
      return;
    }
    const auto periods = static_cast<int>(cohort.size()) - 1;
    if (periods > scenario_.simulation.months) {
      problem(cohort[static_cast<std::size_t>(scenario_.simulation.months + 1)],
              item_path(path, static_cast<std::size_t>(scenario_.simulation.months + 1)),
              "period " + std::to_string(scenario_.simulation.months + 1) +
                  " is beyond the scenario's horizon of " +
                  std::to_string(scenario_.simulation.months) + " months");
      return;
    }
    std::vector<double> alive;
    for (std::size_t t = 0; t < cohort.size(); ++t) {
      double count = 0.0;
      const YAML::Node value = cohort[t];
      if (!value.IsScalar() || !YAML::convert<double>::decode(value, count) ||
          !std::isfinite(count) || count < 0.0 || count != std::floor(count)) {
        problem(value, item_path(path, t),
                "must be a whole number of customers ≥ 0, got `" + YAML::Dump(value) + "`");
        return;
      }
      if (t == 0 && count < 1.0) {
        problem(value, item_path(path, t), "a cohort starts with at least one customer");
        return;
      }
      if (t > 0 && count > alive.back()) {
        problem(value, item_path(path, t),
                "alive rises from " + format_number(alive.back()) + " to " + format_number(count) +
                    ": customers who left cannot come back");
        return;
      }
      alive.push_back(count);
    }
    if (observed.at_risk.size() < static_cast<std::size_t>(periods)) {
      observed.at_risk.resize(static_cast<std::size_t>(periods), 0.0);
      observed.lost.resize(static_cast<std::size_t>(periods), 0.0);
    }
    for (std::size_t t = 1; t < alive.size(); ++t) {
      observed.at_risk[t - 1] += alive[t - 1];
      observed.lost[t - 1] += alive[t - 1] - alive[t];
    }
  }

  std::string file_;
  const Scenario& scenario_;
  Observations observations_;
  std::vector<Diagnostic> problems_;
};

}  // namespace

ObservationsReading read_observations(const std::string& text, const std::string& file,
                                      const Scenario& scenario) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return {std::nullopt, {{file, {1, 1}, "", "the file is empty"}}};
  }
  return ObservationsReader(file, scenario).read(text);
}

}  // namespace cxsim
