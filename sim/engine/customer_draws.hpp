// What both kernels (customer_kernel.cpp, one customer at a time, and lane_kernel.cpp, kLanes
// side by side) draw the same way, so that they agree bit for bit: a customer's own draws, a
// block of draws and what it becomes, a Poisson count, and the table of draws the variants share.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/random_streams.hpp"
#include "model/compiled_run.hpp"
#include "model/retention_models.hpp"

namespace cxsim {

// What a customer brings to every variant: drawn once, shared by all
// (docs/model.md#customers-and-segments).
struct Customer {
  const CompiledSegment* segment;
  double log_hazard;       // ln(−ln(1 − θ_i)), θ_i the baseline churn propensity
  double monthly_revenue;  // r_i
  int join_month;          // 0 for the initial base
};

// The cohort of joiners customer `number` belongs to, or nullptr for one of the initial base
// (docs/model.md#acquisition).
inline const CompiledCohort* cohort_of(const CompiledRun& run, std::uint32_t number) {
  const auto after = std::upper_bound(
      run.cohorts.begin(), run.cohorts.end(), number,
      [](std::uint32_t n, const CompiledCohort& cohort) { return n < cohort.first; });
  return after == run.cohorts.begin() ? nullptr : &*(after - 1);
}

// The first customer number after `number` in another cohort (the base counting as one), so
// that a batch of lanes holds one cohort's customers alone.
inline std::uint64_t end_of_cohort(const CompiledRun& run, std::uint32_t number) {
  const CompiledCohort* cohort = cohort_of(run, number);
  if (cohort != nullptr) {
    return std::uint64_t{cohort->first} + cohort->count;
  }
  return run.cohorts.empty() ? std::numeric_limits<std::uint64_t>::max() : run.cohorts[0].first;
}

// Customer `number`: one of the base draws its segment from the shares, a joiner is of its
// cohort's segment and has survived no month yet.
inline Customer draw_customer(const CompiledRun& run, const CustomerStreams& streams,
                              std::uint32_t number) {
  const Uniforms u = streams.uniforms(Stream::customer);
  const CompiledCohort* cohort = cohort_of(run, number);
  const CompiledSegment* segment =
      cohort != nullptr
          ? &run.segments[static_cast<std::size_t>(cohort->segment)]
          : &*std::find_if(run.segments.begin(), run.segments.end() - 1,
                           [&](const CompiledSegment& s) { return u[0] < s.cumulative_share; });
  const BaselineHazard& hazard =
      cohort != nullptr ? segment->joiner_hazard : segment->baseline_hazard;
  Customer customer{segment, hazard(u[1]), segment->revenue_mean,
                    cohort != nullptr ? cohort->join_month : 0};
  if (segment->log_revenue_sigma > 0.0) {
    const double z = standard_normals(u[2], u[3])[0];
    customer.monthly_revenue = std::exp(segment->log_revenue_mu + segment->log_revenue_sigma * z);
  }
  return customer;
}

// The customer's segment, by its place in the run's segments.
inline int segment_index(const CompiledRun& run, const Customer& customer) {
  return static_cast<int>(customer.segment - run.segments.data());
}

// A block of four uniforms and what the variants need of them beyond, made once a block and
// shared by every variant: for an interaction, the two normals Box–Muller makes of u₂ and u₃
// (tone and polish noise); for a CSAT rating, the normal of u₀ and u₁ (its noise); at month end,
// the survival draw ln(−ln u₀) (retention_models.hpp).
// For one customer (Value = double) or for a batch of customers side by side (Value an array of
// lanes; then [uniform][lane]).
template <typename Value>
struct BlockDraws {
  std::array<Value, 4> u;
  std::array<Value, 2> derived;
};

// One customer's value in a block of draws, or lane l's.
inline double& lane(double& value, std::size_t) {
  return value;
}
template <std::size_t kSize>
double& lane(std::array<double, kSize>& values, std::size_t l) {
  return values[l];
}
template <typename Value>
inline constexpr std::size_t kLanesOf = 1;
template <std::size_t kSize>
inline constexpr std::size_t kLanesOf<std::array<double, kSize>> = kSize;

// The block `streams` (CustomerStreams, or LaneStreams for a batch) draws for `stream` and the
// rest of the key, and what it becomes, into `draws`. The stream is decided outside the loops
// over lanes, each of which the compiler vectorises.
template <typename Value, typename Streams>
void make_draws(BlockDraws<Value>& draws, const Streams& streams, Stream stream,
                std::uint32_t month, std::uint32_t index, std::uint32_t occurrence,
                std::uint32_t detail) {
  draws.u = streams.uniforms(stream, month, index, occurrence, detail);
  if (stream == Stream::interaction) {
    for (std::size_t l = 0; l < kLanesOf<Value>; ++l) {
      const auto [tone, polish] = standard_normals(lane(draws.u[2], l), lane(draws.u[3], l));
      lane(draws.derived[0], l) = tone;
      lane(draws.derived[1], l) = polish;
    }
  } else if (stream == Stream::rating) {
    for (std::size_t l = 0; l < kLanesOf<Value>; ++l) {
      lane(draws.derived[0], l) = standard_normals(lane(draws.u[0], l), lane(draws.u[1], l))[0];
    }
  } else if (stream == Stream::month_end) {
    for (std::size_t l = 0; l < kLanesOf<Value>; ++l) {
      lane(draws.derived[0], l) = survival_draw(lane(draws.u[0], l));
    }
  }
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

// A direct-mapped table of the draws a customer's (or a batch of customers') variants share:
// common random numbers give every variant the same draw for the same key (stream, month,
// touchpoint, occurrence, detail), and Philox blocks and their transcendental functions are much
// of a variant's cost. A slot keeps the last draw stored in it, tagged with its key and its
// owner (the customer, or a batch's first customer), so a collision costs only a recomputation
// and nothing needs clearing between owners.
template <typename Draws, int kSlotBits>
class DrawTable {
 public:
  DrawTable() : slots_(std::size_t{1} << kSlotBits) {}

  // The draw under `key` for `owner`, made into its slot by `make(Draws&)` unless already there.
  // The reference stays valid until the next call.
  template <typename Make>
  const Draws& get(std::uint32_t owner, std::uint64_t key, Make&& make) {
    Slot& slot =
        slots_[static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits))];
    if (slot.key != key || slot.owner != owner) {
      slot.key = key;
      slot.owner = owner;
      make(slot.draws);
    }
    return slot.draws;
  }

  // A draw's key: month < 2¹⁶, index < 2⁸, occurrence < 2⁷, detail < 2⁸, stream < 2³ give
  // distinct keys.
  static std::uint64_t key(Stream stream, std::uint32_t month, std::uint32_t index,
                           std::uint32_t occurrence, std::uint32_t detail) {
    static_assert(kMaxOccurrences <= 128, "occurrences must fit the key's 7 bits");
    static_assert(kMaxTouchpoints < 256, "touchpoints must fit the key's 8 bits");
    return (std::uint64_t{month} << 26) | (index << 18) | (occurrence << 11) | (detail << 3) |
           static_cast<std::uint32_t>(stream);
  }

 private:
  struct Slot {
    std::uint64_t key = ~std::uint64_t{0};  // no draw's
    std::uint32_t owner = 0;
    Draws draws{};
  };
  std::vector<Slot> slots_;
};

}  // namespace cxsim
