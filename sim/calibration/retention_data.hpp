// Retention data as a user keeps it (docs/calibration.md#retention-data), read into the counts
// the retention likelihoods take: a cohort table `cohort,period,alive` or customer records
// `customer,tenure,churned`, either with an optional `segment` column; the header decides which.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"

namespace cxsim {

enum class RetentionDataFormat { cohorts, customers };
std::string_view format_name(RetentionDataFormat format);  // "cohorts", "customers"

// Customers by how their observation ended, per period t = 0, 1, …, last: `deaths[t]` churned in
// period t (never in period 0, the start), `censored[t]` were last seen alive at period t.
struct SurvivalCounts {
  std::vector<double> deaths;
  std::vector<double> censored;

  int last_period() const { return static_cast<int>(deaths.size()) - 1; }
  double customers() const;  // at risk at the start
  double total_deaths() const;
  // The same customers observed through period `last` only: a death or censoring after it is a
  // customer censored at `last`.
  SurvivalCounts through(int last) const;
};

struct RetentionSegment {
  std::string name;  // empty when the data have no `segment` column
  SurvivalCounts counts;
};

struct RetentionData {
  RetentionDataFormat format = RetentionDataFormat::cohorts;
  bool by_segment = false;
  std::vector<RetentionSegment> segments;  // by name
};

struct RetentionDataReading {
  std::optional<RetentionData> data;  // set exactly when `problems` is empty
  std::vector<Diagnostic> problems;   // in file order, each at its line, column and column name
};

// The data of CSV `text`, whose problems name the file `file`.
RetentionDataReading read_retention_data(std::string_view text, const std::string& file);

}  // namespace cxsim
