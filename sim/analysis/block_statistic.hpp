// Confidence intervals from independent blocks (docs/model.md#statistics). Blocks are added in
// block order, so the sums, and every figure from them, are the same whatever the number of
// threads.
#pragma once

#include <cstdint>
#include <vector>

namespace cxsim {

struct Estimate {
  double mean = 0.0;
  double lo = 0.0;
  double hi = 0.0;
};

// The ratio Σy / Σn over blocks, where block k contributes a total y_k over n_k units (customers,
// survey answers, events). Blocks of unequal size are allowed (the last block of a run is
// short), so the variance is the ratio estimator's:
//   R = Σy / Σn,  Var(R) = K / (K − 1) · Σ(y_k − R·n_k)² / (Σn)²,
// and the interval is R ± t_{K−1} · √Var(R). Sums are kept around the first block's ratio, so
// the variance does not drown in the square of the mean.
class BlockStatistic {
 public:
  void add(double total, double units);

  std::int64_t blocks() const { return blocks_; }
  // Σn: 0 when nothing was observed (no survey answer, no event), and then no estimate exists.
  double units() const { return sum_units_; }
  double estimate() const;
  double standard_error() const;
  // The interval at `confidence`, scaled by `scale`; a degenerate interval with fewer than two
  // blocks or no units.
  Estimate interval(double confidence, double scale = 1.0) const;

 private:
  std::int64_t blocks_ = 0;
  double shift_ = 0.0;        // the first block's ratio
  double sum_shifted_ = 0.0;  // Σ (y − shift·n)
  double sum_units_ = 0.0;
  double sum_shifted_squares_ = 0.0;  // Σ (y − shift·n)²
  double sum_shifted_units_ = 0.0;    // Σ (y − shift·n)·n
  double sum_unit_squares_ = 0.0;     // Σ n²
};

// The mean of independent values (one per replication, say) with its t interval; degenerate
// for fewer than two values.
Estimate interval_over(const std::vector<double>& values, double confidence);

// The mean of independent estimates (one per replication) counting only their own Monte Carlo
// errors: mean ± t_{degrees} · √(Σ se_i²) / n. Across replications with different parameters,
// this is the part of the uncertainty that simulating more customers would remove.
Estimate monte_carlo_interval_over(const std::vector<double>& values,
                                   const std::vector<double>& standard_errors, double degrees,
                                   double confidence);

// Student's t quantile for a two-sided interval at `confidence` with `degrees` of freedom.
double t_quantile(double confidence, double degrees);

}  // namespace cxsim
