// Functions a derivation file defines, `f(a, b) = EXPR`; see parser_internal.hpp.
//
// A call is expanded here, once, as it is parsed: the document gets a copy of the body with
// the arguments in place of the parameters, and Document::calls notes the call as written at
// the copy's root. Every consumer of the syntax tree (the compiler, the limits, the hand
// recomputation, the record plan, the named graph) therefore sees ordinary expressions and
// needs no change, and the expression-node limit, checked before each copy, bounds what
// nested calls can grow to (a function calling another twice, ten deep, is 1024 copies).
// The copy is a tree, never a graph sharing subexpressions: every consumer walks the tree,
// and sharing would let a small file cost exponential time there.
#include <algorithm>
#include <unordered_set>
#include <utility>

#include "verify/names.hpp"
#include "verify/parser_internal.hpp"

namespace chainrule::verify::detail {

namespace {

std::string arguments_word(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " argument" : " arguments");
}

}  // namespace

bool Parser::is_parameter(std::string_view name) const {
  return parameters_ != nullptr &&
         std::find(parameters_->begin(), parameters_->end(), name) != parameters_->end();
}

const UserFunction* Parser::user_function(std::string_view name) const {
  const auto found = functions_.find(name);
  return found == functions_.end() ? nullptr : &found->second;
}

// "abs, cos, ... (built in); f, g (defined in this file)": for an unknown function's message.
std::string Parser::known_functions() const {
  std::string text = "the functions are ";
  const auto& built_in = function_names();
  for (std::size_t k = 0; k < built_in.size(); ++k) text += (k ? ", " : "") + built_in[k];
  text += " (built in)";
  if (function_order_.empty()) return text;
  text += "; ";
  for (std::size_t k = 0; k < function_order_.size(); ++k)
    text += (k ? ", " : "") + function_order_[k];
  return text + " (defined in this file)";
}

// ---- definitions -------------------------------------------------------------------------

bool Parser::check_function_definable(const Token& name) {
  if (name.text == "d") {
    report(name.pos, "cannot define a function 'd': 'd(' starts a derivative term");
    return false;
  }
  if (const UserFunction* f = user_function(name.text)) {
    report(name.pos, quote(name.text) + " is already defined on line " + std::to_string(f->line));
    return false;
  }
  return check_definable(name, true);
}

// `(a, b)` after the function's name: at least one parameter, each a new name once.
std::vector<std::string> Parser::parameter_list(const Token& name) {
  const std::string of = " in the parameter list of " + quote(name.text);
  skip();  // '('
  if (at(TokenKind::RParen)) {
    fail(cur().pos, "a function needs at least one parameter; for a value without " +
                        std::string("parameters write '") + std::string(name.text) + " = EXPR'");
  }
  std::vector<std::string> parameters;
  for (;;) {
    if (!at(TokenKind::Name)) fail_expected("a parameter name" + of);
    const Token parameter = take();
    const std::string text(parameter.text);
    if (std::find(parameters.begin(), parameters.end(), text) != parameters.end()) {
      report(parameter.pos, "parameter " + quote(text) + " is listed twice" + of);
    } else if (text == "check" || text == "d" || is_function_name(text) || user_function(text) ||
               text == name.text) {
      report(parameter.pos, "cannot name a parameter " + quote(text) + ": it is " +
                                (text == "check" || text == "d" ? "a keyword" : "a function name"));
    }
    parameters.push_back(text);
    if (!at(TokenKind::Comma)) break;
    skip();
  }
  if (!at(TokenKind::RParen)) fail_expected("',' or ')'" + of);
  skip();
  return parameters;
}

void Parser::function_definition() {
  const Token name = take();
  body_callees_.clear();
  const bool definable = check_function_definable(name);
  // Remembered even when its definition fails, so its calls are not each reported.
  if (definable) defining_function_ = Side{std::string(name.text), name.pos};
  std::vector<std::string> parameters = parameter_list(name);
  if (!at(TokenKind::Equals)) fail_expected("'=' after the parameter list of " + quote(name.text));
  skip();
  struct Scope {  // the parameters are known only while the body is parsed
    Parser& parser;
    ~Scope() { parser.parameters_ = nullptr; }
  } scope{*this};
  parameters_ = &parameters;
  const ExprId body = expression();
  expect_statement_end("an operator, ';' or end of line");
  built_function_ =
      UserFunction{std::move(parameters), body, name.pos.line, statement_index_, true, {}};
}

