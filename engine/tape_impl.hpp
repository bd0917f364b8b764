// Definitions of the Tape templates; included only by the files that instantiate them.
#pragma once

#include <algorithm>

#include "engine/number.hpp"
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
void Tape<T>::reserve(std::size_t nodes) {
  ops_.reserve(nodes);
  lhs_.reserve(nodes);
  rhs_.reserve(nodes);
  values_.reserve(nodes);
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
  const OpRule<T>& r = rule<T>(op);
  if (r.arity == 1) b = kNoNode;
  static const T zero(0);
  T value = r.forward(values_[a], b == kNoNode ? zero : values_[b]);
  return push(op, a, b, std::move(value));
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
T Tape<T>::sensitivity_value(NodeIndex of, NodeIndex wrt) {
  if (wrt > of) return T(0);
  Sensitivities<T> s;
  sweep(*this, of, s);
  return s.adjoint[wrt];
}

template <class T>
std::string_view Tape<T>::name(NodeIndex i) const {
  auto found = names_.find(i);
  return found == names_.end() ? std::string_view{} : std::string_view{found->second};
}

template <class T>
std::optional<DomainError> Tape<T>::evaluate(NodeIndex first, NodeIndex last) {
  static const T zero(0);
  const std::size_t end = last == kNoNode ? ops_.size() : std::min<std::size_t>(last + 1, size());
  for (auto i = first; i < end; ++i) {
    Op op = ops_[i];
    if (op == Op::Input || op == Op::Constant) continue;
    if (op == Op::Sensitivity) {
      const NodeIndex recorded = expansion(i);
      values_[i] = recorded == kNoNode ? sensitivity_value(lhs_[i], rhs_[i]) : values_[recorded];
      if (!is_finite(values_[i])) return DomainError{i, "the derivative is not finite"};
      continue;
    }
    const OpRule<T>& r = rule<T>(op);
    const T& a = values_[lhs_[i]];
    const T& b = rhs_[i] == kNoNode ? zero : values_[rhs_[i]];
    if (auto why = r.domain(a, b); !why.empty()) return DomainError{i, why};
    values_[i] = r.forward(a, b);
    if (!is_finite(values_[i])) return DomainError{i, "the result is not finite"};
  }
  return std::nullopt;
}

template <class T>
void sweep(const Tape<T>& tape, NodeIndex of, Sensitivities<T>& out,
           std::span<const std::uint8_t> barrier) {
  using S = Sensitivities<T>;
  const std::size_t count = static_cast<std::size_t>(of) + 1;
  out.of = of;
  out.nonfinite_partial = kNoNode;
  out.adjoint.resize(count);
  for (auto& a : out.adjoint) a = 0;
  out.flags.assign(count, 0);
  out.adjoint[of] = 1;
  out.flags[of] = S::kReached;
  static const T zero(0);
  for (NodeIndex i = of + 1; i-- > 0;) {
    const std::uint8_t flags = out.flags[i];
    if (!flags || tape.is_leaf(i)) continue;
    if (i != of && !barrier.empty() && barrier[i]) continue;
    const NodeIndex a = tape.lhs(i), b = tape.rhs(i);
    if (tape.op(i) == Op::Sensitivity) {
      if (const NodeIndex recorded = tape.expansion(i); recorded != kNoNode) {
        // Its sweep is on the tape: the node is a copy of the recording's last node.
        out.adjoint[recorded] += out.adjoint[i];
        out.flags[recorded] |= flags;
        continue;
      }
      // Its derivative would need second derivatives: mark what it depends on as incomplete.
      out.flags[a] |= S::kReached | S::kIncomplete;
      out.flags[b] |= S::kReached | S::kIncomplete;
      continue;
    }
    const OpRule<T>& r = rule<T>(tape.op(i));
    const T& va = tape.value(a);
    const T& vb = b == kNoNode ? zero : tape.value(b);
    const T& vr = tape.value(i);
    T partial = r.partial_a(va, vb, vr);
    if (!is_finite(partial) && out.nonfinite_partial == kNoNode) out.nonfinite_partial = i;
    out.adjoint[a] += out.adjoint[i] * partial;
    out.flags[a] |= flags;
    if (r.arity == 2 && tape.op(i) != Op::PowerConstant) {
      partial = r.partial_b(va, vb, vr);
      if (!is_finite(partial) && out.nonfinite_partial == kNoNode) out.nonfinite_partial = i;
      out.adjoint[b] += out.adjoint[i] * partial;
      out.flags[b] |= flags;
    }
  }
}

#define CHAINRULE_INSTANTIATE_TAPE(T)                                                      \
  template class Tape<T>;                                                                  \
  template void sweep<T>(const Tape<T>&, NodeIndex, Sensitivities<T>&,                     \
                         std::span<const std::uint8_t>);

}  // namespace chainrule::engine
