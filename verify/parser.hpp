// The parser of derivation files (see docs/derivation-files.md): text in, syntax tree and
// every problem found out. Bad input never makes it throw, and its recursion is bounded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "verify/syntax.hpp"

namespace chainrule::verify {

inline constexpr int kMaxNesting = 256;  // parentheses, unary minus, '^', calls, '[...]'
// The syntax tree of one statement is at most this many levels deep, however it got there
// (nesting or a long chain like `a + b + c + ...`), so its consumers may walk it recursively.
inline constexpr std::uint32_t kMaxTreeDepth = 1000;
// Expression nodes in one file: each takes about 150 bytes, so this bounds the syntax tree
// of a file to well under 1 GiB (a file within the 64 MiB limit could otherwise need 5 GiB).
inline constexpr std::size_t kMaxExpressionNodes = 4'000'000;
inline constexpr std::size_t kMaxErrors = 50;  // then one more diagnostic says parsing stopped

struct ParseResult {
  Document document;               // only the statements without errors
  std::vector<Diagnostic> errors;  // in file order; empty when the file is well formed
};

// Parses a whole file. `file_name` is stored in the document, for messages.
ParseResult parse(std::string_view text, std::string file_name);

// "FILE:LINE:COLUMN: error: MESSAGE", the form editors and compilers use.
std::string format_diagnostic(const std::string& file, const Diagnostic& diagnostic);

// The functions derivation files may call, and how many arguments each takes (-1: any number
// from 2 on, as max(a, b, c) and softmax(z1, z2, z3)); unknown names count as 1.
const std::vector<std::string>& function_names();
bool is_function_name(std::string_view name);
int function_arity(std::string_view name);

}  // namespace chainrule::verify
