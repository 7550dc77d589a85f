#include "calibration/retention_data.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <utility>

#include "base/text.hpp"

namespace cxsim {

namespace {

// Past this many, more problems bury the first rather than help fix them.
constexpr std::size_t kMostProblems = 100;
// Counts beyond 10^12 are no customer base's: the sums of the likelihood stay exact in doubles.
constexpr std::int64_t kMostCount = 1'000'000'000'000;

constexpr std::array<std::string_view, 7> kColumns{"cohort", "period",  "alive",  "customer",
                                                   "tenure", "churned", "segment"};
constexpr std::string_view kExpectedHeader =
    "expected the header 'cohort,period,alive' or 'customer,tenure,churned' (either with an "
    "optional 'segment' column)";

// " (did you mean 'x'?)" for a likely typo of a column's name, else nothing.
std::string typo_hint(std::string_view name) {
  const auto closest = closest_name(name, kColumns);
  return closest ? " (did you mean '" + std::string(*closest) + "'?)" : "";
}

struct Field {
  std::string text;
  int column = 1;
};

struct Line {
  int number = 1;
  std::string_view text;
};

// The fields of a CSV line (RFC 4180 quotes allowed), each with the column it starts at.
std::vector<Field> fields_of(std::string_view line) {
  std::vector<Field> fields;
  std::size_t at = 0;
  while (true) {
    Field field{{}, static_cast<int>(at) + 1};
    if (at < line.size() && line[at] == '"') {
      ++at;
      while (at < line.size()) {
        if (line[at] == '"') {
          if (at + 1 < line.size() && line[at + 1] == '"') {
            field.text += '"';
            at += 2;
            continue;
          }
          ++at;
          break;
        }
        field.text += line[at++];
      }
    }
    const std::size_t comma = line.find(',', at);
    field.text +=
        line.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    fields.push_back(std::move(field));
    if (comma == std::string_view::npos) {
      return fields;
    }
    at = comma + 1;
  }
}

std::vector<Line> lines_of(std::string_view text) {
  std::vector<Line> lines;
  int number = 1;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    lines.push_back({number++, line});
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
  return lines;
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  void problem(int line, int column, std::string_view key, std::string message) {
    if (problems_.size() < kMostProblems) {
      problems_.push_back({file_, {line, column}, std::string(key), std::move(message)});
    }
  }

  // A whole number in [0, kMostCount], or none (the problem said).
  std::optional<std::int64_t> count(int line, const Field& field, std::string_view key) {
    std::int64_t value = 0;
    const char* end = field.text.data() + field.text.size();
    const auto [stop, error] = std::from_chars(field.text.data(), end, value);
    if (field.text.empty() || error != std::errc() || stop != end || value < 0 ||
        value > kMostCount) {
      problem(line, field.column, key,
              "expected a whole number from 0 to 10^12, got " + quoted_text(field.text));
      return std::nullopt;
    }
    return value;
  }

  std::vector<Diagnostic> problems() && {
    sort_by_location(problems_);
    return std::move(problems_);
  }
  bool failed() const { return !problems_.empty(); }

 private:
  const std::string& file_;
  std::vector<Diagnostic> problems_;
};

struct CohortRow {
  int line = 0;
  Field period_field;
  Field alive_field;
  std::int64_t period = 0;
  std::int64_t alive = 0;
};

void add(SurvivalCounts& counts, std::vector<double> SurvivalCounts::*which, std::int64_t period,
         std::int64_t customers) {
  const auto size = static_cast<std::size_t>(period) + 1;
  if (counts.deaths.size() < size) {
    counts.deaths.resize(size, 0.0);
    counts.censored.resize(size, 0.0);
  }
  (counts.*which)[static_cast<std::size_t>(period)] += static_cast<double>(customers);
}

}  // namespace

std::string_view format_name(RetentionDataFormat format) {
  return format == RetentionDataFormat::cohorts ? "cohorts" : "customers";
}

double SurvivalCounts::customers() const {
  return std::accumulate(deaths.begin(), deaths.end(), 0.0) +
         std::accumulate(censored.begin(), censored.end(), 0.0);
}

double SurvivalCounts::total_deaths() const {
  return std::accumulate(deaths.begin(), deaths.end(), 0.0);
}

SurvivalCounts SurvivalCounts::through(int last) const {
  if (last >= last_period()) {
    return *this;
  }
  const auto kept = static_cast<std::size_t>(last) + 1;
  SurvivalCounts shorter{{deaths.begin(), deaths.begin() + static_cast<std::ptrdiff_t>(kept)},
                         {censored.begin(), censored.begin() + static_cast<std::ptrdiff_t>(kept)}};
  for (std::size_t t = kept; t < deaths.size(); ++t) {
    shorter.censored.back() += deaths[t] + censored[t];
  }
  return shorter;
}

RetentionDataReading read_retention_data(std::string_view text, const std::string& file) {
  Reader reader(file);
  std::vector<Line> lines = lines_of(text);
  const auto first =
      std::find_if(lines.begin(), lines.end(), [](const Line& line) { return !blank(line.text); });
  if (first == lines.end()) {
    reader.problem(1, 1, "", std::string("the file is empty; ") + std::string(kExpectedHeader));
    return {std::nullopt, std::move(reader).problems()};
  }

  // ---- The header: each column known and given once, and one of the two formats.
  const std::vector<Field> header = fields_of(first->text);
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const Field& column = header[i];
    if (std::find(kColumns.begin(), kColumns.end(), column.text) == kColumns.end()) {
      reader.problem(first->number, column.column, "",
                     "unknown column " + quoted_text(column.text) + typo_hint(column.text) + "; " +
                         std::string(kExpectedHeader));
    } else if (!position.emplace(column.text, i).second) {
      reader.problem(first->number, column.column, column.text, "column given twice");
    }
  }
  const auto has = [&](std::string_view name) { return position.contains(std::string(name)); };
  const bool cohorts = has("cohort") && has("period") && has("alive");
  const bool customers = has("customer") && has("tenure") && has("churned");
  if (!reader.failed() && (cohorts == customers || position.size() != (has("segment") ? 4u : 3u))) {
    reader.problem(first->number, 1, "", std::string(kExpectedHeader));
  }
  if (reader.failed()) {
    return {std::nullopt, std::move(reader).problems()};
  }