// The body moves from the document to the function arena, its ids shifted with it.
void Parser::commit_function(std::size_t expr_mark) {
  auto& exprs = result_.document.exprs;
  const bool valid = !statement_failed_ && built_function_.has_value();
  if (valid) {
    const auto shift = static_cast<ExprId>(function_exprs_.size() - expr_mark);
    for (std::size_t i = expr_mark; i < exprs.size(); ++i) {
      Expr& e = exprs[i];
      for (ExprId& operand : e.operands) operand += shift;
      function_exprs_.push_back(std::move(e));
    }
    built_function_->body += shift;
  }
  exprs.erase(exprs.begin() + static_cast<std::ptrdiff_t>(expr_mark), exprs.end());
  heights_.resize(expr_mark);
  auto& calls = result_.document.calls;
  calls.erase(calls.lower_bound(static_cast<ExprId>(expr_mark)), calls.end());
  if (!defining_function_) return;
  UserFunction f = valid ? std::move(*built_function_) : UserFunction{};
  f.callees = std::move(body_callees_);  // a failed body's calls still show a recursion
  f.line = defining_function_->pos.line;
  f.statement = statement_index_;
  f.valid = valid;
  functions_.emplace(defining_function_->name, std::move(f));
  function_order_.push_back(defining_function_->name);
}

// A call of a function defined later: recursion when that function leads back to the caller.
void Parser::explain_unknown_calls() {
  std::unordered_set<std::string> in_cycle;  // a cycle is reported once, at its first call
  std::vector<std::size_t> repeated;
  for (const UnknownCall& call : unknown_calls_) {
    const UserFunction* callee = user_function(call.callee);
    if (callee == nullptr) continue;
    std::string& message = result_.errors[call.diagnostic].message;
    // The cycle: a breadth-first search from the callee back to the caller.
    std::unordered_map<std::string, std::string> came_from{{call.callee, ""}};
    std::vector<std::string> queue{call.callee};
    bool found = false;
    for (std::size_t k = 0; k < queue.size() && !found && !call.caller.empty(); ++k) {
      const UserFunction* f = user_function(queue[k]);
      if (f == nullptr) continue;
      for (const std::string& next : f->callees) {
        if (!came_from.emplace(next, queue[k]).second) continue;
        if (next == call.caller) {
          found = true;
          break;
        }
        queue.push_back(next);
      }
    }
    if (!found) {
      message = "unknown function " + quote(call.callee) + ": it is defined later, on line " +
                std::to_string(callee->line) + "; define a function before its calls";
      continue;
    }
    if (in_cycle.contains(call.caller)) {
      repeated.push_back(call.diagnostic);
      continue;
    }
    std::vector<std::string> back{call.caller};  // caller, ..., callee
    while (back.back() != call.callee) back.push_back(came_from.at(back.back()));
    in_cycle.insert(back.begin(), back.end());
    std::string text = call.caller;
    for (auto at = back.rbegin(); at != back.rend(); ++at) text += " -> " + *at;
    message = "recursion: " + text + "; a function cannot call itself, directly or through others";
  }
  std::sort(repeated.rbegin(), repeated.rend());
  for (std::size_t index : repeated)
    result_.errors.erase(result_.errors.begin() + static_cast<std::ptrdiff_t>(index));
}

// ---- calls -------------------------------------------------------------------------------

std::uint64_t Parser::tree_size(const std::vector<Expr>& arena, ExprId id) const {
  std::uint64_t size = 1;
  for (ExprId operand : arena[id].operands) size += tree_size(arena, operand);
  return size;
}

// Nodes the copy adds: one per node of the body, and a copy of an argument for each use of
// its parameter after the first (the first use takes the argument itself).
std::uint64_t Parser::expansion_size(const UserFunction& f,
                                     const std::vector<ExprId>& arguments) const {
  std::vector<std::uint64_t> uses(arguments.size(), 0);
  std::uint64_t size = 0;
  std::vector<ExprId> stack{f.body};
  while (!stack.empty()) {
    const Expr& e = function_exprs_[stack.back()];
    stack.pop_back();
    const auto parameter = std::find(f.parameters.begin(), f.parameters.end(), e.text);
    if (e.kind == ExprKind::Name && parameter != f.parameters.end()) {
      ++uses[static_cast<std::size_t>(parameter - f.parameters.begin())];
      continue;
    }
    ++size;
    for (ExprId operand : e.operands) stack.push_back(operand);
  }
  constexpr std::uint64_t kSaturated = std::uint64_t{1} << 62;
  for (std::size_t k = 0; k < arguments.size(); ++k) {
    if (uses[k] < 2) continue;
    const std::uint64_t copy = tree_size(result_.document.exprs, arguments[k]);
    size = std::min(kSaturated, size + std::min(kSaturated / copy, uses[k] - 1) * copy);
  }
  return size;
}

