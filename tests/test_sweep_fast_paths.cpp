// The fast paths of evaluate() and sweep() (engine/tape_impl.hpp, engine/sweep_impl.hpp): the
// plain sweep taken without barrier and derivative nodes, and the step that handles a product
// with the add summing it, must give bit for bit what the general loops give, including the
// marks of what `of` depends on and the first node whose value is not finite; a sweep that
// reuses the marks of the one before must reuse them only for a tape of the same shape.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/number.hpp"
#include "engine/op.hpp"
#include "engine/tape.hpp"
#include "precision.hpp"

using namespace chainrule::engine;
using chainrule::testing::Precision;

namespace {

// Every shape the fast paths treat specially: z + w·x with the product just below the add, an
// add of the product with itself, x·x, x − x, the other inline ops, an op-table op, a Dot node,
// and nodes `of` does not depend on (one of them with an infinite partial).
template <class T>
struct Graph {
  Tape<T> tape;
  NodeIndex x, y, w, of, unused_log;
};

template <class T>
Graph<T> make_graph() {
  Graph<T> g;
  Tape<T>& t = g.tape;
  g.x = t.input(T(0.5));
  g.y = t.input(T(0.75));
  g.w = t.input(T(0.25));
  const NodeIndex zero = t.constant(T(0));
  g.unused_log = t.apply(Op::Log, zero);  // log 0: not finite, and nothing below `of` uses it
  const NodeIndex wx = t.apply(Op::Multiply, g.w, g.x);
  const NodeIndex yx = t.apply(Op::Multiply, g.y, g.x);
  const NodeIndex s = t.apply(Op::Add, wx, yx);  // fused pair
  const NodeIndex ss = t.apply(Op::Multiply, s, s);
  const NodeIndex twice = t.apply(Op::Add, ss, ss);  // fused, both operands the product
  const NodeIndex none = t.apply(Op::Subtract, twice, twice);
  const NodeIndex neg = t.apply(Op::Negate, t.apply(Op::Sigmoid, twice));
  const NodeIndex copy = t.apply(Op::Copy, neg);
  const std::vector<NodeIndex> weights = {g.w, g.y}, inputs = {copy, s};
  const NodeIndex dot = t.dot(weights, inputs, none);
  const NodeIndex logged = t.apply(Op::Log, t.apply(Op::Add, dot, t.constant(T(3))));
  t.apply(Op::Multiply, g.x, g.y);  // above `of`: not swept
  g.of = t.apply(Op::Subtract, logged, t.apply(Op::Multiply, s, g.x));
  return g;
}

template <class T>
void check_same_sweeps(const Tape<T>& tape, NodeIndex of) {
  Sensitivities<T> plain, general;
  sweep(tape, of, plain);
  const std::vector<std::uint8_t> no_barrier(tape.size(), 0);
  sweep(tape, of, general, no_barrier);  // a barrier, even of zeros, takes the general loop
  REQUIRE(plain.adjoint.size() == general.adjoint.size());
  for (NodeIndex i = 0; i <= of; ++i) {
    CAPTURE(i);
    CHECK(plain.adjoint[i] == general.adjoint[i]);
    CHECK(plain.flags[i] == general.flags[i]);
  }
  CHECK(plain.nonfinite_partial == general.nonfinite_partial);
}

// Sums of products as a network and a derivation file make them, with every way a chain of
// them can start, end or be broken: chains with and without their first product alone below
// them, a chain whose bottom add sums something else, a product or a partial sum used twice,
// a product of a chain node, x·x, and a chain the seed does not reach.
template <class T>
Graph<T> make_chains() {
  Graph<T> g;
  Tape<T>& t = g.tape;
  g.x = t.input(T(0.5));
  g.y = t.input(T(-0.75));
  g.w = t.input(T(0.25));
  g.unused_log = t.apply(Op::Log, t.constant(T(0)));  // node 4, as in make_graph
  const NodeIndex bias = t.input(T(0.125));
  const auto sum = [&](NodeIndex start, std::vector<NodeIndex> terms) {
    NodeIndex z = start;
    for (std::size_t k = 0; k < terms.size(); k += 2) {
      const NodeIndex p = t.apply(Op::Multiply, terms[k], terms[k + 1]);
      z = z == kNoNode ? p : t.apply(Op::Add, z, p);
    }
    return z;
  };
  const NodeIndex n1 =
      t.apply(Op::Sigmoid, t.apply(Op::Add, sum(kNoNode, {g.w, g.x, g.y, g.x, g.w, g.y}), bias));
  const NodeIndex n2 = sum(bias, {g.x, n1, g.y, n1, n1, n1});  // bottom add sums the bias
  const NodeIndex n3 = sum(n2, {g.w, g.x});                    // one pair, n2 below it
  const NodeIndex shared = t.apply(Op::Multiply, n3, g.y);
  const NodeIndex n4 = t.apply(Op::Add, t.apply(Op::Add, shared, shared), shared);
  const NodeIndex partial = sum(kNoNode, {g.x, g.y, g.w, g.w});
  const NodeIndex n5 = sum(partial, {partial, g.x, g.y, g.w});  // a chain node in a product
  sum(kNoNode, {g.x, g.y, g.y, g.w, g.w, g.x});                 // not reached
  const NodeIndex n6 = t.apply(Op::Sigmoid, sum(kNoNode, {n4, n5, n1, n2, n3, n4}));
  g.of = sum(n6, {n6, g.x, n1, n6});
  t.apply(Op::Multiply, g.of, g.x);  // above `of`
  return g;
}

}  // namespace

