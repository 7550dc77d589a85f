// Files a command writes beside its printed output: checked before the work starts, and written
// whole or not at all.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace cxsim::cli {

// Why a file could not be written at `path` (its folder is missing, or it is a folder), checked
// before the work so that a long run is not thrown away; none when it could.
std::optional<std::string> unwritable(const std::filesystem::path& path);

// Writes `text` to a temporary file beside `path`, then renames it into place: a reader sees the
// old file or the new one, never half of one. False with `why` set when it fails.
bool write_whole(const std::filesystem::path& path, const std::string& text, std::string& why);

}  // namespace cxsim::cli
