#include "engine/block_pipeline.hpp"

#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <memory>

#include "engine/lane_kernel.hpp"

namespace cxsim {

namespace {

// Enough blocks in flight to keep every thread busy while the fold waits for the next in order.
constexpr int kBlocksInFlightPerThread = 4;

}  // namespace

std::uint32_t block_size(std::int64_t customers) {
  // About 256 blocks for a confidence interval from many independent totals, each block between
  // 1 and 4096 customers.
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>((customers + 255) / 256, 1, 4096));
}

void simulate_blocks(const CompiledRun& run, std::int64_t first, std::int64_t end,
                     std::uint32_t block_customers, int threads,
                     const std::function<void(const BlockTotals&)>& fold) {
  const std::int64_t size = block_customers;
  const std::int64_t blocks = (end - first + size - 1) / size;
  std::int64_t next_block = 0;
  tbb::parallel_pipeline(
      static_cast<std::size_t>(threads * kBlocksInFlightPerThread),
      tbb::make_filter<void, std::int64_t>(tbb::filter_mode::serial_in_order,
                                           [&](tbb::flow_control& control) -> std::int64_t {
                                             if (next_block == blocks) {
                                               control.stop();
                                               return 0;
                                             }
                                             return next_block++;
                                           }) &
          tbb::make_filter<std::int64_t, std::shared_ptr<BlockTotals>>(
              tbb::filter_mode::parallel,
              [&](std::int64_t block) {
                auto totals = std::make_shared<BlockTotals>(run.variant_count, run.months,
                                                            run.touchpoint_count,
                                                            static_cast<int>(run.segments.size()));
                const std::int64_t start = first + block * size;
                const auto count =
                    static_cast<std::uint32_t>(std::min<std::int64_t>(size, end - start));
                simulate_customers_in_lanes(run, static_cast<std::uint32_t>(start), count, *totals);
                // Each block a small copy of the whole run: its share of every cohort.
                for (const CompiledCohort& cohort : run.cohorts) {
                  const std::int64_t from = cohort.count * block / blocks;
                  const std::int64_t to = cohort.count * (block + 1) / blocks;
                  if (to > from) {
                    simulate_customers_in_lanes(run,
                                                cohort.first + static_cast<std::uint32_t>(from),
                                                static_cast<std::uint32_t>(to - from), *totals);
                  }
                }
                return totals;
              }) &
          tbb::make_filter<std::shared_ptr<BlockTotals>, void>(
              tbb::filter_mode::serial_in_order,
              [&](const std::shared_ptr<BlockTotals>& totals) { fold(*totals); }));
}

}  // namespace cxsim