TEST_CASE_TEMPLATE("a sweep by the plan of the shape gives the general sweep's adjoints", T, double,
                   Real) {
  Precision precision(50);
  for (Graph<T> g : {make_graph<T>(), make_chains<T>()}) {
    Sensitivities<T> planned;
    for (const double x : {0.5, 0.125, -3.0}) {  // marks, then makes the plan, then reuses it
      CAPTURE(x);
      g.tape.set_value(g.x, T(x));
      REQUIRE_FALSE(g.tape.evaluate(5));  // from node 5 on, past log 0 (node 4, never finite)
      sweep(g.tape, g.of, planned);
      Sensitivities<T> general;
      const std::vector<std::uint8_t> no_barrier(g.tape.size(), 0);
      sweep(g.tape, g.of, general, no_barrier);
      for (NodeIndex i = 0; i <= g.of; ++i) {
        CAPTURE(i);
        CHECK(planned.adjoint[i] == general.adjoint[i]);
        CHECK(planned.flags[i] == general.flags[i]);
      }
    }
    check_same_sweeps(g.tape, g.of);
    const auto& runs = planned.plan.runs;  // MPFR numbers are planned too
    CHECK(std::any_of(runs.begin(), runs.end(), [](const auto& r) { return r.pairs != 0; }));
  }
}

TEST_CASE("a planned MPFR sweep gives the general sweep's adjoints when precisions differ") {
  // Values at one precision, adjoints at another (a tape built, then swept after the working
  // digits changed): a chain's adjoints are its consumers' at the adjoints' precision, and each
  // product's operands are seeded with the product's own adjoint, as the general sweep does.
  for (const std::pair<int, int>& digits : {std::pair{50, 100}, std::pair{100, 50}}) {
    const int tape_digits = digits.first;  // not a structured binding: CAPTURE takes it
    CAPTURE(tape_digits);
    Graph<Real> g = [tape_digits] {
      Precision precision(tape_digits);
      return make_chains<Real>();
    }();
    Precision precision(digits.second);
    Sensitivities<Real> planned;
    for (const double x : {0.5, 0.125, -3.0}) {  // marks, then makes the plan, then reuses it
      CAPTURE(x);
      g.tape.set_value(g.x, Real(x));
      REQUIRE_FALSE(g.tape.evaluate(5));
      sweep(g.tape, g.of, planned);
      Sensitivities<Real> general;
      sweep(g.tape, g.of, general, std::vector<std::uint8_t>(g.tape.size(), 0));
      for (NodeIndex i = 0; i <= g.of; ++i) {
        CAPTURE(i);
        CHECK(planned.adjoint[i] == general.adjoint[i]);
        CHECK(mpfr_get_prec(planned.adjoint[i].backend().data()) ==
              mpfr_get_prec(general.adjoint[i].backend().data()));
      }
    }
    const auto& runs = planned.plan.runs;
    CHECK(std::any_of(runs.begin(), runs.end(), [](const auto& r) { return r.pairs != 0; }));
  }
}

