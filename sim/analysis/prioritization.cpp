#include "analysis/prioritization.hpp"

#include <algorithm>
#include <cstdint>

#include "analysis/run_results.hpp"
#include "scenario/variants.hpp"

namespace cxsim {

namespace {

// Every set simulated together, against one baseline, on the same customers; `pairs` (each a
// pair of variant indices) also get the block-by-block contrast of their interaction.
struct Evaluation {
  std::vector<FixSetValue> values;
  std::vector<Estimate> interactions;
};

Evaluation evaluate(const Scenario& scenario, const std::vector<std::vector<std::size_t>>& sets,
                    const std::vector<std::pair<std::size_t, std::size_t>>& pairs,
                    const std::vector<std::size_t>& pair_variants, const DriverOptions& options) {
  std::vector<Variant> variants{{"baseline", {}}};
  for (const std::vector<std::size_t>& set : sets) {
    std::string id;
    for (const std::size_t fix : set) {
      id += (id.empty() ? "" : "+") + scenario.fixes[fix].id;
    }
    variants.push_back({id, set});
  }
  // Per replication: with uncertain parameters, the interval comes from the spread across
  // replications (run_results.hpp), the blocks of one replication sharing its draws.
  const auto replications = static_cast<std::size_t>(scenario.simulation.replications);
  std::vector<std::vector<BlockStatistic>> contrasts(replications,
                                                     std::vector<BlockStatistic>(pairs.size()));
  std::vector<BlockStatistic> pooled(pairs.size());
  DriverOptions observed = options;
  observed.observe_block = [&](std::uint32_t replication, const BlockTotals& block) {
    const auto npv = [&](std::size_t variant) {
      double sum = 0.0;
      for (int t = 0; t < scenario.simulation.months; ++t) {
        sum += block.monthly(static_cast<int>(variant), MonthlyMetric::value, t);
      }
      return sum;
    };
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const double contrast =
          npv(pair_variants[i]) - npv(pairs[i].first) - npv(pairs[i].second) + npv(0);
      contrasts[replication][i].add(contrast, block.customers);
      pooled[i].add(contrast, block.customers);
    }
  };
  const SimulationOutput output = simulate(scenario, variants, observed);
  const RunResults results = summarize(scenario, {scenario.name, "", ""}, output, options.threads);
  Evaluation evaluation;
  for (std::size_t v = 1; v < results.variants.size(); ++v) {
    const VariantResult& vs = results.variants[v];
    evaluation.values.push_back({sets[v - 1], vs.delta_npv(), vs.cost_pv(), vs.net_value(),
                                 vs.roi(), vs.payback_month(), vs.payback_range(),
                                 vs.p_roi_positive()});
  }
  const auto population =
      static_cast<double>(scenario.population.size.value_or(scenario.simulation.customers));
  const double confidence = scenario.simulation.confidence;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (intervals_across_replications(output)) {
      std::vector<double> values;
      for (const std::vector<BlockStatistic>& replication : contrasts) {
        values.push_back(replication[i].estimate() * population);
      }
      evaluation.interactions.push_back(interval_over(values, confidence));
    } else {
      evaluation.interactions.push_back(pooled[i].interval(confidence, population));
    }
  }
  return evaluation;
}

std::vector<std::size_t> members(std::uint32_t mask) {
  std::vector<std::size_t> set;
  for (std::size_t fix = 0; fix < 32; ++fix) {
    if ((mask >> fix) & 1U) {
      set.push_back(fix);
    }
  }
  return set;
}

}  // namespace

PairVerdict verdict(const PairInteraction& pair) {
  return pair.interaction.lo > 0.0   ? PairVerdict::compound
         : pair.interaction.hi < 0.0 ? PairVerdict::overlap
                                     : PairVerdict::independent;
}

std::string_view verdict_name(PairVerdict verdict) {
  switch (verdict) {
    case PairVerdict::compound:
      return "compound";
    case PairVerdict::overlap:
      return "overlap";
    case PairVerdict::independent:
      break;
  }
  return "independent";
}

Prioritization prioritize(const Scenario& scenario, std::optional<double> budget,
                          const DriverOptions& options) {
  const std::size_t fixes = scenario.fixes.size();
  Prioritization result;
  result.exhaustive = fixes <= kMostFixesExhaustive;
  if (result.exhaustive) {
    // Variant v (from 1) holds the set whose bit mask is v.
    std::vector<std::vector<std::size_t>> sets;
    const std::uint32_t combinations = 1U << fixes;
    for (std::uint32_t mask = 1; mask < combinations; ++mask) {
      sets.push_back(members(mask));
    }
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    std::vector<std::size_t> pair_variants;
    for (std::size_t a = 0; a < fixes; ++a) {
      for (std::size_t b = a + 1; b < fixes; ++b) {
        pairs.emplace_back(std::size_t{1} << a, std::size_t{1} << b);
        pair_variants.push_back((std::size_t{1} << a) | (std::size_t{1} << b));
      }
    }
    Evaluation evaluation = evaluate(scenario, sets, pairs, pair_variants, options);
    result.ranking = std::move(evaluation.values);
    std::size_t i = 0;
    for (std::size_t a = 0; a < fixes; ++a) {
      for (std::size_t b = a + 1; b < fixes; ++b) {
        result.pairs.push_back({a, b, evaluation.interactions[i++]});
      }
    }
  } else {
    // Greedy: grow the set by the fix that adds the most net value, until every fix is in.
    std::vector<std::size_t> chosen;
    std::vector<std::size_t> remaining(fixes);
    for (std::size_t fix = 0; fix < fixes; ++fix) {
      remaining[fix] = fix;
    }
    while (!remaining.empty()) {
      std::vector<std::vector<std::size_t>> sets;
      for (const std::size_t fix : remaining) {
        std::vector<std::size_t> set = chosen;
        set.insert(std::upper_bound(set.begin(), set.end(), fix), fix);
        sets.push_back(std::move(set));
      }
      std::vector<FixSetValue> values = evaluate(scenario, sets, {}, {}, options).values;
      result.ranking.insert(result.ranking.end(), values.begin(), values.end());
      const auto best = std::max_element(values.begin(), values.end(),
                                         [](const FixSetValue& a, const FixSetValue& b) {
                                           return a.net_value.mean < b.net_value.mean;
                                         });
      chosen = best->fixes;
      std::erase_if(remaining, [&](std::size_t fix) {
        return std::binary_search(chosen.begin(), chosen.end(), fix);
      });
    }
  }
  std::stable_sort(result.ranking.begin(), result.ranking.end(),
                   [](const FixSetValue& a, const FixSetValue& b) {
                     return a.net_value.mean > b.net_value.mean;
                   });
  if (budget) {
    const auto within =
        std::find_if(result.ranking.begin(), result.ranking.end(), [&](const FixSetValue& set) {
          return set.cost_pv.mean <= *budget && set.net_value.mean > 0.0;
        });
    if (within != result.ranking.end()) {
      result.best_within_budget = *within;
    }
  }
  return result;
}

}  // namespace cxsim
