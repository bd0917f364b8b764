// The abstract syntax of derivation files (see docs/derivation-files.md).
// Expressions live in one arena per document and refer to each other by index, so a
// deeply nested expression is destroyed without recursion.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace chainrule::verify {

struct SourcePos {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
};

using ExprId = std::uint32_t;

enum class ExprKind : std::uint8_t {
  Number,        // text = the literal as written, without sign ("0.03", ".5", "6.02E23")
  Name,          // text = the defined name it refers to
  Negate,        // operands = {x}
  Binary,        // binary_op, operands = {lhs, rhs}
  Call,          // text = function name, operands = arguments
  Derivative,    // names = {A, B}: d(A)/d(B); name_positions point at A and B
  Substitution,  // operands = {base, e1, e2, ...}, names = {n1, n2, ...}: base[n1 := e1, ...]
};

enum class BinaryOp : std::uint8_t { Add, Subtract, Multiply, Divide, Power };

struct Expr {
  ExprKind kind = ExprKind::Number;
  SourcePos pos;  // where the expression starts
  BinaryOp binary_op = BinaryOp::Add;
  std::string text;
  std::vector<ExprId> operands;
  std::vector<std::string> names;
  std::vector<SourcePos> name_positions;
  // Only the parser reads this (verify/parse_rows.cpp): the names in this subtree are bound to
  // one row of the data table (`out_h1@2`, a term of `sum(E)`), so copying the statement for
  // another row leaves them alone.
  bool row_pinned = false;
};

struct Definition {
  std::string name;
  SourcePos pos;  // of the name
  ExprId value = 0;
  bool is_input = false;  // right side is a number, optionally negated: a leaf of the graph
};

struct Claim {
  ExprId expr = 0;
  std::string expr_text;  // EXPR as written, white space trimmed ("dE/dw5")
  std::string published;  // the number as written, with its sign if any ("-0.06878889")
  SourcePos pos;          // of the keyword `check`
  SourcePos published_pos;
};

using Statement = std::variant<Definition, Claim>;

// A file's data table (`data x1, x2, T1, T2` ... `end`). The parser writes it out: each
// column is an input per row (x1 is row 1's, x1@2 row 2's, ...), every definition that
// depends on a column is copied for each row (out_h1, out_h1@2, ...), `X@r` reads row r's
// copy of X, and `sum(X)`/`mean(X)` add X's copies up. So no later stage knows of rows;
// this record says what the rows were, for the commands that take them apart (`train
// --batch`, `explain` and `formula` by row).
struct DataTable {
  SourcePos pos;  // of the keyword `data`
  std::vector<std::string> columns;
  std::size_t rows = 0;
  // The names that have one copy per row, in file order (columns first): NAME is row 1's,
  // NAME@r row r's.
  std::vector<std::string> per_row;
  // Those per-row names whose definitions read their own row only (no `@r`, no aggregate,
  // transitively): row r's copy is row 1's formula with the names renamed.
  std::vector<std::string> row_local;
  // Definitions whose whole right side is `sum(NAME)` or `mean(NAME)` of a per-row NAME.
  struct Aggregate {
    bool mean = false;
    std::string of;  // NAME
  };
  std::map<std::string, Aggregate> aggregates;
};

struct Document {
  std::string file;
  std::vector<Expr> exprs;
  std::vector<Statement> statements;  // in file order
  // Calls of functions the file defines are expanded by the parser into a copy of the
  // function's body (verify/parse_function.cpp), so no consumer of the tree sees them; this
  // keeps, for the root of each copy, the call as written ("f(x + h)"), which the compiled
  // graph gives the node as its name for explanations.
  std::map<ExprId, std::string> calls;
  std::optional<DataTable> data;

  const Expr& at(ExprId id) const { return exprs[id]; }
};

struct Diagnostic {
  SourcePos pos;
  std::string message;
};

// Diagnostics in file order (line, then column), those at one place in the order found: the
// checks find them out of order (an argument count after the arguments).
template <class Iterator>
void sort_in_file_order(Iterator begin, Iterator end) {
  std::stable_sort(begin, end, [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
  });
}

}  // namespace chainrule::verify
