// The path every fuzz target drives: bytes -> parse -> compile -> evaluate -> differentiate ->
// judge, at a small working precision and in IEEE double.
#pragma once

#include <string_view>

#include "verify/limits.hpp"

namespace chainrule::fuzz {

inline constexpr int kFuzzDigits = 20;

// Small limits keep every input fast, so the fuzzer spends its time on many inputs rather
// than on a few big graphs; the default limits are tested with generated inputs instead.
verify::CompileLimits fuzz_limits();

// Whatever the text, this must return: errors are fine, crashes, hangs, leaks, sanitizer
// reports and uncaught exceptions are not.
void run_derivation(std::string_view text);

}  // namespace chainrule::fuzz
