#include "io/calibrated_scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <optional>
#include <set>

#include "scenario/joint_uncertainty.hpp"
#include "scenario/scenario_numbers.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim {

namespace {

constexpr std::string_view kCommentHead = "  # calibrated: ";
constexpr std::size_t kIndentStep = 2;

// The shortest text that reads back as exactly `value`.
std::string round_trip(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return {buffer.data(), result.ptr};
}

std::string three_digits(double value) {
  std::array<char, 32> buffer{};
  const int length = std::snprintf(buffer.data(), buffer.size(), "%.3g", value);
  return {buffer.data(), static_cast<std::size_t>(length)};
}

// One step of an index-form path: a key, or an item of a list.
struct Step {
  std::string key;
  std::optional<std::size_t> index;
};

std::vector<Step> steps_of(std::string_view path) {
  std::vector<Step> steps;
  std::string key;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '.' || path[i] == '[') {
      if (!key.empty()) {
        steps.push_back({key, std::nullopt});
        key.clear();
      }
      if (path[i] == '[') {
        const std::size_t close = path.find(']', i);
        steps.push_back({"", std::stoul(std::string(path.substr(i + 1, close - i - 1)))});
        i = close;
      }
    } else {
      key += path[i];
    }
  }
  if (!key.empty()) {
    steps.push_back({key, std::nullopt});
  }
  return steps;
}

// The text being edited, addressed by yaml-cpp's marks (0-based line and column).
class EditedText {
 public:
  explicit EditedText(std::string text) : text_(std::move(text)) {
    if (!text_.empty() && text_.back() != '\n') {
      text_ += '\n';
    }
  }

  const std::string& text() const { return text_; }

  std::size_t offset(const YAML::Mark& mark) const {
    return line_start(static_cast<std::size_t>(mark.line)) + static_cast<std::size_t>(mark.column);
  }
  std::size_t line_start(std::size_t line) const {
    std::size_t at = 0;
    for (std::size_t i = 0; i < line; ++i) {
      at = text_.find('\n', at) + 1;
    }
    return at;
  }
  std::size_t line_end(std::size_t at) const { return text_.find('\n', at); }
  std::size_t line_of(std::size_t at) const {
    return static_cast<std::size_t>(std::count(text_.begin(), text_.begin() + at, '\n'));
  }
  std::size_t indent_of_line(std::size_t start) const {
    std::size_t at = start;
    while (at < text_.size() && text_[at] == ' ') {
      ++at;
    }
    return at - start;
  }
  bool is_blank_or_comment(std::size_t start) const {
    const std::size_t at = start + indent_of_line(start);
    return at >= text_.size() || text_[at] == '\n' || text_[at] == '#';
  }

