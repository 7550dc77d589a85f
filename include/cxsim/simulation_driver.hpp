// The parallel driver (SPEC §3.1): for each replication, draws the uncertain parameters,
// compiles the run, cuts the customers into fixed-size blocks, simulates blocks in parallel on
// TBB and folds them into the statistics in block order. Results are therefore the same for any
// number of threads, and the blocks in flight, hence the memory, are bounded whatever the number
// of customers.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "cxsim/block_totals.hpp"
#include "cxsim/run_statistics.hpp"
#include "cxsim/scenario.hpp"
#include "cxsim/variants.hpp"

namespace cxsim {

struct DriverOptions {
  int threads = 0;  // 0: every core
  // Called after each block is folded, in block order, with blocks done and blocks in all.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
  // Called with each block's totals, in block order, for statistics of the caller's own (a
  // contrast of several variants block by block).
  std::function<void(std::uint32_t replication, const BlockTotals& block)> observe_block;
};

// One replication on its own: its drawn parameters make its figures, and its fix costs, its
// own, so the spread across replications can be told from Monte Carlo noise.
struct ReplicationOutcome {
  RunStatistics statistics;
  std::vector<double> cumulative_cost_pv;  // [variant · months + month]: PV of fix costs to t
};

struct SimulationOutput {
  std::vector<Variant> variants;
  bool uncertain = false;    // some parameter is a distribution, drawn anew per replication
  RunStatistics statistics;  // every replication's blocks together
  std::vector<ReplicationOutcome> replications;
  double seconds = 0.0;
  std::uint64_t customer_months = 0;  // summed over variants
  std::uint64_t interactions = 0;
};

// The customers of one block: fixed by the number of customers alone, never by the threads.
std::uint32_t block_size(std::int64_t customers);

// `scenario` must be valid; its settings (customers, months, replications, seed) are the run's.
SimulationOutput simulate(const Scenario& scenario, const std::vector<Variant>& variants,
                          const DriverOptions& options = {});

}  // namespace cxsim
