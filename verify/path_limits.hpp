// How far chain-rule paths are counted, shared by explain and the diagnoses of check.
#pragma once

#include <cstdint>

namespace chainrule::verify {

// Paths are counted exactly up to this many; past it the count says "more than".
inline constexpr std::uint64_t kMaxCountedPaths = 1'000'000'000'000'000'000;

}  // namespace chainrule::verify
