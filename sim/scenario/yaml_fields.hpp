// Typed reading of YAML for a loader: the keys of a mapping checked against those it may have
// (unknown ones with a suggestion, duplicates, missing required ones), scalars read as text,
// flags, numbers, whole numbers or distributions, every problem reported with its location and
// path, and every value's location recorded. What the keys mean is the schema's
// (scenario_loader.cpp).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/number.hpp"
#include "scenario/scenario_loader.hpp"
#include "scenario/yaml_location.hpp"

namespace cxsim {

using Keys = std::span<const std::string_view>;

// How a node reads in a message: "'abc'", "a list", "a mapping", "nothing".
std::string describe(const YAML::Node& node);

std::optional<double> parse_real(std::string_view text);

// Accepts 200000 and also 2e5 or 200000.0: a whole number however it is written.
std::optional<std::int64_t> parse_whole(std::string_view text);

struct Field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// The keys of one mapping, checked against the keys it may have.
struct Fields {
  std::string path;
  YAML::Node node;
  std::vector<Field> entries;

  const Field* find(std::string_view key) const {
    for (const Field& field : entries) {
      if (field.key == key) {
        return &field;
      }
    }
    return nullptr;
  }
};

// Reads values into a LoadedScenario's record: problems into its diagnostics (a value that
// could not be read also into its unread paths), locations into its source map.
class YamlFieldReader {
 public:
  explicit YamlFieldReader(LoadedScenario& loaded)
      : source_map_(loaded.source_map),
        diagnostics_(loaded.diagnostics),
        unread_paths_(loaded.unread_paths) {}

 protected:
  // yaml-cpp marks an empty value where the next token starts, often the next line; such a
  // value is located at its key instead, which the parent mapping recorded.
  SourceLocation location(const YAML::Node& node, const std::string& path) const {
    return node.IsNull() ? source_map_.locate(path) : location_of(node.Mark());
  }

  // A value at `path` that could not be read.
  void error(const YAML::Node& at, const std::string& path, std::string message) {
    diagnostics_.push_back({source_map_.file(), location(at, path), path, std::move(message)});
    unread_paths_.push_back(path);
  }

  // A key is located where it is written, even an empty one (`~:`).
  void key_error(const YAML::Node& key, const std::string& path, std::string message) {
    diagnostics_.push_back({source_map_.file(), location_of(key.Mark()), path, std::move(message)});
  }

  void record(const std::string& path, const YAML::Node& node) {
    if (!node.IsNull()) {
      source_map_.record(path, location_of(node.Mark()));
    }
  }

  // The entries of a mapping, after reporting duplicate, unknown and missing required keys.
  // Nothing when the node is not a mapping (reported); an empty mapping for a null node.
  std::optional<Fields> fields(const YAML::Node& node, const std::string& path, Keys known,
                               Keys required = {});

  // Reports keys that exist in the schema but not in this form (`start` without `every`).
  void reject_foreign(const Fields& fields, Keys allowed, const std::string& form);

  const YAML::Node* scalar(const Fields& fields, std::string_view key, const std::string& what);

  void read_text(const Fields& fields, std::string_view key, std::string& out);
  void read_flag(const Fields& fields, std::string_view key, bool& out);
  void read_real(const Fields& fields, std::string_view key, double& out);
  std::optional<std::int64_t> read_whole(const Fields& fields, std::string_view key);
  void read_whole(const Fields& fields, std::string_view key, std::int64_t& out);
  void read_whole(const Fields& fields, std::string_view key, int& out);
  void read_whole_list(const Fields& fields, std::string_view key, std::vector<int>& out);
  void read_number(const Fields& fields, std::string_view key, Number& out);
  bool read_number(const YAML::Node& node, const std::string& path, Number& out);
  std::optional<Distribution> read_distribution(const YAML::Node& node, const std::string& path);

  // Calls `read_item(node, path)` for each element of the list at `key`.
  template <typename ReadItem>
  void read_list(const Fields& fields, std::string_view key, ReadItem read_item);

  // Fields of the mapping at `key` of `parent`; nothing when absent or malformed.
  std::optional<Fields> section(const Fields& parent, std::string_view key, Keys known,
                                Keys required = {}) {
    const Field* field = parent.find(key);
    if (field == nullptr) {
      return std::nullopt;
    }
    return fields(field->value, child_path(parent.path, key), known, required);
  }
  // The same for a section of named numbers, where a lone number is a likely slip: its message
  // shows how to write it (`cost: 80000` → `cost: {one_time: 80000}`).
  std::optional<Fields> number_section(const Fields& parent, std::string_view key, Keys known,
                                       Keys required = {});

 private:
  SourceMap& source_map_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<std::string>& unread_paths_;
};

template <typename ReadItem>
void YamlFieldReader::read_list(const Fields& fields, std::string_view key, ReadItem read_item) {
  const Field* field = fields.find(key);
  if (field == nullptr || field->value.IsNull()) {
    return;
  }
  const std::string path = child_path(fields.path, key);
  if (!field->value.IsSequence()) {
    error(field->value, path, "must be a list, got " + describe(field->value));
    return;
  }
  for (std::size_t i = 0; i < field->value.size(); ++i) {
    const YAML::Node item = field->value[i];
    record(item_path(path, i), item);
    read_item(item, item_path(path, i));
  }
}

}  // namespace cxsim