  // The end of a plain or quoted scalar starting at `at`; in a flow collection a plain scalar
  // also ends at `,`, `}` or `]`.
  std::size_t scalar_end(std::size_t at, bool in_flow) const {
    if (text_[at] == '"' || text_[at] == '\'') {
      const char quote = text_[at];
      for (std::size_t i = at + 1; i < text_.size(); ++i) {
        if (quote == '"' && text_[i] == '\\') {
          ++i;
        } else if (text_[i] == quote) {
          if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
            ++i;
          } else {
            return i + 1;
          }
        }
      }
      return text_.size();
    }
    std::size_t end = at;
    while (end < text_.size() && text_[end] != '\n' &&
           !(in_flow && (text_[end] == ',' || text_[end] == '}' || text_[end] == ']')) &&
           !(text_[end] == '#' && end > at && text_[end - 1] == ' ')) {
      ++end;
    }
    while (end > at && text_[end - 1] == ' ') {
      --end;
    }
    return end;
  }

  // Just past the bracket closing the flow collection that opens at `at`.
  std::size_t flow_end(std::size_t at) const {
    int depth = 0;
    for (std::size_t i = at; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '"' || c == '\'') {
        i = scalar_end(i, true) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return i + 1;
        }
      }
    }
    return text_.size();
  }

  // The end (before its line break) of the last line of the block collection whose first line
  // starts at `first_line_start`, its keys or dashes at column `column`: it runs on while lines
  // are blank, comments, or indented at least as far (or, with `dashes`, are a list's items
  // at the column before: YAML lets a key's list start at the key's own column).
  std::size_t block_end(std::size_t first_line_start, std::size_t column,
                        bool dashes = false) const {
    std::size_t last = first_line_start;
    for (std::size_t at = line_end(first_line_start) + 1; at < text_.size();
         at = line_end(at) + 1) {
      if (is_blank_or_comment(at)) {
        continue;
      }
      const std::size_t indent = indent_of_line(at);
      const bool item = dashes && indent + 1 == column && text_[at + indent] == '-';
      if (indent < column && !item) {
        break;
      }
      last = at;
    }
    return line_end(last);
  }

  void replace(std::size_t begin, std::size_t end, const std::string& with) {
    text_.replace(begin, end - begin, with);
  }

  // Appends `comment` to the line holding `at`. A calibration comment already there from this
  // calibration (another value on the same line) stays; one from an earlier calibration goes.
  void comment_line(std::size_t at, const std::string& comment, std::string_view this_run) {
    const std::size_t start = line_start(line_of(at));
    const std::size_t end = line_end(at);
    const std::size_t earlier = text_.find(kCommentHead, start);
    if (earlier != std::string::npos && earlier < end &&
        text_.substr(earlier, end - earlier).find(this_run) == std::string::npos) {
      replace(earlier, end, std::string(kCommentHead) + comment);
    } else {
      replace(end, end, std::string(kCommentHead) + comment);
    }
  }

 private:
  std::string text_;
};

// `keys` nested down to `value`: as block lines at `indent` (below), or as one flow item.
std::string nested_block(std::span<const Step> keys, std::size_t indent, const std::string& value,
                         const std::string& comment) {
  std::string lines;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    lines += "\n" + std::string(indent + k * kIndentStep, ' ') + keys[k].key + ":";
  }
  return lines + " " + value + std::string(kCommentHead) + comment;
}

std::string nested_flow(std::span<const Step> keys, const std::string& value) {
  std::string item = keys.back().key + ": " + value;
  for (std::size_t k = keys.size() - 1; k-- > 0;) {
    item = keys[k].key + ": {" + item + "}";
  }
  return item;
}

