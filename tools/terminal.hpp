// Colour for a terminal, none when piped or when NO_COLOR is set (https://no-color.org);
// CLICOLOR_FORCE (https://bixense.com/clicolors/) other than "0" asks for it when piped too
// (the page sets it, and turns the colours into its own).
#pragma once

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace chainrule::tools {

enum class Colour { Green, Yellow, Red, Magenta, Dim };

inline bool colour_enabled() {
  static const bool enabled = [] {
    const char* force = std::getenv("CLICOLOR_FORCE");
    const bool forced = force != nullptr && std::string_view(force) != "0";
    return (::isatty(STDOUT_FILENO) || forced) && std::getenv("NO_COLOR") == nullptr;
  }();
  return enabled;
}

// True while tools::run (tools/entry.hpp) captures standard output and error into strings,
// as the page and the tests call it: standard error is then no terminal, whatever isatty says
// of the process's own (in WebAssembly under Node it says yes).
inline bool& standard_streams_captured() {
  static bool captured = false;
  return captured;
}

inline bool standard_error_is_terminal() {
  return !standard_streams_captured() && ::isatty(STDERR_FILENO);
}

inline std::string paint(std::string_view text, Colour colour) {
  if (!colour_enabled()) return std::string(text);
  const char* code = colour == Colour::Green     ? "\033[32m"
                     : colour == Colour::Yellow  ? "\033[33m"
                     : colour == Colour::Red     ? "\033[31m"
                     : colour == Colour::Magenta ? "\033[35m"
                                                 : "\033[2m";
  return code + std::string(text) + "\033[0m";
}

// How many columns a terminal gives `text`: UTF-8 continuation bytes take none (the names
// and numbers printed have no wide or combining characters).
inline std::size_t display_columns(std::string_view text) {
  std::size_t columns = 0;
  for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
  return columns;
}

// Pads to `width` display columns.
inline std::string pad(std::string_view text, std::size_t width) {
  const std::size_t columns = display_columns(text);
  return std::string(text) + std::string(columns < width ? width - columns : 0, ' ');
}

}  // namespace chainrule::tools
