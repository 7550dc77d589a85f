// `cxsim validate FILE…`: checks scenario files without running them.

#include <iosfwd>
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "scenario/scenario_reader.hpp"

namespace cxsim::cli {

// Prints `FILE: ok` to `out` for a valid file, with its warnings to `err`, and each problem to
// `err` for an invalid one. Returns the exit status: 0 when every file is valid, warnings or
// not; 2 otherwise.
int run_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

namespace {

// Past this many, more lines bury the first problems rather than help fix them.
constexpr std::size_t kMostProblemsShown = 100;

}  // namespace

int run_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  int status = 0;
  for (const std::string& file : files) {
    const ScenarioReading reading = read_scenario_file(file);
    if (reading.scenario) {
      out << file << ": ok\n";
      for (const Diagnostic& warning : reading.warnings) {
        err << warning_text(warning) << '\n';
      }
      continue;
    }
    status = 2;
    const std::size_t shown = std::min(reading.problems.size(), kMostProblemsShown);
    for (std::size_t i = 0; i < shown; ++i) {
      err << to_string(reading.problems[i]) << '\n';
    }
    if (reading.problems.size() > shown) {
      err << file << ": " << reading.problems.size() - shown << " more problems not shown\n";
    }
  }
  return status;
}

Command add_validate_command(CLI::App& app) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* validate = app.add_subcommand(
      "validate",
      "Check scenario files; prints 'FILE: ok' (and any warning) or each problem as "
      "FILE:LINE:COL.");
  validate->add_option("FILE", *files, "Scenario files (YAML)")->required();
  return {validate, [files] { return run_validate(*files, std::cout, std::cerr); }};
}

const CommandRegistration registration{2, add_validate_command};

}  // namespace cxsim::cli
