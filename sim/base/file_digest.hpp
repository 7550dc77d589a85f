// The SHA-256 of a scenario file, recorded in results.json so a result names the exact input.
#pragma once

#include <string>
#include <string_view>

namespace cxsim {

// Lower-case hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace cxsim
