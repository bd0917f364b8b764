// verify/syntax_fold.hpp, the one walk over the syntax tree the checks before compiling share:
// operands left to right before the expression that uses them, each result handed to its
// user, a leaf where the visitor does not descend, and no native stack for a deep tree.
#include <doctest/doctest.h>

#include <span>
#include <string>
#include <vector>

#include "verify/parser.hpp"
#include "verify/syntax_fold.hpp"

using namespace chainrule::verify;

namespace {

// Writes each expression back in prefix form, and the order it combined them in.
struct Printer {
  bool into_derivatives = true;
  std::vector<ExprKind> order;

  bool descends(const Expr& e) const { return into_derivatives || e.kind != ExprKind::Derivative; }
  std::string combine(ExprId, const Expr& e, std::span<std::string> operands) {
    order.push_back(e.kind);
    std::string text = e.kind == ExprKind::Number || e.kind == ExprKind::Name ? e.text
                       : e.kind == ExprKind::Derivative ? "d" + e.names[0] + "/d" + e.names[1]
                                                        : "(op";
    for (const std::string& operand : operands) text += " " + operand;
    return e.kind == ExprKind::Number || e.kind == ExprKind::Name ||
                   e.kind == ExprKind::Derivative
               ? text
               : text + ")";
  }
};

Document parsed(const std::string& text) {
  ParseResult r = parse(text, "f.chain");
  REQUIRE(r.errors.empty());
  return std::move(r.document);
}

}  // namespace

TEST_CASE("the fold combines operands left to right before their user") {
  const Document d = parsed("x = 1\ny = (x + 2) * -x\n");
  REQUIRE(d.statements.size() == 2);
  CHECK(defined_name(d.statements[1]) != nullptr);
  CHECK(*defined_name(d.statements[1]) == "y");
  Printer printer;
  const std::string text =
      fold_expression<std::string>(d, statement_expression(d.statements[1]), printer);
  CHECK(text == "(op (op x 2) (op x))");
  const std::vector<ExprKind> expected{ExprKind::Name,   ExprKind::Number, ExprKind::Binary,
                                       ExprKind::Name,   ExprKind::Negate, ExprKind::Binary};
  CHECK(printer.order == expected);
}

TEST_CASE("a claim's expression, and a derivative term that is not descended into") {
  const Document d = parsed("x = 3\nE = x^2\nG = dE/dx\ncheck d(dE/dx)/dx = 2\n");
  REQUIRE(d.statements.size() == 4);
  CHECK(defined_name(d.statements[3]) == nullptr);
  const ExprId claim = statement_expression(d.statements[3]);
  REQUIRE(d.at(claim).kind == ExprKind::Derivative);
  REQUIRE(d.at(claim).operands.size() == 1);  // the inner term dE/dx
  Printer leaves{false, {}};
  fold_expression<std::string>(d, claim, leaves);
  CHECK(leaves.order.size() == 1);  // the outer term alone: its inner term is not folded
  Printer all;
  fold_expression<std::string>(d, claim, all);
  CHECK(all.order.size() == 1 + d.at(claim).operands.size());
}

TEST_CASE("a deep tree folds without recursion") {
  // 200000 negations: far beyond what a recursive walk could take on a thread's stack; the
  // parser bounds nesting, so the tree is built here directly.
  Document d;
  d.exprs.push_back(Expr{ExprKind::Number, {1, 1}, BinaryOp::Add, "1", {}, {}, {}, false});
  for (ExprId k = 0; k < 200000; ++k)
    d.exprs.push_back(Expr{ExprKind::Negate, {1, 1}, BinaryOp::Add, "", {k}, {}, {}, false});
  struct Depth {
    bool descends(const Expr&) const { return true; }
    int combine(ExprId, const Expr&, std::span<int> operands) {
      return operands.empty() ? 0 : operands[0] + 1;
    }
  } depth;
  CHECK(fold_expression<int>(d, static_cast<ExprId>(d.exprs.size() - 1), depth) == 200000);
}
