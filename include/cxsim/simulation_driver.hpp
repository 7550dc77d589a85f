// The parallel driver (SPEC §3.1): for each replication, draws the uncertain parameters,
// compiles the run, cuts the customers into fixed-size blocks, simulates blocks in parallel on
// TBB and folds them into the statistics in block order. Results are therefore the same for any
// number of threads, and the blocks in flight, hence the memory, are bounded whatever the number
// of customers.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "cxsim/run_statistics.hpp"
#include "cxsim/scenario.hpp"
#include "cxsim/variants.hpp"

namespace cxsim {

struct DriverOptions {
  int threads = 0;  // 0: every core
  // Called after each block is folded, in block order, with blocks done and blocks in all.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

// What finance needs of each replication: its own fix costs and discounting, and its own
// paired Δ NPV, so that the spread across replications can be told from Monte Carlo noise.
struct ReplicationOutcome {
  std::vector<double> cumulative_cost_pv;  // [variant · months + month]: PV of fix costs to t
  std::vector<double> delta_npv;           // [variant]: per customer, paired with the baseline
};

struct SimulationOutput {
  std::vector<Variant> variants;
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
