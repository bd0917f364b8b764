// The fuzz target over raw bytes: the bytes are the derivation file. Built as a libFuzzer
// binary by bench/fuzz.sh, and as a plain program (fuzz/replay_main.cpp) that replays the
// committed corpus in CI. The path it drives is fuzz/run_derivation.cpp.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/run_derivation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  chainrule::fuzz::run_derivation(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