// Writes `value` at the index-form `path` of `text`, with `comment`.
void write_value(EditedText& text, const std::string& path, const std::string& value,
                 const std::string& comment, std::string_view this_run) {
  const std::vector<Step> steps = steps_of(path);
  // Nodes are pushed, never assigned: assigning a yaml-cpp node rebinds the node it refers to.
  std::vector<YAML::Node> trail{YAML::Load(text.text())};
  std::size_t s = 0;
  while (s < steps.size()) {
    const YAML::Node node = trail.back();
    if (steps[s].index) {
      trail.push_back(node[*steps[s].index]);
      ++s;
      continue;
    }
    // A key of a mapping may hold dots (a change's `functional.success`): the longest match.
    std::optional<std::pair<YAML::Node, YAML::Node>> entry;
    std::size_t matched = s;
    for (std::size_t e = steps.size(); e > s && !entry; --e) {
      std::string key;
      bool keys_only = true;
      for (std::size_t k = s; k < e; ++k) {
        keys_only = keys_only && !steps[k].index;
        key += (k > s ? "." : "") + steps[k].key;
      }
      if (!keys_only || !node.IsMap()) {
        continue;
      }
      for (const auto& pair : node) {
        if (pair.first.IsScalar() && pair.first.Scalar() == key) {
          entry = std::make_pair(pair.first, pair.second);
          matched = e;
          break;
        }
      }
    }
    if (!entry) {
      break;
    }
    if (matched < steps.size()) {
      trail.push_back(entry->second);
      s = matched;
      continue;
    }
    const YAML::Node& key_node = entry->first;
    const YAML::Node& value_node = entry->second;
    const std::size_t key_at = text.offset(key_node.Mark());
    const bool in_flow = node.Style() == YAML::EmitterStyle::Flow;
    if (value_node.IsScalar()) {
      const std::size_t at = text.offset(value_node.Mark());
      text.replace(at, text.scalar_end(at, in_flow), value);
      text.comment_line(at, comment, this_run);
    } else if (value_node.Style() == YAML::EmitterStyle::Flow) {
      const std::size_t at = text.offset(value_node.Mark());
      text.replace(at, text.flow_end(at), value);
      text.comment_line(at, comment, this_run);
    } else {
      // A distribution written as a block: from the key's colon to the block's last line.
      const std::size_t colon = text.text().find(':', key_at + key_node.Scalar().size());
      const std::size_t inner_start =
          text.line_start(static_cast<std::size_t>(value_node.Mark().line));
      const std::size_t end =
          text.block_end(inner_start, static_cast<std::size_t>(value_node.Mark().column));
      text.replace(colon + 1, end, " " + value + std::string(kCommentHead) + comment);
    }
    return;
  }
  // The file relies on the default: the missing keys go under the deepest mapping present.
  const YAML::Node node = trail.back();
  const std::span<const Step> missing(steps.begin() + static_cast<std::ptrdiff_t>(s), steps.end());
  if (missing.empty() ||
      std::any_of(missing.begin(), missing.end(), [](const Step& step) { return step.index; }) ||
      !(node.IsMap() || node.IsNull())) {
    throw CalibratedScenarioError("cannot write " + path + " into the scenario");
  }
  if (node.IsMap() && node.Style() == YAML::EmitterStyle::Flow) {
    const std::size_t open = text.offset(node.Mark());
    const std::size_t close = text.flow_end(open) - 1;
    text.replace(close, close, (node.size() > 0 ? ", " : "") + nested_flow(missing, value));
    text.comment_line(close, comment, this_run);
    return;
  }
  if (node.IsMap() && node.size() > 0) {
    const YAML::Mark first_key = node.begin()->first.Mark();
    const auto column = static_cast<std::size_t>(first_key.column);
    const std::size_t end =
        text.block_end(text.line_start(static_cast<std::size_t>(first_key.line)), column);
    text.replace(end, end, nested_block(missing, column, value, comment));
    return;
  }
  throw CalibratedScenarioError("cannot write " + path +
                                " into the scenario: its section is empty; write it out first");
}

// The text of the top-level joint_uncertainty key, its lines included, removed.
void remove_joint_section(EditedText& text) {
  const YAML::Node root = YAML::Load(text.text());
  for (const auto& pair : root) {
    if (pair.first.IsScalar() && pair.first.Scalar() == "joint_uncertainty") {
      const std::size_t start = text.line_start(static_cast<std::size_t>(pair.first.Mark().line));
      const std::size_t end = text.block_end(start, 1, true);
      text.replace(start, end + 1, "");
      return;
    }
  }
}

std::string plain_or_quoted(const std::string& path) {
  const bool plain = std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           c == '[' || c == ']';
  });
  if (plain) {
    return path;
  }
  std::string quoted = "\"";
  for (const char c : path) {
    quoted += (c == '"' || c == '\\') ? std::string{'\\', c} : std::string{c};
  }
  return quoted + "\"";
}

