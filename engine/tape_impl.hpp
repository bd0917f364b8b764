// Definitions of the Tape templates; included only by the files that instantiate them.
//
// Evaluation is one loop with a switch over the op: the arithmetic ops that make up almost
// every graph (+, -, *, copy, neg, sigmoid, dot) are computed inline and in place, so a
// re-evaluation neither calls through the op table nor allocates an MPFR temporary per node. Every
// other op takes its forward rule and domain from the op table, which stays the definition of each
// op; tests/test_tape_kernels.cpp checks the inline cases against it.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/dot_kernels.hpp"
#include "engine/number.hpp"
#include "engine/sweep_impl.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {

template <class T>
NodeIndex Tape<T>::push(Op op, NodeIndex a, NodeIndex b, T value) {
  auto index = static_cast<NodeIndex>(ops_.size());
  ops_.push_back(op);
  lhs_.push_back(a);
  rhs_.push_back(b);
  values_.push_back(std::move(value));
  return index;
}

template <class T>
NodeIndex Tape<T>::push_computed(Op op, NodeIndex a, NodeIndex b) {
  auto index = static_cast<NodeIndex>(ops_.size());
  ops_.push_back(op);
  lhs_.push_back(a);
  rhs_.push_back(b);
  values_.emplace_back();
  if (op == Op::Dot || op == Op::Sigmoid) {
    T scratch = values_.back();  // a copy has the new value's precision
    compute(index, scratch);
  } else {
    compute(index, values_.back());  // only Dot and Sigmoid use the scratch
  }
  return index;
}

template <class T>
void Tape<T>::reserve(std::size_t nodes) {
  ops_.reserve(nodes);
  lhs_.reserve(nodes);
  rhs_.reserve(nodes);
  values_.reserve(nodes);
}

template <class T>
void Tape<T>::clear() {
  ops_.clear();
  lhs_.clear();
  rhs_.clear();
  values_.clear();
  dot_operands_.clear();
  names_.clear();
  expansions_.clear();
}

template <class T>
NodeIndex Tape<T>::input(T value) {
  return push(Op::Input, kNoNode, kNoNode, std::move(value));
}

template <class T>
NodeIndex Tape<T>::constant(T value) {
  return push(Op::Constant, kNoNode, kNoNode, std::move(value));
}

template <class T>
NodeIndex Tape<T>::apply(Op op, NodeIndex a, NodeIndex b) {
  const int arity = rule<T>(op).arity;
  if ((arity != 1 && arity != 2) || op == Op::Sensitivity)
    throw std::invalid_argument("Tape::apply: " + std::string(rule<T>(op).name) +
                                " nodes have their own constructor");
  if (arity == 1) b = kNoNode;
  return push_computed(op, a, b);
}

template <class T>
NodeIndex Tape<T>::dot(std::span<const NodeIndex> weights, std::span<const NodeIndex> inputs,
                       NodeIndex bias) {
  if (weights.empty() || weights.size() != inputs.size())
    throw std::invalid_argument("Tape::dot: needs as many weights as inputs, at least one");
  const auto offset = static_cast<NodeIndex>(dot_operands_.size());
  dot_operands_.push_back(static_cast<NodeIndex>(weights.size()));
  dot_operands_.insert(dot_operands_.end(), weights.begin(), weights.end());
  dot_operands_.insert(dot_operands_.end(), inputs.begin(), inputs.end());
  return push_computed(Op::Dot, offset, bias);
}

template <class T>
typename Tape<T>::DotTerms Tape<T>::dot_terms(NodeIndex i) const {
  const NodeIndex* at = dot_operands_.data() + lhs_[i];
  const std::size_t n = *at;
  return {{at + 1, n}, {at + 1 + n, n}, rhs_[i]};
}

template <class T>
void Tape<T>::compute(NodeIndex i, T& scratch) {
  T& r = values_[i];
  const NodeIndex a = lhs_[i], b = rhs_[i];
  switch (ops_[i]) {
    case Op::Add:
      add_into(r, values_[a], values_[b]);
      return;
    case Op::Subtract:
      // x - x is exactly 0, which an interval cannot see (its two ends move apart instead).
      if (a == b) r = 0;
      else subtract_into(r, values_[a], values_[b]);
      return;
    case Op::Multiply:
      multiply_into(r, values_[a], values_[b]);
      return;
    case Op::Copy:
      r = values_[a];
      return;
    case Op::Negate:
      r = values_[a];
      r = -r;
      return;
    case Op::Sigmoid:
      sigmoid_into(r, values_[a], scratch);
      return;
    case Op::Dot: {
      const DotTerms terms = dot_terms(i);
      kernels::dot_forward(r, values_.data(), terms.weights.data(), terms.inputs.data(),
                           terms.weights.size(), scratch);
      if (terms.bias != kNoNode) r += values_[terms.bias];
      return;
    }
    default: {
      static const T zero(0);
      r = rule<T>(ops_[i]).forward(values_[a], b == kNoNode ? zero : values_[b]);
    }
  }
}