  RetentionData data;
  data.format = cohorts ? RetentionDataFormat::cohorts : RetentionDataFormat::customers;
  data.by_segment = has("segment");
  std::map<std::string, std::size_t> segment_index;
  const auto segment_of = [&](const std::string& name) -> RetentionSegment& {
    const auto [found, added] = segment_index.emplace(name, data.segments.size());
    if (added) {
      data.segments.push_back({name, {}});
    }
    return data.segments[found->second];
  };
  // Cohorts by (segment, cohort), their rows by period; customers by (segment, customer).
  std::map<std::pair<std::string, std::string>, std::map<std::int64_t, CohortRow>> cohort_rows;
  std::map<std::pair<std::string, std::string>, int> customer_lines;

  bool any_row = false;
  for (auto line = std::next(first); line != lines.end(); ++line) {
    if (blank(line->text)) {
      continue;
    }
    any_row = true;
    const std::vector<Field> fields = fields_of(line->text);
    if (fields.size() != header.size()) {
      reader.problem(line->number, fields.back().column, "",
                     "expected " + std::to_string(header.size()) +
                         " fields as the header has, got " + std::to_string(fields.size()));
      continue;
    }
    const auto field = [&](std::string_view name) -> const Field& {
      return fields[position.at(std::string(name))];
    };
    std::string segment;
    if (data.by_segment) {
      segment = field("segment").text;
      if (segment.empty()) {
        reader.problem(line->number, field("segment").column, "segment", "empty segment name");
        continue;
      }
    }
    const std::string_view id_column = cohorts ? "cohort" : "customer";
    const Field& id = field(id_column);
    if (id.text.empty()) {
      reader.problem(line->number, id.column, id_column, "empty " + std::string(id_column));
      continue;
    }

    if (cohorts) {
      const auto period = reader.count(line->number, field("period"), "period");
      const auto alive = reader.count(line->number, field("alive"), "alive");
      if (!period || !alive) {
        continue;
      }
      auto& rows = cohort_rows[{segment, id.text}];
      const auto [earlier, added] = rows.emplace(
          *period, CohortRow{line->number, field("period"), field("alive"), *period, *alive});
      if (!added) {
        reader.problem(line->number, field("period").column, "period",
                       "cohort " + quoted_text(id.text) + " has period " + std::to_string(*period) +
                           " twice (first on line " + std::to_string(earlier->second.line) + ")");
      }
      continue;
    }

    const auto tenure = reader.count(line->number, field("tenure"), "tenure");
    const Field& churned = field("churned");
    if (churned.text != "0" && churned.text != "1") {
      reader.problem(line->number, churned.column, "churned",
                     "expected 0 (still active) or 1 (churned), got " + quoted_text(churned.text));
      continue;
    }
    if (!tenure) {
      continue;
    }
    const auto [earlier, added] = customer_lines.emplace(std::pair{segment, id.text}, line->number);
    if (!added) {
      reader.problem(line->number, id.column, "customer",
                     "customer " + quoted_text(id.text) + " given twice (first on line " +
                         std::to_string(earlier->second) + ")");
      continue;
    }
    if (churned.text == "1" && *tenure == 0) {
      reader.problem(line->number, field("tenure").column, "tenure",
                     "a customer who churned has a tenure of at least 1 (period 0 is the start)");
      continue;
    }
    SurvivalCounts& counts = segment_of(segment).counts;
    add(counts, churned.text == "1" ? &SurvivalCounts::deaths : &SurvivalCounts::censored, *tenure,
        1);
  }
  if (!any_row && !reader.failed()) {
    reader.problem(first->number + 1, 1, "", "no data rows after the header");
  }

