// What both kernels (customer_kernel.cpp, one customer at a time, and lane_kernel.cpp, kLanes
// side by side) draw the same way, so that they agree bit for bit: a customer's own draws, a
// Poisson count, and the key their tables of shared draws file a draw under.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "cxsim/compiled_run.hpp"
#include "cxsim/random_streams.hpp"

namespace cxsim {

// What a customer brings to every variant: drawn once, shared by all (SPEC §2.1).
struct Customer {
  const CompiledSegment* segment;
  double log_hazard;       // ln(−ln(1 − θ_i)), θ_i the baseline churn propensity
  double monthly_revenue;  // r_i
};

inline Customer draw_customer(const CompiledRun& run, const CustomerStreams& streams) {
  const Uniforms u = streams.uniforms(Stream::customer);
  const auto segment =
      std::find_if(run.segments.begin(), run.segments.end() - 1,
                   [&](const CompiledSegment& s) { return u[0] < s.cumulative_share; });
  Customer customer{&*segment, segment->baseline_hazard(u[1]), segment->revenue_mean};
  if (segment->log_revenue_sigma > 0.0) {
    const double z = standard_normals(u[2], u[3])[0];
    customer.monthly_revenue = std::exp(segment->log_revenue_mu + segment->log_revenue_sigma * z);
  }
  return customer;
}

// Inverse CDF of a Poisson count from one uniform: fixed consumption, no rejection.
inline int poisson_count(double rate, double probability_of_none, double u) {
  double probability = probability_of_none;
  double cumulative = probability;
  int count = 0;
  while (u > cumulative && count < kMaxOccurrences) {
    ++count;
    probability *= rate / count;
    cumulative += probability;
  }
  return count;
}

// A draw's key within one customer's (or batch's) draws, for the kernels' direct-mapped tables of
// draws shared by the variants: month < 2¹⁶, index < 2⁸, occurrence < 2⁷, detail < 2⁸,
// stream < 2³ give distinct keys, and their hash a slot among 2^slot_bits.
static_assert(kMaxOccurrences <= 128, "occurrences must fit the key's 7 bits");
static_assert(kMaxTouchpoints < 256, "touchpoints must fit the key's 8 bits");
inline std::uint64_t draw_key(Stream stream, std::uint32_t month, std::uint32_t index,
                              std::uint32_t occurrence, std::uint32_t detail) {
  return (std::uint64_t{month} << 26) | (index << 18) | (occurrence << 11) | (detail << 3) |
         static_cast<std::uint32_t>(stream);
}
inline std::size_t draw_slot(std::uint64_t key, int slot_bits) {
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - slot_bits));
}

}  // namespace cxsim
