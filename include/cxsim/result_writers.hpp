// The result files of a run (SPEC §4.3): results.json and monthly.csv, written whole or not at
// all: each is written to a temporary file beside its place, then renamed over it.
#pragma once

#include <filesystem>
#include <string>

#include "cxsim/run_results.hpp"

namespace cxsim {

// results.json, keys as SPEC §4.3. With `include_performance` false the performance block and
// the thread count are left out: what remains is the same bytes for any number of threads.
std::string results_json(const RunResults& results, bool include_performance = true);

// monthly.csv: one row per variant and month, each series as mean, lo, hi.
std::string monthly_csv(const RunResults& results);

// Writes both files into `directory` (created if missing). Throws std::runtime_error naming the
// file when a write fails, leaving no partial file behind.
void write_results(const RunResults& results, const std::filesystem::path& directory);

// `text` to `path` through a temporary file and a rename.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace cxsim
