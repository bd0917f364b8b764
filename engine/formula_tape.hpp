// Formulas for a tape's nodes and derivatives in the names of its named nodes: a node is its
// name if it has one, otherwise its op over its operands' formulas (anonymous nodes are
// written out), and a derivative is a reverse sweep carried out on formulas instead of numbers.
#pragma once

#include <optional>
#include <vector>

#include "engine/formula.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {

template <class T>
class TapeFormulas {
 public:
  explicit TapeFormulas(const Tape<T>& tape) : tape_(tape), value_(tape.size(), kNoTerm) {}

  Formula<T>& formula() { return formula_; }
  const Tape<T>& tape() const { return tape_; }

  // The node as a formula: its name, a constant's value, d(A)/d(B) for an anonymous
  // derivative node, or its op over its operands' formulas.
  TermId value_of(NodeIndex node);

  // d(of)/d(node) as formulas for every node from `low` up to `of` that depends on one of
  // `seeds` (kNoTerm elsewhere): the symbolic reverse sweep seeded at `of`. With
  // `stop_at_names`, named nodes other than `of` pass nothing on, so their entries are the
  // local partials of `of` between named nodes. nullopt when the sweep would pass a derivative
  // node whose own sweep is not recorded.
  std::optional<std::vector<TermId>> adjoints(NodeIndex of, NodeIndex low,
                                              std::span<const NodeIndex> seeds, bool stop_at_names);

  // How a node is written in a derivative term: its name, or d(A)/d(B) for a derivative node.
  std::string name_of(NodeIndex node) const;
  // The same in LaTeX: latex_name of its name, or \frac{\partial A}{\partial B} for a
  // derivative node, a derivative of a derivative in parentheses (never a name with a '/' in
  // it, whose underscores LaTeX would read as subscripts).
  std::string latex_of(NodeIndex node) const;

  // The local partial of node i in its operand `which` (an index into its operands()).
  TermId partial(NodeIndex i, std::size_t which);

 private:
  TermId build(NodeIndex node);

  const Tape<T>& tape_;
  Formula<T> formula_;
  std::vector<TermId> value_;  // memo per node
};

}  // namespace chainrule::engine
