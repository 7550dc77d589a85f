// Random numbers: Random123's known answers for Philox4x32-10 (as Debian packages it), and the
// properties the engine relies on. Timing lives in bench/, not here.
#include "engine/random_streams.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <set>
#include <vector>

#include "engine/lane_streams.hpp"
#include "model/natural_log.hpp"

namespace cxsim {
namespace {

TEST(Philox4x32, MatchesRandom123KnownAnswers) {
  using Philox = r123::Philox4x32;
  struct KnownAnswer {
    Philox::ctr_type counter;
    Philox::key_type key;
    Philox::ctr_type expected;
  };
  // From Random123's kat_vectors (philox4x32, 10 rounds).
  const KnownAnswer answers[] = {
      {{{0, 0, 0, 0}}, {{0, 0}}, {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}}},
      {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}},
       {{0xffffffff, 0xffffffff}},
       {{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}}},
      {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}},
       {{0xa4093822, 0x299f31d0}},
       {{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}}},
  };
  for (const KnownAnswer& answer : answers) {
    EXPECT_EQ(Philox()(answer.counter, answer.key), answer.expected);
  }
}

TEST(CustomerStreams, AreAPureFunctionOfWhatTheDrawIsFor) {
  const CustomerStreams a(7, 0, 42);
  const CustomerStreams again(7, 0, 42);
  EXPECT_EQ(a.uniforms(Stream::interaction, 3, 1, 0), again.uniforms(Stream::interaction, 3, 1, 0));
}

TEST(CustomerStreams, EveryNamedDrawIsItsOwn) {
  const CustomerStreams streams(7, 0, 42);
  const std::set<Uniforms> draws{
      streams.uniforms(Stream::interaction, 3, 1, 0),
      streams.uniforms(Stream::interaction, 4, 1, 0),
      streams.uniforms(Stream::interaction, 3, 2, 0),
      streams.uniforms(Stream::interaction, 3, 1, 1),
      streams.uniforms(Stream::trigger, 3, 1, 0, 2),
      streams.uniforms(Stream::trigger, 3, 1, 0, 3),
      streams.uniforms(Stream::month_end, 3),
      CustomerStreams(7, 1, 42).uniforms(Stream::interaction, 3, 1, 0),
      CustomerStreams(7, 0, 43).uniforms(Stream::interaction, 3, 1, 0),
      CustomerStreams(8, 0, 42).uniforms(Stream::interaction, 3, 1, 0),
      CustomerStreams(7ull << 32, 0, 42).uniforms(Stream::interaction, 3, 1, 0),
  };
  EXPECT_EQ(draws.size(), 11u);
}

TEST(CustomerStreams, UniformsAreStrictlyInsideTheUnitIntervalWithTheRightMean) {
  double sum = 0.0;
  constexpr int kCustomers = 20000;
  for (std::uint32_t customer = 0; customer < kCustomers; ++customer) {
    for (const double u : CustomerStreams(1, 0, customer).uniforms(Stream::customer)) {
      ASSERT_GT(u, 0.0);
      ASSERT_LT(u, 1.0);
      sum += u;
    }
  }
  // The mean of 80000 uniforms has sd √(1/12/80000) ≈ 0.001; 5 sd is a failure.
  EXPECT_NEAR(sum / (4.0 * kCustomers), 0.5, 5.0 * std::sqrt(1.0 / 12.0 / (4.0 * kCustomers)));
}

