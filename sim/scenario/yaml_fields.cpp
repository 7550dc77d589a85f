#include "scenario/yaml_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "base/text.hpp"

namespace cxsim {

namespace {

// YAML allows an explicit plus sign, std::from_chars does not; "+-1" stays malformed.
std::string_view without_plus(std::string_view text) {
  if (text.starts_with('+') && !text.substr(1).starts_with('-')) {
    text.remove_prefix(1);
  }
  return text;
}

// "; write 0.015 (a share), not 1.5%" for a percentage: scenarios write shares.
std::string percent_hint(std::string_view text) {
  if (!text.ends_with('%')) {
    return "";
  }
  std::string_view number = text.substr(0, text.size() - 1);
  while (number.ends_with(' ')) {
    number.remove_suffix(1);
  }
  const std::optional<double> value = parse_real(number);
  return value ? "; write " + format_number(*value / 100.0) + " (a share), not " + std::string(text)
               : "";
}

std::string not_a_number(const YAML::Node& node) {
  return "must be a number, got " + describe(node) + percent_hint(node.Scalar());
}

}  // namespace

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return quoted_text(node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

std::optional<double> parse_real(std::string_view text) {
  text = without_plus(text);
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> parse_whole(std::string_view text) {
  text = without_plus(text);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc{} && end == text.data() + text.size()) {
    return value;
  }
  constexpr double kExactLimit = 9007199254740992.0;  // 2^53: beyond it doubles skip integers
  const std::optional<double> real = parse_real(text);
  if (real && std::trunc(*real) == *real && std::abs(*real) <= kExactLimit) {
    return static_cast<std::int64_t>(*real);
  }
  return std::nullopt;
}

std::optional<Fields> YamlFieldReader::fields(const YAML::Node& node, const std::string& path,
                                              Keys known, Keys required) {
  record(path, node);
  if (node.IsNull()) {
    Fields empty{path, node, {}};
    for (const std::string_view key : required) {
      error(node, child_path(path, key), "missing required key");
    }
    return empty;
  }
  if (!node.IsMap()) {
    error(node, path, "must be a mapping of keys, got " + describe(node));
    return std::nullopt;
  }
  Fields result{path, node, {}};
  for (const auto& pair : node) {
    const YAML::Node& key_node = pair.first;
    if (!key_node.IsScalar()) {
      key_error(key_node, path, "keys must be plain names, got " + describe(key_node));
      continue;
    }
    const std::string key = key_node.Scalar();
    const std::string key_path = child_path(path, key);
    if (result.find(key) != nullptr) {
      key_error(key_node, key_path, "duplicate key; each key may appear once");
      continue;
    }
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      key_error(key_node, key_path,
                key == "<<" ? "unknown key; YAML merge keys are not supported, write the keys out"
                            : "unknown key" + suggestion_for(key, known));
      continue;
    }
    source_map_.record(key_path,
                       location_of(pair.second.IsNull() ? pair.first.Mark() : pair.second.Mark()));
    result.entries.push_back({key, key_node, pair.second});
  }
  for (const std::string_view key : required) {
    if (result.find(key) == nullptr) {
      error(node, child_path(path, key), "missing required key");
    }
  }
  return result;
}

std::optional<Fields> YamlFieldReader::number_section(const Fields& parent, std::string_view key,
                                                      Keys known, Keys required) {
  const Field* field = parent.find(key);
  if (field != nullptr && field->value.IsScalar() && !known.empty()) {
    const std::string& text = field->value.Scalar();
    error(field->value, child_path(parent.path, key),
          "must be a mapping with keys " + quoted_list(known) + ", got " + describe(field->value) +
              (parse_real(text) ? "; write " + std::string(key) + ": {" +
                                      std::string(known.front()) + ": " + text + "}"
                                : ""));
    return std::nullopt;
  }
  return section(parent, key, known, required);
}

void YamlFieldReader::reject_foreign(const Fields& fields, Keys allowed, const std::string& form) {
  for (const Field& field : fields.entries) {
    if (std::find(allowed.begin(), allowed.end(), field.key) == allowed.end()) {
      error(field.key_node, child_path(fields.path, field.key),
            "does not apply to " + form + "; it takes " + quoted_list(allowed));
    }
  }
}

const YAML::Node* YamlFieldReader::scalar(const Fields& fields, std::string_view key,
                                          const std::string& what) {
  const Field* field = fields.find(key);
  if (field == nullptr) {
    return nullptr;
  }
  if (!field->value.IsScalar()) {
    error(field->value, child_path(fields.path, key),
          "must be " + what + ", got " + describe(field->value));
    return nullptr;
  }
  return &field->value;
}

void YamlFieldReader::read_text(const Fields& fields, std::string_view key, std::string& out) {
  if (const YAML::Node* node = scalar(fields, key, "a text")) {
    out = node->Scalar();
  }
}

void YamlFieldReader::read_flag(const Fields& fields, std::string_view key, bool& out) {
  if (const YAML::Node* node = scalar(fields, key, "true or false")) {
    const std::string& text = node->Scalar();
    if (text == "true") {
      out = true;
    } else if (text == "false") {
      out = false;
    } else {
      error(*node, child_path(fields.path, key), "must be true or false, got " + describe(*node));
    }
  }
}

void YamlFieldReader::read_real(const Fields& fields, std::string_view key, double& out) {
  if (const YAML::Node* node = scalar(fields, key, "a number")) {
    if (const auto value = parse_real(node->Scalar())) {
      out = *value;
    } else {
      error(*node, child_path(fields.path, key), not_a_number(*node));
    }
  }
}

std::optional<std::int64_t> YamlFieldReader::read_whole(const Fields& fields,
                                                        std::string_view key) {
  const YAML::Node* node = scalar(fields, key, "a whole number");
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto value = parse_whole(node->Scalar());
  if (!value) {
    error(*node, child_path(fields.path, key), "must be a whole number, got " + describe(*node));
  }
  return value;
}

void YamlFieldReader::read_whole(const Fields& fields, std::string_view key, std::int64_t& out) {
  if (const auto value = read_whole(fields, key)) {
    out = *value;
  }
}

void YamlFieldReader::read_whole(const Fields& fields, std::string_view key, int& out) {
  if (const auto value = read_whole(fields, key)) {
    if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
      error(fields.find(key)->value, child_path(fields.path, key),
            "is out of range, got " + std::to_string(*value));
    } else {
      out = static_cast<int>(*value);
    }
  }
}

