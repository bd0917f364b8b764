// evaluate()'s chains of sums of products (detail::ForwardChain in engine/tape.hpp) for
// built-in floating types: z₁ = w₀·x₀ + w₁·x₁, z₂ = z₁ + w₂·x₂, …, a neuron's input sum as binary
// nodes make it. Found once per node (nodes never change once appended), then each chain is
// one loop with the sum in a register and, when the products' operands go up in equal steps,
// no operand read from the tape. Every node is still computed, stored and checked in order.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "engine/number.hpp"
#include "engine/op.hpp"
#include "engine/sweep_plan.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine::detail {

// Whether node `add` is an add of the two nodes just below it, the second a product.
template <class T>
bool adds_sum_and_product(const Tape<T>& tape, NodeIndex add) {
  if (tape.op(add) != Op::Add || tape.op(add - 1) != Op::Multiply) return false;
  const auto operands = tape.operands(add);
  return operands[0] == add - 2 && operands[1] == add - 1;
}

// Appends the chains that start in nodes from..end of `tape`; returns the first node not
// looked at (a chain may start there once more nodes are appended).
template <class T>
NodeIndex find_forward_chains(const Tape<T>& tape, NodeIndex from,
                              std::vector<ForwardChain>& chains) {
  const auto end = static_cast<NodeIndex>(tape.size());
  NodeIndex i = from;
  while (i + 2 < end) {
    if (tape.op(i) == Op::Dot) {
      if (const ProductOperands terms = dot_in_steps(tape, i); terms.w != kNoNode)
        chains.push_back({i, 0, terms});
      ++i;
      continue;
    }
    if (tape.op(i) != Op::Multiply || !adds_sum_and_product(tape, i + 2)) {
      ++i;
      continue;
    }
    NodeIndex pairs = 1;
    while (i + 2 * pairs + 2 < end && adds_sum_and_product(tape, i + 2 * pairs + 2)) ++pairs;
    const auto product = [i](NodeIndex j) { return j == 0 ? i : i + 2 * j - 1; };
    chains.push_back({i, pairs, operands_in_steps(tape, pairs + 1, product)});
    i += 2 * pairs + 1;
  }
  return i;
}

// One (product, add) pair of a chain, as evaluate() computes the two nodes: v[w]·v[x] stored at
// `product`, sum + it at product + 1, which becomes the sum. Only the sum is checked: a
// product that is not finite makes its sum so, and is then named first, with the sum not
// stored, as evaluating node by node stops at the product.
template <class T>
[[gnu::always_inline]] inline std::optional<DomainError> sum_next_product(T& sum, NodeIndex product,
                                                                          std::size_t w,
                                                                          std::size_t x, T* v) {
  const T term = v[w] * v[x];
  v[product] = term;
  const T next = sum + term;
  if (!is_finite(next)) {
    if (!is_finite(term)) return DomainError{product, "the result is not finite"};
    v[product + 1] = next;
    return DomainError{product + 1, "the result is not finite"};
  }
  v[product + 1] = next;
  sum = next;
  return std::nullopt;
}

// Evaluates a chain as evaluate() does node by node: each product, then its sum, stored and
// checked in order (sum_next_product). kInSteps: the products' operands from chain.products,
// not from `operands`.
template <bool kInSteps, class T>
std::optional<DomainError> evaluate_chain(const ForwardChain& chain,
                                          const std::array<NodeIndex, 2>* operands, T* v) {
  const ProductOperands& steps = chain.products;
  const auto factors = [&](NodeIndex j, NodeIndex product) {
    return kInSteps ? steps.factors(j) : widened(operands[product]);
  };
  const NodeIndex first = chain.first;
  const auto [w0, x0] = factors(0, first);
  T sum = v[w0] * v[x0];
  v[first] = sum;
  if (!is_finite(sum)) return DomainError{first, "the result is not finite"};
  for (NodeIndex j = 1; j <= chain.pairs; ++j) {
    const NodeIndex product = first + 2 * j - 1;
    const auto [w, x] = factors(j, product);
    if (auto error = sum_next_product(sum, product, w, x, v)) return error;
  }
  return std::nullopt;
}

// Σ wⱼ·xⱼ (+ bias) of a Dot node whose terms go in steps, as kernels::dot_forward and the
// bias's add_to compute it, then stored and checked.
template <class T>
std::optional<DomainError> evaluate_dot_in_steps(const ForwardChain& dot, NodeIndex terms,
                                                 NodeIndex bias, T* v) {
  const ProductOperands& steps = dot.products;
  // Indices in 64 bits, as the loads take them (no zero-extension per term).
  const auto dw = static_cast<std::size_t>(steps.dw), dx = static_cast<std::size_t>(steps.dx);
  std::size_t w = steps.w, x = steps.x;
  T sum = v[w] * v[x];
  for (NodeIndex j = 1; j < terms; ++j) {
    w += dw;
    x += dx;
    sum += v[w] * v[x];
  }
  if (bias != kNoNode) sum += v[bias];
  v[dot.first] = sum;
  if (!is_finite(sum)) return DomainError{dot.first, "the result is not finite"};
  return std::nullopt;
}

}  // namespace chainrule::engine::detail
