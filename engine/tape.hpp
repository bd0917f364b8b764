// The tape: every node of a computation in one contiguous arena, in creation order.
// Creation order is a topological order (a node's operands always come before it), so
// evaluation is one forward loop and differentiation one backward loop: no recursion, no
// per-node allocation beyond what T itself needs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "engine/certified.hpp"
#include "engine/node_arrays.hpp"
#include "engine/number.hpp"
#include "engine/op.hpp"

namespace chainrule::engine {

// Why evaluating a node failed: `node` is the first node whose operands left its op's domain
// or whose value is not finite.
struct DomainError {
  NodeIndex node = kNoNode;
  std::string_view reason;
};

template <class T>
class Overlay;
template <class T>
struct Sensitivities;

namespace detail {
template <class T>
class ReverseSweep;

// The operands of a chain's products (a neuron's w·x terms), lowest product first: if they go
// up in equal steps, as the weights of one neuron and the outputs of one layer do, product j's
// are w + j·dw and x + j·dx and the loops over the chain need not read them from the tape;
// else w is kNoNode and they are read.
struct ProductOperands {
  NodeIndex w = kNoNode, x = kNoNode;
  std::int32_t dw = 0, dx = 0;
  // Product j's operands, in 64 bits as loads take them (the steps then need no zero-extension).
  std::array<std::size_t, 2> factors(NodeIndex j) const {
    return {w + j * static_cast<std::size_t>(dw), x + j * static_cast<std::size_t>(dx)};
  }
};
inline std::array<std::size_t, 2> widened(const std::array<NodeIndex, 2>& operands) {
  return {operands[0], operands[1]};
}

// A chain of sums of products as evaluate() finds it: the product at `first`, then `pairs`
// (product, add) pairs, each add summing the node two below it and its own product; or, if
// pairs = 0, the Dot node at `first`, whose terms go in steps.
struct ForwardChain {
  NodeIndex first, pairs;
  ProductOperands products;
};

// A sweep from `of` kept while the values it read stay as they were (detail::sweep_kept in
// engine/sweep_choice_impl.hpp): a tape's own (Tape::swept_from) and an overlay's in one
// evaluate_with, so that the derivative nodes d(E)/d(w) of one E share one sweep.
template <class T>
struct KeptSweep {
  NodeIndex of = kNoNode;  // none kept
  Sensitivities<T> sensitivities;
  void forget() { of = kNoNode; }
};
}  // namespace detail

template <class T>
class Tape {
 public:
  Tape() = default;
  Tape(const Tape&) = default;
  Tape& operator=(const Tape&) = default;
  // A moved-from tape is empty, as after clear(), and can be built on again: the defaults would
  // leave it its counts and its kept sweep, over arrays that went with the move.
  Tape(Tape&& other) noexcept;
  Tape& operator=(Tape&& other) noexcept;
  ~Tape() = default;

