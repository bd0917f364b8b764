// The reverse sweep: one backward loop over the tape with a switch over the op.
//
// The ops that make up almost every graph (+, -, *, copy, neg, sigmoid, dot) propagate inline:
// +, -, copy and neg add or subtract the adjoint without multiplying by their partial ±1, and
// products go through one reused scratch value, so an MPFR sweep allocates nothing per node.
// Every other op multiplies by the partial its op-table row defines.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>

#include "engine/dot_kernels.hpp"
#include "engine/number.hpp"
#include "engine/reverse_sweep.hpp"
#include "engine/sweep_plan.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine::detail {

template <class T>
class ReverseSweep {
 public:
  using S = Sensitivities<T>;
  // The scratch values are copies so that they carry the tape's precision, whatever the
  // default precision is today. The partials are taken at `values`, one per node up to `of`
  // (the tape's own by default).
  ReverseSweep(const Tape<T>& tape, S& out, NodeIndex of)
      : ReverseSweep(tape, out, of, tape.values().data()) {}
  ReverseSweep(const Tape<T>& tape, S& out, NodeIndex of, const T* values)
      : tape_(tape),
        out_(out),
        values_(values),
        product_(tape.value(of)),
        partial_(tape.value(of)) {}

  // The general sweep (engine/reverse_sweep.hpp) with this class as its algebra of numbers:
  // barriers, derivative nodes and their Incomplete marks. Nodes below `low` are not swept (a
  // caller that knows nothing there passes anything on).
  void run(NodeIndex of, std::span<const std::uint8_t> barrier, NodeIndex low = 0) {
    barrier_ = barrier;
    reverse_sweep(tape_, of, low, *this);
  }

  // The same sweep for a tape without derivative nodes and no barrier, the plain gradient:
  // every mark is Reached, so a reached operand is marked by a store rather than an or, and the
  // arrays are read through pointers in locals. Same operations in the same order as run().
  // Without kMark the marks are already there (Sensitivities::marked_shape) and none is stored.
  template <bool kMark>
  void run_plain(NodeIndex of) {
    flags_ = Reach::Reached;
    marking_ = kMark;
    const Arrays at = arrays();
    for (NodeIndex i = of + 1; i-- > 0;) {
      if (at.flags[i] == Reach::None) continue;
      i = plain_step<kMark>(i, at);
    }
  }

  // run_plain<false> by a plan of the same tape shape (engine/sweep_plan.hpp): the same
  // operations in the same order, without a mark tested per node, and each chain of sums of
  // products as one loop. The chains' nodes below their tops need no zero beforehand.
  void run_planned(const SweepPlan& plan) {
    flags_ = Reach::Reached;
    marking_ = false;
    const Arrays at = arrays();
    for (const SweepPlan::Run& run : plan.runs) {
      if (run.pairs != 0) {
        sweep_chain(run, at);
        continue;
      }
      if (run.products.w != kNoNode) {
        sweep_dot_in_steps(run.high, run.products, at);
        continue;
      }
      for (NodeIndex i = run.high + 1; i-- > run.low;) i = plain_step<false>(i, at);
    }
  }

 private:
  struct Arrays {
    const Op* ops;
    const std::array<NodeIndex, 2>* operands;
    const T* values;
    T* adjoint;
    Reach* flags;
  };
  Arrays arrays() const {
    return {tape_.nodes_.op_data(), tape_.nodes_.operand_data(), values_, out_.adjoint.data(),
            out_.flags.data()};
  }

  // Node i of run_plain; returns the lowest node it swept (i, or the product it took along).
  template <bool kMark>
  [[gnu::always_inline]] NodeIndex plain_step(NodeIndex i, const Arrays& at) {
    const auto [a, b] = at.operands[i];
    T* adjoint = at.adjoint;
    const T* values = at.values;
    // A double seed in a register (a store to an operand's adjoint could otherwise be a store
    // to it); an MPFR seed by reference, since a copy would allocate.
    using Seed = std::conditional_t<kernels::kInRegisters<T>, const T, const T&>;
    Seed g = adjoint[i];
    const auto mark = [&](NodeIndex n) {  // [&]: flags goes unused when kMark is false
      if constexpr (kMark) at.flags[n] = Reach::Reached;
    };
    switch (at.ops[i]) {
      case Op::Multiply:
        add_scaled(adjoint[a], g, values[b]);
        add_scaled(adjoint[b], g, values[a]);
        mark(a);
        mark(b);
        return i;
      case Op::Add:
        add_to(adjoint[a], g);
        if constexpr (kernels::kInRegisters<T>) {
          // z + w·x with the product just below: sweep it now, with one dispatch for both.
          // Reached through this node, and every other consumer of it lies above: its
          // adjoint is complete, exactly as when the loop comes to it (and it is the sum
          // just stored, kept in a register).
          if (b + 1 == i && at.ops[b] == Op::Multiply) {
            const T gm = adjoint[b] + g;
            adjoint[b] = gm;
            mark(a);
            mark(b);
            const auto [ma, mb] = at.operands[b];
            adjoint[ma] += gm * values[mb];
            adjoint[mb] += gm * values[ma];
            mark(ma);
            mark(mb);
            return b;
          }
        }
        add_to(adjoint[b], g);
        mark(a);
        mark(b);
        return i;
      case Op::Input:
      case Op::Constant:
        return i;
      case Op::Subtract:
        add_to(adjoint[a], g);
        subtract_from(adjoint[b], g);
        mark(a);
        mark(b);
        return i;
      case Op::Copy:
        add_to(adjoint[a], g);
        mark(a);
        return i;
      case Op::Negate:
        subtract_from(adjoint[a], g);
        mark(a);
        return i;
      default:
        propagate(i);  // sigmoid, dot and the op table's ops, as run() does them
        return i;
    }
  }

