// The customer effort score's sum, kept so that it does not depend on the order interactions
// are met in: interactions are counted per variant, month and touchpoint, and each count is
// multiplied by its CES (fixed for that variant, month and touchpoint) once the block is done.
// The kernel in lanes meets a block's interactions month by month, the one-customer kernel
// customer by customer; added as they came, their sums would differ in the last bits.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/block_totals.hpp"
#include "model/compiled_run.hpp"
#include "model/survey_answers.hpp"

namespace cxsim {

class EffortTally {
 public:
  explicit EffortTally(const CompiledRun& run)
      : run_(run),
        interactions_(static_cast<std::size_t>(run.variant_count * run.months *
                                               run.kernel_touchpoint_count)) {}

  void count(int variant, int month, int touchpoint, int interactions) {
    interactions_[static_cast<std::size_t>(
        (variant * run_.months + month) * run_.kernel_touchpoint_count + touchpoint)] +=
        static_cast<std::uint64_t>(interactions);
  }

  // Σ over months, in month order, of interactions × CES, into `totals`: a sum for each of the
  // kernel's touchpoints, a copy's added to the run's touchpoint it copies after that one's.
  void add_to(BlockTotals& totals) const {
    for (int v = 0; v < run_.variant_count; ++v) {
      for (int j = 0; j < run_.kernel_touchpoint_count; ++j) {
        double sum = 0.0;
        for (int t = 0; t < run_.months; ++t) {
          const std::uint64_t n = interactions_[static_cast<std::size_t>(
              (v * run_.months + t) * run_.kernel_touchpoint_count + j)];
          if (n > 0) {
            sum += static_cast<double>(n) * effort_score(run_.survey, run_.at(v, t, j).effort);
          }
        }
        totals.touchpoint(v, run_.run_touchpoint[static_cast<std::size_t>(j)],
                          TouchpointMetric::effort_score) += sum;
      }
    }
  }

 private:
  const CompiledRun& run_;
  std::vector<std::uint64_t> interactions_;  // [(variant · months + month) · J′ + touchpoint]
};

}  // namespace cxsim
