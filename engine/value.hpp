// The natural way to build a graph in C++: `Value` handles with operators and functions, in
// the spirit of micrograd's Value and autodiff's var, recorded on an engine Tape.
//
//   Graph<Real> g;                               // owns one tape; copies share it
//   Value<Real> x = g.input("x", "0.03");        // decimal text, read exactly
//   Value<Real> w = g.input("w", "0.11"), b = g.input("b", "0.39");
//   Value<Real> out = sigmoid(x * w + b).named("out");
//   Gradient<Real> d = gradient(out);            // one reverse sweep
//   d[w];                                        // d(out)/dw
//   x.set("0.04");                               // new leaf value, same graph
//   out.value();                                 // recomputed on demand: never stale
//
// Every handle is a node index plus a shared pointer to its graph, so values outlive nothing
// they need. Reads (value, gradient, derivative, tape) first re-evaluate whatever a set()
// changed, from the lowest leaf set onward; a value or gradient never mixes old and new leaves.
// A domain error (log of 0, a number that overflows) throws std::domain_error naming the node,
// when the node is built and on every read until a leaf is set back into the domain.
//
// For speed, build on the tape itself (Tape::dot for a neuron's sum) inside edit_tape(), and
// wrap() the nodes you want as handles; tests/test_value.cpp shows both.
#pragma once

#include <algorithm>
#include <memory>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/number.hpp"
#include "engine/op.hpp"
#include "engine/recorded_sweep.hpp"
#include "engine/tape.hpp"

namespace chainrule::engine {

template <class T = Real>
class Graph;
template <class T = Real>
class Value;
template <class T = Real>
class Gradient;

namespace detail {

// What every handle of one graph shares: the tape, the names, and what is out of date.
template <class T>
struct GraphState {
  Tape<T> tape;
  NodeIndex stale_from = kNoNode;  // lowest node whose dependents are out of date
  std::unordered_map<std::string, NodeIndex> by_name;

  std::string describe(NodeIndex i) const {
    return tape.has_name(i) ? "'" + std::string(tape.name(i)) + "'" : "node " + std::to_string(i);
  }
  void refresh() {
    if (stale_from == kNoNode) return;
    if (auto error = tape.evaluate(stale_from)) {
      stale_from = error->node;  // stays stale: every read throws until the input is mended
      throw std::domain_error("evaluating " + describe(error->node) + ": " +
                              std::string(error->reason));
    }
    stale_from = kNoNode;
  }
  // Checks the domain and the result before recording, so a failed op leaves no node behind.
  NodeIndex apply(Op op, NodeIndex a, NodeIndex b) {
    refresh();
    const OpRule<T>& r = rule<T>(op);
    const T& va = tape.value(a);
    const T vb = b == kNoNode ? T(0) : tape.value(b);
    if (auto why = r.domain(va, vb); !why.empty())
      throw std::domain_error(std::string(r.name) + " of " + describe(a) + ": " + std::string(why));
    if (!is_finite(r.forward(va, vb)))
      throw std::domain_error(std::string(r.name) + " of " + describe(a) + " is not finite");
    return tape.apply(op, a, b);
  }
  void name(NodeIndex i, std::string name) {
    auto [at, added] = by_name.emplace(name, i);
    if (!added && at->second != i)
      throw std::invalid_argument("'" + name + "' already names another node of this graph");
    tape.set_name(i, std::move(name));
  }
};

}  // namespace detail

template <class T>
class Value {
 public:
  Value() = default;  // belongs to no graph until assigned; using it throws std::logic_error

  // The node's value at the current leaf values (re-evaluated first if a leaf was set).
  T value() const {
    state().refresh();
    return state().tape.value(node_);
  }
  // A new value for a leaf made by Graph::input; the graph's reads re-evaluate from here.
  void set(const T& value);
  // Decimal text, read exactly. (A literal binds to the array overload, so set(0) stays a number.)
  template <std::size_t N>
  void set(const char (&decimal)[N]) {
    set(parse_decimal<T>(decimal));
  }
  void set(std::string_view decimal) { set(parse_decimal<T>(decimal)); }

  // Names the node (unique within the graph), for Graph::operator[] and the tape's tools.
  Value& named(std::string name) {
    state().name(node_, std::move(name));
    return *this;
  }
  std::string_view name() const { return state().tape.name(node_); }
  NodeIndex node() const { return node_; }
  Graph<T> graph() const { return Graph<T>(state_); }
  bool is_leaf() const { return state().tape.op(node_) == Op::Input; }

