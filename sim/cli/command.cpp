#include "command.hpp"

#include <algorithm>
#include <utility>

namespace cxsim::cli {

namespace {

// Filled while the program's static objects are made, before main; a function's static, so
// that it exists whichever command's file registers first.
std::vector<std::pair<int, AddCommand>>& registered_commands() {
  static std::vector<std::pair<int, AddCommand>> commands;
  return commands;
}

}  // namespace

CommandRegistration::CommandRegistration(int help_position, AddCommand add) {
  registered_commands().emplace_back(help_position, add);
}

std::vector<Command> add_registered_commands(CLI::App& app) {
  std::vector<std::pair<int, AddCommand>> in_order = registered_commands();
  std::stable_sort(in_order.begin(), in_order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Command> commands;
  for (const auto& [position, add] : in_order) {
    commands.push_back(add(app));
  }
  return commands;
}

}  // namespace cxsim::cli