ExprId Parser::copy_expr(ExprId id) {
  Expr e = result_.document.exprs[id];
  for (ExprId& operand : e.operands) operand = copy_expr(operand);
  return add(std::move(e));
}

// The body's node `id` with the arguments in place of the parameters; the body's own nodes
// take the call's position, so an error in them (a domain error, a limit) points at the call.
ExprId Parser::copy_body(ExprId id, const UserFunction& f, const std::vector<ExprId>& arguments,
                         std::vector<std::uint8_t>& used, SourcePos pos) {
  Expr e = function_exprs_[id];
  if (e.kind == ExprKind::Name) {
    const auto parameter = std::find(f.parameters.begin(), f.parameters.end(), e.text);
    if (parameter != f.parameters.end()) {
      const auto k = static_cast<std::size_t>(parameter - f.parameters.begin());
      return std::exchange(used[k], 1) ? copy_expr(arguments[k]) : arguments[k];
    }
  }
  for (ExprId& operand : e.operands) operand = copy_body(operand, f, arguments, used, pos);
  e.pos = pos;
  std::fill(e.name_positions.begin(), e.name_positions.end(), pos);
  return add(std::move(e));
}

ExprId Parser::expand(std::string_view name, SourcePos pos, const std::vector<ExprId>& arguments,
                      std::size_t begin) {
  const UserFunction& f = functions_.find(name)->second;
  const std::uint64_t size = expansion_size(f, arguments);
  const std::uint64_t in_use = result_.document.exprs.size() + function_exprs_.size();
  if (size > kMaxExpressionNodes || in_use + size > kMaxExpressionNodes) {
    report(pos, "this call of " + quote(name) + " would expand to " + std::to_string(size) +
                    " expression nodes, more than the file's limit of " +
                    std::to_string(kMaxExpressionNodes) +
                    " with the rest (each call copies its function's body, and the calls in it)");
    stopped_ = true;  // every later call would hit the same limit
    throw SyntaxError{};
  }
  std::vector<std::uint8_t> used(arguments.size(), 0);
  const ExprId root = copy_body(f.body, f, arguments, used, pos);
  result_.document.calls[root] = std::string(source_since(begin));
  return root;
}

// Called by check_callee for a name that is no built-in function.
bool Parser::check_user_callee(std::string_view name, SourcePos pos) {
  if (defining_function_ && parameters_ != nullptr && defining_function_->name == name) {
    report(pos, "recursion: " + std::string(name) + " -> " + std::string(name) +
                    "; a function cannot call itself, directly or through others");
    return true;
  }
  if (parameters_ != nullptr) body_callees_.emplace_back(name);
  const UserFunction* f = user_function(name);
  if (f == nullptr) return false;
  if (!f->valid) statement_failed_ = true;  // reported where it was defined
  return true;
}

// Called by check_arity for a function the file defines.
void Parser::check_user_arity(std::string_view name, SourcePos pos, std::size_t count) {
  const UserFunction& f = functions_.find(name)->second;
  if (!f.valid || count == f.parameters.size()) return;
  report(pos, quote(name) + " takes " + arguments_word(f.parameters.size()) + ", found " +
                  std::to_string(count));
}

void Parser::report_unknown_function(std::string_view name, SourcePos pos) {
  std::vector<std::string> candidates = function_names();
  candidates.insert(candidates.end(), function_order_.begin(), function_order_.end());
  std::string message = "unknown function " + quote(name);
  if (auto suggestion = closest_name(name, candidates)) {
    message += "; did you mean " + quote(*suggestion) + "?";
  }
  const std::size_t index = result_.errors.size();
  report(pos, message + " (" + known_functions() + ")");
  const std::string caller =
      parameters_ != nullptr && defining_function_ ? defining_function_->name : std::string();
  if (!stopped_) unknown_calls_.push_back({index, std::string(name), caller});
}

}  // namespace chainrule::verify::detail
