#include "verify/parser.hpp"

#include <algorithm>
#include <utility>

#include "engine/op.hpp"
#include "verify/names.hpp"
#include "verify/parser_internal.hpp"

namespace chainrule::verify {
namespace detail {

Token Parser::take() {
  Token token = std::move(window_[0]);
  window_[0] = std::move(window_[1]);
  window_[1] = std::move(window_[2]);
  window_[2] = lexer_.next();
  last_end_ = token.offset + token.text.size();
  return token;
}

// ---- diagnostics -------------------------------------------------------------------------

void Parser::report(SourcePos pos, std::string message) {
  statement_failed_ = true;
  if (stopped_) return;
  if (result_.errors.size() == kMaxErrors) {
    result_.errors.push_back(
        {pos, "too many errors (limit " + std::to_string(kMaxErrors) + "); stopping here"});
    stopped_ = true;
    throw SyntaxError{};
  }
  result_.errors.push_back({pos, std::move(message)});
}

void Parser::fail(SourcePos pos, std::string message) {
  report(pos, std::move(message));
  throw SyntaxError{};
}

// A lexical error explains itself better than "expected X, found <garbage>".
void Parser::fail_expected(const std::string& what) {
  if (at(TokenKind::Error)) fail(cur().pos, cur().error);
  fail(cur().pos, "expected " + what + ", found " + describe(cur()));
}

void Parser::report_unknown(std::string_view name, SourcePos pos) {
  // Once per statement is enough: `y = q*q + q` has one problem, not three.
  for (auto use = unknown_uses_.rbegin();
       use != unknown_uses_.rend() && use->statement == statement_index_; ++use) {
    if (use->name == name) {
      statement_failed_ = true;
      return;
    }
  }
  std::string message = "unknown name " + quote(name);
  if (auto suggestion = closest_name(name, name_order_)) {
    message += "; did you mean " + quote(*suggestion) + "?";
  }
  const std::size_t index = result_.errors.size();
  report(pos, std::move(message));
  if (!stopped_) unknown_uses_.push_back({index, std::string(name), statement_index_});
}

// Once the whole file is read, a name defined later or by the same statement gets a message
// that says so instead of a guess at a similar name.
void Parser::explain_unknown_uses() {
  for (const UnknownUse& use : unknown_uses_) {
    const auto found = names_.find(use.name);
    if (found == names_.end() || found->second.statement < use.statement) continue;
    std::string& message = result_.errors[use.diagnostic].message;
    message = "unknown name " + quote(use.name);
    if (found->second.statement == use.statement) {
      message += ": a name cannot be used in its own definition";
    } else {
      message += ": it is defined later, on line " + std::to_string(found->second.line);
    }
  }
}

// ---- names -------------------------------------------------------------------------------

void Parser::use_name(std::string_view name, SourcePos pos) {
  if (is_parameter(name)) {
    report(pos, quote(name) + " is a parameter of " + quote(defining_function_->name) +
                    "; derivative terms and substitutions name the file's values");
    return;
  }
  const auto found = names_.find(name);
  if (found == names_.end()) {
    report_unknown(name, pos);
  } else if (!found->second.valid) {
    statement_failed_ = true;  // already reported where it was defined
  }
}

bool Parser::check_definable(const Token& name, bool report_problems) {
  std::string problem;
  if (name.text == "check") {
    problem = "cannot define 'check': it is a keyword";
  } else if (is_function_name(name.text)) {
    problem = "cannot define " + quote(name.text) + ": it is a function name";
  } else if (const UserFunction* f = user_function(name.text)) {
    problem = quote(name.text) + " is already defined on line " + std::to_string(f->line) +
              ", as a function";
  } else if (const auto found = names_.find(name.text); found != names_.end()) {
    problem =
        quote(name.text) + " is already defined on line " + std::to_string(found->second.line);
  }
  if (problem.empty()) return true;
  if (report_problems) report(name.pos, std::move(problem));
  return false;
}

// ---- statements --------------------------------------------------------------------------

ParseResult Parser::run() {
  while (!stopped_ && !at(TokenKind::End)) statement();
  explain_unknown_uses();
  explain_unknown_calls();
  // Errors within one statement are found out of order (an argument count after the
  // arguments); report them in file order. The "stopping" note stays last.
  const auto sortable_end = result_.errors.end() - (stopped_ ? 1 : 0);
  sort_in_file_order(result_.errors.begin(), sortable_end);
  return std::move(result_);
}

void Parser::statement() {
  if (at(TokenKind::Semicolon) || at(TokenKind::Newline)) {
    take();  // an empty statement
    return;
  }
  ++statement_index_;
  statement_failed_ = false;
  defining_.clear();
  built_.clear();
  defining_function_.reset();
  built_function_.reset();
  aggregates_.clear();  // a function's body may have had some, at positions now reused
  const std::size_t expr_mark = result_.document.exprs.size();
  try {
    if (!at(TokenKind::Name))
      fail_expected("a definition 'NAME = EXPR' or a claim 'check EXPR = NUMBER'");
    if (cur().text == "check" && peek(1).kind != TokenKind::Equals) {
      claim();
    } else if (cur().text == "data" && peek(1).kind == TokenKind::Name) {
      data_table();
    } else if (peek(1).kind == TokenKind::LParen) {
      function_definition();  // NAME( at the start of a statement: f(a, b) = EXPR
    } else {
      definition();
    }
  } catch (const SyntaxError&) {
    statement_failed_ = true;
    while (!at_statement_end()) take();
    if (!at(TokenKind::End)) take();
  }
  commit(expr_mark);
}

void Parser::definition() {
  const Token name = take();
  if (!at(TokenKind::Equals)) {
    // Still remember the name, so a typo like `w5 0.44` is reported once, not at every use.
    if (at(TokenKind::Comma)) return several_definitions(name);
    if (check_definable(name, false)) defining_ = {Side{std::string(name.text), name.pos}};
    fail_expected("'=' after " + quote(name.text));
  }
  take();
  if (check_definable(name, true)) defining_ = {Side{std::string(name.text), name.pos}};
  Definition result{std::string(name.text), name.pos, expression(), false};
  expect_statement_end("an operator, ';' or end of line");
  // A number written out, not one a call of a function gave (id(0.5) is computed).
  const auto& document = result_.document;
  auto number = [&](ExprId id) {
    return document.at(id).kind == ExprKind::Number && !document.calls.contains(id);
  };
  const Expr& value = document.at(result.value);
  result.is_input =
      number(result.value) || (value.kind == ExprKind::Negate &&
                               !document.calls.contains(result.value) && number(value.operands[0]));
  built_.emplace_back(std::move(result));
}

void Parser::claim() {
  Claim result;
  result.pos = take().pos;
  const std::size_t begin = cur().offset;
  result.expr = expression();
  result.expr_text = std::string(source_since(begin));
  if (!at(TokenKind::Equals)) fail_expected("'=' after the expression in a claim");
  take();
  std::string sign;
  if (at(TokenKind::Minus) || at(TokenKind::Plus)) {
    result.published_pos = cur().pos;
    sign = std::string(take().text);
  }
  if (!at(TokenKind::Number)) fail_expected("a number after '=' in a claim");
  if (sign.empty()) result.published_pos = cur().pos;
  result.published = sign + std::string(take().text);
  expect_statement_end("';' or end of line after the claim's number");
  built_.emplace_back(std::move(result));
}

void Parser::expect_statement_end(const std::string& what) {
  if (!at_statement_end()) fail_expected(what);
  if (!at(TokenKind::End)) take();
}

// A statement with an error defines nothing, but its name is remembered as failed so that
// later uses are skipped silently instead of each being reported as unknown.
void Parser::commit(std::size_t expr_mark) {
  if (defining_function_ || built_function_) {
    commit_function(expr_mark);
    return;
  }
  auto& exprs = result_.document.exprs;
  const bool valid = !statement_failed_ && !built_.empty();
  if (!valid) {
    exprs.erase(exprs.begin() + static_cast<std::ptrdiff_t>(expr_mark), exprs.end());
    heights_.resize(expr_mark);
    auto& calls = result_.document.calls;
    calls.erase(calls.lower_bound(static_cast<ExprId>(expr_mark)), calls.end());
  } else {
    const std::size_t first = result_.document.statements.size();
    for (Statement& built : built_) result_.document.statements.push_back(std::move(built));
    commit_rows(first);
  }
  aggregates_.clear();
  for (const Side& name : defining_) {
    names_.emplace(name.name, NameInfo{name.pos.line, statement_index_, valid});
    name_order_.push_back(name.name);
  }
}

}  // namespace detail

ParseResult parse(std::string_view text, std::string file_name) {
  return detail::Parser(text, std::move(file_name)).run();
}

std::string format_diagnostic(const std::string& file, const Diagnostic& diagnostic) {
  return file + ":" + std::to_string(diagnostic.pos.line) + ":" +
         std::to_string(diagnostic.pos.column) + ": error: " + diagnostic.message;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& r : engine::op_table<double>())
      if (!r.function.empty()) all.emplace_back(r.function);
    // Shorthands the parser writes out in the catalogue's ops (verify/parse_several.cpp).
    all.emplace_back("softmax");
    all.emplace_back("cross_entropy");
    // Over the rows of the data table (verify/parse_rows.cpp).
    all.emplace_back("sum");
    all.emplace_back("mean");
    return all;
  }();
  return names;
}

bool is_function_name(std::string_view name) {
  const auto& names = function_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

int function_arity(std::string_view name) {
  if (name == "softmax" || name == "cross_entropy") return -1;
  const auto* r = engine::function_rule(name);
  if (r != nullptr && engine::folds_left(r->op)) return -1;
  return r == nullptr ? 1 : r->arity;
}

}  // namespace chainrule::verify
