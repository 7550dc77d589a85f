#include "io/result_comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "analysis/figures.hpp"

namespace cxsim {

namespace {

// ordered_json keeps the file's key order, so rows come out in the order the file lists them.
using Json = nlohmann::ordered_json;

// A file that is JSON but not shaped as a results file: the JSON path and what is wrong there.
class ShapeProblem : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::optional<double> number_or_null(const Json& value, const std::string& path) {
  if (value.is_null()) {
    return std::nullopt;
  }
  if (!value.is_number()) {
    throw ShapeProblem(path + ": expected a number or null, got " + std::string(value.type_name()));
  }
  return value.get<double>();
}

// A figure's value, or none when `value` is not a figure (a quantiles object, a string).
// results.json writes a number that is not finite as null, so an estimate with a null member is
// null as a whole.
std::optional<FigureValue> figure_value(const Json& value, const std::string& path) {
  if (value.is_null()) {
    return FigureValue{};
  }
  if (value.is_number()) {
    return FigureValue{value.get<double>()};
  }
  if (!value.is_object() || !value.contains("mean")) {
    return std::nullopt;
  }
  for (const char* key : {"mean", "lo", "hi"}) {
    if (!value.contains(key)) {
      throw ShapeProblem(path + ": an estimate needs mean, lo and hi; " + key + " is missing");
    }
  }
  const auto mean = number_or_null(value["mean"], path + ".mean");
  const auto lo = number_or_null(value["lo"], path + ".lo");
  const auto hi = number_or_null(value["hi"], path + ".hi");
  if (!mean || !lo || !hi) {
    return FigureValue{};
  }
  return FigureValue{Estimate{*mean, *lo, *hi}};
}

// A monthly series {mean: [...], lo: [...], hi: [...]} by its last month, or none when it is not
// a series or has no month.
std::optional<Figure> last_month(const Json& series, const std::string& name,
                                 const std::string& path) {
  if (!series.is_object() || !series.contains("mean") || !series["mean"].is_array()) {
    return std::nullopt;
  }
  const std::size_t months = series["mean"].size();
  for (const char* key : {"lo", "hi"}) {
    if (!series.contains(key) || !series[key].is_array() || series[key].size() != months) {
      throw ShapeProblem(path + "." + key + ": expected a list as long as " + path + ".mean");
    }
  }
  if (months == 0) {
    return std::nullopt;
  }
  const std::size_t t = months - 1;
  const std::string at = "[" + std::to_string(t) + "]";
  const auto mean = number_or_null(series["mean"][t], path + ".mean" + at);
  const auto lo = number_or_null(series["lo"][t], path + ".lo" + at);
  const auto hi = number_or_null(series["hi"][t], path + ".hi" + at);
  Figure figure{name + at, FigureValue{}};
  if (mean && lo && hi) {
    figure.value = Estimate{*mean, *lo, *hi};
  }
  return figure;
}

// The members of `parent[key]` if it is an object; nothing when it is absent or null.
const Json* object_member(const Json& parent, const char* key, const std::string& path) {
  if (!parent.contains(key) || parent[key].is_null()) {
    return nullptr;
  }
  if (!parent[key].is_object()) {
    throw ShapeProblem(path + "." + key + ": expected an object, got " +
                       std::string(parent[key].type_name()));
  }
  return &parent[key];
}

// Keys of a section that summarise the spread across replications: no estimate to compare.
bool is_spread_summary(FigureSection section, const std::string& key) {
  const FigureDefinition* figure = find_figure(section, key);
  return figure != nullptr && is_spread_summary(*figure);
}

// The members of a section of a variant, in file order.
const Json* section_member(const Json& variant, FigureSection section, const std::string& path) {
  return object_member(variant, std::string(section_key(section)).c_str(), path);
}

VariantFigures variant_figures(const Json& variant, const std::string& path) {
  if (!variant.is_object()) {
    throw ShapeProblem(path + ": expected an object, got " + std::string(variant.type_name()));
  }
  if (!variant.contains("id") || !variant["id"].is_string()) {
    throw ShapeProblem(path + ".id: missing or not a string");
  }
  VariantFigures result{variant["id"].get<std::string>(), {}};
  const auto add = [&](const Json& value, const std::string& name, const std::string& at) {
    if (auto figure = figure_value(value, at)) {
      result.figures.push_back({name, std::move(*figure)});
    }
  };
  // Estimates and numbers first, then series by their last month, then touchpoints.
  for (const FigureSection section : {FigureSection::totals, FigureSection::vs_baseline,
                                      FigureSection::monthly, FigureSection::touchpoints}) {
    const Json* members = section_member(variant, section, path);
    if (members == nullptr) {
      continue;
    }
    for (const auto& [key, value] : members->items()) {
      const std::string name = std::string(section_key(section)) + "." + key;
      const std::string at = path + "." + name;
      if (section == FigureSection::monthly) {
        if (auto figure = last_month(value, name, at)) {
          result.figures.push_back(std::move(*figure));
        }
      } else if (section == FigureSection::touchpoints) {
        if (!value.is_object()) {
          throw ShapeProblem(at + ": expected an object, got " + std::string(value.type_name()));
        }
        for (const auto& [figure, figure_json] : value.items()) {
          add(figure_json, name + "." + figure, at + "." + figure);
        }
      } else if (!is_spread_summary(section, key)) {
        add(value, name, at);
      }
    }
  }
  return result;
}

std::optional<std::int64_t> integer_setting(const Json& settings, const char* key) {
  if (settings.contains(key) && settings[key].is_number_integer()) {
    return settings[key].get<std::int64_t>();
  }
  return std::nullopt;
}

std::string string_member(const Json& parent, const char* object, const char* key) {
  if (parent.contains(object) && parent[object].is_object() && parent[object].contains(key) &&
      parent[object][key].is_string()) {
    return parent[object][key].get<std::string>();
  }
  return "";
}

ResultFigures result_figures(const Json& json) {
  ResultFigures result;
  result.scenario_name = string_member(json, "scenario", "name");
  result.sha256 = string_member(json, "scenario", "sha256");
  const Json* settings = object_member(json, "settings", "");
  if (settings == nullptr || !settings->contains("confidence") ||
      !(*settings)["confidence"].is_number()) {
    throw ShapeProblem("settings.confidence: missing or not a number");
  }
  result.confidence = (*settings)["confidence"].get<double>();
  if (!(result.confidence > 0.0 && result.confidence < 1.0)) {
    throw ShapeProblem("settings.confidence: must be between 0 and 1, got " +
                       (*settings)["confidence"].dump());
  }
  result.seed = integer_setting(*settings, "seed");
  result.customers = integer_setting(*settings, "customers");
  result.months = integer_setting(*settings, "months");
  result.replications = integer_setting(*settings, "replications");

  if (!json.contains("variants") || !json["variants"].is_array()) {
    throw ShapeProblem("variants: missing or not a list");
  }
  const Json& variants = json["variants"];
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const std::string path = "variants[" + std::to_string(v) + "]";
    VariantFigures variant = variant_figures(variants[v], path);
    const bool repeated =
        std::any_of(result.variants.begin(), result.variants.end(),
                    [&](const VariantFigures& earlier) { return earlier.id == variant.id; });
    if (repeated) {
      throw ShapeProblem(path + ".id: variant '" + variant.id + "' appears twice");
    }
    result.variants.push_back(std::move(variant));
  }
  return result;
}

// "[json.exception.parse_error.101] parse error at line 1, …" → "parse error at line 1, …".
std::string without_exception_id(const std::string& message) {
  const std::size_t end = message.starts_with("[json.exception.") ? message.find("] ") : 0;
  return end == std::string::npos || end == 0 ? message : message.substr(end + 2);
}

}  // namespace

