// Small text helpers for messages a user reads: numbers as written, and "did you mean" names.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cxsim {

// A number as a person writes it: 0.1 → "0.1", 1e6 → "1000000", to 12 significant digits.
std::string format_number(double value);

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo;
// failing that, the one dotted candidate whose last part is (`effort` → `functional.effort`).
std::optional<std::string_view> closest_name(std::string_view word,
                                             std::span<const std::string_view> candidates);

// "; did you mean 'x'?" for a likely typo of a candidate, else "; expected 'a', 'b' or 'c'" when
// the candidates are few enough to list, else nothing: the tail of an "unknown name" message.
std::string suggestion_for(std::string_view word, std::span<const std::string_view> candidates);

// Text from a file as a message quotes it: in single quotes, control characters escaped
// (\n, \x1b), cut after 40 characters with "...", so a message stays one readable line.
std::string quoted_text(std::string_view text);

// A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180).
std::string csv_field(std::string_view text);

// "a, b or c", each quoted: for messages that list the accepted names.
std::string quoted_list(std::span<const std::string_view> names);

}  // namespace cxsim
