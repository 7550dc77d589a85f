// What one interaction computes from its block of uniforms and nothing else, shared by the
// arithmetic-limit benchmarks so that their definitions of an interaction cannot drift apart:
// Box–Muller's pair of normals (tone and polish noise), used with the success and delay draws.
#pragma once

#include "engine/random_streams.hpp"

namespace cxsim_bench {

inline double interaction_arithmetic(const cxsim::Uniforms& u) {
  const auto [tone_noise, polish_noise] = cxsim::standard_normals(u[2], u[3]);
  return tone_noise * polish_noise + u[0] + u[1];
}

}  // namespace cxsim_bench