  NodeIndex input(T value);
  NodeIndex constant(T value);
  // Appends an op over earlier nodes and computes its value at once (without domain checks:
  // evaluate() reports those). For unary ops `b` is ignored. +, −, · and sigmoid of built-in
  // numbers are appended here, inline where the caller builds its graph: an operator-overloading
  // API makes one such node per operator, and a call per node would cost more than the node.
  NodeIndex apply(Op op, NodeIndex a, NodeIndex b = kNoNode) {
    if constexpr (std::is_floating_point_v<T>) {
      if (op == Op::Multiply || op == Op::Add || op == Op::Subtract) {
        const T x = nodes_.value(a), y = nodes_.value(b);
        // x − x is exactly 0, as compute() has it.
        const T value = op == Op::Multiply ? x * y : op == Op::Add ? x + y : a == b ? T(0) : x - y;
        return nodes_.append(op, a, b, value);
      }
      if (op == Op::Sigmoid) {
        T value = 0, scratch = 0;
        sigmoid_into(value, nodes_.value(a), scratch);  // compute()'s own rule
        return nodes_.append(op, a, kNoNode, value);
      }
    }
    return apply_other(op, a, b);
  }
  // Σ weights[k]·inputs[k] (+ bias) as one node: a neuron's whole input sum, the way
  // statement-level tapes (Adept) record one entry per expression instead of one per + and *.
  // Its partials are d/d weights[k] = inputs[k], d/d inputs[k] = weights[k], d/d bias = 1.
  // The spans have the same length, at least 1.
  NodeIndex dot(std::span<const NodeIndex> weights, std::span<const NodeIndex> inputs,
                NodeIndex bias = kNoNode);
  struct DotTerms {
    std::span<const NodeIndex> weights;
    std::span<const NodeIndex> inputs;
    NodeIndex bias;
  };
  // A Dot node's operands() split into its weights, inputs and bias (kNoNode if none).
  DotTerms dot_terms(NodeIndex i) const;
  // The operand that a Dot node's operand k is multiplied by, which is the node's partial in
  // it (wₖ's partner is xₖ and the other way round); kNoNode for the bias, whose partial is 1.
  NodeIndex dot_factor(NodeIndex i, std::size_t k) const;
  // d(of)/d(wrt) as a node of its own, recomputed by a reverse sweep whenever the tape is.
  NodeIndex derivative(NodeIndex of, NodeIndex wrt);
  // d(of)/d(wrt) whose reverse sweep is recorded on the tape as ordinary nodes ending at
  // `recording` (engine/recorded_sweep.hpp records them): the node takes the recording's
  // value, and a sweep passes through it to the recording, so it can be differentiated again.
  NodeIndex derivative(NodeIndex of, NodeIndex wrt, NodeIndex recording);
  // The last node of a derivative node's recorded sweep, or kNoNode when it has none.
  NodeIndex recording(NodeIndex i) const;
  // A derivative node d(A)/d(B) with A made no later than B: A cannot depend on B (creation
  // order is topological order), so its value is the constant 0, or 1 when A is B, whatever
  // the leaves hold, and differentiating it again needs no recorded sweep.
  bool is_constant_derivative(NodeIndex i) const {
    return op(i) == Op::Derivative && differentiated(i).of <= differentiated(i).wrt;
  }
  // Whether any node is a derivative node (derivative()): without them a sweep needs no
  // Incomplete marks and takes its plain loop.
  bool has_derivative_nodes() const { return derivative_nodes_ != 0; }

  // Sets a leaf; call evaluate() afterwards to bring the rest of the graph up to date.
  // Assigned in place: an MPFR leaf keeps its storage.
  void set_value(NodeIndex leaf, const T& value) {
    nodes_.value(leaf) = value;
    last_sweep_.forget();
  }
  // Recomputes nodes first..last in order, leaves excepted (all of them by default). Stops at
  // the first node whose operands are outside its domain or whose value is not finite.
  std::optional<DomainError> evaluate(NodeIndex first = 0, NodeIndex last = kNoNode);
  // Recomputes only these nodes, in the order given (ascending), e.g. the ancestors of a loss.
  std::optional<DomainError> evaluate_nodes(std::span<const NodeIndex> nodes);
  // What set_value(node, value) and evaluate(node + 1, last) would leave in nodes node..last,
  // without writing the tape, so that analyses can try values on a tape they only read: the
  // nodes that depend on `node` are computed into `overlay` by the same rules and stop where
  // evaluate() would stop (later nodes keep the tape's values); every other node is read from
  // the tape. Needs node <= last.
  std::optional<DomainError> evaluate_with(NodeIndex node, const T& value, NodeIndex last,
                                           Overlay<T>& overlay) const;

  // The sweep from `of` at the tape's values (no barrier), kept until a value changes: the
  // derivative nodes d(E)/d(w) of one E for every parameter w (a scaffold's update of each)
  // cost one sweep between them, not one each. Appending nodes keeps it (a sweep reads only
  // nodes up to its seed); set_value, evaluate, evaluate_nodes and clear forget it. The
  // reference is valid until the next call that changes the tape.
  const Sensitivities<T>& swept_from(NodeIndex of);

