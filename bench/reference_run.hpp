// The reference scenario as the kernel benchmarks run it, and the mix of draws its baseline
// makes per interaction, for the arithmetic limits that mimic that mix.
#pragma once

#include <benchmark/benchmark.h>

#include <optional>
#include <vector>

#include "engine/block_totals.hpp"
#include "engine/compilation.hpp"
#include "engine/parameter_draws.hpp"
#include "model/compiled_run.hpp"
#include "reference_kernel/customer_kernel.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/variants.hpp"

namespace cxsim_bench {

// The reference scenario compiled for the baseline alone or for every variant; nothing when it
// does not validate (the benchmark is then skipped with that error).
inline std::optional<cxsim::CompiledRun> reference_run(benchmark::State& state,
                                                       bool every_variant) {
  const auto reading = cxsim::read_scenario_file(CXSIM_SOURCE_DIR "/scenarios/saas_b2b.yaml");
  if (!reading.scenario) {
    state.SkipWithError("scenarios/saas_b2b.yaml does not validate");
    return std::nullopt;
  }
  std::vector<cxsim::Variant> variants = cxsim::standard_variants(*reading.scenario);
  if (!every_variant) {
    variants.resize(1);
  }
  return cxsim::compile_run(cxsim::draw_parameters(*reading.scenario, 0), variants, 0);
}

// Per interaction of the baseline, the month-end draws and the customer draws that come with
// it, counted from a run of 10,000 customers.
struct DrawMix {
  double months_per_interaction;
  double customers_per_interaction;
};

inline DrawMix reference_draw_mix(const cxsim::CompiledRun& baseline) {
  cxsim::BlockTotals counts(baseline.variant_count, baseline.months, baseline.touchpoint_count,
                            static_cast<int>(baseline.segments.size()));
  cxsim::simulate_customers(baseline, 0, 10000, counts);
  const auto interactions = static_cast<double>(counts.interactions);
  return {static_cast<double>(counts.customer_months) / interactions,
          counts.customers / interactions};
}

}  // namespace cxsim_bench
