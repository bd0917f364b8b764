// The source line under an error, with a caret under its column, as compilers print it:
//
//   nets/a.chain:2:5: error: unknown name 'out_h2'; did you mean 'out_h1'?
//       2 | y = out_h2 * 2
//         |     ^
#pragma once

#include <string>
#include <string_view>

#include "verify/syntax.hpp"

namespace chainrule::verify {

// Lines of a long line around the column are shown, not all of it.
inline constexpr std::size_t kExcerptBytes = 100;

// The two excerpt lines (each ending in '\n') for `pos` in `text`, or "" when `pos` is not in
// the text. Columns count bytes, as the lexer does (after a byte-order mark on line 1). Bytes
// a terminal would misprint (control characters, invalid UTF-8) are shown as '?'.
std::string source_excerpt(std::string_view text, SourcePos pos);

// format_diagnostic(file, diagnostic), a newline, and the excerpt of `text` it points into.
std::string format_diagnostic(const std::string& file, const Diagnostic& diagnostic,
                              std::string_view text);

}  // namespace chainrule::verify
