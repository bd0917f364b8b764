// engine/node_arrays.hpp: the tape's storage (three arrays with one length) and the shape a graph
// rebuilt into a cleared tape keeps only while every node is the one that was there before.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

#include "bench/workload.hpp"
#include "engine/node_arrays.hpp"
#include "engine/tape.hpp"

using namespace chainrule::engine;
using chainrule::engine::detail::NodeArrays;

namespace {

// A value that counts how many of its kind are alive, to see that the arrays construct each
// value once and destroy it once, through growth, copies, moves and clear().
struct Counted {
  static inline int alive = 0;
  int v = 0;
  explicit Counted(int value) : v(value) { ++alive; }
  Counted(const Counted& other) : v(other.v) { ++alive; }
  Counted(Counted&& other) noexcept : v(other.v) { ++alive; }
  Counted& operator=(const Counted&) = default;
  Counted& operator=(Counted&&) noexcept = default;
  ~Counted() { --alive; }
};

}  // namespace

TEST_CASE("node arrays keep every node through growth, copies and moves, and destroy each once") {
  REQUIRE(Counted::alive == 0);
  {
    NodeArrays<Counted> nodes;
    // 1,000 nodes: past the first capacity (64) four times over.
    for (int k = 0; k < 1000; ++k)
      CHECK(nodes.append(k % 2 == 0 ? Op::Add : Op::Multiply, NodeIndex(k), NodeIndex(2 * k),
                         Counted(k)) == NodeIndex(k));
    CHECK(nodes.size() == 1000);
    CHECK(Counted::alive == 1000);
    const NodeArrays<Counted> copy = nodes;
    CHECK(Counted::alive == 2000);
    NodeArrays<Counted> moved = std::move(nodes);
    CHECK(Counted::alive == 2000);
    CHECK(nodes.size() == 0);  // NOLINT(bugprone-use-after-move): a moved-from tape is empty
    for (NodeIndex k : {0u, 63u, 64u, 999u}) {
      CAPTURE(k);
      CHECK(copy.value(k).v == int(k));
      CHECK(moved.value(k).v == int(k));
      CHECK(moved.op(k) == (k % 2 == 0 ? Op::Add : Op::Multiply));
      CHECK(moved.operand_pair(k)[0] == k);
      CHECK(moved.operand_pair(k)[1] == 2 * k);
    }
    moved.clear();
    CHECK(Counted::alive == 1000);
    moved.append(Op::Input, kNoNode, kNoNode, Counted(7));
    CHECK(moved.value(0).v == 7);
    moved = copy;
    CHECK(moved.size() == 1000);
    CHECK(Counted::alive == 2000);
    NodeArrays<Counted>& same = moved;  // assigned to itself: unchanged
    moved = same;
    moved = std::move(same);
    CHECK(moved.size() == 1000);
    CHECK(moved.value(999).v == 999);
    CHECK(Counted::alive == 2000);
  }
  CHECK(Counted::alive == 0);
}

TEST_CASE("a graph rebuilt node for node into a cleared tape keeps its shape, any other does not") {
  // x·y + x, at values that change from build to build.
  const auto build = [](Tape<double>& t, double x0, Op top) {
    const NodeIndex x = t.input(x0), y = t.input(3.0);
    return t.apply(top, t.apply(Op::Multiply, x, y), x);
  };
  Tape<double> t;
  build(t, 2.0, Op::Add);
  const std::uint64_t shape = t.shape_id();
  t.clear();
  const NodeIndex E = build(t, 5.0, Op::Add);
  CHECK(t.shape_id() == shape);
  CHECK(t.value(E) == 20.0);  // 5·3 + 5: the new values, not the old
  // Another op on the same operands is another graph.
  t.clear();
  build(t, 5.0, Op::Subtract);
  CHECK(t.shape_id() != shape);
  const std::uint64_t subtracting = t.shape_id();
  // Other operands: x·x + x.
  t.clear();
  const NodeIndex x = t.input(1.0);
  t.input(3.0);
  t.apply(Op::Add, t.apply(Op::Multiply, x, x), x);
  CHECK(t.shape_id() != subtracting);
  // A prefix of the graph before, then a node where none was: appending keeps a shape.
  const std::uint64_t squaring = t.shape_id();
  t.clear();
  t.input(1.0);
  t.input(3.0);
  CHECK(t.shape_id() == squaring);
  t.clear();
  t.input(1.0);
  t.input(3.0);
  t.apply(Op::Multiply, 0, 0);
  t.apply(Op::Add, 2, 0);
  t.apply(Op::Sigmoid, 3);  // node 4, new
  CHECK(t.shape_id() == squaring);
  // Growing the arrays between clear() and the rebuild keeps what the rebuild is compared with.
  t.clear();
  t.reserve(100000);
  t.input(1.0);
  t.input(3.0);
  t.apply(Op::Multiply, 0, 0);
  CHECK(t.shape_id() == squaring);
  t.apply(Op::Add, 2, 1);  // x·x + y where x·x + x was
  CHECK(t.shape_id() != squaring);
}

