// The parallel driver of one compiled run (docs/model.md#parallel-runs-and-reproducibility):
// customers cut into fixed-size blocks, simulated in parallel on TBB by the kernel in lanes, and
// handed over one by one in block order, so that whatever folds them does so in the same order
// for any number of threads. The blocks in flight, hence the memory, are bounded whatever the
// number of customers.
#pragma once

#include <cstdint>
#include <functional>

#include "engine/block_totals.hpp"
#include "model/compiled_run.hpp"

namespace cxsim {

// The customers of one block: fixed by the number of customers alone, never by the threads.
std::uint32_t block_size(std::int64_t customers);

// Customers [first, end) of `run`'s replication in blocks of `block_customers` (the last may be
// short), on at most `threads` threads; `fold` receives each block's totals in block order. With
// acquisition, block k of K also simulates customers [⌊k·n/K⌋, ⌊(k+1)·n/K⌋) of each cohort of
// n joiners (docs/model.md#acquisition), so that every block samples the whole run alike.
void simulate_blocks(const CompiledRun& run, std::int64_t first, std::int64_t end,
                     std::uint32_t block_customers, int threads,
                     const std::function<void(const BlockTotals&)>& fold);

}  // namespace cxsim
