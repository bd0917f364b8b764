// The one walk over a statement's syntax tree that the checks before compiling share (the
// substitution depth, the constant folding that finds overflows, the graph-size estimate):
// a fold from the leaves up, operands left to right before the expression that uses them,
// as compile() builds them. An explicit stack, so a deep tree costs no native stack.
#pragma once

#include <span>
#include <string>
#include <variant>
#include <vector>

#include "verify/syntax.hpp"

namespace chainrule::verify {

// The expression a statement computes: a definition's right side or a claim's expression.
inline ExprId statement_expression(const Statement& statement) {
  if (const auto* definition = std::get_if<Definition>(&statement)) return definition->value;
  return std::get<Claim>(statement).expr;
}

// The name a statement defines, or nullptr for a claim.
inline const std::string* defined_name(const Statement& statement) {
  const auto* definition = std::get_if<Definition>(&statement);
  return definition ? &definition->name : nullptr;
}

// Folds the tree under `root`. The visitor gives
//   bool descends(const Expr& e)    whether e's operands are folded (false: e is a leaf here,
//                                   as a derivative term is to checks that read its names)
//   Result combine(ExprId id, const Expr& e, std::span<Result> operands)
//                                   e's result from its operands' (empty when not descended)
template <class Result, class Visitor>
Result fold_expression(const Document& document, ExprId root, Visitor& visitor) {
  struct Frame {
    ExprId id;
    std::size_t first_result;  // where this expression's operands' results start
    std::size_t next_operand;
  };
  std::vector<Frame> frames{{root, 0, 0}};
  std::vector<Result> results;
  while (true) {
    Frame& frame = frames.back();
    const Expr& e = document.at(frame.id);
    if (frame.next_operand == 0 && !visitor.descends(e)) frame.next_operand = e.operands.size();
    if (frame.next_operand < e.operands.size()) {
      const ExprId operand = e.operands[frame.next_operand++];
      frames.push_back({operand, results.size(), 0});
      continue;
    }
    const std::span<Result> operands(results.data() + frame.first_result,
                                     results.size() - frame.first_result);
    Result result = visitor.combine(frame.id, e, operands);
    results.erase(results.begin() + static_cast<std::ptrdiff_t>(frame.first_result), results.end());
    frames.pop_back();
    if (frames.empty()) return result;
    results.push_back(std::move(result));
  }
}

}  // namespace chainrule::verify