ResultFiguresReading parse_result_figures(const std::string& text) {
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::exception& error) {  // a syntax error, or a number out of range
    return {std::nullopt, "not JSON (" + without_exception_id(error.what()) + ")"};
  }
  if (!json.is_object() || !json.contains("cxsim") || !json["cxsim"].is_object() ||
      !json["cxsim"].contains("schema")) {
    return {std::nullopt, "not a cxsim results file (no \"cxsim\" block with \"schema\": 1)"};
  }
  if (const Json& schema = json["cxsim"]["schema"]; schema != 1) {
    return {std::nullopt,
            "results schema " + schema.dump() + " is not supported (this cxsim reads schema 1)"};
  }
  try {
    return {result_figures(json), ""};
  } catch (const ShapeProblem& problem) {
    return {std::nullopt, std::string("not a valid cxsim results file: ") + problem.what()};
  }
}

ResultFiguresReading read_result_figures(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) {
    return {std::nullopt, "no such file"};
  }
  if (error) {
    return {std::nullopt, "cannot open the file (" + error.message() + ")"};
  }
  if (status.type() == std::filesystem::file_type::directory) {
    return {std::nullopt, "is a directory, not a results file"};
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return {std::nullopt, std::string("cannot open the file (") + std::strerror(errno) + ")"};
  }
  std::stringstream text;
  text << file.rdbuf();  // an empty file reads as nothing, and is then not JSON
  if (file.bad()) {
    return {std::nullopt, "cannot read the file"};
  }
  return parse_result_figures(text.str());
}