template <class T>
NodeIndex Tape<T>::sensitivity(NodeIndex of, NodeIndex wrt) {
  T value = sensitivity_value(of, wrt);
  return push(Op::Sensitivity, of, wrt, std::move(value));
}

template <class T>
NodeIndex Tape<T>::sensitivity(NodeIndex of, NodeIndex wrt, NodeIndex expansion) {
  NodeIndex node = push(Op::Sensitivity, of, wrt, values_[expansion]);
  expansions_[node] = expansion;
  return node;
}

template <class T>
NodeIndex Tape<T>::expansion(NodeIndex i) const {
  if (ops_[i] != Op::Sensitivity) return kNoNode;
  auto found = expansions_.find(i);
  return found == expansions_.end() ? kNoNode : found->second;
}

template <class T>
T Tape<T>::sensitivity_value(NodeIndex of, NodeIndex wrt, NodeIndex* infinite_partial) {
  if (wrt > of) return T(0);
  Sensitivities<T> s;
  sweep(*this, of, s);
  if (infinite_partial != nullptr) *infinite_partial = s.nonfinite_partial;
  return s.adjoint[wrt];
}

template <class T>
std::string_view Tape<T>::name(NodeIndex i) const {
  auto found = names_.find(i);
  return found == names_.end() ? std::string_view{} : std::string_view{found->second};
}

template <class T>
std::optional<DomainError> Tape<T>::evaluate_node(NodeIndex i, T& scratch) {
  switch (ops_[i]) {
    case Op::Input:
    case Op::Constant:
      return std::nullopt;
    case Op::Sensitivity: {
      const NodeIndex recorded = expansion(i);
      NodeIndex infinite_partial = kNoNode;
      values_[i] = recorded == kNoNode ? sensitivity_value(lhs_[i], rhs_[i], &infinite_partial)
                                       : values_[recorded];
      if (is_finite(values_[i])) return std::nullopt;
      // Name the op whose local derivative is infinite (sqrt at 0), not the derivative term.
      if (infinite_partial != kNoNode)
        return DomainError{infinite_partial, "its derivative is not finite here"};
      return DomainError{i, "the derivative is not finite"};
    }
    case Op::Add:
    case Op::Subtract:
    case Op::Multiply:
    case Op::Copy:
    case Op::Negate:
    case Op::Sigmoid:
    case Op::Dot:
      break;  // defined everywhere
    default: {
      static const T zero(0);
      const NodeIndex b = rhs_[i];
      const auto why = rule<T>(ops_[i]).domain(values_[lhs_[i]], b == kNoNode ? zero : values_[b]);
      if (!why.empty()) return DomainError{i, why};
    }
  }
  compute(i, scratch);
  if (!is_finite(values_[i])) return DomainError{i, "the result is not finite"};
  return std::nullopt;
}

template <class T>
std::optional<DomainError> Tape<T>::evaluate(NodeIndex first, NodeIndex last) {
  const std::size_t end = last == kNoNode ? ops_.size() : std::min<std::size_t>(last + 1, size());
  if (first >= end) return std::nullopt;
  T scratch = values_[first];  // a copy carries the tape's precision, not today's default
  for (auto i = first; i < end; ++i)
    if (auto error = evaluate_node(i, scratch)) return error;
  return std::nullopt;
}

template <class T>
std::optional<DomainError> Tape<T>::evaluate_nodes(std::span<const NodeIndex> nodes) {
  if (nodes.empty()) return std::nullopt;
  T scratch = values_[nodes.front()];
  for (NodeIndex i : nodes)
    if (auto error = evaluate_node(i, scratch)) return error;
  return std::nullopt;
}

#define CHAINRULE_INSTANTIATE_TAPE(T)                                  \
  template class Tape<T>;                                              \
  template void sweep<T>(const Tape<T>&, NodeIndex, Sensitivities<T>&, \
                         std::span<const std::uint8_t>);

}  // namespace chainrule::engine