  std::size_t size() const { return nodes_.size(); }
  std::uint64_t shape_id() const { return nodes_.shape_id(); }
  Op op(NodeIndex i) const { return nodes_.op(i); }
  // The nodes a node is computed from, in order, the one view every analysis reads: none for a
  // leaf; a (and b) for the op table's ops, a^c's constant c included; w₀…wₙ₋₁, x₀…xₙ₋₁ and
  // the bias if it has one for a Dot node; `of` and `wrt` for a derivative node.
  std::span<const NodeIndex> operands(NodeIndex i) const {
    if (nodes_.op(i) == Op::Dot) {
      const NodeIndex* at = dot_operands_.data() + nodes_.operand_pair(i)[0];
      return {at + 1, 2 * std::size_t{*at} + (nodes_.operand_pair(i)[1] != kNoNode)};
    }
    const auto& pair = nodes_.operand_pair(i);
    return {pair.data(), std::size_t{pair[0] != kNoNode} + (pair[1] != kNoNode)};
  }
  // The leading operands() the node is differentiated in: all of them, but only the base of
  // a^c (its exponent is a constant), and none of a derivative node's (a sweep of its own
  // gives its value) or a leaf's.
  std::span<const NodeIndex> active_operands(NodeIndex i) const {
    const Op o = nodes_.op(i);
    if (o == Op::Derivative) return {};
    const auto all = operands(i);
    return o == Op::PowerConstant ? all.first(1) : all;
  }
  // What a derivative node d(of)/d(wrt) differentiates.
  struct Derivative {
    NodeIndex of, wrt;
  };
  Derivative differentiated(NodeIndex i) const {
    return {nodes_.operand_pair(i)[0], nodes_.operand_pair(i)[1]};
  }
  const T& value(NodeIndex i) const { return nodes_.value(i); }
  std::span<const T> values() const { return {nodes_.value_data(), nodes_.size()}; }
  bool is_leaf(NodeIndex i) const {
    return nodes_.op(i) == Op::Input || nodes_.op(i) == Op::Constant;
  }

  // Names cost nothing for the nodes that have none.
  void set_name(NodeIndex i, std::string name) { names_[i] = std::move(name); }
  std::string_view name(NodeIndex i) const;
  bool has_name(NodeIndex i) const { return names_.contains(i); }

  void reserve(std::size_t nodes);
  // Forgets every node but keeps the arrays' capacity, so that building the next graph of the
  // same size does not grow them again (an MPFR value still allocates its own digits). A graph
  // built again node for node, as a training loop rebuilds it at new values, keeps its
  // shape_id() and so the marks and sweep plans made for it (engine/node_arrays.hpp).
  void clear();

 private:
  // The sweep reads the arrays through raw pointers held in locals (engine/sweep_impl.hpp).
  friend class detail::ReverseSweep<T>;

