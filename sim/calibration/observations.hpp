// What a customer base was seen to do, for `cxsim calibrate` (docs/calibration.md#observations):
// the unknowns (scenario parameters by path, each with bounds) and the observations, each with
// its sample size, read from OBSERVED.yaml and checked against the scenario they calibrate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {

struct Unknown {
  std::string path;        // as written: names for positions allowed
  std::string index_path;  // resolved against the scenario
  double lower = 0.0;
  double upper = 0.0;
};

// Observed retention pooled over the cohorts of one segment (or of every segment): for each
// period t = 1…K, the customers at risk at its start and those lost in it. A cohort stops
// contributing after its last period (right-censored).
struct RetentionObservation {
  std::optional<std::size_t> segment;  // none: every segment together
  std::vector<double> at_risk;         // [t − 1] for t = 1…K
  std::vector<double> lost;
  SourceLocation location;
};

// NPS (−100…100) of the answers of one survey month.
struct NpsObservation {
  int month = 0;
  double score = 0.0;
  double responses = 0.0;
  // Shares of promoters and detractors, when known: they give the answers' variance; without
  // them it is bounded by 1 − (score/100)².
  std::optional<double> promoters;
  std::optional<double> detractors;
  SourceLocation location;
};

// A share per touchpoint: CSAT (4 or 5 of 5) of the rated interactions, or failures of all.
struct ShareObservation {
  std::size_t touchpoint = 0;  // journey index
  double share = 0.0;
  double sample = 0.0;  // interactions rated, or interactions seen
  SourceLocation location;
};

// CES (1–7) mean of one touchpoint's interactions, with the answers' standard deviation.
struct MeanObservation {
  std::size_t touchpoint = 0;
  double mean = 0.0;
  double sd = 0.0;
  double responses = 0.0;
  SourceLocation location;
};

struct Observations {
  std::string file;
  std::vector<Unknown> unknowns;
  std::vector<RetentionObservation> retention;
  std::vector<NpsObservation> nps;
  std::vector<ShareObservation> csat;
  std::vector<MeanObservation> ces;
  std::vector<ShareObservation> failure_rate;
};

struct ObservationsReading {
  std::optional<Observations> observations;  // set exactly when there are no problems
  std::vector<Diagnostic> problems;          // in file order
};

// Reads OBSERVED text (`file` names it in messages) against the scenario it calibrates: every
// unknown must name a constant parameter of the scenario inside its bounds, every touchpoint and
// segment must be the scenario's, every month within its horizon.
ObservationsReading read_observations(const std::string& text, const std::string& file,
                                      const Scenario& scenario);

}  // namespace cxsim
