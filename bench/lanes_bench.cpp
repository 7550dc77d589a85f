// The arithmetic limit as the kernel in lanes meets it: the draws and transcendental functions
// for kLanes customers side by side, with the engine's own lane code (lane_streams.hpp,
// natural_log.hpp, the cosine–sine series), compiled for each instruction set the way the
// kernel is (lane_kernel.cpp) and run on the best this processor has. Beside the one-interaction
// limit, the reference scenario's whole draw mix, the floor of the baseline kernel in lanes.
// That these lanes compute the library's numbers is tested in tests/random_streams_test.cpp.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <string>

#include "engine/lane_kernel.hpp"
#include "engine/lane_streams.hpp"
#include "interaction_arithmetic.hpp"
#include "model/retention_models.hpp"
#include "reference_run.hpp"

namespace {

constexpr std::uint64_t kSeed = 7;

// The lanes' results added after the loop over lanes: a running sum across lanes would fix an
// order of additions the compiler may not change, and keep that loop scalar.
double sum_of(const cxsim::Lanes& lanes) {
  double sum = 0.0;
  for (const double value : lanes) {
    sum += value;
  }
  return sum;
}

// A batch of customers' arithmetic for one interaction each: its block of uniforms, then the
// limit's definition of an interaction (interaction_arithmetic.hpp) lane by lane.
double interactions(const cxsim::LaneStreams& streams, std::uint32_t month, std::uint32_t index) {
  const cxsim::LaneUniforms u = streams.uniforms(cxsim::Stream::interaction, month, index);
  cxsim::Lanes used{};
  for (std::size_t l = 0; l < cxsim::kLanes; ++l) {
    used[l] = cxsim_bench::interaction_arithmetic({u[0][l], u[1][l], u[2][l], u[3][l]});
  }
  return sum_of(used);
}

// A batch's month end: its block, and the survival draw ln(−ln u₀) of every lane.
double month_ends(const cxsim::LaneStreams& streams, std::uint32_t month) {
  const cxsim::LaneUniforms u = streams.uniforms(cxsim::Stream::month_end, month);
  cxsim::Lanes used{};
  for (std::size_t l = 0; l < cxsim::kLanes; ++l) {
    used[l] = cxsim::survival_draw(u[0][l]);
  }
  return sum_of(used);
}

// A batch's customers: their block, and the log-odds t = ln(u/(1 − u)) of the hazard table.
double customers(const cxsim::LaneStreams& streams) {
  const cxsim::LaneUniforms u = streams.uniforms(cxsim::Stream::customer);
  cxsim::Lanes used{};
  for (std::size_t l = 0; l < cxsim::kLanes; ++l) {
    used[l] = cxsim::natural_log(u[1][l] / (1.0 - u[1][l]));
  }
  return sum_of(used);
}

constexpr std::uint32_t kInteractionsPerBatch = 64;

// 64 interactions of a batch of customers, as in BM_ArithmeticLimit.
double one_interaction_limit(std::uint32_t first_customer, const cxsim_bench::DrawMix&) {
  const cxsim::LaneStreams streams(kSeed, 0, first_customer);
  double sink = 0.0;
  for (std::uint32_t i = 0; i < kInteractionsPerBatch; ++i) {
    sink += interactions(streams, i >> 3, i & 7U);
  }
  return sink;
}

// 64 interactions of a batch of customers with the month-end and customer draws that come with
// them on the reference scenario, as in BM_ArithmeticLimitReferenceMix.
double reference_mix_limit(std::uint32_t first_customer, const cxsim_bench::DrawMix& mix) {
  const cxsim::LaneStreams streams(kSeed, 0, first_customer);
  double sink = 0.0;
  double months_due = 0.0;
  double customers_due = 0.0;
  std::uint32_t month = 0;
  std::uint32_t next_batch = first_customer;
  for (std::uint32_t i = 0; i < kInteractionsPerBatch; ++i) {
    sink += interactions(streams, month, i & 7U);
    for (months_due += mix.months_per_interaction; months_due >= 1.0; months_due -= 1.0) {
      sink += month_ends(streams, ++month);
    }
    for (customers_due += mix.customers_per_interaction; customers_due >= 1.0;
         customers_due -= 1.0) {
      next_batch += cxsim::kLanes;
      sink += customers(cxsim::LaneStreams(kSeed, 0, next_batch));
    }
  }
  return sink;
}

using Limit = double (*)(std::uint32_t, const cxsim_bench::DrawMix&);

// Each limit compiled for each instruction set, every call inlined (flatten), as the kernel is.
template <Limit limit>
[[gnu::flatten]] double portable(std::uint32_t first, const cxsim_bench::DrawMix& mix) {
  return limit(first, mix);
}
#if defined(__x86_64__)
template <Limit limit>
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] double avx2(std::uint32_t first,
                                                            const cxsim_bench::DrawMix& mix) {
  return limit(first, mix);
}
template <Limit limit>
[[gnu::target("arch=x86-64-v4"), gnu::flatten]] double avx512(std::uint32_t first,
                                                              const cxsim_bench::DrawMix& mix) {
  return limit(first, mix);
}
#endif

template <Limit limit>
Limit compiled_for(cxsim::LaneInstructionSet set) {
  switch (set) {
#if defined(__x86_64__)
    case cxsim::LaneInstructionSet::avx2:
      return avx2<limit>;
    case cxsim::LaneInstructionSet::avx512:
      return avx512<limit>;
#else
    case cxsim::LaneInstructionSet::avx2:
    case cxsim::LaneInstructionSet::avx512:
#endif
    case cxsim::LaneInstructionSet::portable:
      break;
  }
  return portable<limit>;
}

void run_limit(benchmark::State& state, Limit limit, const cxsim_bench::DrawMix& mix,
               cxsim::LaneInstructionSet set) {
  std::uint32_t customer = 0;
  double sink = 0.0;
  for (auto _ : state) {
    sink += limit(customer, mix);
    customer += cxsim::kLanes;
  }
  benchmark::DoNotOptimize(sink);
  state.counters["interactions/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kInteractionsPerBatch * cxsim::kLanes,
      benchmark::Counter::kIsRate);
  state.SetLabel(std::string(cxsim::name(set)));
}

void BM_ArithmeticLimitInLanes(benchmark::State& state) {
  const cxsim::LaneInstructionSet best = cxsim::lane_instruction_sets().back();
  run_limit(state, compiled_for<one_interaction_limit>(best), {}, best);
}
BENCHMARK(BM_ArithmeticLimitInLanes);

void BM_ArithmeticLimitReferenceMixInLanes(benchmark::State& state) {
  const std::optional<cxsim::CompiledRun> run = cxsim_bench::reference_run(state, false);
  if (!run) {
    return;
  }
  const cxsim::LaneInstructionSet best = cxsim::lane_instruction_sets().back();
  run_limit(state, compiled_for<reference_mix_limit>(best), cxsim_bench::reference_draw_mix(*run),
            best);
}
BENCHMARK(BM_ArithmeticLimitReferenceMixInLanes);

void BM_ArithmeticLimitInPortableLanes(benchmark::State& state) {
  run_limit(state, compiled_for<one_interaction_limit>(cxsim::LaneInstructionSet::portable), {},
            cxsim::LaneInstructionSet::portable);
}
BENCHMARK(BM_ArithmeticLimitInPortableLanes);

}  // namespace
