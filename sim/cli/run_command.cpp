#include "run_command.hpp"

#include <tbb/info.h>

#include <fstream>
#include <ostream>
#include <sstream>

#include "cxsim/file_digest.hpp"
#include "cxsim/result_writers.hpp"
#include "cxsim/run_results.hpp"
#include "cxsim/scenario_reader.hpp"
#include "cxsim/simulation_driver.hpp"
#include "progress_bar.hpp"
#include "summary_table.hpp"

namespace cxsim::cli {

namespace {

// A scenario name as a folder name: letters, digits, '-' and '_' kept, anything else '_'.
std::string folder_name(const std::string& name) {
  std::string folder;
  for (const char c : name) {
    folder += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  }
  return folder.empty() ? "scenario" : folder;
}

std::string file_bytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

}  // namespace

int run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err) {
  ScenarioReading reading = read_scenario_file(options.file);
  if (!reading.scenario) {
    for (const Diagnostic& problem : reading.problems) {
      err << to_string(problem) << '\n';
    }
    return 2;
  }
  Scenario& scenario = *reading.scenario;
  SimulationSettings& settings = scenario.simulation;
  settings.customers = options.customers.value_or(settings.customers);
  settings.months = options.months.value_or(settings.months);
  settings.replications = options.replications.value_or(settings.replications);
  settings.seed = options.seed.value_or(settings.seed);

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  const SimulationOutput output = [&] {
    ProgressBar progress(!options.quiet);
    return simulate(
        scenario, standard_variants(scenario),
        {threads, [&](std::int64_t done, std::int64_t total) { progress.update(done, total); }});
  }();
  const RunResults results =
      summarize(scenario, {scenario.name, options.file, sha256_hex(file_bytes(options.file))},
                output, threads);

  const std::filesystem::path directory =
      options.output_directory.empty()
          ? std::filesystem::path("results") / folder_name(scenario.name)
          : std::filesystem::path(options.output_directory);
  try {
    write_results(results, directory);
  } catch (const std::exception& error) {
    err << "cxsim: " << error.what() << '\n';
    return 1;
  }
  print_summary(results, out);
  out << "\nwrote " << (directory / "results.json").string() << " and "
      << (directory / "monthly.csv").string() << '\n';
  return 0;
}

}  // namespace cxsim::cli
