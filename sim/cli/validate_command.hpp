// `cxsim validate FILE…`: checks scenario files without running them.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "command.hpp"

namespace cxsim::cli {

// Prints `FILE: ok` to `out` for a valid file and each problem to `err` for an invalid one.
// Returns the exit status: 0 when every file is valid, 2 otherwise.
int run_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

// Declares `cxsim validate` and its arguments on `app`.
Command add_validate_command(CLI::App& app);

}  // namespace cxsim::cli
