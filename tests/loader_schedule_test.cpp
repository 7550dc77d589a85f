// Every form of a touchpoint's schedule (`when`, docs/scenarios.md#when-the-schedule): each case
// is a journey and the schedule every one of its touchpoints must read as.
#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "loader_fixtures.hpp"
#include "scenario/scenario.hpp"

namespace cxsim {
namespace {

using testing::case_name;
using testing::expect_number;
using testing::load_valid;
using testing::name_of;
using testing::scenario_with;

struct ScheduleCase {
  std::string_view name;
  std::string_view journey;
  std::vector<Schedule> schedules;  // one per touchpoint, in journey order
};

// Names the case in a failure message instead of gtest's dump of its bytes.
void PrintTo(const ScheduleCase& schedule_case, std::ostream* out) {
  *out << schedule_case.name;
}

const Distribution kUniformRate{DistributionFamily::uniform, {0.1, 0.3}};
const Distribution kBetaProbability{DistributionFamily::beta, {7.0, 3.0}};

const ScheduleCase kScheduleCases[] = {
    {"MonthIsOnceAtThatMonth",
     R"(journey:
  - id: renewal
    when: {month: 11}
)",
     {AtMonth{11}}},
    {"MonthsListsEachMonthInFileOrder",
     R"(journey:
  - id: review
    when: {months: [12, 1, 6]}
)",
     {AtMonths{{12, 1, 6}}}},
    {"MonthsMayListASingleMonthInBlockStyle",
     R"(journey:
  - id: review
    when:
      months:
        - 3
)",
     {AtMonths{{3}}}},
    {"EveryWithStart",
     R"(journey:
  - id: invoice
    when: {every: 3, start: 2}
)",
     {EveryMonths{3, 2}}},
    {"EveryAloneStartsAtMonthZero",
     R"(journey:
  - id: invoice
    when: {every: 4}
)",
     {EveryMonths{4, 0}}},
    {"EveryInBlockStyle",
     R"(journey:
  - id: invoice
    when:
      start: 1
      every: 6
)",
     {EveryMonths{6, 1}}},
    {"RateIsAPoissonCountPerMonth",
     R"(journey:
  - id: ticket
    when: {rate: 0.25}
  - id: login
    when: {rate: 4}
)",
     {PoissonRate{0.25}, PoissonRate{4.0}}},
    {"RateMayBeADistribution",
     R"(journey:
  - id: ticket
    when: {rate: {uniform: [0.1, 0.3]}}
)",
     {PoissonRate{kUniformRate}}},
    {"AfterOnFailureWithProbabilityAndDelay",
     R"(journey:
  - id: signup
    when: {month: 0}
    functional: {success: 0.9}
  - id: support
    when: {after: signup, on: failure, probability: 0.7, delay: 2}
)",
     {AtMonth{0}, Trigger{{"signup"}, TriggerJoin::any, TriggerOutcome::failure, 0.7, 2, {}}}},
    {"AfterOnSuccess",
     R"(journey:
  - id: signup
    when: {month: 0}
  - id: welcome
    when: {after: signup, on: success, probability: 0.5}
)",
     {AtMonth{0}, Trigger{{"signup"}, TriggerJoin::any, TriggerOutcome::success, 0.5, 0, {}}}},
    {"AfterOnAny",
     R"(journey:
  - id: signup
    when: {month: 0}
  - id: survey
    when: {after: signup, on: any, delay: 1}
)",
     {AtMonth{0}, Trigger{{"signup"}, TriggerJoin::any, TriggerOutcome::any, 1.0, 1, {}}}},
    {"AfterAloneIsOnAnyWithProbabilityOneAndNoDelay",
     R"(journey:
  - id: signup
    when: {month: 0}
  - id: follow_up
    when: {after: signup}
)",
     {AtMonth{0}, Trigger{{"signup"}, TriggerJoin::any, TriggerOutcome::any, 1.0, 0, {}}}},
    {"TriggersMayChain",
     R"(journey:
  - id: order
    when: {every: 1}
  - id: complaint
    when: {after: order, on: failure, probability: 0.4}
  - id: callback
    when:
      after: complaint
      on: any
      delay: 1
)",
     {EveryMonths{1, 0}, Trigger{{"order"}, TriggerJoin::any, TriggerOutcome::failure, 0.4, 0, {}},
      Trigger{{"complaint"}, TriggerJoin::any, TriggerOutcome::any, 1.0, 1, {}}}},
    {"TriggerProbabilityMayBeADistribution",
     R"(journey:
  - id: signup
    when: {month: 0}
  - id: support
    when: {after: signup, on: failure, probability: {beta: [7, 3]}}
)",
     {AtMonth{0},
      Trigger{{"signup"}, TriggerJoin::any, TriggerOutcome::failure, kBetaProbability, 0, {}}}},
};

// `actual` is the same form as `expected`, with the same fields.
void expect_schedule(const Schedule& actual, const Schedule& expected) {
  ASSERT_EQ(actual.index(), expected.index()) << "a different form of schedule";
  if (const auto* month = std::get_if<AtMonth>(&expected)) {
    EXPECT_EQ(std::get<AtMonth>(actual).month, month->month);
  } else if (const auto* months = std::get_if<AtMonths>(&expected)) {
    EXPECT_EQ(std::get<AtMonths>(actual).months, months->months);
  } else if (const auto* every = std::get_if<EveryMonths>(&expected)) {
    EXPECT_EQ(std::get<EveryMonths>(actual).every, every->every);
    EXPECT_EQ(std::get<EveryMonths>(actual).start, every->start);
  } else if (const auto* rate = std::get_if<PoissonRate>(&expected)) {
    expect_number(std::get<PoissonRate>(actual).rate, rate->rate);
  } else if (const auto* trigger = std::get_if<Trigger>(&expected)) {
    const Trigger& read = std::get<Trigger>(actual);
    EXPECT_EQ(read.after, trigger->after);
    EXPECT_EQ(name_of(read.on), name_of(trigger->on));
    expect_number(read.probability, trigger->probability);
    EXPECT_EQ(read.delay, trigger->delay);
  }
}

class ScheduleForm : public ::testing::TestWithParam<ScheduleCase> {};

TEST_P(ScheduleForm, ReadsAsWritten) {
  const ScheduleCase& schedule_case = GetParam();
  const Scenario scenario = load_valid(scenario_with(schedule_case.journey));
  ASSERT_EQ(scenario.journey.size(), schedule_case.schedules.size());
  for (std::size_t i = 0; i < schedule_case.schedules.size(); ++i) {
    SCOPED_TRACE("journey[" + std::to_string(i) + "] " + scenario.journey[i].id);
    expect_schedule(scenario.journey[i].when, schedule_case.schedules[i]);
  }
}

INSTANTIATE_TEST_SUITE_P(Schedule, ScheduleForm, ::testing::ValuesIn(kScheduleCases),
                         case_name<ScheduleCase>);

}  // namespace
}  // namespace cxsim
