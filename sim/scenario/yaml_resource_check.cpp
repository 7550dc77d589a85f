#include "scenario/yaml_resource_check.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>
#include <vector>

#include "scenario/yaml_location.hpp"

namespace cxsim {

namespace {

struct LimitExceeded {
  ResourceProblem problem;
};

// Counts nodes as an alias-expanding walk would see them: an alias costs the size of the node
// its anchor names.
class ResourceCounter final : public YAML::EventHandler {
 public:
  explicit ResourceCounter(const LoaderLimits& limits) : limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto size = anchored_sizes_.find(anchor);
    add_nodes(mark, size == anchored_sizes_.end() ? 1 : size->second);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(mark, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct OpenCollection {
    YAML::anchor_t anchor;
    std::size_t nodes_before;
  };

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    add_nodes(mark, 1);
    if (anchor != YAML::NullAnchor) {
      anchored_sizes_[anchor] = 1;
    }
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    add_nodes(mark, 1);
    open_.push_back({anchor, nodes_});
    if (static_cast<int>(open_.size()) > limits_.max_depth) {
      throw LimitExceeded{{location_of(mark), "nesting deeper than " +
                                                  std::to_string(limits_.max_depth) +
                                                  " levels; a scenario needs far fewer"}};
    }
  }
  void close() {
    const OpenCollection collection = open_.back();
    open_.pop_back();
    if (collection.anchor != YAML::NullAnchor) {
      anchored_sizes_[collection.anchor] = nodes_ - collection.nodes_before + 1;
    }
  }
  void add_nodes(const YAML::Mark& mark, std::size_t count) {
    nodes_ += count;
    if (nodes_ > limits_.max_nodes) {
      throw LimitExceeded{
          {location_of(mark), "more than " + std::to_string(limits_.max_nodes) +
                                  " nodes once aliases are expanded; refusing to read further"}};
    }
  }

  const LoaderLimits& limits_;
  std::size_t nodes_ = 0;
  std::vector<OpenCollection> open_;
  std::unordered_map<YAML::anchor_t, std::size_t> anchored_sizes_;
};

}  // namespace

std::optional<ResourceProblem> check_yaml_resources(std::string_view text,
                                                    const LoaderLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return ResourceProblem{{1, 1},
                           "file is larger than " + std::to_string(limits.max_bytes) +
                               " bytes; a scenario is far smaller"};
  }
  std::istringstream stream{std::string(text)};
  ResourceCounter counter(limits);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(counter)) {
    }
  } catch (const LimitExceeded& exceeded) {
    return exceeded.problem;
  } catch (const YAML::Exception&) {
    // A syntax error: the full parse reports it with its position.
  }
  return std::nullopt;
}

}  // namespace cxsim
