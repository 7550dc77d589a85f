// The floor the kernel is measured against, one core: Philox draws as the kernel makes them, and
// the arithmetic of one interaction and nothing else (one Philox block turned into four
// uniforms, then Box–Muller's logarithm, square root, cosine and sine for the tone and polish
// noise). The known-answer tests of the same generator are in tests/random_streams_test.cpp.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "engine/random_streams.hpp"
#include "interaction_arithmetic.hpp"

namespace {

constexpr std::uint64_t kSeed = 7;
constexpr std::uint32_t kDrawsPerCustomer = 256;

// Draws keyed as the kernel keys an interaction's, each passed to `use`, reported per second
// under `counter`.
template <typename Use>
void per_draw(benchmark::State& state, const char* counter, Use use) {
  std::uint32_t customer = 0;
  double sink = 0.0;
  for (auto _ : state) {
    const cxsim::CustomerStreams streams(kSeed, 0, customer++);
    for (std::uint32_t i = 0; i < kDrawsPerCustomer; ++i) {
      sink += use(streams.uniforms(cxsim::Stream::interaction, i >> 3, i & 7U));
    }
  }
  benchmark::DoNotOptimize(sink);
  state.counters[counter] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kDrawsPerCustomer, benchmark::Counter::kIsRate);
}

// Four uniforms a draw.
void BM_PhiloxDraws(benchmark::State& state) {
  per_draw(state, "draws/s", [](const cxsim::Uniforms& u) { return u[0] + u[1] + u[2] + u[3]; });
}
BENCHMARK(BM_PhiloxDraws);

// Exactly the draws and transcendental functions one interaction needs.
void BM_ArithmeticLimit(benchmark::State& state) {
  per_draw(state, "interactions/s", cxsim_bench::interaction_arithmetic);
}
BENCHMARK(BM_ArithmeticLimit);

}  // namespace
