// Command-line values checked by chainrule's own rules, each error naming its flag, before
// any file is read or written (docs/derivation-files.md, "The commands").
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace chainrule::tools {

// An integer option that accepts plain decimal digits only (an optional '-', then 0-9), in
// [min, max]. CLI11 alone would read 010 as 8 and 0x10 as 16. Errors: "--digits: 'abc' is
// not a number", "--digits: Value 1 not in range 2 to 100000".
template <class Integer>
CLI::Option* add_count_option(CLI::App& sub, const std::string& flag, Integer& target, long min,
                              long max, const std::string& help);

// An option naming a file to write or read: the empty name is an error ("--csv: the file
// name is empty").
CLI::Option* add_path_option(CLI::App& sub, const std::string& flag, std::string& target,
                             const std::string& help);

// Whether `text` is a plain decimal number: [+-] digits [. digits] [e|E [+-] digits], or
// with the digits before or after the point left out (".5", "5."), and nothing else.
bool is_plain_decimal(const std::string& text);

// Why `text` cannot be the value of `flag` read as a T at the working precision: not a plain
// decimal, or a number that T rounds to infinity or to 0; nullopt when it can.
template <class T>
std::optional<std::string> decimal_flag_error(const std::string& flag, const std::string& text);

}  // namespace chainrule::tools
