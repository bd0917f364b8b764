// Values for a network's leaves as decimal text: `name = value` files, the seed tutorials'
// numbers, and the deterministic default every network starts from.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nn/architecture.hpp"

namespace chainrule::nn {

// (name, decimal text) pairs, in the order written.
using NamedValues = std::vector<std::pair<std::string, std::string>>;

struct ValuesError {
  int line;
  std::string message;
};

struct ValuesFile {
  NamedValues values;
  std::vector<int> lines;  // the line each value was given on
  std::vector<ValuesError> errors;
};

// Reads `name = value` statements: one per line or separated by `;`, `#` comments, values
// decimal literals with an optional sign. Each name once.
ValuesFile parse_values(std::string_view text);

// A decimal literal as derivation files write it ("0.03", ".5", "1e-3"), with an optional sign:
// [+-] digits [. digits] [e|E [+-] digits], the digits before or after the point may be left
// out (".5", "5."), and nothing else. The one grammar of numbers given as text, in files and on
// the command line.
bool is_decimal_literal(std::string_view text);

// A data set's rows from CSV text, for `chainrule network --rows`: one row per line, the
// network's inputs then its targets (x1, ..., T1, ...). A first line of names (a header) may
// give the columns in another order; blank lines and lines starting with '#' are skipped.
// Numbers are kept as written (without a '+'). Reading stops at the first error, so there is
// at most one; the rows then are not to be used.
struct RowsFile {
  std::vector<std::vector<std::string>> rows;  // each in the order x1, ..., T1, ...
  std::vector<ValuesError> errors;
};
RowsFile parse_csv_rows(std::string_view text, const Architecture& architecture);

// The deterministic default, so that a network written without --init still has a gradient
// worth checking (no two weights equal, nothing saturated). With k counting from 1:
//   w_k = ((37 k mod 101) - 50) / 100     (in [-0.50, 0.50]: w1 = -0.13, w2 = 0.24, ...)
//   b_k = ((53 k mod 101) - 50) / 100     (b1 = 0.03, b2 = -0.45, ...)
//   x_i = (29 i mod 101) / 100            (in [0, 1]: x1 = 0.29, x2 = 0.58, ...)
//   T_j = 0.01 for odd j, 0.99 for even j (the targets of both seed tutorials' first row)
// Each value is an exact two-place decimal: numerator / 100.
struct DefaultValue {
  std::string name;
  int hundredths;
};
std::vector<DefaultValue> default_values(const Architecture& architecture);
std::string hundredths_text(int hundredths);  // -13 -> "-0.13"

}  // namespace chainrule::nn
