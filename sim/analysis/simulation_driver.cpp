#include "analysis/simulation_driver.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "analysis/finance.hpp"
#include "engine/block_pipeline.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "model/compiled_run.hpp"
#include "scenario/acquisition.hpp"

namespace cxsim {

namespace {

int thread_count(const DriverOptions& options) {
  return options.threads > 0 ? options.threads : tbb::info::default_concurrency();
}

}  // namespace

std::int64_t Simulation::blocks_in(std::int64_t first, const Round& round) {
  return (round.end - first + round.block_customers - 1) / round.block_customers;
}

// The threads a call may use and the blocks it has done, for the progress callback; the time
// it takes is added to the run's.
struct Simulation::Progress {
  Progress(Simulation& simulation, std::int64_t all)
      : parallelism(tbb::global_control::max_allowed_parallelism,
                    static_cast<std::size_t>(thread_count(simulation.options_))),
        all_blocks(all),
        seconds(simulation.output_.seconds) {}
  ~Progress() {
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  tbb::global_control parallelism;
  std::int64_t all_blocks;
  std::int64_t blocks_done = 0;
  double& seconds;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

Simulation::Simulation(const Scenario& scenario, std::vector<Variant> variants,
                       DriverOptions options)
    : scenario_(scenario),
      options_(std::move(options)),
      touchpoints_(static_cast<int>(run_touchpoints(scenario).size())),
      output_{variants,
              has_uncertainty(scenario),
              RunStatistics(static_cast<int>(variants.size()), scenario.simulation.months,
                            touchpoints_, static_cast<int>(scenario.segments.size())),
              {},
              0.0,
              0,
              0} {
  const int replications = scenario_.simulation.replications;
  scenario_.simulation.replications = 0;
  rounds_.push_back(round_to(scenario_.simulation.customers));
  add_replications(replications);
}

Simulation::Round Simulation::round_to(std::int64_t end) const {
  return {end, options_.block_customers > 0 ? options_.block_customers : block_size(end)};
}

void Simulation::add_customers(std::int64_t customers) {
  const std::int64_t first = rounds_.back().end;
  if (customers <= first) {
    return;
  }
  if (has_acquisition(scenario_)) {
    // Cohorts are sized by the sampling fraction, and numbered after the base.
    throw std::logic_error("a run with acquisition cannot grow in customers");
  }
  const Round round = round_to(customers);
  const int replications = scenario_.simulation.replications;
  Progress progress(*this, blocks_in(first, round) * replications);
  for (int r = 0; r < replications; ++r) {
    const auto replication = static_cast<std::uint32_t>(r);
    const CompiledRun run =
        compile_run(draw_parameters(scenario_, replication), output_.variants, replication);
    simulate_round(run, replication, first, round, progress);
  }
  rounds_.push_back(round);
  scenario_.simulation.customers = customers;
}

void Simulation::add_replications(int replications) {
  const int first = scenario_.simulation.replications;
  if (replications <= first) {
    return;
  }
  std::int64_t blocks_per_replication = 0;
  std::int64_t round_start = 0;
  for (const Round& round : rounds_) {
    blocks_per_replication += blocks_in(round_start, round);
    round_start = round.end;
  }
  Progress progress(*this, blocks_per_replication * (replications - first));
  for (int r = first; r < replications; ++r) {
    const auto replication = static_cast<std::uint32_t>(r);
    const CompiledRun run =
        compile_run(draw_parameters(scenario_, replication), output_.variants, replication);
    output_.replications.push_back({RunStatistics(run.variant_count, run.months, touchpoints_,
                                                  static_cast<int>(run.segments.size())),
                                    cumulative_cost_pv(run), cost_pv_past_horizon(run)});
    round_start = 0;
    for (const Round& round : rounds_) {
      simulate_round(run, replication, round_start, round, progress);
      round_start = round.end;
    }
  }
  scenario_.simulation.replications = replications;
}

void Simulation::simulate_round(const CompiledRun& run, std::uint32_t replication,
                                std::int64_t first, const Round& round, Progress& progress) {
  ReplicationOutcome& outcome = output_.replications[replication];
  simulate_blocks(run, first, round.end, round.block_customers, thread_count(options_),
                  [&](const BlockTotals& totals) {
                    output_.statistics.fold(totals);
                    outcome.statistics.fold(totals);
                    if (options_.observe_block) {
                      options_.observe_block(replication, totals);
                    }
                    output_.customer_months += totals.customer_months;
                    output_.interactions += totals.interactions;
                    if (options_.progress) {
                      options_.progress(++progress.blocks_done, progress.all_blocks);
                    }
                  });
}

SimulationOutput simulate(const Scenario& scenario, const std::vector<Variant>& variants,
                          const DriverOptions& options) {
  return Simulation(scenario, variants, options).output();
}

}  // namespace cxsim
