// Reading, parsing and compiling the file a command names, with errors printed for it.
#pragma once

#include <optional>

#include "tools/options.hpp"
#include "verify/derivation.hpp"

namespace chainrule::tools {

// Each prints every error as FILE:LINE:COLUMN: error: MESSAGE (FILE "-" is named <stdin>) and
// returns nullopt on failure. The file is read once however often it is compiled.
std::optional<verify::Document> parse_file(const Options& options);
// At options.digits (Certified: the digits check starts at, verify/certify.hpp).
template <class T>
std::optional<verify::Derivation<T>> compile_file(verify::Document document, const Options& options,
                                                  verify::RecordPolicy policy);
template <class T>
std::optional<verify::Derivation<T>> load(
    const Options& options, verify::RecordPolicy policy = verify::RecordPolicy::AsNeeded);

// Significant digits values are printed with: the working precision, or 17 for double.
int print_digits(const Options& options);

}  // namespace chainrule::tools
