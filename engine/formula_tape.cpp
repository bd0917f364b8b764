#include "engine/formula_tape.hpp"
#include "engine/certified.hpp"

#include "engine/reverse_sweep.hpp"

namespace chainrule::engine {

template <class T>
std::string TapeFormulas<T>::name_of(NodeIndex node) const {
  if (tape_.has_name(node)) return std::string(tape_.name(node));
  if (tape_.op(node) == Op::Derivative)
    return "d(" + name_of(tape_.differentiated(node).of) + ")/d(" +
           name_of(tape_.differentiated(node).wrt) + ")";
  return "?";
}

template <class T>
std::string TapeFormulas<T>::latex_of(NodeIndex node) const {
  if (tape_.has_name(node) || tape_.op(node) != Op::Derivative) return latex_name(name_of(node));
  auto part = [&](NodeIndex n) {
    const std::string text = latex_of(n);
    return tape_.has_name(n) ? text : "\\left(" + text + "\\right)";
  };
  const auto term = tape_.differentiated(node);
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
    const bool opaque = tape_.has_name(n) || tape_.is_leaf(n) || tape_.op(n) == Op::Derivative;
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
  if (tape_.op(n) == Op::Derivative) {
    const std::string of = name_of(tape_.differentiated(n).of),
                      wrt = name_of(tape_.differentiated(n).wrt);
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

namespace {

// The algebra of formula terms (engine/reverse_sweep.hpp): an adjoint is a term, and the
// contributions to a node are summed when it is settled, in the order of the nodes they come
// from (lowest first), as a person would write the sum.
template <class T>
class FormulaAdjoints {
 public:
  FormulaAdjoints(TapeFormulas<T>& formulas, NodeIndex low, NodeIndex of,
                  std::vector<std::uint8_t> towards, bool stop_at_names)
      : formulas_(formulas),
        formula_(formulas.formula()),
        low_(low),
        towards_(std::move(towards)),
        stop_at_names_(stop_at_names),
        parts_(of - low + 1),
        result_(of - low + 1, kNoTerm) {
    parts_[of - low].push_back(formula_.number(T(1)));
  }

  std::vector<TermId> result() && { return std::move(result_); }

  bool settle(NodeIndex i) {
    if (!receives(i)) return false;
    auto& parts = parts_[i - low_];
    if (parts.empty()) return false;
    TermId sum = parts.back();
    for (std::size_t k = parts.size() - 1; k-- > 0;) sum = formula_.apply(Op::Add, sum, parts[k]);
    parts.clear();
    result_[i - low_] = sum;
    return true;
  }
  bool stops_at(NodeIndex i) const { return stop_at_names_ && formulas_.tape().has_name(i); }
  bool propagate_inline(NodeIndex) const { return false; }
  bool unrecorded(NodeIndex) const { return false; }  // its derivative has no formula
  bool receives(NodeIndex n) const { return n >= low_ && towards_[n - low_]; }
  TermId partial(NodeIndex i, std::size_t which) { return formulas_.partial(i, which); }
  bool is_zero(TermId partial) const { return formula_.is_number(partial, 0); }
  void pass_whole(NodeIndex i, NodeIndex recording) {
    parts_[recording - low_].push_back(result_[i - low_]);
  }
  void pass(NodeIndex i, NodeIndex to, TermId partial) {
    parts_[to - low_].push_back(formula_.apply(Op::Multiply, result_[i - low_], partial));
  }

 private:
  TapeFormulas<T>& formulas_;
  Formula<T>& formula_;
  NodeIndex low_;
  std::vector<std::uint8_t> towards_;
  bool stop_at_names_;
  std::vector<std::vector<TermId>> parts_;  // contributions not yet summed, per node from low
  std::vector<TermId> result_;
};

}  // namespace

template <class T>
std::optional<std::vector<TermId>> TapeFormulas<T>::adjoints(NodeIndex of, NodeIndex low,
                                                             std::span<const NodeIndex> seeds,
                                                             bool stop_at_names) {
  FormulaAdjoints<T> adjoints(*this, low, of, dependents(tape_, low, of, seeds), stop_at_names);
  // The lowest node passes nothing on (nothing below it was asked about); it is only summed.
  if (!reverse_sweep(tape_, of, low + 1, adjoints)) return std::nullopt;
  adjoints.settle(low);
  return std::move(adjoints).result();
}

template class TapeFormulas<double>;
template class TapeFormulas<Real>;
template class TapeFormulas<Certified>;

}  // namespace chainrule::engine
