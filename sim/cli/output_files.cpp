#include "output_files.hpp"

#include <unistd.h>

#include <fstream>

namespace cxsim::cli {

namespace fs = std::filesystem;

std::optional<std::string> unwritable(const fs::path& path) {
  std::error_code error;
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, error)) {
    return "no folder " + folder.string();
  }
  if (fs::is_directory(path, error)) {
    return "it is a folder";
  }
  return std::nullopt;
}

bool write_whole(const fs::path& path, const std::string& text, std::string& why) {
  fs::path temporary = path;
  temporary += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << text;
    file.flush();
    if (!file) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      why = "cannot write the file";
      return false;
    }
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    why = error.message();
    return false;
  }
  return true;
}

}  // namespace cxsim::cli
