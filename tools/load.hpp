// Reading, parsing and compiling the file a command names, its errors made the lines to print.
#pragma once

#include "tools/options.hpp"
#include "tools/result.hpp"
#include "verify/derivation.hpp"

namespace chainrule::tools {

// Each fails with every error as FILE:LINE:COLUMN: error: MESSAGE and the excerpt of the line
// it is on (FILE "-" is named <stdin>). The file is read once however often it is compiled.
Result<verify::Document> parse_file(const Options& options);
// At options.digits (Certified: the digits check starts at, verify/certify.hpp).
template <class T>
Result<verify::Derivation<T>> compile_file(verify::Document document, const Options& options,
                                           verify::RecordPolicy policy);

// Significant digits values are printed with: the working precision, or 17 for double.
int print_digits(const Options& options);

}  // namespace chainrule::tools