TEST_CASE_TEMPLATE("the plain sweep gives the general sweep's adjoints and marks, bit for bit", T,
                   double, Real) {
  Precision precision(50);
  Graph<T> g = make_graph<T>();
  check_same_sweeps(g.tape, g.of);
  Sensitivities<T> s;
  sweep(g.tape, g.of, s);
  CHECK_FALSE(s.depends_on(g.unused_log));
  CHECK(s.depends_on(g.w));
  // A fused pair alone: s = w·x + y·x, so ds/dx = w + y = 1 and ds/dw = x = 0.5, ds/dy = 0.5
  // (dyadic numbers: exact in every type).
  Tape<T> t;
  const NodeIndex x = t.input(T(0.5)), y = t.input(T(0.75)), w = t.input(T(0.25));
  const NodeIndex sum = t.apply(Op::Add, t.apply(Op::Multiply, w, x), t.apply(Op::Multiply, y, x));
  const Sensitivities<T> d = sweep(t, sum);
  CHECK(d[x] == T(1));
  CHECK(d[w] == T(0.5));
  CHECK(d[y] == T(0.5));
  check_same_sweeps(t, sum);
}

TEST_CASE("evaluate() with the multiply-add step gives evaluate_nodes' values and errors") {
  Graph<double> g = make_graph<double>();
  g.tape.set_value(g.x, 0.125);
  g.tape.set_value(g.w, -2.5);
  Tape<double> reference = g.tape;
  std::vector<NodeIndex> all;
  for (NodeIndex i = 0; i < g.tape.size(); ++i) all.push_back(i);
  // From node 5 on, past log 0 (node 4, not finite): every value is finite, no error.
  const auto fast = g.tape.evaluate(5);
  const auto slow = reference.evaluate_nodes(std::span<const NodeIndex>(all).subspan(5));
  CHECK_FALSE(fast);
  CHECK_FALSE(slow);
  for (NodeIndex i = 0; i < g.tape.size(); ++i) {
    CAPTURE(i);
    CHECK(g.tape.value(i) == reference.value(i));
  }
  // The overflowing product of a fused pair, then its add: the failing node is the one named,
  // and the nodes above it keep their old values.
  for (const double big : {1e200, 1e308}) {
    Tape<double> t;
    const NodeIndex a = t.input(1.0), b = t.input(1.0), c = t.input(1.0);
    const NodeIndex product = t.apply(Op::Multiply, a, b);
    const NodeIndex sum = t.apply(Op::Add, c, product);
    const NodeIndex after = t.apply(Op::Multiply, sum, c);
    t.set_value(a, big);
    t.set_value(b, big == 1e200 ? big : 1.0);  // 1e400 overflows; 1e308 + 1e308 only in the add
    t.set_value(c, big == 1e200 ? 1.0 : big);
    const auto error = t.evaluate();
    REQUIRE(error);
    CHECK(error->node == (big == 1e200 ? product : sum));
    CHECK(t.value(after) == 2.0);  // (1 + 1·1)·1 when built, not recomputed after the error
  }
}

namespace {

// Node values equal, or both NaN.
void check_same_values(const Tape<double>& t, const Tape<double>& reference) {
  for (NodeIndex i = 0; i < t.size(); ++i) {
    CAPTURE(i);
    const double a = t.value(i), b = reference.value(i);
    CHECK((a == b || (std::isnan(a) && std::isnan(b))));
  }
}

// z = w0·x0 + w1·x1 + … + w4·x4 + c, then z·c, with the x's in order (their indices go up in
// equal steps, so evaluate() does not read them from the tape) or not.
Tape<double> chain_of_products(const std::vector<std::size_t>& order, std::vector<NodeIndex>& w,
                               std::vector<NodeIndex>& x) {
  Tape<double> t;
  for (int n = 0; n < 5; ++n) {
    w.push_back(t.input(1.0));
    x.push_back(t.input(0.5));
  }
  std::vector<NodeIndex> ordered;
  for (std::size_t n : order) ordered.push_back(x[n]);
  x = ordered;
  const NodeIndex c = t.input(2.0);
  NodeIndex z = t.apply(Op::Multiply, w[0], x[0]);
  for (std::size_t n = 1; n < 5; ++n) z = t.apply(Op::Add, z, t.apply(Op::Multiply, w[n], x[n]));
  z = t.apply(Op::Add, z, c);
  t.apply(Op::Multiply, z, c);
  return t;
}

}  // namespace

