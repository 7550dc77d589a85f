#include "cxsim/simulation_driver.hpp"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "cxsim/compiled_run.hpp"
#include "cxsim/lane_kernel.hpp"
#include "cxsim/parameter_draws.hpp"

namespace cxsim {

namespace {

// Enough blocks in flight to keep every thread busy while the fold waits for the next in order.
constexpr int kBlocksInFlightPerThread = 4;

std::vector<double> cumulative_cost_pv(const CompiledRun& run) {
  std::vector<double> cumulative(static_cast<std::size_t>(run.variant_count * run.months));
  for (int v = 0; v < run.variant_count; ++v) {
    double sum = 0.0;
    for (int t = 0; t < run.months; ++t) {
      const auto i = static_cast<std::size_t>(v * run.months + t);
      sum += run.fix_cost[i] * run.discount[static_cast<std::size_t>(t)];
      cumulative[i] = sum;
    }
  }
  return cumulative;
}

}  // namespace

std::uint32_t block_size(std::int64_t customers) {
  // About 256 blocks for a confidence interval from many independent totals, each block between
  // 1 and 4096 customers.
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>((customers + 255) / 256, 1, 4096));
}

SimulationOutput simulate(const Scenario& scenario, const std::vector<Variant>& variants,
                          const DriverOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));

  const SimulationSettings& settings = scenario.simulation;
  const int variant_count = static_cast<int>(variants.size());
  const auto touchpoints = static_cast<int>(run_touchpoints(scenario).size());
  SimulationOutput output{variants,
                          has_uncertainty(scenario),
                          RunStatistics(variant_count, settings.months, touchpoints),
                          {},
                          0.0,
                          0,
                          0};

  const std::int64_t customers = settings.customers;
  const std::uint32_t size = block_size(customers);
  const std::int64_t blocks_per_replication = (customers + size - 1) / size;
  const std::int64_t all_blocks = blocks_per_replication * settings.replications;
  std::int64_t blocks_done = 0;

  for (int r = 0; r < settings.replications; ++r) {
    const auto replication = static_cast<std::uint32_t>(r);
    const CompiledRun run =
        compile_run(draw_parameters(scenario, replication), variants, replication);
    ReplicationOutcome outcome{RunStatistics(variant_count, settings.months, touchpoints),
                               cumulative_cost_pv(run)};
    std::int64_t next_block = 0;
    tbb::parallel_pipeline(
        static_cast<std::size_t>(threads * kBlocksInFlightPerThread),
        tbb::make_filter<void, std::int64_t>(tbb::filter_mode::serial_in_order,
                                             [&](tbb::flow_control& control) -> std::int64_t {
                                               if (next_block == blocks_per_replication) {
                                                 control.stop();
                                                 return 0;
                                               }
                                               return next_block++;
                                             }) &
            tbb::make_filter<std::int64_t, std::shared_ptr<BlockTotals>>(
                tbb::filter_mode::parallel,
                [&](std::int64_t block) {
                  auto totals =
                      std::make_shared<BlockTotals>(variant_count, run.months, touchpoints);
                  const std::int64_t first = block * size;
                  const auto count =
                      static_cast<std::uint32_t>(std::min<std::int64_t>(size, customers - first));
                  simulate_customers_in_lanes(run, static_cast<std::uint32_t>(first), count,
                                              *totals);
                  return totals;
                }) &
            tbb::make_filter<std::shared_ptr<BlockTotals>, void>(
                tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<BlockTotals>& totals) {
                  output.statistics.fold(*totals);
                  outcome.statistics.fold(*totals);
                  if (options.observe_block) {
                    options.observe_block(replication, *totals);
                  }
                  output.customer_months += totals->customer_months;
                  output.interactions += totals->interactions;
                  if (options.progress) {
                    options.progress(++blocks_done, all_blocks);
                  }
                }));
    output.replications.push_back(std::move(outcome));
  }
  output.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return output;
}

}  // namespace cxsim