TEST_CASE("a derivative node rebuilt at an index below the old length counts as another node") {
  // Whether it has a recorded sweep lies outside the arrays, as a Dot node's operands do.
  Tape<double> t;
  NodeIndex x = t.input(3.0);
  NodeIndex y = t.apply(Op::Multiply, x, x);
  t.derivative(y, x);
  const std::uint64_t shape = t.shape_id();
  t.clear();
  x = t.input(3.0);
  y = t.apply(Op::Multiply, x, x);
  CHECK(t.shape_id() == shape);
  const NodeIndex dydx = t.derivative(y, x);
  CHECK(t.shape_id() != shape);
  CHECK(t.value(dydx) == 6.0);  // d(x²)/dx = 2x at x = 3
}

TEST_CASE("a moved-from tape is empty and can be built on again") {
  // x = 2, y = x²: d(y)/d(x) = 2x = 4 as a derivative node, whose sweep from y the tape keeps.
  Tape<double> t;
  NodeIndex x = t.input(2.0);
  NodeIndex y = t.apply(Op::Multiply, x, x);
  t.derivative(y, x);
  Tape<double> moved = std::move(t);
  CHECK(moved.size() == 3);
  CHECK(moved.value(2) == 4.0);
  CHECK(moved.has_derivative_nodes());
  // NOLINTBEGIN(bugprone-use-after-move): what a moved-from tape is, is the point
  CHECK(t.size() == 0);
  CHECK_FALSE(t.has_derivative_nodes());
  // The same node numbers again, at x = 3: the sweep kept from y before the move must not be
  // read (its adjoints went with the move); d(x²)/dx = 6.
  x = t.input(3.0);
  y = t.apply(Op::Multiply, x, x);
  CHECK(t.value(t.derivative(y, x)) == 6.0);
  Tape<double> assigned;
  assigned.input(1.0);
  assigned = std::move(moved);
  CHECK(assigned.size() == 3);
  CHECK(assigned.value(2) == 4.0);
  CHECK(moved.size() == 0);
  const NodeIndex five = moved.input(5.0);
  const NodeIndex square = moved.apply(Op::Multiply, five, five);
  CHECK(moved.value(moved.derivative(square, five)) == 10.0);  // 2x at x = 5
  // NOLINTEND(bugprone-use-after-move)
}

TEST_CASE("a Dot node rebuilt at an index below the old length counts as another node") {
  // Its operand list lies outside the arrays: Σ w·x over other nodes has the same op and the same
  // pair (offset, bias) as before, so only the rule keeps the shape honest.
  Tape<double> t;
  const NodeIndex a = t.input(1.0), b = t.input(2.0), c = t.input(3.0);
  t.dot(std::vector<NodeIndex>{a}, std::vector<NodeIndex>{b});
  const std::uint64_t shape = t.shape_id();
  t.clear();
  t.input(1.0);
  t.input(2.0);
  t.input(3.0);
  const NodeIndex d = t.dot(std::vector<NodeIndex>{a}, std::vector<NodeIndex>{c});
  CHECK(t.shape_id() != shape);
  CHECK(t.value(d) == 3.0);  // 1·3
  const Sensitivities<double> s = sweep(t, d);
  CHECK(s[a] == 3.0);
  CHECK(s[c] == 1.0);
  CHECK(s[b] == 0.0);
  CHECK_FALSE(s.depends_on(b));
}

TEST_CASE("sweeping a rebuilt graph by the plan of its first build gives a new tape's gradient") {
  using namespace chainrule::bench;
  const Workload w = make_workload({3, 4, 2}, 5);
  const Numbers<double> data(w);
  // Other parameter values for the first build: every one 0.25.
  const std::vector<double> elsewhere(data.parameters.size(), 0.25);
  EngineGraph<double> rebuilt, fresh;
  Sensitivities<double> s_rebuilt, s_fresh;
  std::vector<double> g_rebuilt(elsewhere.size()), g_fresh(elsewhere.size());
  build_graph<double>(w, elsewhere, data, rebuilt);
  engine_gradient<double>(rebuilt, s_rebuilt, g_rebuilt);
  engine_gradient<double>(rebuilt, s_rebuilt, g_rebuilt);  // the second sweep makes the plan
  const std::uint64_t shape = rebuilt.tape.shape_id();
  rebuilt.tape.clear();
  build_graph<double>(w, data.parameters, data, rebuilt);
  REQUIRE(rebuilt.tape.shape_id() == shape);
  build_graph<double>(w, data.parameters, data, fresh);
  const Outcome<double> r = engine_gradient<double>(rebuilt, s_rebuilt, g_rebuilt);
  CHECK(s_rebuilt.plan.shape == shape);  // swept by the first build's plan, not a new one
  const Outcome<double> f = engine_gradient<double>(fresh, s_fresh, g_fresh);
  // The plan sweeps in another order of loops, not of operations: bit for bit a new tape's.
  CHECK(r.loss == f.loss);
  CHECK(g_rebuilt == g_fresh);
  // And both are the gradient: hand-written backprop, the independent reference, sums the rows
  // in the other order, so it agrees to rounding.
  HandBackprop<double> hand(w, data);
  std::vector<double> by_hand(elsewhere.size());
  const Outcome<double> h = hand.gradient(data.parameters, by_hand);
  CHECK(relative_difference(r.loss, h.loss) < 1e-14);
  for (std::size_t k = 0; k < by_hand.size(); ++k) {
    CAPTURE(k);
    CHECK(std::abs(g_rebuilt[k] - by_hand[k]) <= 1e-14 * (1 + std::abs(by_hand[k])));
  }
}
