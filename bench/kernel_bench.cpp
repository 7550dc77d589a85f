// The kernel on the reference scenario, one core: customers through the baseline alone and
// through every variant, reported as interactions and customer-months per second (a
// customer-month counts once per variant). With every variant, common random numbers let the
// variants share each customer's draws.
#include <benchmark/benchmark.h>

#include <vector>

#include "cxsim/compiled_run.hpp"
#include "cxsim/customer_kernel.hpp"
#include "cxsim/parameter_draws.hpp"
#include "cxsim/scenario_reader.hpp"

namespace {

void run_kernel(benchmark::State& state, bool every_variant) {
  const auto reading = cxsim::read_scenario_file(CXSIM_SOURCE_DIR "/scenarios/saas_b2b.yaml");
  if (!reading.scenario) {
    state.SkipWithError("scenarios/saas_b2b.yaml does not validate");
    return;
  }
  std::vector<cxsim::Variant> variants = cxsim::standard_variants(*reading.scenario);
  if (!every_variant) {
    variants.resize(1);
  }
  const cxsim::CompiledRun run =
      cxsim::compile_run(cxsim::draw_parameters(*reading.scenario, 0), variants, 0);
  constexpr std::uint32_t kCustomers = 1000;
  std::uint32_t first = 0;
  std::uint64_t interactions = 0;
  std::uint64_t customer_months = 0;
  for (auto _ : state) {
    cxsim::BlockTotals totals(run.variant_count, run.months, run.touchpoint_count);
    cxsim::simulate_customers(run, first, kCustomers, totals);
    first += kCustomers;
    interactions += totals.interactions;
    customer_months += totals.customer_months;
    benchmark::DoNotOptimize(totals);
  }
  state.counters["interactions/s"] =
      benchmark::Counter(static_cast<double>(interactions), benchmark::Counter::kIsRate);
  state.counters["customer_months/s"] =
      benchmark::Counter(static_cast<double>(customer_months), benchmark::Counter::kIsRate);
}

void BM_KernelBaselineOnly(benchmark::State& state) {
  run_kernel(state, false);
}
BENCHMARK(BM_KernelBaselineOnly)->Unit(benchmark::kMillisecond);

void BM_KernelEveryVariant(benchmark::State& state) {
  run_kernel(state, true);
}
BENCHMARK(BM_KernelEveryVariant)->Unit(benchmark::kMillisecond);

}  // namespace
