// Which engine op a piece of syntax stands for; shared by the compiler and the hand evaluator.
#pragma once

#include <optional>
#include <string>

#include "engine/op.hpp"
#include "verify/syntax.hpp"

namespace chainrule::verify {

inline std::optional<engine::Op> function_op(const std::string& name) {
  if (const auto* r = engine::function_rule(name)) return r->op;
  return std::nullopt;
}

inline engine::Op binary_op(BinaryOp op) {
  using engine::Op;
  switch (op) {
    case BinaryOp::Add:
      return Op::Add;
    case BinaryOp::Subtract:
      return Op::Subtract;
    case BinaryOp::Multiply:
      return Op::Multiply;
    case BinaryOp::Divide:
      return Op::Divide;
    case BinaryOp::Power:
      return Op::Power;
  }
  return Op::Add;
}

// The op of a Negate, Binary or Call expression, before constant exponents are told apart.
inline engine::Op op_of(const Expr& e) {
  if (e.kind == ExprKind::Negate) return engine::Op::Negate;
  if (e.kind == ExprKind::Binary) return binary_op(e.binary_op);
  return *function_op(e.text);
}

}  // namespace chainrule::verify
