// The command line of `chainrule` (tools/command_line.cpp, the one file that knows CLI11).
#pragma once

#include <span>
#include <string>

namespace chainrule::tools {

// Parses ARGUMENTS (without the program's name) and runs the command they choose; usage
// errors print CLI11's message and return 2, --help and --version return 0.
int parse_and_run(std::span<const std::string> arguments, const std::string& program);

}  // namespace chainrule::tools
