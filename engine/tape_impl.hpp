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
#include "engine/forward_chains.hpp"
#include "engine/number.hpp"
#include "engine/overlay_impl.hpp"
#include "engine/sweep_choice_impl.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {

template <class T>
NodeIndex Tape<T>::push(Op op, NodeIndex a, NodeIndex b, T value) {
  return nodes_.append(op, a, b, std::move(value));
}

template <class T>
NodeIndex Tape<T>::push_computed(Op op, NodeIndex a, NodeIndex b) {
  const NodeIndex index = nodes_.append(op, a, b, T());
  if (op == Op::Dot || op == Op::Sigmoid) {
    T scratch = nodes_.value(index);  // a copy has the new value's precision
    compute(index, scratch);
  } else {
    compute(index, nodes_.value(index));  // only Dot and Sigmoid use the scratch
  }
  return index;
}

template <class T>
Tape<T>::Tape(Tape&& other) noexcept
    : nodes_(std::move(other.nodes_)),
      dot_operands_(std::move(other.dot_operands_)),
      names_(std::move(other.names_)),
      recordings_(std::move(other.recordings_)),
      derivative_nodes_(other.derivative_nodes_),
      last_sweep_(std::move(other.last_sweep_)),
      chains_(std::move(other.chains_)),
      chains_end_(other.chains_end_) {
  other.clear();
}

template <class T>
Tape<T>& Tape<T>::operator=(Tape&& other) noexcept {
  if (this == &other) return *this;
  nodes_ = std::move(other.nodes_);
  dot_operands_ = std::move(other.dot_operands_);
  names_ = std::move(other.names_);
  recordings_ = std::move(other.recordings_);
  derivative_nodes_ = other.derivative_nodes_;
  last_sweep_ = std::move(other.last_sweep_);
  chains_ = std::move(other.chains_);
  chains_end_ = other.chains_end_;
  other.clear();
  return *this;
}

template <class T>
void Tape<T>::reserve(std::size_t nodes) {
  nodes_.reserve(nodes);
}

