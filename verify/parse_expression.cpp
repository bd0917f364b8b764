// Expressions and derivative terms of derivation files; see parser_internal.hpp.
#include <algorithm>
#include <unordered_set>
#include <utility>

#include "verify/names.hpp"
#include "verify/parser_internal.hpp"

namespace chainrule::verify::detail {

// ---- expressions -------------------------------------------------------------------------

// Every node goes through here, so this is where the tree's depth is bounded.
ExprId Parser::add(Expr expr) {
  std::uint32_t height = 1;
  for (ExprId operand : expr.operands) height = std::max(height, heights_[operand] + 1);
  if (height > kMaxTreeDepth) {
    fail(expr.pos, "expression too deep (more than " + std::to_string(kMaxTreeDepth) +
                       " levels of operations); split it into named steps");
  }
  heights_.push_back(height);
  result_.document.exprs.push_back(std::move(expr));
  return static_cast<ExprId>(result_.document.exprs.size() - 1);
}

ExprId Parser::binary(BinaryOp op, ExprId lhs, ExprId rhs) {
  Expr expr;
  expr.kind = ExprKind::Binary;
  expr.pos = result_.document.at(lhs).pos;
  expr.binary_op = op;
  expr.operands = {lhs, rhs};
  return add(std::move(expr));
}

// Sums and products are loops, not recursion: a long chain `a + b + c + ...` costs no depth.
ExprId Parser::expression() {
  ExprId lhs = term();
  while (at(TokenKind::Plus) || at(TokenKind::Minus)) {
    const BinaryOp op = take().kind == TokenKind::Plus ? BinaryOp::Add : BinaryOp::Subtract;
    lhs = binary(op, lhs, term());
  }
  return lhs;
}

ExprId Parser::term() {
  ExprId lhs = unary();
  while (at(TokenKind::Star) || at(TokenKind::Slash)) {
    const BinaryOp op = take().kind == TokenKind::Star ? BinaryOp::Multiply : BinaryOp::Divide;
    lhs = binary(op, lhs, unary());
  }
  return lhs;
}

// Unary minus binds looser than '^', so `-x^2` is -(x^2).
ExprId Parser::unary() {
  if (!at(TokenKind::Minus)) return power();
  const Token minus = take();
  const Nest nest(*this, minus.pos);
  Expr expr;
  expr.kind = ExprKind::Negate;
  expr.pos = minus.pos;
  expr.operands = {unary()};
  return add(std::move(expr));
}

// Right-associative, and the exponent may be negated: `a^b^c` is a^(b^c), `2^-1` works.
ExprId Parser::power() {
  const ExprId base = postfix();
  if (!at(TokenKind::Caret)) return base;
  const Token caret = take();
  const Nest nest(*this, caret.pos);
  const ExprId exponent = unary();
  return binary(BinaryOp::Power, base, exponent);
}

ExprId Parser::postfix() {
  ExprId base = primary();
  while (at(TokenKind::LBracket)) base = substitution(base);
  return base;
}

ExprId Parser::primary() {
  if (at(TokenKind::Number)) {
    const Token number = take();
    Expr expr;
    expr.kind = ExprKind::Number;
    expr.pos = number.pos;
    expr.text = std::string(number.text);
    return add(std::move(expr));
  }
  if (at(TokenKind::LParen)) {
    const Token open = take();
    const Nest nest(*this, open.pos);
    const ExprId inner = expression();
    if (!at(TokenKind::RParen)) {
      fail_expected("')' to match the '(' at column " + std::to_string(open.pos.column));
    }
    take();
    return inner;  // parentheses leave no trace in the tree
  }
  if (at(TokenKind::Name)) return word();
  fail_expected("an expression");
}

// A word is a function call, a derivative term or a plain name, depending on what follows it
// and on which names are defined at this point of the file.
ExprId Parser::word() {
  const std::string_view text = cur().text;
  if (peek(1).kind == TokenKind::LParen) {
    if (text == "d" && !is_defined(text)) return derivative();
    return call();  // reports an unknown function or a name used as one
  }
  if (is_function_name(text)) {
    take();
    fail_expected("'(' after the function " + quote(text));
  }
  if (starts_bare_derivative()) return derivative();
  const Token name = take();
  use_name(name.text, name.pos);
  Expr expr;
  expr.kind = ExprKind::Name;
  expr.pos = name.pos;
  expr.text = std::string(name.text);
  return add(std::move(expr));
}

ExprId Parser::call() {
  const Token function = take();
  const Token open = take();
  const Nest nest(*this, open.pos);
  const bool known = is_function_name(function.text);
  if (!known && is_defined(function.text)) {
    report(function.pos, quote(function.text) + " is not a function");
  } else if (!known) {
    std::string message = "unknown function " + quote(function.text);
    if (auto suggestion = closest_name(function.text, function_names())) {
      message += "; did you mean " + quote(*suggestion) + "?";
    }
    report(function.pos, std::move(message));
  }
  Expr expr;
  expr.kind = ExprKind::Call;
  expr.pos = function.pos;
  expr.text = std::string(function.text);
  if (!at(TokenKind::RParen)) {
    expr.operands.push_back(expression());
    while (at(TokenKind::Comma)) {
      take();
      expr.operands.push_back(expression());
    }
  }
  if (!at(TokenKind::RParen)) fail_expected("')' after function arguments");
  take();
  const auto arity = known ? static_cast<std::size_t>(function_arity(function.text)) : 0;
  if (known && expr.operands.size() != arity) {
    report(function.pos, quote(function.text) + " takes " + std::to_string(arity) +
                             (arity == 1 ? " argument" : " arguments") + ", found " +
                             std::to_string(expr.operands.size()));
  }
  return add(std::move(expr));
}

ExprId Parser::substitution(ExprId base) {
  const Token open = take();
  const Nest nest(*this, open.pos);
  Expr expr;
  expr.kind = ExprKind::Substitution;
  expr.pos = result_.document.at(base).pos;
  expr.operands = {base};
  std::string_view after = "'['";
  std::unordered_set<std::string_view> seen;  // a long list must not make this quadratic
  while (true) {
    if (!at(TokenKind::Name))
      fail_expected("a name after " + std::string(after) + " in a substitution");
    const Token name = take();
    use_name(name.text, name.pos);
    if (!seen.insert(name.text).second) {
      report(name.pos, quote(name.text) + " is substituted twice in one substitution");
    }
    if (!at(TokenKind::Assign))
      fail_expected("':=' after " + quote(name.text) + " in a substitution");
    take();
    expr.names.emplace_back(name.text);
    expr.name_positions.push_back(name.pos);
    expr.operands.push_back(expression());
    if (!at(TokenKind::Comma)) break;
    take();
    after = "','";
  }
  if (!at(TokenKind::RBracket)) fail_expected("',' or ']' in a substitution");
  take();
  return add(std::move(expr));
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
  return add(std::move(expr));
}

// One side of d(A)/d(B): `d(NAME)` or the shorthand `dNAME`.
Side Parser::derivative_side(bool numerator) {
  const std::string expected = "'d(NAME)' or 'dNAME' after '/' in a derivative";
  if (!at(TokenKind::Name)) fail_expected(expected);
  const std::string_view text = cur().text;
  if (text == "d" && !is_defined(text) && peek(1).kind == TokenKind::LParen) {
    take();
    take();
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