  friend Value operator+(const Value& a, const Value& b) { return a.join(Op::Add, b); }
  friend Value operator-(const Value& a, const Value& b) { return a.join(Op::Subtract, b); }
  friend Value operator*(const Value& a, const Value& b) { return a.join(Op::Multiply, b); }
  friend Value operator/(const Value& a, const Value& b) { return a.join(Op::Divide, b); }
  friend Value operator+(const Value& a, const T& c) { return a + a.constant(c); }
  friend Value operator-(const Value& a, const T& c) { return a - a.constant(c); }
  friend Value operator*(const Value& a, const T& c) { return a * a.constant(c); }
  friend Value operator/(const Value& a, const T& c) { return a / a.constant(c); }
  friend Value operator+(const T& c, const Value& a) { return a.constant(c) + a; }
  friend Value operator-(const T& c, const Value& a) { return a.constant(c) - a; }
  friend Value operator*(const T& c, const Value& a) { return a.constant(c) * a; }
  friend Value operator/(const T& c, const Value& a) { return a.constant(c) / a; }
  friend Value operator-(const Value& a) { return a.unary(Op::Negate); }
  // Compound assignment makes a new node and points this handle at it, as micrograd does.
  Value& operator+=(const Value& b) { return *this = *this + b; }
  Value& operator-=(const Value& b) { return *this = *this - b; }
  Value& operator*=(const Value& b) { return *this = *this * b; }
  Value& operator/=(const Value& b) { return *this = *this / b; }

  // The op catalogue (engine/op.hpp), found by argument-dependent lookup: sigmoid(x*w + b).
  friend Value exp(const Value& a) { return a.unary(Op::Exp); }
  friend Value log(const Value& a) { return a.unary(Op::Log); }
  friend Value sqrt(const Value& a) { return a.unary(Op::Sqrt); }
  friend Value sigmoid(const Value& a) { return a.unary(Op::Sigmoid); }
  friend Value tanh(const Value& a) { return a.unary(Op::Tanh); }
  friend Value relu(const Value& a) { return a.unary(Op::Relu); }
  friend Value abs(const Value& a) { return a.unary(Op::Abs); }
  friend Value sin(const Value& a) { return a.unary(Op::Sin); }
  friend Value cos(const Value& a) { return a.unary(Op::Cos); }
  friend Value step(const Value& a) { return a.unary(Op::Step); }
  friend Value sign(const Value& a) { return a.unary(Op::Sign); }
  friend Value copy(const Value& a) { return a.unary(Op::Copy); }  // a node of its own
  // Any one-operand op of the catalogue (engine/op.hpp), named or not above.
  friend Value apply(Op op, const Value& a) { return a.unary(op); }
  // a^c for a constant c (any base c allows), and a^b for a node b (a must be positive).
  friend Value pow(const Value& a, const T& c) { return a.join(Op::PowerConstant, a.constant(c)); }
  friend Value pow(const Value& a, const Value& b) { return a.join(Op::Power, b); }

  // At the working precision of T (significant_digits<T>()).
  friend std::ostream& operator<<(std::ostream& out, const Value& a) {
    return out << to_decimal(a.value(), significant_digits<T>());
  }

 private:
  friend class Graph<T>;
  friend class Gradient<T>;
  Value(std::shared_ptr<detail::GraphState<T>> state, NodeIndex node)
      : state_(std::move(state)), node_(node) {}

  detail::GraphState<T>& state() const {
    if (!state_) throw std::logic_error("a Value that belongs to no graph");
    return *state_;
  }
  Value unary(Op op) const { return Value(state_, state().apply(op, node_, kNoNode)); }
  Value join(Op op, const Value& b) const {
    if (b.state_ != state_) throw std::invalid_argument("an op on Values of two different graphs");
    return Value(state_, state().apply(op, node_, b.node_));
  }
  Value constant(const T& c) const { return Value(state_, state().tape.constant(c)); }

  std::shared_ptr<detail::GraphState<T>> state_;
  NodeIndex node_ = kNoNode;
};

// d(of)/d(every node), from one reverse sweep at the leaf values of the time it was taken: a
// result, like a returned vector, that later set() calls do not change.
template <class T>
class Gradient {
 public:
  // d(of)/d(wrt): 0 for a node `of` does not depend on.
  const T& operator[](const Value<T>& wrt) const {
    check(wrt);
    return sweep_[wrt.node_];
  }
  bool depends_on(const Value<T>& wrt) const {
    check(wrt);
    return sweep_.depends_on(wrt.node_);
  }
  const Sensitivities<T>& sensitivities() const { return sweep_; }  // by node index

