// The kernel on the reference scenario, one core: customers through the baseline alone and
// through every variant, reported as interactions and customer-months per second (a
// customer-month counts once per variant). With every variant, common random numbers let the
// variants share each customer's draws. The engine's kernel is the one in lanes; the
// one-customer kernel it must agree with is measured beside it. Then the arithmetic limit of
// the reference scenario's whole draw mix, the floor of a kernel that works one customer at a
// time.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "engine/lane_kernel.hpp"
#include "engine/random_streams.hpp"
#include "interaction_arithmetic.hpp"
#include "model/compiled_run.hpp"
#include "model/retention_models.hpp"
#include "reference_kernel/customer_kernel.hpp"
#include "reference_run.hpp"

namespace {

using Kernel = void (*)(const cxsim::CompiledRun&, std::uint32_t, std::uint32_t,
                        cxsim::BlockTotals&);

void run_kernel(benchmark::State& state, Kernel kernel, bool every_variant) {
  const std::optional<cxsim::CompiledRun> run = cxsim_bench::reference_run(state, every_variant);
  if (!run) {
    return;
  }
  constexpr std::uint32_t kCustomers = 1000;
  std::uint32_t first = 0;
  std::uint64_t interactions = 0;
  std::uint64_t customer_months = 0;
  for (auto _ : state) {
    cxsim::BlockTotals totals(run->variant_count, run->months, run->touchpoint_count,
                              static_cast<int>(run->segments.size()));
    kernel(*run, first, kCustomers, totals);
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

// The kernel in lanes on the best instruction set here, as the engine runs it.
void in_lanes(const cxsim::CompiledRun& run, std::uint32_t first, std::uint32_t count,
              cxsim::BlockTotals& totals) {
  cxsim::simulate_customers_in_lanes(run, first, count, totals);
}
// The same on a given instruction set, as a processor without the better ones would run it.
template <cxsim::LaneInstructionSet set>
void in_lanes_on(const cxsim::CompiledRun& run, std::uint32_t first, std::uint32_t count,
                 cxsim::BlockTotals& totals) {
  cxsim::simulate_customers_in_lanes(run, first, count, totals, set);
}
template <cxsim::LaneInstructionSet set>
bool skipped_unless_supported(benchmark::State& state) {
  const std::vector<cxsim::LaneInstructionSet> sets = cxsim::lane_instruction_sets();
  if (std::find(sets.begin(), sets.end(), set) == sets.end()) {
    state.SkipWithError("this processor lacks the instruction set");
    return true;
  }
  return false;
}

void BM_KernelBaselineOnly(benchmark::State& state) {
  run_kernel(state, in_lanes, false);
  state.SetLabel(std::string(cxsim::name(cxsim::lane_instruction_sets().back())));
}
BENCHMARK(BM_KernelBaselineOnly)->Unit(benchmark::kMillisecond);

void BM_KernelEveryVariant(benchmark::State& state) {
  run_kernel(state, in_lanes, true);
  state.SetLabel(std::string(cxsim::name(cxsim::lane_instruction_sets().back())));
}
BENCHMARK(BM_KernelEveryVariant)->Unit(benchmark::kMillisecond);

template <cxsim::LaneInstructionSet set>
void kernel_on(benchmark::State& state, bool every_variant) {
  if (!skipped_unless_supported<set>(state)) {
    run_kernel(state, in_lanes_on<set>, every_variant);
  }
}

void BM_KernelAvx2BaselineOnly(benchmark::State& state) {
  kernel_on<cxsim::LaneInstructionSet::avx2>(state, false);
}
BENCHMARK(BM_KernelAvx2BaselineOnly)->Unit(benchmark::kMillisecond);

void BM_KernelAvx2EveryVariant(benchmark::State& state) {
  kernel_on<cxsim::LaneInstructionSet::avx2>(state, true);
}
BENCHMARK(BM_KernelAvx2EveryVariant)->Unit(benchmark::kMillisecond);

void BM_KernelPortableBaselineOnly(benchmark::State& state) {
  kernel_on<cxsim::LaneInstructionSet::portable>(state, false);
}
BENCHMARK(BM_KernelPortableBaselineOnly)->Unit(benchmark::kMillisecond);

void BM_KernelPortableEveryVariant(benchmark::State& state) {
  kernel_on<cxsim::LaneInstructionSet::portable>(state, true);
}
BENCHMARK(BM_KernelPortableEveryVariant)->Unit(benchmark::kMillisecond);

void BM_OneCustomerKernelBaselineOnly(benchmark::State& state) {
  run_kernel(state, cxsim::simulate_customers, false);
}
BENCHMARK(BM_OneCustomerKernelBaselineOnly)->Unit(benchmark::kMillisecond);

void BM_OneCustomerKernelEveryVariant(benchmark::State& state) {
  run_kernel(state, cxsim::simulate_customers, true);
}
BENCHMARK(BM_OneCustomerKernelEveryVariant)->Unit(benchmark::kMillisecond);

// The floor of a one-customer-at-a-time kernel through the baseline: per interaction of the
// reference scenario's baseline, the draws and transcendental functions it needs, counted from a
// kernel run, and nothing else: its own block and Box–Muller (a log, a square root, the cosine and
// sine series); its share of the month-end blocks, each with the two logs of the survival draw
// ln(−ln u); its share of the customer blocks, each with the log of the baseline hazard's t =
// ln(u/(1 − u)). Left out, so that the floor errs on the fast side: trigger draws (about one a
// customer here), the lognormal revenue's normal and exp, survey answers, and the hazard table's
// interpolation.
void BM_ArithmeticLimitReferenceMix(benchmark::State& state) {
  const std::optional<cxsim::CompiledRun> run = cxsim_bench::reference_run(state, false);
  if (!run) {
    return;
  }
  const auto [months_per_interaction, customers_per_interaction] =
      cxsim_bench::reference_draw_mix(*run);

  constexpr std::uint32_t kInteractionsPerIteration = 256;
  std::uint32_t customer = 0;
  std::uint32_t month = 0;
  double months_due = 0.0;
  double customers_due = 0.0;
  double sink = 0.0;
  for (auto _ : state) {
    cxsim::CustomerStreams streams(run->seed, 0, customer);
    for (std::uint32_t i = 0; i < kInteractionsPerIteration; ++i) {
      sink += cxsim_bench::interaction_arithmetic(
          streams.uniforms(cxsim::Stream::interaction, month, i & 7U));
      for (months_due += months_per_interaction; months_due >= 1.0; months_due -= 1.0) {
        sink += cxsim::survival_draw(streams.uniforms(cxsim::Stream::month_end, ++month)[0]);
      }
      for (customers_due += customers_per_interaction; customers_due >= 1.0; customers_due -= 1.0) {
        streams = cxsim::CustomerStreams(run->seed, 0, ++customer);
        month = 0;
        const double v = streams.uniforms(cxsim::Stream::customer)[1];
        sink += std::log(v / (1.0 - v));
      }
    }
  }
  benchmark::DoNotOptimize(sink);
  state.counters["interactions/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kInteractionsPerIteration,
                         benchmark::Counter::kIsRate);
  state.counters["customer_months_per_interaction"] = months_per_interaction;
}
BENCHMARK(BM_ArithmeticLimitReferenceMix);

}  // namespace