  // Dot node i of the plan, whose terms go in steps: kernels::dot_reverse, then the bias.
  void sweep_dot_in_steps(NodeIndex i, const ProductOperands& steps, const Arrays& at) {
    T* adjoint = at.adjoint;
    const T* values = at.values;
    using Seed = std::conditional_t<kernels::kInRegisters<T>, const T, const T&>;
    Seed s = adjoint[i];
    const auto terms = static_cast<NodeIndex>(tape_.dot_terms(i).weights.size());
    // Indices in 64 bits, as the loads take them (no zero-extension per term).
    const auto dw = static_cast<std::size_t>(steps.dw), dx = static_cast<std::size_t>(steps.dx);
    std::size_t w = steps.w, x = steps.x;
    for (NodeIndex j = 0; j < terms; ++j, w += dw, x += dx) {
      add_scaled(adjoint[w], s, values[x]);
      add_scaled(adjoint[x], s, values[w]);
    }
    if (const NodeIndex bias = at.operands[i][1]; bias != kNoNode) add_to(adjoint[bias], s);
  }

  // A chain of the plan: each sum and product below its top has one consumer, the add above
  // it, so its adjoint is 0 + its consumer's, which is 0 + g (g the top's adjoint, complete
  // when the loop comes to it): the seed of every product's operands. The one operand below
  // that is not in the chain gets its contribution where run_plain gives it, before the bottom
  // product's operands.
  void sweep_chain(const SweepPlan::Run& run, const Arrays& at) {
    if (run.products.w == kNoNode)
      sweep_chain_with<false>(run, at);
    else
      sweep_chain_with<true>(run, at);
  }

  // kInSteps: the products' operands from run.products, not from the tape.
  template <bool kInSteps>
  [[gnu::always_inline]] void sweep_chain_with(const SweepPlan::Run& run, const Arrays& at) {
    T* adjoint = at.adjoint;
    const T* values = at.values;
    const ProductOperands& steps = run.products;
    const auto sweep_product = [&](NodeIndex j, const T& seed) {
      const auto [w, x] = kInSteps ? steps.factors(j) : widened(at.operands[chain_product(run, j)]);
      add_scaled(adjoint[w], seed, values[x]);
      add_scaled(adjoint[x], seed, values[w]);
    };
    const NodeIndex bottom_add = run.high - 2 * (run.pairs - 1);
    const bool sums_outside = run.low + 2 * run.pairs != run.high;  // the bottom add's a
    if constexpr (kernels::kInRegisters<T>) {
      const T g = adjoint[run.high];
      const T g0 = T(0) + g;
      for (NodeIndex n = run.low; n < run.high; ++n) adjoint[n] = g0;
      for (NodeIndex j = chain_products(run); j-- > 1;) sweep_product(j, g0);
      if (sums_outside) adjoint[at.operands[bottom_add][0]] += run.pairs == 1 ? g : g0;
      sweep_product(0, g0);
    } else {
      // Each node's adjoint copied from its consumer's at its own precision (set_to), top
      // down, and each product seeded with its own: what the general sweep's adds onto zeros
      // leave, whatever the precisions of the adjoints and the values.
      for (NodeIndex n = run.high; n-- > run.low;)
        set_to(adjoint[n], adjoint[chain_consumer(run, n)]);
      for (NodeIndex j = chain_products(run); j-- > 1;)
        sweep_product(j, adjoint[chain_product(run, j)]);
      if (sums_outside) add_to(adjoint[at.operands[bottom_add][0]], adjoint[bottom_add]);
      sweep_product(0, adjoint[chain_product(run, 0)]);
    }
  }

  // acc += g·p: in registers for built-in floating types, through product_ otherwise.
  [[gnu::always_inline]] void add_scaled(T& acc, const T& g, const T& p) {
    if constexpr (kernels::kInRegisters<T>)
      acc += g * p;
    else
      add_product(acc, g, p, product_);
  }

  [[gnu::always_inline]] void pass_adjoint(NodeIndex to, const T& adjoint) {
    add_to(out_.adjoint[to], adjoint);
    out_.flags[to] |= flags_;
  }
  [[gnu::always_inline]] void pass_negated(NodeIndex to, const T& adjoint) {
    subtract_from(out_.adjoint[to], adjoint);
    out_.flags[to] |= flags_;
  }
  [[gnu::always_inline]] void pass_product(NodeIndex to, const T& adjoint, const T& partial) {
    add_product(out_.adjoint[to], adjoint, partial, product_);
    out_.flags[to] |= flags_;
  }

