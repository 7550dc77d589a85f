#include "cxsim/text.hpp"

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

// Optimal string alignment distance: an adjacent transposition ("sucess" / "sucsess") costs one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t columns = b.size() + 1;
  std::vector<std::size_t> table((a.size() + 1) * columns);
  const auto cell = [&](std::size_t i, std::size_t j) -> std::size_t& {
    return table[i * columns + j];
  };
  for (std::size_t i = 0; i <= a.size(); ++i)
    cell(i, 0) = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    cell(0, j) = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      cell(i, j) =
          std::min({cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cell(i, j) = std::min(cell(i, j), cell(i - 2, j - 2) + 1);
      }
    }
  }
  return cell(a.size(), b.size());
}

}  // namespace

std::optional<std::string_view> closest_name(std::string_view word,
                                             std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (const std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // A third of the longer name, at least 2: catches typos without suggesting unrelated keys.
  const std::size_t tolerance =
      std::max<std::size_t>(2, std::max(word.size(), best ? best->size() : 0) / 3);
  if (best && best_distance <= tolerance) {
    return best;
  }
  return std::nullopt;
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

}  // namespace cxsim
