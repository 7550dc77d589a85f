// The engine's random numbers (SPEC §3.2): Random123's Philox4x32-10, keyed by the seed, with a
// counter naming what each draw is for. A draw is a pure function of
// (seed, replication, customer, stream, month, touchpoint, occurrence), never of the thread or
// of the order customers are simulated in, so every variant of a run sees the same numbers
// (common random numbers) and any single customer can be replayed alone.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace cxsim {

// Named streams: what a block of four uniforms is drawn for.
enum class Stream : std::uint32_t {
  customer = 1,     // segment, baseline churn θ, revenue
  interaction = 2,  // success, delay, tone and polish of one interaction
  schedule = 3,     // Poisson counts of a touchpoint in a month
  trigger = 4,      // whether an event triggers a dependent touchpoint
  month_end = 5,    // survival, expansion, referral, survey response
  survey = 6,       // the noise of a survey answer
};

using Uniforms = std::array<double, 4>;

// Four independent uniforms in (0, 1), never exactly 0 or 1 (logarithms stay finite).
class CustomerStreams {
 public:
  CustomerStreams(std::uint64_t seed, std::uint32_t replication, std::uint32_t customer)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        replication_(replication),
        customer_(customer) {}

  // `month`, `index` and `occurrence` name the draw within the stream and stay below 2^16;
  // `detail` (below 2^8) tells apart draws of one event, such as each touchpoint it triggers.
  Uniforms uniforms(Stream stream, std::uint32_t month = 0, std::uint32_t index = 0,
                    std::uint32_t occurrence = 0, std::uint32_t detail = 0) const {
    const r123::Philox4x32::ctr_type counter{
        {customer_, replication_, (month << 16) | index,
         (occurrence << 16) | (detail << 8) | static_cast<std::uint32_t>(stream)}};
    const r123::Philox4x32::ctr_type bits = r123::Philox4x32()(counter, key_);
    return {to_unit(bits[0]), to_unit(bits[1]), to_unit(bits[2]), to_unit(bits[3])};
  }

 private:
  static double to_unit(std::uint32_t bits) { return (static_cast<double>(bits) + 0.5) * 0x1p-32; }

  r123::Philox4x32::key_type key_;
  std::uint32_t replication_;
  std::uint32_t customer_;
};

// Two standard normals from two uniforms (Box–Muller): fixed consumption, no rejection loop.
inline std::array<double, 2> standard_normals(double u1, double u2) {
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

}  // namespace cxsim
