#include "base/text.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

namespace cxsim {

std::string format_number(double value) {
  // 12 significant digits: what a person wrote reads back as written, and sums such as
  // 0.7 + 0.2 read 0.9 rather than 0.8999999999999999.
  std::array<char, 32> buffer{};
  const int length = std::snprintf(buffer.data(), buffer.size(), "%.12g", value);
  return {buffer.data(), static_cast<std::size_t>(length)};
}

namespace {

// Names longer than this are no typo of a key; comparing them would only cost time.
constexpr std::size_t kLongestComparedName = 64;

// Optimal string alignment distance: an adjacent transposition ("sucess" / "sucsess") costs one.
// Three rolling rows: the transposition looks two rows back.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::optional<std::string_view> closest_name(std::string_view word,
                                             std::span<const std::string_view> candidates) {
  if (word.size() > kLongestComparedName) {
    return std::nullopt;
  }
  const auto closest = [&](auto name_of) {
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    bool tied = false;
    for (const std::string_view candidate : candidates) {
      const std::string_view name = name_of(candidate);
      if (name.empty()) {
        continue;
      }
      // A third of the longer name, at least 1: catches typos without suggesting unrelated keys.
      const std::size_t tolerance =
          std::max<std::size_t>(1, std::max(word.size(), name.size()) / 3);
      const std::size_t length_gap =
          word.size() > name.size() ? word.size() - name.size() : name.size() - word.size();
      if (length_gap > tolerance) {
        continue;
      }
      const std::size_t distance = edit_distance(word, name);
      if (distance <= tolerance && (!best || distance <= best_distance)) {
        tied = best && distance == best_distance;
        if (!tied) {
          best = candidate;
          best_distance = distance;
        }
      }
    }
    return std::pair(best, tied);
  };
  if (const auto [whole, tied] = closest([](std::string_view name) { return name; }); whole) {
    return whole;
  }
  // `effort` for `functional.effort`: only a name no other candidate's last part is as close to.
  const auto [by_last_part, tied] = closest([](std::string_view name) {
    const std::size_t dot = name.rfind('.');
    return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  });
  return tied ? std::nullopt : by_last_part;
}

std::string quoted_text(std::string_view text) {
  constexpr std::size_t kLongestQuoted = 40;
  std::string quoted = "'";
  for (std::size_t i = 0; i < text.size() && i < kLongestQuoted; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\t') {
      quoted += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      std::array<char, 5> escaped{};
      std::snprintf(escaped.data(), escaped.size(), "\\x%02x", c);
      quoted += escaped.data();
    } else {
      quoted += static_cast<char>(c);
    }
  }
  if (text.size() > kLongestQuoted) {
    quoted += "...";
  }
  return quoted + "'";
}

std::string suggestion_for(std::string_view word, std::span<const std::string_view> candidates) {
  constexpr std::size_t kMostListed = 12;
  if (const auto suggestion = closest_name(word, candidates)) {
    return "; did you mean '" + std::string(*suggestion) + "'?";
  }
  if (!candidates.empty() && candidates.size() <= kMostListed) {
    return "; expected " + quoted_list(candidates);
  }
  return "";
}

std::string quoted_list(std::span<const std::string_view> names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      text += i + 1 == names.size() ? " or " : ", ";
    }
    text += '\'';
    text += names[i];
    text += '\'';
  }
  return text;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

}  // namespace cxsim