TEST_CASE("evaluate() along a chain of sums of products stops where evaluate_nodes() stops") {
  // Each product or partial sum in turn made to overflow (or to be NaN), and the values of
  // every node compared, those above the failing one included (they keep the values they were
  // built with); then evaluated from a node inside the chain.
  const std::vector<std::vector<std::size_t>> orders = {{0, 1, 2, 3, 4}, {0, 2, 1, 4, 3}};
  for (const auto& order : orders) {
    for (std::size_t k = 0; k < 5; ++k) {
      for (const int how : {0, 1, 2}) {  // the product overflows; the sum does; inf − inf
        CAPTURE(order[1]);
        CAPTURE(k);
        CAPTURE(how);
        std::vector<NodeIndex> w, x;
        Tape<double> t = chain_of_products(order, w, x);
        if (how == 0) {
          t.set_value(w[k], 1e300);
          t.set_value(x[k], 1e300);
        } else {
          t.set_value(w[k], how == 1 ? 1.5e308 : -1e300);
          t.set_value(x[k], how == 1 ? 1.0 : 1e300);
          if (how == 2 && k > 0) {  // a product that is +inf below, so that the sum is NaN
            t.set_value(w[k - 1], 1e300);
            t.set_value(x[k - 1], 1e300);
          }
          if (how == 1 && k > 0) t.set_value(w[k - 1], 1.5e308);
        }
        Tape<double> reference = t;
        std::vector<NodeIndex> all;
        for (NodeIndex i = 0; i < t.size(); ++i) all.push_back(i);
        const auto fast = t.evaluate();
        const auto slow = reference.evaluate_nodes(all);
        REQUIRE(fast);
        REQUIRE(slow);
        CHECK(fast->node == slow->node);
        check_same_values(t, reference);
        const NodeIndex middle = 15;  // the add of w1·x1's pair
        const auto from_middle = t.evaluate(middle);
        const auto slow_middle =
            reference.evaluate_nodes(std::span<const NodeIndex>(all).subspan(middle));
        CHECK(bool(from_middle) == bool(slow_middle));
        check_same_values(t, reference);
      }
    }
  }
}

TEST_CASE_TEMPLATE("a sweep into the same Sensitivities reuses the marks only for the same shape",
                   T, double, Real) {
  Precision precision(50);
  Graph<T> g = make_graph<T>();
  Sensitivities<T> fresh, reused;
  sweep(g.tape, g.of, reused);  // marks the nodes of reaches
  g.tape.set_value(g.x, T(0.125));
  REQUIRE_FALSE(g.tape.evaluate(5));  // from node 5 on, past log 0 (node 4, never finite)
  sweep(g.tape, g.of, reused);        // keeps them: same tape, same seed
  sweep(g.tape, g.of, fresh);
  for (NodeIndex i = 0; i <= g.of; ++i) {
    CAPTURE(i);
    CHECK(reused.adjoint[i] == fresh.adjoint[i]);
    CHECK(reused.flags[i] == fresh.flags[i]);
  }
  CHECK_FALSE(reused.depends_on(g.unused_log));
  // Nodes appended above `of` change nothing below it: still the same marks.
  g.tape.apply(Op::Multiply, g.of, g.of);
  sweep(g.tape, g.of, reused);
  CHECK_FALSE(reused.depends_on(g.unused_log));
  CHECK(reused.depends_on(g.w));
  // The same size and seed, another shape: after clear(), E = x·y with w unused, so the marks of
  // the old graph (w reached) must not survive; dE/dx = y = 0.75, dE/dy = x = 0.5.
  auto rebuild = [](Tape<T>& t, bool use_w) {
    t.clear();
    const NodeIndex x = t.input(T(0.5)), y = t.input(T(0.75)), w = t.input(T(0.25));
    return t.apply(Op::Multiply, use_w ? w : x, y);
  };
  Tape<T> t;
  NodeIndex E = rebuild(t, true);
  sweep(t, E, reused);
  CHECK(reused.depends_on(2));
  CHECK_FALSE(reused.depends_on(0));
  E = rebuild(t, false);
  sweep(t, E, reused);
  CHECK(reused.depends_on(0));
  CHECK_FALSE(reused.depends_on(2));
  CHECK(reused[0] == T(0.75));
  CHECK(reused[1] == T(0.5));
  CHECK(reused[2] == T(0));
  // A copy is a tape of its own: grown differently from the original, it gets its own marks.
  Tape<T> copy = t;
  const NodeIndex on_copy = copy.apply(Op::Multiply, 2, 2);  // w·w: reaches w only
  const NodeIndex on_t = t.apply(Op::Multiply, 0, 0);        // x·x: reaches x only
  REQUIRE(on_copy == on_t);
  sweep(t, on_t, reused);
  sweep(copy, on_copy, reused);
  CHECK(reused.depends_on(2));
  CHECK_FALSE(reused.depends_on(0));
  CHECK(reused[2] == T(0.5));  // d(w²)/dw = 2w = 0.5
}
