// Reading, parsing and compiling the file a command names, with errors printed for it.
#pragma once

#include <optional>

#include "tools/options.hpp"
#include "verify/derivation.hpp"

namespace chainrule::tools {

// Prints every error as FILE:LINE:COLUMN: error: MESSAGE (FILE "-" is named <stdin>) and
// returns nullopt on failure.
template <class T>
std::optional<verify::Derivation<T>> load(const Options& options);

// Significant digits values are printed with: the working precision, or 17 for double.
int print_digits(const Options& options);

}  // namespace chainrule::tools