  NodeIndex apply_other(Op op, NodeIndex a, NodeIndex b);
  NodeIndex push(Op op, NodeIndex a, NodeIndex b, T value);
  NodeIndex push_computed(Op op, NodeIndex a, NodeIndex b);
  // Sets node i's value from its operands (no domain check); `scratch` spares temporaries.
  [[gnu::always_inline]] inline void compute(NodeIndex i, T& scratch);
  // compute() for the ops evaluated inline (+, -, *, copy, neg, sigmoid, dot); false for others.
  // `r` gets the result, `v[j]` is node j's value: the tape's own array, or an overlay over it.
  template <class Values>
  [[gnu::always_inline]] inline bool compute_inline(NodeIndex i, T& r, const Values& v,
                                                    T& scratch) const;
  // An op-table op's domain check, then its forward rule into `r`; `written` says whether `r`
  // was assigned (not when the operands are outside the domain).
  template <class Values>
  std::optional<DomainError> evaluate_by_rule(NodeIndex i, T& r, const Values& v,
                                              bool& written) const;
  // Derivative node i's error, if its value `r` is not finite.
  std::optional<DomainError> derivative_error(NodeIndex i, const T& r,
                                              NodeIndex infinite_partial) const;
  [[gnu::always_inline]] inline std::optional<DomainError> evaluate_node(NodeIndex i, T& scratch);
  // evaluate_node for leaves, derivative nodes and the op table's ops, out of the hot loop.
  [[gnu::noinline]] std::optional<DomainError> evaluate_other(NodeIndex i);
  std::optional<DomainError> evaluate_in_registers(NodeIndex first, NodeIndex end);
  // One node of evaluate_with(): the node is known to depend on the overlay's node.
  std::optional<DomainError> evaluate_overlaid(NodeIndex i, Overlay<T>& overlay, T& scratch) const;
  // d(of)/d(wrt) at the tape's values, read from swept_from(of); `infinite_partial`, if
  // given, gets the first node whose local partial on the way was not finite.
  T derivative_value(NodeIndex of, NodeIndex wrt, NodeIndex* infinite_partial = nullptr);

