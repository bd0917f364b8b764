// Command-line values checked by chainrule's own rules, each error naming its flag, before
// any file is read or written (docs/derivation-files.md, "The commands").
#pragma once

#include <string>

#include "tools/result.hpp"

namespace chainrule::tools {

// The canonical decimal text of a plain integer (an optional '-', then 0-9) in [min, max], or
// the line that says why it is not one: "'abc' is not a number", "Value 1 not in range 2
// to 100000". CLI11 alone would read 010 as 8 and 0x10 as 16 (tools/command_line.cpp).
Result<std::string> canonical_count(const std::string& text, long min, long max);

// Done when `text` can be the value of `flag` read as a T at the working precision; else the
// line that says why not: not a decimal literal (nn::is_decimal_literal), or a number that T
// rounds to infinity or to 0.
template <class T>
Result<void> check_decimal_flag(const std::string& flag, const std::string& text);

}  // namespace chainrule::tools