  // Every op the plain loop does not write out: the inline forms, else the op table's rule.
  [[gnu::always_inline]] void propagate(NodeIndex i) {
    if (propagate_inline(i)) return;
    const auto active = tape_.active_operands(i);
    for (std::size_t which = 0; which < active.size(); ++which)
      pass(i, active[which], partial(i, which));
  }

  void propagate_dot(NodeIndex i, const T& adjoint) {
    const auto terms = tape_.dot_terms(i);
    const auto kernel =
        marking_ ? kernels::dot_reverse<true, T, Reach> : kernels::dot_reverse<false, T, Reach>;
    kernel(adjoint, out_.adjoint.data(), out_.flags.data(), flags_, values_, terms.weights.data(),
           terms.inputs.data(), terms.weights.size(), product_);
    if (terms.bias != kNoNode) pass_adjoint(terms.bias, adjoint);
  }

 public:
  // The algebra of numbers, as engine/reverse_sweep.hpp asks for it. The marks say which
  // nodes the seed reaches and whether a derivative node below passed on an Incomplete one.
  [[gnu::always_inline]] bool settle(NodeIndex i) {
    flags_ = out_.flags[i];
    return flags_ != Reach::None;
  }
  [[gnu::always_inline]] bool stops_at(NodeIndex i) const {
    return !barrier_.empty() && barrier_[i];
  }
  [[gnu::always_inline]] bool receives(NodeIndex) const { return true; }
  // A partial of 0 still passes the marks: the operand is reached.
  [[gnu::always_inline]] bool is_zero(const T&) const { return false; }

  // The recording is a copy of the derivative node: the same adjoint.
  void pass_whole(NodeIndex i, NodeIndex recording) { pass_adjoint(recording, out_.adjoint[i]); }

  bool unrecorded(NodeIndex i) {
    if (tape_.is_constant_derivative(i)) return true;  // nothing to pass on, nothing incomplete
    // Its derivative would need second derivatives: mark what it depends on as incomplete.
    for (NodeIndex m : tape_.operands(i)) out_.flags[m] |= Reach::Reached | Reach::Incomplete;
    return true;
  }

  // +, -, copy and neg pass the adjoint without multiplying by ±1; products take the operand
  // values, which are finite whenever evaluate() accepted the tape; sigmoid's r(1 - r) below
  // 0.9 and Dot's kernel. False for the op table's other ops.
  [[gnu::always_inline]] bool propagate_inline(NodeIndex i) {
    const auto [a, b] = tape_.nodes_.operand_pair(i);
    const T& adjoint = out_.adjoint[i];
    switch (tape_.op(i)) {
      case Op::Add:
        pass_adjoint(a, adjoint);
        pass_adjoint(b, adjoint);
        return true;
      case Op::Subtract:
        pass_adjoint(a, adjoint);
        pass_negated(b, adjoint);
        return true;
      case Op::Copy:
        pass_adjoint(a, adjoint);
        return true;
      case Op::Negate:
        pass_negated(a, adjoint);
        return true;
      case Op::Multiply:
        pass_product(a, adjoint, values_[b]);
        pass_product(b, adjoint, values_[a]);
        return true;
      case Op::Sigmoid: {
        // Near 1 the op table's cancellation-free form; r(1 - r) inline below that.
        if (roughly_greater(values_[i], 0.9)) return false;
        static const T one(1);
        subtract_into(product_, one, values_[i]);
        multiply_into(partial_, product_, values_[i]);  // r(1 - r)
        pass_product(a, adjoint, partial_);
        return true;
      }
      case Op::Dot:
        propagate_dot(i, adjoint);
        return true;
      default:
        return false;
    }
  }

  // The op table's partial, in the scratch value (valid until the next call).
  const T& partial(NodeIndex i, std::size_t which) {
    static const T zero(0);
    const auto [a, b] = tape_.nodes_.operand_pair(i);
    const OpRule<T>& r = rule<T>(tape_.op(i));
    const T& va = values_[a];
    const T& vb = b == kNoNode ? zero : values_[b];
    partial_ = which == 0 ? r.partial_a(va, vb, values_[i]) : r.partial_b(va, vb, values_[i]);
    note_partial(i);
    return partial_;
  }

  void pass(NodeIndex i, NodeIndex to, const T& partial) {
    pass_product(to, out_.adjoint[i], partial);
  }

 private:
  void note_partial(NodeIndex i) {
    if (!is_finite(partial_) && out_.nonfinite_partial == kNoNode) out_.nonfinite_partial = i;
  }

  const Tape<T>& tape_;
  S& out_;
  std::span<const std::uint8_t> barrier_;
  const T* values_;
  Reach flags_ = Reach::None;
  bool marking_ = true;  // false: the marks are already there (run_plain<false>)
  T product_;            // scratch for adjoint·partial
  T partial_;            // scratch for a partial computed here
};

}  // namespace chainrule::engine::detail