namespace {

std::optional<double> mean_of(const FigureValue& value) {
  if (const auto* number = std::get_if<double>(&value)) {
    return *number;
  }
  if (const auto* estimate = std::get_if<Estimate>(&value)) {
    return estimate->mean;
  }
  return std::nullopt;
}

// The two-sided normal quantile at `confidence`: how many standard errors a half-width is.
double normal_quantile(double confidence) {
  return boost::math::quantile(boost::math::normal(), 0.5 + 0.5 * confidence);
}

FigureComparison compare_figure(const std::string& variant, const Figure& a, const Figure& b,
                                double scale_a, double scale_b) {
  FigureComparison row{
      variant, a.name, a.value, b.value, std::nullopt, std::nullopt, Significance::not_assessed};
  const auto mean_a = mean_of(a.value);
  const auto mean_b = mean_of(b.value);
  if (!mean_a || !mean_b) {
    row.significance = Significance::not_significant;
    return row;
  }
  const double difference = *mean_b - *mean_a;
  row.difference = difference;
  const auto* estimate_a = std::get_if<Estimate>(&a.value);
  const auto* estimate_b = std::get_if<Estimate>(&b.value);
  if (estimate_a == nullptr || estimate_b == nullptr) {
    return row;  // a plain number has no interval to judge by
  }
  const double half_a = 0.5 * (estimate_a->hi - estimate_a->lo) * scale_a;
  const double half_b = 0.5 * (estimate_b->hi - estimate_b->lo) * scale_b;
  const double half_width = std::sqrt(half_a * half_a + half_b * half_b);
  row.half_width = half_width;
  // Sums taken in another order differ in the last bits: not a difference.
  const double noise = 1e-9 * std::max(std::abs(*mean_a), std::abs(*mean_b));
  row.significance = std::abs(difference) > half_width && std::abs(difference) > noise
                         ? Significance::significant
                         : Significance::not_significant;
  return row;
}

template <typename Item, typename Key>
std::map<std::string, const Item*> by_key(const std::vector<Item>& items, Key key) {
  std::map<std::string, const Item*> index;
  for (const Item& item : items) {
    index.emplace(key(item), &item);
  }
  return index;
}

}  // namespace

ResultComparison compare_result_figures(const ResultFigures& a, const ResultFigures& b) {
  ResultComparison comparison;
  comparison.confidence_a = a.confidence;
  comparison.confidence_b = b.confidence;
  comparison.confidence = std::min(a.confidence, b.confidence);
  // Draws are keyed by the seed and what they are for, not by the file: runs of one seed share
  // them wherever their scenarios agree, even after the file was edited.
  comparison.shared_random_numbers = a.seed && a.seed == b.seed;
  const double z = normal_quantile(comparison.confidence);
  const double scale_a =
      a.confidence == comparison.confidence ? 1.0 : z / normal_quantile(a.confidence);
  const double scale_b =
      b.confidence == comparison.confidence ? 1.0 : z / normal_quantile(b.confidence);

  const auto id = [](const VariantFigures& variant) { return variant.id; };
  const auto name = [](const Figure& figure) { return figure.name; };
  const auto variants_a = by_key(a.variants, id);
  const auto variants_b = by_key(b.variants, id);
  for (const VariantFigures& variant : a.variants) {
    const auto other = variants_b.find(variant.id);
    if (other == variants_b.end()) {
      comparison.only_in_a.push_back({variant.id, ""});
      continue;
    }
    const auto figures_b = by_key(other->second->figures, name);
    for (const Figure& figure : variant.figures) {
      const auto match = figures_b.find(figure.name);
      if (match == figures_b.end()) {
        comparison.only_in_a.push_back({variant.id, figure.name});
      } else {
        comparison.rows.push_back(
            compare_figure(variant.id, figure, *match->second, scale_a, scale_b));
      }
    }
  }
  for (const VariantFigures& variant : b.variants) {
    const auto other = variants_a.find(variant.id);
    if (other == variants_a.end()) {
      comparison.only_in_b.push_back({variant.id, ""});
      continue;
    }
    const auto figures_a = by_key(other->second->figures, name);
    for (const Figure& figure : variant.figures) {
      if (!figures_a.contains(figure.name)) {
        comparison.only_in_b.push_back({variant.id, figure.name});
      }
    }
  }
  return comparison;
}

}  // namespace cxsim
