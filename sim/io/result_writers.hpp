// The result files of a run (docs/results.md): results.json and monthly.csv, written whole or not
// at all.
#pragma once

#include <filesystem>
#include <string>

#include "analysis/run_results.hpp"

namespace cxsim {

// results.json, keys as in docs/results.md. With `include_performance` false the performance block
// and the thread count are left out: what remains is the same bytes for any number of threads.
std::string results_json(const RunResults& results, bool include_performance = true);

// monthly.csv: one row per variant and month, each series as mean, lo, hi.
std::string monthly_csv(const RunResults& results);

// Writes both files into `directory` (created if missing): both to temporary files first, then
// renamed into place. Throws std::runtime_error naming the file when a write fails, leaving
// neither file (nor a directory it created) behind.
void write_results(const RunResults& results, const std::filesystem::path& directory);

}  // namespace cxsim
