// The recorded sweep's templates (engine/taped.hpp), for the files that instantiate them:
// engine/taped.cpp for the command's number types, engine/instantiate_*.cpp for the others.
#pragma once

#include <algorithm>

#include "engine/taped.hpp"

#include "engine/partials.hpp"

namespace chainrule::engine {

namespace detail {

// Appends nodes with the simplifications that keep a recording small: constants folded,
// products with 1 and 0, sums with 0 and powers 1 and 0 left out.
template <class T>
class Recorder {
 public:
  explicit Recorder(Tape<T>& tape) : tape_(tape) {}

  NodeIndex constant(const T& value) { return tape_.constant(value); }
  bool is_constant(NodeIndex n, int value) const {
    return tape_.op(n) == Op::Constant && tape_.value(n) == value;
  }

  NodeIndex apply(Op op, NodeIndex a, NodeIndex b) {
    op = with_operands(op, b != kNoNode && tape_.op(b) == Op::Constant);
    if (rule<T>(op).arity == 1) b = kNoNode;
    const bool constant_b = b == kNoNode || tape_.op(b) == Op::Constant;
    if (tape_.op(a) == Op::Constant && constant_b) {
      const T va = tape_.value(a), vb = b == kNoNode ? T(0) : tape_.value(b);
      if (rule<T>(op).domain(va, vb).empty()) {
        T folded = rule<T>(op).forward(va, vb);
        if (is_finite(folded)) return constant(folded);
      }
    }
    switch (op) {
      case Op::Multiply:
        if (is_constant(a, 1)) return b;
        if (is_constant(b, 1)) return a;
        if (is_constant(a, 0) || is_constant(b, 0)) return constant(T(0));
        break;
      case Op::Add:
        if (is_constant(a, 0)) return b;
        if (is_constant(b, 0)) return a;
        break;
      case Op::Subtract:
        if (is_constant(b, 0)) return a;
        break;
      case Op::Divide:
        if (is_constant(b, 1)) return a;
        break;
      case Op::PowerConstant:
        if (is_constant(b, 1)) return a;
        if (is_constant(b, 0)) return constant(T(1));
        break;
      default:
        break;
    }
    return tape_.apply(op, a, b);
  }

  // The local partial of node i in its operand `which` (an index into operands(i)), as nodes.
  NodeIndex partial(NodeIndex i, std::size_t which) {
    if (tape_.op(i) == Op::Dot) {
      const NodeIndex factor = tape_.dot_factor(i, which);
      return factor == kNoNode ? constant(T(1)) : factor;
    }
    const PartialTemplate& t = partial_template(tape_.op(i), static_cast<int>(which));
    if (t.root < 0) return constant(T(0));
    struct Builder {
      Recorder& recorder;
      NodeIndex a, b, r;
      NodeIndex number(const std::string& literal) {
        return recorder.constant(parse_decimal<T>(literal));
      }
      NodeIndex placeholder(Placeholder p) {
        return p == Placeholder::A ? a : p == Placeholder::B ? b : r;
      }
      NodeIndex apply(Op op, NodeIndex x, NodeIndex y) { return recorder.apply(op, x, y); }
    };
    const auto operands = tape_.operands(i);
    Builder builder{*this, operands[0], operands.size() > 1 ? operands[1] : kNoNode, i};
    return instantiate(t, builder);
  }

 private:
  Tape<T>& tape_;
};

}  // namespace detail

template <class T>
std::vector<std::uint8_t> dependents(const Tape<T>& tape, NodeIndex low, NodeIndex of,
                                     std::span<const NodeIndex> seeds) {
  std::vector<std::uint8_t> towards(of - low + 1, 0);
  for (NodeIndex w : seeds)
    if (w <= of) towards[w - low] = 1;
  auto reaches = [&](NodeIndex n) { return n != kNoNode && n >= low && towards[n - low]; };
  for (NodeIndex i = low + 1; i <= of; ++i) {
    if (towards[i - low] || tape.is_leaf(i) || tape.is_constant_derivative(i)) continue;
    const NodeIndex recorded = tape.expansion(i);
    if (recorded != kNoNode) {
      towards[i - low] = reaches(recorded);
      continue;
    }
    const auto operands = tape.operands(i);
    towards[i - low] = std::any_of(operands.begin(), operands.end(), reaches);
  }
  return towards;
}

template <class T>
std::optional<std::vector<NodeIndex>> record_adjoints(Tape<T>& tape, NodeIndex of,
                                                      std::span<const NodeIndex> wrts) {
  detail::Recorder<T> recorder(tape);
  std::vector<NodeIndex> result(wrts.size(), kNoNode);
  NodeIndex low = of;
  for (NodeIndex w : wrts) low = std::min(low, w);
  const auto towards = dependents(tape, low, of, wrts);
  std::vector<NodeIndex> adjoint(of - low + 1, kNoNode);  // kNoNode: zero
  adjoint[of - low] = recorder.constant(T(1));
  auto accumulate = [&](NodeIndex target, NodeIndex contribution) {
    NodeIndex& slot = adjoint[target - low];
    slot = slot == kNoNode ? contribution : recorder.apply(Op::Add, slot, contribution);
  };
  for (NodeIndex i = of + 1; i-- > low + 1;) {
    const NodeIndex seed = adjoint[i - low];
    if (seed == kNoNode || !towards[i - low] || tape.is_leaf(i)) continue;
    if (tape.op(i) == Op::Sensitivity) {
      const NodeIndex recorded = tape.expansion(i);
      if (recorded == kNoNode) return std::nullopt;
      accumulate(recorded, seed);
      continue;
    }
    // A copy of the list: recording appends nodes, and a Dot node's list may move with them.
    const auto view = tape.active_operands(i);
    const std::vector<NodeIndex> operands(view.begin(), view.end());
    for (std::size_t which = 0; which < operands.size(); ++which) {
      const NodeIndex operand = operands[which];
      if (operand < low || !towards[operand - low]) continue;
      const NodeIndex partial = recorder.partial(i, which);
      if (recorder.is_constant(partial, 0)) continue;
      accumulate(operand, recorder.apply(Op::Multiply, adjoint[i - low], partial));
    }
  }
  for (std::size_t k = 0; k < wrts.size(); ++k) {
    const NodeIndex w = wrts[k];
    result[k] = w <= of && adjoint[w - low] != kNoNode ? adjoint[w - low] : recorder.constant(T(0));
  }
  return result;
}

template <class T>
std::optional<NodeIndex> taped_sensitivity(Tape<T>& tape, NodeIndex of, NodeIndex wrt) {
  const NodeIndex wrts[] = {wrt};
  auto recorded = record_adjoints(tape, of, std::span<const NodeIndex>(wrts));
  if (!recorded) return std::nullopt;
  return tape.sensitivity(of, wrt, recorded->front());
}

}  // namespace chainrule::engine

#define CHAINRULE_INSTANTIATE_TAPED(T)                                                           \
  template std::optional<std::vector<NodeIndex>> record_adjoints<T>(Tape<T>&, NodeIndex,         \
                                                                    std::span<const NodeIndex>); \
  template std::optional<NodeIndex> taped_sensitivity<T>(Tape<T>&, NodeIndex, NodeIndex);        \
  template std::vector<std::uint8_t> dependents<T>(const Tape<T>&, NodeIndex, NodeIndex,         \
                                                   std::span<const NodeIndex>);

