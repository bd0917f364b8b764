// The reverse sweep, once, over any algebra of adjoints. Three algebras use it:
// - numbers (engine/sweep_impl.hpp): gradients, with a plain fast path of its own beside it;
// - recorded nodes (engine/recorded_sweep_impl.hpp): a sweep written onto the tape, for
//   second derivatives;
// - formula terms (engine/formula_tape.cpp): symbolic derivatives for explain and formula.
// The sweep owns the order (from `of` down, creation order being topological order), which
// nodes pass anything on and to which operands; the algebra owns what an adjoint is, what a
// local partial is, and how contributions add up, as autodiff pairs propagate with propagatex.
//
// An algebra provides:
//   bool settle(NodeIndex i)             i's adjoint is complete (every node above has passed
//                                        its share): whether i has one to pass on
//   bool stops_at(NodeIndex i)           i (not `of`) passes nothing on: a barrier, a name
//   void pass_whole(NodeIndex i, NodeIndex recording)
//                                        a derivative node hands its adjoint unchanged to the
//                                        last node of its recorded sweep
//   bool unrecorded(NodeIndex i)         a derivative node without a recorded sweep was
//                                        reached: false ends the sweep as a failure
//   bool propagate_inline(NodeIndex i)   the algebra's own form for this node's op, true when
//                                        it passed everything (numbers: +, -, ·, sigmoid, Dot)
//   bool receives(NodeIndex operand)     the operand is one the caller asked about
//   Partial partial(NodeIndex i, std::size_t which)
//                                        ∂i/∂(its active operand `which`)
//   bool is_zero(const Partial&)         a partial known to be 0 passes nothing
//   void pass(NodeIndex i, NodeIndex to, const Partial&)
//                                        to's adjoint += i's adjoint · partial
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/tape.hpp"

namespace chainrule::engine {

// Sweeps nodes of..lowest (from the top), each passing its adjoint on; nodes below `lowest`
// only receive. False when the algebra refused a derivative node without a recorded sweep.
template <class T, class Algebra>
[[gnu::always_inline]] inline bool reverse_sweep(const Tape<T>& tape, NodeIndex of,
                                                 NodeIndex lowest, Algebra& algebra) {
  // A copy of each node's operands: an algebra that records appends nodes, and a Dot node's
  // list may move with them. One buffer for the whole sweep.
  std::vector<NodeIndex> operands;
  for (NodeIndex i = of + 1; i-- > lowest;) {
    if (!algebra.settle(i)) continue;
    if (tape.is_leaf(i) || (i != of && algebra.stops_at(i))) continue;
    if (tape.op(i) == Op::Derivative) {
      if (const NodeIndex recording = tape.recording(i); recording != kNoNode)
        algebra.pass_whole(i, recording);
      else if (!algebra.unrecorded(i))
        return false;
      continue;
    }
    if (algebra.propagate_inline(i)) continue;
    const auto active = tape.active_operands(i);
    operands.assign(active.begin(), active.end());
    for (std::size_t which = 0; which < operands.size(); ++which) {
      const NodeIndex operand = operands[which];
      if (!algebra.receives(operand)) continue;
      const auto partial = algebra.partial(i, which);
      if (algebra.is_zero(partial)) continue;
      algebra.pass(i, operand, partial);
    }
  }
  return true;
}

// What a derivative node without a recorded sweep counts as depending on.
enum class Unrecorded {
  OnItsOperands,  // what d(A)/d(B)'s A and B depend on: a sweep through it is then refused
  OnNothing,      // nothing: chain-rule paths do not go through it
};

// towards[i - low] for low <= i <= of: node i depends on one of `seeds`. A derivative node
// depends on what its recorded sweep does; a constant one (engine/tape.hpp) on nothing.
template <class T>
std::vector<std::uint8_t> dependents(const Tape<T>& tape, NodeIndex low, NodeIndex of,
                                     std::span<const NodeIndex> seeds,
                                     Unrecorded unrecorded = Unrecorded::OnItsOperands) {
  std::vector<std::uint8_t> towards(of - low + 1, 0);
  for (NodeIndex w : seeds)
    if (w >= low && w <= of) towards[w - low] = 1;
  auto reaches = [&](NodeIndex n) { return n != kNoNode && n >= low && towards[n - low]; };
  for (NodeIndex i = low + 1; i <= of; ++i) {
    if (towards[i - low] || tape.is_leaf(i) || tape.is_constant_derivative(i)) continue;
    if (tape.op(i) == Op::Derivative) {
      const NodeIndex recording = tape.recording(i);
      if (recording != kNoNode || unrecorded == Unrecorded::OnNothing) {
        towards[i - low] = reaches(recording);
        continue;
      }
    }
    const auto operands = tape.operands(i);
    towards[i - low] = std::any_of(operands.begin(), operands.end(), reaches);
  }
  return towards;
}

}  // namespace chainrule::engine
