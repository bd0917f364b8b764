// The recorded sweep's templates (engine/recorded_sweep.hpp), for the files that instantiate them:
// engine/recorded_sweep.cpp for the command's number types, engine/instantiate_*.cpp for the
// others.
#pragma once

#include <algorithm>

#include "engine/recorded_sweep.hpp"

#include "engine/partials.hpp"
#include "engine/reverse_sweep.hpp"

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

namespace detail {

// The algebra of recorded nodes (engine/reverse_sweep.hpp): an adjoint is a node of the tape,
// kNoNode while it is zero, and every product and sum the sweep forms is appended as a node.
template <class T>
class RecordedAdjoints {
 public:
  RecordedAdjoints(Tape<T>& tape, NodeIndex low, NodeIndex of, std::vector<std::uint8_t> towards)
      : recorder_(tape), low_(low), towards_(std::move(towards)), adjoint_(of - low + 1, kNoNode) {
    adjoint_[of - low] = recorder_.constant(T(1));
  }

  // d(of)/d(node), a constant 0 where nothing was passed to it.
  NodeIndex adjoint(NodeIndex node) {
    const NodeIndex recorded = adjoint_[node - low_];
    return recorded != kNoNode ? recorded : recorder_.constant(T(0));
  }

  bool settle(NodeIndex i) const { return receives(i) && adjoint_[i - low_] != kNoNode; }
  bool stops_at(NodeIndex) const { return false; }
  bool propagate_inline(NodeIndex) const { return false; }
  bool unrecorded(NodeIndex) const { return false; }  // its derivative is not on the tape
  bool receives(NodeIndex n) const { return n >= low_ && towards_[n - low_]; }
  NodeIndex partial(NodeIndex i, std::size_t which) { return recorder_.partial(i, which); }
  bool is_zero(NodeIndex partial) const { return recorder_.is_constant(partial, 0); }
  void pass_whole(NodeIndex i, NodeIndex recording) { accumulate(recording, adjoint_[i - low_]); }
  void pass(NodeIndex i, NodeIndex to, NodeIndex partial) {
    accumulate(to, recorder_.apply(Op::Multiply, adjoint_[i - low_], partial));
  }

 private:
  void accumulate(NodeIndex to, NodeIndex contribution) {
    NodeIndex& slot = adjoint_[to - low_];
    slot = slot == kNoNode ? contribution : recorder_.apply(Op::Add, slot, contribution);
  }

  Recorder<T> recorder_;
  NodeIndex low_;
  std::vector<std::uint8_t> towards_;
  std::vector<NodeIndex> adjoint_;  // per node from low up
};

}  // namespace detail

template <class T>
std::optional<std::vector<NodeIndex>> record_adjoints(Tape<T>& tape, NodeIndex of,
                                                      std::span<const NodeIndex> wrts) {
  NodeIndex low = of;
  for (NodeIndex w : wrts) low = std::min(low, w);
  detail::RecordedAdjoints<T> adjoints(tape, low, of, dependents(tape, low, of, wrts));
  // The lowest node passes nothing on: nothing below it was asked about.
  if (!reverse_sweep(tape, of, low + 1, adjoints)) return std::nullopt;
  std::vector<NodeIndex> result;
  result.reserve(wrts.size());
  for (NodeIndex w : wrts) result.push_back(w <= of ? adjoints.adjoint(w) : tape.constant(T(0)));
  return result;
}

template <class T>
std::optional<NodeIndex> record_derivative(Tape<T>& tape, NodeIndex of, NodeIndex wrt) {
  const NodeIndex wrts[] = {wrt};
  auto recorded = record_adjoints(tape, of, std::span<const NodeIndex>(wrts));
  if (!recorded) return std::nullopt;
  return tape.derivative(of, wrt, recorded->front());
}

}  // namespace chainrule::engine

#define CHAINRULE_INSTANTIATE_RECORDED_SWEEP(T)                                                  \
  template std::optional<std::vector<NodeIndex>> record_adjoints<T>(Tape<T>&, NodeIndex,         \
                                                                    std::span<const NodeIndex>); \
  template std::optional<NodeIndex> record_derivative<T>(Tape<T>&, NodeIndex, NodeIndex);