  // Per node its op, its (up to) two operands side by side (one load for both; kNoNode where
  // there is none) and its value. A Dot node's operands are the offset of its operand list in
  // dot_operands_ and its bias.
  detail::NodeArrays<T> nodes_;
  // Dot nodes' operand lists: the term count, the weights, the inputs, then the bias if any.
  std::vector<NodeIndex> dot_operands_;
  std::unordered_map<NodeIndex, std::string> names_;
  std::unordered_map<NodeIndex, NodeIndex> recordings_;  // derivative node -> its recording
  std::size_t derivative_nodes_ = 0;                     // derivative nodes on the tape
  detail::KeptSweep<T> last_sweep_;
  // evaluate()'s chains of sums of products (engine/forward_chains.hpp) among the nodes below
  // chains_end_, for built-in floating types: found once, since nodes never change.
  std::vector<detail::ForwardChain> chains_;
  NodeIndex chains_end_ = 0;
};

// What a sweep learns of a node besides its adjoint, as bits. Deliberately not a character
// type: a store through a uint8_t may alias any object, which would make the sweep reload its
// array pointers and operand indices after every flag it sets.
enum class Reach : std::uint8_t {
  None = 0,
  Reached = 1,     // `of` depends on this node
  Incomplete = 2,  // ... through a derivative node whose own sweep is not recorded
};
constexpr Reach operator|(Reach a, Reach b) {
  return static_cast<Reach>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr Reach& operator|=(Reach& a, Reach b) { return a = a | b; }
constexpr bool has(Reach flags, Reach bit) {
  return (static_cast<std::uint8_t>(flags) & static_cast<std::uint8_t>(bit)) != 0;
}

namespace detail {
// What a plain sweep of one tape shape from one node can know before it starts, found once
// (engine/sweep_plan.hpp) and kept with the marks: the reached nodes as runs swept top-down, so
// that no node's mark is tested, and among them the chains z₁ = w₀·x₀ + w₁·x₁, z₂ = z₁ + w₂·x₂, …
// whose sums and products feed nothing but the next add. Each such node's adjoint is 0 plus
// the top's, so a chain is swept like a Dot node, and its adjoints are stored, not zeroed first.
struct SweepPlan {
  // Nodes high down to low; `pairs` = 0: every one of them reached, swept one by one, or, if
  // products.w is a node, one Dot node (high = low) whose terms go in those steps. Else a
  // chain: `pairs` adds at high, high − 2, …, each with its product just below it, and, if
  // low = high − 2·pairs, the first product; nodes high − 1 down to low have 0 + the top's
  // adjoint.
  struct Run {
    NodeIndex high, low, pairs;
    ProductOperands products;  // of a chain
  };
  std::uint64_t shape = 0;  // Tape::shape_id() it was made for (0: none)
  NodeIndex of = kNoNode;
  std::vector<Run> runs;  // from the top down
};
}  // namespace detail

// The sensitivity (adjoint) of one node to every node below it, from one reverse sweep.
template <class T>
struct Sensitivities {
  NodeIndex of = kNoNode;
  std::vector<T> adjoint;                 // adjoint[i] = d(of)/d(node i), for i <= of
  std::vector<Reach> flags;               // per node
  NodeIndex nonfinite_partial = kNoNode;  // first node whose local partial was not finite
  // Tape::shape_id() of the tape whose plain sweep from `of` left `flags` (0: none). The marks
  // depend on which node uses which, not on values, so sweeping that tape from `of` again
  // keeps them and only adds adjoints: no mark is stored per node.
  std::uint64_t marked_shape = 0;
  detail::SweepPlan plan;  // made by the second plain sweep of the same shape from `of`

  bool depends_on(NodeIndex i) const { return i < flags.size() && has(flags[i], Reach::Reached); }
  bool incomplete(NodeIndex i) const {
    return i < flags.size() && has(flags[i], Reach::Incomplete);
  }
  // By reference, so that reading a gradient copies no MPFR number; 0 past `of`.
  const T& operator[](NodeIndex i) const {
    static const T zero(0);
    return i < adjoint.size() ? adjoint[i] : zero;
  }
};

// A tape's values with one node's value replaced (Tape::evaluate_with): the nodes that depend
// on it are held here, the others read from the tape. Reused from one evaluate_with to the
// next, so that an MPFR value keeps its storage.
template <class T>
class Overlay {
 public:
  const T& value(const Tape<T>& tape, NodeIndex i) const {
    return i >= first_ && i - first_ < changed_.size() && changed_[i - first_] != 0
               ? values_[i - first_]
               : tape.value(i);
  }

 private:
  friend class Tape<T>;
  NodeIndex first_ = kNoNode;
  std::vector<T> values_;              // values_[i - first_], where changed_[i - first_]
  std::vector<std::uint8_t> changed_;  // per node from first_: computed here
  std::vector<T> swept_;               // a derivative node's sweep: every value up to `of`
  detail::KeptSweep<T> kept_;          // the sweep from one `of` in this evaluate_with()
};

// Reverse sweep seeded at `of`. Nodes marked in `barrier` (other than `of`) receive their
// adjoint but pass nothing on: with the named nodes as barriers, the adjoints at named nodes
// are the local partials between named quantities. `out` is reused to spare allocations.
template <class T>
void sweep(const Tape<T>& tape, NodeIndex of, Sensitivities<T>& out,
           std::span<const std::uint8_t> barrier = {});

template <class T>
Sensitivities<T> sweep(const Tape<T>& tape, NodeIndex of) {
  Sensitivities<T> out;
  sweep(tape, of, out);
  return out;
}

// Instantiated once, in engine/instantiate_*.cpp: every number type the README names, and the
// interval type verdicts use. Another T needs engine/tape_impl.hpp included.
#define CHAINRULE_DECLARE_TAPE(T)                                             \
  extern template class Tape<T>;                                              \
  extern template void sweep<T>(const Tape<T>&, NodeIndex, Sensitivities<T>&, \
                                std::span<const std::uint8_t>);
CHAINRULE_DECLARE_TAPE(float)
CHAINRULE_DECLARE_TAPE(double)
CHAINRULE_DECLARE_TAPE(long double)
CHAINRULE_DECLARE_TAPE(Real)
CHAINRULE_DECLARE_TAPE(BinFloat50)
CHAINRULE_DECLARE_TAPE(DecFloat50)
CHAINRULE_DECLARE_TAPE(Certified)
#undef CHAINRULE_DECLARE_TAPE

}  // namespace chainrule::engine
