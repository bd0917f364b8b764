// Expressions and derivative terms of derivation files; see parser_internal.hpp.
#include <algorithm>
#include <unordered_set>
#include <utility>

#include "verify/names.hpp"
#include "verify/parser_internal.hpp"

namespace chainrule::verify::detail {

// ---- expressions -------------------------------------------------------------------------

// Sums and products are loops, not recursion: a long chain `a + b + c + ...` costs no nesting
// (add() bounds the depth of the tree it builds).
ExprId Parser::expression() {
  ExprId lhs = term();
  while (at(TokenKind::Plus) || at(TokenKind::Minus)) {
    const BinaryOp op = at(TokenKind::Plus) ? BinaryOp::Add : BinaryOp::Subtract;
    skip();
    lhs = binary(op, lhs, term());
  }
  return lhs;
}

ExprId Parser::term() {
  ExprId lhs = unary();
  while (at(TokenKind::Star) || at(TokenKind::Slash)) {
    const BinaryOp op = at(TokenKind::Star) ? BinaryOp::Multiply : BinaryOp::Divide;
    skip();
    if (op == BinaryOp::Divide) explain_defined_numerator(lhs);
    lhs = binary(op, lhs, unary());
  }
  return lhs;
}

// After `dE = 1`, `dE/dw` is a division by the name `dw`: when that name is unknown, say why
// the derivative shorthand did not apply instead of only "unknown name 'dw'".
void Parser::explain_defined_numerator(ExprId numerator) {
  const Expr& top = result_.document.at(numerator);
  if (top.kind != ExprKind::Name || top.text.size() < 2 || top.text[0] != 'd') return;
  if (!at(TokenKind::Name)) return;
  const std::string_view below = cur().text;
  if (below.size() < 2 || below[0] != 'd' || is_defined(below)) return;
  fail(cur().pos, "unknown name " + quote(below) + ": " + quote(top.text) +
                      " is a defined name, so this is a division, not the derivative shorthand;" +
                      " write d(" + top.text.substr(1) + ")/d(" + std::string(below.substr(1)) +
                      ") for the derivative");
}

// Unary minus binds looser than '^', so `-x^2` is -(x^2).
ExprId Parser::unary() {
  if (!at(TokenKind::Minus)) return power();
  const SourcePos pos = cur().pos;
  skip();
  const Nest nest(*this, pos);
  const ExprId operand = unary();
  return node(ExprKind::Negate, pos, {operand});
}

// Right-associative, and the exponent may be negated: `a^b^c` is a^(b^c), `2^-1` works.
ExprId Parser::power() {
  const ExprId base = postfix();
  if (!at(TokenKind::Caret)) return base;
  const SourcePos pos = cur().pos;
  skip();
  const Nest nest(*this, pos);
  const ExprId exponent = unary();
  return binary(BinaryOp::Power, base, exponent);
}

// Substitutions and rows, applied left to right: `E[w5 := w5_new]@2`.
ExprId Parser::postfix() {
  const std::size_t begin = cur().offset;
  ExprId base = primary();
  while (at(TokenKind::LBracket) || at(TokenKind::At))
    base = at(TokenKind::At) ? row_of(base, begin) : substitution(base);
  return base;
}

ExprId Parser::primary() {
  if (at(TokenKind::LParen)) {
    const SourcePos open = cur().pos;
    skip();
    const Nest nest(*this, open);
    const ExprId inner = expression();
    if (!at(TokenKind::RParen)) fail_unclosed(open);
    skip();
    return inner;  // parentheses leave no trace in the tree
  }
  if (at(TokenKind::Name)) return word();
  return leaf();
}

// A word is a function call, a derivative term or a plain name, depending on what follows it
// and on which names are defined at this point of the file. `d(` always starts a derivative
// term, even where `d` is a defined name (no function may be named `d`).
ExprId Parser::word() {
  const std::string_view text = cur().text;
  if (peek(1).kind == TokenKind::LParen) {
    if (text == "d") return derivative();
    return call();  // reports an unknown function or a name used as one
  }
  if (is_function_name(text) || (user_function(text) && !is_parameter(text))) fail_not_called(text);
  if (starts_bare_derivative()) return derivative();
  return leaf();
}

ExprId Parser::call() {
  const std::string_view name = cur().text;
  const SourcePos pos = cur().pos;
  const std::size_t begin = cur().offset;
  skip();
  const Nest nest(*this, cur().pos);
  skip();
  check_callee(name, pos);
  std::vector<ExprId> arguments;
  std::size_t targets_at = 0;  // cross_entropy(p1, p2; y1, y2): the arguments before the ';'
  if (!at(TokenKind::RParen)) {
    arguments.push_back(expression());
    while (at(TokenKind::Comma) ||
           (at(TokenKind::Semicolon) && name == "cross_entropy" && targets_at == 0)) {
      if (at(TokenKind::Semicolon)) targets_at = arguments.size();
      skip();
      arguments.push_back(expression());
    }
  }
  if (!at(TokenKind::RParen)) fail_expected("')' after function arguments");
  skip();
  if (!is_function_name(name)) {
    check_arity(name, pos, arguments.size());
    // A function the file defines; after an error here the statement is dropped anyway.
    if (statement_failed_ || !user_function(name)) return leaf_placeholder(pos);
    return expand(name, pos, arguments, begin);
  }
  return finish_call(name, pos, std::move(arguments), targets_at);
}

ExprId Parser::substitution(ExprId base) {
  const Nest nest(*this, cur().pos);
  skip();
  Expr expr;
  expr.kind = ExprKind::Substitution;
  expr.pos = result_.document.at(base).pos;
  expr.operands = {base};
  for (bool first = true;; first = false) {
    substitution_name(expr, first);
    expr.operands.push_back(expression());
    if (!at(TokenKind::Comma)) break;
    skip();
  }
  return finish_substitution(expr);
}

// ---- the out-of-line work of the recursive path ----------------------------------------

// Every node goes through here, so this is where the tree's depth is bounded.
ExprId Parser::add(Expr expr) {
  std::uint32_t height = 1;
  for (ExprId operand : expr.operands) height = std::max(height, heights_[operand] + 1);
  if (height > kMaxTreeDepth) {
    fail(expr.pos, "expression too deep (more than " + std::to_string(kMaxTreeDepth) +
                       " levels of operations); split it into named steps");
  }
  if (result_.document.exprs.size() + function_exprs_.size() >= kMaxExpressionNodes) {
    report(expr.pos, "the file has more than " + std::to_string(kMaxExpressionNodes) +
                         " expression nodes; split it into smaller files");
    stopped_ = true;  // every later statement would hit the same limit
    throw SyntaxError{};
  }
  heights_.push_back(height);
  result_.document.exprs.push_back(std::move(expr));
  return static_cast<ExprId>(result_.document.exprs.size() - 1);
}

ExprId Parser::node(ExprKind kind, SourcePos pos, std::vector<ExprId> operands,
                    std::string_view text) {
  Expr expr;
  expr.kind = kind;
  expr.pos = pos;
  expr.text = std::string(text);
  expr.operands = std::move(operands);
  return add(std::move(expr));
}

ExprId Parser::binary(BinaryOp op, ExprId lhs, ExprId rhs) {
  Expr expr;
  expr.kind = ExprKind::Binary;
  expr.pos = result_.document.at(lhs).pos;
  expr.binary_op = op;
  expr.operands = {lhs, rhs};
  return add(std::move(expr));
}

// A number or a reference to a defined name; anything else here is not an expression.
ExprId Parser::leaf() {
  if (at(TokenKind::Number)) {
    const Token number = take();
    return node(ExprKind::Number, number.pos, {}, number.text);
  }
  if (!at(TokenKind::Name)) fail_expected("an expression");
  const Token name = take();
  if (!is_parameter(name.text)) use_name(name.text, name.pos);  // a parameter shadows a name
  return node(ExprKind::Name, name.pos, {}, name.text);
}

void Parser::check_callee(std::string_view name, SourcePos pos) {
  if (is_function_name(name)) return;
  if (check_user_callee(name, pos)) return;
  if (is_defined(name) || is_parameter(name)) {
    report(pos, quote(name) + " is not a function");
    return;
  }
  report_unknown_function(name, pos);
}

// A stand-in for a call that has been reported: the statement is dropped when it ends.
ExprId Parser::leaf_placeholder(SourcePos pos) { return node(ExprKind::Number, pos, {}, "0"); }

void Parser::check_arity(std::string_view name, SourcePos pos, std::size_t count) {
  if (user_function(name)) return check_user_arity(name, pos, count);
  if (!is_function_name(name)) return;  // already reported as unknown
  if (function_arity(name) < 0) {
    if (count < 2)
      report(pos, quote(name) + " takes at least 2 arguments, found " + std::to_string(count));
    return;
  }
  const auto arity = static_cast<std::size_t>(function_arity(name));
  if (count == arity) return;
  report(pos, quote(name) + " takes " + std::to_string(arity) +
                  (arity == 1 ? " argument" : " arguments") + ", found " + std::to_string(count));
}

// `NAME :=` of one substitution entry.
void Parser::substitution_name(Expr& expr, bool first) {
  if (!at(TokenKind::Name)) {
    fail_expected(std::string("a name after ") + (first ? "'['" : "','") + " in a substitution");
  }
  const Token name = take();
  use_name(name.text, name.pos);
  if (!at(TokenKind::Assign)) {
    fail_expected("':=' after " + quote(name.text) + " in a substitution");
  }
  skip();
  expr.names.emplace_back(name.text);
  expr.name_positions.push_back(name.pos);
}

ExprId Parser::finish_substitution(Expr& expr) {
  if (!at(TokenKind::RBracket)) fail_expected("',' or ']' in a substitution");
  skip();
  std::unordered_set<std::string_view> seen;  // a long list must not make this quadratic
  for (std::size_t i = 0; i < expr.names.size(); ++i) {
    if (!seen.insert(expr.names[i]).second) {
      report(expr.name_positions[i],
             quote(expr.names[i]) + " is substituted twice in one substitution");
    }
  }
  return add(std::move(expr));
}

void Parser::fail_nesting(SourcePos pos) {
  fail(pos, "expression nested too deeply (limit " + std::to_string(kMaxNesting) + ")");
}

void Parser::fail_unclosed(SourcePos open) {
  fail_expected("')' to match the '(' at column " + std::to_string(open.column));
}

void Parser::fail_not_called(std::string_view function) {
  skip();
  fail_expected("'(' after the function " + quote(function));
}

// ---- derivative terms --------------------------------------------------------------------

// `dE/...` is a derivative when `dE` is not a defined name and either `E` is, or what follows
// the '/' also looks like a derivative side (then `E` is reported as unknown, with a
// suggestion, instead of the less helpful "unknown name 'dE'").
bool Parser::starts_bare_derivative() const {
  const std::string_view text = cur().text;
  if (text.size() < 2 || text[0] != 'd' || is_defined(text)) return false;
  if (peek(1).kind != TokenKind::Slash) return false;
  if (is_defined(text.substr(1))) return true;
  const Token& after = peek(2);
  return after.kind == TokenKind::Name && after.text[0] == 'd' && !is_defined(after.text);
}

ExprId Parser::derivative() {
  const Token& start = cur();
  const SourcePos pos = start.pos;
  const std::size_t begin = start.offset;
  Side of = derivative_side(true);
  if (!at(TokenKind::Slash)) {
    fail_expected("'/' after " + quote(source_since(begin)) + " in a derivative");
  }
  take();
  Side wrt = derivative_side(false);
  Expr expr;
  expr.kind = ExprKind::Derivative;
  expr.pos = pos;
  expr.names = {std::move(of.name), std::move(wrt.name)};
  expr.name_positions = {of.pos, wrt.pos};
  if (of.inner) expr.operands = {*of.inner};
  return add(std::move(expr));
}

bool Parser::starts_derivative() const {
  if (cur().kind != TokenKind::Name) return false;
  if (cur().text == "d" && peek(1).kind == TokenKind::LParen) return true;
  return starts_bare_derivative();
}

// One side of d(A)/d(B): `d(NAME)` or the shorthand `dNAME`; the upper side may also be
// `d(DERIVATIVE)`.
Side Parser::derivative_side(bool numerator) {
  const std::string expected = "'d(NAME)' or 'dNAME' after '/' in a derivative";
  if (!at(TokenKind::Name)) fail_expected(expected);
  const std::string_view text = cur().text;
  if (text == "d" && peek(1).kind == TokenKind::LParen) {
    take();
    take();
    if (numerator && starts_derivative()) {
      // d(dE/dw5)/dw1: a derivative of a derivative term; names[0] keeps its text.
      const SourcePos pos = cur().pos;
      const std::size_t begin = cur().offset;
      const Nest nest(*this, pos);
      const ExprId inner = derivative();
      std::string text(source_since(begin));
      if (!at(TokenKind::RParen)) fail_expected("')' after " + quote(text) + " in a derivative");
      take();
      return Side{std::move(text), pos, inner};
    }
    if (!at(TokenKind::Name)) fail_expected("a name after 'd('");
    const Token name = take();
    if (!at(TokenKind::RParen)) fail_expected("')' after " + quote(name.text) + " in a derivative");
    take();
    use_name(name.text, name.pos);
    return Side{std::string(name.text), name.pos};
  }
  if (text.size() > 1 && text[0] == 'd' && !is_defined(text)) {
    const Token word = take();
    const SourcePos pos{word.pos.line, word.pos.column + 1};
    use_name(word.text.substr(1), pos);
    return Side{std::string(word.text.substr(1)), pos};
  }
  // Only the lower side can get here: word() checked the upper one before calling.
  if (!numerator && text[0] == 'd' && is_defined(text)) {
    fail(cur().pos,
         "expected " + expected + ", found " + quote(text) + ", which is a defined name");
  }
  fail_expected(expected);
}

}  // namespace chainrule::verify::detail
