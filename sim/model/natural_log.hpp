// The logarithm of the engine's draws (Box–Muller's radius, the survival draw ln(−ln u)),
// written out rather than called from the C library, for two reasons: the kernel in lanes
// computes it for several customers in one SIMD instruction, which a library call cannot be,
// and every build and every lane width must compute the same bits, which the library (with
// versions picked at run time by the processor's features) does not promise.
#pragma once

#include <bit>
#include <cstdint>
#include <numbers>

namespace cxsim {

// ln x for a positive, finite, normal x, within two units in the last place (tested against the
// long double logarithm). x = m·2^e with m ∈ [√½, √2); ln m = 2·atanh(s) with
// s = (m − 1)/(m + 1), |s| < 0.172, summed to s¹⁹: the next term is at most 2·10⁻¹⁷ of the
// result, a fifth of a unit in the last place. Near x = 1 the result is as accurate, relatively,
// as anywhere: m − 1 is exact there, which ln(−ln u) needs for u close to 1. Integer and bit
// operations only, no branch, no table: each step has a SIMD instruction on SSE2.
inline double natural_log(double x) {
  constexpr std::uint64_t kSqrtHalf = 0x3FE6A09E667F3BCDULL;  // √½, where m's range starts
  constexpr std::uint64_t kTwoTo52 = 0x4330000000000000ULL;   // the bits of 2⁵²
  const std::uint64_t shifted =
      std::bit_cast<std::uint64_t>(x) + (0x3FF0000000000000ULL - kSqrtHalf);
  // e as a double without an integer conversion (which SSE2 and AVX2 lack for 64-bit lanes):
  // the biased exponent put in the mantissa of 2⁵², exactly.
  const double exponent = std::bit_cast<double>((shifted >> 52) | kTwoTo52) - (0x1p52 + 1023.0);
  const double m = std::bit_cast<double>((shifted & 0x000FFFFFFFFFFFFFULL) + kSqrtHalf);
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  double series = 1.0 / 19.0;  // Σ z^k/(2k + 1) from k = 1, by Horner
  for (int n = 17; n >= 3; n -= 2) {
    series = series * z + 1.0 / n;
  }
  return exponent * std::numbers::ln2 + (f - s * (f - 2.0 * z * series));
}

}  // namespace cxsim
