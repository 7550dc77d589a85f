// `cxsim compare A.json B.json`: two result files side by side, with the significance of each
// change (README.md#the-command). The comparison itself is cxsim/result_comparison.hpp; this file
// prints it.
#pragma once

#include <iosfwd>
#include <string>

#include "command.hpp"

namespace cxsim::cli {

// Compares results file `b` with results file `a`: a table (or, with `csv`, the same rows as
// CSV) on `out`. Returns the exit status: 0 when both files were read, whatever their
// differences; 2 when either cannot be read as a cxsim results file (each problem on `err`,
// nothing on `out`). With `csv`, the notes and the figures only one file has go to `err`, so
// that `out` is CSV alone.
int compare_results(const std::string& a, const std::string& b, bool csv, std::ostream& out,
                    std::ostream& err);

// Declares `cxsim compare` and its arguments on `app`.
Command add_compare_command(CLI::App& app);

}  // namespace cxsim::cli
