// Finding a plain sweep's plan (detail::SweepPlan in engine/tape.hpp) from the marks a sweep
// left: which node is reached depends only on which node uses which, so the plan holds for
// every later sweep of the same tape shape from the same node, whatever the values.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/op.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine::detail {

// How many adjoint contributions each node up to `of` receives in a sweep from `of`, capped at
// 2: one per operand of a reached node (all operands, the exponent of a^c included, so that a
// count can be too high but never too low; too high only loses a chain).
template <class T>
std::vector<std::uint8_t> count_contributions(const Tape<T>& tape, NodeIndex of,
                                              const std::vector<Reach>& flags) {
  std::vector<std::uint8_t> uses(std::size_t{of} + 1, 0);
  for (NodeIndex c = 0; c <= of; ++c) {
    if (flags[c] == Reach::None) continue;
    for (const NodeIndex n : tape.operands(c))
      if (uses[n] < 2) ++uses[n];
  }
  return uses;
}

// Whether `add` sums the product just below it, which nothing else uses: the product's adjoint
// is then 0 plus the add's.
template <class T>
bool sums_own_product(const Tape<T>& tape, NodeIndex add, const std::vector<std::uint8_t>& uses) {
  if (add == 0 || tape.op(add) != Op::Add) return false;
  const NodeIndex product = add - 1;
  return tape.operands(add)[1] == product && tape.op(product) == Op::Multiply && uses[product] == 1;
}

// The chain whose top add is `top` (pairs = 0 if there is none).
template <class T>
SweepPlan::Run chain_at(const Tape<T>& tape, NodeIndex top, const std::vector<std::uint8_t>& uses) {
  if (!sums_own_product(tape, top, uses)) return {top, top, 0, {}};
  NodeIndex add = top, pairs = 1;
  for (;;) {
    const NodeIndex below = tape.operands(add)[0];  // the sum so far, if the chain goes on
    if (below + 2 != add || uses[below] != 1) return {top, add - 1, pairs, {}};
    if (tape.op(below) == Op::Multiply) return {top, below, pairs, {}};  // the first product
    if (!sums_own_product(tape, below, uses)) return {top, add - 1, pairs, {}};
    add = below;
    ++pairs;
  }
}

// The operands of `count` products, factors(j) those of the j-th from the lowest, if they go
// up in equal steps (ProductOperands).
template <class Factors>
ProductOperands factors_in_steps(NodeIndex count, Factors factors) {
  const std::array<NodeIndex, 2> first = factors(0);
  if (count < 2) return {first[0], first[1], 0, 0};
  const std::array<NodeIndex, 2> second = factors(1);
  const std::int64_t dw = std::int64_t{second[0]} - first[0],
                     dx = std::int64_t{second[1]} - first[1];
  if (dw != static_cast<std::int32_t>(dw) || dx != static_cast<std::int32_t>(dx)) return {};
  for (NodeIndex j = 2; j < count; ++j) {
    const std::array<NodeIndex, 2> here = factors(j);
    if (here[0] != first[0] + j * dw || here[1] != first[1] + j * dx) return {};
  }
  return {first[0], first[1], static_cast<std::int32_t>(dw), static_cast<std::int32_t>(dx)};
}

// The same for products that are nodes, product(j) the j-th from the lowest.
template <class T, class Product>
ProductOperands operands_in_steps(const Tape<T>& tape, NodeIndex count, Product product) {
  return factors_in_steps(count, [&](NodeIndex j) {
    const auto operands = tape.operands(product(j));
    return std::array<NodeIndex, 2>{operands[0], operands[1]};
  });
}

// The same for the terms wⱼ·xⱼ of Dot node i.
template <class T>
ProductOperands dot_in_steps(const Tape<T>& tape, NodeIndex i) {
  const auto terms = tape.dot_terms(i);
  return factors_in_steps(static_cast<NodeIndex>(terms.weights.size()), [&](NodeIndex j) {
    return std::array<NodeIndex, 2>{terms.weights[j], terms.inputs[j]};
  });
}

// The j-th lowest product of a chain of the plan, and how many it has.
inline NodeIndex chain_product(const SweepPlan::Run& chain, NodeIndex j) {
  const bool first_product = chain.low + 2 * chain.pairs == chain.high;
  return j == 0 ? chain.low : chain.low + 2 * j - (first_product ? 1 : 0);
}
inline NodeIndex chain_products(const SweepPlan::Run& chain) {
  return chain.pairs + (chain.low + 2 * chain.pairs == chain.high ? 1 : 0);
}
// The add that chain node n (low <= n < high) feeds: the add just above a product, the next add
// above a sum.
inline NodeIndex chain_consumer(const SweepPlan::Run& chain, NodeIndex n) {
  return chain.high - 2 * ((chain.high - n - 1) / 2);
}

// The plan of a plain sweep from `of` whose marks are `flags`.
template <class T>
void make_plan(const Tape<T>& tape, NodeIndex of, const std::vector<Reach>& flags,
               SweepPlan& plan) {
  const std::vector<std::uint8_t> uses = count_contributions(tape, of, flags);
  plan.runs.clear();
  bool in_run = false;  // whether plan.runs.back() is a run of single nodes that i may extend
  for (NodeIndex i = of + 1; i-- > 0;) {
    if (flags[i] == Reach::None) {
      in_run = false;
      continue;
    }
    if (tape.op(i) == Op::Dot) {
      if (const ProductOperands terms = dot_in_steps(tape, i); terms.w != kNoNode) {
        plan.runs.push_back({i, i, 0, terms});  // a Dot node whose terms go in steps
        in_run = false;
        continue;
      }
    }
    SweepPlan::Run chain = chain_at(tape, i, uses);
    if (chain.pairs != 0) {
      chain.products = operands_in_steps(tape, chain_products(chain),
                                         [&](NodeIndex j) { return chain_product(chain, j); });
      plan.runs.push_back(chain);
      in_run = false;
      i = chain.low;
    } else if (in_run) {
      plan.runs.back().low = i;
    } else {
      plan.runs.push_back({i, i, 0, {}});
      in_run = true;
    }
  }
  plan.shape = tape.shape_id();
  plan.of = of;
}

}  // namespace chainrule::engine::detail
