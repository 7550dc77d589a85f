// Reading a scenario (load and validate) is done once per run, so it only has to stay far below
// the simulation's cost; this keeps it measured as the schema grows.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scenario/scenario_reader.hpp"

namespace {

std::string reference_scenario_text() {
  std::ifstream file(CXSIM_SOURCE_DIR "/scenarios/saas_b2b.yaml");
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void BM_ReadReferenceScenario(benchmark::State& state) {
  const std::string text = reference_scenario_text();
  if (!cxsim::read_scenario_text(text, "saas_b2b.yaml").scenario) {
    state.SkipWithError("scenarios/saas_b2b.yaml is missing or does not validate");
    return;
  }
  for (auto _ : state) {
    cxsim::ScenarioReading reading = cxsim::read_scenario_text(text, "saas_b2b.yaml");
    benchmark::DoNotOptimize(reading);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ReadReferenceScenario);

}  // namespace
