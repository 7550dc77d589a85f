// A simulation of a scenario (docs/model.md#parallel-runs-and-reproducibility): for each
// replication, draws the uncertain parameters, compiles the run, has the parallel driver
// (block_pipeline.hpp) simulate its blocks of customers and folds them into the statistics in
// block order, so that results are the same for any number of threads.
//
// A run can grow (Simulation): more customers for every replication, or more replications, are
// added to the statistics it has instead of starting over, as QuantLib's
// McSimulation::value(tolerance) adds samples. No customer is simulated twice.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "analysis/run_statistics.hpp"
#include "engine/block_pipeline.hpp"
#include "scenario/scenario.hpp"
#include "scenario/variants.hpp"

namespace cxsim {

struct CompiledRun;

struct DriverOptions {
  int threads = 0;  // 0: every core
  // Customers per block; 0: block_size of the customers (see Simulation for a grown run).
  std::uint32_t block_customers = 0;
  // Called after each block is folded, in block order, with blocks done and blocks in all (of
  // the run, or of what a Simulation adds).
  std::function<void(std::int64_t done, std::int64_t total)> progress;
  // Called with each block's totals, in block order, for statistics of the caller's own (a
  // contrast of several variants block by block).
  std::function<void(std::uint32_t replication, const BlockTotals& block)> observe_block;
};

// One replication on its own: its drawn parameters make its figures, and its fix costs, its
// own, so the spread across replications can be told from Monte Carlo noise.
struct ReplicationOutcome {
  RunStatistics statistics;
  std::vector<double> cumulative_cost_pv;    // [variant · months + month]: PV of fix costs to t
  std::vector<double> cost_pv_past_horizon;  // [variant]: PV of fix costs over the run-off
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

// A run that can grow. It simulates in rounds: the first round is customers [0, N) of the
// scenario's settings; add_customers(N′) is a round of customers [N, N′) for every
// replication. Each round is cut into blocks from its own first customer, of
// DriverOptions::block_customers or else of block_size(N′), N′ the customers at the round's end
// (so a run grown to many customers keeps few, large blocks); a round's last block may be
// short. A customer is the same customer in any round (its streams are keyed by its index), so:
//  - the first round is a fresh run of N customers, bit for bit;
//  - per replication, a run grown from N to N′ holds the blocks of its rounds, folded in round
//    order; with a fixed DriverOptions::block_customers that divides every round's end but the
//    last, exactly the blocks of a fresh run of N′ customers, so the same statistics bit for bit;
//  - otherwise its estimates are a fresh N′-customer run's (the same customers' totals) up to
//    the rounding of sums grouped in other blocks, and its intervals are over its own blocks;
//  - the statistics of every replication together fold round by round, within a round
//    replication by replication;
//  - add_replications(R′) simulates replications [R, R′) over the same rounds and appends them,
//    exactly as a fresh run of R′ replications would if the run has had one round.
// Blocks fold in a fixed order, so a grown run is the same for any number of threads.
class Simulation {
 public:
  // Simulates the first round. `scenario` must be valid; its settings (customers, months,
  // replications, seed) are the run's.
  Simulation(const Scenario& scenario, std::vector<Variant> variants, DriverOptions options = {});

  // Simulates customers [N, `customers`) of every replication; nothing when `customers` ≤ N.
  void add_customers(std::int64_t customers);
  // Simulates replications [R, `replications`); nothing when `replications` ≤ R.
  void add_replications(int replications);

  // The scenario with the settings simulated so far: its customers and replications grow.
  const Scenario& scenario() const { return scenario_; }
  const SimulationOutput& output() const& { return output_; }
  SimulationOutput output() && { return std::move(output_); }

 private:
  struct Progress;
  // A round of customers [previous round's end, end), cut into blocks of `block_customers`.
  struct Round {
    std::int64_t end = 0;
    std::uint32_t block_customers = 0;
  };
  void simulate_round(const CompiledRun& run, std::uint32_t replication, std::int64_t first,
                      const Round& round, Progress& progress);
  Round round_to(std::int64_t end) const;
  static std::int64_t blocks_in(std::int64_t first, const Round& round);

  Scenario scenario_;
  DriverOptions options_;
  int touchpoints_;
  std::vector<Round> rounds_;
  SimulationOutput output_;
};

// A run of the scenario's settings in one round. `scenario` must be valid.
SimulationOutput simulate(const Scenario& scenario, const std::vector<Variant>& variants,
                          const DriverOptions& options = {});

}  // namespace cxsim