TEST(LaneStreams, AreEachLanesCustomerStreamsBitForBit) {
  // Including a batch that runs past the last customer number, 2³² − 1, and wraps.
  for (const std::uint32_t first : {0U, 7U, 1'000'003U, 4'294'967'290U}) {
    const LaneStreams lanes(0x0123456789ABCDEFULL, 3, first);
    for (const Stream stream : {Stream::customer, Stream::interaction, Stream::month_end}) {
      for (std::uint32_t month = 0; month < 600; month += 37) {
        const LaneUniforms batch = lanes.uniforms(stream, month, month % 255, month % 64, 9);
        for (std::uint32_t l = 0; l < kLanes; ++l) {
          const Uniforms one = CustomerStreams(0x0123456789ABCDEFULL, 3, first + l)
                                   .uniforms(stream, month, month % 255, month % 64, 9);
          for (std::size_t w = 0; w < 4; ++w) {
            ASSERT_EQ(batch[w][l], one[w]) << "customer " << first + l << ", month " << month;
          }
        }
      }
    }
  }
}

// Units in the last place of `exact` between it and `value`.
double ulps(double value, long double exact) {
  const auto rounded = static_cast<double>(exact);
  const double ulp = std::nextafter(rounded, std::numeric_limits<double>::infinity()) - rounded;
  return static_cast<double>(std::abs(static_cast<long double>(value) - exact) / ulp);
}

TEST(NaturalLog, IsWithinTwoUnitsInTheLastPlace) {
  // Where the engine takes it (uniforms, −ln u of a uniform, close to 1) and across the range.
  std::vector<double> arguments;
  const CustomerStreams streams(11, 0, 0);
  for (std::uint32_t i = 0; i < 50'000; ++i) {
    const double u = streams.uniforms(Stream::interaction, i >> 8, i & 255U)[0];
    arguments.push_back(u);
    arguments.push_back(-std::log(u));
    arguments.push_back(1.0 + (u - 0.5) * 1e-9);
    arguments.push_back(std::ldexp(0.5 + u, static_cast<int>(i % 2000) - 1000));
  }
  double worst = 0.0;
  for (const double x : arguments) {
    const long double exact = std::log(static_cast<long double>(x));
    if (exact != 0.0L) {
      worst = std::max(worst, ulps(natural_log(x), exact));
    }
  }
  EXPECT_LE(worst, 2.0);
  EXPECT_EQ(natural_log(1.0), 0.0);
}

// Against the long double library functions, at a million of the streams' uniforms and at the
// quarter and eighth turns, where the reduction changes quarter.
TEST(CosSinTurns, MatchesTheLongDoubleFunctionsWithin3e16) {
  constexpr long double kTurn = 2.0L * std::numbers::pi_v<long double>;
  std::vector<double> turns;
  for (std::uint32_t i = 0; i < 1000000; ++i) {
    turns.push_back((static_cast<double>(i * 2654435761U) + 0.5) * 0x1p-32);
  }
  for (int eighth = 0; eighth <= 8; ++eighth) {
    const double u = eighth / 8.0;
    turns.insert(turns.end(), {std::nextafter(u, 0.0), u, std::nextafter(u, 1.0)});
  }
  for (const double u : turns) {
    const auto [cosine, sine] = cos_sin_turns(u);
    ASSERT_NEAR(cosine, static_cast<double>(std::cos(kTurn * u)), 3e-16) << u;
    ASSERT_NEAR(sine, static_cast<double>(std::sin(kTurn * u)), 3e-16) << u;
  }
}

TEST(StandardNormals, BoxMullerGivesStandardNormals) {
  double sum = 0.0;
  double sum_squares = 0.0;
  constexpr int kPairs = 50000;
  for (std::uint32_t i = 0; i < kPairs; ++i) {
    const Uniforms u = CustomerStreams(3, 0, i).uniforms(Stream::survey);
    for (const double z : standard_normals(u[0], u[1])) {
      sum += z;
      sum_squares += z * z;
    }
  }
  const double n = 2.0 * kPairs;
  // Mean 0 (sd 1/√n) and variance 1 (sd √(2/n)), each within 5 sd.
  EXPECT_NEAR(sum / n, 0.0, 5.0 / std::sqrt(n));
  EXPECT_NEAR(sum_squares / n, 1.0, 5.0 * std::sqrt(2.0 / n));
}

}  // namespace
}  // namespace cxsim
