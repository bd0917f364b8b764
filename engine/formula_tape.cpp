#include "engine/formula_tape.hpp"
#include "engine/certified.hpp"

#include "engine/taped.hpp"

namespace chainrule::engine {

template <class T>
std::string TapeFormulas<T>::name_of(NodeIndex node) const {
  if (tape_.has_name(node)) return std::string(tape_.name(node));
  if (tape_.op(node) == Op::Sensitivity)
    return "d(" + name_of(tape_.derivative(node).of) + ")/d(" +
           name_of(tape_.derivative(node).wrt) + ")";
  return "?";
}

template <class T>
std::string TapeFormulas<T>::latex_of(NodeIndex node) const {
  if (tape_.has_name(node) || tape_.op(node) != Op::Sensitivity) return latex_name(name_of(node));
  auto part = [&](NodeIndex n) {
    const std::string text = latex_of(n);
    return tape_.has_name(n) ? text : "\\left(" + text + "\\right)";
  };
  const auto term = tape_.derivative(node);
  return "\\frac{\\partial " + part(term.of) + "}{\\partial " + part(term.wrt) + "}";
}

template <class T>
TermId TapeFormulas<T>::value_of(NodeIndex node) {
  // Operands first, with an explicit stack: anonymous chains (a substituted copy of a whole
  // network) can be far deeper than recursion should go.
  std::vector<NodeIndex> pending{node};
  while (!pending.empty()) {
    const NodeIndex n = pending.back();
    if (value_[n] != kNoTerm) {
      pending.pop_back();
      continue;
    }
    const bool opaque = tape_.has_name(n) || tape_.is_leaf(n) || tape_.op(n) == Op::Sensitivity;
    bool ready = true;
    if (!opaque) {
      for (NodeIndex operand : tape_.operands(n)) {
        if (value_[operand] == kNoTerm) {
          pending.push_back(operand);
          ready = false;
        }
      }
    }
    if (!ready) continue;
    value_[n] = build(n);
    pending.pop_back();
  }
  return value_[node];
}

template <class T>
TermId TapeFormulas<T>::build(NodeIndex n) {
  if (tape_.has_name(n)) return formula_.symbol(std::string(tape_.name(n)));
  if (tape_.is_leaf(n)) return formula_.number(tape_.value(n));
  if (tape_.op(n) == Op::Sensitivity) {
    const std::string of = name_of(tape_.derivative(n).of), wrt = name_of(tape_.derivative(n).wrt);
    return formula_.symbol("d(" + of + ")/d(" + wrt + ")", latex_of(n));
  }
  if (tape_.op(n) == Op::Dot) {
    // w₀·x₀ + w₁·x₁ + … + bias, summed in the order the node sums, as the binary nodes of the
    // same sum would be written.
    const auto terms = tape_.dot_terms(n);
    TermId sum = kNoTerm;
    for (std::size_t k = 0; k < terms.weights.size(); ++k) {
      const TermId product =
          formula_.apply(Op::Multiply, value_[terms.weights[k]], value_[terms.inputs[k]]);
      sum = sum == kNoTerm ? product : formula_.apply(Op::Add, sum, product);
    }
    return terms.bias == kNoNode ? sum : formula_.apply(Op::Add, sum, value_[terms.bias]);
  }
  const auto operands = tape_.operands(n);
  return formula_.apply(tape_.op(n), value_[operands[0]],
                        operands.size() > 1 ? value_[operands[1]] : kNoTerm);
}

template <class T>
TermId TapeFormulas<T>::partial(NodeIndex i, std::size_t which) {
  if (tape_.op(i) == Op::Dot) {
    const NodeIndex factor = tape_.dot_factor(i, which);
    return factor == kNoNode ? formula_.number(T(1)) : value_of(factor);
  }
  const auto operands = tape_.operands(i);
  const NodeIndex b = operands.size() > 1 ? operands[1] : kNoNode;
  return formula_.partial(tape_.op(i), static_cast<int>(which), value_of(operands[0]),
                          b == kNoNode ? kNoTerm : value_of(b), value_of(i));
}

template <class T>
std::optional<std::vector<TermId>> TapeFormulas<T>::adjoints(NodeIndex of, NodeIndex low,
                                                             std::span<const NodeIndex> seeds,
                                                             bool stop_at_names) {
  const auto towards = dependents(tape_, low, of, seeds);
  // Contributions to each node, summed when the node is reached, in the order of the nodes
  // they come from (lowest first), as a person would write the sum.
  std::vector<std::vector<TermId>> parts(of - low + 1);
  std::vector<TermId> result(of - low + 1, kNoTerm);
  parts[of - low].push_back(formula_.number(T(1)));
  auto total = [&](NodeIndex i) {
    auto& p = parts[i - low];
    if (p.empty()) return kNoTerm;
    TermId sum = p.back();
    for (std::size_t k = p.size() - 1; k-- > 0;) sum = formula_.apply(Op::Add, sum, p[k]);
    p.clear();
    return sum;
  };
  for (NodeIndex i = of + 1; i-- > low;) {
    if (!towards[i - low]) continue;
    const TermId adjoint = result[i - low] = total(i);
    if (adjoint == kNoTerm || i == low || tape_.is_leaf(i)) continue;
    if (stop_at_names && i != of && tape_.has_name(i)) continue;
    if (tape_.op(i) == Op::Sensitivity) {
      const NodeIndex recorded = tape_.expansion(i);
      if (recorded == kNoNode) return std::nullopt;
      parts[recorded - low].push_back(adjoint);
      continue;
    }
    const auto operands = tape_.active_operands(i);
    for (std::size_t which = 0; which < operands.size(); ++which) {
      const NodeIndex operand = operands[which];
      if (operand < low || !towards[operand - low]) continue;
      const TermId partial = this->partial(i, which);
      if (formula_.is_number(partial, 0)) continue;
      parts[operand - low].push_back(formula_.apply(Op::Multiply, adjoint, partial));
    }
  }
  return result;
}

template class TapeFormulas<double>;
template class TapeFormulas<Real>;
template class TapeFormulas<Certified>;

}  // namespace chainrule::engine
