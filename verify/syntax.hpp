// The abstract syntax of derivation files (see docs/derivation-files.md).
// Expressions live in one arena per document and refer to each other by index, so a
// deeply nested expression is destroyed without recursion.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
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

struct Document {
  std::string file;
  std::vector<Expr> exprs;
  std::vector<Statement> statements;  // in file order
  // Calls of functions the file defines are expanded by the parser into a copy of the
  // function's body (verify/parse_function.cpp), so no consumer of the tree sees them; this
  // keeps, for the root of each copy, the call as written ("f(x + h)"), which the compiled
  // graph gives the node as its name for explanations.
  std::map<ExprId, std::string> calls;

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