template <class T>
void Tape<T>::clear() {
  nodes_.clear();
  dot_operands_.clear();
  names_.clear();
  recordings_.clear();
  derivative_nodes_ = 0;
  last_sweep_.forget();
  chains_.clear();
  chains_end_ = 0;
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
NodeIndex Tape<T>::apply_other(Op op, NodeIndex a, NodeIndex b) {
  switch (op) {  // the ops graphs are made of, without looking up their arity
    case Op::Multiply:
    case Op::Add:
    case Op::Subtract:
      return push_computed(op, a, b);
    case Op::Sigmoid:
    case Op::Copy:
    case Op::Negate:
      return push_computed(op, a, kNoNode);
    default:
      break;
  }
  const int arity = rule<T>(op).arity;
  if ((arity != 1 && arity != 2) || op == Op::Derivative)
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
  if (bias != kNoNode) dot_operands_.push_back(bias);
  nodes_.next_node_differs();
  return push_computed(Op::Dot, offset, bias);
}

template <class T>
typename Tape<T>::DotTerms Tape<T>::dot_terms(NodeIndex i) const {
  const NodeIndex* at = dot_operands_.data() + nodes_.operand_pair(i)[0];
  const std::size_t n = *at;
  return {{at + 1, n}, {at + 1 + n, n}, nodes_.operand_pair(i)[1]};
}

template <class T>
NodeIndex Tape<T>::dot_factor(NodeIndex i, std::size_t k) const {
  const auto all = operands(i);
  const std::size_t n = all.size() / 2;  // the bias, if any, is the odd one at the end
  return k < n ? all[n + k] : k < 2 * n ? all[k - n] : kNoNode;
}

template <class T>
template <class Values>
bool Tape<T>::compute_inline(NodeIndex i, T& r, const Values& v, T& scratch) const {
  const auto [a, b] = nodes_.operand_pair(i);
  switch (nodes_.op(i)) {
    case Op::Multiply:
      multiply_into(r, v[a], v[b]);
      return true;
    case Op::Add:
      add_into(r, v[a], v[b]);
      return true;
    case Op::Subtract:
      // x - x is exactly 0, which an interval cannot see (its two ends move apart instead).
      if (a == b)
        r = 0;
      else
        subtract_into(r, v[a], v[b]);
      return true;
    case Op::Sigmoid:
      sigmoid_into(r, v[a], scratch);
      return true;
    case Op::Copy:
      r = v[a];
      return true;
    case Op::Negate:
      r = v[a];
      r = -r;
      return true;
    case Op::Dot: {
      const DotTerms terms = dot_terms(i);
      kernels::dot_forward(r, v, terms.weights.data(), terms.inputs.data(), terms.weights.size(),
                           scratch);
      if (terms.bias != kNoNode) add_to(r, v[terms.bias]);
      return true;
    }
    default:
      return false;
  }
}

template <class T>
void Tape<T>::compute(NodeIndex i, T& scratch) {
  if (compute_inline(i, nodes_.value(i), nodes_.value_data(), scratch)) return;
  static const T zero(0);
  const auto [a, b] = nodes_.operand_pair(i);
  nodes_.value(i) =
      rule<T>(nodes_.op(i)).forward(nodes_.value(a), b == kNoNode ? zero : nodes_.value(b));
}

template <class T>
NodeIndex Tape<T>::derivative(NodeIndex of, NodeIndex wrt) {
  T value = derivative_value(of, wrt);
  ++derivative_nodes_;
  nodes_.next_node_differs();
  return push(Op::Derivative, of, wrt, std::move(value));
}

template <class T>
NodeIndex Tape<T>::derivative(NodeIndex of, NodeIndex wrt, NodeIndex recording) {
  ++derivative_nodes_;
  nodes_.next_node_differs();
  NodeIndex node = push(Op::Derivative, of, wrt, nodes_.value(recording));
  recordings_[node] = recording;
  return node;
}

template <class T>
NodeIndex Tape<T>::recording(NodeIndex i) const {
  if (nodes_.op(i) != Op::Derivative) return kNoNode;
  auto found = recordings_.find(i);
  return found == recordings_.end() ? kNoNode : found->second;
}

template <class T>
const Sensitivities<T>& Tape<T>::swept_from(NodeIndex of) {
  return detail::sweep_kept(*this, of, last_sweep_, [this] { return nodes_.value_data(); });
}

template <class T>
T Tape<T>::derivative_value(NodeIndex of, NodeIndex wrt, NodeIndex* infinite_partial) {
  if (wrt > of) return T(0);
  const Sensitivities<T>& s = swept_from(of);
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
  // The inline ops are defined everywhere: one switch computes them, then the finite check.
  if (!compute_inline(i, nodes_.value(i), nodes_.value_data(), scratch)) return evaluate_other(i);
  if (!is_finite(nodes_.value(i))) return DomainError{i, "the result is not finite"};
  return std::nullopt;
}

template <class T>
template <class Values>
std::optional<DomainError> Tape<T>::evaluate_by_rule(NodeIndex i, T& r, const Values& v,
                                                     bool& written) const {
  static const T zero(0);
  const auto [a, b] = nodes_.operand_pair(i);
  const T& vb = b == kNoNode ? zero : v[b];
  written = false;
  const auto why = rule<T>(nodes_.op(i)).domain(v[a], vb);
  if (!why.empty()) return DomainError{i, why};
  r = rule<T>(nodes_.op(i)).forward(v[a], vb);
  written = true;
  if (!is_finite(r)) return DomainError{i, "the result is not finite"};
  return std::nullopt;
}

template <class T>
std::optional<DomainError> Tape<T>::derivative_error(NodeIndex i, const T& r,
                                                     NodeIndex infinite_partial) const {
  if (is_finite(r)) return std::nullopt;
  // Name the op whose local derivative is infinite (sqrt at 0), not the derivative term.
  if (infinite_partial != kNoNode)
    return DomainError{infinite_partial, "its derivative is not finite here"};
  return DomainError{i, "the derivative is not finite"};
}

template <class T>
std::optional<DomainError> Tape<T>::evaluate_other(NodeIndex i) {
  switch (nodes_.op(i)) {
    case Op::Input:
    case Op::Constant:
      return std::nullopt;
    case Op::Derivative: {
      const NodeIndex recorded = recording(i);
      NodeIndex infinite_partial = kNoNode;
      const Derivative term = differentiated(i);
      nodes_.value(i) = recorded == kNoNode ? derivative_value(term.of, term.wrt, &infinite_partial)
                                            : nodes_.value(recorded);
      return derivative_error(i, nodes_.value(i), infinite_partial);
    }
    default: {
      bool written = false;
      return evaluate_by_rule(i, nodes_.value(i), nodes_.value_data(), written);
    }
  }
}

template <class T>
std::optional<DomainError> Tape<T>::evaluate(NodeIndex first, NodeIndex last) {
  last_sweep_.forget();
  const std::size_t end = last == kNoNode ? nodes_.size() : std::min<std::size_t>(last + 1, size());
  if (first >= end) return std::nullopt;
  if constexpr (kernels::kInRegisters<T>) {
    return evaluate_in_registers(first, static_cast<NodeIndex>(end));
  } else {
    T scratch = nodes_.value(first);  // a copy carries the tape's precision, not today's default
    for (auto i = first; i < end; ++i)
      if (auto error = evaluate_node(i, scratch)) return error;
    return std::nullopt;
  }
}

// The pairs that go on summing products onto the sum at node `i` (z' = z + w·x, the product
// just below the add and z just below the product, as a neuron's Σ wₖ·xₖ comes), with the sum
// in a register, each as a chain's (detail::sum_next_product); leaves `i` at the last add.
template <class T>
std::optional<DomainError> sum_products_on(NodeIndex& i, NodeIndex end, T sum, const Op* ops,
                                           const std::array<NodeIndex, 2>* operands, T* v) {
  while (i + 2 < end && ops[i + 1] == Op::Multiply && ops[i + 2] == Op::Add &&
         operands[i + 2][0] == i && operands[i + 2][1] == i + 1) {
    const auto [a, b] = operands[i + 1];
    if (auto error = detail::sum_next_product(sum, i + 1, a, b, v)) return error;
    i += 2;
  }
  return std::nullopt;
}

// evaluate() for built-in floating types: the arrays through pointers in locals, and a product
// that an Add of the next node sums with (z + w·x, the bulk of a network's nodes) handled in the
// same step, with one dispatch for the two. Every node is still computed, stored and checked in
// order, so the values and the first failing node are evaluate_node()'s.
template <class T>
std::optional<DomainError> Tape<T>::evaluate_in_registers(NodeIndex first, NodeIndex end) {
  const Op* ops = nodes_.op_data();
  const std::array<NodeIndex, 2>* operands = nodes_.operand_data();
  T* v = nodes_.value_data();
  T scratch = 0;
  const auto not_finite = [](NodeIndex i) {
    return std::optional<DomainError>(DomainError{i, "the result is not finite"});
  };
  if (chains_end_ + 2 < size())
    chains_end_ = detail::find_forward_chains(*this, chains_end_, chains_);
  auto chain =
      std::lower_bound(chains_.begin(), chains_.end(), first,
                       [](const detail::ForwardChain& c, NodeIndex n) { return c.first < n; });
  for (NodeIndex i = first; i < end; ++i) {
    if (chain != chains_.end() && chain->first <= i) {
      const NodeIndex top = chain->first + 2 * chain->pairs;
      if (chain->first == i && top < end) {
        const auto terms =
            static_cast<NodeIndex>(chain->pairs == 0 ? dot_terms(i).weights.size() : 0);
        auto error =
            chain->pairs == 0 ? detail::evaluate_dot_in_steps(*chain, terms, operands[i][1], v)
            : chain->products.w == kNoNode ? detail::evaluate_chain<false>(*chain, operands, v)
                                           : detail::evaluate_chain<true>(*chain, operands, v);
        if (error) return error;
        i = top;
        ++chain;
        continue;
      }
      ++chain;
    }
    const auto [a, b] = operands[i];
    switch (ops[i]) {
      case Op::Multiply: {
        const T product = v[a] * v[b];
        v[i] = product;
        if (!is_finite(product)) return not_finite(i);
        const NodeIndex next = i + 1;
        if (next < end && ops[next] == Op::Add && operands[next][1] == i) {
          const T sum = v[operands[next][0]] + product;
          v[next] = sum;
          if (!is_finite(sum)) return not_finite(next);
          i = next;
          if (auto error = sum_products_on(i, end, sum, ops, operands, v)) return error;
        }
        continue;
      }
      case Op::Add:
        v[i] = v[a] + v[b];
        break;
      default:
        if (auto error = evaluate_node(i, scratch)) return error;
        continue;
    }
    if (!is_finite(v[i])) return not_finite(i);
  }
  return std::nullopt;
}

template <class T>
std::optional<DomainError> Tape<T>::evaluate_nodes(std::span<const NodeIndex> nodes) {
  last_sweep_.forget();
  if (nodes.empty()) return std::nullopt;
  T scratch = nodes_.value(nodes.front());
  for (NodeIndex i : nodes)
    if (auto error = evaluate_node(i, scratch)) return error;
  return std::nullopt;
}

#define CHAINRULE_INSTANTIATE_TAPE(T)                                  \
  template class Tape<T>;                                              \
  template void sweep<T>(const Tape<T>&, NodeIndex, Sensitivities<T>&, \
                         std::span<const std::uint8_t>);

}  // namespace chainrule::engine