void YamlFieldReader::read_whole_list(const Fields& fields, std::string_view key,
                                      std::vector<int>& out) {
  read_list(fields, key, [&](const YAML::Node& node, const std::string& path) {
    const std::optional<std::int64_t> value =
        node.IsScalar() ? parse_whole(node.Scalar()) : std::nullopt;
    if (!value || *value < std::numeric_limits<int>::min() ||
        *value > std::numeric_limits<int>::max()) {
      error(node, path, "must be a whole number, got " + describe(node));
      return;
    }
    out.push_back(static_cast<int>(*value));
  });
}

void YamlFieldReader::read_number(const Fields& fields, std::string_view key, Number& out) {
  if (const Field* field = fields.find(key)) {
    read_number(field->value, child_path(fields.path, key), out);
  }
}

bool YamlFieldReader::read_number(const YAML::Node& node, const std::string& path, Number& out) {
  if (node.IsScalar()) {
    if (const auto value = parse_real(node.Scalar())) {
      out = *value;
      return true;
    }
    error(node, path, not_a_number(node));
    return false;
  }
  if (node.IsMap()) {
    if (auto distribution = read_distribution(node, path)) {
      out = std::move(*distribution);
      return true;
    }
    return false;
  }
  error(node, path,
        "must be a number or a distribution such as {uniform: [a, b]}, got " + describe(node));
  return false;
}

std::optional<Distribution> YamlFieldReader::read_distribution(const YAML::Node& node,
                                                               const std::string& path) {
  if (node.size() != 1) {
    error(node, path,
          "a distribution is one family and its parameters, such as {uniform: [a, b]}, got " +
              std::to_string(node.size()) + " keys");
    return std::nullopt;
  }
  const auto pair = *node.begin();
  const std::string name = pair.first.IsScalar() ? pair.first.Scalar() : describe(pair.first);
  const auto family_index =
      std::find(kDistributionFamilyNames.begin(), kDistributionFamilyNames.end(), name) -
      kDistributionFamilyNames.begin();
  if (family_index == std::ssize(kDistributionFamilyNames)) {
    error(pair.first, path,
          "unknown distribution " + quoted_text(name) +
              suggestion_for(name, kDistributionFamilyNames));
    return std::nullopt;
  }
  Distribution distribution{static_cast<DistributionFamily>(family_index), {}};
  const YAML::Node& parameters = pair.second;
  const std::string form =
      distribution.family == DistributionFamily::lognormal    ? "{lognormal: {mean: m, sd: s}}"
      : distribution.family == DistributionFamily::triangular ? "{triangular: [lo, mode, hi]}"
      : distribution.family == DistributionFamily::normal     ? "{normal: [mean, sd]}"
                                                              : "{" + name + ": [a, b]}";
  if (distribution.family == DistributionFamily::lognormal) {
    constexpr std::array<std::string_view, 2> kKeys{"mean", "sd"};
    if (!parameters.IsMap()) {
      error(parameters, path, "lognormal is written " + form + ", got " + describe(parameters));
      return std::nullopt;
    }
    const auto named = fields(parameters, path + ".lognormal", kKeys, kKeys);
    if (!named || !named->find("mean") || !named->find("sd")) {
      return std::nullopt;
    }
    distribution.parameters.assign(2, 0.0);
    const std::size_t errors_before = diagnostics_.size();
    read_real(*named, "mean", distribution.parameters[0]);
    read_real(*named, "sd", distribution.parameters[1]);
    if (diagnostics_.size() != errors_before) {
      return std::nullopt;
    }
    return distribution;
  }
  const auto arity = static_cast<std::size_t>(family_arity(distribution.family));
  if (!parameters.IsSequence() || parameters.size() != arity) {
    error(parameters, path,
          name + " takes " + std::to_string(arity) + " parameters, written " + form + ", got " +
              (parameters.IsSequence() ? std::to_string(parameters.size()) + " parameters"
                                       : describe(parameters)));
    return std::nullopt;
  }
  for (std::size_t i = 0; i < arity; ++i) {
    const YAML::Node& parameter = parameters[i];
    const std::optional<double> value =
        parameter.IsScalar() ? parse_real(parameter.Scalar()) : std::nullopt;
    if (!value) {
      error(parameter, path,
            name + " parameters must be numbers, got " + describe(parameter) +
                (parameter.IsScalar() ? percent_hint(parameter.Scalar()) : ""));
      return std::nullopt;
    }
    distribution.parameters.push_back(*value);
  }
  return distribution;
}

}  // namespace cxsim
