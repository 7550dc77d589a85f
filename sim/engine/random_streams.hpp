// The engine's random numbers (docs/model.md#random-numbers): Random123's Philox4x32-10, keyed by
// the seed, with a counter naming what each draw is for. A draw is a pure function of (seed,
// replication, customer, stream, month, touchpoint, occurrence), never of the thread or of the
// order customers are simulated in, so every variant of a run sees the same numbers (common random
// numbers) and any single customer can be replayed alone.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "model/natural_log.hpp"

namespace cxsim {

// Named streams: what a block of four uniforms is drawn for.
enum class Stream : std::uint32_t {
  customer = 1,     // segment, baseline churn θ, revenue
  interaction = 2,  // success, delay, tone and polish of one interaction
  schedule = 3,     // Poisson counts of a touchpoint in a month
  trigger = 4,      // whether an event triggers a dependent touchpoint
  month_end = 5,    // survival, expansion, referral, survey response
  survey = 6,       // the noise of a survey answer
  rating = 7,       // the noise of an interaction's CSAT rating, drawn only when it has noise
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

// ±1/n!, the Taylor coefficients of sin (n odd) and cos (n even): n! is exact in double up to
// 18!, so each is rounded once.
inline constexpr std::array<double, 17> kSineCosineTaylor = [] {
  std::array<double, 17> coefficients{};
  double factorial = 1.0;
  for (int n = 0; n <= 16; ++n) {
    factorial *= n > 1 ? n : 1;
    coefficients[static_cast<std::size_t>(n)] = (n / 2 % 2 == 0 ? 1.0 : -1.0) / factorial;
  }
  return coefficients;
}();

// cos 2πu and sin 2πu for u ∈ [0, 1], within 3·10⁻¹⁶ (tested). The argument is reduced in
// turns, exactly: u − q/4 for the nearest quarter q is exact for a uniform of the streams, so
// what remains is x ∈ [−1/8, 1/8], an angle a = 2πx within ±π/4, where the Taylor series to
// a¹⁵ and a¹⁶ are exact to double precision. The C library's sincos must reduce any argument
// and saves and restores the rounding mode on every call.
inline std::array<double, 2> cos_sin_turns(double u) {
  const int quarter = static_cast<int>(4.0 * u + 0.5);  // the nearest, u ≥ 0
  const double a = 2.0 * std::numbers::pi * (u - 0.25 * quarter);
  const double a2 = a * a;
  const auto& c = kSineCosineTaylor;
  double sine = c[15];
  double cosine = c[16];
  for (int n = 13; n >= 1; n -= 2) {  // Horner in a²
    sine = sine * a2 + c[static_cast<std::size_t>(n)];
    cosine = cosine * a2 + c[static_cast<std::size_t>(n + 1)];
  }
  sine *= a;
  cosine = cosine * a2 + 1.0;
  // Rotated by the quarter turns, with selects rather than a switch: the quarter is random, so
  // a branch on it would mispredict, and selects let a loop over customers vectorise.
  const int turn = quarter & 3;
  const double x = (turn & 1) != 0 ? sine : cosine;
  const double y = (turn & 1) != 0 ? cosine : sine;
  return {(turn == 1 || turn == 2) ? -x : x, turn >= 2 ? -y : y};
}

// Two standard normals from two uniforms (Box–Muller): fixed consumption, no rejection loop.
inline std::array<double, 2> standard_normals(double u1, double u2) {
  const double radius = std::sqrt(-2.0 * natural_log(u1));
  const auto [cosine, sine] = cos_sin_turns(u2);
  return {radius * cosine, radius * sine};
}

}  // namespace cxsim
