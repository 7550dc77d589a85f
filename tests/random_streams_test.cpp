// Random numbers: Random123's known answers for Philox4x32-10 (as Debian packages it), and the
// properties the engine relies on. Timing lives in bench/, not here.
#include "cxsim/random_streams.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>
#include <vector>

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