std::string joint_block(const std::vector<std::pair<std::string, ParameterScale>>& parameters,
                        const std::vector<std::vector<double>>& covariance) {
  std::string block = "  - parameters:\n";
  for (const auto& [path, scale] : parameters) {
    block += "      - path: " + plain_or_quoted(path) +
             "\n        scale: " + std::string(scale_name(scale)) + "\n";
  }
  block += "    covariance:\n";
  for (std::size_t i = 0; i < covariance.size(); ++i) {
    block += "      - [";
    for (std::size_t j = 0; j < covariance.size(); ++j) {
      // Written symmetric: a fitted covariance may differ from its transpose in the last bit.
      block += (j > 0 ? ", " : "") + round_trip(0.5 * (covariance[i][j] + covariance[j][i]));
    }
    block += "]\n";
  }
  return block;
}

std::string first_problem(const ScenarioReading& reading) {
  return reading.problems.empty() ? std::string("no scenario") : to_string(reading.problems[0]);
}

}  // namespace

std::string calibrated_scenario_text(std::string_view scenario_text,
                                     const std::string& scenario_file,
                                     std::span<const FittedParameter> parameters,
                                     const std::vector<std::vector<double>>& covariance,
                                     std::string_view data_file, std::string_view date) {
  const ScenarioReading original = read_scenario_text(scenario_text, scenario_file);
  if (!original.scenario) {
    throw CalibratedScenarioError(first_problem(original));
  }
  if (parameters.empty()) {
    throw CalibratedScenarioError("no fitted parameter to write");
  }
  if (covariance.size() != parameters.size()) {
    throw CalibratedScenarioError("the covariance has " + std::to_string(covariance.size()) +
                                  " rows for " + std::to_string(parameters.size()) +
                                  " fitted parameters");
  }
  std::vector<std::string> index_forms;
  for (const FittedParameter& parameter : parameters) {
    try {
      index_forms.push_back(index_form_path(*original.scenario, parameter.path));
    } catch (const UnknownParameterPath& unknown) {
      throw CalibratedScenarioError(unknown.what());
    }
  }

  const std::string this_run = " from " + std::string(data_file) + " on " + std::string(date);
  EditedText text{std::string(scenario_text)};
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const FittedParameter& parameter = parameters[k];
    const std::string value = round_trip(parameter.estimate);
    write_value(text, index_forms[k], value,
                value + " (se " + three_digits(parameter.standard_error) + ")" + this_run,
                this_run);
  }

  // The joint blocks: the fit's, and those of the file that draw none of the fitted parameters.
  const std::set<std::string> fitted(index_forms.begin(), index_forms.end());
  std::string section = "joint_uncertainty:\n";
  for (const JointUncertainty& block : original.scenario->joint_uncertainty) {
    std::vector<std::pair<std::string, ParameterScale>> kept;
    bool overlaps = false;
    for (const JointParameter& parameter : block.parameters) {
      overlaps = overlaps || fitted.contains(index_form_path(*original.scenario, parameter.path));
      kept.emplace_back(parameter.path, parameter.scale);
    }
    if (!overlaps) {
      section += joint_block(kept, block.covariance);
    }
  }
  std::vector<std::pair<std::string, ParameterScale>> fit;
  for (const FittedParameter& parameter : parameters) {
    fit.emplace_back(parameter.path, parameter.scale);
  }
  section += "  # calibrated: the fit's covariance on the parameters' scales" + this_run + "\n" +
             joint_block(fit, covariance);
  remove_joint_section(text);
  std::string written = text.text() + section;

  const ScenarioReading check = read_scenario_text(written, scenario_file);
  if (!check.scenario) {
    throw CalibratedScenarioError("the calibrated scenario does not read back: " +
                                  first_problem(check));
  }
  Scenario read_back = *check.scenario;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const Number* number = find_number(read_back, index_forms[k]);
    const double* value = number == nullptr ? nullptr : std::get_if<double>(number);
    if (value == nullptr || *value != parameters[k].estimate) {
      throw CalibratedScenarioError("the calibrated scenario does not read back " +
                                    parameters[k].path + " as " +
                                    round_trip(parameters[k].estimate));
    }
  }
  return written;
}

}  // namespace cxsim
