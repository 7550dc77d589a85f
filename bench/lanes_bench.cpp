// The arithmetic limit as a structure-of-arrays batch kernel would meet it: one interaction's
// draws for eight customers side by side (a Philox4x32-10 block each, then Box–Muller's
// logarithm, square root and cosine–sine series), every step a loop over the eight lanes that
// the compiler can turn into SIMD instructions. The kernel does not work this way yet; this
// measures the headroom such a kernel would have over BM_ArithmeticLimit (bench/README.md).
// Before timing, each lane's block is checked against Random123's (bit for bit) and the
// logarithm against the C library's.
#include <benchmark/benchmark.h>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "cxsim/random_streams.hpp"

namespace {

constexpr int kLanes = 8;
constexpr std::uint64_t kSeed = 7;
constexpr std::uint32_t kLow32 = 0xFFFFFFFFU;

using Lanes = std::array<double, kLanes>;

// Philox4x32-10 (Salmon et al. 2011, as Random123 computes it) for eight counters that differ in
// their first word, the customer. Words are kept in 64-bit lanes so that the 32×32→64-bit
// products vectorise.
std::array<Lanes, 4> philox_lanes(std::uint32_t first_customer, std::uint32_t word1,
                                  std::uint32_t word2, std::uint32_t word3) {
  std::array<std::uint64_t, kLanes> x0{};
  std::array<std::uint64_t, kLanes> x1{};
  std::array<std::uint64_t, kLanes> x2{};
  std::array<std::uint64_t, kLanes> x3{};
  for (int l = 0; l < kLanes; ++l) {
    x0[static_cast<std::size_t>(l)] = first_customer + static_cast<std::uint32_t>(l);
    x1[static_cast<std::size_t>(l)] = word1;
    x2[static_cast<std::size_t>(l)] = word2;
    x3[static_cast<std::size_t>(l)] = word3;
  }
  std::uint64_t key0 = kSeed & kLow32;
  std::uint64_t key1 = kSeed >> 32;
  for (int round = 0; round < 10; ++round) {
    for (std::size_t l = 0; l < kLanes; ++l) {
      const std::uint64_t product0 = std::uint64_t{0xD2511F53U} * x0[l];
      const std::uint64_t product1 = std::uint64_t{0xCD9E8D57U} * x2[l];
      x0[l] = (product1 >> 32) ^ x1[l] ^ key0;
      x1[l] = product1 & kLow32;
      x2[l] = (product0 >> 32) ^ x3[l] ^ key1;
      x3[l] = product0 & kLow32;
    }
    key0 = (key0 + 0x9E3779B9U) & kLow32;
    key1 = (key1 + 0xBB67AE85U) & kLow32;
  }
  std::array<Lanes, 4> uniforms{};
  const std::array<const std::array<std::uint64_t, kLanes>*, 4> words{&x0, &x1, &x2, &x3};
  for (std::size_t w = 0; w < 4; ++w) {
    for (std::size_t l = 0; l < kLanes; ++l) {
      uniforms[w][l] = (static_cast<double>((*words[w])[l]) + 0.5) * 0x1p-32;
    }
  }
  return uniforms;
}

// ln x for x > 0, written without a table or a call: x = m·2^e with m ∈ [√½, √2), and
// ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| < 0.172, by its series to s¹⁷. Within a few units
// in the last place (the C library's is within one): good enough to time, not yet to simulate.
constexpr double kLogTolerance = 1e-15;
double log_lane(double x) {
  constexpr std::uint64_t kSqrtHalf = 0x3FE6A09E667F3BCDULL;  // √½, the start of m's range
  const std::uint64_t shifted =
      std::bit_cast<std::uint64_t>(x) + (0x3FF0000000000000ULL - kSqrtHalf);
  const auto exponent = static_cast<double>(static_cast<std::int64_t>(shifted >> 52) - 1023);
  const double m = std::bit_cast<double>((shifted & 0x000FFFFFFFFFFFFFULL) + kSqrtHalf);
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  double series = 1.0 / 17.0;
  for (int n = 15; n >= 3; n -= 2) {
    series = series * z + 1.0 / n;
  }
  return exponent * std::numbers::ln2 + 2.0 * s * (1.0 + z * series);
}

// The arithmetic of BM_ArithmeticLimit, for eight customers at once. Each lane's result is kept
// apart and summed after: a running sum across lanes would fix an order of additions the
// compiler may not change, and keep the loop scalar.
double interactions_in_lanes(std::uint32_t first_customer) {
  const std::array<Lanes, 4> u = philox_lanes(first_customer, 0, 0, 2);
  Lanes used{};
  for (std::size_t l = 0; l < kLanes; ++l) {
    const double radius = std::sqrt(-2.0 * log_lane(u[2][l]));
    const auto [cosine, sine] = cxsim::cos_sin_turns(u[3][l]);
    used[l] = radius * cosine * radius * sine + u[0][l] + u[1][l];
  }
  double sum = 0.0;
  for (const double value : used) {
    sum += value;
  }
  return sum;
}

bool lanes_agree_with_the_library() {
  for (std::uint32_t customer = 0; customer < 1024; customer += kLanes) {
    const std::array<Lanes, 4> lanes = philox_lanes(customer, 0, 0, 2);
    for (std::uint32_t l = 0; l < kLanes; ++l) {
      const cxsim::Uniforms reference =
          cxsim::CustomerStreams(kSeed, 0, customer + l).uniforms(cxsim::Stream::interaction);
      for (std::size_t w = 0; w < 4; ++w) {
        const double log = std::log(reference[w]);
        if (lanes[w][l] != reference[w] ||
            std::abs(log_lane(reference[w]) - log) > kLogTolerance * std::abs(log)) {
          return false;
        }
      }
    }
  }
  return true;
}

void BM_ArithmeticLimitInLanes(benchmark::State& state) {
  if (!lanes_agree_with_the_library()) {
    state.SkipWithError("the lanes' Philox or logarithm disagrees with the library's");
    return;
  }
  std::uint32_t customer = 0;
  double sink = 0.0;
  for (auto _ : state) {
    sink += interactions_in_lanes(customer);
    customer += kLanes;
  }
  benchmark::DoNotOptimize(sink);
  state.counters["interactions/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kLanes, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ArithmeticLimitInLanes);

}  // namespace
