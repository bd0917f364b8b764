// Functions of several arguments (docs/derivation-files.md, "Functions of several
// arguments"). The parser writes each out in the op catalogue's binary ops, so every later
// stage (compiler, hand evaluator, limits, explain) sees only ops it already knows:
//   max(a, b, c)                  max(max(a, b), c)            likewise min and logsumexp
//   p1, p2 = softmax(z1, z2)      p1 = exp(z1 - logsumexp(z1, z2))
//                                 p2 = exp(z2 - logsumexp(z1, z2))
//   cross_entropy(p1, p2; y1, y2) -(y1*log(p1) + y2*log(p2))
#include <unordered_set>

#include "engine/op.hpp"
#include "verify/parser_internal.hpp"

namespace chainrule::verify::detail {

namespace {
const char* const kSoftmaxExample = "'p1, p2 = softmax(z1, z2)'";
}

ExprId Parser::finish_call(std::string_view name, SourcePos pos, std::vector<ExprId> arguments,
                           std::size_t targets_at) {
  if (name == "cross_entropy") return cross_entropy(pos, arguments, targets_at);
  if (name == "sum" || name == "mean") return aggregate(name, pos, arguments);
  check_arity(name, pos, arguments.size());
  if (name == "softmax" && (pos.line != softmax_at_.line || pos.column != softmax_at_.column)) {
    report(pos, std::string("softmax gives one value per argument: name them on the left, as in ") +
                    kSoftmaxExample);
  }
  const auto* rule = engine::function_rule(name);
  if (rule != nullptr && engine::folds_left(rule->op) && arguments.size() > 2)
    return left_fold(name, pos, arguments);
  return node(ExprKind::Call, pos, std::move(arguments), name);
}

// f(z1, …, zk) as f(f(f(z1, z2), z3), …), every call at the position of the one written.
ExprId Parser::left_fold(std::string_view name, SourcePos pos,
                         const std::vector<ExprId>& arguments) {
  ExprId folded = arguments[0];
  for (std::size_t k = 1; k < arguments.size(); ++k)
    folded = node(ExprKind::Call, pos, {folded, arguments[k]}, name);
  return folded;
}

// −Σ yᵢ·log(pᵢ): probabilities first, as the loss is written H(p; y), then the targets.
ExprId Parser::cross_entropy(SourcePos pos, const std::vector<ExprId>& arguments,
                             std::size_t targets_at) {
  const std::string form = "cross_entropy(p1, p2; y1, y2)";
  if (targets_at == 0) {
    fail(pos, "'cross_entropy' takes the probabilities, ';', then the targets, as in '" + form +
                  "'; found no ';'");
  }
  const std::size_t classes = targets_at, targets = arguments.size() - targets_at;
  if (classes != targets) {
    fail(pos, "'cross_entropy' takes as many targets as probabilities, found " +
                  std::to_string(classes) + (classes == 1 ? " probability" : " probabilities") +
                  " and " + std::to_string(targets) + (targets == 1 ? " target" : " targets"));
  }
  if (classes < 2)
    fail(pos, "'cross_entropy' takes at least 2 classes, found 1; for one class write -y*log(p)");
  ExprId sum = 0;
  for (std::size_t i = 0; i < classes; ++i) {
    const ExprId p = arguments[i], y = arguments[targets_at + i];
    const ExprId log_p = node(ExprKind::Call, result_.document.at(p).pos, {p}, "log");
    const ExprId term = binary(BinaryOp::Multiply, y, log_p);
    sum = i == 0 ? term : binary(BinaryOp::Add, sum, term);
  }
  return node(ExprKind::Negate, pos, {sum});
}

// `p1, p2, p3 = softmax(z1, z2, z3)`: one definition per name, pᵢ = exp(zᵢ − logsumexp(z)),
// which never overflows (zᵢ − logsumexp(z) ≤ 0) and whose derivatives are pᵢ(δᵢⱼ − pⱼ).
void Parser::several_definitions(const Token& first) {
  std::vector<Token> names{first};
  while (at(TokenKind::Comma)) {
    skip();
    if (!at(TokenKind::Name)) fail_expected("a name after ',' on the left of a definition");
    names.push_back(take());
  }
  if (!at(TokenKind::Equals)) {
    for (const Token& name : names)
      if (check_definable(name, false)) defining_.push_back(Side{std::string(name.text), name.pos});
    fail_expected("'=' after the names of a definition");
  }
  take();
  std::unordered_set<std::string_view> seen;
  for (const Token& name : names) {
    if (!seen.insert(name.text).second) {
      report(name.pos, quote(name.text) + " is named twice on the left of one definition");
    } else if (check_definable(name, true)) {
      defining_.push_back(Side{std::string(name.text), name.pos});
    }
  }
  if (!at(TokenKind::Name) || cur().text != "softmax" || peek(1).kind != TokenKind::LParen) {
    fail_expected(std::string("'softmax(' after several names (only softmax defines several, as "
                              "in ") +
                  kSoftmaxExample + ")");
  }
  const SourcePos call_pos = cur().pos;
  softmax_at_ = call_pos;
  const ExprId softmax = call();
  expect_statement_end("';' or end of line after softmax(…)");
  const std::vector<ExprId> z = result_.document.at(softmax).operands;
  if (z.size() < 2) return;        // call() reported it
  if (z.size() != names.size()) {  // reported, not thrown: the statement's end is taken
    report(call_pos, "softmax of " + std::to_string(z.size()) + " arguments defines " +
                         std::to_string(z.size()) + " names, found " +
                         std::to_string(names.size()) + " on the left");
    return;
  }
  const ExprId normalizer = left_fold("logsumexp", call_pos, z);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ExprId shifted = binary(BinaryOp::Subtract, z[i], normalizer);
    const ExprId value = node(ExprKind::Call, call_pos, {shifted}, "exp");
    built_.emplace_back(Definition{std::string(names[i].text), names[i].pos, value, false});
  }
}

}  // namespace chainrule::verify::detail
