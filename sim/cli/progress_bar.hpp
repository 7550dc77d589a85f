// A progress bar with an ETA on stderr, for a person watching a terminal; silent otherwise.
#pragma once

#include <chrono>
#include <cstdint>

namespace cxsim::cli {

class ProgressBar {
 public:
  // Draws only when `enabled` and stderr is a terminal.
  explicit ProgressBar(bool enabled);
  ~ProgressBar();

  void update(std::int64_t done, std::int64_t total);

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace cxsim::cli
