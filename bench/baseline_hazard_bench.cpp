// A customer's baseline log-hazard on the reference scenario's SMB segment (sBG α = 0.7,
// β = 12): the tabulated value the kernel uses against the exact Beta quantile it replaces, and
// what building the table costs once per segment and run.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "engine/random_streams.hpp"
#include "model/baseline_hazard.hpp"

namespace {

constexpr double kAlpha = 0.7;
constexpr double kBeta = 12.0;

template <typename Hazard>
void per_customer(benchmark::State& state, const Hazard& hazard) {
  std::uint32_t customer = 0;
  double sink = 0.0;
  for (auto _ : state) {
    const cxsim::CustomerStreams streams(7, 0, customer++);
    sink += hazard(streams.uniforms(cxsim::Stream::customer)[1]);
  }
  benchmark::DoNotOptimize(sink);
  state.counters["customers/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_BaselineHazardTabulated(benchmark::State& state) {
  const auto table = cxsim::BaselineHazard::shifted_beta_geometric(kAlpha, kBeta);
  per_customer(state, table);
}
BENCHMARK(BM_BaselineHazardTabulated);

void BM_BaselineHazardExact(benchmark::State& state) {
  const auto table = cxsim::BaselineHazard::shifted_beta_geometric(kAlpha, kBeta);
  per_customer(state, [&](double u) { return table.exact(u); });
}
BENCHMARK(BM_BaselineHazardExact);

void BM_BaselineHazardBuild(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(cxsim::BaselineHazard::shifted_beta_geometric(kAlpha, kBeta));
  }
}
BENCHMARK(BM_BaselineHazardBuild)->Unit(benchmark::kMillisecond);

}  // namespace