  // ---- Each cohort: periods 0, 1, …, last without a gap, never more alive than before.
  for (const auto& [key, rows] : cohort_rows) {
    const auto& [segment, cohort] = key;
    RetentionSegment& counts_of = segment_of(segment);
    const CohortRow* previous = nullptr;
    bool whole = true;
    for (const auto& [period, row] : rows) {
      const std::int64_t expected = previous == nullptr ? 0 : previous->period + 1;
      if (period != expected) {
        reader.problem(row.line, row.period_field.column, "period",
                       "cohort " + quoted_text(cohort) + " has no row for period " +
                           std::to_string(expected) + (expected == 0 ? " (its start)" : "") +
                           "; its periods must run 0, 1, 2, … without a gap");
        whole = false;
        break;
      }
      if (previous != nullptr && row.alive > previous->alive) {
        reader.problem(row.line, row.alive_field.column, "alive",
                       "cohort " + quoted_text(cohort) + " has " + std::to_string(row.alive) +
                           " alive in period " + std::to_string(period) + ", more than the " +
                           std::to_string(previous->alive) + " of period " +
                           std::to_string(previous->period) + " (line " +
                           std::to_string(previous->line) + "): alive can only fall");
        whole = false;
      }
      previous = &row;
    }
    if (!whole) {
      continue;
    }
    previous = nullptr;
    for (const auto& [period, row] : rows) {
      if (previous != nullptr) {
        add(counts_of.counts, &SurvivalCounts::deaths, period, previous->alive - row.alive);
      }
      previous = &row;
    }
    add(counts_of.counts, &SurvivalCounts::censored, previous->period, previous->alive);
  }

  if (!reader.failed()) {
    for (const RetentionSegment& segment : data.segments) {
      if (segment.counts.total_deaths() == 0.0) {
        reader.problem(first->number, 1, "",
                       "no customer churned" +
                           (data.by_segment ? " in segment " + quoted_text(segment.name) : "") +
                           ", so no retention model can be fitted (every model's churn estimate "
                           "would be 0)");
      }
    }
  }
  if (reader.failed()) {
    return {std::nullopt, std::move(reader).problems()};
  }
  std::sort(data.segments.begin(), data.segments.end(),
            [](const RetentionSegment& a, const RetentionSegment& b) { return a.name < b.name; });
  return {std::move(data), {}};
}

}  // namespace cxsim
