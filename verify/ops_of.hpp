// Which engine op a piece of syntax stands for; shared by the compiler and the hand evaluator.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "engine/op.hpp"
#include "verify/syntax.hpp"

namespace chainrule::verify {

inline std::optional<engine::Op> function_op(const std::string& name) {
  using engine::Op;
  static const std::unordered_map<std::string, Op> functions = {
      {"exp", Op::Exp},   {"log", Op::Log},   {"sqrt", Op::Sqrt}, {"sigmoid", Op::Sigmoid},
      {"tanh", Op::Tanh}, {"relu", Op::Relu}, {"abs", Op::Abs},   {"sin", Op::Sin},
      {"cos", Op::Cos},   {"pow", Op::Power}, {"step", Op::Step}, {"sign", Op::Sign}};
  auto found = functions.find(name);
  if (found == functions.end()) return std::nullopt;
  return found->second;
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