 private:
  friend class Graph<T>;
  Gradient(const detail::GraphState<T>* graph, Sensitivities<T> sweep)
      : graph_(graph), sweep_(std::move(sweep)) {}
  void check(const Value<T>& wrt) const {
    if (wrt.state_.get() != graph_)
      throw std::invalid_argument("a gradient asked about a Value of another graph");
  }
  const detail::GraphState<T>* graph_;
  Sensitivities<T> sweep_;
};

template <class T>
class Graph {
 public:
  Graph() : state_(std::make_shared<detail::GraphState<T>>()) {}

  // Leaves: named (the name is optional) and set later with Value::set.
  Value<T> input(std::string name, const T& value) {
    return named(state_->tape.input(value), name);
  }
  template <std::size_t N>  // a literal: "0.03"; input("x", 0) stays the number 0
  Value<T> input(std::string name, const char (&decimal)[N]) {
    return input(std::move(name), parse_decimal<T>(decimal));
  }
  Value<T> input(std::string name, std::string_view decimal) {
    return input(std::move(name), parse_decimal<T>(decimal));
  }
  Value<T> input(const T& value) { return Value<T>(state_, state_->tape.input(value)); }
  // A constant is never differentiated through and cannot be set.
  Value<T> constant(const T& value) { return Value<T>(state_, state_->tape.constant(value)); }
  template <std::size_t N>
  Value<T> constant(const char (&decimal)[N]) {
    return constant(parse_decimal<T>(decimal));
  }

  // The node of that name; throws std::out_of_range when there is none.
  Value<T> operator[](std::string_view name) const {
    auto found = state_->by_name.find(std::string(name));
    if (found == state_->by_name.end())
      throw std::out_of_range("no node of this graph is named '" + std::string(name) + "'");
    return Value<T>(state_, found->second);
  }
  // A handle to a node built on the tape directly (in edit_tape).
  Value<T> wrap(NodeIndex node) const {
    if (node >= state_->tape.size()) throw std::out_of_range("no such node in this graph");
    return Value<T>(state_, node);
  }

  // One reverse sweep from `of` at the current leaf values.
  Gradient<T> gradient(const Value<T>& of) {
    own(of);
    state_->refresh();
    return Gradient<T>(state_.get(), sweep(state_->tape, of.node_));
  }
  // d(of)/d(wrt) as a node of the graph, re-evaluated with it and differentiable again (its
  // reverse sweep is recorded as ordinary nodes: second derivatives). Needs a graph without
  // Tape::dot nodes; where the sweep cannot be recorded, the node is a plain sensitivity.
  Value<T> derivative(const Value<T>& of, const Value<T>& wrt) {
    own(of);
    own(wrt);
    state_->refresh();
    auto recorded = record_derivative(state_->tape, of.node_, wrt.node_);
    return Value<T>(state_, recorded ? *recorded : state_->tape.derivative(of.node_, wrt.node_));
  }

  // The tape, brought up to date first: for the engine's own tools (sweep into a reused
  // Sensitivities, formulas, chain-rule paths).
  const Tape<T>& tape() const {
    state_->refresh();
    return state_->tape;
  }
  // Builds or changes nodes on the tape directly, for speed: f(tape). Afterwards the whole
  // graph counts as changed, so the next read re-evaluates all of it.
  template <class F>
  decltype(auto) edit_tape(F&& f) {
    state_->refresh();
    state_->stale_from = 0;
    return std::forward<F>(f)(state_->tape);
  }
  std::size_t size() const { return state_->tape.size(); }

 private:
  friend class Value<T>;
  explicit Graph(std::shared_ptr<detail::GraphState<T>> state) : state_(std::move(state)) {}
  Value<T> named(NodeIndex node, std::string name) {
    Value<T> v(state_, node);
    if (!name.empty()) v.named(std::move(name));
    return v;
  }
  void own(const Value<T>& v) const {
    if (v.state_ != state_) throw std::invalid_argument("a Value of another graph");
  }
  std::shared_ptr<detail::GraphState<T>> state_;
};

template <class T>
void Value<T>::set(const T& value) {
  if (!is_leaf())
    throw std::invalid_argument("only an input can be set, and " + state().describe(node_) +
                                " is " + (state().tape.is_leaf(node_) ? "a constant" : "computed"));
  state().tape.set_value(node_, value);
  state().stale_from = std::min(state().stale_from, node_);
}

// One reverse sweep from `of`, in its own graph: gradient(out)[w] is d(out)/dw.
template <class T>
Gradient<T> gradient(const Value<T>& of) {
  return of.graph().gradient(of);
}
// d(of)/d(wrt) as a Value that can be differentiated again: see Graph::derivative.
template <class T>
Value<T> derivative(const Value<T>& of, const Value<T>& wrt) {
  return of.graph().derivative(of, wrt);
}

}  // namespace chainrule::engine
